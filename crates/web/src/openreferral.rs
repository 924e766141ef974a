//! The read-only Open Referral UK 3.0 API of the directory, under
//! `/openreferral`, for other directories and tools: `/` (the version
//! document), `/services` and `/services/{id}`, `/taxonomies` and
//! `/taxonomies/{id}`, `/taxonomy_terms` and `/taxonomy_terms/{id}`,
//! `/service_at_locations` and `/service_at_locations/{id}`.
//!
//! Lists are paged as the standard says (`page` from 1, `per_page`, and
//! `total_items`, `total_pages`, `page_number`, `size`, `first_page`,
//! `last_page`, `empty`, `contents`). `/services` and
//! `/service_at_locations` take the standard's filters:
//!
//! - `search`: words in the name, description or organisation;
//! - `taxonomy_term_id`, `taxonomy_id`, `organization_id`;
//! - `minimum_age`, `maximum_age`: the ages of the person or group asking;
//!   a service is listed when its own age range overlaps theirs;
//! - `day` (`MO`…`SU`), `start_time`, `end_time` (`HH:MM`): open on that
//!   day for the whole of that time;
//! - `modified_after` (a date or date-time);
//! - `postcode` with `proximity` (metres): has a place within that
//!   distance of the postcode's centre, from the imported postcode file
//!   (`roots postcodes import`); a postcode the file does not hold is a
//!   400. `postcode` alone does not filter (Roots holds service areas as
//!   names, not shapes, so coverage cannot be checked).
//!
//! Public: the directory holds no personal data, only what organisations
//! publish about themselves. Roots' own notes about a resource are not
//! shown here. The directory is read whole for each request (a service's
//! directory is hundreds or a few thousand entries); see docs/directory.md.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jiff::civil::Time;
use roots_directory::{Summary, Weekday, oruk_id};
use serde_json::{Map, Value, json};

use crate::ctx::Ctx;
use crate::error::AppError;

/// Where the standard's own description of this API is published.
const PROFILE: &str = "https://github.com/OpenReferralUK/uk-profile";
const OPENAPI: &str =
    "https://raw.githubusercontent.com/OpenReferralUK/uk-profile/main/docs/extras/openapi30.json";
/// `per_page` when none is asked for, and the most allowed.
const PER_PAGE: usize = 50;
const MAX_PER_PAGE: usize = 500;

fn bad_request(message: String) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({ "error": message }))).into_response()
}

fn not_found(what: &str, id: &str) -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(json!({ "error": format!("no {what} with id {id}") })),
    )
        .into_response()
}

/// `GET /openreferral/`: which version of the standard this is.
pub async fn root() -> Response {
    Json(json!({
        "version": "3.0",
        "profile": PROFILE,
        "openapi_url": OPENAPI,
    }))
    .into_response()
}

/// Every resource's document, as stored.
async fn documents(ctx: &Ctx) -> Result<Vec<Value>, AppError> {
    Ok(ctx
        .app
        .store
        .all_resources(&ctx.app.service.id)
        .await?
        .into_iter()
        .map(|r| r.document)
        .collect())
}

/// The query of a list.
struct ListQuery {
    page: usize,
    per_page: usize,
    search: Vec<String>,
    term: Option<String>,
    taxonomy: Option<String>,
    organization: Option<String>,
    ages: (Option<u8>, Option<u8>),
    day: Option<Weekday>,
    from: Option<Time>,
    to: Option<Time>,
    modified_after: Option<String>,
    /// `postcode` and `proximity` in metres.
    near: Option<(String, f64)>,
}

