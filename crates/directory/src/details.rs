//! A resource's published details as staff add or change them in Roots:
//! the form's fields read off an Open Referral UK 3.0 document
//! ([`Details::of`]), checked ([`Details::check`]) and written back into
//! the document ([`Details::apply`]), keeping every part the form does not
//! show (contacts, taxonomy terms, other locations, accessibility, …).
//!
//! Opening times and costs are edited only when the form can show all of
//! them exactly: a document with monthly schedules, schedules at its
//! locations, two sessions on one day, or schedules with a description,
//! notes or a time zone keeps its opening times as they are (and the form
//! says so); one with more than one cost option, or a cost the form cannot
//! say (a donation, another currency), keeps its costs.
//!
//! The result always goes through [`crate::normalise`], so it has the ids
//! and shape an import would give it and meets the HSDS 3.0 schema
//! (tested).

use roots_core::postcode::Postcode;
use serde_json::{Map, Value, json};

use crate::summary::{Weekday, parse_byday, parse_time};
use crate::validate::text;
use crate::{STATUSES, normalise};

/// The longest name, organisation, address line or other short field.
pub const SHORT_MAX: usize = 200;
/// The longest description.
pub const DESCRIPTION_MAX: usize = 2000;

/// A problem with one field of the form. `code()` names its message
/// (`dir-edit-error-{code}` in the web crate's Fluent files).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    NameMissing,
    OrganisationMissing,
    TooLong,
    DescriptionTooLong,
    StatusUnknown,
    UrlNotWeb,
    EmailNotEmail,
    PhoneNotPhone,
    AddressMissing,
    TownMissing,
    PostcodeMissing,
    PostcodeNotPostcode,
    AgeNotAge,
    AgesOutOfOrder,
    CostMissing,
    AmountMissing,
    AmountNotMoney,
    TimeNotTime,
    TimeHalf,
    TimeClosesFirst,
    /// A text the text rule refuses (`roots_core::text`): its own message,
    /// with where the character is. Not in [`Problem::ALL`], whose
    /// messages are this form's own.
    Text(roots_core::text::Problem),
}

impl Problem {
    pub const ALL: [Problem; 20] = [
        Problem::NameMissing,
        Problem::OrganisationMissing,
        Problem::TooLong,
        Problem::DescriptionTooLong,
        Problem::StatusUnknown,
        Problem::UrlNotWeb,
        Problem::EmailNotEmail,
        Problem::PhoneNotPhone,
        Problem::AddressMissing,
        Problem::TownMissing,
        Problem::PostcodeMissing,
        Problem::PostcodeNotPostcode,
        Problem::AgeNotAge,
        Problem::AgesOutOfOrder,
        Problem::CostMissing,
        Problem::AmountMissing,
        Problem::AmountNotMoney,
        Problem::TimeNotTime,
        Problem::TimeHalf,
        Problem::TimeClosesFirst,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Problem::NameMissing => "name-missing",
            Problem::OrganisationMissing => "organisation-missing",
            Problem::TooLong => "too-long",
            Problem::DescriptionTooLong => "description-too-long",
            Problem::StatusUnknown => "status-unknown",
            Problem::UrlNotWeb => "url",
            Problem::EmailNotEmail => "email",
            Problem::PhoneNotPhone => "phone",
            Problem::AddressMissing => "address-missing",
            Problem::TownMissing => "town-missing",
            Problem::PostcodeMissing => "postcode-missing",
            Problem::PostcodeNotPostcode => "postcode",
            Problem::AgeNotAge => "age",
            Problem::AgesOutOfOrder => "ages-order",
            Problem::CostMissing => "cost-missing",
            Problem::AmountMissing => "amount-missing",
            Problem::AmountNotMoney => "amount",
            Problem::TimeNotTime => "time",
            Problem::TimeHalf => "time-half",
            Problem::TimeClosesFirst => "time-order",
            Problem::Text(_) => "text",
        }
    }
}

