//! The command line as an operator meets it: clear one-sentence failures,
//! non-zero exit codes, no panics; and a clean stop on SIGTERM.

use std::process::Output;
use std::time::Duration;

use roots_store::Engine;
use roots_store::testing::TestDatabase;

fn roots(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_roots"));
    cmd.args(args)
        .env_remove("ROOTS_DATABASE_URL")
        .env("RUST_LOG", "error");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run roots")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).trim().to_owned()
}

/// One line, from roots, no panic.
fn one_sentence(o: &Output, contains: &str) {
    let e = stderr(o);
    assert!(!o.status.success(), "should fail: {e}");
    assert!(!e.contains("panicked"), "{e}");
    assert_eq!(e.lines().count(), 1, "one line: {e}");
    assert!(e.starts_with("roots: "), "{e}");
    assert!(e.contains(contains), "{e:?} should mention {contains:?}");
}

#[test]
fn wrong_database_urls_are_named() {
    let o = roots(
        &["migrate"],
        &[("ROOTS_DATABASE_URL", "mysql://localhost/roots")],
    );
    one_sentence(&o, "must start with sqlite:// or postgres://");
    assert_eq!(o.status.code(), Some(2));
    let o = roots(&["migrate"], &[("ROOTS_DATABASE_URL", "sqlite://:memory:")]);
    one_sentence(&o, "must name a SQLite file");
    let o = roots(
        &["migrate"],
        &[(
            "ROOTS_DATABASE_URL",
            "postgres://postgres@127.0.0.1:1/nowhere",
        )],
    );
    one_sentence(&o, "could not be reached");
    assert_eq!(o.status.code(), Some(1));
    let o = roots(&["serve", "--config", "/nonexistent/roots.toml"], &[]);
    one_sentence(&o, "cannot read the configuration file");
}

