//! "Find local support": the public, bilingual directory page for people
//! themselves, with no sign-in, working without JavaScript and on a small
//! screen. One GET form (what they want help with, near which postcode or
//! GP practice and how far, language, open now or on a day, free, age) and
//! the places that fit; each place on its own page.
//!
//! Near a postcode, places are listed nearest first within the distance
//! chosen when the imported postcode file (`roots postcodes import`) knows
//! the postcode; otherwise those in its postcode district (or, failing
//! that, its area) are listed, and the page says so. Phone and online
//! services are always listed, after the places.
//!
//! Search by need uses Roots' own notes about a resource (`local.needs`:
//! the referral's everyday-difficulty codes), set by the service; places
//! that are inactive or defunct are not shown; temporarily closed ones
//! are, marked. What a place says about itself (its name, description,
//! addresses) is shown as its publisher wrote it.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::Response;
use jiff::civil::Time;
use roots_directory::{Schedule, Summary, Weekday, oruk_id};
use serde_json::Value;

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::Tr;
use crate::layout::{ErrorItem, Layout, render};
use crate::nearby;

/// The needs a person can search by: the referral's everyday difficulties.
pub const NEEDS: [&str; 8] = [
    "self_care",
    "home",
    "work_study",
    "getting_out",
    "sleep",
    "caring",
    "hobbies",
    "money_paperwork",
];

/// How far from a postcode a search may look, in miles, and the default.
pub const WITHIN_MILES: [u32; 5] = [1, 3, 5, 10, 25];
pub const WITHIN_DEFAULT: u32 = 5;

/// One place, as the list and its own page show it.
pub struct Card {
    pub href: String,
    pub name: String,
    pub organisation: Option<String>,
    pub description: String,
    pub closed: bool,
    pub places: Vec<String>,
    pub when: Vec<String>,
    pub cost: String,
    pub languages: Vec<String>,
    /// (as written, for a `tel:` link)
    pub phones: Vec<(String, String)>,
    pub website: Option<String>,
    pub email: Option<String>,
    pub access: Option<String>,
    pub accessibility: Vec<String>,
    pub checked: String,
    /// How far it is ("2.3 miles away"), or that it is by phone or online,
    /// when the search was near a postcode.
    pub distance: Option<String>,
}

