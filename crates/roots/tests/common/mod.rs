//! The test harness: the real application on port 0, against a fresh
//! database of either engine, seeded with the demonstration service.
#![allow(dead_code)]

use std::time::Duration;

use roots::demo::Demo;
use roots_store::testing::TestDatabase;
use roots_store::{Engine, Practice, Store};
use tokio::sync::oneshot;

/// `on_both_engines!(story, …)` makes a `sqlite::story` and a
/// `postgres::story` test of each `async fn story(engine: Engine)`.
#[allow(unused_macros)]
macro_rules! on_both_engines {
    ($($story:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test] async fn $story() { super::$story(roots_store::Engine::Sqlite).await })*
        }
        mod postgres {
            $(#[tokio::test] async fn $story() { super::$story(roots_store::Engine::Postgres).await })*
        }
    };
}

pub struct TestApp {
    pub url: String,
    pub store: Store,
    pub demo: Demo,
    pub practices: Vec<Practice>,
    /// Authenticator keys set up while signing in, by email, with the
    /// newest time step used (a code is accepted once).
    authenticators: std::sync::Mutex<std::collections::HashMap<String, (String, u64)>>,
    db: Option<TestDatabase>,
    shutdown: Option<oneshot::Sender<()>>,
    handle: Option<tokio::task::JoinHandle<Result<(), roots::Fatal>>>,
}

impl TestApp {
    /// The test's own database, for checks behind the store's back.
    pub fn database_url(&self) -> &str {
        self.db.as_ref().map_or("", |d| d.url.as_str())
    }
}

pub fn engines() -> [Engine; 2] {
    [Engine::Sqlite, Engine::Postgres]
}

impl TestApp {
    pub async fn spawn(engine: Engine) -> TestApp {
        Self::spawn_with(engine, roots_web::WebConfig::default()).await
    }

    pub async fn spawn_with(engine: Engine, web: roots_web::WebConfig) -> TestApp {
        Self::spawn_keyed(
            engine,
            web,
            Some(roots_store::two_factor::keys::KeyRing::generate()),
        )
        .await
    }

    /// The application as started with no two-factor key file.
    pub async fn spawn_without_key_file(engine: Engine) -> TestApp {
        Self::spawn_keyed(engine, roots_web::WebConfig::default(), None).await
    }

    async fn spawn_keyed(
        engine: Engine,
        web: roots_web::WebConfig,
        keys: Option<roots_store::two_factor::keys::KeyRing>,
    ) -> TestApp {
        let db = TestDatabase::new(engine).await.expect("test database");
        let store = roots::open_store(&db.url).await.expect("store");
        let store = match keys {
            Some(k) => store.with_two_factor_keys(k),
            None => store,
        };
        let demo = roots::demo::seed(&store).await.expect("seed");
        let practices = store.practices(&demo.service.id).await.unwrap();
        let listener = roots::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let (tx, rx) = oneshot::channel::<()>();
        let handle = tokio::spawn({
            let store = store.clone();
            let slug = demo.service.slug.clone();
            async move {
                roots::serve(store, Some(&slug), web, listener, async {
                    let _ = rx.await;
                })
                .await
            }
        });
        TestApp {
            url,
            store,
            demo,
            practices,
            authenticators: Default::default(),
            db: Some(db),
            shutdown: Some(tx),
            handle: Some(handle),
        }
    }

