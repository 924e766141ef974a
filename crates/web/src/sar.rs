//! Subject access: everything Roots holds about a person, including who has
//! looked at their record and when, as JSON and as a readable page (UK GDPR
//! Article 15). Until the person record arrives, "the person" is a
//! referral and every other referral with the same NHS number.

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

#[derive(Debug, Serialize)]
pub struct SubjectAccess {
    pub generated_at: String,
    pub service: String,
    pub referrals: Vec<ReferralRow>,
    /// Every recorded look at, or change to, these referrals.
    pub access_log: Vec<AccessEntry>,
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
    let mut access_log = Vec::new();
    for r in &referrals {
        let filter = AuditFilter {
            record_id: Some(r.summary.id.clone()),
            limit: 10_000,
            ..Default::default()
        };
        for row in store.search_audit(&filter).await?.into_iter().rev() {
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
    Ok(SubjectAccess {
        generated_at: roots_store::time_text(jiff::Timestamp::now()),
        service: service.name.clone(),
        referrals,
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
    log: Vec<(String, String, String, String)>,
    json_href: String,
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
    let l = Layout::new(&ctx, tr.t("sar-title"))
        .back(Some(ctx.href(&format!("/staff/referrals/{id}"))));
    let body = render(&SubjectAccessPage {
        sections: sections(tr, &sa),
        log,
        json_href: ctx.href(&format!("/staff/referrals/{id}/subject-access.json")),
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