fn time_text(t: Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// "Thursdays and Fridays, 10:00 to 12:00"; "The first Tuesday of each
/// month, 14:00 to 16:00".
pub fn schedule_text(tr: &Tr, s: &Schedule) -> Option<String> {
    let hours = match (s.opens, s.closes) {
        (Some(o), Some(c)) => tr.ts(
            "dir-hours",
            &[("opens", time_text(o)), ("closes", time_text(c))],
        ),
        _ => String::new(),
    };
    let join = |parts: Vec<String>| -> String {
        match parts.len() {
            0 => String::new(),
            1 => parts[0].clone(),
            n => tr.ts(
                "dir-and",
                &[
                    ("first", parts[..n - 1].join(", ")),
                    ("last", parts[n - 1].clone()),
                ],
            ),
        }
    };
    let days: Vec<String> = if s.monthly {
        s.days
            .iter()
            .map(|(n, d)| {
                tr.ts(
                    "dir-monthly",
                    &[
                        ("nth", tr.t(&format!("dir-ord-{}", n.unwrap_or(1)))),
                        ("day", tr.t(&format!("dir-day-{}", d.code()))),
                    ],
                )
            })
            .chain(
                s.month_days
                    .iter()
                    .map(|m| tr.t1("dir-monthday", "day", m.to_string())),
            )
            .collect()
    } else {
        s.days
            .iter()
            .map(|(_, d)| tr.t(&format!("dir-days-{}", d.code())))
            .collect()
    };
    let days = join(days);
    match (days.is_empty(), hours.is_empty()) {
        (true, true) => None,
        (true, false) => Some(tr.t1("dir-every-day", "hours", hours)),
        (false, true) => Some(days),
        (false, false) => Some(format!("{days}, {hours}")),
    }
}

pub(crate) fn card(
    tr: &Tr,
    ctx: &Ctx,
    doc: &Value,
    local: &Value,
    checked: Option<jiff::Timestamp>,
) -> Card {
    let s = Summary::of(doc);
    let list = |v: Option<&Value>| -> Vec<Value> {
        v.and_then(Value::as_array).cloned().unwrap_or_default()
    };
    let text = |v: &Value, k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
    };
    let mut places = Vec::new();
    let mut accessibility = Vec::new();
    for sal in list(doc.get("service_at_locations")) {
        let Some(loc) = sal.get("location") else {
            continue;
        };
        for a in list(loc.get("addresses")) {
            let parts: Vec<String> = ["address_1", "address_2", "city", "postal_code"]
                .iter()
                .filter_map(|k| text(&a, k))
                .collect();
            let line = match text(loc, "name") {
                Some(n) => format!("{n}, {}", parts.join(", ")),
                None => parts.join(", "),
            };
            places.push(line);
        }
        accessibility.extend(
            list(loc.get("accessibility"))
                .iter()
                .filter_map(|a| text(a, "description")),
        );
    }
    if let Some(n) = text(local, "access_note") {
        accessibility.push(n);
    }
    let costs = list(doc.get("cost_options"));
    let cost = match s.free {
        Some(true) => tr.t("dir-cost-free"),
        Some(false) => {
            let priced: Vec<String> = costs
                .iter()
                .filter_map(|c| {
                    let amount = c.get("amount").and_then(Value::as_f64)?;
                    (amount > 0.0).then(|| {
                        let what = text(c, "amount_description").unwrap_or_default();
                        format!("£{amount:.2} {what}").trim().to_owned()
                    })
                })
                .collect();
            tr.t1("dir-cost-paid", "amount", priced.join("; "))
        }
        None => tr.t("dir-cost-unknown"),
    };
    let languages = s
        .languages
        .iter()
        .map(|l| match l.as_str() {
            "cy" | "welsh" | "cymraeg" => tr.t("opt-language-cy"),
            "en" | "english" => tr.t("opt-language-en"),
            other => other.to_owned(),
        })
        .collect();
    let phones = list(doc.get("contacts"))
        .iter()
        .flat_map(|c| list(c.get("phones")))
        .chain(list(doc.get("phones")))
        .filter_map(|p| text(&p, "number"))
        .map(|n| {
            let tel: String = n
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect();
            (n, tel)
        })
        .collect();
    Card {
        href: ctx.href(&format!("/directory/{}", s.id)),
        name: s.name.clone(),
        organisation: s.organization.clone().filter(|o| *o != s.name),
        description: s.description.clone(),
        closed: s.status == "temporarily closed",
        places,
        when: s
            .schedules
            .iter()
            .filter_map(|x| schedule_text(tr, x))
            .collect(),
        cost,
        languages,
        phones,
        // Only web addresses become links (a publisher's `javascript:` is
        // shown nowhere).
        website: text(doc, "url").filter(|u| u.starts_with("https://") || u.starts_with("http://")),
        email: text(doc, "email").filter(|e| e.contains('@') && !e.contains([':', ' ', '/', '?'])),
        access: local
            .get("access")
            .and_then(Value::as_str)
            .map(|a| tr.t(&format!("dir-access-{a}"))),
        accessibility,
        distance: None,
        checked: checked.map_or_else(
            || tr.t("dir-not-checked"),
            |c| {
                let d = c.in_tz("Europe/London").map(|z| z.date()).ok();
                d.map_or_else(
                    || tr.t("dir-not-checked"),
                    |d| {
                        tr.t1(
                            "dir-checked",
                            "date",
                            format!(
                                "{} {} {}",
                                d.day(),
                                tr.t(&format!("month-{}", d.month())),
                                d.year()
                            ),
                        )
                    },
                )
            },
        ),
    }
}

