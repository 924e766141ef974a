//! Generated hostile input at every entry of the running service (issue 19),
//! on both engines: every form a member of staff of each role or a person
//! referring themselves can reach, every query string and path id, the JSON
//! API, the Open Referral UK API and the importers (directory feeds,
//! postcode files). For each generated request: no 5xx, no closed
//! connection, no unescaped markup echoed back, and a page with errors has
//! an error summary whose every link reaches its field. After the run:
//! nothing half-written (the audit trail verifies, no stored text holds a
//! character that no text may hold, every referral's page and the
//! evaluation still open, every directory record that was reported stored
//! is stored and no other).
//!
//! The forms are found as a person finds them: by following links from
//! each role's home page (and, for the self-referral, by walking the
//! journey), so a new form is covered without anyone listing it. The test
//! prints how many forms, pages and cases it tried per surface, and the
//! declared POST routes it did not reach. Cases per form: 6, times
//! `ROOTS_PROPERTY_SCALE` for a long run; the seed is `ROOTS_PROPERTY_SEED`
//! (printed), so a failure can be replayed.

#[macro_use]
mod common;

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use common::{TestApp, csrf, journey, location};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use roots_core::hostile::{forbidden_anywhere, hostile_bytes, hostile_json, hostile_text, scale};
use roots_store::Engine;
use serde_json::Value;

on_both_engines!(hostile_input_at_every_entry);

/// Draws values from proptest strategies with one seeded generator (no
/// shrinking: a failing request is printed whole instead).
struct Draw {
    runner: TestRunner,
}

impl Draw {
    fn new(seed: u64) -> Draw {
        let mut bytes = [0u8; 32];
        bytes[..8].copy_from_slice(&seed.to_le_bytes());
        Draw {
            runner: TestRunner::new_with_rng(
                Config::default(),
                TestRng::from_seed(RngAlgorithm::ChaCha, &bytes),
            ),
        }
    }

    fn value<S: Strategy>(&mut self, s: S) -> S::Value {
        s.new_tree(&mut self.runner).expect("a value").current()
    }

    /// A number from 0 to `n` - 1.
    fn below(&mut self, n: usize) -> usize {
        self.value(0..n.max(1))
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// A form field's value as it goes on the wire: text, or bytes that need
/// not be UTF-8.
#[derive(Debug, Clone)]
enum Wire {
    Text(String),
    Bytes(Vec<u8>),
}

fn encode(fields: &[(String, Wire)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, (k, v)) in fields.iter().enumerate() {
        if i > 0 {
            out.push(b'&');
        }
        let bytes = match v {
            Wire::Text(t) => t.as_bytes(),
            Wire::Bytes(b) => b.as_slice(),
        };
        for (j, part) in [k.as_bytes(), bytes].iter().enumerate() {
            if j == 1 {
                out.push(b'=');
            }
            for &b in *part {
                if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                    out.push(b);
                } else {
                    out.extend_from_slice(format!("%{b:02X}").as_bytes());
                }
            }
        }
    }
    out
}

/// The longest value put in an address: an HTTP client will not build a
/// URI over 64 KiB, and the server answers 414 or 431 for ones near that
/// anyway; the long values go in bodies instead.
const MAX_IN_ADDRESS: usize = 4000;

/// The most bytes of query string a generated address carries.
const MAX_QUERY_BYTES: usize = 32 * 1024;

/// `v`, cut to [`MAX_IN_ADDRESS`] characters when it is text.
fn for_address(v: Wire) -> Wire {
    match v {
        Wire::Text(t) if t.chars().count() > MAX_IN_ADDRESS => {
            Wire::Text(t.chars().take(MAX_IN_ADDRESS).collect())
        }
        other => other,
    }
}

/// Hostile text as one percent-encoded path segment.
fn segment(draw: &mut Draw) -> String {
    let v = for_address(Wire::Text(draw.value(hostile_text())));
    String::from_utf8(encode(&[(String::new(), v)]))
        .unwrap_or_default()
        .trim_start_matches('=')
        .to_owned()
}

/// `s` cut for a failure message.
fn cut(s: &str) -> String {
    if s.chars().count() > 300 {
        format!(
            "{}… ({} chars)",
            s.chars().take(300).collect::<String>(),
            s.len()
        )
    } else {
        s.to_owned()
    }
}

/// A short description of a value for a failure message.
fn shown(v: &Wire) -> String {
    let s = match v {
        Wire::Text(t) => format!("{t:?}"),
        Wire::Bytes(b) => format!("bytes {b:?}"),
    };
    if s.chars().count() > 120 {
        format!(
            "{}… ({} chars)",
            s.chars().take(120).collect::<String>(),
            s.len()
        )
    } else {
        s
    }
}

/// One field of a form as the page offers it.
#[derive(Debug, Clone)]
struct Field {
    name: String,
    /// What the page puts in it (a hidden value, an option, a box's value).
    value: String,
    /// `text`, `hidden`, `radio`, `checkbox`, `password`, `textarea`,
    /// `select`, …
    kind: String,
}

#[derive(Debug, Clone)]
struct Form {
    method: String,
    action: String,
    fields: Vec<Field>,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let needle = format!(" {name}=\"");
    let at = tag.find(&needle)? + needle.len();
    let end = at + tag[at..].find('"')?;
    Some(unescape(&tag[at..end]))
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The tags named `name` in `html`, each as its text from `<` to `>`.
fn tags<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name}");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(&open) {
        let after = &rest[at + open.len()..];
        if after.starts_with([' ', '>', '\n']) {
            let end = after.find('>').map_or(after.len(), |e| e + 1);
            out.push(&rest[at..at + open.len() + end]);
        }
        rest = &rest[at + open.len()..];
    }
    out
}