#[tokio::test]
async fn operator_commands_on_a_fresh_database() {
    let db = TestDatabase::new(Engine::Sqlite).await.unwrap();
    let url = db.url.clone();
    let env = [
        ("ROOTS_DATABASE_URL", url.as_str()),
        ("ROOTS_LISTEN", "127.0.0.1:0"),
    ];
    let o = roots(&["migrate"], &env);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = roots(&["serve"], &env);
    one_sentence(&o, "no service is set up yet");
    let o = roots(
        &[
            "user", "add", "--email", "a@b.org", "--name", "A", "--role", "ot",
        ],
        &env,
    );
    one_sentence(&o, "no service is set up yet");
    let o = roots(
        &[
            "service",
            "add",
            "--slug",
            "north",
            "--name",
            "North OT service",
        ],
        &env,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = roots(
        &["practice", "add", "--name", "Bryn", "--postcode", "LL57"],
        &env,
    );
    one_sentence(&o, "--postcode LL57 is not the shape of a UK postcode");
    let o = roots(
        &[
            "practice",
            "add",
            "--name",
            "Afon Surgery",
            "--ods",
            "W91042",
            "--postcode",
            "ll57 2sw",
        ],
        &env,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let store = roots::open_store(&url).await.unwrap();
    let service = store.service(None).await.unwrap().unwrap();
    let practices = store.practices(&service.id).await.unwrap();
    assert_eq!(practices.len(), 1, "the bad one was not added");
    assert_eq!(practices[0].postcode.as_deref(), Some("LL57 2SW"));
    store.close().await;
    let with_pw = |pw: &'static str| [env[0], env[1], ("ROOTS_PASSWORD", pw)];
    let o = roots(
        &[
            "user",
            "add",
            "--email",
            "ot@b.org",
            "--name",
            "O",
            "--role",
            "ot,clinician",
        ],
        &with_pw("short"),
    );
    one_sentence(&o, "at least 12 characters");
    let o = roots(
        &[
            "user", "add", "--email", "ot@b.org", "--name", "O", "--role", "ot",
        ],
        &with_pw("password1234"),
    );
    one_sentence(&o, "too easy to guess");
    let o = roots(
        &[
            "user", "add", "--email", "ot@b.org", "--name", "O", "--role", "wizard",
        ],
        &with_pw("kettle orbit lantern quarry"),
    );
    one_sentence(&o, "unknown role");
    let o = roots(
        &[
            "user",
            "add",
            "--email",
            "OT@b.org",
            "--name",
            "O",
            "--role",
            "ot,clinician",
        ],
        &with_pw("kettle orbit lantern quarry"),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("occupational_therapist, clinician"));
    let o = roots(
        &[
            "user", "add", "--email", "ot@b.org", "--name", "O", "--role", "ot",
        ],
        &with_pw("kettle orbit lantern quarry"),
    );
    one_sentence(&o, "already exists");

    let o = roots(&["token", "create", "--user", "nobody@b.org"], &env);
    one_sentence(&o, "no user with the email");
    let o = roots(
        &["token", "create", "--user", "ot@b.org", "--expires", "30"],
        &env,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let secret = String::from_utf8_lossy(&o.stdout).trim().to_owned();
    assert!(
        secret.starts_with("roots_") && secret.len() == 70,
        "{secret}"
    );

    let store = roots::open_store(&url).await.unwrap();
    let (u, _) = store
        .token_user(&secret, jiff::Timestamp::now())
        .await
        .unwrap()
        .expect("token works");
    assert_eq!(u.email, "ot@b.org");
    let (user, hash) = store.user_for_sign_in("ot@b.org").await.unwrap().unwrap();
    assert!(roots_web::auth::verify_password(
        "kettle orbit lantern quarry",
        &hash
    ));
    assert_eq!(user.roles.len(), 2);
    store.close().await;

    let doc = roots(&["openapi"], &[]);
    assert!(doc.status.success());
    let v: serde_json::Value = serde_json::from_slice(&doc.stdout).unwrap();
    assert!(v["paths"]["/referrals"].is_object());
}

#[tokio::test]
async fn a_port_in_use_is_named_and_sigterm_stops_cleanly() {
    let db = TestDatabase::new(Engine::Sqlite).await.unwrap();
    let store = roots::open_store(&db.url).await.unwrap();
    roots::demo::seed(&store).await.unwrap();
    store.close().await;
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let o = roots(
        &["serve"],
        &[("ROOTS_DATABASE_URL", &db.url), ("ROOTS_LISTEN", &addr)],
    );
    one_sentence(&o, "already in use");
    drop(taken);

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = tokio::process::Command::new(env!("CARGO_BIN_EXE_roots"))
        .arg("serve")
        .env("ROOTS_DATABASE_URL", &db.url)
        .env("ROOTS_LISTEN", format!("127.0.0.1:{port}"))
        .env("ROOTS_LOG_FORMAT", "json")
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let client = reqwest::Client::new();
    let mut ready = false;
    for _ in 0..200 {
        if client
            .get(format!("http://127.0.0.1:{port}/readyz"))
            .send()
            .await
            .is_ok_and(|r| r.status() == 200)
        {
            ready = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(ready);
    let _ = client
        .get(format!("http://127.0.0.1:{port}/refer/name"))
        .send()
        .await
        .unwrap();
    // A referral full of personal details goes through the logged process,
    // and a bad one too (its errors are logged only as field names).
    let practice = {
        let store = roots::open_store(&db.url).await.unwrap();
        let service = store.service(None).await.unwrap().unwrap();
        store.practices(&service.id).await.unwrap()[0].id.clone()
    };
    let mut body =
        serde_json::to_value(roots::demo::examples(std::slice::from_ref(&practice)).remove(0))
            .unwrap();
    body["given_name"] = "Zebedee".into();
    body["story"] = "Secretword story of my life".into();
    body["postcode"] = "SA1 1AA".into();
    let res = client
        .post(format!("http://127.0.0.1:{port}/api/v1/referrals"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    body["dob_year"] = "1800".into();
    let res = client
        .post(format!("http://127.0.0.1:{port}/api/v1/referrals"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let pid = child.id().unwrap().to_string();
    assert!(
        std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let out = tokio::time::timeout(Duration::from_secs(20), child.wait_with_output())
        .await
        .unwrap()
        .unwrap();
    assert!(
        out.status.success(),
        "clean exit on SIGTERM: {:?}",
        out.status
    );
    let log = String::from_utf8_lossy(&out.stderr);
    for line in log.lines() {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|_| panic!("JSON log line: {line}"));
        assert!(v["level"].is_string());
    }
    assert!(
        log.contains("shutting down") && log.contains("stopped"),
        "{log}"
    );
    assert!(
        log.contains("finished processing request"),
        "the requests are logged at the default level: {log}"
    );
    for personal in [
        "Morfudd",
        "LL57",
        "Zebedee",
        "Secretword",
        "SA1 1AA",
        "07700",
    ] {
        assert!(
            !log.contains(personal),
            "no personal data in logs: {personal}"
        );
    }
}

#[tokio::test]
async fn audit_verify_reports_an_intact_trail_and_names_a_broken_event() {
    let db = TestDatabase::new(Engine::Sqlite).await.unwrap();
    let env = [("ROOTS_DATABASE_URL", db.url.as_str())];
    assert!(
        roots(&["service", "add", "--slug", "s", "--name", "S"], &env)
            .status
            .success()
    );
    assert!(
        roots(&["practice", "add", "--name", "P"], &env)
            .status
            .success()
    );
    let o = roots(&["audit", "verify"], &env);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("intact: 2 events"), "{out}");

    // Round the triggers, as someone with the database file could.
    sqlx::any::install_default_drivers();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&db.url)
        .await
        .unwrap();
    sqlx::raw_sql("DROP TRIGGER audit_events_no_update; UPDATE audit_events SET roles = 'admin' WHERE seq = 1;")
        .execute(&mut conn)
        .await
        .unwrap();
    let o = roots(&["audit", "verify"], &env);
    one_sentence(&o, "broken at event 1");
    assert!(stderr(&o).contains("contents were changed"));
}

#[tokio::test]
async fn sar_export_prints_a_referral_and_its_access_log() {
    let db = TestDatabase::new(Engine::Sqlite).await.unwrap();
    let store = roots::open_store(&db.url).await.unwrap();
    roots::demo::seed(&store).await.unwrap();
    let service = store.service(None).await.unwrap().unwrap();
    let referral = store
        .list_referrals(&service.id, 1, 0)
        .await
        .unwrap()
        .remove(0);
    store.close().await;
    let env = [("ROOTS_DATABASE_URL", db.url.as_str())];
    let o = roots(&["sar", "export", "--referral", &referral.reference], &env);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["referrals"][0]["id"], referral.id.as_str());
    assert_eq!(v["access_log"][0]["action"], "referral.create");
    let o = roots(&["sar", "export", "--referral", "ZZZZ-ZZZZ"], &env);
    one_sentence(&o, "there is no referral");
}

/// Runs `roots triage …` with `input` on standard input.
fn triage_with_stdin(args: &[&str], input: &str) -> Output {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_roots"))
        .arg("triage")
        .args(args)
        .env_remove("ROOTS_DATABASE_URL")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run roots triage");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn triage_checks_a_rulebook_and_prints_a_decision() {
    let dir = std::env::temp_dir().join(format!("roots-triage-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = |name: &str, text: &str| {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p.display().to_string()
    };

    // A referral as the API takes it: a fall, and crisis words only in the story.
    let referral = file(
        "referral.json",
        r#"{"needs_help_now": "no", "emergency_signs": ["none"], "crisis_signs": ["none"],
            "other_concerns": ["fall_cannot_get_up"], "dob_day": "3", "dob_month": "4",
            "dob_year": "1944", "story": "I fell and some days I want to end it all.",
            "work_status": "retired"}"#,
    );
    let o = roots(&["triage", "--today", "2026-11-24", &referral], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let d: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(d["priority"], "crisis");
    let pathways = d["pathways"].as_array().unwrap();
    for p in ["crisis", "mental_health", "frailty_falls", "ot_assessment"] {
        assert!(pathways.iter().any(|x| x == p), "{p} in {pathways:?}");
    }
    assert_eq!(d["immediate_advice"], serde_json::json!(["crisis"]));
    let reasons = d["reasons"].as_array().unwrap();
    assert!(
        reasons
            .iter()
            .any(|r| r["rule_id"] == "crisis-in-own-words")
    );
    assert!(reasons.iter().any(|r| r["rule_id"] == "falls-65-and-over"));
    assert!(
        reasons
            .iter()
            .all(|r| !r["explanation_cy"].as_str().unwrap().is_empty())
    );
    let hits = d["phrase_hits"].as_array().unwrap();
    let crisis = hits.iter().find(|h| h["category"] == "crisis").unwrap();
    assert_eq!(crisis["matched"], "end it all");
    assert_eq!(crisis["field"], "story");
    assert!(
        hits.iter()
            .any(|h| h["category"] == "falls" && h["matched"] == "fell")
    );
    assert!(d["rulebook_version"].as_str().unwrap().starts_with("2026"));

    // Standard input, and an emergency sign.
    let o = triage_with_stdin(&["-"], r#"{"emergency_signs": ["chest_pain"]}"#);
    assert!(o.status.success(), "{}", stderr(&o));
    let d: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(d["priority"], "emergency");
    assert_eq!(d["immediate_advice"][0], "emergency");

    // The built-in rulebook, checked from its file.
    let default = concat!(env!("CARGO_MANIFEST_DIR"), "/../core/rulebook/default.toml");
    let o = roots(&["triage", "--rulebook", default, "--check"], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(out.trim().lines().count(), 1);
    assert!(out.starts_with("The rulebook is valid: Roots default rulebook"));

    // A local rulebook that routes sleep problems, used to triage.
    let local = file(
        "local.toml",
        "format = 1\nname = \"Local\"\nversion = \"local-3\"\n\n[[rule]]\nid = \"sleep-group\"\npriority = \"soon\"\npathways = [\"community_hub\"]\nexplanation_en = \"Sleep group.\"\nexplanation_cy = \"Grŵp cysgu.\"\nhazards = [\"H-014\"]\nsource = \"Local pathway\"\n[rule.when.answers]\ndifficulties = [\"sleep\"]\n",
    );
    let o = triage_with_stdin(&["--rulebook", &local], r#"{"difficulties": ["sleep"]}"#);
    assert!(o.status.success(), "{}", stderr(&o));
    let d: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(d["priority"], "soon");
    assert_eq!(d["pathways"], serde_json::json!(["community_hub"]));
    assert_eq!(d["rulebook_version"], "local-3");

    // A broken rulebook: every problem with file:line, then one sentence.
    let bad = file(
        "bad.toml",
        "format = 1\nname = \"Bad\"\nversion = \"b1\"\n\n[[rule]]\nid = \"r\"\npriority = \"whenever\"\npathways = [\"astrology\"]\nexplanation_en = \"E.\"\nexplanation_cy = \"E.\"\nhazards = [\"H-014\"]\nsource = \"S\"\n",
    );
    let o = roots(&["triage", "--rulebook", &bad, "--check"], &[]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    let lines: Vec<&str> = e.lines().collect();
    assert!(lines.len() >= 4, "{e}");
    assert!(lines.contains(&format!("{bad}:7: unknown priority \"whenever\" (use emergency, crisis, urgent, soon or routine)").as_str()), "{e}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&format!("{bad}:8: unknown pathway \"astrology\""))),
        "{e}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&format!("{bad}:10: rule \"r\": explanation_cy is the same"))),
        "{e}"
    );
    assert_eq!(
        *lines.last().unwrap(),
        format!("roots: the rulebook {bad} has {} problems", lines.len() - 1)
    );
    assert!(o.stdout.is_empty());
    // Triage with it refuses (a configuration problem), triaging nothing.
    let o = roots(&["triage", "--rulebook", &bad, &referral], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert!(stderr(&o).ends_with("so nothing was triaged"));

    // Input mistakes are one sentence each.
    let o = triage_with_stdin(&[], r#"{"shoe_size": "9"}"#);
    one_sentence(&o, "not in the JSON shape POST /api/v1/referrals takes");
    assert_eq!(o.status.code(), Some(2));
    let o = roots(&["triage", "/nonexistent/referral.json"], &[]);
    one_sentence(&o, "cannot read the referral /nonexistent/referral.json");
    let o = roots(&["triage", "--today", "tomorrow", &referral], &[]);
    one_sentence(&o, "is not a date like 2026-11-24");
    let o = roots(
        &["triage", "--rulebook", "/nonexistent.toml", "--check"],
        &[],
    );
    one_sentence(&o, "cannot read the rulebook /nonexistent.toml");
    assert_eq!(o.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

/// `roots totp-code` prints the code an authenticator shows for a key, and
/// refuses something that is not a key.
#[test]
fn totp_code_prints_what_an_authenticator_shows() {
    let key = roots_web::auth::new_totp_secret();
    let spaced = format!("{} {}", &key[..16], &key[16..]);
    let before = jiff::Timestamp::now().as_second() as u64;
    let o = roots(&["totp-code", "--key", &spaced], &[]);
    let after = jiff::Timestamp::now().as_second() as u64;
    assert!(o.status.success(), "{}", stderr(&o));
    let code = String::from_utf8_lossy(&o.stdout).trim().to_owned();
    assert_eq!(code.len(), 6, "{code}");
    let expected: Vec<String> = [before, after]
        .iter()
        .map(|t| roots_web::auth::totp_code(&key, *t).unwrap())
        .collect();
    assert!(expected.contains(&code), "{code} is not {expected:?}");
    one_sentence(
        &roots(&["totp-code", "--key", "not a key!"], &[]),
        "not an authenticator key",
    );
}

fn directory_feed(name: &str) -> String {
    format!(
        "{}/../directory/tests/feeds/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// A small Open Referral UK API on loopback: two pages of services, each
/// service whole at /services/{id}, one of them missing (404).
async fn oruk_api() -> (String, tokio::task::JoinHandle<()>) {
    use axum::extract::{Path, Query};
    use axum::http::{StatusCode, header};
    use axum::response::IntoResponse;
    let text = std::fs::read_to_string(directory_feed("v3_paged.json")).unwrap();
    let full: serde_json::Value = serde_json::from_str(&text).unwrap();
    let services: Vec<serde_json::Value> = full["contents"].as_array().unwrap().clone();
    let list = services.clone();
    let app = axum::Router::new()
        .route(
            "/services",
            axum::routing::get(
                move |Query(q): Query<std::collections::HashMap<String, String>>| {
                    let list = list.clone();
                    async move {
                        let page: usize = q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1);
                        // Two per page; list items carry only the top level.
                        let items: Vec<serde_json::Value> = list
                            .iter()
                            .skip((page - 1) * 2)
                            .take(2)
                            .map(|s| serde_json::json!({"id": s["id"], "name": s["name"], "status": s["status"]}))
                            .collect();
                        let body = serde_json::json!({
                            "total_items": list.len(), "total_pages": 2, "page_number": page,
                            "size": items.len(), "first_page": page == 1, "last_page": page >= 2,
                            "empty": items.is_empty(), "contents": items,
                        });
                        ([(header::CONTENT_TYPE, "application/json")], body.to_string())
                    }
                },
            ),
        )
        .route(
            "/services/{id}",
            axum::routing::get(move |Path(id): Path<String>| {
                let services = services.clone();
                async move {
                    match services.iter().find(|s| s["id"] == id.as_str()) {
                        Some(s) if id != "hub-work-club" => {
                            ([(header::CONTENT_TYPE, "application/json")], s.to_string())
                                .into_response()
                        }
                        _ => StatusCode::NOT_FOUND.into_response(),
                    }
                }
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    (base, task)
}

// Several threads: the API below keeps serving while the test waits for
// the `roots` process.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn directory_import_and_export_files_and_an_api() {
    let db = TestDatabase::new(Engine::Sqlite).await.unwrap();
    let store = roots::open_store(&db.url).await.unwrap();
    roots::demo::seed(&store).await.unwrap();
    store.close().await;
    let env = [("ROOTS_DATABASE_URL", db.url.as_str())];
    let stdout = |o: &Output| String::from_utf8_lossy(&o.stdout).trim().to_owned();
    // A 3.0 feed, then the older profile.
    let o = roots(
        &["directory", "import", &directory_feed("v3_paged.json")],
        &env,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("3 new, 0 updated, 0 unchanged"),
        "{}",
        stdout(&o)
    );
    let o = roots(
        &["directory", "import", &directory_feed("legacy_paged.json")],
        &env,
    );
    assert!(stdout(&o).contains("2 new"), "{}", stdout(&o));
    // A bad feed: each refused record named with its id and reason, the
    // rest imported, and a failing exit code.
    let o = roots(&["directory", "import", &directory_feed("bad.json")], &env);
    assert!(!o.status.success());
    assert!(stdout(&o).contains("2 new"), "{}", stdout(&o));
    let e = stderr(&o);
    for expected in [
        "record 1 (no id): it has no id",
        "(id 8a1b7c2d-0e3f-4a5b-9c6d-7e8f9a0b1c2d): unknown status \"open\"",
        "(id 9b2c8d3e-1f4a-4b6c-8d7e-8f9a0b1c2d3e): malformed schedule",
        "record 5 (id AC3D9E4F-2A5B-4C7D-9E8F-9A0B1C2D3E4F): the same id",
        "4 record(s) not imported",
    ] {
        assert!(e.contains(expected), "{expected:?} in {e}");
    }
    assert!(!e.contains("panicked"), "{e}");
    // Export, and the export imports as itself: nothing new, nothing changed.
    let o = roots(&["directory", "export"], &env);
    assert!(o.status.success(), "{}", stderr(&o));
    let exported: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(exported.as_array().unwrap().len(), 7);
    let path = std::env::temp_dir().join(format!("roots-export-{}.json", std::process::id()));
    std::fs::write(&path, &o.stdout).unwrap();
    let o = roots(&["directory", "import", path.to_str().unwrap()], &env);
    let _ = std::fs::remove_file(&path);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("0 new, 0 updated, 7 unchanged"),
        "{}",
        stdout(&o)
    );
    // An API: both pages followed, each service fetched whole; the one
    // the API cannot give is named; the others update by id.
    let (base, server) = oruk_api().await;
    let o = roots(&["directory", "import", &base], &env);
    server.abort();
    let e = stderr(&o);
    assert!(
        e.contains("service hub-work-club") && e.contains("HTTP 404"),
        "{e}"
    );
    assert!(
        stdout(&o).contains("0 new, 0 updated, 2 unchanged"),
        "fetched whole, so the same as the file: {}",
        stdout(&o)
    );
    // Not a feed at all: one sentence.
    let o = roots(&["directory", "import", "/nonexistent/feed.json"], &env);
    one_sentence(&o, "cannot read /nonexistent/feed.json");
    // A postcode file in the ONS Postcode Directory's columns: the good
    // rows imported, the one without a grid reference skipped, the bad
    // one named with its line; importing again replaces, never duplicates.
    let path = std::env::temp_dir().join(format!("roots-postcodes-{}.csv", std::process::id()));
    std::fs::write(
        &path,
        "pcds,ctry,oslaua,lsoa21,lat,long,imd\n\
         LL57 2PW,W92000004,W06000002,W01000083,53.2274,-4.1293,1020\n\
         LL55 1AA,W92000004,W06000002,W01000084,53.1400,-4.2730,800\n\
         LL57 1AB,W92000004,W06000002,,99.999999,0.000000,\n\
         LL5,W92000004,,,53.0,-4.0,\n",
    )
    .unwrap();
    let file = path.to_str().unwrap();
    let o = roots(&["postcodes", "import", file], &env);
    assert!(!o.status.success());
    assert!(
        stdout(&o).contains("Imported 2 postcodes")
            && stdout(&o).contains("1 without a grid reference"),
        "{}",
        stdout(&o)
    );
    let e = stderr(&o);
    assert!(
        e.contains("line 5: \"LL5\" is not the shape of a UK postcode"),
        "{e}"
    );
    assert!(e.contains("1 row(s) not imported"), "{e}");
    let o = roots(&["postcodes", "import", file], &env);
    let _ = std::fs::remove_file(&path);
    assert!(
        stdout(&o).contains("Imported 2 postcodes"),
        "{}",
        stdout(&o)
    );
    let store = roots::open_store(&db.url).await.unwrap();
    assert_eq!(
        store.postcode_count().await.unwrap(),
        2,
        "replaced, not added"
    );
    store.close().await;
    let o = roots(&["postcodes", "import", "/nonexistent/onspd.csv"], &env);
    one_sentence(&o, "cannot read /nonexistent/onspd.csv");
    db.remove().await.unwrap();
}

/// Runs SQL as someone with direct access to the database would.
async fn raw_sql(url: &str, sql: &str) -> Result<(), sqlx::Error> {
    sqlx::any::install_default_drivers();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(url).await?;
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned()))
        .execute(&mut conn)
        .await?;
    Ok(())
}

/// What someone with the right to change the schema does first: the
/// append-only triggers and the row checks off.
fn round_the_schema(engine: Engine) -> &'static str {
    match engine {
        Engine::Sqlite => {
            "DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;
             PRAGMA ignore_check_constraints = ON;"
        }
        Engine::Postgres => {
            "ALTER TABLE audit_events DISABLE TRIGGER USER;
             DO $$ DECLARE c record; BEGIN
               FOR c IN SELECT conname FROM pg_constraint
                        WHERE conrelid = 'audit_events'::regclass AND contype = 'c' LOOP
                 EXECUTE format('ALTER TABLE audit_events DROP CONSTRAINT %I', c.conname);
               END LOOP; END $$;"
        }
    }
}

/// A fresh directory under the system's temporary one.
fn temp_dir(what: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "roots-{what}-{}-{:x}",
        std::process::id(),
        rand::random::<u64>()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A database with a service, a practice and `n` more audited events, and
/// an environment that signs checkpoints into `dir` with `key`.
async fn trail_for_checkpoints(
    engine: Engine,
    key: &std::path::Path,
    dir: &std::path::Path,
    n: usize,
) -> (TestDatabase, Vec<(&'static str, String)>) {
    let db = TestDatabase::new(engine).await.unwrap();
    let env = vec![
        ("ROOTS_DATABASE_URL", db.url.clone()),
        ("ROOTS_AUDIT_CHECKPOINT_KEY_FILE", key.display().to_string()),
        ("ROOTS_AUDIT_CHECKPOINT_DIR", dir.display().to_string()),
    ];
    let store = roots::open_store(&db.url).await.unwrap();
    let actor = roots_store::audit::Actor::system();
    for i in 0..n {
        let id = format!("record-{i}");
        store
            .audit(
                &actor,
                roots_store::audit::Event::on("referral.view", "referral", &id),
            )
            .await
            .unwrap();
    }
    store.close().await;
    (db, env)
}

fn env_refs<'a>(env: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    env.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// Issue 19: the tail of the trail removed or rewritten, on both engines,
/// by someone who also resets the mark Roots keeps of its last check:
/// `roots audit verify` alone says intact (as it did before), `verify
/// --checkpoints` names the checkpoint the trail no longer extends.
#[tokio::test]
async fn audit_checkpoints_find_a_trimmed_or_rewritten_trail_on_both_engines() {
    let keys = temp_dir("audit-keys");
    let key = keys.join("audit.key");
    let o = roots(
        &[
            "audit",
            "keygen",
            "--out",
            key.to_str().unwrap(),
            "--name",
            "roots-audit.test",
        ],
        &[],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let public = String::from_utf8_lossy(&o.stdout).trim().to_owned();
    assert!(public.starts_with("roots-audit.test+"), "{public}");
    let pub_file = keys.join("audit.key.pub");
    assert_eq!(std::fs::read_to_string(&pub_file).unwrap().trim(), public);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "the private key is its owner's only");
    }
    let again = roots(&["audit", "keygen", "--out", key.to_str().unwrap()], &[]);
    one_sentence(&again, "already exists");

    let reset_mark = "UPDATE audit_verified SET seq = 0, hash = '0000000000000000000000000000000000000000000000000000000000000000'";
    for engine in [Engine::Sqlite, Engine::Postgres] {
        // (what the attacker does after the checkpoint, in SQL)
        let attacks: Vec<(&str, String)> = {
            let mut a = vec![
                (
                    "delete the last event",
                    "DELETE FROM audit_events WHERE seq = 8".to_owned(),
                ),
                (
                    "delete the last five",
                    "DELETE FROM audit_events WHERE seq > 3".to_owned(),
                ),
                (
                    "rewrite an event and re-hash from it",
                    String::new(), // done in Rust below
                ),
                (
                    "the testers' forgery numbered -1",
                    "INSERT INTO audit_events (seq, id, at, user_id, roles, action, record_type, record_id, outcome, prev_hash, hash)
                     VALUES (-1, 'forged', '2026-11-24T00:00:00.000000Z', NULL, 'admin', 'referral.view', 'referral', 'record-1', 'success', 'x', 'y')".to_owned(),
                ),
            ];
            if engine == Engine::Postgres {
                a.push(("TRUNCATE", "TRUNCATE audit_events".to_owned()));
            }
            a
        };
        for (what, sql) in attacks {
            let dir = temp_dir("audit-checkpoints");
            let (db, env) = trail_for_checkpoints(engine, &key, &dir, 8).await;
            let env = env_refs(&env);
            let o = roots(&["audit", "checkpoint"], &env);
            assert!(o.status.success(), "{what}: {}", stderr(&o));
            let out = String::from_utf8_lossy(&o.stdout);
            assert!(out.contains("8 events"), "{out}");
            let files: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
            assert_eq!(files.len(), 1);
            let dir_arg = dir.to_str().unwrap();
            let o = roots(&["audit", "verify", "--checkpoints", dir_arg], &env);
            assert!(o.status.success(), "{what} before: {}", stderr(&o));
            assert!(
                String::from_utf8_lossy(&o.stdout).contains("extends all 1 checkpoints"),
                "{}",
                String::from_utf8_lossy(&o.stdout)
            );

            let sql = if sql.is_empty() {
                // Change event 6 and chain 6, 7 and 8 again from it, as
                // someone who knows the algorithm would.
                let store = roots_store::Store::connect(&db.url, &Default::default())
                    .await
                    .unwrap();
                let mut all = store.audit_events(0, 100).await.unwrap();
                store.close().await;
                all[5].record_id = Some("another-record".into());
                let mut stmts = String::from("DELETE FROM audit_events WHERE seq >= 6;");
                for i in 5..8 {
                    all[i].prev_hash = all[i - 1].hash.clone();
                    all[i].hash = roots_core::audit::chain_hash(&all[i]);
                    let r = &all[i];
                    stmts.push_str(&format!(
                        "INSERT INTO audit_events (seq, id, at, roles, action, record_type, record_id, outcome, prev_hash, hash)
                         VALUES ({}, '{}', '{}', '{}', '{}', 'referral', '{}', 'success', '{}', '{}');",
                        r.seq, r.id, r.at, r.roles, r.action, r.record_id.as_deref().unwrap(), r.prev_hash, r.hash
                    ));
                }
                stmts
            } else {
                sql
            };
            // One connection: SQLite's ignore_check_constraints is its own.
            raw_sql(&db.url, &format!("{} {sql}", round_the_schema(engine)))
                .await
                .unwrap();
            raw_sql(&db.url, reset_mark).await.unwrap();

            let plain = roots(&["audit", "verify"], &env);
            let o = roots(&["audit", "verify", "--checkpoints", dir_arg], &env);
            assert_eq!(o.status.code(), Some(1), "{what} on {engine:?}");
            let err = stderr(&o);
            assert!(!err.contains("panicked"), "{err}");
            if what.contains("-1") {
                // Found by the walk itself, which now reads every row.
                one_sentence(&plain, "broken at event -1");
                assert!(err.contains("broken at event -1"), "{err}");
            } else {
                assert!(
                    plain.status.success(),
                    "{what} on {engine:?}: the chain alone looks intact: {}",
                    stderr(&plain)
                );
                let file = files[0].as_ref().unwrap().file_name();
                let file = file.to_string_lossy();
                assert!(err.contains(&format!("checkpoint {file}")), "{what}: {err}");
                let why = if what.contains("rewrite") {
                    "rewritten"
                } else {
                    "removed from its end"
                };
                assert!(err.contains(why), "{what} on {engine:?}: {err}");
                assert!(err.contains("1 of 1 checkpoints failed"), "{err}");
            }
            db.remove().await.unwrap();
            std::fs::remove_dir_all(&dir).unwrap();
        }
    }

    // Forged checkpoints are refused: a changed size, another key's.
    let dir = temp_dir("audit-checkpoints");
    let (db, env) = trail_for_checkpoints(Engine::Sqlite, &key, &dir, 3).await;
    let env = env_refs(&env);
    let o = roots(&["audit", "checkpoint", "--stdout"], &env);
    assert!(o.status.success(), "{}", stderr(&o));
    let note = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(note.starts_with("roots-audit.test\n3\n"), "{note}");
    let dir_arg = dir.to_str().unwrap();
    let pub_arg = pub_file.to_str().unwrap();
    let o = roots(
        &[
            "audit",
            "verify",
            "--checkpoints",
            dir_arg,
            "--public-key",
            pub_arg,
        ],
        &[("ROOTS_DATABASE_URL", &db.url)],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::write(
        dir.join("00000000000000000002-forged.checkpoint"),
        note.replacen("\n3\n", "\n2\n", 1),
    )
    .unwrap();
    let other = keys.join("other.key");
    let o = roots(
        &[
            "audit",
            "keygen",
            "--out",
            other.to_str().unwrap(),
            "--name",
            "roots-audit.test",
        ],
        &[],
    );
    assert!(o.status.success());
    let mut other_env = env.clone();
    let other_path = other.display().to_string();
    other_env.retain(|(k, _)| *k != "ROOTS_AUDIT_CHECKPOINT_KEY_FILE");
    other_env.push(("ROOTS_AUDIT_CHECKPOINT_KEY_FILE", &other_path));
    assert!(roots(&["audit", "checkpoint"], &other_env).status.success());
    let o = roots(
        &[
            "audit",
            "verify",
            "--checkpoints",
            dir_arg,
            "--public-key",
            pub_arg,
        ],
        &[("ROOTS_DATABASE_URL", &db.url)],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("00000000000000000002-forged.checkpoint: refused")
            && err.contains("does not match its text"),
        "{err}"
    );
    assert!(err.contains("has no signature by the key"), "{err}");
    assert!(err.contains("2 of 3 checkpoints failed"), "{err}");
    // No key given and none configured; an empty directory proves nothing.
    let o = roots(
        &["audit", "verify", "--checkpoints", dir_arg],
        &[("ROOTS_DATABASE_URL", &db.url)],
    );
    one_sentence(&o, "--public-key");
    assert_eq!(o.status.code(), Some(2));
    let empty = temp_dir("audit-empty");
    let o = roots(
        &[
            "audit",
            "verify",
            "--checkpoints",
            empty.to_str().unwrap(),
            "--public-key",
            pub_arg,
        ],
        &[("ROOTS_DATABASE_URL", &db.url)],
    );
    one_sentence(&o, "no checkpoints");
    assert_eq!(o.status.code(), Some(1));
    db.remove().await.unwrap();
    for d in [dir, empty, keys] {
        std::fs::remove_dir_all(d).unwrap();
    }
}

/// `roots serve` signs a checkpoint as it starts (and on its schedule)
/// when a key is configured, and refuses a key that is not one.
#[tokio::test]
async fn the_server_signs_audit_checkpoints_on_its_schedule() {
    let keys = temp_dir("audit-keys");
    let key = keys.join("audit.key");
    assert!(
        roots(&["audit", "keygen", "--out", key.to_str().unwrap()], &[])
            .status
            .success()
    );
    let dir = keys.join("checkpoints");
    let db = TestDatabase::new(Engine::Sqlite).await.unwrap();
    let store = roots::open_store(&db.url).await.unwrap();
    roots::demo::seed(&store).await.unwrap();
    store.close().await;
    let bad = keys.join("bad.key");
    std::fs::write(&bad, "not a key").unwrap();
    let o = roots(
        &["serve"],
        &[
            ("ROOTS_DATABASE_URL", &db.url),
            ("ROOTS_AUDIT_CHECKPOINT_KEY_FILE", bad.to_str().unwrap()),
            ("ROOTS_AUDIT_CHECKPOINT_DIR", dir.to_str().unwrap()),
        ],
    );
    one_sentence(&o, "is not usable");
    assert_eq!(o.status.code(), Some(2));

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = tokio::process::Command::new(env!("CARGO_BIN_EXE_roots"))
        .arg("serve")
        .env("ROOTS_DATABASE_URL", &db.url)
        .env("ROOTS_LISTEN", format!("127.0.0.1:{port}"))
        .env("ROOTS_AUDIT_CHECKPOINT_KEY_FILE", &key)
        .env("ROOTS_AUDIT_CHECKPOINT_DIR", &dir)
        .env("ROOTS_AUDIT_CHECKPOINT_MINUTES", "1")
        .env("RUST_LOG", "info")
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    // Waits for the first checkpoint, made as the server starts.
    let mut written = Vec::new();
    for _ in 0..400 {
        written = std::fs::read_dir(&dir)
            .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        if written
            .iter()
            .any(|p: &std::path::PathBuf| p.extension().is_some_and(|x| x == "checkpoint"))
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let pid = child.id().unwrap().to_string();
    assert!(
        std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let out = tokio::time::timeout(Duration::from_secs(20), child.wait_with_output())
        .await
        .unwrap()
        .unwrap();
    assert!(out.status.success());
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(log.contains("audit checkpoint signed"), "{log}");
    assert!(!written.is_empty());
    let o = roots(
        &["audit", "verify", "--checkpoints", dir.to_str().unwrap()],
        &[
            ("ROOTS_DATABASE_URL", &db.url),
            ("ROOTS_AUDIT_CHECKPOINT_KEY_FILE", key.to_str().unwrap()),
            ("ROOTS_AUDIT_CHECKPOINT_DIR", dir.to_str().unwrap()),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    db.remove().await.unwrap();
    std::fs::remove_dir_all(&keys).unwrap();
}

/// A database that already held a forged row when it was upgraded to
/// schema 23: the row is set aside, not dropped, and `roots audit verify`
/// fails, naming it, until someone has looked into it.
#[tokio::test]
async fn rows_set_aside_by_the_upgrade_fail_verify() {
    let db = TestDatabase::new(Engine::Sqlite).await.unwrap();
    let store = roots_store::Store::connect(&db.url, &Default::default())
        .await
        .unwrap();
    store.migrate_up_to(21).await.unwrap();
    store
        .audit(
            &roots_store::audit::Actor::system(),
            roots_store::audit::Event::action("service.create"),
        )
        .await
        .unwrap();
    store.close().await;
    raw_sql(
        &db.url,
        "INSERT INTO audit_events (seq, id, at, roles, action, outcome, prev_hash, hash)
         VALUES (-1, 'forged', '2026-11-24T00:00:00.000000Z', 'admin', 'referral.view', 'success', 'x', 'y')",
    )
    .await
    .unwrap();
    let env = [("ROOTS_DATABASE_URL", db.url.as_str())];
    let o = roots(&["audit", "verify"], &env);
    one_sentence(&o, "1 row that could not be an event of it was set aside");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("chain of 1 events is intact"),
        "{}",
        stderr(&o)
    );
    db.remove().await.unwrap();
}
