//! Subject access: everything Roots holds about a person, including who has
//! looked at their record and when, as JSON and as a readable page (UK GDPR
//! Article 15): every referral of the person (the referral and any other
//! with the same NHS number), its suggested and clinician's triage, their
//! episodes with every version of every entry, break-glass openings, and
//! every recorded look at or change to any of them: only looks inside the
//! verified audit chain, with a note when the trail fails its check.

use askama::Template;
use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use roots_core::referral::Mode;
use roots_store::audit::{AuditFilter, Event};
use roots_store::{ReferralRow, Store, StoreError};
use serde::Serialize;

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::Tr;
use crate::layout::{Layout, render};
use crate::staff::local_time;
use crate::summary::{Row, summary_rows};

#[derive(Debug, Serialize)]
pub struct AccessEntry {
    /// UTC, RFC 3339.
    pub at: String,
    pub who: Option<String>,
    pub roles: String,
    pub action: String,
    pub outcome: String,
    pub referral_id: Option<String>,
}

/// A referral's triage: the rules' suggestion and every clinician's version.
#[derive(Debug, Serialize)]
pub struct TriageExport {
    pub referral_id: String,
    pub suggestion: Option<roots_core::triage::Decision>,
    pub versions: Vec<TriageVersion>,
    /// Signposting from triage, every version (the follow-up is one).
    pub signposts: Vec<EntryVersion>,
}

#[derive(Debug, Serialize)]
pub struct TriageVersion {
    pub version: i64,
    pub at: String,
    pub by: String,
    pub priority: String,
    pub pathways: Vec<String>,
    pub outcome: String,
    pub change_reason: Option<String>,
    pub target: Option<String>,
    pub attempts: Option<i64>,
    pub note: Option<String>,
}

/// An episode of care with every version of every entry.
#[derive(Debug, Serialize)]
pub struct EpisodeExport {
    pub id: String,
    pub referral_id: String,
    pub status: String,
    pub opened_at: String,
    pub discharged_at: Option<String>,
    pub entries: Vec<EntryVersion>,
    /// Documents issued from the episode (their content; the PDFs are
    /// available from the episode).
    pub documents: Vec<DocumentExport>,
}

#[derive(Debug, Serialize)]
pub struct DocumentExport {
    pub kind: String,
    pub version: i64,
    pub lang: String,
    pub title: String,
    pub issued_at: String,
    pub issued_by: String,
    pub content: serde_json::Value,
}

#[derive(Debug, Serialize)]
pub struct EntryVersion {
    pub entry_id: String,
    pub kind: String,
    pub version: i64,
    pub at: String,
    pub by: String,
    pub reason: Option<String>,
    pub body: serde_json::Value,
}

impl From<roots_store::episodes::Entry> for EntryVersion {
    fn from(e: roots_store::episodes::Entry) -> Self {
        EntryVersion {
            entry_id: e.entry_id,
            kind: e.kind,
            version: e.version,
            at: roots_store::time_text(e.at),
            by: e.author_name,
            reason: e.reason,
            body: e.body,
        }
    }
}

/// One version of a person's contact details and preferences.
#[derive(Debug, Serialize)]
pub struct PersonDetailsVersion {
    pub person_id: String,
    pub version: i64,
    /// The page changed, or `referral` for the first version.
    pub part: String,
    pub at: String,
    pub by: Option<String>,
    pub postcode: Option<String>,
    pub details: serde_json::Value,
}

/// A clinician opening a referral outside their practices.
#[derive(Debug, Serialize)]
pub struct BreakGlassExport {
    pub referral_id: String,
    pub at: String,
    pub by: String,
    pub reason: String,
}

#[derive(Debug, Serialize)]
pub struct SubjectAccess {
    pub generated_at: String,
    pub service: String,
    pub referrals: Vec<ReferralRow>,
    /// Each referral's suggested and clinician's triage.
    pub triage: Vec<TriageExport>,
    /// Episodes of care, every version of every entry.
    pub episodes: Vec<EpisodeExport>,
    /// Every kept version of the person's contact details, when they were
    /// changed after the referral.
    pub person_details: Vec<PersonDetailsVersion>,
    /// Openings of these referrals by clinicians outside their practices.
    pub break_glass: Vec<BreakGlassExport>,
    /// Every recorded look at, or change to, these referrals and episodes.
    pub access_log: Vec<AccessEntry>,
    /// How far the audit trail the access log comes from was verified.
    pub access_log_check: AccessLogCheck,
}

/// The access log holds only events inside the verified audit chain.
#[derive(Debug, Serialize)]
pub struct AccessLogCheck {
    /// Events numbered 1 to this are verified; no later one is listed.
    pub verified_to: i64,
    /// False when the trail holds rows that are not listed: `problems`
    /// says which.
    pub complete: bool,
    pub problems: Vec<String>,
    #[serde(skip)]
    pub trust: Option<roots_store::audit::AuditTrust>,
}

