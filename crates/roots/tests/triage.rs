//! The triage queue over HTTP, on SQLite and PostgreSQL: suggestions made
//! when referrals arrive, the queue's order and reasons, claims so that two
//! clinicians do not triage one referral, confirming and changing the
//! suggestion (with a reason), amendments as versions, and closing
//! self-referral at capacity.

#[macro_use]
mod common;

use common::{TestApp, csrf, location, submit};
use roots_store::Engine;

on_both_engines!(
    the_queue_orders_explains_and_one_clinician_triages_at_a_time,
    self_referral_closes_at_capacity_and_urgent_help_still_shows,
);

async fn page(c: &reqwest::Client, url: &str) -> (u16, String) {
    let res = c.get(url).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// A referral through the open API: the demo's first example with changes.
async fn refer(
    app: &TestApp,
    edit: impl FnOnce(&mut serde_json::Value),
) -> (u16, serde_json::Value) {
    let mut body = serde_json::to_value(
        roots::demo::examples(std::slice::from_ref(&app.practices[0].id)).remove(0),
    )
    .unwrap();
    edit(&mut body);
    let res = reqwest::Client::new()
        .post(app.at("/api/v1/referrals"))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap())
}

async fn the_queue_orders_explains_and_one_clinician_triages_at_a_time(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    // A crisis described only in their own words (and "not" before it).
    let (status, crisis) = refer(&app, |b| {
        b["given_name"] = "Cadi".into();
        b["story"] = "I am not sure but sometimes I want to end my life.".into();
    })
    .await;
    assert_eq!(status, 201);
    assert_eq!(
        crisis["immediate_advice"],
        serde_json::json!(["crisis"]),
        "the API says what advice to show at once"
    );
    let crisis_id = crisis["id"].as_str().unwrap().to_owned();
    let (_, routine) = refer(&app, |b| b["given_name"] = "Rhodri".into()).await;
    let routine_ref = routine["reference"].as_str().unwrap().to_owned();

    let ot = app.client();
    app.sign_in(&ot, "occupational therapist").await;
    let (status, html) = page(&ot, &app.at("/staff/triage")).await;
    assert_eq!(status, 200);
    let crisis_ref = crisis["reference"].as_str().unwrap();
    let (c, r) = (
        html.find(crisis_ref).unwrap(),
        html.find(&routine_ref).unwrap(),
    );
    assert!(c < r, "the crisis is above the routine referral");
    assert!(html.contains(">Crisis</strong>"), "its priority, in words");
    assert!(
        html.contains("Their words: “end my life”"),
        "the phrase that triggered it"
    );
    assert!(
        html.contains("may be negated"),
        "a negated phrase is still raised"
    );
    assert!(html.contains("left"), "time left against the target");
    // Filters: a pathway the crisis is not on hides it.
    let (_, filtered) = page(&ot, &app.at("/staff/triage?pathway=work_fitnote")).await;
    assert!(!filtered.contains(crisis_ref), "not on the work pathway");
    let (_, filtered) = page(&ot, &app.at("/staff/triage?pathway=crisis")).await;
    assert!(filtered.contains(crisis_ref) && !filtered.contains(&routine_ref));
    let (_, welsh) = page(&ot, &app.at("/cy/staff/triage")).await;
    assert!(welsh.contains("Ciw brysbennu") && welsh.contains("Eu geiriau"));

    // One clinician claims it; a second is told who has it and cannot save.
    let triage = format!("/staff/referrals/{crisis_id}/triage");
    let (_, html) = page(&ot, &app.at(&triage)).await;
    assert!(html.contains("Triage this referral"));
    let res = ot
        .post(app.at(&format!("/staff/referrals/{crisis_id}/claim")))
        .form(&[("csrf", csrf(&html).as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&res), triage);
    let gp = app.client();
    app.sign_in(&gp, "clinician").await;
    let (_, html) = page(&gp, &app.at(&triage)).await;
    assert!(html.contains("Being triaged by Owain OT"));
    let res = gp
        .post(app.at(&format!("/staff/referrals/{crisis_id}/claim")))
        .form(&[("csrf", csrf(&html).as_str())])
        .send()
        .await
        .unwrap();
    let held = res.text().await.unwrap();
    assert!(held.contains("Owain OT (") && held.contains("is triaging this referral"));
    let res = gp
        .post(app.at(&triage))
        .form(&[
            ("csrf", csrf(&html).as_str()),
            ("priority", "crisis"),
            ("pathways", "crisis"),
            ("pathways", "mental_health"),
            ("outcome", "accept_ot"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Someone else is triaging")
    );

    // The OT lowers the priority without a reason: refused, choices kept.
    let (_, html) = page(&ot, &app.at(&triage)).await;
    assert!(
        html.contains("value=\"crisis\" checked"),
        "the suggestion is chosen to start"
    );
    let token = csrf(&html);
    let form = |reason: &'static str| {
        vec![
            ("csrf", token.clone()),
            ("priority", "urgent".to_owned()),
            ("pathways", "mental_health".to_owned()),
            ("outcome", "redirect".to_owned()),
            ("target", "Community mental health team".to_owned()),
            ("change_reason", reason.to_owned()),
        ]
    };
    let res = ot
        .post(app.at(&triage))
        .form(&form(""))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("Say why you are changing the suggested priority or pathways"));
    assert!(
        html.contains("value=\"urgent\" checked")
            && html.contains("value=\"Community mental health team\"")
    );
    let res = ot
        .post(app.at(&triage))
        .form(&form(
            "Spoke to her: no plans, safe with her sister tonight",
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(location(&res), triage);
    let (_, html) = page(&ot, &app.at(&triage)).await;
    assert!(
        html.contains("Version 1")
            && html.contains("Redirect to another service: Community mental health team")
    );
    let (_, queue) = page(&ot, &app.at("/staff/triage")).await;
    assert!(!queue.contains(crisis_ref), "triaged: off the queue");
    // An amendment from a page that saw no versions (stale) writes nothing.
    let res = ot
        .post(app.at(&triage))
        .form(&[
            ("csrf", token.as_str()),
            ("based_on", "0"),
            ("priority", "urgent"),
            ("pathways", "mental_health"),
            ("outcome", "advice_closed"),
            ("change_reason", "From an old page"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("changed this triage while you were looking")
    );
    // A later change is a new version, and needs a reason.
    let res = ot
        .post(app.at(&triage))
        .form(&[
            ("csrf", token.as_str()),
            ("priority", "urgent"),
            ("pathways", "mental_health"),
            ("outcome", "advice_closed"),
        ])
        .send()
        .await
        .unwrap();
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Say why you are changing the triage")
    );
    let res = ot
        .post(app.at(&triage))
        .form(&[
            ("csrf", token.as_str()),
            ("priority", "urgent"),
            ("pathways", "mental_health"),
            ("outcome", "advice_closed"),
            ("change_reason", "CMHT declined; advice given by phone"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&res), triage);
    let history = app.store.triage_history(&crisis_id).await.unwrap();
    assert_eq!(history.len(), 2, "both versions kept");
    assert_eq!(
        history[0].target.as_deref(),
        Some("Community mental health team")
    );
    assert!(history[1].changed);
    let trail = app.store.audit_for_record(&crisis_id).await.unwrap();
    for action in ["referral.claim", "referral.triage"] {
        assert!(trail.iter().any(|e| e.action == action), "{action}");
    }
    // A receptionist cannot reach the queue.
    let rec = app.client();
    app.sign_in(&rec, "receptionist").await;
    assert_eq!(
        rec.get(app.at("/staff/triage"))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    app.stop().await;
}

async fn self_referral_closes_at_capacity_and_urgent_help_still_shows(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let lead = app.client();
    app.sign_in(&lead, "service lead").await;
    let res = submit(
        &lead,
        &app.at("/staff/service"),
        &[
            ("open", "no"),
            ("message_en", "Full until January; call the practice."),
            ("message_cy", "Llawn tan fis Ionawr; ffoniwch y practis."),
        ],
    )
    .await;
    assert_eq!(location(&res), "/staff/service?saved=1");
    let person = app.client();
    let (_, start) = page(&person, &app.at("/")).await;
    assert!(start.contains("Full until January") && !start.contains("/refer/start\""));
    let (status, html) = page(&person, &app.at("/refer/name")).await;
    assert_eq!(status, 503);
    assert!(html.contains("Full until January") && html.contains("999"));
    let (_, cy) = page(&person, &app.at("/cy/refer/name")).await;
    assert!(cy.contains("Llawn tan fis Ionawr"));
    let (status, _) = page(&person, &app.at("/refer/urgent-help")).await;
    assert_eq!(status, 200, "urgent help stays open");
    let (status, body) = refer(&app, |_| {}).await;
    assert_eq!((status, body["code"].as_str()), (503, Some("closed")));
    // Staff can still enter referrals.
    let rec = app.client();
    app.sign_in(&rec, "receptionist").await;
    let res = submit(&rec, &app.at("/staff/new-referral"), &[]).await;
    assert_eq!(location(&res), "/staff/refer/source");
    // Open again.
    submit(&lead, &app.at("/staff/service"), &[("open", "yes")]).await;
    let (status, _) = refer(&app, |_| {}).await;
    assert_eq!(status, 201);
    let trail = app.store.audit_events(0, 10_000).await.unwrap();
    assert!(
        trail
            .iter()
            .any(|e| e.action == "service.self_referrals_closed")
    );
    app.stop().await;
}

/// The urgent numbers follow the service's nation, with its own local line.
#[tokio::test]
async fn urgent_advice_follows_the_services_nation_and_local_line() {
    let wales = TestApp::spawn(Engine::Sqlite).await;
    let (_, html) = page(&wales.client(), &wales.at("/refer/urgent-help")).await;
    assert!(html.contains("option 2") && html.contains("0808 80 10 800"));
    wales.stop().await;

    let web = roots_web::WebConfig {
        urgent: roots_web::UrgentAdvice {
            nation: roots_web::Nation::England,
            local_en: Some("Our crisis team: 0300 555 0000, day and night.".into()),
            local_cy: Some("Ein tîm argyfwng: 0300 555 0000, ddydd a nos.".into()),
        },
        ..Default::default()
    };
    let england = TestApp::spawn_with(Engine::Sqlite, web).await;
    let c = england.client();
    let (_, html) = page(&c, &england.at("/refer/urgent-help")).await;
    assert!(
        html.contains("0808 2000 247"),
        "the National Domestic Abuse Helpline"
    );
    assert!(!html.contains("0808 80 10 800") && !html.contains("option 2"));
    assert!(html.contains("Our crisis team: 0300 555 0000"));
    let (_, cy) = page(&c, &england.at("/cy/refer/urgent-help")).await;
    assert!(cy.contains("Ein tîm argyfwng") && cy.contains("0808 2000 247"));
    england.stop().await;
}

/// A red flag is answered at once even on a page with a mistake, and then
/// the person goes back to put it right; someone part-way through with a
/// red flag is not turned away when the service closes.
#[tokio::test]
async fn red_flags_come_first_and_are_never_turned_away() {
    let app = TestApp::spawn(Engine::Sqlite).await;
    let c = app.client();
    let res = submit(&c, &app.at("/refer/help-now"), &[("needs_help_now", "no")]).await;
    assert_eq!(location(&res), "/refer/symptoms-now");
    // Chest pain ticked with "none": a mistake, but 999 comes first.
    let res = submit(
        &c,
        &app.at("/refer/symptoms-now"),
        &[
            ("emergency_signs", "chest_pain"),
            ("emergency_signs", "none"),
        ],
    )
    .await;
    assert_eq!(
        location(&res),
        "/refer/urgent-help?from=symptoms-now&again=1"
    );
    let (status, html) = page(&c, &app.at("/refer/urgent-help?from=symptoms-now&again=1")).await;
    assert_eq!(status, 200);
    assert!(html.contains("999") && html.contains("href=\"/refer/symptoms-now\""));
    // A head injury ticked: the urgent page too (the floor, whatever the rulebook).
    let res = submit(
        &c,
        &app.at("/refer/symptoms-now"),
        &[("emergency_signs", "none")],
    )
    .await;
    assert_eq!(location(&res), "/refer/how-you-are-feeling");
    let res = submit(
        &c,
        &app.at("/refer/how-you-are-feeling"),
        &[("crisis_signs", "ending_life_thoughts")],
    )
    .await;
    assert_eq!(
        location(&res),
        "/refer/urgent-help?from=how-you-are-feeling"
    );

    // The service closes while they are part-way: they carry on.
    let lead = app.client();
    app.sign_in(&lead, "service lead").await;
    submit(&lead, &app.at("/staff/service"), &[("open", "no")]).await;
    let (status, _) = page(&c, &app.at("/refer/other-concerns")).await;
    assert_eq!(status, 200, "a person with a red flag is not turned away");
    let other = app.client();
    let (status, _) = page(&other, &app.at("/refer/name")).await;
    assert_eq!(status, 503, "without one, the closed page");
    app.stop().await;
}
