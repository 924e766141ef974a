//! Issuing the AHP Health and Work Report and the fit note's statement as
//! documents: built from a `work_advice` entry in the language the person
//! chooses, written as tagged PDF (`roots_reports::pdf`) and kept exactly
//! as issued with an HTML version of the same content. Reissuing is the
//! next version; earlier ones stay readable. Issuing and downloading are
//! audited.
//!
//! The layout follows the sections of the published forms (see
//! `roots_core::work` for the sources) in Roots' own design: it is not a
//! copy of their artwork.

use askama::Template;
use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use roots_core::work::{Document, Fitness};
use roots_reports::pdf::{Block, Doc, render};
use roots_store::audit::Event;
use roots_store::documents::ToIssue;

use crate::clinical::{FormPairs, open_episode, posted};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::{Lang, Tr};
use crate::layout::{Layout, render as render_page};
use crate::work::{WorkAdvice, document_slug, long_date};

/// A document in `tr`'s language: its footer names it and its pages.
pub fn shell(tr: &Tr, title: String, author: String, blocks: Vec<Block>) -> Doc {
    Doc {
        footer: tr.ts("doc-footer", &[("title", title.clone())]),
        title,
        lang: match tr.lang {
            Lang::Cy => "cy".into(),
            Lang::En => "en-GB".into(),
        },
        author,
        blocks,
    }
}

/// The language a form asks for (`lang`: `cy`, else English).
pub fn chosen_lang(form: &[(String, String)]) -> Lang {
    match posted(form, "lang").as_deref() {
        Some("cy") => Lang::Cy,
        _ => Lang::En,
    }
}

/// Renders a document, keeps it as issued and goes to its page.
pub async fn issue_and_show(
    ctx: Ctx,
    episode_id: &str,
    kind: &str,
    entry_id: Option<&str>,
    lang: Lang,
    doc: &Doc,
) -> Result<Response, AppError> {
    let pdf = render(doc).map_err(|e| AppError::Internal(e.to_string()))?;
    let content = serde_json::to_value(doc).map_err(|e| AppError::Internal(e.to_string()))?;
    let (doc_id, _) = ctx
        .app
        .store
        .issue_document(
            ToIssue {
                episode_id,
                kind,
                entry_id,
                lang: if lang == Lang::Cy { "cy" } else { "en" },
                title: &doc.title,
                content: &content,
                pdf: &pdf,
            },
            &ctx.actor(),
            Timestamp::now(),
        )
        .await?;
    Ok(ctx.see_other(&format!("/staff/episodes/{episode_id}/documents/{doc_id}")))
}

/// An issued document as a list item: its link and "Title: version 1,
/// English, …".
pub fn issued_item(ctx: &Ctx, d: &roots_store::documents::Issued) -> (String, String) {
    let tr = &ctx.tr;
    (
        ctx.href(&format!(
            "/staff/episodes/{}/documents/{}",
            d.episode_id, d.id
        )),
        tr.ts(
            "doc-issued-item",
            &[
                ("title", d.title.clone()),
                ("version", d.version.to_string()),
                ("lang", tr.t(&format!("opt-language-{}", d.lang))),
                ("when", crate::staff::local_time(d.issued_at)),
            ],
        ),
    )
}

