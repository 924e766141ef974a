//! The audit viewer for service leads and administrators: filter by user,
//! by record (a referral's id or reference), by action and by date; export
//! the same selection as CSV. Looking at the trail is itself audited.
//!
//! Only events inside the verified chain are shown or exported
//! (`Store::search_audit` stops at the verified head); when the trail fails
//! its check, the page says which part cannot be trusted ([`trust_notes`])
//! and the CSV carries the verified head in `x-roots-audit-verified-to`.

use askama::Template;
use axum::extract::Query;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use roots_core::audit::BreakReason;
use roots_store::audit::{AuditFilter, AuditRow, AuditTrust, Event, TrustProblem};
use serde::Deserialize;

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::layout::{ErrorItem, Layout, render};
use crate::staff::local_time;

/// Most events shown or exported at once.
const LIMIT: i64 = 1000;

#[derive(Debug, Default, Deserialize)]
pub struct AuditQuery {
    #[serde(default)]
    user: String,
    #[serde(default)]
    record: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

/// A value for a link's query string: letters, digits and `-_.@` as they
/// are, every other byte percent-encoded.
pub(crate) fn query_value(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.@".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

impl AuditQuery {
    fn query_string(&self) -> String {
        let enc = query_value;
        format!(
            "user={}&record={}&action={}&from={}&to={}",
            enc(&self.user),
            enc(&self.record),
            enc(&self.action),
            enc(&self.from),
            enc(&self.to)
        )
    }
}

/// The start of a London day typed `YYYY-MM-DD` (`next`: of the day after
/// it), or the message id saying why the date was refused. Dates are held
/// to `roots_core::dates`' range, so the day after is always there.
fn day_start(s: &str, next: bool) -> Result<Timestamp, &'static str> {
    let date = roots_core::dates::parse_iso(s).map_err(|e| match e {
        roots_core::dates::DateError::OutOfRange => "error-iso-date-out-of-range",
        _ => "staff-audit-error-date",
    })?;
    let date = if next { date.tomorrow() } else { Ok(date) };
    date.and_then(|d| d.in_tz("Europe/London"))
        .map(|z| z.timestamp())
        .map_err(|_| "error-iso-date-out-of-range")
}

/// Turns the form into a store filter; errors name the field.
async fn filter(
    ctx: &Ctx,
    q: &AuditQuery,
) -> Result<(AuditFilter, Vec<(&'static str, String)>), AppError> {
    let mut f = AuditFilter {
        service_id: Some(ctx.app.service.id.clone()),
        limit: LIMIT,
        ..Default::default()
    };
    let mut errors = Vec::new();
    // Each value through the text rule first: a control or hidden
    // character is explained on its field, never looked up.
    for (field, value) in [
        ("user", &q.user),
        ("record", &q.record),
        ("action", &q.action),
    ] {
        if let Err(e) = roots_core::text::field(field, roots_core::text::Kind::Token, value, 254) {
            errors.push((field, crate::forms::message(&ctx.tr, &e)));
        }
    }
    if !errors.is_empty() {
        return Ok((f, errors));
    }
    if !q.user.trim().is_empty() {
        match ctx.app.store.user_by_email(q.user.trim()).await {
            Ok(u) => f.user_id = Some(u.id),
            Err(roots_store::StoreError::NotFound) => {
                errors.push(("user", ctx.tr.t("staff-audit-error-user")))
            }
            Err(e) => return Err(e.into()),
        }
    }
    let record = q.record.trim();
    if !record.is_empty() {
        let service = &ctx.app.service.id;
        f.record_id = Some(
            match ctx.app.store.referral_by_reference(service, record).await {
                Ok(r) => r.summary.id,
                Err(_) => record.to_owned(),
            },
        );
    }
    if !q.action.trim().is_empty() {
        f.action = Some(q.action.trim().to_owned());
    }
    for (field, value, slot) in [("from", &q.from, &mut f.from), ("to", &q.to, &mut f.to)] {
        if value.trim().is_empty() {
            continue;
        }
        // "to" includes the whole day it names.
        match day_start(value, field == "to") {
            Ok(t) => *slot = Some(t),
            Err(message) => errors.push((field, ctx.tr.t(message))),
        }
    }
    Ok((f, errors))
}

/// The heading over [`trust_notes`].
pub fn trust_title(tr: &crate::i18n::Tr, t: &AuditTrust) -> String {
    tr.t(if t.failed() {
        "audit-trust-title"
    } else {
        "audit-trust-title-unchecked"
    })
}

/// What the reader must know about the trail's check, one sentence each, in
/// their language; empty when every row is inside the verified chain.
pub fn trust_notes(tr: &crate::i18n::Tr, t: &AuditTrust) -> Vec<String> {
    let mut notes = Vec::new();
    match &t.problem {
        None => {}
        Some(TrustProblem::NotYetChecked { next }) => {
            notes.push(tr.tn("audit-trust-not-yet", &[("next", *next)]));
        }
        Some(TrustProblem::Broken(b)) => {
            let reason = match b.reason {
                BreakReason::OutsideChain => "audit-reason-outside",
                BreakReason::Gap { .. } => "audit-reason-gap",
                BreakReason::PreviousHash => "audit-reason-previous",
                BreakReason::Contents => "audit-reason-contents",
            };
            notes.push(tr.ts(
                "audit-trust-broken",
                &[
                    ("seq", b.seq.to_string()),
                    ("reason", tr.t(reason)),
                    ("verified", t.verified.to_string()),
                ],
            ));
        }
        Some(TrustProblem::Rewritten(m)) => notes.push(tr.ts(
            "audit-trust-rewritten",
            &[
                ("seq", m.seq.to_string()),
                ("time", parse_local(&m.verified_at)),
            ],
        )),
    }
    if t.outside > 0 {
        notes.push(tr.tn("audit-trust-outside", &[("n", t.outside)]));
    }
    if t.set_aside > 0 {
        notes.push(tr.tn("audit-trust-set-aside", &[("n", t.set_aside)]));
    }
    if t.failed() {
        notes.push(tr.t("audit-trust-what-to-do"));
    }
    notes
}

pub struct EventRow {
    pub when: String,
    pub who: String,
    pub roles: String,
    pub action: String,
    pub record: String,
    pub outcome: String,
    pub request_id: String,
}

fn who(ctx: &Ctx, r: &AuditRow) -> String {
    match (&r.user_name, &r.user_email, r.event.roles.as_str()) {
        (Some(n), Some(e), _) => format!("{n} ({e})"),
        (_, _, "system") => ctx.tr.t("staff-audit-system"),
        _ => ctx.tr.t("staff-audit-anonymous"),
    }
}

#[derive(Template)]
#[template(path = "staff_audit.html")]
struct AuditPage {
    l: Layout,
    q: AuditQuery,
    user_error: Option<String>,
    /// (name, label, value, error) of the two date fields.
    dates: Vec<(&'static str, String, String, Option<String>)>,
    headers: Vec<String>,
    rows: Vec<EventRow>,
    csv_href: String,
    count: String,
    /// Why some rows are not shown, when the trail fails its check.
    trust: Vec<String>,
    trust_title: String,
    verified: String,
}

pub async fn page(ctx: Ctx, Query(q): Query<AuditQuery>) -> Result<Response, AppError> {
    let (f, errors) = filter(&ctx, &q).await?;
    let (rows, trust) = if errors.is_empty() {
        let found = ctx.app.store.search_audit(&f).await?;
        (found.rows, Some(found.trust))
    } else {
        (Vec::new(), None)
    };
    ctx.audit(Event::action("audit.view")).await?;
    let find = |name: &str| {
        errors
            .iter()
            .find(|(f, _)| *f == name)
            .map(|(_, m)| m.clone())
    };
    let mut l = Layout::new(&ctx, ctx.tr.t("staff-audit-title"));
    l.errors = errors
        .iter()
        .map(|(f, m)| ErrorItem {
            href: format!("#{f}"),
            text: m.clone(),
        })
        .collect();
    let body = render(&AuditPage {
        user_error: find("user"),
        dates: vec![
            (
                "from",
                ctx.tr.t("staff-audit-from"),
                q.from.clone(),
                find("from"),
            ),
            ("to", ctx.tr.t("staff-audit-to"), q.to.clone(), find("to")),
        ],
        headers: [
            "staff-audit-col-when",
            "staff-audit-col-who",
            "staff-audit-col-roles",
            "staff-audit-col-action",
            "staff-audit-col-record",
            "staff-audit-col-outcome",
            "staff-audit-col-request",
        ]
        .iter()
        .map(|h| ctx.tr.t(h))
        .collect(),
        count: ctx.tr.tn(
            "staff-audit-count",
            &[("n", rows.len() as i64), ("max", LIMIT)],
        ),
        rows: rows
            .iter()
            .map(|r| EventRow {
                when: parse_local(&r.event.at),
                who: who(&ctx, r),
                roles: r.event.roles.clone(),
                action: r.event.action.clone(),
                record: r.event.record_id.clone().unwrap_or_default(),
                outcome: r.event.outcome.clone(),
                request_id: r.event.request_id.clone().unwrap_or_default(),
            })
            .collect(),
        csv_href: ctx.href(&format!("/staff/audit.csv?{}", q.query_string())),
        trust: trust
            .as_ref()
            .map(|t| trust_notes(&ctx.tr, t))
            .unwrap_or_default(),
        trust_title: trust
            .as_ref()
            .map(|t| trust_title(&ctx.tr, t))
            .unwrap_or_default(),
        verified: trust
            .as_ref()
            .map(|t| ctx.tr.tn("audit-trust-verified", &[("n", t.verified)]))
            .unwrap_or_default(),
        q,
        l,
    });
    let status = if body.contains("nhsuk-error-summary") {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(ctx.html(status, body))
}

fn parse_local(at: &str) -> String {
    roots_store::parse_time(at).map_or_else(|_| at.to_owned(), local_time)
}

/// The same selection as CSV (UTC times, one event a line, with hashes).
pub async fn csv(ctx: Ctx, Query(q): Query<AuditQuery>) -> Result<Response, AppError> {
    let (f, errors) = filter(&ctx, &q).await?;
    if !errors.is_empty() {
        return page(ctx, Query(q)).await;
    }
    let found = ctx.app.store.search_audit(&f).await?;
    let (rows, trust) = (found.rows, found.trust);
    ctx.audit(Event::action("audit.export").detail(&format!("{} events", rows.len())))
        .await?;
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let io = |e: ::csv::Error| AppError::Internal(e.to_string());
    w.write_record([
        "seq",
        "at_utc",
        "user_id",
        "user_email",
        "roles",
        "action",
        "record_type",
        "record_id",
        "outcome",
        "request_id",
        "detail",
        "prev_hash",
        "hash",
    ])
    .map_err(io)?;
    for r in &rows {
        let e = &r.event;
        let seq = e.seq.to_string();
        w.write_record([
            seq.as_str(),
            &e.at,
            e.user_id.as_deref().unwrap_or(""),
            r.user_email.as_deref().unwrap_or(""),
            &e.roles,
            &e.action,
            e.record_type.as_deref().unwrap_or(""),
            e.record_id.as_deref().unwrap_or(""),
            &e.outcome,
            e.request_id.as_deref().unwrap_or(""),
            e.detail.as_deref().unwrap_or(""),
            &e.prev_hash,
            &e.hash,
        ])
        .map_err(io)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let mut res = (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"roots-audit.csv\"",
            ),
        ],
        bytes,
    )
        .into_response();
    // Every row is inside the verified chain, which reaches this event;
    // "no" when the table holds rows that are not shown.
    let h = res.headers_mut();
    h.insert("x-roots-audit-verified-to", trust.verified.into());
    h.insert(
        "x-roots-audit-whole",
        axum::http::HeaderValue::from_static(if trust.is_whole() { "yes" } else { "no" }),
    );
    Ok(res)
}
