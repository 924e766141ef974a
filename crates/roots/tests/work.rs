//! Work and health over HTTP, on SQLite and PostgreSQL: the work
//! assessment (employer and occupational health only with the person's
//! agreement; mistakes explained and kept; in Welsh).

#[macro_use]
mod common;

use common::TestApp;
use roots_store::Engine;

on_both_engines!(an_ot_records_a_work_assessment);

async fn page(c: &reqwest::Client, url: &str) -> (u16, String) {
    let res = c.get(url).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

async fn an_ot_records_a_work_assessment(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let ep = common::an_episode(&app).await;
    let ot = app.client();
    app.sign_in(&ot, "occupational therapist").await;
    let (_, html) = page(&ot, &app.at(&ep)).await;
    assert!(html.contains("Record a work assessment"));
    let form = app.at(&format!("{ep}/new/work_assessment"));
    let mut answers = vec![
        ("status", "off_sick"),
        ("job_title", "Shop assistant"),
        ("demands_physical", "Standing at the till all shift"),
        ("contact_consent", "no"),
        ("employer", "Siop y Gornel, 01248 000000"),
        ("barriers", "Pain after an hour standing"),
        ("capacity", "Stands for 30 minutes; sits for longer"),
        ("wants", "Back to work, fewer hours at first"),
    ];
    let res = common::submit(&ot, &form, &answers).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("They have not agreed to this contact"));
    assert!(html.contains("Siop y Gornel, 01248 000000"), "kept");
    assert!(html.contains("Standing at the till all shift"), "kept");
    answers.retain(|(k, _)| *k != "contact_consent");
    answers.push(("contact_consent", "yes"));
    let res = common::submit(&ot, &form, &answers).await;
    assert_eq!(res.status(), 303);
    let (_, html) = page(&ot, &app.at(&ep)).await;
    for shown in [
        "Work assessment",
        "Off sick",
        "Shop assistant",
        "Siop y Gornel",
    ] {
        assert!(html.contains(shown), "{shown}");
    }
    let (status, html) = page(&ot, &app.at(&format!("/cy{ep}/new/work_assessment"))).await;
    assert_eq!(status, 200);
    assert!(html.contains("Ble maen nhw arni gyda gwaith nawr?"));
    app.stop().await;
}