/// The document's content, in `tr`'s language.
pub fn build(tr: &Tr, person: (&str, &str), w: &WorkAdvice) -> Doc {
    let a = &w.advice;
    let doc = document_slug(a.document);
    let title = tr.t(&format!("work-{doc}-title"));
    let yes_no = |b: bool| tr.t(if b { "opt-yes_no-yes" } else { "opt-yes_no-no" });
    let fitness = match a.fitness {
        Fitness::NotFit => tr.t("work-fitness-not_fit"),
        Fitness::MayBeFit => tr.t(&format!("work-fitness-may_be_fit-{doc}")),
    };
    let two = |rows: Vec<(String, String)>| -> Vec<Vec<String>> {
        rows.into_iter().map(|(k, v)| vec![k, v]).collect()
    };
    let mut blocks = vec![
        Block::Heading1(title.clone()),
        Block::Table {
            summary: tr.t("doc-about"),
            header: vec![tr.t("doc-item"), tr.t("doc-details")],
            rows: two(vec![
                (tr.t("doc-name"), person.0.to_owned()),
                (tr.t("person-dob"), long_date(tr, person.1)),
            ]),
            widths: vec![1.0, 2.0],
            row_headers: true,
        },
        Block::Heading2(tr.t("doc-advice")),
    ];
    if let Some(c) = &a.condition {
        blocks.push(Block::Paragraph(tr.ts(
            "doc-condition",
            &[
                ("date", long_date(tr, &a.assessed_on)),
                ("condition", c.clone()),
            ],
        )));
    }
    blocks.push(Block::Paragraph(tr.t("work-fitness")));
    blocks.push(Block::Strong(fitness));
    if let Some(c) = &a.comments {
        blocks.push(Block::Heading2(tr.t("doc-comments")));
        blocks.push(Block::Paragraph(c.clone()));
    }
    blocks.push(Block::Heading2(tr.t("work-period")));
    blocks.push(Block::Paragraph(tr.ts(
        "doc-period",
        &[
            ("from", long_date(tr, &a.from)),
            ("to", long_date(tr, &a.to)),
        ],
    )));
    blocks.push(Block::Paragraph(match (a.review, &a.review_on) {
        (true, Some(on)) => tr.t1("doc-review-on", "date", long_date(tr, on)),
        (true, None) => tr.t(&format!("doc-review-{doc}")),
        (false, _) => tr.t(&format!("doc-no-review-{doc}")),
    }));
    blocks.push(Block::Heading2(tr.t("work-adjustments")));
    blocks.push(Block::Table {
        summary: tr.t("work-adjustments"),
        header: vec![tr.t("doc-adjustment"), tr.t("doc-advised")],
        rows: a
            .document
            .adjustments()
            .iter()
            .map(|x| {
                vec![
                    tr.t(&format!("work-adjustment-{}", x.as_str())),
                    yes_no(a.adjustments.contains(x)),
                ]
            })
            .collect(),
        widths: vec![3.0, 1.0],
        row_headers: true,
    });
    if a.document == Document::AhpReport && !a.difficulties.is_empty() {
        blocks.push(Block::Heading2(tr.t("work-difficulties")));
        blocks.push(Block::Table {
            summary: tr.t("work-difficulties"),
            header: vec![tr.t("doc-difficulty"), tr.t("doc-recommendation")],
            rows: a
                .difficulties
                .iter()
                .map(|(d, r)| vec![d.clone(), r.clone()])
                .collect(),
            widths: vec![1.0, 1.5],
            row_headers: true,
        });
    }
    blocks.push(Block::Heading2(tr.t("work-certifier")));
    let c = &w.certifier;
    let mut who = vec![
        (
            tr.t("work-certifier-profession"),
            tr.t(&format!("work-profession-{}", c.profession.as_str())),
        ),
        (tr.t("work-certifier-name"), c.name.clone()),
        (tr.t("work-certifier-hcpc"), c.hcpc.clone()),
    ];
    if !c.organisation.is_empty() {
        who.push((tr.t("work-certifier-organisation"), c.organisation.clone()));
    }
    if !c.contact.is_empty() {
        who.push((tr.t("work-certifier-contact"), c.contact.clone()));
    }
    who.push((tr.t("work-assessed-on"), long_date(tr, &a.assessed_on)));
    blocks.push(Block::Table {
        summary: tr.t("work-certifier"),
        header: vec![tr.t("doc-item"), tr.t("doc-details")],
        rows: two(who),
        widths: vec![1.0, 2.0],
        row_headers: true,
    });
    blocks.push(Block::Paragraph(tr.t(&format!("doc-note-{doc}"))));
    shell(tr, title, c.name.clone(), blocks)
}

/// The employer and whether the person agreed to them being contacted,
/// from the latest work assessment in the episode.
pub fn employer_of(entries: &[roots_store::episodes::Entry]) -> Option<(String, bool)> {
    let e = entries.iter().rev().find(|e| e.kind == "work_assessment")?;
    let first = |k: &str| {
        e.body
            .get(k)
            .and_then(|v| v.get(0))
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned)
    };
    let employer = first("employer")?;
    Some((employer, first("contact_consent").as_deref() == Some("yes")))
}

