//! Changing a person's contact details and preferences from their episode:
//! how to contact them, their postcode, their language and interpreter, and
//! the help they need to communicate.
//!
//! Each is one page, the same question the referral asked (so the same
//! validation and the same words in both languages), saved as a new version
//! of the person's details: every version is kept (`person_versions`), the
//! change is audited (which part, never the values), and a change based on
//! an older version is refused with what the other person saved shown
//! beside this person's answers, which are kept (409).

use askama::Template;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use jiff::Timestamp;
use roots_core::FieldError;
use roots_core::postcode::Postcode;
use roots_core::referral::{Context, Mode, ReferralInput, Step};
use roots_store::episodes::{DetailsChanged, Episode, Person};

use crate::ctx::Ctx;
use crate::episodes::scoped;
use crate::error::AppError;
use crate::forms::Widget;
use crate::forms::summary;
use crate::i18n::Tr;
use crate::layout::{Layout, render};
use crate::staff::local_time;
use crate::summary::{Row, step_row};

type FormPairs = crate::input::Pairs;

/// The pages of the referral whose answers staff can change later.
pub const EDITABLE: [Step; 4] = [
    Step::Contact,
    Step::Postcode,
    Step::Language,
    Step::Communication,
];

fn editable(slug: &str) -> Option<Step> {
    EDITABLE.iter().copied().find(|s| s.slug() == slug)
}

/// A person's details as the referral's answers (an empty set when they
/// cannot be read, so a page still opens and can put them right).
pub fn answers_of(p: &Person) -> ReferralInput {
    serde_json::from_value(p.details.clone()).unwrap_or_default()
}

/// The rows of the changeable details, each with its change link when
/// `change_base` is given.
pub fn detail_rows(tr: &Tr, details: &ReferralInput, change_base: Option<&str>) -> Vec<Row> {
    EDITABLE
        .iter()
        .filter_map(|step| {
            step_row(tr, details, &[], *step).map(|mut row| {
                row.change_href = change_base.map(|b| format!("{b}/{}", step.slug()));
                row
            })
        })
        .collect()
}

#[derive(Template)]
#[template(path = "staff_person_change.html")]
struct ChangePage {
    l: Layout,
    caption: String,
    single: bool,
    action: String,
    version: i64,
    widgets: Vec<Widget>,
    /// On a conflict: what the other person saved, for this page.
    theirs: Option<Vec<Row>>,
}

fn change_page(
    ctx: &Ctx,
    ep: &Episode,
    step: Step,
    answers: &ReferralInput,
    errors: &[FieldError],
    version: i64,
    theirs: Option<Vec<Row>>,
) -> String {
    let tr = &ctx.tr;
    let (single, widgets) = crate::questions::widgets(step, tr, answers, errors, &[]);
    let (person, episode_id) = (&ep.person, &ep.id);
    let mut l = Layout::new(ctx, tr.t(&format!("q-{}-title", step.slug())))
        .back(Some(ctx.href(&format!("/staff/episodes/{episode_id}"))));
    l.errors = summary(tr, errors);
    render(&ChangePage {
        caption: tr.t1(
            "person-change-caption",
            "name",
            format!("{} {}", person.given_name, person.family_name),
        ),
        single,
        action: ctx.href(&format!(
            "/staff/episodes/{episode_id}/person/{}",
            step.slug()
        )),
        version,
        widgets,
        theirs,
        l,
    })
}

