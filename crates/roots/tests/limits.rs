//! Dates, numbers and faults at their limits (issue 19): a far date or a
//! huge page number in a query string is a field error or an empty page,
//! never a panic, a closed connection or a 5xx; the API's query-string
//! errors are its JSON error body; and a handler that panics anyway is
//! answered with the error page, in the person's language, while the
//! server goes on serving.

#[macro_use]
mod common;

use common::TestApp;
use roots_store::Engine;

on_both_engines!(
    far_dates_and_huge_page_numbers_are_field_errors_not_faults,
    a_panicking_handler_gets_the_error_page_and_the_server_carries_on,
);

/// GETs `path` and returns the status and the body.
async fn get(c: &reqwest::Client, app: &TestApp, path: &str) -> (u16, String) {
    let res = c.get(app.at(path)).send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.text().await.unwrap())
}

async fn far_dates_and_huge_page_numbers_are_field_errors_not_faults(engine: Engine) {
    let app = TestApp::spawn(engine).await;

    // The audit viewer and its CSV (a service lead).
    let lead = app.client();
    app.sign_in(&lead, "service").await;
    for path in [
        "/staff/audit?to=9999-12-30",
        "/staff/audit.csv?to=9999-12-30",
        "/staff/audit?from=9999-12-31",
        "/staff/audit?from=0001-01-01",
        "/staff/audit?to=-009999-01-01",
    ] {
        let (status, body) = get(&lead, &app, path).await;
        assert_eq!(status, 422, "{path}");
        assert!(body.contains("nhsuk-error-summary"), "{path}");
    }
    let (_, body) = get(&lead, &app, "/staff/audit?to=9999-12-30").await;
    assert!(
        body.contains("Enter a date between 1850-01-01 and 2199-12-31"),
        "the range is named"
    );
    let (status, body) = get(&lead, &app, "/cy/staff/audit?to=9999-12-30").await;
    assert_eq!(status, 422);
    assert!(body.contains("Rhowch ddyddiad rhwng 1850-01-01 a 2199-12-31"));
    let (status, body) = get(&lead, &app, "/staff/audit?from=2026-13-01").await;
    assert_eq!(status, 422);
    assert!(body.contains("Enter a date like 2026-11-24"));
    let (status, _) = get(&lead, &app, "/staff/audit?from=2199-12-31&to=2199-12-31").await;
    assert_eq!(status, 200, "the last day of the range can be searched");

    // The evaluation's period.
    let (status, body) = get(
        &lead,
        &app,
        "/staff/evaluation?from=0001-01-01&to=9999-12-31",
    )
    .await;
    assert_eq!(status, 422);
    assert!(body.contains("href=\"#from\"") && body.contains("href=\"#to\""));
    assert!(body.contains("Enter a date between 1850-01-01 and 2199-12-31"));

    // The OT's day view.
    let ot = app.client();
    app.sign_in(&ot, "occupational").await;
    for date in ["9999-12-30", "9999-12-31", "2200-01-01", "1849-12-31"] {
        let (status, body) = get(&ot, &app, &format!("/staff/day?date={date}")).await;
        assert_eq!(status, 422, "{date}");
        assert!(
            body.contains("Enter a date between 1850-01-01 and 2199-12-31"),
            "{date}"
        );
        assert!(body.contains(&format!("value=\"{date}\"")), "{date} kept");
    }
    let (status, body) = get(&ot, &app, "/staff/day?date=2026-02-30").await;
    assert_eq!(status, 422);
    assert!(body.contains("Enter a real date, like 2026-12-03"));
    let (status, body) = get(&ot, &app, "/staff/day?date=2026-12-07").await;
    assert_eq!(status, 200);
    assert!(body.contains("07/12/2026"));
    assert!(
        body.contains("/staff/day?date=2026-12-06") && body.contains("/staff/day?date=2026-12-08")
    );
    let (status, body) = get(&ot, &app, "/staff/day?date=2199-12-31").await;
    assert_eq!(status, 200, "the last day of the range");
    assert!(
        !body.contains("/staff/day?date=2200-01-01"),
        "no link past it"
    );
    let (status, body) = get(&ot, &app, "/cy/staff/day?date=9999-12-31").await;
    assert_eq!(status, 422);
    assert!(body.contains("Rhowch ddyddiad rhwng 1850-01-01 a 2199-12-31"));

    // The referral list's page number.
    for page in [
        "200000000000000000",
        "9223372036854775807",
        "99999999999999999999999",
        "-5",
        "0",
        "x",
    ] {
        let (status, body) = get(&ot, &app, &format!("/staff/referrals?page={page}")).await;
        assert_eq!(status, 200, "page={page}");
        assert!(body.contains("<h1"), "page={page}");
    }

    // The JSON API's query string: the API's own error body, naming the
    // parameter, in the caller's language.
    let reception = app.client();
    app.sign_in(&reception, "receptionist").await;
    for (query, field) in [
        ("limit=abc", "limit"),
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("offset=-1", "offset"),
        ("offset=99999999999999", "offset"),
        ("offset=1e3", "offset"),
        ("limit=9223372036854775808", "limit"),
    ] {
        let res = reception
            .get(app.at(&format!("/api/v1/referrals?{query}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400, "{query}");
        assert!(
            res.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/json"),
            "{query}"
        );
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["code"], "bad_query", "{query}");
        assert_eq!(body["errors"][0]["field"], field, "{query}");
        assert!(
            body["errors"][0]["message"]
                .as_str()
                .unwrap()
                .starts_with("Give a whole number from"),
            "{query}"
        );
    }
    let res = reception
        .get(app.at("/api/v1/referrals?limit=abc"))
        .header("accept-language", "cy")
        .send()
        .await
        .unwrap();
    let body: serde_json::Value = res.json().await.unwrap();
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("Rhowch rif cyfan")
    );
    let res = reception
        .get(app.at("/api/v1/referrals?limit=2&offset=1000000000"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "the largest offset");
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["items"].as_array().unwrap().len(), 0);
    let res = reception
        .get(app.at("/api/v1/referrals?limit=2"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["items"].as_array().unwrap().len(), 2);

    app.stop().await;
}

async fn a_panicking_handler_gets_the_error_page_and_the_server_carries_on(engine: Engine) {
    use axum::routing::get as route;
    let db = roots_store::testing::TestDatabase::new(engine)
        .await
        .unwrap();
    let store = roots::open_store(&db.url).await.unwrap();
    let demo = roots::demo::seed(&store).await.unwrap();
    let app =
        roots_web::App::new(store.clone(), demo.service, roots_web::WebConfig::default()).unwrap();
    async fn boom() -> &'static str {
        panic!("a message that could hold what someone typed")
    }
    let routes = axum::Router::new()
        .route("/boom", route(boom))
        .route("/cy/boom", route(boom))
        .route("/api/v1/boom", route(boom))
        .route("/fine", route(|| async { "fine" }));
    let router = roots_web::with_layers(routes, app);
    let listener = roots::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
    });
    let c = reqwest::Client::new();
    for _ in 0..3 {
        let res = c.get(format!("{url}/boom")).send().await.unwrap();
        assert_eq!(res.status(), 500);
        assert!(res.headers().contains_key("content-security-policy"));
        let body = res.text().await.unwrap();
        assert!(
            body.contains("Sorry, there is a problem with the service"),
            "{body}"
        );
        assert!(!body.contains("could hold what someone typed"));
    }
    let res = c.get(format!("{url}/cy/boom")).send().await.unwrap();
    assert_eq!(res.status(), 500);
    let body = res.text().await.unwrap();
    assert!(body.contains("lang=\"cy\""), "the Welsh page");
    let res = c.get(format!("{url}/api/v1/boom")).send().await.unwrap();
    assert_eq!(res.status(), 500);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["code"], "internal");
    let res = c.get(format!("{url}/fine")).send().await.unwrap();
    assert_eq!(res.status(), 200, "the server carries on");
    server.abort();
    store.close().await;
    db.remove().await.unwrap();
}