fn parse_query(q: &BTreeMap<String, String>) -> Result<ListQuery, String> {
    let get = |k: &str| q.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
    let number = |k: &str, min: usize, max: usize| -> Result<Option<usize>, String> {
        match get(k) {
            None => Ok(None),
            Some(v) => match v.parse::<usize>() {
                Ok(n) if (min..=max).contains(&n) => Ok(Some(n)),
                _ => Err(format!("{k} must be a whole number from {min} to {max}")),
            },
        }
    };
    let time = |k: &str| -> Result<Option<Time>, String> {
        get(k)
            .map(|v| {
                let v = if v.len() == 5 {
                    format!("{v}:00")
                } else {
                    v.to_owned()
                };
                v.parse::<Time>()
                    .map_err(|_| format!("{k} must be a time like 09:30"))
            })
            .transpose()
    };
    let day = match get("day") {
        None => None,
        Some(d) => Some(
            Weekday::ALL
                .into_iter()
                .find(|w| w.code().eq_ignore_ascii_case(d))
                .ok_or_else(|| "day must be one of MO, TU, WE, TH, FR, SA, SU".to_owned())?,
        ),
    };
    let age =
        |k: &str| -> Result<Option<u8>, String> { number(k, 0, 130).map(|n| n.map(|n| n as u8)) };
    Ok(ListQuery {
        page: number("page", 1, 1_000_000)?.unwrap_or(1),
        per_page: number("per_page", 1, MAX_PER_PAGE)?.unwrap_or(PER_PAGE),
        search: get("search")
            .map(|s| s.split_whitespace().map(str::to_lowercase).collect())
            .unwrap_or_default(),
        term: get("taxonomy_term_id").map(oruk_id),
        taxonomy: get("taxonomy_id").map(str::to_owned),
        organization: get("organization_id").map(oruk_id),
        ages: (age("minimum_age")?, age("maximum_age")?),
        day,
        from: time("start_time")?,
        to: time("end_time")?,
        modified_after: get("modified_after").map(str::to_owned),
        near: match (get("postcode"), number("proximity", 1, 1_000_000)?) {
            (_, None) => None,
            (None, Some(_)) => return Err("proximity needs a postcode".into()),
            (Some(p), Some(m)) => Some((
                roots_core::postcode::Postcode::parse(p)
                    .map_err(|_| format!("postcode \"{p}\" is not the shape of a UK postcode"))?
                    .as_str()
                    .to_owned(),
                m as f64,
            )),
        },
    })
}

/// The documents that match the query, nearest first when it asks for a
/// proximity; `Err` is the 400 to answer.
async fn matching(ctx: &Ctx, q: &ListQuery) -> Result<Result<Vec<Value>, Response>, AppError> {
    let docs: Vec<Value> = documents(ctx)
        .await?
        .into_iter()
        .filter(|d| matches(q, d))
        .collect();
    let Some((postcode, metres)) = &q.near else {
        return Ok(Ok(docs));
    };
    let origin = match crate::nearby::origin(ctx, postcode).await? {
        crate::nearby::Origin::Point(p) => p,
        crate::nearby::Origin::Area { .. } => {
            return Ok(Err(bad_request(format!(
                "postcode {postcode} is not in this directory's postcode file"
            ))));
        }
    };
    let summaries: Vec<Summary> = docs.iter().map(Summary::of).collect();
    let points = crate::nearby::points(ctx, &summaries).await?;
    let mut near: Vec<(f64, Value)> = docs
        .into_iter()
        .zip(points)
        .filter_map(|(d, pts)| {
            let km = crate::nearby::nearest_km(&pts, origin)?;
            (km * 1000.0 <= *metres).then_some((km, d))
        })
        .collect();
    near.sort_by(|a, b| a.0.total_cmp(&b.0));
    Ok(Ok(near.into_iter().map(|(_, d)| d).collect()))
}

/// A taxonomy's id: the term's `taxonomy_id`, or one made from its name.
fn taxonomy_id(term: &Value) -> Option<String> {
    term.get("taxonomy_id")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .or_else(|| {
            term.get("taxonomy")
                .and_then(Value::as_str)
                .map(|t| oruk_id(&format!("taxonomy:{t}")))
        })
}

/// Every taxonomy term object of a document.
fn terms_of(doc: &Value) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    let mut attrs: Vec<&Value> = doc
        .get("attributes")
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    for sal in doc
        .get("service_at_locations")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        attrs.extend(
            sal.get("attributes")
                .and_then(Value::as_array)
                .into_iter()
                .flatten(),
        );
    }
    for a in attrs {
        if let Some(t) = a.get("taxonomy_term")
            && t.get("id").is_some()
            && !out.iter().any(|o| o["id"] == t["id"])
        {
            out.push(t.clone());
        }
    }
    out
}

