//! The service evaluation from generated records: the North Wales preset
//! reproduces the case study's shape when counted back from its records;
//! both engines give identical results for the same generated service;
//! `roots evaluate` prints the same rows; and the service lead's page,
//! its CSV and its PDF over HTTP (a bad period explained and kept; only
//! the roles allowed).

#[macro_use]
mod common;

use common::TestApp;
use roots_core::evaluation::report::{self, Config, Evaluation};
use roots_store::Engine;
use roots_store::evaluation::Period;
use roots_store::testing::TestDatabase;

on_both_engines!(the_service_lead_reads_the_evaluation);

fn day(s: &str) -> jiff::civil::Date {
    s.parse().unwrap()
}

fn value(e: &Evaluation, figure: &str) -> f64 {
    e.row(figure)
        .and_then(|r| r.value)
        .unwrap_or_else(|| panic!("{figure} has no value"))
}

/// The preset on a fresh database of `engine`, evaluated over its five
/// months; also returns the database (kept alive) and the period.
async fn north_wales(engine: Engine) -> (TestDatabase, Period, Evaluation) {
    let db = TestDatabase::new(engine).await.expect("test database");
    let store = roots::open_store(&db.url).await.expect("store");
    let demo = roots::demo::seed(&store).await.expect("seed");
    roots::demo::seed_postcodes(&store).await.unwrap();
    let practices = store.practices(&demo.service.id).await.unwrap();
    let shape = roots::generate::preset("north-wales-2020").unwrap();
    let done = roots::evaluate::generate_into(&store, &demo.service, &practices, &shape, 2020)
        .await
        .unwrap();
    assert!(done.referrals > 386, "{done:?}");
    let period = Period {
        service_id: demo.service.id.clone(),
        from: day("2020-06-01"),
        to: day("2020-10-31"),
        practice_id: None,
    };
    let e = store.evaluation(&period, &Config::default()).await.unwrap();
    // What the evaluation read is what the records say.
    let cohort = store.evaluation_cohort(&period).await.unwrap();
    assert_eq!(cohort.refreshed, 0, "the facts were kept up to date");
    // Read in two parts (halves of the period on SQLite, of the table's
    // pages on PostgreSQL), each with lines, and together every line once.
    let sizes = cohort.part_sizes();
    assert_eq!(sizes.len(), 2, "{engine:?}: {sizes:?}");
    assert!(sizes.iter().all(|n| *n > 20), "{engine:?}: {sizes:?}");
    let mut kept: Vec<String> = cohort.lines().map(str::to_owned).collect();
    let mut fresh = store.evaluation_lines_from_records(&period).await.unwrap();
    kept.sort();
    fresh.sort();
    assert_eq!(kept.len(), fresh.len());
    assert!(kept == fresh, "the kept facts differ from the records'");
    // The days' kept counts give what counting the lines gives: for the
    // period (which starts at 23:00 UTC: its first hour is read from the
    // lines), for one practice, and for one summer day (no whole UTC day).
    let one_day = Period {
        from: day("2020-07-15"),
        to: day("2020-07-15"),
        ..period.clone()
    };
    let one_practice = Period {
        practice_id: Some(practices[1].id.clone()),
        ..period.clone()
    };
    for p in [&period, &one_day, &one_practice] {
        let (from_days, _) = store.evaluation_counts(p).await.unwrap();
        let lines = store.evaluation_cohort(p).await.unwrap().counts().unwrap();
        assert!(lines.referrals() > 0, "{p:?}");
        assert!(
            from_days == lines,
            "{engine:?} {p:?}: days and lines differ"
        );
    }
    // Many evaluations at once (more than the connections PostgreSQL's
    // parts are read on) each finish, with the same figures.
    let at_once: Vec<_> = (0..6)
        .map(|_| {
            let (store, period) = (store.clone(), period.clone());
            tokio::spawn(async move { store.evaluation(&period, &Config::default()).await })
        })
        .collect();
    for done in at_once {
        assert_eq!(done.await.unwrap().unwrap(), e, "{engine:?}");
    }
    store.close().await;
    (db, period, e)
}

