//! Whole journeys over HTTP against the real application, on SQLite and on
//! PostgreSQL: what a browser without JavaScript does, form by form.

#[macro_use]
mod common;

use common::{TestApp, csrf, journey, location, submit};
use roots_store::Engine;
use roots_web::{Lang, Locales};

on_both_engines!(
    self_referral_from_start_to_confirmation,
    bad_answers_are_explained_and_kept,
    forms_refuse_forged_and_oversized_posts,
    staff_sign_in_list_and_staff_entered_referral,
    json_api_and_its_openapi_document,
    api_tokens_act_as_their_user_until_revoked_or_expired,
    service_leads_search_and_export_the_audit_trail,
    subject_access_export_shows_the_records_and_who_looked,
);

/// HTML-escaped as the templates escape it.
fn esc(s: &str) -> String {
    s.replace('&', "&#38;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

async fn self_referral_from_start_to_confirmation(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let c = app.client();
    let before = app
        .store
        .count_referrals(&app.demo.service.id)
        .await
        .unwrap();

    let start = c.get(app.at("/")).send().await.unwrap();
    assert_eq!(start.status(), 200);
    let html = start.text().await.unwrap();
    assert!(html.contains("<html lang=\"en\">"));
    assert!(
        html.contains("href=\"/cy/\""),
        "language switch keeps the place"
    );
    let res = c.get(app.at("/refer/start")).send().await.unwrap();
    assert_eq!(location(&res), "/refer/help-now");

    let pages = journey(&app.practices[1].id);
    for (i, (slug, fields)) in pages.iter().enumerate() {
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let res = submit(&c, &app.at(&format!("/refer/{slug}")), &fields).await;
        assert_eq!(
            res.status(),
            303,
            "page {slug}: {}",
            res.text().await.unwrap()
        );
        let next = pages
            .get(i + 1)
            .map_or("/refer/about-you".to_owned(), |(s, _)| {
                format!("/refer/{s}")
            });
        assert_eq!(location(&res), next, "after {slug}");
    }
    // The optional questions can be skipped as a group.
    let about = c
        .get(app.at("/refer/about-you"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(about.contains("href=\"/refer/check\""));
    // One of them answered, to see it on the check page.
    let res = submit(&c, &app.at("/refer/ethnic-group"), &[("ethnic_group", "A")]).await;
    assert_eq!(location(&res), "/refer/housing");

    let check = c.get(app.at("/refer/check")).send().await.unwrap();
    assert_eq!(check.status(), 200);
    let html = check.text().await.unwrap();
    for expected in [
        "Ceri Synthetig",
        "9 November 1990",
        "LL57 2PW",
        &app.practices[1].name,
        "Welsh (Cymraeg)",
        &esc("Mae fy nwylo'n brifo <b>bob</b> bore & I can't cook."),
        "White: Welsh, English, Scottish, Northern Irish or British",
        "href=\"/refer/postcode?change=1\"",
    ] {
        assert!(html.contains(expected), "check page lacks {expected:?}");
    }
    assert!(!html.contains("<b>bob</b>"), "free text is escaped");

    // Changing an answer comes back to the check page.
    let res = submit(
        &c,
        &app.at("/refer/postcode?change=1"),
        &[("postcode", "CF10 1AB"), ("return", "check")],
    )
    .await;
    assert_eq!(location(&res), "/refer/check");

    // No consent: the same page, the error summary, nothing lost.
    let res = submit(&c, &app.at("/refer/check"), &[]).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("There is a problem"));
    assert!(html.contains("href=\"#consent\""));
    assert!(html.contains("<title>Error:"));
    assert!(html.contains("CF10 1AB"));

    // A bot that fills in the hidden field is refused and nothing is sent.
    let res = submit(
        &c,
        &app.at("/refer/check"),
        &[("consent", "yes"), ("website", "http://spam.example")],
    )
    .await;
    assert_eq!(res.status(), 403);
    assert_eq!(
        app.store
            .count_referrals(&app.demo.service.id)
            .await
            .unwrap(),
        before
    );

    let res = submit(
        &c,
        &app.at("/refer/check"),
        &[("consent", "yes"), ("website", "")],
    )
    .await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/refer/confirmation");
    let html = c
        .get(app.at("/refer/confirmation"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let at = html.find("id=\"reference\">").expect("reference shown") + 15;
    let reference = &html[at..at + 9];
    assert!(
        roots_core::Reference::parse(reference).is_ok(),
        "{reference}"
    );
    assert!(html.contains("116 123"), "safety-net advice");

    let stored = app
        .store
        .referral_by_reference(&app.demo.service.id, reference)
        .await
        .unwrap();
    assert_eq!(stored.summary.given_name, "Ceri");
    assert_eq!(stored.postcode.as_deref(), Some("CF10 1AB"));
    assert_eq!(stored.summary.channel, "online");
    assert_eq!(stored.summary.source, "self");
    assert_eq!(
        stored.answers.story.as_deref(),
        Some("Mae fy nwylo'n brifo <b>bob</b> bore & I can't cook.")
    );
    assert_eq!(stored.answers.ethnic_group.as_deref(), Some("A"));

    // Sending again, or going back, makes no second referral.
    let token = csrf(
        &c.get(app.at("/staff/sign-in"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    let again = c
        .post(app.at("/refer/check"))
        .form(&[("csrf", token.as_str()), ("consent", "yes")])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&again), "/refer/confirmation");
    let back = c.get(app.at("/refer/name")).send().await.unwrap();
    assert_eq!(location(&back), "/refer/confirmation");
    assert_eq!(
        app.store
            .count_referrals(&app.demo.service.id)
            .await
            .unwrap(),
        before + 1
    );

    // Starting again begins a fresh, empty referral.
    let res = c.get(app.at("/refer/start")).send().await.unwrap();
    assert_eq!(location(&res), "/refer/help-now");
    let name = c
        .get(app.at("/refer/name"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!name.contains("Ceri"));
    app.stop().await;
}

async fn bad_answers_are_explained_and_kept(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let c = app.client();
    let cy = Locales::load().unwrap().get(Lang::Cy);

    /// (page, answers posted, error summary anchor, message, text kept on the page)
    type Case<'a> = (
        &'a str,
        &'a [(&'a str, &'a str)],
        &'a str,
        &'a str,
        &'a [&'a str],
    );
    let cases: &[Case] = &[
        (
            "/refer/date-of-birth",
            &[("dob_day", "31"), ("dob_month", "2"), ("dob_year", "1990")],
            "#dob_day",
            "The date must be a real date, like 15 3 1984",
            &["value=\"31\"", "value=\"2\"", "value=\"1990\""],
        ),
        (
            "/refer/date-of-birth",
            &[("dob_day", "1"), ("dob_month", "1"), ("dob_year", "2099")],
            "#dob_day",
            "Your date of birth must be in the past",
            &["value=\"2099\""],
        ),
        (
            "/refer/nhs-number",
            &[("nhs_number", "485 777 3456")],
            "#nhs_number",
            "Check your NHS number",
            &["value=\"485 777 3456\""],
        ),
        (
            "/refer/your-words",
            &[("story", &"ŵ".repeat(2001))],
            "#story",
            "Must be 2000 characters or fewer",
            &["ŵŵŵŵŵŵŵŵŵŵ"],
        ),
        (
            "/refer/name",
            &[
                ("given_name", "<script>alert(1)</script>"),
                ("family_name", ""),
            ],
            "#family_name",
            "Enter your last name",
            &["value=\"&#60;script&#62;alert(1)&#60;/script&#62;\""],
        ),
        (
            "/refer/contact",
            &[("phone", "0123"), ("leave_message", "yes")],
            "#phone",
            "Enter a phone number with 10 to 15 digits",
            &["value=\"0123\""],
        ),
        (
            "/refer/postcode",
            &[("postcode", "NOT A CODE")],
            "#postcode",
            "Enter a real postcode",
            &["value=\"NOT A CODE\""],
        ),
    ];
    for (path, fields, anchor, message, kept) in cases {
        let res = submit(&c, &app.at(path), fields).await;
        assert_eq!(res.status(), 422, "{path}");
        let html = res.text().await.unwrap();
        assert!(html.contains("There is a problem"), "{path}");
        assert!(
            html.contains(&format!("href=\"{anchor}\"")),
            "{path}: error summary links to {anchor}"
        );
        assert!(html.contains(message), "{path}: {message}");
        assert!(
            html.contains("nhsuk-error-message"),
            "{path}: inline message"
        );
        for k in *kept {
            assert!(html.contains(k), "{path}: kept {k}");
        }
        assert!(!html.contains("<script>alert(1)"), "escaped");
    }
    // What was typed survived on the server too: the page shows it again.
    let again = c
        .get(app.at("/refer/date-of-birth"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(again.contains("value=\"2099\""));

    // In Welsh, the same mistake is explained in Welsh on a Welsh page.
    let res = submit(
        &c,
        &app.at("/cy/refer/name"),
        &[("given_name", ""), ("family_name", "Jones")],
    )
    .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("<html lang=\"cy\">"));
    assert!(html.contains(&esc(&cy.t("error-given-name-missing"))));
    assert!(html.contains(&esc(&cy.t("error-summary-title"))));
    assert!(html.contains("value=\"Jones\""));
    assert!(html.contains("action=\"/cy/refer/name\""));
    app.stop().await;
}

async fn forms_refuse_forged_and_oversized_posts(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let c = app.client();
    let _ = c.get(app.at("/refer/name")).send().await.unwrap();
    let res = c
        .post(app.at("/refer/name"))
        .form(&[("csrf", "0".repeat(64).as_str()), ("given_name", "A")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Your session has expired")
    );
    let fresh = reqwest::Client::new();
    let res = fresh
        .post(app.at("/refer/name"))
        .form(&[("given_name", "A")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403, "no cookie, no token");

    let big = "x".repeat(70 * 1024);
    let res = submit(&c, &app.at("/cy/refer/your-words"), &[("story", &big)]).await;
    assert_eq!(res.status(), 413);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("<html lang=\"cy\">"),
        "the friendly page is in the person's language"
    );
    let cy = Locales::load().unwrap().get(Lang::Cy);
    assert!(html.contains(&esc(&cy.t("page-too-large-title"))));

    let res = c.get(app.at("/cy/no-such-page")).send().await.unwrap();
    assert_eq!(res.status(), 404);
    assert!(res.text().await.unwrap().contains("<html lang=\"cy\">"));

    let res = c.get(app.at("/refer/not-a-question")).send().await.unwrap();
    assert_eq!(res.status(), 404);

    let res = c.get(app.at("/")).send().await.unwrap();
    let h = res.headers();
    assert!(
        h["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "no-referrer");
    assert_eq!(h["cache-control"], "no-store");
    assert!(h.contains_key("x-request-id"));
    assert_eq!(
        c.get(app.at("/healthz")).send().await.unwrap().status(),
        200
    );
    assert_eq!(c.get(app.at("/readyz")).send().await.unwrap().status(), 200);
    let css = c
        .get(app.at("/assets/nhsuk-frontend.min.css"))
        .send()
        .await
        .unwrap();
    assert_eq!(css.status(), 200);
    assert!(css.text().await.unwrap().contains(".nhsuk-button"));
    app.stop().await;
}

async fn sign_in(app: &TestApp, c: &reqwest::Client, role: &str) {
    app.sign_in(c, role).await;
}

async fn staff_sign_in_list_and_staff_entered_referral(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let c = app.client();
    let res = c.get(app.at("/staff/referrals")).send().await.unwrap();
    assert_eq!(location(&res), "/staff/sign-in", "signed out");

    let (email, _) = app.staff("receptionist");
    for (e, p) in [
        (email, "wrong password here"),
        ("nobody@demo.roots.invalid", "wrong password here"),
    ] {
        let res = submit(
            &c,
            &app.at("/staff/sign-in"),
            &[("email", e), ("password", p)],
        )
        .await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(
            html.contains("Enter a correct email address and password"),
            "same message either way"
        );
        assert!(html.contains(&format!("value=\"{e}\"")), "email kept");
    }
    sign_in(&app, &c, "receptionist").await;

    let list = c
        .get(app.at("/staff/referrals"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let order: Vec<usize> = ["Eirlys", "Piotr", "Sam", "Dafydd", "Morfudd"]
        .iter()
        .map(|n| list.find(n).unwrap_or_else(|| panic!("{n} listed")))
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "newest first: {order:?}"
    );
    assert!(
        list.contains("hours ago") || list.contains("hour ago"),
        "age shown"
    );

    // A staff-entered referral for someone who phoned.
    let res = submit(&c, &app.at("/staff/new-referral"), &[]).await;
    assert_eq!(location(&res), "/staff/refer/source");
    let res = submit(&c, &app.at("/staff/refer/source"), &[("source", "gp")]).await;
    assert_eq!(location(&res), "/staff/refer/help-now");
    let pages = journey(&app.practices[0].id);
    for (slug, fields) in &pages {
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let res = submit(&c, &app.at(&format!("/staff/refer/{slug}")), &fields).await;
        assert_eq!(res.status(), 303, "staff page {slug}");
    }
    let res = submit(&c, &app.at("/staff/refer/check"), &[("consent", "yes")]).await;
    assert_eq!(location(&res), "/staff/refer/confirmation");
    let html = c
        .get(app.at("/staff/refer/confirmation"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Enter another referral"));

    let list = c
        .get(app.at("/staff/referrals"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        list.find("Ceri").unwrap() < list.find("Eirlys").unwrap(),
        "the new one is first"
    );
    let newest = app
        .store
        .list_referrals(&app.demo.service.id, 1, 0)
        .await
        .unwrap()
        .remove(0);
    assert_eq!(
        (newest.channel.as_str(), newest.source.as_str()),
        ("staff", "gp")
    );
    let page = c
        .get(app.at(&format!("/staff/referrals/{}", newest.id)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Entered by Rhian Receptionist"));
    assert!(page.contains("A GP"));
    // The audit trail has who created it and who looked at it.
    let trail = app.store.audit_for_record(&newest.id).await.unwrap();
    let actions: Vec<(&str, &str)> = trail
        .iter()
        .map(|e| (e.action.as_str(), e.roles.as_str()))
        .collect();
    assert_eq!(
        actions,
        [
            ("referral.create", "receptionist"),
            ("referral.view", "receptionist")
        ]
    );
    assert!(
        trail
            .iter()
            .all(|e| e.request_id.is_some() && e.user_id.is_some())
    );
    let all = app.store.audit_events(0, 1000).await.unwrap();
    let failures = all
        .iter()
        .filter(|e| e.action == "auth.sign_in" && e.outcome == "failure")
        .count();
    assert_eq!(failures, 2, "both failed sign-ins are audited");
    assert!(matches!(
        app.store.verify_audit().await.unwrap(),
        roots_store::audit::Verified::Intact { .. }
    ));

    // A member of the public cannot reach the staff journey.
    let anon = app.client();
    let res = anon.get(app.at("/staff/refer/name")).send().await.unwrap();
    assert_eq!(location(&res), "/staff/sign-in");

    let res = submit(&c, &app.at("/staff/referrals"), &[]).await;
    assert_eq!(res.status(), 405, "the list is not a form");
    let list_page = c
        .get(app.at("/staff/referrals"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = csrf(&list_page);
    let res = c
        .post(app.at("/staff/sign-out"))
        .form(&[("csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&res), "/staff/sign-in?signed-out=1");
    let res = c.get(app.at("/staff/referrals")).send().await.unwrap();
    assert_eq!(location(&res), "/staff/sign-in");
    app.stop().await;
}

async fn json_api_and_its_openapi_document(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let c = app.client();
    let body = serde_json::json!({
        "needs_help_now": "no", "emergency_signs": ["none"], "crisis_signs": ["none"], "other_concerns": ["none"], "given_name": "Api", "family_name": "Person",
        "dob_day": "3", "dob_month": "4", "dob_year": "1988",
        "email": "api.person@example.org", "leave_message": "no",
        "postcode": "SA1 1AA", "practice": app.practices[0].id,
        "language": "en", "interpreter": "no",
        "story": "Pain in my hands", "difficulties": ["self_care"],
        "duration": "1_3_months", "matters_most": "Knitting", "work_status": "retired",
        "consent": "yes"
    });
    let res = c
        .post(app.at("/api/v1/referrals"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let loc = location(&res);
    let created: serde_json::Value = res.json().await.unwrap();
    assert_eq!(
        loc,
        format!("/api/v1/referrals/{}", created["id"].as_str().unwrap())
    );
    assert!(roots_core::Reference::parse(created["reference"].as_str().unwrap()).is_ok());

    let mut bad = body.clone();
    bad["dob_day"] = "31".into();
    bad["dob_month"] = "2".into();
    bad["nhs_number"] = "1234567890".into();
    let res = c
        .post(app.at("/api/v1/referrals"))
        .header("accept-language", "cy")
        .json(&bad)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let err: serde_json::Value = res.json().await.unwrap();
    let cy = Locales::load().unwrap().get(Lang::Cy);
    let fields: Vec<&str> = err["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["dob_day", "nhs_number"]);
    assert_eq!(err["errors"][0]["message"], cy.t("error-date-not-real"));
    assert_eq!(err["errors"][0]["code"], "error-date-not-real");

    let res = c
        .post(app.at("/api/v1/referrals"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let res = c
        .post(app.at("/api/v1/referrals"))
        .json(&serde_json::json!({"shoe_size": "9"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);

    let res = c.get(app.at("/api/v1/referrals")).send().await.unwrap();
    assert_eq!(res.status(), 401);
    sign_in(&app, &c, "occupational therapist").await;
    let list: serde_json::Value = c
        .get(app.at("/api/v1/referrals?limit=2"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 6);
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
    assert_eq!(list["items"][0]["given_name"], "Api");
    let one: serde_json::Value = c
        .get(app.at(&loc))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(one["answers"]["matters_most"], "Knitting");
    assert_eq!(one["channel"], "api");
    assert_eq!(one["date_of_birth"], "1988-04-03");
    let res = c
        .get(app.at("/api/v1/referrals/00000000-0000-4000-8000-000000000000"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);

    let doc: serde_json::Value = c
        .get(app.at("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    assert!(doc["paths"]["/referrals"]["post"].is_object());
    assert!(doc["paths"]["/referrals"]["get"].is_object());
    assert!(doc["paths"]["/referrals/{id}"]["get"].is_object());
    let schema = &doc["components"]["schemas"]["ReferralInput"]["properties"];
    for field in [
        "given_name",
        "dob_day",
        "difficulties",
        "consent",
        "nhs_number",
    ] {
        assert!(
            schema[field].is_object(),
            "ReferralInput.{field} documented"
        );
    }
    app.stop().await;
}

/// Lockout after repeated failures, the same message whether or not the
/// account exists; sign out on every device.
#[tokio::test]
async fn repeated_failures_lock_sign_in_and_sign_out_everywhere_ends_every_session() {
    let app = TestApp::spawn(Engine::Sqlite).await;
    let (email, password) = app.staff("occupational therapist");
    let c = app.client();
    for _ in 0..5 {
        let res = submit(
            &c,
            &app.at("/staff/sign-in"),
            &[("email", email), ("password", "not it at all")],
        )
        .await;
        assert_eq!(res.status(), 422);
    }
    // The right password is refused now, with a message that gives nothing away…
    let res = submit(
        &c,
        &app.at("/staff/sign-in"),
        &[("email", email), ("password", password)],
    )
    .await;
    assert_eq!(res.status(), 429);
    let locked = res.text().await.unwrap();
    assert!(locked.contains("Too many attempts to sign in"));
    // …and an account that does not exist gets the same after 5 tries.
    for _ in 0..5 {
        submit(
            &c,
            &app.at("/staff/sign-in"),
            &[
                ("email", "nobody@x.invalid"),
                ("password", "whatever it is"),
            ],
        )
        .await;
    }
    let res = submit(
        &c,
        &app.at("/staff/sign-in"),
        &[("email", "nobody@x.invalid"), ("password", "x")],
    )
    .await;
    assert_eq!(res.status(), 429);
    let trail = app.store.audit_events(0, 1000).await.unwrap();
    assert!(
        trail
            .iter()
            .any(|e| e.action == "auth.sign_in" && e.outcome == "denied")
    );

    // Another member of staff signs in on two devices, then signs out everywhere.
    let (a, b) = (app.client(), app.client());
    for c in [&a, &b] {
        app.sign_in(c, "clinician").await;
    }
    let res = submit(&a, &app.at("/staff/referrals"), &[]).await;
    assert_eq!(res.status(), 405);
    let page = a
        .get(app.at("/staff/referrals"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = csrf(&page);
    let res = a
        .post(app.at("/staff/sign-out-everywhere"))
        .form(&[("csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&res), "/staff/sign-in?signed-out=1");
    let res = b.get(app.at("/staff/referrals")).send().await.unwrap();
    assert_eq!(
        location(&res),
        "/staff/sign-in",
        "the other device is signed out too"
    );
    app.stop().await;
}

async fn api_tokens_act_as_their_user_until_revoked_or_expired(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let (email, _) = app.staff("occupational therapist");
    let ot = app.store.user_by_email(email).await.unwrap();
    let later = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(24);
    let (token_id, secret) = app
        .store
        .create_api_token(&ot.id, "nightly report", later)
        .await
        .unwrap();
    let c = reqwest::Client::new();
    let list = |auth: String| {
        c.get(app.at("/api/v1/referrals"))
            .header("authorization", auth)
            .send()
    };
    let res = list(format!("Bearer {secret}")).await.unwrap();
    assert_eq!(res.status(), 200);
    let trail = app.store.audit_events(0, 1000).await.unwrap();
    let last = trail.last().unwrap();
    assert_eq!(
        (last.action.as_str(), last.user_id.as_deref()),
        ("referral.list", Some(ot.id.as_str()))
    );
    assert_eq!(
        last.detail.as_deref(),
        Some(format!("api token {token_id}").as_str())
    );
    assert_eq!(
        list("Bearer roots_wrong".into()).await.unwrap().status(),
        401
    );
    assert_eq!(list("Basic abc".into()).await.unwrap().status(), 401);

    // A service lead's token cannot read clinical detail: 403, like a session.
    let (lead_email, _) = app.staff("service lead");
    let lead = app.store.user_by_email(lead_email).await.unwrap();
    let (_, lead_secret) = app
        .store
        .create_api_token(&lead.id, "dashboards", later)
        .await
        .unwrap();
    let any_id = app
        .store
        .list_referrals(&app.demo.service.id, 1, 0)
        .await
        .unwrap()[0]
        .id
        .clone();
    let res = c
        .get(app.at(&format!("/api/v1/referrals/{any_id}")))
        .header("authorization", format!("Bearer {lead_secret}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);

    // Revoked from the staff page: refused from then on.
    let s = app.client();
    app.sign_in(&s, "occupational therapist").await;
    let page = s
        .get(app.at("/staff/tokens"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("nightly report"));
    let res = submit(&s, &app.at("/staff/tokens"), &[]).await;
    assert_eq!(res.status(), 405);
    let token = csrf(&page);
    let res = s
        .post(app.at(&format!("/staff/tokens/{token_id}/revoke")))
        .form(&[("csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&res), "/staff/tokens");
    assert_eq!(
        list(format!("Bearer {secret}")).await.unwrap().status(),
        401
    );
    // Someone else's token cannot be revoked by guessing its id.
    let (lead_token_id, _) = app
        .store
        .create_api_token(&lead.id, "other", later)
        .await
        .unwrap();
    let res = s
        .post(app.at(&format!("/staff/tokens/{lead_token_id}/revoke")))
        .form(&[("csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);

    // Expired: refused.
    let past = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(1);
    let (_, old) = app
        .store
        .create_api_token(&ot.id, "old", past)
        .await
        .unwrap();
    assert_eq!(list(format!("Bearer {old}")).await.unwrap().status(), 401);
    app.stop().await;
}

async fn service_leads_search_and_export_the_audit_trail(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    // Something to find: the OT opens one referral.
    let ot = app.client();
    sign_in(&app, &ot, "occupational therapist").await;
    let target = app
        .store
        .list_referrals(&app.demo.service.id, 1, 0)
        .await
        .unwrap()
        .remove(0);
    ot.get(app.at(&format!("/staff/referrals/{}", target.id)))
        .send()
        .await
        .unwrap();

    let lead = app.client();
    sign_in(&app, &lead, "service lead").await;
    let res = lead
        .get(app.at(&format!(
            "/staff/audit?record={}",
            target.reference.to_lowercase()
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("referral.view") && html.contains("Owain OT"),
        "who looked is shown"
    );
    assert!(
        html.contains("2 events shown"),
        "create and view of that referral"
    );

    let res = lead
        .get(app.at("/staff/audit?from=yesterday&user=nobody%40x.invalid"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("href=\"#from\"") && html.contains("href=\"#user\""));
    assert!(
        html.contains("value=\"yesterday\""),
        "what was typed is kept"
    );

    let res = lead
        .get(app.at("/staff/audit.csv?action=referral.view"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = res.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("seq,at_utc,user_id,user_email,roles,action"));
    assert_eq!(lines.len(), 2, "one view so far: {csv}");
    assert!(lines[1].contains("ot@demo.roots.invalid") && lines[1].contains(&target.id));

    let trail = app.store.audit_events(0, 10_000).await.unwrap();
    assert!(trail.iter().any(|e| e.action == "audit.export"));
    assert!(trail.iter().any(|e| e.action == "audit.view"));
    // An OT may not search the trail.
    let res = ot.get(app.at("/staff/audit")).send().await.unwrap();
    assert_eq!(res.status(), 403);
    app.stop().await;
}

async fn subject_access_export_shows_the_records_and_who_looked(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let target = app
        .store
        .list_referrals(&app.demo.service.id, 1, 0)
        .await
        .unwrap()
        .remove(0);
    let ot = app.client();
    sign_in(&app, &ot, "occupational therapist").await;
    ot.get(app.at(&format!("/staff/referrals/{}", target.id)))
        .send()
        .await
        .unwrap();
    let admin = app.client();
    sign_in(&app, &admin, "administrator").await;
    let html = admin
        .get(app.at(&format!("/staff/referrals/{}/subject-access", target.id)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains(&target.reference) && html.contains(&target.given_name));
    assert!(
        html.contains("Owain OT") && html.contains("referral.view"),
        "who looked"
    );
    let res = admin
        .get(app.at(&format!(
            "/staff/referrals/{}/subject-access.json",
            target.id
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-type"], "application/json");
    let sa: serde_json::Value = res.json().await.unwrap();
    assert_eq!(sa["referrals"][0]["reference"], target.reference.as_str());
    let log = sa["access_log"].as_array().unwrap();
    assert!(log.iter().any(|e| e["action"] == "referral.create"));
    assert!(
        log.iter()
            .any(|e| e["action"] == "referral.view" && e["who"] == "Owain OT")
    );
    // The export itself is on the record, and an OT cannot make one.
    let trail = app.store.audit_for_record(&target.id).await.unwrap();
    assert!(
        trail
            .iter()
            .any(|e| e.action == "subject_access.export" && e.roles == "admin")
    );
    let res = ot
        .get(app.at(&format!("/staff/referrals/{}/subject-access", target.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    app.stop().await;
}

/// A limit per address on public referrals, with answers kept when it bites;
/// staff-entered referrals are not limited.
#[tokio::test]
async fn public_referrals_are_limited_per_address_and_answers_are_kept() {
    let web = roots_web::WebConfig {
        public_submissions_per_hour: 1,
        ..Default::default()
    };
    let app = TestApp::spawn_with(Engine::Sqlite, web).await;
    for attempt in 0..2 {
        let c = app.client();
        for (slug, fields) in journey(&app.practices[0].id) {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            submit(&c, &app.at(&format!("/refer/{slug}")), &fields).await;
        }
        let res = submit(&c, &app.at("/refer/check"), &[("consent", "yes")]).await;
        if attempt == 0 {
            assert_eq!(location(&res), "/refer/confirmation");
        } else {
            assert_eq!(res.status(), 429);
            let html = res.text().await.unwrap();
            assert!(html.contains("Your answers are saved"));
            let check = c
                .get(app.at("/refer/check"))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            assert!(check.contains("Ceri Synthetig"), "nothing lost");
        }
    }
    let res = reqwest::Client::new()
        .post(app.at("/api/v1/referrals"))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 429);
    let staff = app.client();
    sign_in(&app, &staff, "receptionist").await;
    let res = submit(&staff, &app.at("/staff/new-referral"), &[]).await;
    assert_eq!(location(&res), "/staff/refer/source");
    let trail = app.store.audit_events(0, 1000).await.unwrap();
    assert!(
        trail
            .iter()
            .any(|e| e.detail.as_deref() == Some("rate limit"))
    );
    app.stop().await;
}
