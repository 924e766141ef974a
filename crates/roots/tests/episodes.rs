//! The episode of care over HTTP, on SQLite and PostgreSQL: accepting a
//! referral opens it; entries are added, amended as versions, and a stale
//! amendment is shown what changed with its text kept; clinics, booking (one
//! slot, two people: one wins), the day view, the waiting list and case
//! discussions.

#[macro_use]
mod common;

use common::{TestApp, csrf, location, submit};
use roots_store::Engine;

on_both_engines!(an_ot_accepts_records_amends_and_books);

async fn page(c: &reqwest::Client, url: &str) -> (u16, String) {
    let res = c.get(url).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

async fn an_ot_accepts_records_amends_and_books(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let referral = app
        .store
        .list_referrals(&app.demo.service.id, 1, 0)
        .await
        .unwrap()
        .remove(0);
    let ot = app.client();
    app.sign_in(&ot, "occupational therapist").await;
    let triage = format!("/staff/referrals/{}/triage", referral.id);
    let (_, html) = page(&ot, &app.at(&triage)).await;
    ot.post(app.at(&format!("/staff/referrals/{}/claim", referral.id)))
        .form(&[("csrf", csrf(&html).as_str())])
        .send()
        .await
        .unwrap();
    let (_, html) = page(&ot, &app.at(&triage)).await;
    let checked: Vec<String> = html
        .split("name=\"pathways\" type=\"checkbox\" value=\"")
        .skip(1)
        .filter(|s| {
            s.split('"')
                .nth(1)
                .is_some_and(|rest| rest.starts_with(" checked"))
        })
        .map(|s| s.split('"').next().unwrap().to_owned())
        .collect();
    let priority = html
        .split("name=\"priority\" type=\"radio\" value=\"")
        .skip(1)
        .find(|s| {
            s.split('"')
                .nth(1)
                .is_some_and(|rest| rest.starts_with(" checked"))
        })
        .map(|s| s.split('"').next().unwrap().to_owned())
        .unwrap();
    let mut form = vec![
        ("csrf".to_owned(), csrf(&html)),
        ("priority".to_owned(), priority),
        ("outcome".to_owned(), "accept_ot".to_owned()),
    ];
    form.extend(checked.into_iter().map(|p| ("pathways".to_owned(), p)));
    let res = ot.post(app.at(&triage)).form(&form).send().await.unwrap();
    assert_eq!(location(&res), triage, "accepted as suggested");
    let episode = app
        .store
        .episode_of_referral(&referral.id)
        .await
        .unwrap()
        .expect("accepting opens an episode");
    let (_, html) = page(&ot, &app.at(&format!("/staff/referrals/{}", referral.id))).await;
    assert!(html.contains(&format!("/staff/episodes/{episode}")));
    let ep = format!("/staff/episodes/{episode}");
    let (status, html) = page(&ot, &app.at(&ep)).await;
    assert_eq!(status, 200);
    assert!(html.contains(&referral.given_name) && html.contains("Nothing recorded yet."));

    // Contact details change on their own page, checked as the referral
    // checked them; a mistake keeps what was typed; every version is kept
    // and a change from a stale page is refused with both shown.
    assert!(
        html.contains(&format!("{ep}/person/contact")),
        "a change link"
    );
    assert!(!html.contains("person-history"), "no earlier versions yet");
    let contact = app.at(&format!("{ep}/person/contact"));
    let res = submit(
        &ot,
        &contact,
        &[("phone", "01632 96"), ("leave_message", "yes")],
    )
    .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("href=\"#phone\"") && html.contains("10 to 15 digits"));
    assert!(
        html.contains("value=\"01632 96\""),
        "what was typed is kept"
    );
    let (_, form_html) = page(&ot, &contact).await;
    assert!(form_html.contains("name=\"version\" value=\"1\""));
    let res = submit(
        &ot,
        &contact,
        &[
            ("version", "1"),
            ("phone", "01632 960 123"),
            ("leave_message", "yes"),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), format!("{ep}#person"));
    let (_, html) = page(&ot, &app.at(&ep)).await;
    assert!(html.contains("01632 960 123"), "the new number shows");
    assert!(
        html.contains("person-history"),
        "earlier versions are a link away"
    );
    // A second page opened before that change: refused, their number
    // shown, this person's typing kept.
    let res = submit(
        &ot,
        &contact,
        &[
            ("version", "1"),
            ("email", "new.address@example.org"),
            ("leave_message", "no"),
        ],
    )
    .await;
    assert_eq!(res.status(), 409);
    let html = res.text().await.unwrap();
    assert!(html.contains("Someone changed these details while you were editing"));
    assert!(html.contains("01632 960 123"), "what they saved");
    assert!(html.contains("value=\"new.address@example.org\""), "kept");
    assert!(html.contains("name=\"version\" value=\"2\""));
    // The postcode is normalised on the person's record.
    let res = submit(
        &ot,
        &app.at(&format!("{ep}/person/postcode")),
        &[("postcode", "ll57 2pw")],
    )
    .await;
    assert_eq!(res.status(), 303);
    let person = app
        .store
        .episode(&app.demo.service.id, &episode)
        .await
        .unwrap()
        .person;
    assert_eq!(person.postcode.as_deref(), Some("LL57 2PW"));
    assert_eq!(person.details_version, 3);
    // Every version, newest first; in Welsh too.
    let (status, html) = page(&ot, &app.at(&format!("{ep}/person-history"))).await;
    assert_eq!(status, 200);
    let (v3, v2, v1) = (
        html.find("Version 3: postcode changed").expect("version 3"),
        html.find("Version 2: contact details changed")
            .expect("version 2"),
        html.find("Version 1, from the referral")
            .expect("version 1"),
    );
    assert!(v3 < v2 && v2 < v1, "newest first");
    let (status, html) = page(&ot, &app.at(&format!("/cy{ep}/person/language"))).await;
    assert_eq!(status, 200);
    assert!(html.contains("Newid manylion") && html.contains("Cadw&#39;r newidiadau"));
    let trail = app.store.audit_events(0, 10_000).await.unwrap();
    let changes: Vec<_> = trail
        .iter()
        .filter(|e| e.action == "person.change")
        .collect();
    assert_eq!(changes.len(), 2, "one audit event per change saved");
    assert!(
        !format!("{changes:?}").contains("01632"),
        "the trail never holds the values"
    );
    // Only the four pages of contact details and preferences can change.
    let (status, _) = page(&ot, &app.at(&format!("{ep}/person/nhs-number"))).await;
    assert_eq!(status, 404);

    // An assessment: the required parts are asked for, and answers kept.
    let res = submit(
        &ot,
        &app.at(&format!("{ep}/new/assessment")),
        &[
            ("routine", "Up at 7, walks the dog"),
            ("risks", "none"),
            ("risks", "falls"),
        ],
    )
    .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("href=\"#matters\"") && html.contains("on its own"));
    assert!(html.contains("Up at 7, walks the dog"), "kept");
    let res = submit(
        &ot,
        &app.at(&format!("{ep}/new/assessment")),
        &[
            ("routine", "Up at 7, walks the dog"),
            ("matters", "Cooking for the grandchildren"),
            ("risks", "falls"),
        ],
    )
    .await;
    assert_eq!(location(&res), ep);
    let (_, html) = page(&ot, &app.at(&ep)).await;
    assert!(html.contains("Cooking for the grandchildren") && html.contains(">Falls<"));
    let entry_id = app.store.entries(&episode).await.unwrap()[0]
        .entry_id
        .clone();
    let amend = format!("{ep}/entries/{entry_id}");

    // Two people amend the same version: the second is told, and keeps text.
    let gp = app.client();
    app.sign_in(&gp, "clinician").await;
    let (_, mine) = page(&ot, &app.at(&amend)).await;
    let (_, theirs) = page(&gp, &app.at(&amend)).await;
    let post = |c: &reqwest::Client, html: &str, matters: &str, reason: &str| {
        c.post(app.at(&amend))
            .form(&[
                ("csrf", csrf(html).as_str()),
                ("based_on", "1"),
                ("routine", "Up at 7, walks the dog"),
                ("matters", matters),
                ("risks", "falls"),
                ("reason", reason),
            ])
            .send()
    };
    let res = post(&gp, &theirs, "Cooking, and the allotment", "")
        .await
        .unwrap();
    assert_eq!(res.status(), 422, "an amendment needs a reason");
    let res = post(
        &gp,
        &theirs,
        "Cooking, and the allotment",
        "Added the allotment",
    )
    .await
    .unwrap();
    assert_eq!(location(&res), ep);
    let res = post(&ot, &mine, "Cooking and baking", "Clarified")
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    let html = res.text().await.unwrap();
    assert!(html.contains("Someone changed this entry while you were editing"));
    assert!(
        html.contains("Cooking, and the allotment"),
        "their version shown"
    );
    assert!(html.contains("Cooking and baking"), "my text kept");
    let (_, history) = page(&ot, &app.at(&format!("{amend}/history"))).await;
    assert!(history.contains("Version 1") && history.contains("Version 2"));
    assert!(history.contains("Added the allotment"));

    // A clinic, then two people book the same slot: one wins.
    let ot_id = app
        .store
        .user_by_email(app.staff("occupational therapist").0)
        .await
        .unwrap()
        .id;
    let tomorrow = (roots_web::today() + jiff::Span::new().days(1)).to_string();
    let res = submit(
        &ot,
        &app.at("/staff/clinics"),
        &[
            ("practice", &app.practices[0].id),
            ("ot", &ot_id),
            ("date", &tomorrow),
            ("start", "09:00"),
            ("end", "10:00"),
            ("slot_minutes", "30"),
            ("modes", "face_to_face"),
        ],
    )
    .await;
    assert_eq!(location(&res), "/staff/clinics");
    let (_, book) = page(&ot, &app.at(&format!("{ep}/book"))).await;
    let slot = book
        .split("name=\"slot\" type=\"radio\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let (_, gp_book) = page(&gp, &app.at(&format!("{ep}/book"))).await;
    let res = ot
        .post(app.at(&format!("{ep}/book")))
        .form(&[
            ("csrf", csrf(&book).as_str()),
            ("slot", slot.as_str()),
            ("mode", "face_to_face"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&res), ep);
    let res = gp
        .post(app.at(&format!("{ep}/book")))
        .form(&[
            ("csrf", csrf(&gp_book).as_str()),
            ("slot", slot.as_str()),
            ("mode", "telephone"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Someone booked that time")
    );
    let (_, day) = page(&ot, &app.at(&format!("/staff/day?date={tomorrow}"))).await;
    assert!(day.contains(&referral.given_name) && day.contains("09:00"));
    // Moved to the other slot in one step; the first slot is free again.
    let appt = app.store.appointments(&episode).await.unwrap()[0].0.clone();
    let (_, html) = page(&ot, &app.at(&format!("{ep}/book?move={appt}"))).await;
    assert!(html.contains(&format!("name=\"move\" value=\"{appt}\"")));
    let other = html
        .split("name=\"slot\" type=\"radio\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    assert_ne!(other, slot, "only the free slot is offered");
    let res = ot
        .post(app.at(&format!("{ep}/book")))
        .form(&[
            ("csrf", csrf(&html).as_str()),
            ("move", appt.as_str()),
            ("slot", other.as_str()),
            ("mode", "telephone"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&res), ep);
    let statuses: Vec<String> = app
        .store
        .appointments(&episode)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.3)
        .collect();
    assert_eq!(statuses, ["moved", "booked"]);
    let (_, day) = page(&ot, &app.at(&format!("/staff/day?date={tomorrow}"))).await;
    assert!(day.contains("09:30") && day.contains("(Telephone)"));
    let (_, waiting) = page(&ot, &app.at("/staff/waiting")).await;
    assert!(!waiting.contains(&ep), "booked: not waiting");

    // Flag for case discussion.
    let (_, html) = page(&ot, &app.at(&ep)).await;
    let res = ot
        .post(app.at(&format!("{ep}/discussion")))
        .form(&[("csrf", csrf(&html).as_str()), ("on", "yes")])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&res), ep);
    let (_, list) = page(&gp, &app.at("/staff/discussions")).await;
    assert!(list.contains(&ep));
    // PHQ-9 twice: a missing answer is explained and kept; item 9 above 0
    // raises a safety alert at once; the chart shows both.
    let phq = format!("{ep}/measures/phq9");
    let mut answers: Vec<(String, String)> = (1..=8)
        .map(|i| (format!("item-{i}"), "2".to_owned()))
        .collect();
    let pairs: Vec<(&str, &str)> = answers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let res = submit(&ot, &app.at(&phq), &pairs).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("Answer question 9") && html.contains("value=\"2\" checked"));
    answers.push(("item-9".into(), "1".into()));
    let pairs: Vec<(&str, &str)> = answers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let res = submit(&ot, &app.at(&phq), &pairs).await;
    assert_eq!(location(&res), ep);
    let lower: Vec<(String, String)> = (1..=9)
        .map(|i| (format!("item-{i}"), "0".to_owned()))
        .collect();
    let pairs: Vec<(&str, &str)> = lower
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    submit(&ot, &app.at(&phq), &pairs).await;
    let (_, html) = page(&ot, &app.at(&ep)).await;
    assert!(
        html.contains("id=\"safety-alerts\""),
        "the item-9 alert stands out"
    );
    assert!(
        html.contains("<svg") && html.contains("17 → 0"),
        "the chart and the change"
    );
    let trail = app.store.audit_events(0, 10_000).await.unwrap();
    assert!(trail.iter().any(|e| e.action == "measure.safety_alert"));
    // The alert waits, on the service's list too, until someone records
    // acting on it. An immediate risk must come with urgent help.
    let (_, list) = page(&ot, &app.at("/staff/alerts")).await;
    assert!(list.contains(&ep), "on the list of alerts not yet acted on");
    let act = html
        .split("href=\"")
        .map(|s| s.split('"').next().unwrap())
        .find(|h| h.starts_with(&format!("{ep}/alerts/")))
        .expect("a link to record acting on the alert")
        .to_owned();
    let res = submit(
        &ot,
        &app.at(&act),
        &[
            ("risk", "immediate"),
            ("actions", "spoke_to_person"),
            ("detail", "Has a plan; talked it through"),
        ],
    )
    .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("select the urgent help arranged"));
    assert!(html.contains("Has a plan; talked it through"), "kept");
    let res = submit(
        &ot,
        &app.at(&act),
        &[
            ("risk", "immediate"),
            ("actions", "spoke_to_person"),
            ("actions", "gp_same_day"),
            ("detail", "Has a plan; duty doctor seeing them at 3pm"),
        ],
    )
    .await;
    assert_eq!(location(&res), ep);
    let (_, html) = page(&ot, &app.at(&ep)).await;
    assert!(!html.contains("id=\"safety-alerts\""), "no longer waiting");
    assert!(
        html.contains("id=\"acted-alerts\"")
            && html.contains("Arranged a same-day review with the GP or duty doctor")
            && html.contains("duty doctor seeing them at 3pm"),
        "what was done stays on the episode"
    );
    let (_, list) = page(&ot, &app.at("/staff/alerts")).await;
    assert!(!list.contains(&ep), "off the list");
    let trail = app.store.audit_events(0, 10_000).await.unwrap();
    assert!(trail.iter().any(|e| e.action == "measure.safety_alert_ack"));
    let (status, html) = page(&ot, &app.at(&format!("/cy{act}"))).await;
    assert_eq!(status, 200);
    assert!(html.contains("Cofnodwch beth wnaethoch chi"));
    // Only a measure of this episode that raised an alert can be acted on.
    let (status, _) = page(&ot, &app.at(&format!("{ep}/alerts/not-an-entry"))).await;
    assert_eq!(status, 404);

    // A goal, reviewed; an intervention; discharge with its outcomes.
    let goal = [
        ("text", "Cook a meal for the family"),
        ("level_minus_2", "Cannot use the kitchen"),
        ("level_minus_1", "Makes a hot drink"),
        ("level_0", "Cooks a simple meal weekly"),
        ("level_plus_1", "Cooks twice a week"),
        ("level_plus_2", "Cooks Sunday lunch"),
        ("importance", "3"),
        ("difficulty", "2"),
        ("baseline", "-1"),
    ];
    let res = submit(&ot, &app.at(&format!("{ep}/goals/new")), &goal).await;
    assert_eq!(location(&res), ep);
    let goal_id = app
        .store
        .entries(&episode)
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.kind == "goal")
        .unwrap()
        .entry_id;
    let res = submit(
        &ot,
        &app.at(&format!("{ep}/goals/{goal_id}")),
        &[("followup", "1"), ("reason", "Reviewed at week 6")],
    )
    .await;
    assert_eq!(location(&res), ep);
    let (_, html) = page(&ot, &app.at(&ep)).await;
    assert!(html.contains("start → review: 40.0 → 60.0"), "GAS T-scores");
    let res = submit(
        &ot,
        &app.at(&format!("{ep}/interventions/new")),
        &[("code", "graded_activity_pacing"), ("minutes", "45")],
    )
    .await;
    assert_eq!(location(&res), ep);
    let res = submit(
        &ot,
        &app.at(&format!("{ep}/discharge")),
        &[("reason", "goals_met")],
    )
    .await;
    assert_eq!(res.status(), 422, "the outcomes are asked for");
    let res = submit(
        &ot,
        &app.at(&format!("{ep}/discharge")),
        &[
            ("reason", "goals_met"),
            ("self_management_offered", "yes"),
            ("gp_appointments_avoided", "2"),
            ("ot_instead_of_gp", "yes"),
            ("cmht_referral_avoided", "yes"),
            ("cmht_reason", "Anxiety managed with graded activity"),
            ("medication_avoided", "yes"),
            ("work_status_start", "retired"),
            ("work_status_end", "retired"),
            ("secondary_care", "no"),
        ],
    )
    .await;
    assert_eq!(location(&res), format!("{ep}/summary"));
    let (_, summary) = page(&ot, &app.at(&format!("{ep}/summary"))).await;
    assert!(summary.contains("Goals met") && summary.contains("Graded activity and pacing"));
    let (_, html) = page(&ot, &app.at(&ep)).await;
    assert!(html.contains(">Discharged<"));

    // The subject access export holds the triage and every version of
    // every entry, and the page reads them back.
    let admin = app.client();
    app.sign_in(&admin, "administrator").await;
    let sa: serde_json::Value = admin
        .get(app.at(&format!(
            "/staff/referrals/{}/subject-access.json",
            referral.id
        )))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(sa["triage"][0]["versions"][0]["outcome"], "accept_ot");
    assert!(sa["triage"][0]["suggestion"]["priority"].is_string());
    let entries = sa["episodes"][0]["entries"].as_array().unwrap();
    assert!(
        entries
            .iter()
            .any(|e| e["kind"] == "assessment" && e["version"] == 2)
    );
    assert!(
        entries
            .iter()
            .any(|e| e["kind"] == "assessment" && e["version"] == 1),
        "old versions too"
    );
    assert!(
        sa["access_log"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "episode.view")
    );
    let details: Vec<(i64, &str)> = sa["person_details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["version"].as_i64().unwrap(), v["part"].as_str().unwrap()))
        .collect();
    assert_eq!(details, [(3, "postcode"), (2, "contact"), (1, "referral")]);
    assert!(
        sa["access_log"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "person.change"),
        "changes to the person's details are in their access log"
    );
    let (status, html) = page(
        &admin,
        &app.at(&format!("/staff/referrals/{}/subject-access", referral.id)),
    )
    .await;
    assert_eq!(status, 200);
    assert!(html.contains("Cooking, and the allotment"));

    // A receptionist cannot open the episode.
    let rec = app.client();
    app.sign_in(&rec, "receptionist").await;
    assert_eq!(rec.get(app.at(&ep)).send().await.unwrap().status(), 403);
    let trail = app.store.audit_events(0, 10_000).await.unwrap();
    for action in [
        "episode.open",
        "episode.entry_add",
        "episode.entry_amend",
        "appointment.book",
        "episode.view",
    ] {
        assert!(trail.iter().any(|e| e.action == action), "{action}");
    }
    app.stop().await;
}