/// Gathers a person's data. `referral` is an id or a reference.
pub async fn gather(
    store: &Store,
    service: &roots_store::Service,
    referral: &str,
) -> Result<SubjectAccess, StoreError> {
    let id = match store.referral_by_reference(&service.id, referral).await {
        Ok(r) => r.summary.id,
        Err(_) => referral.to_owned(),
    };
    let referrals = store.referrals_of_person(&service.id, &id).await?;
    let t = |ts: jiff::Timestamp| roots_store::time_text(ts);
    let mut triage = Vec::new();
    let mut episodes = Vec::new();
    let mut records: Vec<String> = Vec::new();
    let openings = store.break_glass_list(&service.id, 10_000).await?;
    let mut break_glass = Vec::new();
    let mut person_details = Vec::new();
    for r in &referrals {
        let rid = r.summary.id.clone();
        records.push(rid.clone());
        let row = store.queue_row(&service.id, &rid).await?;
        triage.push(TriageExport {
            referral_id: rid.clone(),
            suggestion: row.suggestion,
            versions: store
                .triage_history(&rid)
                .await?
                .into_iter()
                .map(|v| TriageVersion {
                    version: v.version,
                    at: t(v.at),
                    by: v.user_name,
                    priority: v.priority.as_str().to_owned(),
                    pathways: v.pathways.iter().map(|p| p.as_str().to_owned()).collect(),
                    outcome: v.outcome,
                    change_reason: v.change_reason,
                    target: v.target,
                    attempts: v.attempts,
                    note: v.note,
                })
                .collect(),
            signposts: store
                .referral_signpost_versions(&rid)
                .await?
                .into_iter()
                .map(EntryVersion::from)
                .collect(),
        });
        if let Some(eid) = store.episode_of_referral(&rid).await? {
            let ep = store.episode(&service.id, &eid).await?;
            records.push(eid.clone());
            if !records.contains(&ep.person.id) {
                records.push(ep.person.id.clone());
                for v in store.person_versions(&ep.person.id).await? {
                    person_details.push(PersonDetailsVersion {
                        person_id: ep.person.id.clone(),
                        version: v.version,
                        part: v.part,
                        at: t(v.changed_at),
                        by: v.changed_by,
                        postcode: v.postcode,
                        details: v.details,
                    });
                }
            }
            episodes.push(EpisodeExport {
                id: eid.clone(),
                referral_id: rid.clone(),
                status: ep.status,
                opened_at: t(ep.opened_at),
                discharged_at: ep.discharged_at.map(t),
                entries: store
                    .all_entry_versions(&eid)
                    .await?
                    .into_iter()
                    .map(EntryVersion::from)
                    .collect(),
                documents: store
                    .issued_documents(&eid)
                    .await?
                    .into_iter()
                    .map(|d| DocumentExport {
                        kind: d.kind,
                        version: d.version,
                        lang: d.lang,
                        title: d.title,
                        issued_at: t(d.issued_at),
                        issued_by: d.issued_by,
                        content: d.content,
                    })
                    .collect(),
            });
        }
        break_glass.extend(openings.iter().filter(|b| b.referral_id == rid).map(|b| {
            BreakGlassExport {
                referral_id: rid.clone(),
                at: t(b.at),
                by: b.user_name.clone(),
                reason: b.reason.clone(),
            }
        }));
    }
    let mut access_log = Vec::new();
    let mut trust: Option<roots_store::audit::AuditTrust> = None;
    for record in &records {
        let filter = AuditFilter {
            record_id: Some(record.clone()),
            limit: 10_000,
            ..Default::default()
        };
        let found = store.search_audit(&filter).await?;
        // The narrowest verified head of the searches bounds the whole log.
        if trust
            .as_ref()
            .is_none_or(|t| found.trust.verified < t.verified)
        {
            trust = Some(found.trust.clone());
        }
        for row in found.rows.into_iter().rev() {
            access_log.push(AccessEntry {
                at: row.event.at,
                who: row.user_name,
                roles: row.event.roles,
                action: row.event.action,
                outcome: row.event.outcome,
                referral_id: row.event.record_id,
            });
        }
    }
    access_log.sort_by(|a, b| a.at.cmp(&b.at));
    let trust = match trust {
        Some(t) => t,
        None => store.audit_trust().await?,
    };
    Ok(SubjectAccess {
        access_log_check: AccessLogCheck {
            verified_to: trust.verified,
            complete: trust.is_whole(),
            problems: trust.problems(),
            trust: Some(trust),
        },
        generated_at: roots_store::time_text(jiff::Timestamp::now()),
        service: service.name.clone(),
        referrals,
        triage,
        episodes,
        person_details,
        break_glass,
        access_log,
    })
}