fn matches(q: &ListQuery, doc: &Value) -> bool {
    let s = Summary::of(doc);
    if !q.search.is_empty() {
        let hay = format!(
            "{} {} {}",
            s.name,
            s.description,
            s.organization.as_deref().unwrap_or("")
        )
        .to_lowercase();
        if !q.search.iter().all(|w| hay.contains(w.as_str())) {
            return false;
        }
    }
    let terms = terms_of(doc);
    if let Some(t) = &q.term
        && !terms.iter().any(|x| x["id"].as_str() == Some(t.as_str()))
    {
        return false;
    }
    if let Some(t) = &q.taxonomy
        && !terms
            .iter()
            .any(|x| taxonomy_id(x).as_deref() == Some(t.as_str()))
    {
        return false;
    }
    if let Some(o) = &q.organization
        && doc.pointer("/organization/id").and_then(Value::as_str) != Some(o.as_str())
    {
        return false;
    }
    let (lo, hi) = q.ages;
    if lo.is_some() || hi.is_some() {
        let (lo, hi) = (lo.unwrap_or(0), hi.unwrap_or(130));
        let (smin, smax) = (s.minimum_age.unwrap_or(0), s.maximum_age.unwrap_or(130));
        if smin > hi || smax < lo {
            return false;
        }
    }
    if let Some(day) = q.day {
        let open = s.schedules.iter().any(|sch| {
            sch.days.iter().any(|(_, d)| *d == day)
                && q.from.is_none_or(|f| sch.opens.is_some_and(|o| o <= f))
                && q.to.is_none_or(|t| sch.closes.is_some_and(|c| c >= t))
        });
        if !open {
            return false;
        }
    }
    if let Some(after) = &q.modified_after
        && s.last_modified
            .as_deref()
            .is_none_or(|m| m < after.as_str())
    {
        return false;
    }
    true
}

/// The standard's page around `items`.
fn page(items: Vec<Value>, q: &ListQuery) -> Value {
    let total = items.len();
    let total_pages = total.div_ceil(q.per_page);
    let contents: Vec<Value> = items
        .into_iter()
        .skip((q.page - 1) * q.per_page)
        .take(q.per_page)
        .collect();
    json!({
        "total_items": total,
        "total_pages": total_pages,
        "page_number": q.page,
        "size": contents.len(),
        "first_page": q.page == 1,
        "last_page": q.page >= total_pages,
        "empty": contents.is_empty(),
        "contents": contents,
    })
}

/// A service with its one-to-one fields and its organization, as lists
/// give it.
fn service_item(doc: &Value) -> Value {
    let mut out = Map::new();
    if let Some(map) = doc.as_object() {
        for (k, v) in map {
            if !v.is_array() {
                out.insert(k.clone(), v.clone());
            }
        }
        if let Some(Value::Object(org)) = map.get("organization") {
            let flat: Map<String, Value> = org
                .iter()
                .filter(|(_, v)| !v.is_array())
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            out.insert("organization".into(), Value::Object(flat));
        }
    }
    Value::Object(out)
}

/// A location's one-to-one fields.
fn flat(v: &Value) -> Value {
    Value::Object(
        v.as_object()
            .map(|m| {
                m.iter()
                    .filter(|(_, v)| !v.is_array() && !v.is_object())
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect()
            })
            .unwrap_or_default(),
    )
}

/// Each service-at-location of a document, with its location and its
/// service as lists give them.
fn service_at_locations(doc: &Value) -> Vec<Value> {
    doc.get("service_at_locations")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|sal| {
            let mut o = Map::new();
            o.insert("id".into(), sal["id"].clone());
            if let Some(d) = sal.get("description").filter(|d| !d.is_null()) {
                o.insert("description".into(), d.clone());
            }
            if let Some(l) = sal.get("location") {
                o.insert("location".into(), flat(l));
            }
            o.insert("service".into(), service_item(doc));
            Value::Object(o)
        })
        .collect()
}

