//! Browser journeys in real headless Chromium, driven over WebDriver
//! (chromedriver), with an axe-core scan of every page they reach. Each
//! journey runs on SQLite and on PostgreSQL.
//!
//! The test command installs Debian's `chromium` and `chromium-driver`;
//! `ROOTS_CHROMEDRIVER` and `ROOTS_CHROMIUM` override their paths. These
//! tests fail, never skip, when the browser is missing.

mod common;

use std::process::Stdio;
use std::time::{Duration, Instant};

use common::TestApp;
use fantoccini::{Client, ClientBuilder, Locator};
use roots_store::Engine;
use roots_web::{Lang, Locales};
use serde_json::json;

macro_rules! on_both_engines {
    ($($story:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
              async fn $story() { super::$story(roots_store::Engine::Sqlite).await })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
              async fn $story() { super::$story(roots_store::Engine::Postgres).await })*
        }
    };
}

on_both_engines!(
    browser_self_referral_in_english_on_a_phone,
    browser_self_referral_in_welsh,
    browser_self_referral_without_javascript,
    browser_staff_entered_referral,
    browser_second_factor_staff_accounts_and_break_glass,
    browser_red_flags_advice_and_the_triage_queue,
    browser_an_episode_of_care_from_booking_to_discharge,
    browser_find_local_support_on_a_phone_in_both_languages,
    browser_work_assessment_to_a_downloaded_report,
    browser_service_lead_reads_the_evaluation_on_a_phone,
);

/// A chromedriver of our own and one browser session with its own profile.
struct Browser {
    client: Client,
    driver: tokio::process::Child,
    profile: std::path::PathBuf,
    axe: Option<String>,
    scanned: Vec<String>,
}

impl Browser {
    async fn start(javascript: bool, width: u32, height: u32) -> Browser {
        let driver_path =
            std::env::var("ROOTS_CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let chromium =
            std::env::var("ROOTS_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = tokio::process::Command::new(&driver_path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Its own process group, so the Chromium it starts can be ended
            // with it even when a journey fails half-way.
            .process_group(0)
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start {driver_path} (the test command installs chromium-driver): {e}"
                )
            });
        let profile = std::env::temp_dir().join(format!("roots-chromium-{}", hex(8)));
        std::fs::create_dir_all(&profile).unwrap();
        let mut options = json!({
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                format!("--window-size={width},{height}"),
                format!("--user-data-dir={}", profile.display()),
            ]
        });
        if !javascript {
            options["prefs"] = json!({"profile.managed_default_content_settings.javascript": 2});
        }
        let caps = json!({"browserName": "chrome", "goog:chromeOptions": options});
        let caps = caps.as_object().unwrap().clone();
        let deadline = Instant::now() + Duration::from_secs(30);
        let client = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(caps.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(c) => break c,
                Err(e) if Instant::now() < deadline => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("cannot start a browser session: {e}"),
            }
        };
        let axe = javascript.then(|| {
            std::fs::read_to_string(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../node_modules/axe-core/axe.min.js"
            ))
            .expect("axe-core is installed by npm ci")
        });
        Browser {
            client,
            driver,
            profile,
            axe,
            scanned: Vec::new(),
        }
    }

    async fn goto(&mut self, url: &str) {
        self.client.goto(url).await.unwrap();
        self.scan().await;
    }

    /// Runs axe-core on the current page; any violation fails the test.
    async fn scan(&mut self) {
        let Some(axe) = &self.axe else { return };
        let url = self.client.current_url().await.unwrap().to_string();
        self.client.execute(axe, vec![]).await.unwrap();
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, {resultTypes: ['violations']})
                    .then(r => done(JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.html)})))))
                    .catch(e => done('axe failed: ' + e));",
                vec![],
            )
            .await
            .unwrap();
        let text = result.as_str().unwrap_or("axe returned nothing").to_owned();
        assert_eq!(text, "[]", "axe-core violations on {url}");
        self.scanned.push(url);
    }

    async fn text(&self) -> String {
        self.client.source().await.unwrap()
    }

    /// Waits until the address contains `part` (after a form posted by a
    /// button of its own).
    async fn wait_for_path_containing(&self, part: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !self.path().await.contains(part) {
            assert!(Instant::now() < deadline, "never reached {part}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn path(&self) -> String {
        self.client.current_url().await.unwrap().path().to_owned()
    }

    async fn click_choice(&self, name: &str, value: &str) {
        let input = self
            .client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(&format!(
                "input[name='{name}'][value='{value}']"
            )))
            .await
            .unwrap_or_else(|e| panic!("option {name}={value}: {e}"));
        let id = input.attr("id").await.unwrap().unwrap();
        self.client
            .find(Locator::Css(&format!("label[for='{id}']")))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }

    async fn type_into(&self, id: &str, text: &str) {
        let field = self
            .client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Id(id))
            .await
            .unwrap_or_else(|e| panic!("field {id}: {e}"));
        field.clear().await.unwrap();
        field.send_keys(text).await.unwrap();
    }

    /// Presses the page's main button and scans the page it leads to.
    async fn submit(&mut self) {
        let button = self
            .client
            .find(Locator::Css("main form button.nhsuk-button"))
            .await
            .unwrap();
        button.click().await.unwrap();
        // Wait for the next page to replace this one.
        let _ = self
            .client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("body"))
            .await;
        let deadline = Instant::now() + Duration::from_secs(10);
        while button.attr("class").await.is_ok() && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        self.scan().await;
    }

    async fn click_link(&mut self, css: &str) {
        let link = self
            .client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(css))
            .await;
        link.unwrap_or_else(|e| panic!("link {css}: {e}"))
            .click()
            .await
            .unwrap();
        self.scan().await;
    }

    /// Fetches the link `css` points to from the page, as its script
    /// would (with the page's cookies), and returns what `reader` (script
    /// given the response `r`, ending with `done(value)`) makes of it.
    async fn fetch(&self, css: &str, reader: &str) -> serde_json::Value {
        let href = self
            .client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("link {css}: {e}"))
            .attr("href")
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("{css} has no href"));
        self.client
            .execute_async(
                &format!(
                    "const done = arguments[arguments.length - 1];
                     fetch(arguments[0]).then(r => {reader});"
                ),
                vec![serde_json::json!(href)],
            )
            .await
            .unwrap()
    }

    async fn finish(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.start_kill();
        let _ = self.driver.wait().await;
    }
}