#[derive(Template)]
#[template(path = "public_directory.html")]
struct DirectoryPage {
    l: Layout,
    action: String,
    needs: Vec<(String, String, bool)>,
    language: String,
    open_now: bool,
    free: bool,
    age: String,
    age_error: Option<String>,
    near: String,
    near_error: Option<String>,
    practices: Vec<(String, String, bool)>,
    within: Vec<(String, String, bool)>,
    days: Vec<(String, String, bool)>,
    area_notice: Option<String>,
    count_text: String,
    cards: Vec<Card>,
}

/// `GET /directory`: the search and its results.
pub async fn search(
    ctx: Ctx,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let tr = ctx.tr.clone();
    let get = |k: &str| q.get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
    let need = Some(get("need")).filter(|n| NEEDS.contains(&n.as_str()));
    let language = Some(get("language")).filter(|l| l == "cy" || l == "en");
    let open_now = get("open_now") == "yes";
    let free = get("free") == "yes";
    let age_text = get("age");
    let (age, age_error) = if age_text.is_empty() {
        (None, None)
    } else {
        match age_text.parse::<u8>() {
            Ok(a) if a <= 120 => (Some(a), None),
            _ => (None, Some(tr.t("dir-error-age"))),
        }
    };
    let near_text = get("near");
    let (near, near_error) = if near_text.is_empty() {
        (None, None)
    } else {
        match roots_core::postcode::Postcode::parse(&near_text) {
            Ok(p) => (Some(p.as_str().to_owned()), None),
            Err(_) => (None, Some(tr.t("dir-error-near"))),
        }
    };
    let practices: Vec<roots_store::services::Practice> = ctx
        .app
        .store
        .practices(&ctx.app.service.id)
        .await?
        .into_iter()
        .filter(|p| p.postcode.is_some())
        .collect();
    let practice = get("practice");
    let chosen_practice = practices.iter().find(|p| p.id == practice);
    // A postcode typed wins over a practice chosen.
    let near = near.or_else(|| {
        if near_error.is_some() {
            None
        } else {
            chosen_practice.and_then(|p| p.postcode.clone())
        }
    });
    let day = Some(get("day")).and_then(|d| Weekday::ALL.into_iter().find(|w| w.code() == d));
    let within_miles: u32 = get("within")
        .parse()
        .ok()
        .filter(|m| WITHIN_MILES.contains(m))
        .unwrap_or(WITHIN_DEFAULT);
    let now = jiff::Timestamp::now()
        .in_tz("Europe/London")
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let mut found: Vec<(roots_store::directory::Resource, Summary)> = Vec::new();
    for r in ctx.app.store.all_resources(&ctx.app.service.id).await? {
        let s = Summary::of(&r.document);
        if s.status != "active" && s.status != "temporarily closed" {
            continue;
        }
        let needs: Vec<&str> = r
            .local
            .get("needs")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if need.as_deref().is_some_and(|n| !needs.contains(&n)) {
            continue;
        }
        if let Some(l) = &language {
            let names: &[&str] = if l == "cy" {
                &["cy", "welsh", "cymraeg"]
            } else {
                &["en", "english"]
            };
            if !s.languages.iter().any(|x| names.contains(&x.as_str())) {
                continue;
            }
        }
        if free && s.free != Some(true) {
            continue;
        }
        if age.is_some_and(|a| !s.takes_age(a)) {
            continue;
        }
        if open_now
            && (s.status != "active" || s.open_on(now.date(), Some(now.time())) != Some(true))
        {
            continue;
        }
        if let Some(d) = day {
            // Open on the next such day (today counts).
            let ahead = (0..7)
                .filter_map(|n| now.date().checked_add(jiff::Span::new().days(n)).ok())
                .find(|date| Weekday::of(*date) == d);
            if ahead.is_none_or(|date| s.open_on(date, None) != Some(true)) {
                continue;
            }
        }
        found.push((r, s));
    }
    // Near a postcode: by distance when the postcode file knows it, else by
    // its area. Phone and online services (no place) are kept, after the
    // places.
    let mut area_notice = None;
    let mut distances: Vec<Option<f64>> = vec![None; found.len()];
    if let Some(pc) = &near {
        let summaries: Vec<Summary> = found.iter().map(|(_, s)| s.clone()).collect();
        let keep: Vec<bool> = match nearby::origin(&ctx, pc).await? {
            nearby::Origin::Point(origin) => {
                let points = nearby::points(&ctx, &summaries).await?;
                let limit_km = f64::from(within_miles) * roots_directory::geo::KM_PER_MILE;
                let district = roots_directory::geo::postcode_district(pc).unwrap_or_default();
                summaries
                    .iter()
                    .zip(&points)
                    .zip(distances.iter_mut())
                    .map(|((s, pts), d)| {
                        *d = nearby::nearest_km(pts, origin);
                        match d {
                            Some(km) => *km <= limit_km,
                            // A place the postcode file cannot place is
                            // kept when it is in the same district, marked;
                            // phone and online services always.
                            None => {
                                !nearby::has_place(s) || nearby::in_area(s, &district, "", false)
                            }
                        }
                    })
                    .collect()
            }
            nearby::Origin::Area { district, area } => {
                let by_district = summaries
                    .iter()
                    .any(|s| nearby::in_area(s, &district, &area, false));
                let (shown, area_only) = if by_district {
                    (district.clone(), false)
                } else {
                    (area.clone(), true)
                };
                area_notice = Some(tr.ts(
                    "dir-near-by-area",
                    &[("postcode", pc.clone()), ("area", shown)],
                ));
                summaries
                    .iter()
                    .map(|s| {
                        !nearby::has_place(s) || nearby::in_area(s, &district, &area, area_only)
                    })
                    .collect()
            }
        };
        let mut kept: Vec<((roots_store::directory::Resource, Summary), Option<f64>)> = found
            .into_iter()
            .zip(distances)
            .zip(keep)
            .filter_map(|(x, k)| k.then_some(x))
            .collect();
        kept.sort_by(|a, b| match (a.1, b.1) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        });
        (found, distances) = kept.into_iter().unzip();
    }
    let cards: Vec<Card> = found
        .iter()
        .zip(&distances)
        .map(|((r, s), d)| {
            let mut c = card(&tr, &ctx, &r.document, &r.local, r.checked_at);
            if near.is_some() {
                c.distance = match d {
                    Some(km) => Some(tr.ts(
                        "dir-miles-away",
                        &[(
                            "miles",
                            format!("{:.1}", km / roots_directory::geo::KM_PER_MILE),
                        )],
                    )),
                    None if !nearby::has_place(s) => Some(tr.t("dir-no-place")),
                    None => Some(tr.t("dir-distance-unknown")),
                };
            }
            c
        })
        .collect();
    let mut l = Layout::new(&ctx, tr.t("dir-title"));
    if let Some(e) = &near_error {
        l.errors.push(ErrorItem {
            href: "#near".into(),
            text: e.clone(),
        });
    }
    if let Some(e) = &age_error {
        l.errors.push(ErrorItem {
            href: "#age".into(),
            text: e.clone(),
        });
    }
    let status = if age_error.is_some() || near_error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let body = render(&DirectoryPage {
        action: ctx.href("/directory"),
        needs: NEEDS
            .iter()
            .map(|n| {
                (
                    (*n).to_owned(),
                    tr.t(&format!("opt-difficulties-{n}")),
                    need.as_deref() == Some(n),
                )
            })
            .collect(),
        language: language.unwrap_or_default(),
        open_now,
        free,
        age: age_text,
        age_error,
        near: near_text,
        near_error,
        practices: practices
            .iter()
            .map(|p| (p.id.clone(), p.name.clone(), p.id == practice))
            .collect(),
        days: Weekday::ALL
            .iter()
            .map(|d| {
                (
                    d.code().to_owned(),
                    tr.t(&format!("dir-day-{}", d.code())),
                    day == Some(*d),
                )
            })
            .collect(),
        within: WITHIN_MILES
            .iter()
            .map(|m| {
                (
                    m.to_string(),
                    tr.tn("dir-within-miles", &[("miles", i64::from(*m))]),
                    *m == within_miles,
                )
            })
            .collect(),
        area_notice,
        count_text: tr.tn("dir-results", &[("count", cards.len() as i64)]),
        cards,
        l,
    });
    Ok(ctx.html(status, body))
}