/// `GET /openreferral/services`.
pub async fn services(
    ctx: Ctx,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let q = match parse_query(&q) {
        Ok(q) => q,
        Err(message) => return Ok(bad_request(message)),
    };
    let items = match matching(&ctx, &q).await? {
        Ok(docs) => docs.iter().map(service_item).collect(),
        Err(bad) => return Ok(bad),
    };
    Ok(Json(page(items, &q)).into_response())
}

/// `GET /openreferral/services/{id}`: the service whole.
pub async fn service(ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    match ctx
        .app
        .store
        .resource(&ctx.app.service.id, &oruk_id(&id))
        .await
    {
        Ok(r) => Ok(Json(r.document).into_response()),
        Err(roots_store::StoreError::NotFound) => Ok(not_found("service", &id)),
        Err(e) => Err(e.into()),
    }
}

/// `GET /openreferral/service_at_locations`.
pub async fn service_at_locations_list(
    ctx: Ctx,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let q = match parse_query(&q) {
        Ok(q) => q,
        Err(message) => return Ok(bad_request(message)),
    };
    let items = match matching(&ctx, &q).await? {
        Ok(docs) => docs.iter().flat_map(service_at_locations).collect(),
        Err(bad) => return Ok(bad),
    };
    Ok(Json(page(items, &q)).into_response())
}

/// `GET /openreferral/service_at_locations/{id}`.
pub async fn service_at_location(ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    let want = oruk_id(&id);
    for doc in documents(&ctx).await? {
        if let Some(sal) = service_at_locations(&doc)
            .into_iter()
            .find(|s| s["id"].as_str() == Some(want.as_str()))
        {
            return Ok(Json(sal).into_response());
        }
    }
    Ok(not_found("service_at_location", &id))
}

/// Every term in use, once each, by name.
async fn all_terms(ctx: &Ctx) -> Result<Vec<Value>, AppError> {
    let mut terms: Vec<Value> = Vec::new();
    for doc in documents(ctx).await? {
        for t in terms_of(&doc) {
            if !terms.iter().any(|x| x["id"] == t["id"]) {
                terms.push(t);
            }
        }
    }
    terms.sort_by(|a, b| {
        a["name"]
            .as_str()
            .cmp(&b["name"].as_str())
            .then(a["id"].as_str().cmp(&b["id"].as_str()))
    });
    Ok(terms)
}

/// The taxonomies the terms name.
fn taxonomies_of(terms: &[Value]) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    for t in terms {
        let (Some(id), Some(name)) = (taxonomy_id(t), t.get("taxonomy").and_then(Value::as_str))
        else {
            continue;
        };
        if !out.iter().any(|x| x["id"] == id.as_str()) {
            out.push(json!({ "id": id, "name": name, "description": name }));
        }
    }
    out
}

/// `GET /openreferral/taxonomy_terms`.
pub async fn taxonomy_terms(
    ctx: Ctx,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let q = match parse_query(&q) {
        Ok(q) => q,
        Err(message) => return Ok(bad_request(message)),
    };
    let terms = all_terms(&ctx).await?;
    Ok(Json(page(terms, &q)).into_response())
}

/// `GET /openreferral/taxonomy_terms/{id}`.
pub async fn taxonomy_term(ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    let want = oruk_id(&id);
    Ok(all_terms(&ctx)
        .await?
        .into_iter()
        .find(|t| t["id"].as_str() == Some(want.as_str()))
        .map_or_else(
            || not_found("taxonomy_term", &id),
            |t| Json(t).into_response(),
        ))
}

/// `GET /openreferral/taxonomies`.
pub async fn taxonomies(
    ctx: Ctx,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let q = match parse_query(&q) {
        Ok(q) => q,
        Err(message) => return Ok(bad_request(message)),
    };
    let all = taxonomies_of(&all_terms(&ctx).await?);
    Ok(Json(page(all, &q)).into_response())
}

/// `GET /openreferral/taxonomies/{id}`.
pub async fn taxonomy(ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    Ok(taxonomies_of(&all_terms(&ctx).await?)
        .into_iter()
        .find(|t| t["id"].as_str() == Some(id.as_str()))
        .map_or_else(|| not_found("taxonomy", &id), |t| Json(t).into_response()))
}