/// The case study's shape, counted back from the generated records, and
/// the same figures on both engines.
#[tokio::test]
async fn the_north_wales_preset_evaluates_the_same_on_both_engines() {
    let (sqlite_db, period, sqlite) = north_wales(Engine::Sqlite).await;
    let (_pg_db, _, postgres) = north_wales(Engine::Postgres).await;
    assert_eq!(
        serde_json::to_value(&sqlite).unwrap(),
        serde_json::to_value(&postgres).unwrap(),
        "SQLite and PostgreSQL disagree"
    );
    // About 386 seen in five months, at one OT day a week each.
    let seen = value(&sqlite, "people_seen");
    assert!((376.0..=386.0).contains(&seen), "{seen} seen");
    assert_eq!(value(&sqlite, "ot_days"), 66.0, "3 OTs × 22 weeks");
    let pct = |f: &str| value(&sqlite, f).round();
    assert_eq!(pct("self_management"), 76.0);
    assert_eq!(pct("gp_avoided"), 67.0);
    assert_eq!(pct("cmht_avoided"), 26.0);
    let sm = sqlite.row("self_management").unwrap();
    assert!(sm.numerator.unwrap() > 200 && sm.denominator.unwrap() > 300);
    assert_eq!(sm.baseline.as_ref().map(|b| b.value), Some(5.0));
    // Waits, outcome change and equity come from the records too.
    let wait = sqlite.row("wait_to_contact_median").unwrap();
    assert!(wait.value.unwrap() > 2.0 && wait.value.unwrap() < 30.0);
    let phq = sqlite
        .rows_of("measures", Some("mean_change"))
        .find(|r| r.group.as_deref() == Some("phq9"))
        .unwrap();
    assert!(
        phq.value.unwrap() < 0.0 && phq.denominator.unwrap() >= 5,
        "{phq:?}"
    );
    let gas = sqlite
        .rows_of("measures", Some("mean_change"))
        .find(|r| r.group.as_deref() == Some("gas"))
        .unwrap();
    assert!(
        gas.value.unwrap() > 0.0 && gas.denominator.unwrap() >= 50,
        "{gas:?}"
    );
    let back = sqlite
        .rows_of("work", Some("work_outcome"))
        .find(|r| r.group.as_deref() == Some("returned_to_work"))
        .unwrap();
    assert!(back.numerator.unwrap() >= 10, "{back:?}");
    let quintiles: u64 = sqlite
        .rows
        .iter()
        .filter(|r| {
            r.dimension.as_deref() == Some("deprivation") && r.figure == "share_of_referrals"
        })
        .filter_map(|r| r.numerator)
        .sum();
    assert!(
        quintiles > 300,
        "the demo postcodes carry deprivation ranks"
    );

    // `roots evaluate` prints the same rows.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_roots"))
        .args([
            "evaluate",
            "--from",
            &period.from.to_string(),
            "--to",
            &period.to.to_string(),
            "--format",
            "csv",
        ])
        .env("ROOTS_DATABASE_URL", &sqlite_db.url)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap(), report::csv(&sqlite));
    let table = std::process::Command::new(env!("CARGO_BIN_EXE_roots"))
        .args(["evaluate", "--from", "2020-06-01", "--to", "2020-10-31"])
        .env("ROOTS_DATABASE_URL", &sqlite_db.url)
        .output()
        .unwrap();
    let text = String::from_utf8(table.stdout).unwrap();
    assert!(text.contains("Offered self-management"), "{text}");
    assert!(text.contains("76."), "{text}");
    // Mistakes are named.
    for (args, says) in [
        (
            vec!["--from", "2020-13-01", "--to", "2020-10-31"],
            "--from must be a date",
        ),
        (
            vec!["--from", "2020-10-01", "--to", "2020-06-01"],
            "is before --from",
        ),
        (
            vec![
                "--from",
                "2020-06-01",
                "--to",
                "2020-10-31",
                "--format",
                "xml",
            ],
            "--format must be",
        ),
        (
            vec![
                "--from",
                "2020-06-01",
                "--to",
                "2020-10-31",
                "--practice",
                "W12345",
            ],
            "has no practice",
        ),
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_roots"))
            .arg("evaluate")
            .args(&args)
            .env("ROOTS_DATABASE_URL", &sqlite_db.url)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

/// The same seed gives the same service; another seed another.
#[tokio::test]
async fn generation_is_deterministic_for_a_seed() {
    let mut csvs = Vec::new();
    for seed in [5, 5, 6] {
        let db = TestDatabase::new(Engine::Sqlite).await.unwrap();
        let store = roots::open_store(&db.url).await.unwrap();
        let demo = roots::demo::seed(&store).await.unwrap();
        let practices = store.practices(&demo.service.id).await.unwrap();
        let shape = roots::generate::Shape::sized(60, 2, day("2021-03-01"));
        roots::evaluate::generate_into(&store, &demo.service, &practices, &shape, seed)
            .await
            .unwrap();
        let e = store
            .evaluation(
                &Period {
                    service_id: demo.service.id.clone(),
                    from: day("2021-03-01"),
                    to: day("2021-04-30"),
                    practice_id: None,
                },
                &Config::default(),
            )
            .await
            .unwrap();
        csvs.push(report::csv(&e));
        store.close().await;
    }
    assert_eq!(csvs[0], csvs[1]);
    assert_ne!(csvs[0], csvs[2]);
}

async fn the_service_lead_reads_the_evaluation(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let history = roots::demo::seed_history(&app.store, &app.demo.service, 80, 3)
        .await
        .unwrap();
    assert!(history.people_seen > 60, "{history:?}");
    let lead = app.client();
    app.sign_in(&lead, "service lead").await;
    // The default period: the six months to today.
    let res = lead.get(app.at("/staff/evaluation")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("Service evaluation"));
    assert!(html.contains("Offered self-management"), "{html}");
    // Numerators and denominators, as the store and core count them.
    let today = roots_web::today();
    let from = today
        .checked_sub(jiff::Span::new().months(6))
        .unwrap()
        .tomorrow()
        .unwrap();
    let expected = app
        .store
        .evaluation(
            &Period {
                service_id: app.demo.service.id.clone(),
                from,
                to: today,
                practice_id: None,
            },
            &Config::default(),
        )
        .await
        .unwrap();
    let people = expected.row("people_seen").unwrap().numerator.unwrap();
    assert!(
        html.contains(&format!(">{people}<")),
        "people seen {people}"
    );
    let sm = expected.row("self_management").unwrap();
    if let (Some(n), Some(d)) = (sm.numerator, sm.denominator) {
        assert!(html.contains(&format!("{n} of {d}")), "{n} of {d}");
    } else {
        assert!(html.contains("not shown (small number)"));
    }
    assert!(html.contains("configured: GP consultations offering self-management"));
    assert!(html.contains("id=\"eval-formulas\""));
    assert!(
        html.contains("× £120.00 an hour"),
        "the formula with its numbers"
    );
    assert!(html.contains("To confirm"), "the CMHT cost is marked");
    assert!(html.contains("id=\"equity-deprivation\""));
    assert_eq!(html.matches("role=\"img\"").count(), 4, "four charts");
    assert!(html.contains("<desc id=\"chart-weeks-desc\">"));
    // In Welsh.
    let cy = lead
        .get(app.at("/cy/staff/evaluation"))
        .send()
        .await
        .unwrap();
    let cy = cy.text().await.unwrap();
    assert!(cy.contains("Gwerthuso'r gwasanaeth") || cy.contains("Gwerthuso&#39;r gwasanaeth"));
    // A bad period: explained on its field, what was typed kept.
    let res = lead
        .get(app.at("/staff/evaluation?from=2020-02-30&to=2020-01-01&practice="))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("nhsuk-error-summary"));
    assert!(html.contains("Enter a date as year-month-day"));
    assert!(html.contains("value=\"2020-02-30\""));
    common::error_links_land(&html);
    for (q, says, field) in [
        (
            "from=2020-06-01&to=2020-01-01&practice=",
            "The end of the period must be the same as or after its start",
            "to-error",
        ),
        (
            "from=2020-06-01&to=2020-07-01&practice=nowhere",
            "Choose a practice from the list",
            "practice-error",
        ),
    ] {
        let res = lead
            .get(app.at(&format!("/staff/evaluation?{q}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422, "{q}");
        let html = res.text().await.unwrap();
        assert!(html.contains(says) && html.contains(field), "{q}");
        common::error_links_land(&html);
    }
    // The CSV: the same rows as the store gives.
    let q = "from=2020-01-01&to=2030-12-31&practice=";
    let res = lead
        .get(app.at(&format!("/staff/evaluation.csv?{q}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("evaluation-2020-01-01-2030-12-31.csv")
    );
    let csv = res.text().await.unwrap();
    let expected = app
        .store
        .evaluation(
            &Period {
                service_id: app.demo.service.id.clone(),
                from: day("2020-01-01"),
                to: day("2030-12-31"),
                practice_id: None,
            },
            &Config::default(),
        )
        .await
        .unwrap();
    assert_eq!(csv, report::csv(&expected));
    // The commissioner's report as PDF, read back.
    let res = lead
        .get(app.at(&format!("/cy/staff/evaluation.pdf?{q}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let pdf = res.bytes().await.unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let path = std::env::temp_dir().join(format!(
        "roots-evaluation-{}-{:?}.pdf",
        std::process::id(),
        engine
    ));
    std::fs::write(&path, &pdf).unwrap();
    let text = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&path);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("gwerthuso'r gwasanaeth"), "{text}");
    assert!(text.contains("Elw ar fuddsoddiad"), "{text}");
    // Looking is audited; a receptionist may not look.
    let (n,): (i64,) = sqlx_count(&app, "evaluation.view").await;
    assert!(n >= 1);
    let rec = app.client();
    app.sign_in(&rec, "receptionist").await;
    for path in [
        "/staff/evaluation",
        "/staff/evaluation.csv",
        "/staff/evaluation.pdf",
    ] {
        let res = rec.get(app.at(path)).send().await.unwrap();
        assert_eq!(res.status(), 403, "{path}");
    }
    app.stop().await;
}

async fn sqlx_count(app: &TestApp, action: &str) -> (i64,) {
    use sqlx::Row;
    sqlx::any::install_default_drivers();
    let mut c = <sqlx::AnyConnection as sqlx::Connection>::connect(app.database_url())
        .await
        .unwrap();
    let row = sqlx::query("SELECT COUNT(*) AS n FROM audit_events WHERE action = $1")
        .bind(action)
        .fetch_one(&mut c)
        .await
        .unwrap();
    (row.try_get::<i64, _>("n").unwrap(),)
}

/// `roots generate` on the command line: the preset as a new service with
/// the demonstration's community resources (signposted to), evaluated by
/// `roots evaluate`; mistakes named.
#[tokio::test]
async fn roots_generate_writes_a_service_to_evaluate() {
    let db = TestDatabase::new(Engine::Sqlite).await.unwrap();
    let roots = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_roots"))
            .args(args)
            .env("ROOTS_DATABASE_URL", &db.url)
            .env("RUST_LOG", "warn")
            .output()
            .unwrap()
    };
    let out = roots(&["generate", "--preset", "north-wales-2020", "--seed", "3"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(said.contains("in the service north-wales-2020"), "{said}");
    assert!(
        said.contains(
            "roots evaluate --service north-wales-2020 --from 2020-06-01 --to 2020-10-31"
        ),
        "{said}"
    );
    let out = roots(&[
        "evaluate",
        "--service",
        "north-wales-2020",
        "--from",
        "2020-06-01",
        "--to",
        "2020-10-31",
        "--format",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["service"], "north-wales-2020");
    let seen = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["figure"] == "people_seen")
        .unwrap()["value"]
        .as_f64()
        .unwrap();
    assert!((376.0..=386.0).contains(&seen), "{seen}");
    assert_eq!(v["sessions"]["ot_days"], 66);
    // Signposted to the service's community resources.
    use sqlx::Row;
    sqlx::any::install_default_drivers();
    let mut c = <sqlx::AnyConnection as sqlx::Connection>::connect(&db.url)
        .await
        .unwrap();
    let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM clinical_entries WHERE kind = 'signpost'")
        .fetch_one(&mut c)
        .await
        .unwrap()
        .try_get("n")
        .unwrap();
    assert!(n > 20, "{n} signposts");
    // A smaller service of its own; the same slug twice; an unknown preset.
    let out = roots(&[
        "generate",
        "--persons",
        "30",
        "--months",
        "2",
        "--seed",
        "4",
        "--start",
        "2023-01-02",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("in the service generated-4"));
    for (args, says) in [
        (
            vec!["generate", "--preset", "north-wales-2020"],
            "already exists",
        ),
        (
            vec!["generate", "--preset", "england-2030"],
            "there is no preset",
        ),
        (
            vec!["generate", "--persons", "0", "--service", "empty"],
            "--persons must be from 1 to 5000000",
        ),
        (
            vec!["generate", "--start", "2023-02-30", "--service", "bad"],
            "--start must be a date",
        ),
    ] {
        let out = roots(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

/// The period is whole days in Europe/London: a referral at 23:30 on the
/// last day in British Summer Time (22:30 UTC) is in; one at 00:30 the
/// next day (23:30 UTC the same day) is out, as is one at 23:30 the day
/// before the first.
#[tokio::test]
async fn the_period_is_whole_days_in_london() {
    use roots_store::bulk::{Cell, Rows};
    let db = TestDatabase::new(Engine::Sqlite).await.unwrap();
    let store = roots::open_store(&db.url).await.unwrap();
    let demo = roots::demo::seed(&store).await.unwrap();
    let mut rows = Rows::new(
        "referrals",
        &[
            "id",
            "reference",
            "service_id",
            "source",
            "channel",
            "status",
            "given_name",
            "family_name",
            "date_of_birth",
            "needs_help_now",
            "language",
            "answers",
            "created_at",
        ],
    );
    let times = [
        (
            "a",
            "ABCDEFGH",
            "2024-06-30T22:30:00.000000Z",
            "before the first day",
        ),
        (
            "b",
            "BCDEFGHJ",
            "2024-06-30T23:30:00.000000Z",
            "00:30 on the first day",
        ),
        (
            "c",
            "CDEFGHJK",
            "2024-07-31T22:30:00.000000Z",
            "23:30 on the last day",
        ),
        (
            "d",
            "DEFGHJKM",
            "2024-07-31T23:30:00.000000Z",
            "00:30 the day after",
        ),
    ];
    for (id, reference, at, _) in times {
        rows.push(vec![
            id.into(),
            reference.into(),
            demo.service.id.clone().into(),
            "self".into(),
            "online".into(),
            "new".into(),
            "Made".into(),
            "Up".into(),
            "1980-01-01".into(),
            Cell::Int(0),
            "en".into(),
            "{}".into(),
            at.into(),
        ]);
    }
    store.insert_rows(&[rows]).await.unwrap();
    let period = Period {
        service_id: demo.service.id.clone(),
        from: day("2024-07-01"),
        to: day("2024-07-31"),
        practice_id: None,
    };
    let cohort = store.evaluation_cohort(&period).await.unwrap();
    let mut received: Vec<String> = cohort
        .lines()
        .map(|l| {
            let f = roots_store::evaluation::line::decode(l).unwrap();
            f.received.unwrap().to_string()
        })
        .collect();
    received.sort();
    assert_eq!(received, ["2024-07-01", "2024-07-31"], "{times:?}");
    // The same two from the days' kept counts: the hours at each end of
    // the period are in UTC days partly outside it.
    let (counts, _) = store.evaluation_counts(&period).await.unwrap();
    assert_eq!(
        counts.per_day().collect::<Vec<_>>(),
        [(day("2024-07-01"), 1), (day("2024-07-31"), 1)]
    );
    // The demo's own referrals are today's, outside 2024.
    store.close().await;
}