/// `GET /staff/episodes/{id}/person/{part}`: one page of the details to
/// change, filled in with what is held now.
pub async fn change(
    ctx: Ctx,
    Path((id, part)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let ep = match scoped(&ctx, &id).await? {
        Ok(ep) => ep,
        Err(r) => return Ok(r),
    };
    let step = editable(&part).ok_or(AppError::NotFound)?;
    let body = change_page(
        &ctx,
        &ep,
        step,
        &answers_of(&ep.person),
        &[],
        ep.person.details_version,
        None,
    );
    Ok(ctx.html(StatusCode::OK, body))
}

/// `POST /staff/episodes/{id}/person/{part}`: checks the page as the
/// referral does and saves it as a new version; 422 with the answers kept
/// when something is wrong, 409 when someone else changed the details
/// first.
pub async fn change_submit(
    ctx: Ctx,
    Path((id, part)): Path<(String, String)>,
    form: FormPairs,
) -> Result<Response, AppError> {
    let posted = |name: &str| {
        form.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    ctx.check_csrf(posted("csrf"))?;
    let ep = match scoped(&ctx, &id).await? {
        Ok(ep) => ep,
        Err(r) => return Ok(r),
    };
    let step = editable(&part).ok_or(AppError::NotFound)?;
    let based_on: i64 = posted("version")
        .and_then(|v| v.parse().ok())
        .unwrap_or(ep.person.details_version);
    let mut answers = answers_of(&ep.person);
    for field in step.fields() {
        let values = form
            .0
            .iter()
            .filter(|(k, _)| k == field)
            .map(|(_, v)| v.clone())
            .collect();
        answers.set(field, values);
    }
    let rules = Context {
        today: crate::public::today(),
        practices: &[],
        mode: Mode::Staff,
    };
    let errors = answers.validate_step(step, &rules);
    if !errors.is_empty() {
        let body = change_page(&ctx, &ep, step, &answers, &errors, based_on, None);
        return Ok(ctx.html(StatusCode::UNPROCESSABLE_ENTITY, body));
    }
    let clean = answers.normalised(Mode::Staff);
    let postcode = if step == Step::Postcode {
        clean
            .postcode
            .as_deref()
            .filter(|_| clean.no_fixed_address.as_deref() != Some("yes"))
            .and_then(|p| Postcode::parse(p).ok())
            .map(|p| p.to_string())
    } else {
        ep.person.postcode.clone()
    };
    let details = serde_json::to_value(&clean).map_err(|e| AppError::Internal(e.to_string()))?;
    match ctx
        .app
        .store
        .change_person_details(
            &ctx.app.service.id,
            &ep.person.id,
            based_on,
            step.slug(),
            &details,
            postcode.as_deref(),
            &ctx.actor(),
            Timestamp::now(),
        )
        .await?
    {
        DetailsChanged::Saved(_) => Ok(ctx.see_other(&format!("/staff/episodes/{id}#person"))),
        DetailsChanged::Conflict(now) => {
            let theirs = step_row(&ctx.tr, &answers_of(&now), &[], step)
                .into_iter()
                .collect();
            let body = change_page(
                &ctx,
                &ep,
                step,
                &answers,
                &[],
                now.details_version,
                Some(theirs),
            );
            Ok(ctx.html(StatusCode::CONFLICT, body))
        }
    }
}

/// One kept version of the details, read back.
pub struct VersionView {
    pub heading: String,
    pub rows: Vec<Row>,
}

#[derive(Template)]
#[template(path = "staff_person_history.html")]
struct HistoryPage {
    l: Layout,
    versions: Vec<VersionView>,
}

/// `GET /staff/episodes/{id}/person-history`: every version of the
/// person's details, newest first.
pub async fn history(ctx: Ctx, Path(episode_id): Path<String>) -> Result<Response, AppError> {
    let ep = match scoped(&ctx, &episode_id).await? {
        Ok(ep) => ep,
        Err(r) => return Ok(r),
    };
    let person = &ep.person;
    let tr = ctx.tr.clone();
    let versions = ctx
        .app
        .store
        .person_versions(&person.id)
        .await?
        .into_iter()
        .map(|v| {
            let details: ReferralInput = serde_json::from_value(v.details).unwrap_or_default();
            let when = local_time(v.changed_at);
            let heading = match v.changed_by {
                None => tr.ts("person-version-first", &[("when", when)]),
                Some(who) => tr.ts(
                    "person-version",
                    &[
                        ("version", v.version.to_string()),
                        ("part", tr.t(&format!("person-part-{}", v.part))),
                        ("who", who),
                        ("when", when),
                    ],
                ),
            };
            VersionView {
                heading,
                rows: detail_rows(&tr, &details, None),
            }
        })
        .collect::<Vec<_>>();
    let versions = if versions.is_empty() {
        // Never changed: the referral's answers are the only version.
        vec![VersionView {
            heading: tr.ts("person-version-first", &[("when", String::new())]),
            rows: detail_rows(&tr, &answers_of(person), None),
        }]
    } else {
        versions
    };
    let l = Layout::new(
        &ctx,
        tr.t1(
            "person-history-title",
            "name",
            format!("{} {}", person.given_name, person.family_name),
        ),
    )
    .back(Some(ctx.href(&format!("/staff/episodes/{episode_id}"))));
    let body = render(&HistoryPage { versions, l });
    Ok(ctx.html(StatusCode::OK, body))
}