    /// A browser-like client: keeps cookies, does not follow redirects.
    pub fn client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap()
    }

    pub fn at(&self, path: &str) -> String {
        format!("{}{}", self.url, path)
    }

    pub fn staff(&self, role: &str) -> (&str, &str) {
        let u = self
            .demo
            .users
            .iter()
            .find(|u| u.role.starts_with(role))
            .expect("demo user");
        (&u.email, &u.password)
    }

    /// Signs `c` in as the demo user of `role`, as a person would: the
    /// password, then the authenticator code when the role needs one
    /// (setting up the app from the page's key the first time).
    pub async fn sign_in(&self, c: &reqwest::Client, role: &str) {
        let (email, password) = self.staff(role);
        let res = submit(
            c,
            &self.at("/staff/sign-in"),
            &[("email", email), ("password", password)],
        )
        .await;
        let to = location(&res);
        match to.as_str() {
            "/staff/referrals" => {}
            "/staff/sign-in/set-up" => {
                let page = c.get(self.at(&to)).send().await.unwrap();
                assert_eq!(page.status(), 200, "{role}: set-up page");
                let page = page.text().await.unwrap();
                let key = authenticator_key(&page);
                self.authenticators
                    .lock()
                    .unwrap()
                    .insert(email.to_owned(), (key, 0));
                let code = self.next_code(email).await;
                let res = c
                    .post(self.at(&to))
                    .form(&[("csrf", csrf(&page).as_str()), ("code", code.as_str())])
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), 200, "{role}: authenticator set up");
                let html = res.text().await.unwrap();
                assert!(
                    html.contains("id=\"recovery-codes\""),
                    "{role}: recovery codes shown"
                );
            }
            "/staff/sign-in/code" => {
                let code = self.next_code(email).await;
                let res = submit(c, &self.at(&to), &[("code", code.as_str())]).await;
                assert_eq!(location(&res), "/staff/referrals", "{role}: code accepted");
            }
            other => panic!("{role}: signing in went to {other:?} ({})", res.status()),
        }
    }

    /// Answers Roots's "Confirm it's you" page (`res`, the answer to an
    /// administrator's change) with the password of the demo user of
    /// `role`, posting again everything the page carried. Returns the
    /// answer to the change.
    pub async fn confirm(
        &self,
        c: &reqwest::Client,
        res: reqwest::Response,
        role: &str,
    ) -> reqwest::Response {
        assert_eq!(res.status(), 200, "the confirmation page");
        let html = res.text().await.unwrap();
        let (_, password) = self.staff(role);
        let (action, mut fields) = step_up_form(&html);
        fields.push(("step_up_password".into(), password.to_owned()));
        c.post(self.at(&action)).form(&fields).send().await.unwrap()
    }

    /// The code the authenticator of `email` shows, for a time step not
    /// used before (waiting for the next step when both allowed are used).
    pub async fn next_code(&self, email: &str) -> String {
        loop {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_secs();
            let step = now / roots_web::auth::TOTP_STEP;
            {
                let mut map = self.authenticators.lock().unwrap();
                let (key, last) = map.get_mut(email).expect("an authenticator set up");
                let candidate = step.max(*last + 1);
                // One step ahead is within the allowed drift.
                if candidate <= step + 1 {
                    *last = candidate;
                    return roots_web::auth::totp_code(key, candidate * roots_web::auth::TOTP_STEP)
                        .unwrap();
                }
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }

    /// Keeps an authenticator key that a browser journey read off a page.
    pub fn remember_authenticator(&self, email: &str, key: &str) {
        self.authenticators
            .lock()
            .unwrap()
            .insert(email.to_owned(), (key.to_owned(), 0));
    }

    /// The authenticator key set up for `email`, if any.
    pub fn authenticator(&self, email: &str) -> Option<String> {
        self.authenticators
            .lock()
            .unwrap()
            .get(email)
            .map(|(k, _)| k.clone())
    }

    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(h) = self.handle.take() {
            h.await.unwrap().unwrap();
        }
        if let Some(db) = self.db.take() {
            db.remove().await.unwrap();
        }
    }
}

/// The CSRF token in a page's first form.
pub fn csrf(html: &str) -> String {
    let at = html
        .find("name=\"csrf\" value=\"")
        .expect("a form with a csrf field")
        + 19;
    html[at..at + 64].to_owned()
}

/// The action and hidden fields of a "Confirm it's you" page.
pub fn step_up_form(html: &str) -> (String, Vec<(String, String)>) {
    let at = html
        .find("id=\"step-up\"")
        .expect("a \"Confirm it's you\" form");
    let form = &html[html[..at].rfind("<form").unwrap()..];
    let form = &form[..form.find("</form>").unwrap()];
    let attr = |tag: &str, name: &str| -> Option<String> {
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(unescape(&tag[at..at + tag[at..].find('"')?]))
    };
    let action = attr(&form[..form.find('>').unwrap()], "action").unwrap();
    let fields = form
        .split("<input")
        .skip(1)
        .filter(|tag| tag.contains("type=\"hidden\""))
        .map(|tag| {
            let tag = &tag[..tag.find('>').unwrap()];
            (attr(tag, "name").unwrap(), attr(tag, "value").unwrap())
        })
        .collect();
    (action, fields)
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#60;", "<")
        .replace("&#62;", ">")
        .replace("&#34;", "\"")
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}

/// The authenticator key printed on the set-up page (spaces removed).
pub fn authenticator_key(html: &str) -> String {
    let start = html
        .find("id=\"totp-key\" lang=\"en\">")
        .expect("the key on the set-up page")
        + "id=\"totp-key\" lang=\"en\">".len();
    let end = start + html[start..].find("</p>").unwrap();
    html[start..end].split_whitespace().collect()
}