/// Every form on a page, with its fields.
fn forms(html: &str) -> Vec<Form> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("<form") {
        let Some(end) = rest[at..].find("</form>") else {
            break;
        };
        let body = &rest[at..at + end];
        let head = tags(body, "form").first().copied().unwrap_or("");
        let mut fields = Vec::new();
        for t in tags(body, "input") {
            if let Some(name) = attr(t, "name") {
                fields.push(Field {
                    name,
                    value: attr(t, "value").unwrap_or_default(),
                    kind: attr(t, "type").unwrap_or_else(|| "text".into()),
                });
            }
        }
        for t in tags(body, "textarea") {
            if let Some(name) = attr(t, "name") {
                fields.push(Field {
                    name,
                    value: String::new(),
                    kind: "textarea".into(),
                });
            }
        }
        for t in tags(body, "select") {
            if let Some(name) = attr(t, "name") {
                let from = body.find(t).unwrap_or(0);
                let option = tags(&body[from..], "option")
                    .into_iter()
                    .filter_map(|o| attr(o, "value"))
                    .find(|v| !v.is_empty())
                    .unwrap_or_default();
                fields.push(Field {
                    name,
                    value: option,
                    kind: "select".into(),
                });
            }
        }
        out.push(Form {
            method: attr(head, "method")
                .unwrap_or_else(|| "get".into())
                .to_lowercase(),
            action: attr(head, "action").unwrap_or_default(),
            fields,
        });
        rest = &rest[at + end..];
    }
    out
}

/// What a person filling in `form` sensibly might send: each field once,
/// as the page offers it (the first choice of a group), with made-up but
/// plausible text, dates and times where the page leaves a box empty. Its
/// answers create the records (entries, goals, alerts, clinics, bookings)
/// whose own forms the next round of crawling then finds.
fn plausible(form: &Form, csrf_token: &str) -> Vec<(String, Wire)> {
    let tomorrow = roots_web::today()
        .tomorrow()
        .map(|d| d.to_string())
        .unwrap_or_default();
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for f in &form.fields {
        if !seen.insert(f.name.clone()) {
            continue;
        }
        let n = f.name.as_str();
        let value = if n == "csrf" {
            csrf_token.to_owned()
        } else if n == "website" || f.kind == "password" {
            // The honeypot stays empty; no password is guessed.
            String::new()
        } else if n == "item-9" {
            // A PHQ-9 item 9 above 0 raises a safety alert, whose form the
            // next round finds.
            "1".into()
        } else if !f.value.is_empty() {
            f.value.clone()
        } else if n.ends_with("date") || n == "from" || n == "to" || n.ends_with("_on") {
            tomorrow.clone()
        } else if n == "start" || n.ends_with("_start") {
            "09:00".into()
        } else if n == "end" || n.ends_with("_end") {
            "12:00".into()
        } else if n.ends_with("minutes") {
            "30".into()
        } else if n.ends_with("_day") || n == "day" {
            "1".into()
        } else if n.ends_with("_month") || n == "month" {
            "12".into()
        } else if n.ends_with("_year") || n == "year" {
            "2026".into()
        } else if n.contains("email") {
            "synthetic@example.invalid".into()
        } else {
            "Synthetic text for the test".into()
        };
        out.push((f.name.clone(), Wire::Text(value)));
    }
    out
}

/// The site's own links on a page.
fn links(html: &str) -> Vec<String> {
    tags(html, "a")
        .into_iter()
        .filter_map(|t| attr(t, "href"))
        .filter(|h| h.starts_with('/') && !h.starts_with("//"))
        .map(|h| h.split('#').next().unwrap_or_default().to_owned())
        .collect()
}