impl Drop for Browser {
    /// A failed journey never reaches `finish`: still remove the profile.
    fn drop(&mut self) {
        if let Some(pid) = self.driver.id() {
            // chromedriver and every Chromium process it started.
            let _ = std::process::Command::new("kill")
                .args(["-KILL", &format!("-{pid}")])
                .status();
        }
        let _ = self.driver.start_kill();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

fn hex(n: usize) -> String {
    (0..n)
        .map(|_| format!("{:x}", rand::random::<u8>() % 16))
        .collect()
}

/// Answers every question page of the journey in the browser, from the
/// "Do you need help right now?" page to check your answers. `prefix` is
/// "" or "/cy"; `base` is "/refer" or "/staff/refer".
async fn answer_all(b: &mut Browser, app: &TestApp, prefix: &str, base: &str, help_now: bool) {
    let here = |slug: &str| format!("{prefix}{base}/{slug}");
    assert_eq!(b.path().await, here("help-now"));
    // Nothing chosen: the error summary, scanned too.
    b.submit().await;
    assert!(b.text().await.contains("nhsuk-error-summary"));
    b.click_choice("needs_help_now", if help_now { "yes" } else { "no" })
        .await;
    b.submit().await;
    if help_now {
        assert_eq!(b.path().await, here("urgent-help"));
        let page = b.text().await;
        assert!(page.contains("999") && page.contains("116 123") && page.contains("111"));
        b.click_link("main a.nhsuk-button").await;
    }
    // The three safety questions, each with "none".
    for (slug, field) in [
        ("symptoms-now", "emergency_signs"),
        ("how-you-are-feeling", "crisis_signs"),
        ("other-concerns", "other_concerns"),
    ] {
        assert_eq!(b.path().await, here(slug));
        b.click_choice(field, "none").await;
        b.submit().await;
    }
    assert_eq!(b.path().await, here("name"));
    b.type_into("given_name", "Bethan").await;
    b.submit().await;
    assert!(
        b.text().await.contains("href=\"#family_name\""),
        "missing last name is explained"
    );
    b.type_into("family_name", "Prawf").await;
    b.submit().await;
    b.type_into("dob_day", "31").await;
    b.type_into("dob_month", "2").await;
    b.type_into("dob_year", "1984").await;
    b.submit().await;
    assert_eq!(
        b.path().await,
        here("date-of-birth"),
        "31 February is refused"
    );
    b.type_into("dob_day", "28").await;
    b.submit().await;
    b.type_into("phone", "07700 900 321").await;
    b.click_choice("leave_message", "yes").await;
    b.submit().await;
    b.type_into("postcode", "LL55 4UR").await;
    b.submit().await;
    b.type_into("nhs_number", "943 476 5919").await;
    b.submit().await;
    b.click_choice("practice", &app.practices[2].id).await;
    b.submit().await;
    b.click_choice("language", "en").await;
    b.click_choice("interpreter", "no").await;
    b.submit().await;
    b.click_choice("communication_needs", "easy_read").await;
    b.submit().await;
    b.type_into(
        "story",
        "I lost confidence after a fall & now I don't go out.",
    )
    .await;
    b.submit().await;
    b.click_choice("difficulties", "getting_out").await;
    b.submit().await;
    b.click_choice("duration", "1_3_months").await;
    b.submit().await;
    b.type_into("matters_most", "Walking to the village").await;
    b.submit().await;
    b.click_choice("work_status", "off_sick").await;
    b.type_into("off_sick_day", "1").await;
    b.type_into("off_sick_month", "9").await;
    b.type_into("off_sick_year", "2026").await;
    b.click_choice("fit_note", "yes").await;
    b.submit().await;
    assert_eq!(b.path().await, here("about-you"));
    b.click_link("main a.nhsuk-button").await;
    for (name, value) in [
        ("sex", "female"),
        ("ethnic_group", "Z"),
        ("housing", "rent_social"),
        ("refugee_asylum", "no"),
        ("gypsy_roma_traveller", "prefer_not_to_say"),
        ("armed_forces", "no"),
        ("unpaid_carer", "yes"),
    ] {
        b.click_choice(name, value).await;
        b.submit().await;
    }
    assert_eq!(b.path().await, here("check"));
}

/// Sends the referral from the check page and returns the reference shown.
async fn send(b: &mut Browser) -> String {
    b.submit().await;
    assert!(
        b.text().await.contains("href=\"#consent\""),
        "consent is required"
    );
    b.click_choice("consent", "yes").await;
    b.submit().await;
    let reference = b
        .client
        .find(Locator::Id("reference"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        roots_core::Reference::parse(reference.trim()).is_ok(),
        "{reference}"
    );
    reference.trim().to_owned()
}

async fn browser_self_referral_in_english_on_a_phone(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let mut b = Browser::start(true, 390, 844).await;
    b.goto(&app.at("/")).await;
    assert!(
        b.text().await.contains("nhsuk-frontend-supported"),
        "JavaScript is on"
    );
    b.click_link("main a.nhsuk-button").await;
    answer_all(&mut b, &app, "", "/refer", true).await;
    let check = b.text().await;
    assert!(
        check.contains("Bethan Prawf")
            && check.contains("28 February 1984")
            && check.contains("943 476 5919")
    );
    // Change an answer from the check page and come back to it.
    b.click_link("a[href='/refer/matters-most?change=1']").await;
    b.type_into("matters_most", "Walking to the village shop")
        .await;
    b.submit().await;
    assert_eq!(b.path().await, "/refer/check");
    assert!(b.text().await.contains("Walking to the village shop"));
    // The language switch keeps the place and the answers.
    b.click_link("a[hreflang='cy']").await;
    assert_eq!(b.path().await, "/cy/refer/check");
    assert!(b.text().await.contains("Bethan Prawf"));
    b.click_link("a[hreflang='en']").await;
    let reference = send(&mut b).await;
    let stored = app
        .store
        .referral_by_reference(&app.demo.service.id, &reference)
        .await
        .unwrap();
    assert_eq!(
        stored.answers.story.as_deref(),
        Some("I lost confidence after a fall & now I don't go out.")
    );
    assert_eq!(stored.nhs_number.as_deref(), Some("9434765919"));
    assert!(stored.summary.needs_help_now);
    assert_eq!(stored.language, "en");
    assert!(b.scanned.len() >= 30, "scanned {} pages", b.scanned.len());
    b.finish().await;
    app.stop().await;
}

async fn browser_self_referral_in_welsh(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let cy = Locales::load().unwrap().get(Lang::Cy);
    let mut b = Browser::start(true, 1280, 900).await;
    b.goto(&app.at("/cy/")).await;
    let start = b.text().await;
    assert!(start.contains("lang=\"cy\""));
    assert!(start.contains(&cy.t("page-start-title")));
    b.click_link("main a.nhsuk-button").await;
    answer_all(&mut b, &app, "/cy", "/refer", false).await;
    let check = b.text().await;
    assert!(check.contains(&cy.t("page-check-title")));
    assert!(check.contains(&format!("28 {} 1984", cy.t("month-2"))));
    let reference = send(&mut b).await;
    assert!(b.text().await.contains(&cy.t("page-confirm-title")));
    let stored = app
        .store
        .referral_by_reference(&app.demo.service.id, &reference)
        .await
        .unwrap();
    assert_eq!(stored.language, "cy");
    b.finish().await;
    app.stop().await;
}

async fn browser_self_referral_without_javascript(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let mut b = Browser::start(false, 1280, 900).await;
    b.goto(&app.at("/")).await;
    assert!(
        !b.text().await.contains("nhsuk-frontend-supported"),
        "JavaScript is off: the enhancement script did not run"
    );
    b.click_link("main a.nhsuk-button").await;
    answer_all(&mut b, &app, "", "/refer", false).await;
    // Back and forward keep answers (they are on the server).
    b.client.back().await.unwrap();
    assert_eq!(b.path().await, "/refer/unpaid-carer");
    b.client.forward().await.unwrap();
    let reference = send(&mut b).await;
    assert!(
        app.store
            .referral_by_reference(&app.demo.service.id, &reference)
            .await
            .is_ok()
    );
    b.finish().await;
    app.stop().await;
}

async fn browser_staff_entered_referral(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let (email, password) = app.staff("receptionist");
    let mut b = Browser::start(true, 1280, 900).await;
    b.goto(&app.at("/staff/referrals")).await;
    assert_eq!(b.path().await, "/staff/sign-in");
    b.type_into("email", email).await;
    b.type_into("password", "not the password").await;
    b.submit().await;
    assert!(b.text().await.contains("nhsuk-error-summary"));
    b.type_into("password", password).await;
    b.submit().await;
    assert_eq!(b.path().await, "/staff/referrals");
    assert!(b.text().await.contains("Morfudd Example"));
    b.click_link("main a.nhsuk-button--secondary").await;
    b.submit().await;
    assert_eq!(b.path().await, "/staff/refer/source");
    b.click_choice("source", "practice_staff").await;
    b.submit().await;
    answer_all(&mut b, &app, "", "/staff/refer", false).await;
    let reference = send(&mut b).await;
    b.goto(&app.at("/staff/referrals")).await;
    let list = b.text().await;
    assert!(
        list.find(&reference).unwrap() < list.find("Morfudd").unwrap(),
        "newest first"
    );
    b.click_link("#referrals a[href^='/staff/referrals/']")
        .await;
    let page = b.text().await;
    assert!(
        page.contains(&reference)
            && page.contains("Entered by Rhian Receptionist")
            && page.contains("Practice staff")
    );
    // The staff pages in Welsh, too.
    b.click_link("a[hreflang='cy']").await;
    assert!(b.path().await.starts_with("/cy/staff/referrals/"));
    // A service lead's pages: the audit trail and API tokens.
    b.click_link("nav form[action$='/staff/sign-out'] button")
        .await;
    let (lead, lead_password) = app.staff("service lead");
    b.type_into("email", lead).await;
    b.type_into("password", lead_password).await;
    b.submit().await;
    b.goto(&app.at("/staff/audit?action=referral.view")).await;
    assert!(b.text().await.contains("Rhian Receptionist"));
    b.goto(&app.at("/cy/staff/tokens")).await;
    b.finish().await;
    app.stop().await;
}

/// Types the code an authenticator would show for the key on this page (or
/// the one set up before) and sends it.
async fn enter_code(b: &mut Browser, app: &TestApp, email: &str) {
    let code = app.next_code(email).await;
    b.type_into("code", &code).await;
    b.submit().await;
}

/// Signs in with a password, then sets up an authenticator app from the key
/// shown on the page (a wrong code first), and keeps the key for later.
async fn sign_in_setting_up_an_app(
    b: &mut Browser,
    app: &TestApp,
    email: &str,
    password: &str,
) -> Vec<String> {
    b.goto(&app.at("/staff/sign-in")).await;
    b.type_into("email", email).await;
    b.type_into("password", password).await;
    b.submit().await;
    assert_eq!(b.path().await, "/staff/sign-in/set-up");
    let key = common::authenticator_key(&b.text().await);
    app.remember_authenticator(email, &key);
    b.type_into("code", "000000").await;
    b.submit().await;
    assert!(
        b.text().await.contains("nhsuk-error-summary"),
        "a wrong code is explained"
    );
    enter_code(b, app, email).await;
    let html = b.text().await;
    assert!(html.contains("id=\"recovery-codes\""));
    let codes = html
        .split("<li><code>")
        .skip(1)
        .map(|s| s[..s.find("</code>").unwrap()].to_owned())
        .collect::<Vec<_>>();
    assert_eq!(codes.len(), 10);
    b.click_link("main a.nhsuk-button").await;
    assert_eq!(b.path().await, "/staff/referrals");
    codes
}

async fn sign_out(b: &mut Browser) {
    b.click_link("nav form[action$='/staff/sign-out'] button")
        .await;
    assert_eq!(b.path().await, "/staff/sign-in");
}

async fn browser_second_factor_staff_accounts_and_break_glass(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let mut b = Browser::start(true, 1280, 900).await;
    let (admin, admin_password) = app.staff("administrator");
    sign_in_setting_up_an_app(&mut b, &app, admin, admin_password).await;

    // Staff accounts: add a clinician who works for one practice.
    b.goto(&app.at("/staff/users")).await;
    assert!(b.text().await.contains("Owain OT"));
    b.click_link("main a.nhsuk-button").await;
    assert_eq!(b.path().await, "/staff/users/new");
    b.submit().await;
    // Changing accounts: the administrator confirms it is them first (the
    // page is scanned like every other), then the form goes on as posted.
    assert!(b.text().await.contains("<h1>Confirm it"));
    b.type_into("step_up_password", admin_password).await;
    b.submit().await;
    let html = b.text().await;
    assert!(html.contains("Enter the person") && html.contains("Select at least one role"));
    b.type_into("name", "Nia Newydd").await;
    b.type_into("email", "nia@demo.roots.invalid").await;
    b.click_choice("roles", "clinician").await;
    let practice = app.practices[0].clone();
    b.click_choice("practices", &practice.id).await;
    b.submit().await;
    let html = b.text().await;
    let at = html.find("id=\"one-off-password\" lang=\"en\">").unwrap() + 32;
    let nia_password = html[at..at + html[at..].find('<').unwrap()].to_owned();
    b.goto(&app.at("/staff/users")).await;
    b.click_link("#users a[href^='/staff/users/']").await;
    assert!(b.path().await.starts_with("/staff/users/"));
    b.goto(&app.at("/staff/account")).await;
    assert!(b.text().await.contains("Authenticator app set up"));
    b.goto(&app.at("/staff/account/password")).await;
    b.type_into("current", "not my password").await;
    b.type_into("new", "short").await;
    b.submit().await;
    let html = b.text().await;
    assert!(
        html.contains("current password is not right") && html.contains("at least 12 characters")
    );
    b.goto(&app.at("/cy/staff/account")).await;
    assert!(b.text().await.contains("Eich cyfrif"));
    b.goto(&app.at("/staff/account")).await;
    sign_out(&mut b).await;

    // The new clinician sets up her app, must choose her own password first,
    // then opens a record of another practice, with a reason.
    b.goto(&app.at("/staff/sign-in")).await;
    b.type_into("email", "nia@demo.roots.invalid").await;
    b.type_into("password", &nia_password).await;
    b.submit().await;
    let key = common::authenticator_key(&b.text().await);
    app.remember_authenticator("nia@demo.roots.invalid", &key);
    enter_code(&mut b, &app, "nia@demo.roots.invalid").await;
    b.click_link("main a.nhsuk-button").await;
    assert_eq!(b.path().await, "/staff/account/password");
    b.type_into("current", &nia_password).await;
    b.type_into("new", "heron lantern quarry orbit").await;
    b.submit().await;
    assert_eq!(b.path().await, "/staff/sign-in");
    b.type_into("email", "nia@demo.roots.invalid").await;
    b.type_into("password", "heron lantern quarry orbit").await;
    b.submit().await;
    enter_code(&mut b, &app, "nia@demo.roots.invalid").await;
    assert_eq!(b.path().await, "/staff/referrals");
    let mut other = None;
    for r in app
        .store
        .list_referrals(&app.demo.service.id, 50, 0)
        .await
        .unwrap()
    {
        let row = app
            .store
            .referral(&app.demo.service.id, &r.id)
            .await
            .unwrap();
        if row.practice_id.as_deref().is_some_and(|p| p != practice.id) {
            other = Some(r);
        }
    }
    let other = other.unwrap();
    assert!(
        !b.text().await.contains(&other.reference),
        "not in the list"
    );
    b.goto(&app.at(&format!("/staff/referrals/{}", other.id)))
        .await;
    assert!(b.text().await.contains("outside your practices"));
    b.type_into("reason", "short").await;
    b.submit().await;
    assert!(b.text().await.contains("at least 10 characters"));
    b.type_into("reason", "Seen in my clinic today as a temporary resident")
        .await;
    b.submit().await;
    assert!(
        b.text().await.contains(&other.given_name),
        "the record opens"
    );
    sign_out(&mut b).await;

    // The service lead sees the opening; the administrator signs in with a code.
    let (lead, lead_password) = app.staff("service lead");
    b.type_into("email", lead).await;
    b.type_into("password", lead_password).await;
    b.submit().await;
    b.goto(&app.at("/staff/break-glass")).await;
    assert!(b.text().await.contains("temporary resident"));
    sign_out(&mut b).await;
    b.type_into("email", admin).await;
    b.type_into("password", admin_password).await;
    b.submit().await;
    assert_eq!(b.path().await, "/staff/sign-in/code");
    enter_code(&mut b, &app, admin).await;
    assert_eq!(b.path().await, "/staff/referrals");
    assert!(b.scanned.len() >= 20, "{} pages scanned", b.scanned.len());
    b.finish().await;
    app.stop().await;
}

/// The emergency screen from a ticked sign and the crisis advice from the
/// person's own words (in Welsh), then the OT's queue, confirming one
/// suggestion and changing another with a reason, and self-referral closed
/// at capacity.
async fn browser_red_flags_advice_and_the_triage_queue(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let mut b = Browser::start(true, 1280, 900).await;
    // In English: a ticked emergency sign, then a ticked crisis sign, each
    // answered at once.
    b.goto(&app.at("/refer/start")).await;
    b.click_choice("needs_help_now", "no").await;
    b.submit().await;
    b.click_choice("emergency_signs", "bleeding").await;
    b.submit().await;
    assert_eq!(b.path().await, "/refer/urgent-help");
    assert!(b.text().await.contains("999"));
    b.click_link("main a.nhsuk-button").await;
    b.click_choice("crisis_signs", "self_harm").await;
    b.submit().await;
    assert_eq!(b.path().await, "/refer/urgent-help");
    assert!(b.text().await.contains("116 123"));
    b.client.delete_cookie("roots_draft").await.unwrap();
    // In Welsh, the same, and a crisis described only in their own words.
    b.goto(&app.at("/cy/refer/start")).await;
    assert_eq!(b.path().await, "/cy/refer/help-now");
    b.click_choice("needs_help_now", "no").await;
    b.submit().await;
    assert_eq!(b.path().await, "/cy/refer/symptoms-now");
    b.click_choice("emergency_signs", "chest_pain").await;
    b.submit().await;
    assert_eq!(
        b.path().await,
        "/cy/refer/urgent-help",
        "the emergency screen at once"
    );
    let html = b.text().await;
    let (nine, samaritans) = (html.find("999").unwrap(), html.find("116 123").unwrap());
    assert!(nine < samaritans, "999 first for an emergency sign");
    b.click_link("main a.nhsuk-button").await;
    assert_eq!(b.path().await, "/cy/refer/how-you-are-feeling");
    b.click_choice("crisis_signs", "none").await;
    b.submit().await;
    b.click_choice("other_concerns", "none").await;
    b.submit().await;
    b.type_into("given_name", "Nia").await;
    b.type_into("family_name", "Prawf").await;
    b.submit().await;
    b.type_into("dob_day", "3").await;
    b.type_into("dob_month", "4").await;
    b.type_into("dob_year", "1991").await;
    b.submit().await;
    b.type_into("phone", "07700 900 654").await;
    b.click_choice("leave_message", "no").await;
    b.submit().await;
    b.type_into("postcode", "LL57 2PW").await;
    b.submit().await;
    b.submit().await; // no NHS number
    b.click_choice("practice", &app.practices[0].id).await;
    b.submit().await;
    b.click_choice("language", "cy").await;
    b.click_choice("interpreter", "no").await;
    b.submit().await;
    b.click_choice("communication_needs", "none").await;
    b.submit().await;
    assert_eq!(b.path().await, "/cy/refer/your-words");
    b.type_into("story", "Dw i wedi blino ac weithiau dw i eisiau marw.")
        .await;
    b.submit().await;
    assert_eq!(
        b.path().await,
        "/cy/refer/urgent-help",
        "crisis advice from their own words"
    );
    let html = b.text().await;
    // Both red flags in the draft are answered, most urgent first: the
    // emergency, then the crisis advice, then the general sections.
    let cy = Locales::load().unwrap().get(Lang::Cy);
    let at = |id: &str| {
        let text = cy.t(id);
        let start: String = text.chars().take_while(|c| *c != '\'').take(25).collect();
        html.find(&start)
            .unwrap_or_else(|| panic!("{id} ({start}) on the page"))
    };
    assert!(at("page-urgent-999") < at("page-urgent-crisis"));
    assert!(
        at("page-urgent-crisis") < at("page-urgent-111"),
        "the crisis advice comes before the general advice"
    );
    b.click_link("main a.nhsuk-button").await;
    assert_eq!(
        b.path().await,
        "/cy/refer/difficulties",
        "and then on, nothing lost"
    );

    // Two referrals arrive: one describing a crisis, one routine.
    let example = |given: &str, story: &str| {
        let mut v = serde_json::to_value(
            roots::demo::examples(std::slice::from_ref(&app.practices[1].id)).remove(1),
        )
        .unwrap();
        v["given_name"] = given.into();
        v["story"] = story.into();
        v
    };
    let api = reqwest::Client::new();
    let mut ids = Vec::new();
    for body in [
        example("Carys", "Some days I want to end my life."),
        example("Rhys", "My shoulder stops me working."),
        example("Gwen", "Rydw i eisiau marw weithiau."),
    ] {
        let res = api
            .post(app.at("/api/v1/referrals"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        let created: serde_json::Value = res.json().await.unwrap();
        ids.push(created["id"].as_str().unwrap().to_owned());
    }

    // The OT's queue: the crisis first, with its reason and the words.
    let (ot, ot_password) = app.staff("occupational therapist");
    sign_in_setting_up_an_app(&mut b, &app, ot, ot_password).await;
    b.goto(&app.at("/staff/triage")).await;
    let html = b.text().await;
    assert!(html.find("Carys").unwrap() < html.find("Rhys").unwrap());
    assert!(html.contains("“end my life”"));
    b.click_link("#queue a[href$='/triage']").await;
    assert!(b.text().await.contains("Carys"));
    b.submit().await; // claim
    // Change the priority without a reason: explained, choices kept.
    b.click_choice("priority", "urgent").await;
    b.click_choice("outcome", "accept_ot").await;
    b.submit().await;
    let html = b.text().await;
    assert!(html.contains("nhsuk-error-summary") && html.contains("value=\"urgent\" checked"));
    b.type_into("change_reason", "Phoned her: safe tonight, sister with her")
        .await;
    b.submit().await;
    assert!(b.text().await.contains("Version 1"));
    // In Welsh: the other referral, confirmed as suggested.
    b.goto(&app.at("/cy/staff/triage")).await;
    assert!(b.text().await.contains("Ciw brysbennu"));
    b.goto(&app.at(&format!("/cy/staff/referrals/{}/triage", ids[1])))
        .await;
    assert!(b.text().await.contains("Rhys"));
    b.submit().await; // claim
    b.click_choice("outcome", "accept_ot").await;
    b.submit().await;
    assert!(b.text().await.contains("Fersiwn 1"));
    // And in Welsh, a suggestion changed with a reason.
    b.goto(&app.at(&format!("/cy/staff/referrals/{}/triage", ids[2])))
        .await;
    b.submit().await; // claim
    b.click_choice("priority", "urgent").await;
    b.click_choice("outcome", "accept_ot").await;
    b.submit().await;
    assert!(
        b.text().await.contains("nhsuk-error-summary"),
        "the reason is asked for, in Welsh"
    );
    b.type_into("change_reason", "Siaradais â hi: yn ddiogel heno")
        .await;
    b.submit().await;
    assert!(b.text().await.contains("Fersiwn 1"));
    b.goto(&app.at("/staff/triage")).await;
    let html = b.text().await;
    assert!(
        !html.contains("Rhys") && !html.contains("Carys"),
        "both triaged"
    );
    sign_out(&mut b).await;

    // The service lead closes self-referral; the public pages say so.
    let (lead, lead_password) = app.staff("service lead");
    b.type_into("email", lead).await;
    b.type_into("password", lead_password).await;
    b.submit().await;
    b.goto(&app.at("/staff/service")).await;
    b.click_choice("open", "no").await;
    b.type_into("message_cy", "Llawn tan fis Ionawr.").await;
    b.submit().await;
    b.goto(&app.at("/cy/")).await;
    assert!(b.text().await.contains("Llawn tan fis Ionawr."));
    // This browser's own referral (with red flags) could carry on; someone
    // new sees the closed page.
    b.client.delete_cookie("roots_draft").await.unwrap();
    b.goto(&app.at("/cy/refer/name")).await;
    let html = b.text().await;
    assert!(html.contains("Llawn tan fis Ionawr.") && html.contains("999"));
    assert!(b.scanned.len() >= 35, "{} pages scanned", b.scanned.len());
    b.finish().await;
    app.stop().await;
}

/// An OT's whole episode in the browser: book a clinic slot, assess, set two
/// goals, PHQ-9 twice with the chart, interventions, a case discussion,
/// discharge with outcomes and the summary; the episode in Welsh too.
async fn browser_an_episode_of_care_from_booking_to_discharge(engine: Engine) {
    use roots_core::queue::{Outcome, TriageEntry};
    let app = TestApp::spawn(engine).await;
    roots::demo::seed_directory(&app.store, &app.demo.service.id)
        .await
        .unwrap();
    let (ot_email, ot_password) = app.staff("occupational therapist");
    let ot = app.store.user_by_email(ot_email).await.unwrap();
    let actor = roots_store::audit::Actor {
        user_id: Some(ot.id.clone()),
        roles: ot.roles.clone(),
        request_id: None,
        system: false,
    };
    let referral = app
        .store
        .list_referrals(&app.demo.service.id, 1, 0)
        .await
        .unwrap()
        .remove(0);
    let now = jiff::Timestamp::now();
    let service = app.demo.service.id.clone();
    app.store
        .claim(
            &service,
            &referral.id,
            &actor,
            now,
            jiff::SignedDuration::from_mins(30),
        )
        .await
        .unwrap();
    let row = app.store.queue_row(&service, &referral.id).await.unwrap();
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
        .record_triage(&service, &referral.id, &entry, 0, &actor, now)
        .await
        .unwrap();
    let episode = app
        .store
        .episode_of_referral(&referral.id)
        .await
        .unwrap()
        .unwrap();
    let start = now + jiff::SignedDuration::from_hours(48);
    app.store
        .add_session(
            &service,
            &app.practices[0].id,
            &ot.id,
            start,
            start + jiff::SignedDuration::from_hours(2),
            60,
            &["face_to_face", "telephone"],
            &actor,
        )
        .await
        .unwrap();

    let mut b = Browser::start(true, 1280, 900).await;
    sign_in_setting_up_an_app(&mut b, &app, ot_email, ot_password).await;
    let ep = format!("/staff/episodes/{episode}");
    b.goto(&app.at(&ep)).await;
    assert!(b.text().await.contains(&referral.given_name));
    // Book the first free slot.
    b.goto(&app.at(&format!("{ep}/book"))).await;
    b.submit().await;
    assert!(
        b.text().await.contains("nhsuk-error-summary"),
        "choose a time"
    );
    b.client
        .find(Locator::Css("input[name='slot']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.submit().await;
    assert_eq!(b.path().await, ep);
    assert!(b.text().await.contains("Booked"));
    // Assess.
    b.goto(&app.at(&format!("{ep}/new/assessment"))).await;
    b.type_into("routine", "Up at 7; stopped going out since the fall")
        .await;
    b.type_into("matters", "Getting to the market on Saturdays")
        .await;
    b.click_choice("risks", "falls").await;
    b.submit().await;
    assert_eq!(b.path().await, ep);
    // A new phone number: a mistake first (kept, with the error summary),
    // then put right; the earlier version is a link away.
    b.click_link(&format!("a[href='{ep}/person/contact']"))
        .await;
    b.type_into("phone", "01632 96").await;
    b.submit().await;
    let html = b.text().await;
    assert!(html.contains("nhsuk-error-summary") && html.contains("01632 96"));
    b.type_into("phone", "01632 960 555").await;
    b.submit().await;
    assert_eq!(b.path().await, ep);
    assert!(b.text().await.contains("01632 960 555"));
    b.click_link("#person-history").await;
    assert!(
        b.text()
            .await
            .contains("Version 2: contact details changed")
    );
    // Two goals.
    for (text, importance) in [("Walk to the market", "3"), ("Bath without help", "2")] {
        b.goto(&app.at(&format!("{ep}/goals/new"))).await;
        b.type_into("text", text).await;
        for (field, words) in [
            ("level_minus_2", "Cannot"),
            ("level_minus_1", "With help"),
            ("level_0", "Alone, slowly"),
            ("level_plus_1", "Alone, weekly"),
            ("level_plus_2", "Alone, as before"),
        ] {
            b.type_into(field, words).await;
        }
        b.click_choice("importance", importance).await;
        b.click_choice("difficulty", "2").await;
        b.click_choice("baseline", "-1").await;
        b.submit().await;
        assert_eq!(b.path().await, ep);
    }
    // PHQ-9 twice, then the chart.
    // The second answers item 9 with 1: a safety alert.
    for (value, item9) in [("2", "0"), ("1", "1")] {
        b.goto(&app.at(&format!("{ep}/measures/phq9"))).await;
        for i in 1..=9 {
            b.click_choice(&format!("item-{i}"), if i == 9 { item9 } else { value })
                .await;
        }
        b.submit().await;
        assert_eq!(b.path().await, ep);
    }
    let html = b.text().await;
    assert!(
        html.contains("<svg") && html.contains("16 → 9"),
        "the chart and the change"
    );
    assert!(html.contains("id=\"safety-alerts\""));
    b.goto(&app.at("/staff/alerts")).await;
    assert!(b.text().await.contains(&format!("{ep}\"")));
    // Acting on it, in Welsh: an immediate risk needs urgent help.
    b.goto(&app.at(&format!("/cy{ep}"))).await;
    b.click_link("#safety-alerts a").await;
    b.click_choice("risk", "immediate").await;
    b.click_choice("actions", "spoke_to_person").await;
    b.type_into("detail", "Meddyliau goddefol; siarad drwyddo")
        .await;
    b.submit().await;
    let html = b.text().await;
    assert!(
        html.contains("nhsuk-error-summary") && html.contains("dewiswch yr help brys a drefnwyd")
    );
    b.click_choice("risk", "not_immediate").await;
    b.submit().await;
    assert_eq!(b.path().await, format!("/cy{ep}"));
    assert!(b.text().await.contains("id=\"acted-alerts\""));
    b.goto(&app.at("/staff/alerts")).await;
    assert!(b.text().await.contains("id=\"list-empty\""));
    // Signposted to a community resource: a referral without their
    // agreement is refused, then a warm handover with it.
    b.goto(&app.at(&format!("{ep}/signpost"))).await;
    let walks = roots_directory::oruk_id("5b0f3c52-1a7e-4d0b-9e61-2c7a4f1d8e01");
    b.click_choice("resource", &walks).await;
    b.type_into("why", "Wants company on walks again").await;
    b.click_choice("how", "referral_sent").await;
    b.click_choice("consent", "no").await;
    b.submit().await;
    assert!(b.text().await.contains("nhsuk-error-summary"));
    b.click_choice("how", "warm_handover").await;
    b.click_choice("consent", "yes").await;
    b.submit().await;
    assert_eq!(b.path().await, ep);
    assert!(b.text().await.contains("Signposted to Afon Walking Group"));
    b.goto(&app.at("/staff/signposting")).await;
    // An intervention, a case discussion, discharge.
    b.goto(&app.at(&format!("{ep}/interventions/new"))).await;
    b.click_choice("code", "falls_prevention_home_hazards")
        .await;
    b.type_into("minutes", "60").await;
    b.submit().await;
    b.click_link("main form[action$='/discussion'] button")
        .await;
    assert!(b.text().await.contains("For case discussion"));
    b.goto(&app.at(&format!("/cy{ep}"))).await;
    assert!(b.text().await.contains("Cynnydd"));
    b.goto(&app.at(&format!("{ep}/discharge"))).await;
    b.click_choice("reason", "goals_met").await;
    b.click_choice("self_management_offered", "yes").await;
    b.type_into("gp_appointments_avoided", "1").await;
    b.click_choice("ot_instead_of_gp", "yes").await;
    b.click_choice("cmht_referral_avoided", "no").await;
    b.click_choice("medication_avoided", "not_applicable").await;
    b.click_choice("work_status_start", "retired").await;
    b.click_choice("work_status_end", "retired").await;
    b.click_choice("secondary_care", "no").await;
    b.submit().await;
    assert_eq!(b.path().await, format!("{ep}/summary"));
    assert!(b.text().await.contains("Goals met"));
    b.goto(&app.at(&format!("/cy{ep}/summary"))).await;
    assert!(b.text().await.contains("Crynodeb rhyddhau"));
    assert!(b.scanned.len() >= 20, "{} pages scanned", b.scanned.len());
    b.finish().await;
    app.stop().await;
}

/// Someone finds local support on a small phone screen, from the start
/// page: by need, then one place in full; in Welsh by language and cost;
/// a mistake in their age explained. Then a receptionist keeps the
/// directory right, in Welsh. Every page scanned by axe-core.
async fn browser_find_local_support_on_a_phone_in_both_languages(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    roots::demo::seed_directory(&app.store, &app.demo.service.id)
        .await
        .unwrap();
    roots::demo::seed_postcodes(&app.store).await.unwrap();
    let mut b = Browser::start(true, 360, 740).await;
    b.goto(&app.at("/")).await;
    b.click_link("#find-local-support").await;
    assert_eq!(b.path().await, "/directory");
    assert!(b.text().await.contains("5 places found"));
    b.client
        .find(Locator::Css("#need option[value='getting_out']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.submit().await;
    assert!(b.text().await.contains("3 places found"));
    b.click_link("#places li:first-child h3 a").await;
    assert!(b.path().await.starts_with("/directory/"));
    let html = b.text().await;
    assert!(html.contains("Thursdays and Fridays, 10:00 to 12:00"));
    // Near a postcode, within 10 miles: the nearest first.
    b.goto(&app.at("/directory")).await;
    b.type_into("near", "ll55 1aa").await;
    b.client
        .find(Locator::Css("#within option[value='10']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.submit().await;
    let html = b.text().await;
    assert!(
        html.contains("5 places found"),
        "four places and a phone line"
    );
    let first = b
        .client
        .find(Locator::Css("#places li:first-child"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        first.contains("Memory Café") && first.contains("0.0 miles away"),
        "{first}"
    );
    // In Welsh: Welsh spoken, free.
    b.goto(&app.at("/cy/directory")).await;
    b.client
        .find(Locator::Css("#language option[value='cy']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.click_choice("free", "yes").await;
    b.submit().await;
    let html = b.text().await;
    assert!(html.contains("2 le wedi"), "two places");
    b.type_into("age", "deugain").await;
    b.submit().await;
    let html = b.text().await;
    assert!(html.contains("nhsuk-error-summary") && html.contains("Rhowch eich oedran"));
    assert!(html.contains("value=\"deugain\""), "kept");
    // A receptionist keeps the directory right, in Welsh: the list, one
    // place's notes saved (so it is checked), then retired.
    let (email, password) = app.staff("receptionist");
    b.goto(&app.at("/cy/staff/sign-in")).await;
    b.type_into("email", email).await;
    b.type_into("password", password).await;
    b.submit().await;
    b.goto(&app.at("/cy/staff/directory")).await;
    assert!(b.text().await.contains("Adnoddau cymunedol"));
    b.click_link("#resources a[href*='/staff/directory/']")
        .await;
    b.click_choice("needs", "sleep").await;
    b.click_choice("access", "both").await;
    b.type_into("note", "Mae dolen sain yn y neuadd").await;
    b.submit().await;
    assert!(b.path().await.starts_with("/cy/staff/directory/"));
    assert!(b.text().await.contains("Mae dolen sain yn y neuadd"));
    b.click_link("#retire").await;
    assert_eq!(b.path().await, "/cy/staff/directory");
    assert!(b.text().await.contains("Wedi'i ymddeol"));
    b.click_link("#report-link").await;
    assert!(b.text().await.contains("Adroddiad y cyfeiriadur"));
    // A new place, added in Welsh: mistakes explained on their fields and
    // kept, then saved; then its published details changed.
    b.goto(&app.at("/cy/staff/directory")).await;
    b.click_link("#add-place").await;
    assert_eq!(b.path().await, "/cy/staff/directory/new");
    b.type_into("name", "Clwb Garddio").await;
    b.type_into("organisation", "Cyngor Cymuned").await;
    b.type_into("address", "Ffordd y Parc").await;
    b.type_into("town", "Bangor").await;
    b.type_into("postcode", "LL57").await;
    b.type_into("opens_WE", "10:00").await;
    b.submit().await;
    let html = b.text().await;
    assert!(html.contains("nhsuk-error-summary"));
    assert!(html.contains("Rhowch god post yn y fformat cywir"));
    assert!(html.contains("Rhowch yr amser agor a'r amser cau"));
    assert!(html.contains("value=\"Clwb Garddio\""), "kept");
    b.type_into("postcode", "LL57 2SW").await;
    b.type_into("closes_WE", "12:00").await;
    b.click_choice("cost", "free").await;
    b.submit().await;
    assert!(b.path().await.starts_with("/cy/staff/directory/"));
    let html = b.text().await;
    assert!(html.contains("Clwb Garddio") && html.contains("Dyddiau Mercher, 10:00 i 12:00"));
    b.click_link("#edit-details").await;
    assert!(b.path().await.ends_with("/edit"));
    b.type_into("description", "Garddio gyda'n gilydd bob wythnos")
        .await;
    b.submit().await;
    assert!(b.text().await.contains("Garddio gyda'n gilydd bob wythnos"));
    assert!(b.scanned.len() >= 15, "{} pages scanned", b.scanned.len());
    b.finish().await;
    app.stop().await;
}

/// Work and health, from the work assessment to a downloaded report: the
/// assessment (a contact without agreement refused, then agreed), the AHP
/// report's advice (an end before its start refused, then right), issued
/// in Welsh, read as HTML, and its PDF fetched by the browser; axe-core on
/// every page.
async fn browser_work_assessment_to_a_downloaded_report(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let ep = common::an_episode(&app).await;
    let (email, password) = app.staff("occupational therapist");
    let mut b = Browser::start(true, 1280, 900).await;
    sign_in_setting_up_an_app(&mut b, &app, email, password).await;
    b.goto(&app.at(&ep)).await;
    b.click_link("a[href$='/new/work_assessment']").await;
    b.click_choice("status", "off_sick").await;
    b.type_into("job_title", "Cynorthwyydd siop").await;
    b.click_choice("contact_consent", "no").await;
    b.type_into("employer", "Siop y Gornel").await;
    b.type_into("barriers", "Pain after an hour standing").await;
    b.type_into("capacity", "Stands for 30 minutes").await;
    b.type_into("wants", "Back to work, fewer hours at first")
        .await;
    b.submit().await;
    let html = b.text().await;
    assert!(
        html.contains("nhsuk-error-summary")
            && html.contains("They have not agreed to this contact")
    );
    assert!(html.contains("Siop y Gornel"), "kept");
    b.click_choice("contact_consent", "yes").await;
    b.submit().await;
    assert_eq!(b.path().await, ep);
    assert!(b.text().await.contains("Work assessment"));
    // The AHP report's advice: today for a fortnight.
    let today = roots_web::today();
    let later = today.checked_add(jiff::Span::new().days(14)).unwrap();
    b.click_link("a[href$='/work/ahp_report']").await;
    b.click_choice("fitness", "may_be_fit").await;
    b.click_choice("adjustments", "phased_return").await;
    b.click_choice("adjustments", "amended_duties").await;
    for (prefix, d) in [("from", later), ("to", today)] {
        b.type_into(&format!("{prefix}_day"), &d.day().to_string())
            .await;
        b.type_into(&format!("{prefix}_month"), &d.month().to_string())
            .await;
        b.type_into(&format!("{prefix}_year"), &d.year().to_string())
            .await;
    }
    b.click_choice("review", "no").await;
    b.type_into("difficulty_0", "Standing at the till").await;
    b.type_into("recommendation_0", "A stool; a break every hour")
        .await;
    b.type_into("hcpc", "OT123456").await;
    b.submit().await;
    let html = b.text().await;
    assert!(html.contains("The end date must be the same as or after the start date"));
    assert!(html.contains("Standing at the till"), "kept");
    for (prefix, d) in [("from", today), ("to", later)] {
        b.type_into(&format!("{prefix}_day"), &d.day().to_string())
            .await;
        b.type_into(&format!("{prefix}_month"), &d.month().to_string())
            .await;
        b.type_into(&format!("{prefix}_year"), &d.year().to_string())
            .await;
    }
    b.submit().await;
    assert_eq!(b.path().await, ep);
    assert!(
        b.text()
            .await
            .contains("a phased return to work; amended duties")
    );
    // Issued in Welsh: the HTML version, then the PDF as the browser gets it.
    b.client
        .find(Locator::Css("button[name='lang'][value='cy']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.wait_for_path_containing("/documents/").await;
    b.scan().await;
    let html = b.text().await;
    assert!(html.contains("Adroddiad Iechyd a Gwaith AHP") && html.contains("lang=\"cy\""));
    let got = b
        .fetch(
            "#download-pdf",
            "r.arrayBuffer().then(a =>
               done([r.headers.get('content-type'), a.byteLength,
                     Array.from(new Uint8Array(a.slice(0, 5))).join(',')]))",
        )
        .await;
    assert_eq!(got[0], "application/pdf");
    assert!(got[1].as_u64().unwrap() > 5_000, "{got}");
    assert_eq!(got[2], "37,80,68,70,45", "it begins %PDF-");
    assert!(b.scanned.len() >= 6, "{} pages scanned", b.scanned.len());
    b.finish().await;
    app.stop().await;
}

/// A service lead on a phone: the evaluation of a generated service (the
/// default period, then one practice, then a mistaken date, explained and
/// kept), in both languages, charts and tables scanned by axe-core, and
/// the CSV as the browser gets it.
async fn browser_service_lead_reads_the_evaluation_on_a_phone(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    roots::demo::seed_postcodes(&app.store).await.unwrap();
    roots::demo::seed_history(&app.store, &app.demo.service, 120, 9)
        .await
        .unwrap();
    let (lead, password) = app.staff("service lead");
    let mut b = Browser::start(true, 360, 740).await;
    b.goto(&app.at("/staff/sign-in")).await;
    b.type_into("email", lead).await;
    b.type_into("password", password).await;
    b.submit().await;
    assert!(
        b.text().await.contains("href=\"/staff/evaluation\""),
        "in the staff menu"
    );
    b.goto(&app.at("/staff/evaluation")).await;
    let html = b.text().await;
    assert!(html.contains("Offered self-management") && html.contains("role=\"img\""));
    assert!(html.contains("id=\"equity-deprivation\""));
    // One practice only.
    b.client
        .find(Locator::Css("#practice option:nth-child(2)"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.submit().await;
    let html = b.text().await;
    let chosen = &app.practices[0];
    assert!(
        html.contains(&format!("<option value=\"{}\" selected", chosen.id)),
        "the practice chosen stays chosen"
    );
    assert!(html.contains("Referrals received"));
    // A mistaken date: explained on its field, kept.
    b.type_into("from", "2020-02-30").await;
    b.submit().await;
    let html = b.text().await;
    assert!(html.contains("nhsuk-error-summary") && html.contains("value=\"2020-02-30\""));
    // In Welsh.
    b.goto(&app.at("/cy/staff/evaluation")).await;
    assert!(b.text().await.contains("Elw ar fuddsoddiad"));
    let got = b
        .fetch(
            "#eval-downloads a",
            "r.text().then(t => done([r.headers.get('content-type'), t.split('\\r\\n')[0]]))",
        )
        .await;
    assert_eq!(got[0], "text/csv; charset=utf-8");
    assert!(
        got[1].as_str().unwrap().starts_with("section,figure,"),
        "{got}"
    );
    assert!(b.scanned.len() >= 4, "{} pages scanned", b.scanned.len());
    b.finish().await;
    app.stop().await;
}