/// GETs a page, then POSTs `fields` (plus its CSRF token) to the same
/// address. Returns the POST's response.
pub async fn submit(
    client: &reqwest::Client,
    url: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let page = client.get(url).send().await.unwrap();
    assert_eq!(page.status(), 200, "GET {url}");
    let token = csrf(&page.text().await.unwrap());
    let mut form: Vec<(&str, &str)> = vec![("csrf", token.as_str())];
    form.extend_from_slice(fields);
    client.post(url).form(&form).send().await.unwrap()
}

pub fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

/// The answers of a complete self-referral, page by page.
pub fn journey(practice_id: &str) -> Vec<(&'static str, Vec<(&'static str, String)>)> {
    let s = |v: &str| v.to_owned();
    vec![
        ("help-now", vec![("needs_help_now", s("no"))]),
        ("symptoms-now", vec![("emergency_signs", s("none"))]),
        ("how-you-are-feeling", vec![("crisis_signs", s("none"))]),
        ("other-concerns", vec![("other_concerns", s("none"))]),
        (
            "name",
            vec![("given_name", s("Ceri")), ("family_name", s("Synthetig"))],
        ),
        (
            "date-of-birth",
            vec![
                ("dob_day", s("9")),
                ("dob_month", s("11")),
                ("dob_year", s("1990")),
            ],
        ),
        (
            "contact",
            vec![
                ("phone", s("07700 900 456")),
                ("email", s("")),
                ("leave_message", s("no")),
            ],
        ),
        ("postcode", vec![("postcode", s("ll57 2pw"))]),
        ("nhs-number", vec![("nhs_number", s(""))]),
        ("gp-practice", vec![("practice", practice_id.to_owned())]),
        (
            "language",
            vec![("language", s("cy")), ("interpreter", s("no"))],
        ),
        ("communication", vec![("communication_needs", s("none"))]),
        (
            "your-words",
            vec![(
                "story",
                s("Mae fy nwylo'n brifo <b>bob</b> bore & I can't cook."),
            )],
        ),
        (
            "difficulties",
            vec![
                ("difficulties", s("home")),
                ("difficulties", s("self_care")),
            ],
        ),
        ("how-long", vec![("duration", s("over_1_year"))]),
        (
            "matters-most",
            vec![("matters_most", s("Coginio i'r teulu eto"))],
        ),
        ("work", vec![("work_status", s("retired"))]),
    ]
}

/// The demo's OT, as the store's actor.
pub async fn ot_actor(app: &TestApp) -> roots_store::audit::Actor {
    let ot = app
        .store
        .user_by_email("ot@demo.roots.invalid")
        .await
        .unwrap();
    roots_store::audit::Actor {
        user_id: Some(ot.id.clone()),
        roles: ot.roles.clone(),
        request_id: None,
        system: false,
    }
}

/// Opens an episode for the first demo referral as the demo OT (through
/// the store, as triage would) and returns its address.
pub async fn an_episode(app: &TestApp) -> String {
    use roots_core::queue::{Outcome, TriageEntry};
    let service = &app.demo.service.id;
    let referral = app
        .store
        .list_referrals(service, 1, 0)
        .await
        .unwrap()
        .remove(0);
    let actor = ot_actor(app).await;
    let now = jiff::Timestamp::now();
    app.store
        .claim(
            service,
            &referral.id,
            &actor,
            now,
            jiff::SignedDuration::from_mins(30),
        )
        .await
        .unwrap();
    let row = app.store.queue_row(service, &referral.id).await.unwrap();
    let entry = TriageEntry {
        priority: row.priority,
        pathways: row.pathways.clone(),
        outcome: Outcome::AcceptOt,
        changed: false,
        change_reason: None,
        target: None,
        attempts: None,
        note: None,
    };
    app.store
        .record_triage(service, &referral.id, &entry, 0, &actor, now)
        .await
        .unwrap();
    let id = app
        .store
        .episode_of_referral(&referral.id)
        .await
        .unwrap()
        .unwrap();
    format!("/staff/episodes/{id}")
}

/// Every link of a page's error summary goes to an element on the page.
pub fn error_links_land(html: &str) {
    let summary = html
        .split("nhsuk-error-summary__list")
        .nth(1)
        .expect("an error summary")
        .split("</ul>")
        .next()
        .unwrap();
    let targets: Vec<&str> = summary
        .split("href=\"#")
        .skip(1)
        .map(|t| t.split('"').next().unwrap())
        .collect();
    assert!(!targets.is_empty(), "links in the summary");
    for t in targets {
        assert!(html.contains(&format!("id=\"{t}\"")), "#{t} is on the page");
    }
}