/// Runs the built binary with `stdin`, waiting at most a minute: a command
/// that should refuse to start but serves instead is killed and reported.
fn roots(args: &[&str], env: &[(&str, &str)], stdin: &str) -> std::process::Output {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_roots"));
    cmd.args(args)
        .env_remove("ROOTS_DATABASE_URL")
        .env("RUST_LOG", "error")
        .env("ROOTS_PASSWORD", "a long and unusual passphrase 4 roots")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("run roots");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > std::time::Duration::from_secs(60) {
            child.kill().unwrap();
            let o = child.wait_with_output().unwrap();
            panic!(
                "roots {args:?} was still running after a minute (it should have refused): {}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

/// Exit code 2 and one sentence from roots naming `contains`, no panic.
fn refused(o: &std::process::Output, contains: &str) {
    let e = String::from_utf8_lossy(&o.stderr).trim().to_owned();
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(!e.contains("panicked"), "{e}");
    assert_eq!(e.lines().count(), 1, "one line: {e}");
    assert!(
        e.starts_with("roots: ") && e.contains(contains),
        "{e:?} should mention {contains:?}"
    );
}

#[tokio::test]
async fn settings_and_arguments_out_of_range_are_refused_in_one_sentence() {
    let db = roots_store::testing::TestDatabase::new(Engine::Sqlite)
        .await
        .unwrap();
    let dir = std::env::temp_dir().join(format!("roots-limits-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let env = [
        ("ROOTS_DATABASE_URL", db.url.as_str()),
        ("ROOTS_LISTEN", "127.0.0.1:0"),
    ];
    let o = roots(
        &["service", "add", "--slug", "north", "--name", "North"],
        &env,
        "",
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    // Configuration that cannot work, or that overflowed the clock.
    for (setting, needle) in [
        (
            "session_idle_minutes = 9223372036854775807",
            "session_idle_minutes must be from 1 to 1440",
        ),
        (
            "draft_ttl_minutes = 9223372036854775807",
            "draft_ttl_minutes must be from 5 to 10080",
        ),
        (
            "session_absolute_hours = 9223372036854775807",
            "session_absolute_hours must be from 1 to 168 hours (it is 9223372036854775807)",
        ),
        (
            "body_limit_bytes = 0",
            "body_limit_bytes must be from 16384",
        ),
        (
            "body_limit_bytes = 18446744073709551615",
            "body_limit_bytes",
        ),
        (
            "public_submissions_per_hour = -1",
            "public_submissions_per_hour must be from 0",
        ),
        (
            "[response_targets]\nemergency_hours = -1",
            "response_targets.emergency_hours must be from 0 to 72",
        ),
        (
            "[response_targets]\nroutine_working_days = 9223372036854775807",
            "routine_working_days must be from 0 to 65",
        ),
    ] {
        let file = dir.join("roots.toml");
        std::fs::write(&file, setting).unwrap();
        let o = roots(&["serve", "--config", file.to_str().unwrap()], &env, "");
        refused(&o, needle);
    }
    let o = roots(
        &["serve"],
        &[
            ("ROOTS_DATABASE_URL", db.url.as_str()),
            ("ROOTS_LISTEN", "127.0.0.1:0"),
            ("ROOTS_SECURE_COOKIES", "ture"),
        ],
        "",
    );
    refused(&o, "ROOTS_SECURE_COOKIES");

    // Arguments that are not what they claim to be.
    let o = roots(
        &[
            "user",
            "add",
            "--email",
            "not an email",
            "--name",
            "Ann Example",
            "--role",
            "ot",
        ],
        &env,
        "",
    );
    refused(&o, "--email \"not an email\" is not an email address");
    let o = roots(
        &["service", "add", "--slug", "../../x y", "--name", "X"],
        &env,
        "",
    );
    refused(&o, "--slug \"../../x y\" must be lower-case letters");
    let o = roots(
        &["practice", "add", "--name", "Meddygfa", "--ods", "W9 1042"],
        &env,
        "",
    );
    refused(&o, "--ods \"W9 1042\" is not an organisation code");
    let o = roots(
        &["evaluate", "--from", "0001-01-01", "--to", "9999-12-31"],
        &env,
        "",
    );
    refused(
        &o,
        "--from must be a date as YYYY-MM-DD from 1850-01-01 to 2199-12-31",
    );
    let o = roots(&["triage", "-"], &[], "[]");
    refused(&o, "it must be a JSON object");
    let o = roots(&["triage", "-", "--today", "9999-12-31"], &[], "{}");
    refused(&o, "--today \"9999-12-31\"");
    // Nothing half-written: the refused user, service and practice are not there.
    let store = roots::open_store(&db.url).await.unwrap();
    assert!(store.user_by_email("not an email").await.is_err());
    let north = store.service(Some("north")).await.unwrap().unwrap();
    assert!(store.service(Some("../../x y")).await.unwrap().is_none());
    assert!(store.practices(&north.id).await.unwrap().is_empty());

    // A directory feed with one good record and records the checks refuse:
    // the good one is imported, each other is named with why, exit 1.
    let feed = dir.join("feed.json");
    std::fs::write(
        &feed,
        serde_json::json!([
            {"id": "0b6c6d1e-3f0a-4c47-9a55-2f3c8e1d7a01", "name": "Afon Walks", "status": "active"},
            {"id": "0b6c6d1e-3f0a-4c47-9a55-2f3c8e1d7zzz", "name": "Bad id", "status": "active"},
            {"id": "b", "name": "Bad place", "status": "active",
             "service_at_locations": [{"location": {"latitude": "north", "longitude": 999}}]},
            {"id": "c", "name": "Bad age", "status": "active", "eligibilitys": [{"minimum_age": -5}]},
        ])
        .to_string(),
    )
    .unwrap();
    let o = roots(&["directory", "import", feed.to_str().unwrap()], &env, "");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(String::from_utf8_lossy(&o.stdout).contains("1 new"));
    assert!(
        err.contains("bad id: id \"0b6c6d1e-3f0a-4c47-9a55-2f3c8e1d7zzz\" is shaped like a UUID"),
        "{err}"
    );
    assert!(
        err.contains("bad location: service_at_locations[0].location.latitude \"north\""),
        "{err}"
    );
    assert!(
        err.contains("bad age: eligibilitys minimum_age -5"),
        "{err}"
    );
    assert!(err.contains("3 record(s) not imported"), "{err}");
    assert_eq!(store.resource_count(&north.id).await.unwrap(), 1);

    store.close().await;
    std::fs::remove_dir_all(&dir).unwrap();
    db.remove().await.unwrap();
}