/// A letter to the employer setting out the recommendations (only with
/// the person's agreement: the caller checks it).
pub fn letter(tr: &Tr, person: (&str, &str), employer: &str, w: &WorkAdvice) -> Doc {
    let a = &w.advice;
    let title = tr.t("letter-title");
    let mut blocks = vec![
        Block::Heading1(title.clone()),
        Block::Paragraph(tr.t1("letter-to", "employer", employer.to_owned())),
        Block::Paragraph(tr.ts(
            "letter-about",
            &[
                ("name", person.0.to_owned()),
                ("dob", long_date(tr, person.1)),
                ("date", long_date(tr, &a.assessed_on)),
            ],
        )),
        Block::Paragraph(tr.ts(
            "letter-advice",
            &[(
                "advice",
                match a.fitness {
                    Fitness::NotFit => tr.t("letter-fitness-not_fit"),
                    Fitness::MayBeFit => tr.t("letter-fitness-may_be_fit"),
                },
            )],
        )),
        Block::Paragraph(tr.ts(
            "doc-period",
            &[
                ("from", long_date(tr, &a.from)),
                ("to", long_date(tr, &a.to)),
            ],
        )),
    ];
    if !a.adjustments.is_empty() {
        blocks.push(Block::Heading2(tr.t("letter-recommend")));
        blocks.push(Block::Bullets(
            a.adjustments
                .iter()
                .map(|x| tr.t(&format!("letter-adjustment-{}", x.as_str())))
                .collect(),
        ));
    }
    if !a.difficulties.is_empty() {
        blocks.push(Block::Heading2(tr.t("work-difficulties")));
        blocks.push(Block::Table {
            summary: tr.t("work-difficulties"),
            header: vec![tr.t("doc-difficulty"), tr.t("doc-recommendation")],
            rows: a
                .difficulties
                .iter()
                .map(|(d, r)| vec![d.clone(), r.clone()])
                .collect(),
            widths: vec![1.0, 1.5],
            row_headers: true,
        });
    }
    if let Some(c) = &a.comments {
        blocks.push(Block::Heading2(tr.t("doc-comments")));
        blocks.push(Block::Paragraph(c.clone()));
    }
    blocks.push(Block::Paragraph(tr.t("letter-agreement")));
    let c = &w.certifier;
    blocks.push(Block::Paragraph(tr.ts(
        "letter-from",
        &[
            ("name", c.name.clone()),
            (
                "profession",
                tr.t(&format!("work-profession-{}", c.profession.as_str())),
            ),
            ("hcpc", c.hcpc.clone()),
        ],
    )));
    if !c.contact.is_empty() {
        blocks.push(Block::Paragraph(c.contact.clone()));
    }
    shell(tr, title, c.name.clone(), blocks)
}