/// A problem and the field it belongs to (the form's input id, e.g.
/// `postcode` or `opens_MO`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: String,
    pub problem: Problem,
}

/// The published details the form shows, as text (what was typed is kept
/// as typed until it is saved).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Details {
    pub name: String,
    pub organisation: String,
    pub description: String,
    pub status: String,
    pub url: String,
    pub email: String,
    pub phone: String,
    pub location_name: String,
    pub address: String,
    pub town: String,
    pub postcode: String,
    /// Service areas, separated by commas.
    pub areas: String,
    /// `free`, `paid`, or empty (not said).
    pub cost: String,
    pub amount: String,
    pub cost_note: String,
    /// Languages, separated by commas.
    pub languages: String,
    pub minimum_age: String,
    pub maximum_age: String,
    /// Opening and closing time for each day, Monday first.
    pub hours: [(String, String); 7],
    /// Whether the form shows (and so replaces) the opening times.
    pub hours_editable: bool,
    /// Whether the form shows (and so replaces) the costs.
    pub cost_editable: bool,
}

fn list(v: Option<&Value>) -> &[Value] {
    v.and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

fn field(v: &Value, key: &str) -> String {
    v.as_object()
        .and_then(|m| text(m, key))
        .unwrap_or_default()
        .to_owned()
}

/// The address the form edits: the first physical one of the first
/// location (or its first address).
fn address_index(location: &Value) -> Option<usize> {
    let addresses = list(location.get("addresses"));
    addresses
        .iter()
        .position(|a| a.get("address_type").and_then(Value::as_str) == Some("physical"))
        .or_else(|| (!addresses.is_empty()).then_some(0))
}

/// The weekly hours of a document's service-level schedules, when the form
/// can show all of its opening times.
fn weekly_hours(doc: &Value) -> Option<[(String, String); 7]> {
    let at_locations = list(doc.get("service_at_locations")).iter().any(|sal| {
        !list(sal.get("schedules")).is_empty()
            || !list(sal.get("location").and_then(|l| l.get("schedules"))).is_empty()
    });
    if at_locations {
        return None;
    }
    let mut hours: [(String, String); 7] = Default::default();
    // Only the parts the form shows: a schedule with a description, notes,
    // a time zone or anything else is kept as published.
    const SHOWN: [&str; 6] = ["id", "service_id", "freq", "byday", "opens_at", "closes_at"];
    for s in list(doc.get("schedules")) {
        let m = s.as_object()?;
        if m.iter()
            .any(|(k, v)| !SHOWN.contains(&k.as_str()) && !v.is_null())
        {
            return None;
        }
        let weekly = text(m, "freq").is_none_or(|f| f.eq_ignore_ascii_case("WEEKLY"));
        let bounded = ["valid_from", "valid_to", "bymonthday", "dtstart", "until"]
            .iter()
            .any(|k| text(m, k).is_some() || m.get(*k).is_some_and(Value::is_number));
        let opens = text(m, "opens_at").and_then(parse_time)?;
        let closes = text(m, "closes_at").and_then(parse_time)?;
        if !weekly || bounded {
            return None;
        }
        let days: Vec<(Option<i8>, Weekday)> = text(m, "byday")?
            .split(',')
            .map(parse_byday)
            .collect::<Option<_>>()?;
        for (n, d) in days {
            let i = Weekday::ALL.iter().position(|x| *x == d)?;
            if n.is_some() || !hours[i].0.is_empty() {
                return None;
            }
            hours[i] = (hm(opens), hm(closes));
        }
    }
    Some(hours)
}

fn hm(t: jiff::civil::Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// `3.50`, `£3.50`, `3`: pounds with at most two decimal places.
fn money(text: &str) -> Option<f64> {
    let t = text.trim().trim_start_matches('£').trim();
    let (whole, pence) = t.split_once('.').unwrap_or((t, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    (!whole.is_empty() && whole.len() <= 6 && digits(whole) && pence.len() <= 2 && digits(pence))
        .then(|| t.parse().ok())
        .flatten()
}

/// A UK telephone number as people write it: 10 or 11 digits (or +44 and
/// 9 or 10), with spaces, brackets or dashes.
fn phone_ok(text: &str) -> bool {
    if !text
        .chars()
        .all(|c| c.is_ascii_digit() || " +()-".contains(c))
    {
        return false;
    }
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    if text.trim_start().starts_with('+') {
        digits.starts_with("44") && (11..=12).contains(&digits.len())
    } else {
        digits.starts_with('0') && (10..=11).contains(&digits.len())
    }
}

fn email_ok(text: &str) -> bool {
    roots_core::identifiers::email_ok(text)
}

fn url_ok(text: &str) -> bool {
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.split('/').next().unwrap_or("");
        host.contains('.') && !text.contains(char::is_whitespace) && !text.contains(['<', '>', '"'])
    })
}

fn comma_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A language's code in ISO 639-1, for the two languages of the service.
fn language_code(name: &str) -> Option<&'static str> {
    match name.to_lowercase().as_str() {
        "english" | "saesneg" | "en" => Some("en"),
        "welsh" | "cymraeg" | "cy" => Some("cy"),
        _ => None,
    }
}

impl Details {
    /// A new resource's form: active, every part empty.
    pub fn new_resource() -> Details {
        Details {
            status: "active".into(),
            hours_editable: true,
            cost_editable: true,
            ..Details::default()
        }
    }

    /// Reads the form's fields off a (normalised) document.
    pub fn of(doc: &Value) -> Details {
        let location = list(doc.get("service_at_locations"))
            .first()
            .and_then(|sal| sal.get("location"))
            .cloned()
            .unwrap_or(Value::Null);
        let address = address_index(&location)
            .and_then(|i| list(location.get("addresses")).get(i).cloned())
            .unwrap_or(Value::Null);
        let costs = list(doc.get("cost_options"));
        // One cost the form can show exactly: a price (and what for), or
        // free with nothing more said. Anything else is kept as published.
        const SHOWN: [&str; 6] = [
            "id",
            "service_id",
            "amount",
            "currency",
            "option",
            "amount_description",
        ];
        let showable = |c: &Value| {
            c.as_object().is_some_and(|m| {
                m.iter()
                    .all(|(k, v)| SHOWN.contains(&k.as_str()) || v.is_null())
                    && m.get("currency")
                        .and_then(Value::as_str)
                        .is_none_or(|c| c.eq_ignore_ascii_case("GBP"))
            })
        };
        let (cost, amount, cost_note, cost_editable) = match costs {
            [] => (String::new(), String::new(), String::new(), true),
            [c] if showable(c) => {
                let a = c.get("amount").and_then(Value::as_f64).unwrap_or(0.0);
                if a > 0.0 {
                    (
                        "paid".to_owned(),
                        format!("{a:.2}"),
                        field(c, "amount_description"),
                        true,
                    )
                } else if field(c, "amount_description").is_empty() {
                    ("free".to_owned(), String::new(), String::new(), true)
                } else {
                    (String::new(), String::new(), String::new(), false)
                }
            }
            _ => (String::new(), String::new(), String::new(), false),
        };
        let age = |k: &str| {
            doc.get(k)
                .and_then(Value::as_u64)
                .map(|a| a.to_string())
                .unwrap_or_default()
        };
        let hours = weekly_hours(doc);
        Details {
            name: field(doc, "name"),
            organisation: doc
                .get("organization")
                .map(|o| field(o, "name"))
                .unwrap_or_default(),
            description: field(doc, "description"),
            status: field(doc, "status"),
            url: field(doc, "url"),
            email: field(doc, "email"),
            phone: list(doc.get("phones"))
                .first()
                .map(|p| field(p, "number"))
                .unwrap_or_default(),
            location_name: field(&location, "name"),
            address: field(&address, "address_1"),
            town: field(&address, "city"),
            postcode: field(&address, "postal_code"),
            areas: list(doc.get("service_areas"))
                .iter()
                .map(|a| field(a, "name"))
                .filter(|n| !n.is_empty())
                .collect::<Vec<_>>()
                .join(", "),
            cost,
            amount,
            cost_note,
            languages: list(doc.get("languages"))
                .iter()
                .map(|l| {
                    let name = field(l, "name");
                    if name.is_empty() {
                        field(l, "code")
                    } else {
                        name
                    }
                })
                .filter(|n| !n.is_empty())
                .collect::<Vec<_>>()
                .join(", "),
            minimum_age: age("minimum_age"),
            maximum_age: age("maximum_age"),
            hours_editable: hours.is_some(),
            hours: hours.unwrap_or_default(),
            cost_editable,
        }
    }

    /// Every problem with the form, in the order of its fields.
    pub fn check(&self) -> Vec<FieldProblem> {
        let mut out: Vec<FieldProblem> = Vec::new();
        // The text rule first, on every field: a field it refuses shows
        // that problem only.
        use roots_core::text::{Kind, clean};
        let mut texts: Vec<(String, Kind, &str)> = vec![
            ("name".into(), Kind::Name, &self.name),
            ("organisation".into(), Kind::Name, &self.organisation),
            ("description".into(), Kind::Long, &self.description),
            ("url".into(), Kind::Token, &self.url),
            ("email".into(), Kind::Token, &self.email),
            ("phone".into(), Kind::Token, &self.phone),
            ("location_name".into(), Kind::Line, &self.location_name),
            ("address".into(), Kind::Line, &self.address),
            ("town".into(), Kind::Line, &self.town),
            ("postcode".into(), Kind::Token, &self.postcode),
            ("areas".into(), Kind::Line, &self.areas),
            ("amount".into(), Kind::Token, &self.amount),
            ("cost_note".into(), Kind::Line, &self.cost_note),
            ("languages".into(), Kind::Line, &self.languages),
            ("minimum_age".into(), Kind::Token, &self.minimum_age),
            ("maximum_age".into(), Kind::Token, &self.maximum_age),
        ];
        for (day, (opens, closes)) in Weekday::ALL.iter().zip(&self.hours) {
            texts.push((format!("opens_{}", day.code()), Kind::Token, opens));
            texts.push((format!("closes_{}", day.code()), Kind::Token, closes));
        }
        for (field, kind, value) in texts {
            // Lengths are this form's own checks, below.
            if let Err(p) = clean(kind, value, usize::MAX) {
                out.push(FieldProblem {
                    field,
                    problem: Problem::Text(p),
                });
            }
        }
        let refused: Vec<String> = out.iter().map(|p| p.field.clone()).collect();
        let mut add = |field: &str, problem: Problem| {
            if !refused.iter().any(|f| f == field) {
                out.push(FieldProblem {
                    field: field.to_owned(),
                    problem,
                });
            }
        };
        let long = |s: &str| s.trim().chars().count() > SHORT_MAX;
        if self.name.trim().is_empty() {
            add("name", Problem::NameMissing);
        } else if long(&self.name) {
            add("name", Problem::TooLong);
        }
        if self.organisation.trim().is_empty() {
            add("organisation", Problem::OrganisationMissing);
        } else if long(&self.organisation) {
            add("organisation", Problem::TooLong);
        }
        if self.description.trim().chars().count() > DESCRIPTION_MAX {
            add("description", Problem::DescriptionTooLong);
        }
        if !STATUSES.contains(&self.status.as_str()) {
            add("status", Problem::StatusUnknown);
        }
        let url = self.url.trim();
        if !url.is_empty() && (!url_ok(url) || long(url)) {
            add("url", Problem::UrlNotWeb);
        }
        let email = self.email.trim();
        if !email.is_empty() && (!email_ok(email) || long(email)) {
            add("email", Problem::EmailNotEmail);
        }
        if !self.phone.trim().is_empty() && !phone_ok(&self.phone) {
            add("phone", Problem::PhoneNotPhone);
        }
        let place = [
            &self.location_name,
            &self.address,
            &self.town,
            &self.postcode,
        ];
        for (f, v) in ["location_name", "address", "town"].iter().zip([
            &self.location_name,
            &self.address,
            &self.town,
        ]) {
            if long(v) {
                add(f, Problem::TooLong);
            }
        }
        if place.iter().any(|p| !p.trim().is_empty()) {
            if self.address.trim().is_empty() {
                add("address", Problem::AddressMissing);
            }
            if self.town.trim().is_empty() {
                add("town", Problem::TownMissing);
            }
            if self.postcode.trim().is_empty() {
                add("postcode", Problem::PostcodeMissing);
            } else if Postcode::parse(&self.postcode).is_err() {
                add("postcode", Problem::PostcodeNotPostcode);
            }
        }
        if comma_list(&self.areas).iter().any(|a| long(a)) {
            add("areas", Problem::TooLong);
        }
        if self.cost_editable {
            match self.cost.as_str() {
                "" | "free" => {}
                "paid" => {
                    if self.amount.trim().is_empty() {
                        add("amount", Problem::AmountMissing);
                    } else if money(&self.amount).is_none_or(|a| a <= 0.0) {
                        add("amount", Problem::AmountNotMoney);
                    }
                    if long(&self.cost_note) {
                        add("cost_note", Problem::TooLong);
                    }
                }
                _ => add("cost", Problem::CostMissing),
            }
        }
        if comma_list(&self.languages)
            .iter()
            .any(|l| l.chars().count() > 50)
        {
            add("languages", Problem::TooLong);
        }
        let age = |t: &str| -> Result<Option<u8>, ()> {
            let t = t.trim();
            if t.is_empty() {
                return Ok(None);
            }
            t.parse::<u8>()
                .ok()
                .filter(|a| *a <= 120)
                .map(Some)
                .ok_or(())
        };
        let min = age(&self.minimum_age);
        let max = age(&self.maximum_age);
        if min.is_err() {
            add("minimum_age", Problem::AgeNotAge);
        }
        if max.is_err() {
            add("maximum_age", Problem::AgeNotAge);
        }
        if let (Ok(Some(a)), Ok(Some(b))) = (min, max)
            && a > b
        {
            add("maximum_age", Problem::AgesOutOfOrder);
        }
        if self.hours_editable {
            for (day, (opens, closes)) in Weekday::ALL.iter().zip(&self.hours) {
                let (o, c) = (opens.trim(), closes.trim());
                let code = day.code();
                match (o.is_empty(), c.is_empty()) {
                    (true, true) => continue,
                    (false, true) => {
                        add(&format!("closes_{code}"), Problem::TimeHalf);
                        continue;
                    }
                    (true, false) => {
                        add(&format!("opens_{code}"), Problem::TimeHalf);
                        continue;
                    }
                    (false, false) => {}
                }
                match (parse_time(o), parse_time(c)) {
                    (None, _) => add(&format!("opens_{code}"), Problem::TimeNotTime),
                    (_, None) => add(&format!("closes_{code}"), Problem::TimeNotTime),
                    (Some(a), Some(b)) if b <= a => {
                        add(&format!("closes_{code}"), Problem::TimeClosesFirst);
                    }
                    _ => {}
                }
            }
        }
        out
    }

    /// Writes the details into `base` (the current document, or `{}` for a
    /// new resource with `id`), stamped `last_modified` = `now` (RFC 3339),
    /// and normalises the result. The details must have passed
    /// [`Details::check`].
    pub fn apply(&self, base: &Value, id: &str, now: &str) -> Result<Value, crate::Reason> {
        let mut doc = match base {
            Value::Object(m) => m.clone(),
            _ => Map::new(),
        };
        doc.insert("id".into(), json!(id));
        let set = |doc: &mut Map<String, Value>, key: &str, value: &str| {
            // Checked by the text rule already; kept as it keeps text.
            let v = roots_core::text::clean(roots_core::text::Kind::Long, value, usize::MAX)
                .unwrap_or_else(|_| value.trim().to_owned());
            let v = v.as_str();
            if v.is_empty() {
                doc.remove(key);
            } else {
                doc.insert(key.into(), json!(v));
            }
        };
        set(&mut doc, "name", &self.name);
        set(&mut doc, "description", &self.description);
        set(&mut doc, "url", &self.url);
        set(&mut doc, "email", &self.email);
        doc.insert("status".into(), json!(self.status));

        let mut org = doc
            .get("organization")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let org_name = self.organisation.trim();
        if org.get("name").and_then(Value::as_str) != Some(org_name) {
            org.insert("name".into(), json!(org_name));
        }
        if text(&org, "description").is_none() {
            org.insert("description".into(), json!(org_name));
        }
        let org_id = text(&org, "id")
            .map(str::to_owned)
            .unwrap_or_else(|| crate::oruk_id(&format!("{id}/organization")));
        org.insert("id".into(), json!(org_id));
        doc.insert("organization_id".into(), json!(org_id));
        doc.insert("organization".into(), Value::Object(org));

        let mut phones = list(doc.get("phones")).to_vec();
        let phone = self.phone.trim();
        match (phones.first_mut(), phone.is_empty()) {
            (Some(_), true) => {
                phones.remove(0);
            }
            (Some(p), false) => {
                if let Some(m) = p.as_object_mut() {
                    m.insert("number".into(), json!(phone));
                }
            }
            (None, false) => phones.push(json!({ "number": phone })),
            (None, true) => {}
        }
        put_list(&mut doc, "phones", phones);

        self.apply_place(&mut doc);

        let mut areas = Vec::new();
        for name in comma_list(&self.areas) {
            let kept = list(doc.get("service_areas"))
                .iter()
                .find(|a| field(a, "name").eq_ignore_ascii_case(&name))
                .cloned();
            areas.push(kept.unwrap_or_else(|| json!({ "name": name })));
        }
        put_list(&mut doc, "service_areas", areas);

        let mut languages = Vec::new();
        for name in comma_list(&self.languages) {
            let kept = list(doc.get("languages"))
                .iter()
                .find(|l| {
                    field(l, "name").eq_ignore_ascii_case(&name)
                        || field(l, "code").eq_ignore_ascii_case(&name)
                })
                .cloned();
            let mut l = kept.unwrap_or_else(|| json!({}));
            if let Some(m) = l.as_object_mut() {
                m.insert("name".into(), json!(name));
                if let Some(code) = language_code(&name) {
                    m.insert("code".into(), json!(code));
                }
            }
            languages.push(l);
        }
        put_list(&mut doc, "languages", languages);

        for (key, value) in [
            ("minimum_age", &self.minimum_age),
            ("maximum_age", &self.maximum_age),
        ] {
            match value.trim().parse::<u8>() {
                Ok(a) => {
                    doc.insert(key.into(), json!(a));
                }
                Err(_) => {
                    doc.remove(key);
                }
            }
        }

        if self.cost_editable {
            let kept = list(doc.get("cost_options")).first().cloned();
            let mut c = kept
                .and_then(|c| c.as_object().cloned())
                .unwrap_or_default();
            c.remove("amount_description");
            let costs = match self.cost.as_str() {
                "free" => {
                    c.insert("amount".into(), json!(0));
                    c.insert("currency".into(), json!("GBP"));
                    c.entry("option").or_insert_with(|| json!("Free"));
                    vec![Value::Object(c)]
                }
                "paid" => {
                    c.insert(
                        "amount".into(),
                        json!(money(&self.amount).unwrap_or_default()),
                    );
                    c.insert("currency".into(), json!("GBP"));
                    let note = self.cost_note.trim();
                    if !note.is_empty() {
                        c.insert("amount_description".into(), json!(note));
                    }
                    vec![Value::Object(c)]
                }
                _ => Vec::new(),
            };
            put_list(&mut doc, "cost_options", costs);
        }

        if self.hours_editable {
            // One schedule for each set of hours, naming its days.
            let mut groups: Vec<((String, String), Vec<&str>)> = Vec::new();
            for (day, (o, c)) in Weekday::ALL.iter().zip(&self.hours) {
                let (Some(o), Some(c)) = (parse_time(o), parse_time(c)) else {
                    continue;
                };
                let key = (hm(o), hm(c));
                match groups.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, days)) => days.push(day.code()),
                    None => groups.push((key, vec![day.code()])),
                }
            }
            let schedules = groups
                .into_iter()
                .map(|((o, c), days)| {
                    json!({
                        "freq": "WEEKLY",
                        "byday": days.join(","),
                        "opens_at": o,
                        "closes_at": c,
                    })
                })
                .collect();
            put_list(&mut doc, "schedules", schedules);
        }

        doc.insert("last_modified".into(), json!(now));
        normalise(&Value::Object(doc))
    }

    fn apply_place(&self, doc: &mut Map<String, Value>) {
        let entered = [
            &self.location_name,
            &self.address,
            &self.town,
            &self.postcode,
        ]
        .iter()
        .any(|p| !p.trim().is_empty());
        let mut sals = list(doc.get("service_at_locations")).to_vec();
        if sals.is_empty() {
            if !entered {
                return;
            }
            sals.push(json!({ "location": { "location_type": "physical" } }));
        }
        let Some(sal) = sals[0].as_object_mut() else {
            return;
        };
        let location = sal
            .entry("location")
            .or_insert_with(|| json!({ "location_type": "physical" }));
        let Some(loc) = location.as_object_mut() else {
            return;
        };
        let name = self.location_name.trim();
        if name.is_empty() {
            loc.remove("name");
        } else {
            loc.insert("name".into(), json!(name));
        }
        let index = address_index(&Value::Object(loc.clone()));
        let mut addresses = list(loc.get("addresses")).to_vec();
        let postcode = Postcode::parse(&self.postcode)
            .map(|p| p.as_str().to_owned())
            .unwrap_or_default();
        let old_postcode = index
            .and_then(|i| addresses.get(i))
            .map(|a| field(a, "postal_code"))
            .unwrap_or_default();
        if entered {
            let mut a = index
                .and_then(|i| addresses.get(i))
                .and_then(|a| a.as_object().cloned())
                .unwrap_or_default();
            a.insert("address_1".into(), json!(self.address.trim()));
            a.insert("city".into(), json!(self.town.trim()));
            a.insert("postal_code".into(), json!(postcode));
            a.insert("address_type".into(), json!("physical"));
            a.entry("state_province").or_insert_with(|| json!(""));
            a.entry("country").or_insert_with(|| json!("GB"));
            match index {
                Some(i) => addresses[i] = Value::Object(a),
                None => addresses.insert(0, Value::Object(a)),
            }
        } else if let Some(i) = index {
            addresses.remove(i);
        }
        // Coordinates belong to the old address: a new postcode drops them
        // (a postcode file, when imported, places it again).
        if !old_postcode.eq_ignore_ascii_case(&postcode) {
            loc.remove("latitude");
            loc.remove("longitude");
        }
        put_list(loc, "addresses", addresses);
        doc.insert("service_at_locations".into(), Value::Array(sals));
    }
}

fn put_list(map: &mut Map<String, Value>, key: &str, items: Vec<Value>) {
    if items.is_empty() {
        map.remove(key);
    } else {
        map.insert(key.into(), Value::Array(items));
    }
}