pub struct ReferralSection {
    pub title: String,
    pub rows: Vec<Row>,
}

#[derive(Template)]
#[template(path = "subject_access.html")]
struct SubjectAccessPage {
    l: Layout,
    sections: Vec<ReferralSection>,
    /// Triage, episode entries and break-glass openings, read back.
    more: Vec<ReferralSection>,
    log: Vec<(String, String, String, String)>,
    json_href: String,
    /// Why the access log may be incomplete, when the trail fails its check.
    trust: Vec<String>,
    trust_title: String,
}

fn sections(tr: &Tr, sa: &SubjectAccess) -> Vec<ReferralSection> {
    sa.referrals
        .iter()
        .map(|r| ReferralSection {
            title: tr.t1("staff-referral-title", "reference", &r.summary.reference),
            rows: summary_rows(
                tr,
                if r.summary.channel == "staff" {
                    Mode::Staff
                } else {
                    Mode::Public
                },
                &r.answers,
                &[],
                None,
            ),
        })
        .collect()
}

pub async fn page(ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    let sa = gather(&ctx.app.store, &ctx.app.service, &id).await?;
    ctx.audit(Event::on("subject_access.export", "referral", &id).detail("html"))
        .await?;
    let tr = &ctx.tr;
    let log = sa
        .access_log
        .iter()
        .map(|e| {
            let when = roots_store::parse_time(&e.at).map_or_else(|_| e.at.clone(), local_time);
            (
                when,
                e.who
                    .clone()
                    .unwrap_or_else(|| tr.t("staff-audit-anonymous")),
                e.action.clone(),
                e.outcome.clone(),
            )
        })
        .collect();
    let mut more = Vec::new();
    for t in &sa.triage {
        for v in &t.versions {
            more.push(ReferralSection {
                title: format!(
                    "{}: {}",
                    tr.t("triage-history"),
                    tr.tn("triage-version", &[("n", v.version)])
                ),
                rows: [
                    (
                        tr.t("triage-priority"),
                        tr.t(&format!("priority-{}", v.priority)),
                    ),
                    (
                        tr.t("triage-outcome"),
                        tr.t(&format!("outcome-{}", v.outcome)),
                    ),
                    (
                        tr.t("triage-change-reason"),
                        v.change_reason.clone().unwrap_or_default(),
                    ),
                    (tr.t("sar-by"), format!("{}, {}", v.by, v.at)),
                ]
                .into_iter()
                .map(|(k, v)| Row::plain(k, v))
                .collect(),
            });
        }
    }
    for e in &sa.episodes {
        for v in &e.entries {
            more.push(ReferralSection {
                title: format!(
                    "{} ({})",
                    tr.t(&format!("entry-kind-{}", v.kind)),
                    tr.tn("entry-version-n", &[("n", v.version)])
                ),
                rows: vec![Row::plain(v.by.clone(), format!("{} {}", v.at, v.body))],
            });
        }
    }
    for v in &sa.person_details {
        let details: roots_core::referral::ReferralInput =
            serde_json::from_value(v.details.clone()).unwrap_or_default();
        more.push(ReferralSection {
            title: format!(
                "{} ({})",
                tr.t(&format!("person-part-{}", v.part)),
                tr.tn("entry-version-n", &[("n", v.version)])
            ),
            rows: crate::person::detail_rows(tr, &details, None),
        });
    }
    for b in &sa.break_glass {
        more.push(ReferralSection {
            title: tr.t("break-glass-list-title"),
            rows: vec![Row::plain(format!("{}, {}", b.by, b.at), b.reason.clone())],
        });
    }
    let l = Layout::new(&ctx, tr.t("sar-title"))
        .back(Some(ctx.href(&format!("/staff/referrals/{id}"))));
    let body = render(&SubjectAccessPage {
        more,
        sections: sections(tr, &sa),
        log,
        json_href: ctx.href(&format!("/staff/referrals/{id}/subject-access.json")),
        trust: sa
            .access_log_check
            .trust
            .as_ref()
            .map(|t| crate::audit_pages::trust_notes(tr, t))
            .unwrap_or_default(),
        trust_title: sa
            .access_log_check
            .trust
            .as_ref()
            .map(|t| crate::audit_pages::trust_title(tr, t))
            .unwrap_or_default(),
        l,
    });
    Ok(ctx.html(StatusCode::OK, body))
}

pub async fn json(ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    let sa = gather(&ctx.app.store, &ctx.app.service, &id).await?;
    ctx.audit(Event::on("subject_access.export", "referral", &id).detail("json"))
        .await?;
    let body = serde_json::to_vec_pretty(&sa).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"subject-access.json\"",
            ),
        ],
        body,
    )
        .into_response())
}