/// `POST /staff/episodes/{id}/entries/{entry}/issue`: issues the advice as
/// a document in the chosen language (`lang`: `en` or `cy`): the report
/// (or fit note statement), or with `what=letter` the letter to the
/// employer, which needs the person's recorded agreement.
pub async fn issue(
    ctx: Ctx,
    Path((id, entry)): Path<(String, String)>,
    form: FormPairs,
) -> Result<Response, AppError> {
    ctx.check_csrf(posted(&form.0, "csrf").as_deref())?;
    let ep = match open_episode(&ctx, &id).await? {
        Ok(ep) => ep,
        Err(r) => return Ok(r),
    };
    let e = ctx.app.store.entry(&id, &entry).await?;
    if e.kind != "work_advice" {
        return Err(AppError::NotFound);
    }
    let w: WorkAdvice = serde_json::from_value(e.body).map_err(|_| AppError::NotFound)?;
    let lang = chosen_lang(&form.0);
    let tr = ctx.app.locales.get(lang);
    let name = format!("{} {}", ep.person.given_name, ep.person.family_name);
    let person = (name.as_str(), ep.person.date_of_birth.as_str());
    let is_letter = posted(&form.0, "what").as_deref() == Some("letter");
    let doc = if is_letter {
        let entries = ctx.app.store.entries(&id).await?;
        match employer_of(&entries) {
            Some((employer, true)) => letter(&tr, person, &employer, &w),
            _ => {
                let l = Layout::new(&ctx, ctx.tr.t("letter-no-consent-title"))
                    .back(Some(ctx.href(&format!("/staff/episodes/{id}"))));
                let body = render_page(&crate::layout::MessagePage {
                    paragraphs: vec![ctx.tr.t("letter-no-consent")],
                    link: Some((
                        ctx.href(&format!("/staff/episodes/{id}/new/work_assessment")),
                        ctx.tr.t("entry-add-work_assessment"),
                    )),
                    l,
                });
                return Ok(ctx.html(StatusCode::CONFLICT, body));
            }
        }
    } else {
        build(&tr, person, &w)
    };
    let kind = if is_letter {
        "employer_letter"
    } else {
        document_slug(w.advice.document)
    };
    issue_and_show(ctx, &id, kind, Some(&entry), lang, &doc).await
}

#[derive(Template)]
#[template(path = "staff_document.html")]
struct DocumentPage {
    l: Layout,
    doc: Doc,
    version_text: String,
    issued_text: String,
    pdf_href: String,
    lang: String,
}

/// `GET /staff/episodes/{id}/documents/{doc}`: the HTML version of a
/// document as issued, with its PDF.
pub async fn show(
    ctx: Ctx,
    Path((id, doc_id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (d, _) = match issued(&ctx, &id, &doc_id, "document.view").await? {
        Ok(x) => x,
        Err(r) => return Ok(r),
    };
    let doc: Doc = serde_json::from_value(d.content).map_err(|_| AppError::NotFound)?;
    let tr = ctx.tr.clone();
    let l =
        Layout::new(&ctx, d.title.clone()).back(Some(ctx.href(&format!("/staff/episodes/{id}"))));
    let body = render_page(&DocumentPage {
        version_text: tr.tn("entry-version-n", &[("n", d.version)]),
        issued_text: tr.ts(
            "doc-issued",
            &[
                ("who", d.issued_by.clone()),
                ("when", crate::staff::local_time(d.issued_at)),
            ],
        ),
        pdf_href: ctx.href(&format!("/staff/episodes/{id}/documents/{doc_id}/pdf")),
        lang: doc.lang.clone(),
        doc,
        l,
    });
    Ok(ctx.html(StatusCode::OK, body))
}

/// `GET /staff/episodes/{id}/documents/{doc}/pdf`: the PDF exactly as
/// issued (audited: `document.download`).
pub async fn pdf(
    ctx: Ctx,
    Path((id, doc_id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (d, bytes) = match issued(&ctx, &id, &doc_id, "document.download").await? {
        Ok(x) => x,
        Err(r) => return Ok(r),
    };
    // The file's name says what it is, never who it is about.
    let name = format!("{}-v{}-{}.pdf", d.kind.replace('_', "-"), d.version, d.lang);
    Ok(attachment("application/pdf", &name, bytes))
}

/// An issued document of an open episode the member of staff may see,
/// with its PDF; looking is audited as `action`. `Err` is the page to
/// show instead (the episode's own refusal).
async fn issued(
    ctx: &Ctx,
    id: &str,
    doc_id: &str,
    action: &str,
) -> Result<Result<(roots_store::documents::Issued, Vec<u8>), Response>, AppError> {
    if let Err(r) = open_episode(ctx, id).await? {
        return Ok(Err(r));
    }
    let (d, bytes) = match ctx.app.store.issued_document(id, doc_id).await {
        Ok(x) => x,
        Err(roots_store::StoreError::NotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    };
    ctx.audit(
        Event::on(action, "episode", id).detail(&format!("{} version {}", d.kind, d.version)),
    )
    .await?;
    Ok(Ok((d, bytes)))
}

/// A download: its type, and a file name that names no one.
pub fn attachment(content_type: &str, name: &str, body: impl IntoResponse) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}