/// A path with its UUIDs as `{id}`: the route a page or form belongs to.
fn template(path: &str) -> String {
    let path = path.split('?').next().unwrap_or(path);
    path.split('/')
        .map(|seg| {
            if uuid::Uuid::parse_str(seg).is_ok() {
                "{id}"
            } else {
                seg
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// What the run tried, per surface, for the printed summary.
#[derive(Default)]
struct Tally {
    cases: BTreeMap<&'static str, usize>,
    forms: BTreeSet<String>,
    pages: usize,
}

impl Tally {
    fn add(&mut self, surface: &'static str) {
        *self.cases.entry(surface).or_default() += 1;
    }

    /// Notes that a form posting (or getting) to `path` was tried.
    fn reach(&mut self, method: &str, path: &str) {
        let path = path.split('?').next().unwrap_or(path);
        let path = path.strip_prefix("/cy").unwrap_or(path);
        self.forms.insert(format!("{method} {}", template(path)));
    }
}

/// Whether a route as declared (`/staff/episodes/{id}/new/{kind}`) matches
/// a path tried (`/staff/episodes/{id}/new/note`).
fn matches_route(declared: &str, tried: &str) -> bool {
    let (d, t): (Vec<&str>, Vec<&str>) =
        (declared.split('/').collect(), tried.split('/').collect());
    d.len() == t.len()
        && d.iter()
            .zip(&t)
            .all(|(d, t)| d == t || (d.starts_with('{') && d.ends_with('}')))
}

/// Everything about one request and its answer, checked.
async fn checked(
    res: reqwest::Response,
    what: &dyn Fn() -> String,
) -> (u16, Option<String>, String) {
    let status = res.status().as_u16();
    let to = location(&res);
    let html = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let body = res
        .text()
        .await
        .unwrap_or_else(|e| panic!("the answer was cut off ({e}): {}", what()));
    assert!(status < 500, "{status}: {}\n{}", what(), cut(&body));
    // Pages escape what they show (JSON answers are not pages: with
    // `nosniff` no browser renders them as HTML).
    assert!(
        !html
            || (!body.contains("<script>alert(1)</script>")
                && !body.contains("<img src=x onerror")),
        "markup echoed unescaped: {}",
        what()
    );
    if html && body.contains("nhsuk-error-summary") {
        let summary = &body[body.find("nhsuk-error-summary").unwrap_or(0)..];
        let summary = &summary[..summary
            .find("</div>\n</div>")
            .unwrap_or(summary.len())
            .min(summary.len())];
        for href in tags(summary, "a")
            .into_iter()
            .filter_map(|t| attr(t, "href"))
        {
            if let Some(id) = href.strip_prefix('#') {
                assert!(
                    body.contains(&format!("id=\"{id}\"")),
                    "the error summary links to #{id}, which is not on the page: {}",
                    what()
                );
            }
        }
    }
    (status, (!to.is_empty()).then_some(to), body)
}

/// The signed-in members of staff, by role, and their passwords.
struct Staff {
    role: &'static str,
    client: reqwest::Client,
    password: String,
    /// The client's CSRF token (the same on every page of a browser), read
    /// once: pages grow as the run adds records, and reading one for every
    /// case made long runs slow.
    token: std::sync::OnceLock<String>,
}

async fn sign_in_all(app: &TestApp) -> Vec<Staff> {
    let mut out = Vec::new();
    for role in [
        "receptionist",
        "occupational therapist",
        "clinician",
        "service lead",
        "administrator",
    ] {
        let client = app.client();
        app.sign_in(&client, role).await;
        out.push(Staff {
            role,
            client,
            password: app.staff(role).1.to_owned(),
            token: std::sync::OnceLock::new(),
        });
    }
    out
}

/// Follows links from `start` as `client`, returning every form found
/// (at most three pages of each route, at most `limit` pages).
async fn crawl(
    app: &TestApp,
    client: &reqwest::Client,
    start: &[&str],
    skip: &dyn Fn(&str) -> bool,
    limit: usize,
    tally: &mut Tally,
) -> Vec<(String, Form)> {
    let mut queue: VecDeque<String> = start.iter().map(|s| (*s).to_owned()).collect();
    let mut seen = BTreeSet::new();
    let mut per_route: BTreeMap<String, usize> = BTreeMap::new();
    let mut found = Vec::new();
    let mut visited = 0;
    while let Some(path) = queue.pop_front() {
        if visited >= limit || !seen.insert(path.clone()) || skip(&path) {
            continue;
        }
        let route = template(&path);
        let n = per_route.entry(route).or_default();
        if *n >= 3 {
            continue;
        }
        *n += 1;
        let res = client.get(app.at(&path)).send().await.unwrap();
        let what = || format!("GET {path}");
        let (status, _, body) = checked(res, &what).await;
        visited += 1;
        tally.pages += 1;
        if status != 200 || body.is_empty() || !body.contains("<html") {
            continue;
        }
        for f in forms(&body) {
            found.push((path.clone(), f));
        }
        for l in links(&body) {
            if !l.starts_with("/cy")
                && !l.starts_with("/assets/")
                && !l.ends_with(".pdf")
                && !l.ends_with(".csv")
                && !l.contains("/sign-out")
            {
                queue.push_back(l);
            }
        }
    }
    found
}

/// Posts one generated case of a form (or sends it as a query for a GET
/// form), answering a "Confirm it's you" page with the password if one
/// comes, and checks the answer.
async fn fuzz_form(
    app: &TestApp,
    who: &Staff,
    page: &str,
    form: &Form,
    draw: &mut Draw,
    welsh: bool,
    sensible: bool,
) -> (u16, Option<String>) {
    let token = match who.token.get() {
        Some(t) => Some(t.clone()),
        None => {
            let t = csrf_of(&who.client, app, page).await;
            if let Some(t) = &t {
                let _ = who.token.set(t.clone());
            }
            t
        }
    };
    let mut fields: Vec<(String, Wire)> = Vec::new();
    if sensible {
        fields = plausible(form, token.as_deref().unwrap_or_default());
    }
    for f in form.fields.iter().filter(|_| !sensible) {
        let value = if f.name == "csrf" {
            if draw.chance(3) {
                Wire::Text(draw.value(hostile_text()))
            } else {
                Wire::Text(token.clone().unwrap_or_else(|| f.value.clone()))
            }
        } else if draw.chance(30) {
            Wire::Text(f.value.clone())
        } else if draw.chance(12) {
            Wire::Bytes(draw.value(hostile_bytes()))
        } else {
            Wire::Text(draw.value(hostile_text()))
        };
        fields.push((f.name.clone(), value));
    }
    if !sensible && draw.chance(10) {
        // A field the form does not have, and the same field twice.
        fields.push((
            draw.value(hostile_text()),
            Wire::Text(draw.value(hostile_text())),
        ));
        if let Some(first) = fields.first().cloned() {
            fields.push(first);
        }
    }
    let action = if form.action.is_empty() {
        page.split('?').next().unwrap_or(page).to_owned()
    } else {
        form.action.clone()
    };
    let action = match (welsh, action.strip_prefix("/cy")) {
        (true, None) => format!("/cy{action}"),
        _ => action,
    };
    let body = encode(&fields);
    let what = || {
        format!(
            "{} {} {} as {}: {}",
            form.method.to_uppercase(),
            action,
            if welsh { "(Welsh)" } else { "" },
            who.role,
            fields
                .iter()
                .map(|(k, v)| format!("{k}={}", shown(v)))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let res = if form.method == "post" {
        who.client
            .post(app.at(&action))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
    } else {
        let mut short: Vec<(String, Wire)> = fields
            .iter()
            .map(|(k, v)| {
                let Wire::Text(k) = for_address(Wire::Text(k.clone())) else {
                    unreachable!("text stays text")
                };
                (k, for_address(v.clone()))
            })
            .collect();
        // All the fields together must fit in an address too: halve the
        // longest name or text until they do (names are generated too).
        while encode(&short).len() > MAX_QUERY_BYTES {
            let longest = short
                .iter_mut()
                .flat_map(|(k, v)| {
                    let v = match v {
                        Wire::Text(t) => Some(t),
                        Wire::Bytes(_) => None,
                    };
                    std::iter::once(k).chain(v)
                })
                .max_by_key(|t| t.len());
            match longest {
                Some(t) if !t.is_empty() => {
                    let keep = t.chars().count() / 2;
                    *t = t.chars().take(keep).collect();
                }
                _ => break,
            }
        }
        let query = String::from_utf8(encode(&short)).unwrap_or_default();
        who.client
            .get(app.at(&format!("{action}?{query}")))
            .send()
            .await
    }
    .unwrap_or_else(|e| panic!("no answer ({e}): {}", what()));
    if std::env::var("ROOTS_PROPERTY_DEBUG").is_ok() {
        eprintln!(
            "{} {:?} {}",
            res.status(),
            res.headers()
                .get_all("set-cookie")
                .iter()
                .collect::<Vec<_>>(),
            cut(&what())
        );
    }
    let (status, to, html) = checked(res, &what).await;
    if html.contains("id=\"step-up\"") {
        // The administrator's step-up: confirm with the password; what was
        // posted is carried in the page and made now.
        let step = forms(&html)
            .into_iter()
            .find(|f| f.fields.iter().any(|x| x.name == "step_up"))
            .expect("the step-up form");
        let mut confirm: Vec<(String, Wire)> = step
            .fields
            .iter()
            .map(|f| (f.name.clone(), Wire::Text(f.value.clone())))
            .collect();
        for (k, v) in confirm.iter_mut() {
            if k == "step_up_password" {
                *v = Wire::Text(who.password.clone());
            }
        }
        let res = who
            .client
            .post(app.at(&step.action))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(encode(&confirm))
            .send()
            .await
            .unwrap();
        let (status, to, _) = checked(res, &what).await;
        return (status, to);
    }
    (status, to)
}

/// The CSRF token the client's pages carry (the same on every page).
async fn csrf_of(client: &reqwest::Client, app: &TestApp, page: &str) -> Option<String> {
    let html = client
        .get(app.at(page))
        .send()
        .await
        .ok()?
        .text()
        .await
        .ok()?;
    html.contains("name=\"csrf\" value=\"").then(|| csrf(&html))
}

/// A referral, page by page, from `first` to the check page: at each page
/// hostile answers first, then good ones (the test journey's, or the
/// page's own choices for a page it does not know) so the journey goes on;
/// then hostile posts of the check page and, last, a good one. The people
/// referring themselves walk it from `/refer/start`, staff from
/// `/staff/new-referral`.
async fn walk_referral(
    app: &TestApp,
    who: &Staff,
    first: String,
    draw: &mut Draw,
    cases: usize,
    tally: &mut Tally,
    surface: &'static str,
) {
    let good: BTreeMap<&str, Vec<(&str, String)>> =
        journey(&app.practices[0].id).into_iter().collect();
    let c = &who.client;
    let mut path = first;
    for _ in 0..40 {
        let html = c
            .get(app.at(&path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let Some(form) = forms(&html)
            .into_iter()
            .find(|f| f.method == "post" && !f.action.contains("sign-out"))
        else {
            // A page with no question ("About you"): take its button, the
            // way into the optional questions.
            path = tags(&html, "a")
                .into_iter()
                .find(|t| t.contains("nhsuk-button"))
                .and_then(|t| attr(t, "href"))
                .unwrap_or_else(|| panic!("a form or a button on {path}"));
            continue;
        };
        let check = path.ends_with("/check");
        for _ in 0..cases {
            fuzz_form(app, who, &path, &form, draw, false, false).await;
            tally.add(surface);
        }
        tally.reach("POST", &path);
        let again = c.get(app.at(&path)).send().await.unwrap();
        if again.status().is_redirection() {
            // One of the generated posts was a good one and the referral
            // was sent (its honeypot left empty, consent given): its pages
            // now lead to what was sent.
            assert!(
                check,
                "{path} led to {} after generated posts",
                location(&again)
            );
            return;
        }
        let token = csrf(&again.text().await.unwrap());
        let slug = path.rsplit('/').next().unwrap_or_default();
        let mut fields = match good.get(slug) {
            Some(answers) => {
                let mut f = vec![("csrf".to_owned(), Wire::Text(token))];
                f.extend(
                    answers
                        .iter()
                        .map(|(k, v)| ((*k).to_owned(), Wire::Text(v.clone()))),
                );
                f
            }
            None => plausible(&form, &token),
        };
        if check {
            fields.retain(|(k, _)| k != "consent");
            fields.push(("consent".into(), Wire::Text("yes".into())));
        }
        let res = c
            .post(app.at(&path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(encode(&fields))
            .send()
            .await
            .unwrap();
        let to = location(&res);
        assert_eq!(res.status(), 303, "the good answer on {path}");
        if check {
            assert!(
                to.ends_with("/confirmation") || to.contains("/staff/referrals"),
                "sent: {to}"
            );
            return;
        }
        path = to;
    }
    panic!("the journey did not reach its check page");
}

async fn fuzz_api(app: &TestApp, staff: &Staff, draw: &mut Draw, cases: usize, tally: &mut Tally) {
    let anonymous = reqwest::Client::new();
    let base: Value = serde_json::json!({
        "needs_help_now": "no", "emergency_signs": ["none"], "crisis_signs": ["none"],
        "other_concerns": ["none"], "given_name": "Ceri", "family_name": "Synthetig",
        "dob_day": "9", "dob_month": "11", "dob_year": "1990", "phone": "07700 900 456",
        "leave_message": "no", "postcode": "ll57 2pw", "practice": app.practices[0].id,
        "language": "en", "interpreter": "no", "communication_needs": ["none"],
        "story": "Synthetic story.", "difficulties": ["home"], "duration": "over_1_year",
        "matters_most": "Cooking.", "work_status": "retired", "consent": "yes"
    });
    let keys: Vec<String> = base.as_object().unwrap().keys().cloned().collect();
    for i in 0..cases * 8 {
        let (body, shown_body) = match i % 4 {
            0 | 1 => {
                let mut v = base.clone();
                for _ in 0..=draw.below(3) {
                    let k = keys[draw.below(keys.len())].clone();
                    let to = if draw.chance(70) {
                        Value::String(draw.value(hostile_text()))
                    } else {
                        draw.value(hostile_json(2))
                    };
                    v[k] = to;
                }
                let text = v.to_string();
                (text.clone().into_bytes(), text)
            }
            2 => {
                let v = draw.value(hostile_json(5));
                let text = v.to_string();
                (text.clone().into_bytes(), text)
            }
            _ => {
                let mut bytes = base.to_string().into_bytes();
                let at = draw.below(bytes.len());
                let junk = draw.value(hostile_bytes());
                bytes.splice(at..at, junk.clone());
                (bytes, format!("the good body with bytes {junk:?} at {at}"))
            }
        };
        let res = anonymous
            .post(app.at("/api/v1/referrals"))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        let what = || {
            format!(
                "POST /api/v1/referrals {}",
                shown_body.chars().take(300).collect::<String>()
            )
        };
        let (status, _, answer) = checked(res, &what).await;
        assert!(
            matches!(status, 201 | 400 | 413 | 415 | 422 | 429),
            "{status}: {}",
            what()
        );
        if status != 201 {
            let json: Value = serde_json::from_str(&answer)
                .unwrap_or_else(|_| panic!("a JSON error body: {}\n{answer}", what()));
            assert!(json["code"].is_string(), "{}", what());
        }
        tally.add("JSON API: POST /api/v1/referrals");
    }
    for _ in 0..cases * 4 {
        let k = ["limit", "offset", "page", "q"][draw.below(4)];
        let Wire::Text(v) = for_address(Wire::Text(draw.value(hostile_text()))) else {
            unreachable!("text stays text")
        };
        let query = String::from_utf8(encode(&[(k.to_owned(), Wire::Text(v.clone()))])).unwrap();
        let path = format!("/api/v1/referrals?{query}");
        let res = staff.client.get(app.at(&path)).send().await.unwrap();
        let (status, _, _) = checked(res, &|| format!("GET {}", cut(&path))).await;
        assert!(matches!(status, 200 | 400), "{status}: GET {}", cut(&path));
        let id: String = String::from_utf8(encode(&[(String::new(), Wire::Text(v))]))
            .unwrap()
            .trim_start_matches('=')
            .to_owned();
        let path = format!("/api/v1/referrals/{id}");
        let res = staff.client.get(app.at(&path)).send().await.unwrap();
        checked(res, &|| format!("GET {}", cut(&path))).await;
        tally.add("JSON API: queries and ids");
    }
}

async fn fuzz_open_referral(app: &TestApp, draw: &mut Draw, cases: usize, tally: &mut Tally) {
    let c = reqwest::Client::new();
    let params = [
        "page",
        "per_page",
        "text",
        "search",
        "taxonomy_term_id",
        "taxonomy_id",
        "postcode",
        "proximity",
        "modified_after",
        "minimum_age",
        "maximum_age",
        "status",
    ];
    for _ in 0..cases * 8 {
        let mut fields = Vec::new();
        for _ in 0..=draw.below(3) {
            fields.push((
                params[draw.below(params.len())].to_owned(),
                if draw.chance(15) {
                    Wire::Bytes(draw.value(hostile_bytes()))
                } else {
                    for_address(Wire::Text(draw.value(hostile_text())))
                },
            ));
        }
        let query = String::from_utf8(encode(&fields)).unwrap();
        for base in [
            "/openreferral/services",
            "/openreferral/service_at_locations",
            "/openreferral/taxonomy_terms",
        ] {
            let path = format!("{base}?{query}");
            let res = c.get(app.at(&path)).send().await.unwrap();
            checked(res, &|| format!("GET {}", cut(&path))).await;
            tally.add("Open Referral UK API");
        }
        let id = segment(draw);
        let path = format!("/openreferral/services/{id}");
        let res = c.get(app.at(&path)).send().await.unwrap();
        checked(res, &|| format!("GET {}", cut(&path))).await;
        tally.add("Open Referral UK API");
    }
}

/// Directory feeds and postcode files with hostile records, through the
/// same functions `roots directory import` and `roots postcodes import`
/// use.
async fn fuzz_importers(app: &TestApp, draw: &mut Draw, cases: usize, tally: &mut Tally) -> usize {
    let dir = std::env::temp_dir().join(format!(
        "roots-properties-{}-{}",
        std::process::id(),
        app.store.engine().name()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let good: Vec<Value> = roots_directory::read_feed(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../directory/tests/feeds/v3_paged.json"
        ))
        .unwrap(),
    )
    .unwrap()
    .records;
    let service = &app.demo.service.id;
    let mut stored_new = 0;
    let before = app.store.resource_count(service).await.unwrap() as usize;
    for i in 0..cases * 4 {
        let mut records = Vec::new();
        for (j, r) in good.iter().enumerate() {
            let mut r = r.clone();
            // A new id each time, so every good record is a new resource.
            r["id"] = Value::String(uuid::Uuid::new_v4().to_string());
            let keys: Vec<String> = r.as_object().unwrap().keys().cloned().collect();
            if (i + j) % 2 == 0 {
                let k = keys[draw.below(keys.len())].clone();
                r[k] = draw.value(hostile_json(3));
            }
            records.push(r);
        }
        records.push(draw.value(hostile_json(3)));
        let file = dir.join(format!("feed-{i}.json"));
        std::fs::write(&file, Value::Array(records).to_string()).unwrap();
        match roots::directory::import(&app.store, service, file.to_str().unwrap()).await {
            Ok(report) => stored_new += report.imported.new,
            Err(e) => assert_ne!(e.code, 101, "{e}"),
        }
        tally.add("directory import (feeds)");
    }
    assert_eq!(
        app.store.resource_count(service).await.unwrap() as usize,
        before + stored_new,
        "every record reported new is stored, and no other"
    );
    let header = "postcode,latitude,longitude,lsoa21,imd";
    for _ in 0..cases * 4 {
        let mut text = String::from(header);
        for _ in 0..=draw.below(6) {
            let cells: Vec<String> = (0..5)
                .map(|k| {
                    if draw.chance(50) {
                        ["LL57 2PW", "53.2", "-4.1", "W01000001", "1"][k].to_owned()
                    } else {
                        draw.value(hostile_text())
                    }
                })
                .collect();
            text.push('\n');
            text.push_str(&cells.join(","));
        }
        if let Ok(read) = roots_directory::geo::read_postcodes(&text) {
            for p in &read.places {
                assert!(p.latitude.is_finite() && p.longitude.is_finite(), "{p:?}");
            }
            app.store
                .import_postcodes(
                    &read.places,
                    "generated.csv",
                    &roots_store::audit::Actor::system(),
                    jiff::Timestamp::now(),
                )
                .await
                .unwrap_or_else(|e| panic!("postcodes refused as a whole ({e}): {text:?}"));
        }
        tally.add("postcode files");
    }
    std::fs::remove_dir_all(&dir).unwrap();
    stored_new
}

/// Every text value in the database, as `(table, column, text)`. Only
/// the list of tables is asked for differently on each engine; a column
/// that is not text does not read as one and is passed over.
async fn every_text(url: &str, engine: Engine) -> Vec<(String, String, String)> {
    use sqlx::{Column, Connection, Row};
    sqlx::any::install_default_drivers();
    let mut c = sqlx::AnyConnection::connect(url).await.unwrap();
    let tables: Vec<String> = sqlx::query_scalar(match engine {
        Engine::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        }
        Engine::Postgres => {
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public'"
        }
    })
    .fetch_all(&mut c)
    .await
    .unwrap();
    let mut out = Vec::new();
    for t in tables {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT * FROM \"{t}\"")))
            .fetch_all(&mut c)
            .await
            .unwrap();
        for r in rows {
            for (i, col) in r.columns().iter().enumerate() {
                if let Ok(Some(s)) = r.try_get::<Option<String>, _>(i) {
                    out.push((t.clone(), col.name().to_owned(), s));
                }
            }
        }
    }
    out
}

async fn hostile_input_at_every_entry(engine: Engine) {
    let seed: u64 = std::env::var("ROOTS_PROPERTY_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_2026_1207);
    let cases = 6 * scale() as usize;
    println!(
        "hostile input on {}: seed {seed} (ROOTS_PROPERTY_SEED), {cases} cases per form (ROOTS_PROPERTY_SCALE)",
        engine.name()
    );
    let web = roots_web::WebConfig {
        public_submissions_per_hour: 0,
        ..roots_web::WebConfig::default()
    };
    let app = TestApp::spawn_with(engine, web).await;
    roots::demo::seed_directory(&app.store, &app.demo.service.id)
        .await
        .unwrap();
    roots::demo::seed_postcodes(&app.store).await.unwrap();
    let episode = common::an_episode(&app).await;
    let mut draw = Draw::new(seed);
    let mut tally = Tally::default();

    // The people referring themselves, in English and in Welsh.
    for (prefix, n) in [("", cases), ("/cy", 1)] {
        let person = Staff {
            role: "a person referring themselves",
            client: app.client(),
            password: String::new(),
            token: std::sync::OnceLock::new(),
        };
        let res = person
            .client
            .get(app.at(&format!("{prefix}/refer/start")))
            .send()
            .await
            .unwrap();
        let first = location(&res);
        walk_referral(
            &app,
            &person,
            first,
            &mut draw,
            n,
            &mut tally,
            "self-referral pages",
        )
        .await;
    }

    let staff = sign_in_all(&app).await;
    // A member of staff whose account the administrator's forms may change
    // (the test's own staff are left alone).
    let victim = app
        .store
        .create_user(
            &app.demo.service.id,
            "victim@demo.roots.invalid",
            "Synthetic Victim",
            &roots_web::auth::hash_password("a long and unusual passphrase 4 roots").unwrap(),
            &[roots_core::staff::Role::Receptionist],
        )
        .await
        .unwrap();
    assert!(!victim.id.is_empty());
    // A referral entered by a receptionist for someone who phoned.
    let reception = &staff[0];
    let html = reception
        .client
        .get(app.at("/staff/new-referral"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let start = forms(&html)
        .into_iter()
        .find(|f| f.method == "post" && !f.action.contains("sign-out"))
        .expect("the new referral form");
    let res = reception
        .client
        .post(app.at("/staff/new-referral"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(encode(&plausible(&start, &csrf(&html))))
        .send()
        .await
        .unwrap();
    let first = location(&res);
    assert!(first.starts_with("/staff/refer/"), "{first}");
    walk_referral(
        &app,
        reception,
        first,
        &mut draw,
        cases,
        &mut tally,
        "staff-entered referral pages",
    )
    .await;
    // Forms that would end the test's own sessions or change its own
    // accounts are not posted (the access test covers who may post them).
    let demo_user_ids: Vec<String> = {
        let mut ids = Vec::new();
        for u in &app.demo.users {
            ids.push(app.store.user_by_email(&u.email).await.unwrap().id);
        }
        ids
    };
    let unsafe_form = |action: &str| {
        action.contains("sign-out")
            || action.starts_with("/staff/account")
            || action.starts_with("/staff/tokens")
            || (action.starts_with("/staff/users/")
                && demo_user_ids.iter().any(|id| action.contains(id.as_str())))
    };
    // Two rounds: the first round's sensible answers make records (entries,
    // goals, alerts, clinics, claims) whose own forms the second finds.
    let mut done: BTreeSet<(String, String, String, Vec<String>)> = BTreeSet::new();
    for round in 0..2 {
        for who in &staff {
            let victim_page = format!("/staff/users/{}", victim.id);
            let starts = [
                victim_page.as_str(),
                "/staff",
                "/staff/referrals",
                "/staff/triage",
                &format!("/staff/episodes/{episode}"),
                "/staff/directory",
                "/staff/users",
                "/staff/evaluation",
                "/staff/audit",
                "/staff/day",
                "/staff/waiting",
                "/staff/clinics",
                "/staff/signposting/follow-ups",
            ];
            let found = crawl(
                &app,
                &who.client,
                &starts,
                &|p: &str| p.starts_with("/refer") || p.starts_with("/staff/refer/"),
                250,
                &mut tally,
            )
            .await;
            for (page, form) in found {
                let action = if form.action.is_empty() {
                    page.clone()
                } else {
                    form.action.clone()
                };
                let mut names: Vec<String> = form.fields.iter().map(|f| f.name.clone()).collect();
                names.sort();
                names.dedup();
                let key = (
                    who.role.to_owned(),
                    form.method.clone(),
                    template(&action),
                    names,
                );
                if unsafe_form(&action) || !done.insert(key) {
                    continue;
                }
                tally.reach(&form.method.to_uppercase(), &action);
                // A sensible answer first (not for the forms that end an
                // episode, merge people, retire a resource or close the
                // service: those would take the rest of the run's forms away).
                let ends = [
                    "/discharge",
                    "/merge",
                    "/unmerge",
                    "/retire",
                    "/staff/service",
                ]
                .iter()
                .any(|e| action.ends_with(e));
                if form.method == "post" && !ends {
                    fuzz_form(&app, who, &page, &form, &mut draw, false, true).await;
                    tally.add("staff forms: sensible answers");
                }
                for i in 0..cases {
                    let welsh = i == 0 && draw.chance(30);
                    fuzz_form(&app, who, &page, &form, &mut draw, welsh, false).await;
                    tally.add(if form.method == "post" {
                        "staff forms (POST), hostile"
                    } else {
                        "staff filters (GET forms), hostile"
                    });
                }
            }
            if round == 0 {
                continue;
            }
            // Every page this role reached, with hostile query strings and ids.
            for path in [
                "/staff/referrals",
                "/staff/day",
                "/staff/audit",
                "/staff/evaluation",
                "/staff/triage",
                "/staff/waiting",
                "/staff/directory",
                "/staff/signposting/follow-ups",
            ] {
                for _ in 0..cases {
                    let k = [
                        "page", "date", "from", "to", "user", "record", "q", "practice",
                        "priority", "status",
                    ][draw.below(10)];
                    let v = if draw.chance(15) {
                        Wire::Bytes(draw.value(hostile_bytes()))
                    } else {
                        Wire::Text(draw.value(hostile_text()))
                    };
                    let query =
                        String::from_utf8(encode(&[(k.to_owned(), for_address(v))])).unwrap();
                    let full = format!("{path}?{query}");
                    let res = who.client.get(app.at(&full)).send().await.unwrap();
                    checked(res, &|| format!("GET {} as {}", cut(&full), who.role)).await;
                    tally.add("staff query strings");
                }
            }
            for route in [
                "/staff/referrals/{x}",
                "/staff/episodes/{x}",
                "/staff/directory/{x}",
                "/staff/users/{x}",
                &format!("/staff/episodes/{episode}/entries/{{x}}"),
                "/staff/referrals/{x}/triage",
            ] {
                for _ in 0..cases {
                    let id = segment(&mut draw);
                    let path = route.replace("{x}", &id);
                    if path.ends_with('/') || path.contains("//") {
                        continue;
                    }
                    let res = who.client.get(app.at(&path)).send().await.unwrap();
                    checked(res, &|| format!("GET {} as {}", cut(&path), who.role)).await;
                    tally.add("staff path ids");
                }
            }
        }
    }
    fuzz_api(&app, &staff[0], &mut draw, cases, &mut tally).await;
    fuzz_open_referral(&app, &mut draw, cases, &mut tally).await;
    fuzz_importers(&app, &mut draw, cases, &mut tally).await;

    // The code page of a half-finished sign-in (a clinician's password was
    // right; the code is what is generated).
    let half = app.client();
    let (email, password) = app.staff("clinician");
    let res = common::submit(
        &half,
        &app.at("/staff/sign-in"),
        &[("email", email), ("password", password)],
    )
    .await;
    if location(&res) == "/staff/sign-in/code" {
        let html = half
            .get(app.at("/staff/sign-in/code"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let form = forms(&html)
            .into_iter()
            .find(|f| f.method == "post")
            .expect("the code form");
        let who = Staff {
            role: "someone half signed in",
            client: half.clone(),
            password: String::new(),
            token: std::sync::OnceLock::new(),
        };
        for _ in 0..cases {
            fuzz_form(
                &app,
                &who,
                "/staff/sign-in/code",
                &form,
                &mut draw,
                false,
                false,
            )
            .await;
            tally.add("sign-in: the code");
        }
        tally.reach("POST", "/staff/sign-in/code");
    }

    // Sign-in last (failures lock the address out for a while).
    let stranger = app.client();
    for _ in 0..cases * 4 {
        let html = stranger
            .get(app.at("/staff/sign-in"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let form = forms(&html)
            .into_iter()
            .find(|f| f.method == "post" && !f.action.contains("sign-out"))
            .expect("the sign-in form");
        let who = Staff {
            role: "someone signing in",
            client: stranger.clone(),
            password: String::new(),
            token: std::sync::OnceLock::new(),
        };
        fuzz_form(&app, &who, "/staff/sign-in", &form, &mut draw, false, false).await;
        tally.add("sign-in");
        tally.reach("POST", "/staff/sign-in");
    }

    // What was tried.
    let declared: BTreeSet<String> = roots_web::declared_routes()
        .into_iter()
        .filter(|d| d.methods.contains(&axum::http::Method::POST) && !d.path.starts_with("/cy"))
        .map(|d| format!("POST {}", d.path))
        .collect();
    let reached: BTreeSet<String> = tally.forms.iter().map(|f| f.to_string()).collect();
    println!(
        "hostile input on {}: {} pages crawled, {} distinct forms",
        engine.name(),
        tally.pages,
        tally.forms.len(),
    );
    for (surface, n) in &tally.cases {
        println!("  {n:>5} cases: {surface}");
    }
    if std::env::var("ROOTS_PROPERTY_FORMS").is_ok() {
        println!("  forms: {:#?}", tally.forms);
    }
    let missed: Vec<&String> = declared
        .iter()
        .filter(|d| !reached.iter().any(|r| matches_route(d, r)))
        .collect();
    println!(
        "  declared POST routes no form reached ({} of {}; sign-out, one's own account and tokens, and changes to the test's own staff are left out on purpose): {missed:?}",
        missed.len(),
        declared.len()
    );
    // Nothing half-written, nothing stored that no text may hold.
    match app.store.verify_audit().await.unwrap() {
        roots_store::audit::Verified::Intact { .. } => {}
        other => panic!("the audit trail does not verify: {other:?}"),
    }
    let mut bad = Vec::new();
    let texts = every_text(app.database_url(), engine).await;
    // The scan reads what it should (a scan that read nothing would pass).
    for table in [
        "referrals",
        "clinical_entries",
        "resources",
        "audit_events",
        "users",
    ] {
        assert!(
            texts.iter().any(|(t, _, _)| t == table),
            "no text read from {table}"
        );
    }
    for (table, column, text) in texts {
        // Drafts keep what was typed, as typed, until it is sent: that is
        // how nothing is lost. Everything else must be clean.
        if table == "referral_drafts" {
            continue;
        }
        let mut all = vec![text.clone()];
        if let Ok(v) = serde_json::from_str::<Value>(&text) {
            all.extend(roots_core::hostile::strings(&v));
        }
        if all.iter().any(|s| forbidden_anywhere(s)) {
            bad.push(format!(
                "{table}.{column}: {:?}",
                text.chars().take(160).collect::<String>()
            ));
        }
    }
    assert!(
        bad.is_empty(),
        "stored text holds forbidden characters:\n{}",
        bad.join("\n")
    );
    let ot = staff
        .iter()
        .find(|s| s.role == "occupational therapist")
        .unwrap();
    let referrals = app
        .store
        .list_referrals(&app.demo.service.id, 10_000, 0)
        .await
        .unwrap();
    for r in &referrals {
        let path = format!("/staff/referrals/{}", r.id);
        let res = ot.client.get(app.at(&path)).send().await.unwrap();
        let (status, _, _) = checked(res, &|| format!("GET {path}")).await;
        assert_eq!(status, 200, "{path}");
    }
    println!("  {} referrals stored, each page re-read", referrals.len());
    let lead = staff.iter().find(|s| s.role == "service lead").unwrap();
    for path in [
        "/staff/evaluation?from=2020-01-01&to=2199-12-31",
        "/staff/evaluation.csv?from=2020-01-01&to=2199-12-31",
    ] {
        let res = lead.client.get(app.at(path)).send().await.unwrap();
        let (status, _, _) = checked(res, &|| format!("GET {path}")).await;
        assert_eq!(status, 200, "{path}");
    }

    app.stop().await;
}