#[derive(Template)]
#[template(path = "public_resource.html")]
struct ResourcePage {
    l: Layout,
    c: Card,
}

/// `GET /directory/{id}`: one place, in full.
pub async fn resource(ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    let r = match ctx
        .app
        .store
        .resource(&ctx.app.service.id, &oruk_id(&id))
        .await
    {
        Ok(r) if r.status == "active" || r.status == "temporarily closed" => r,
        Ok(_) | Err(roots_store::StoreError::NotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    };
    let tr = ctx.tr.clone();
    let c = card(&tr, &ctx, &r.document, &r.local, r.checked_at);
    let l = Layout::new(&ctx, c.name.clone()).back(Some(ctx.href("/directory")));
    let body = render(&ResourcePage { c, l });
    Ok(ctx.html(StatusCode::OK, body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, Locales};
    use roots_directory::Weekday;

    /// Every message id these pages build from codes exists in both
    /// languages (a missing one would show its id).
    #[test]
    fn every_word_the_directory_pages_build_exists_in_both_languages() {
        let locales = Locales::load().unwrap();
        for lang in [Lang::En, Lang::Cy] {
            let tr = locales.get(lang);
            let mut ids: Vec<String> = Vec::new();
            for d in Weekday::ALL {
                ids.push(format!("dir-days-{}", d.code()));
                ids.push(format!("dir-day-{}", d.code()));
            }
            for n in [1, 2, 3, 4, 5, -1, -2] {
                ids.push(format!("dir-ord-{n}"));
            }
            for a in ["drop_in", "referral", "both"] {
                ids.push(format!("dir-access-{a}"));
            }
            for n in NEEDS {
                ids.push(format!("opt-difficulties-{n}"));
            }
            for id in ids {
                assert!(tr.has(&id), "{id} in {lang:?}");
            }
        }
    }

    #[test]
    fn opening_times_read_as_sentences() {
        let locales = Locales::load().unwrap();
        let en = locales.get(Lang::En);
        let cy = locales.get(Lang::Cy);
        let t = |h, m| Some(Time::new(h, m, 0, 0).unwrap());
        let weekly = Schedule {
            monthly: false,
            days: vec![(None, Weekday::Th), (None, Weekday::Fr)],
            month_days: vec![],
            opens: t(10, 0),
            closes: t(12, 0),
            valid_from: None,
            valid_to: None,
        };
        assert_eq!(
            schedule_text(&en, &weekly).unwrap(),
            "Thursdays and Fridays, 10:00 to 12:00"
        );
        assert_eq!(
            schedule_text(&cy, &weekly).unwrap(),
            "Dyddiau Iau a Dyddiau Gwener, 10:00 i 12:00"
        );
        let monthly = Schedule {
            monthly: true,
            days: vec![(Some(1), Weekday::Tu), (Some(-1), Weekday::Fr)],
            ..weekly.clone()
        };
        assert_eq!(
            schedule_text(&en, &monthly).unwrap(),
            "the first Tuesday of the month and the last Friday of the month, 10:00 to 12:00"
        );
        let hours_only = Schedule {
            days: vec![],
            ..weekly
        };
        assert_eq!(
            schedule_text(&en, &hours_only).unwrap(),
            "Every day, 10:00 to 12:00"
        );
    }
}
