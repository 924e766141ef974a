//! What staff see of the audit trail when someone has forged or changed it
//! behind the application's back (issue 19): the viewer, its CSV, the
//! subject access export and `roots sar export` show only events inside the
//! verified chain, and say in English and Welsh which part cannot be
//! trusted.

#[macro_use]
mod common;

use common::TestApp;
use roots_store::Engine;

on_both_engines!(
    a_forged_event_is_never_shown_and_the_reader_is_told,
    a_changed_event_hides_what_follows_and_the_reader_is_told,
);

/// Runs SQL on the test's database as someone with the right to change
/// the schema would: the append-only triggers and the row checks off, on
/// the same connection.
async fn behind_the_back(app: &TestApp, engine: Engine, sql: &str) {
    let first = match engine {
        Engine::Sqlite => {
            "DROP TRIGGER IF EXISTS audit_events_no_update; DROP TRIGGER IF EXISTS audit_events_no_delete;
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
    };
    sqlx::any::install_default_drivers();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(app.database_url())
        .await
        .unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("{first} {sql}")))
        .execute(&mut conn)
        .await
        .unwrap();
}

/// A table cell naming the forged event's action.
const VIEW_CELL: &str = "<td class=\"nhsuk-table__cell\">referral.view</td>";

async fn text(c: &reqwest::Client, url: String) -> (u16, String) {
    let res = c.get(url).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// The testers' forgery: a "viewed referral" event numbered -1, by an
/// administrator, inserted with nonsense hashes.
async fn a_forged_event_is_never_shown_and_the_reader_is_told(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let target = app
        .store
        .list_referrals(&app.demo.service.id, 1, 0)
        .await
        .unwrap()
        .remove(0);
    let admin_id = app
        .store
        .user_by_email(app.staff("administrator").0)
        .await
        .unwrap()
        .id;
    behind_the_back(
        &app,
        engine,
        &format!(
            "INSERT INTO audit_events (seq, id, at, user_id, roles, action, record_type, record_id,
                                       outcome, prev_hash, hash)
             VALUES (-1, 'forged-event', '2026-11-24T03:00:00.000000Z', '{admin_id}', 'admin',
                     'referral.view', 'referral', '{}', 'success', 'x', 'y')",
            target.id
        ),
    )
    .await;

    let lead = app.client();
    app.sign_in(&lead, "service lead").await;
    let (status, html) = text(
        &lead,
        app.at(&format!("/staff/audit?record={}", target.reference)),
    )
    .await;
    assert_eq!(status, 200);
    assert!(html.contains("referral.create"), "the real event is shown");
    assert!(!html.contains(VIEW_CELL), "the forged one is not: {html}");
    assert!(html.contains("1 event shown"), "{html}");
    assert!(
        html.contains("The audit trail failed its check")
            && html.contains("1 row numbered below 1 is not an event of the trail"),
        "{html}"
    );
    let (_, cy) = text(
        &lead,
        app.at(&format!("/cy/staff/audit?record={}", target.reference)),
    )
    .await;
    assert!(
        cy.contains("Methodd y trywydd archwilio ei wiriad")
            && cy.contains("Nid yw 1 rhes sydd â rhif llai nag 1"),
        "{cy}"
    );
    let res = lead
        .get(app.at("/staff/audit.csv?action=referral.view"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["x-roots-audit-whole"], "no");
    let csv = res.text().await.unwrap();
    assert!(
        !csv.contains("forged-event") && !csv.contains(",-1,"),
        "{csv}"
    );

    let admin = app.client();
    app.sign_in(&admin, "administrator").await;
    let (_, html) = text(
        &admin,
        app.at(&format!("/staff/referrals/{}/subject-access", target.id)),
    )
    .await;
    assert!(html.contains("1 row numbered below 1"), "{html}");
    assert!(!html.contains(VIEW_CELL), "{html}");
    let sa: serde_json::Value = admin
        .get(app.at(&format!(
            "/staff/referrals/{}/subject-access.json",
            target.id
        )))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let log = sa["access_log"].as_array().unwrap();
    assert!(
        log.iter().all(|e| e["action"] != "referral.view"),
        "{log:?}"
    );
    assert_eq!(sa["access_log_check"]["complete"], false);

    // `roots sar export`: the same, with the warning on standard error.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_roots"))
        .args(["sar", "export", "--referral", &target.reference])
        .env("ROOTS_DATABASE_URL", app.database_url())
        .env("RUST_LOG", "error")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(!out.contains("referral.view"), "{out}");
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("rows numbered below 1"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    app.stop().await;
}

/// An event changed in place after the viewer last checked the trail: it
/// and everything after it are not shown; what comes before still is.
async fn a_changed_event_hides_what_follows_and_the_reader_is_told(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let lead = app.client();
    app.sign_in(&lead, "service lead").await;
    let (_, html) = text(&lead, app.at("/staff/audit")).await;
    assert!(!html.contains("failed its check"), "{html}");
    let all = app.store.audit_events(0, 100_000).await.unwrap();
    let changed = all[all.len() / 2].seq;
    behind_the_back(
        &app,
        engine,
        &format!("UPDATE audit_events SET outcome = 'denied' WHERE seq = {changed}"),
    )
    .await;
    // The search reaches the changed event only when it would show it.
    let (_, html) = text(&lead, app.at("/staff/audit")).await;
    assert!(
        html.contains(&format!(
            "The trail fails its check at event {changed}: its contents were changed after it was written."
        )),
        "{html}"
    );
    assert!(
        html.contains(&format!("events 1 to {} are", changed - 1)),
        "{html}"
    );
    let (_, cy) = text(&lead, app.at("/cy/staff/audit")).await;
    assert!(
        cy.contains(&format!(
            "yn nigwyddiad {changed}: cafodd ei gynnwys ei newid"
        )),
        "{cy}"
    );
    let csv = lead.get(app.at("/staff/audit.csv")).send().await.unwrap();
    assert_eq!(
        csv.headers()["x-roots-audit-verified-to"],
        (changed - 1).to_string().as_str()
    );
    let csv = csv.text().await.unwrap();
    let newest: i64 = csv
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(newest, changed - 1, "nothing after the change is exported");
    app.stop().await;
}
