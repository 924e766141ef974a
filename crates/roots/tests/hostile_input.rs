//! Hostile text at every entry, over HTTP and the command line, on SQLite
//! and on PostgreSQL: NUL and other control characters, direction
//! overrides, zero-width and byte-order marks, bytes that are not UTF-8.
//! Each is refused where it enters with a specific message in the person's
//! language, keeping what else they typed, and none can break the service:
//! not the public form, not a lookup, not the evaluation (issue 19).

#[macro_use]
mod common;

use common::{TestApp, csrf, location, submit};
use roots_store::Engine;
use roots_web::i18n::Tr;
use roots_web::{Lang, Locales};

on_both_engines!(
    a_nul_in_a_story_is_refused_and_cannot_break_the_evaluation,
    a_nul_in_a_name_is_explained_on_the_name_page,
    hidden_characters_are_refused_with_their_place_in_both_languages,
    form_bytes_that_are_not_utf8_are_refused_and_the_draft_kept,
    lookups_with_control_characters_are_never_faults,
    command_line_names_follow_the_same_rule,
    staff_forms_follow_the_same_rule,
);

/// HTML-escaped as the templates escape it.
fn esc(s: &str) -> String {
    s.replace('&', "&#38;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

fn tr(lang: Lang) -> Tr {
    Locales::load().unwrap().get(lang)
}

/// The API's complete referral, with `story` as given.
fn api_body(app: &TestApp, story: &str) -> serde_json::Value {
    serde_json::json!({
        "needs_help_now": "no", "emergency_signs": ["none"], "crisis_signs": ["none"],
        "other_concerns": ["none"], "given_name": "Api", "family_name": "Person",
        "dob_day": "3", "dob_month": "4", "dob_year": "1988",
        "email": "api.person@example.org", "leave_message": "no",
        "postcode": "SA1 1AA", "practice": app.practices[0].id,
        "language": "en", "interpreter": "no",
        "story": story, "difficulties": ["self_care"],
        "duration": "1_3_months", "matters_most": "Knitting", "work_status": "retired",
        "consent": "yes"
    })
}

async fn sql(app: &TestApp, statement: &str, binds: &[&str]) {
    sqlx::any::install_default_drivers();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(app.database_url())
        .await
        .unwrap();
    let mut q = sqlx::query(sqlx::AssertSqlSafe(statement.to_owned()));
    for b in binds {
        q = q.bind(*b);
    }
    q.execute(&mut conn).await.unwrap();
}

async fn a_nul_in_a_story_is_refused_and_cannot_break_the_evaluation(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let c = app.client();
    // The tester's request: refused, in the caller's language, with where.
    for (lang, header) in [(Lang::En, "en"), (Lang::Cy, "cy")] {
        let res = c
            .post(app.at("/api/v1/referrals"))
            .header("accept-language", header)
            .json(&api_body(&app, "pain\u{0}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422, "{header}");
        let err: serde_json::Value = res.json().await.unwrap();
        assert_eq!(err["errors"][0]["field"], "story", "{err}");
        assert_eq!(err["errors"][0]["code"], "error-text-control", "{err}");
        assert_eq!(
            err["errors"][0]["message"],
            tr(lang).tn("error-text-control", &[("at", 5)])
        );
    }
    // ESC in a name through the API: the same rule.
    let mut body = api_body(&app, "Pain in my hands");
    body["given_name"] = "A\u{1b}[2J".into();
    let res = c
        .post(app.at("/api/v1/referrals"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let err: serde_json::Value = res.json().await.unwrap();
    assert_eq!(err["errors"][0]["field"], "given_name", "{err}");

    // A referral written before this rule, with a NUL in its stored story,
    // and a clinical entry with one: the evaluation still reads.
    let res = c
        .post(app.at("/api/v1/referrals"))
        .json(&api_body(&app, "Pain in my hands"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let created: serde_json::Value = res.json().await.unwrap();
    let id = created["id"].as_str().unwrap();
    sql(
        &app,
        "UPDATE referrals SET answers = replace(answers, 'Pain in my hands', 'pain\\u0000') \
         WHERE id = $1",
        &[id],
    )
    .await;
    let stored = app.store.referral(&app.demo.service.id, id).await.unwrap();
    assert_eq!(stored.answers.story.as_deref(), Some("pain\u{0}"));
    let episode = common::an_episode(&app).await;
    let episode_id = episode.rsplit('/').next().unwrap();
    app.store
        .add_entry(
            episode_id,
            "onward",
            &serde_json::json!({"target": ["other"], "target_other": ["x\u{0}"], "why": ["y\u{0}"]}),
            &common::ot_actor(&app).await,
            jiff::Timestamp::now(),
        )
        .await
        .unwrap();

    let lead = app.client();
    app.sign_in(&lead, "service lead").await;
    for path in [
        "/staff/evaluation",
        "/staff/evaluation.csv",
        "/staff/evaluation.pdf",
        "/cy/staff/evaluation",
    ] {
        let res = lead.get(app.at(path)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_roots"))
        .args([
            "evaluate",
            "--format",
            "csv",
            "--from",
            "2020-01-01",
            "--to",
        ])
        .arg(roots_web::today().tomorrow().unwrap().to_string())
        .env("ROOTS_DATABASE_URL", app.database_url())
        .env("RUST_LOG", "error")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "roots evaluate: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    app.stop().await;
}

/// Walks the public form up to the name page.
async fn to_the_name_page(app: &TestApp, c: &reqwest::Client, prefix: &str) {
    let res = c
        .get(app.at(&format!("{prefix}/refer/start")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
}

async fn a_nul_in_a_name_is_explained_on_the_name_page(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    for (lang, prefix) in [(Lang::En, ""), (Lang::Cy, "/cy")] {
        let c = app.client();
        to_the_name_page(&app, &c, prefix).await;
        let res = submit(
            &c,
            &app.at(&format!("{prefix}/refer/name")),
            &[("given_name", "Ceri\u{0}"), ("family_name", "Synthetig")],
        )
        .await;
        assert_eq!(res.status(), 422, "{prefix}");
        let html = res.text().await.unwrap();
        let t = tr(lang);
        assert!(html.contains(&esc(&t.t("error-summary-title"))), "{prefix}");
        assert!(html.contains("href=\"#given_name\""), "{prefix}");
        assert!(
            html.contains(&esc(&t.tn("error-text-control", &[("at", 5)]))),
            "{prefix}: {html}"
        );
        assert!(html.contains("value=\"Synthetig\""), "{prefix}: kept");
        // Put right, the journey goes on.
        let res = submit(
            &c,
            &app.at(&format!("{prefix}/refer/name")),
            &[("given_name", "Ceri"), ("family_name", "Synthetig")],
        )
        .await;
        assert_eq!(
            location(&res),
            format!("{prefix}/refer/date-of-birth"),
            "{prefix}"
        );
    }
    // A whole journey with a NUL typed into the name cannot reach the
    // store: the last step sends the person back to the name page (on
    // PostgreSQL it used to fail with 503 on every try).
    let c = app.client();
    let before = app
        .store
        .count_referrals(&app.demo.service.id)
        .await
        .unwrap();
    let pages = common::journey(&app.practices[1].id);
    for (slug, fields) in &pages {
        let mut fields: Vec<(&str, String)> = fields.clone();
        if *slug == "name" {
            fields[0].1 = "Ceri\u{0}".into();
        }
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        submit(&c, &app.at(&format!("/refer/{slug}")), &fields).await;
    }
    let res = c.get(app.at("/refer/check")).send().await.unwrap();
    assert_eq!(location(&res), "/refer/name", "check: back to the name");
    let page = c.get(app.at("/refer/name")).send().await.unwrap();
    let token = csrf(&page.text().await.unwrap());
    let res = c
        .post(app.at("/refer/check"))
        .form(&[("csrf", token.as_str()), ("consent", "yes")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "sent: not a fault");
    assert_eq!(location(&res), "/refer/name");
    let after = app
        .store
        .count_referrals(&app.demo.service.id)
        .await
        .unwrap();
    assert_eq!(after, before, "nothing sent");
    app.stop().await;
}

async fn hidden_characters_are_refused_with_their_place_in_both_languages(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    /// (page, answers, field in error, message id, its position, kept)
    type Case<'a> = (
        &'a str,
        &'a [(&'a str, &'a str)],
        &'a str,
        &'a str,
        Option<i64>,
        &'a str,
    );
    let cases: &[Case] = &[
        (
            "/refer/your-words",
            &[("story", "My hands\u{1b}[31m hurt")],
            "story",
            "error-text-control",
            Some(9),
            "My hands",
        ),
        (
            "/refer/name",
            &[
                ("given_name", "Ceri\u{202E}sevol"),
                ("family_name", "Jones"),
            ],
            "given_name",
            "error-text-invisible",
            Some(5),
            "value=\"Jones\"",
        ),
        (
            "/refer/name",
            &[("given_name", "Ceri"), ("family_name", "\u{200B}\u{200B}")],
            "family_name",
            "error-text-invisible",
            Some(1),
            "value=\"Ceri\"",
        ),
        (
            "/refer/name",
            &[("given_name", "\u{FEFF}Ceri"), ("family_name", "Jones")],
            "given_name",
            "error-text-invisible",
            Some(1),
            "value=\"Jones\"",
        ),
        (
            "/refer/name",
            &[("given_name", "Ceri"), ("family_name", "1234")],
            "family_name",
            "error-text-no-letter",
            None,
            "value=\"Ceri\"",
        ),
        (
            "/refer/language",
            &[
                ("language", "other"),
                ("language_other", "Polish\u{7f}"),
                ("interpreter", "no"),
            ],
            "language_other",
            "error-text-control",
            Some(7),
            "value=\"other\"",
        ),
    ];
    for (lang, prefix) in [(Lang::En, ""), (Lang::Cy, "/cy")] {
        let t = tr(lang);
        let c = app.client();
        to_the_name_page(&app, &c, prefix).await;
        for (page, fields, field, id, at, kept) in cases {
            let path = format!("{prefix}{page}");
            let res = submit(&c, &app.at(&path), fields).await;
            assert_eq!(res.status(), 422, "{path} {field}");
            let html = res.text().await.unwrap();
            let message = match at {
                Some(at) => t.tn(id, &[("at", *at)]),
                None => t.t(id),
            };
            assert!(html.contains(&esc(&message)), "{path}: {message}");
            assert!(html.contains(&format!("href=\"#{field}\"")), "{path}");
            assert!(html.contains(kept), "{path}: kept {kept}");
        }
    }
    // Names people have are accepted, and stored composed (NFC).
    let c = app.client();
    to_the_name_page(&app, &c, "").await;
    let res = submit(
        &c,
        &app.at("/refer/name"),
        &[
            ("given_name", "Sia\u{302}n"),
            ("family_name", "O'Neill-Jones"),
        ],
    )
    .await;
    assert_eq!(location(&res), "/refer/date-of-birth");
    app.stop().await;
}

async fn form_bytes_that_are_not_utf8_are_refused_and_the_draft_kept(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    for (lang, prefix) in [(Lang::En, ""), (Lang::Cy, "/cy")] {
        let t = tr(lang);
        let c = app.client();
        to_the_name_page(&app, &c, prefix).await;
        let url = app.at(&format!("{prefix}/refer/name"));
        let res = submit(
            &c,
            &url,
            &[("given_name", "Ceri"), ("family_name", "Jones")],
        )
        .await;
        assert_eq!(res.status(), 303);
        let page = c.get(&url).send().await.unwrap().text().await.unwrap();
        let token = csrf(&page);
        // Latin-1 "Siân" (â is 0xE2 alone): not UTF-8 once decoded.
        let res = c
            .post(&url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "csrf={token}&given_name=Si%E2n&family_name=Jones%FF"
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400, "{prefix}");
        let html = res.text().await.unwrap();
        assert!(html.contains(&esc(&t.t("error-summary-title"))), "{prefix}");
        assert!(
            html.contains(&esc(&t.t("page-unreadable-text"))),
            "{prefix}: {html}"
        );
        // Raw bytes too, not percent-encoded.
        let mut raw = format!("csrf={token}&given_name=Si").into_bytes();
        raw.push(0xE2);
        raw.extend_from_slice(b"n&family_name=Jones");
        let res = c
            .post(&url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(raw)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400, "{prefix}: raw bytes");
        // The draft is as it was.
        let page = c.get(&url).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("value=\"Ceri\""), "{prefix}");
        assert!(page.contains("value=\"Jones\""), "{prefix}");
        assert!(!page.contains('\u{FFFD}'), "{prefix}: nothing lost stored");
    }
    // A staff form reads the same way: a note with such bytes is refused
    // and nothing is recorded.
    let c = app.client();
    app.sign_in(&c, "occupational therapist").await;
    let episode = common::an_episode(&app).await;
    let page = c
        .get(app.at(&format!("{episode}/new/note")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let token = csrf(&page.text().await.unwrap());
    let res = c
        .post(app.at(&format!("{episode}/new/note")))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("csrf={token}&text=Phoned%C0%AF"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let id = episode.rsplit('/').next().unwrap();
    let entries = app.store.entries(id).await.unwrap();
    assert!(entries.iter().all(|e| e.kind != "note"), "nothing recorded");
    app.stop().await;
}

async fn lookups_with_control_characters_are_never_faults(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let c = app.client();
    // The sign-in email with a NUL: a message on the field, not a fault.
    for (lang, prefix) in [(Lang::En, ""), (Lang::Cy, "/cy")] {
        let res = submit(
            &c,
            &app.at(&format!("{prefix}/staff/sign-in")),
            &[("email", "lead@demo.roots.invalid\u{0}"), ("password", "x")],
        )
        .await;
        assert_eq!(res.status(), 422, "{prefix}");
        let html = res.text().await.unwrap();
        assert!(
            html.contains(&esc(&tr(lang).tn("error-text-control", &[("at", 24)]))),
            "{prefix}: {html}"
        );
    }
    let lead = app.client();
    app.sign_in(&lead, "service lead").await;
    let ot = app.client();
    app.sign_in(&ot, "occupational therapist").await;
    // NUL and other C0 controls anywhere in an address: a 400 page in the
    // person's language, before any handler.
    for (client, path) in [
        (&lead, "/staff/audit?user=%00"),
        (&lead, "/staff/audit.csv?record=%1B"),
        (&ot, "/staff/episodes/%00"),
        (&ot, "/cy/staff/episodes/%00"),
        (&lead, "/staff/evaluation?practice=%00"),
        (&c, "/directory?q=%00"),
    ] {
        let res = client.get(app.at(path)).send().await.unwrap();
        assert_eq!(res.status(), 400, "{path}");
        let lang = if path.starts_with("/cy/") {
            Lang::Cy
        } else {
            Lang::En
        };
        let html = res.text().await.unwrap();
        assert!(
            html.contains(&esc(&tr(lang).t("page-bad-address-text"))),
            "{path}: {html}"
        );
    }
    // Other hidden characters reach the page and are explained there.
    let res = lead
        .get(app.at("/staff/audit?user=a%E2%80%AEb%40x.org"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains(&esc(&tr(Lang::En).tn("error-text-invisible", &[("at", 2)]))),
        "{html}"
    );
    // An id that is not a UUID is not found.
    for path in [
        "/staff/episodes/not-an-id",
        "/staff/episodes/%E2%80%AE",
        "/staff/referrals/%C3%A2",
    ] {
        let res = ot.get(app.at(path)).send().await.unwrap();
        assert_eq!(res.status(), 404, "{path}");
    }
    app.stop().await;
}

async fn command_line_names_follow_the_same_rule(engine: Engine) {
    let db = roots_store::testing::TestDatabase::new(engine)
        .await
        .unwrap();
    let roots = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_roots"))
            .args(args)
            .env("ROOTS_DATABASE_URL", &db.url)
            .env("ROOTS_PASSWORD", "a long and unguessable password 7")
            .env("RUST_LOG", "error")
            .output()
            .unwrap()
    };
    let out = roots(&[
        "service",
        "add",
        "--slug",
        "north",
        "--name",
        "North\u{1b}[2J",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--name") && err.contains("control character"),
        "{err}"
    );
    let out = roots(&[
        "service",
        "add",
        "--slug",
        "north",
        "--name",
        "Gogledd Cymru",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for args in [
        &[
            "practice",
            "add",
            "--service",
            "north",
            "--ods",
            "W00001",
            "--name",
            "\u{200B}",
        ][..],
        &[
            "user",
            "add",
            "--service",
            "north",
            "--email",
            "a@example.org",
            "--name",
            "Ann\u{202E}",
            "--role",
            "receptionist",
        ][..],
    ] {
        let out = roots(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("--name") && err.contains("invisible"),
            "{args:?}: {err}"
        );
    }
    db.remove().await.unwrap();
}

async fn staff_forms_follow_the_same_rule(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let en = tr(Lang::En);
    let cy = tr(Lang::Cy);
    // A clinical note with a NUL: explained on the field, the rest kept,
    // nothing recorded; in Welsh on the Welsh page.
    let ot = app.client();
    app.sign_in(&ot, "occupational therapist").await;
    let episode = common::an_episode(&app).await;
    for (t, prefix) in [(&en, ""), (&cy, "/cy")] {
        let res = submit(
            &ot,
            &app.at(&format!("{prefix}{episode}/new/note")),
            &[("text", "Phoned, settled\u{0}")],
        )
        .await;
        assert_eq!(res.status(), 422, "{prefix}");
        let html = res.text().await.unwrap();
        assert!(
            html.contains(&esc(&t.tn("error-text-control", &[("at", 16)]))),
            "{prefix}: {html}"
        );
        assert!(html.contains("Phoned, settled"), "{prefix}: kept");
    }
    let id = episode.rsplit('/').next().unwrap();
    let entries = app.store.entries(id).await.unwrap();
    assert!(entries.iter().all(|e| e.kind != "note"), "nothing recorded");
    // A member of staff's name with a direction override.
    let admin = app.client();
    app.sign_in(&admin, "admin").await;
    let res = submit(
        &admin,
        &app.at("/staff/users/new"),
        &[
            ("name", "Nia \u{202E}snomaiW"),
            ("email", "nia@demo.roots.invalid"),
            ("roles", "receptionist"),
        ],
    )
    .await;
    // An administrator's change asks "Confirm it's you" first, carrying
    // what was typed; the rule answers once it is made.
    let res = app.confirm(&admin, res, "admin").await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains(&esc(&en.tn("error-text-invisible", &[("at", 5)]))),
        "{html}"
    );
    assert!(html.contains("nia@demo.roots.invalid"), "kept");
    assert!(
        app.store
            .user_by_email("nia@demo.roots.invalid")
            .await
            .is_err(),
        "no account made"
    );
    // A place in the directory whose name is only zero-width spaces.
    let lead = app.client();
    app.sign_in(&lead, "service lead").await;
    let res = submit(
        &lead,
        &app.at("/staff/directory/new"),
        &[
            ("name", "\u{200B}\u{200B}"),
            ("organisation", "Mind Cymru"),
            ("status", "active"),
        ],
    )
    .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains(&esc(&en.tn("error-text-invisible", &[("at", 1)]))),
        "{html}"
    );
    assert!(html.contains("Mind Cymru"), "kept");
    app.stop().await;
}
