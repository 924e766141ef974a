//! The directory's Open Referral UK 3.0 API over HTTP, on SQLite and
//! PostgreSQL: the version document, paging, the standard's filters, one
//! service whole, service-at-locations, taxonomies and terms; every
//! response checked against the HSDS 3.0 schemas in ../shared/reference.

#[macro_use]
mod common;

use common::TestApp;
use roots_store::Engine;
use roots_store::audit::Actor;
use serde_json::Value;

on_both_engines!(
    the_open_referral_api_pages_filters_and_meets_the_schemas,
    people_find_local_support_by_need_language_cost_and_age,
    an_ot_signposts_and_follows_up,
    staff_keep_the_directory_checked,
    staff_add_a_place_and_change_it,
    triage_signposts_without_an_episode,
    people_find_support_near_a_postcode
);

fn reference(path: &str) -> Value {
    let p = format!(
        "{}/../../../shared/reference/open-referral-uk/{path}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}")))
        .unwrap()
}

fn validator(path: &str) -> jsonschema::Validator {
    jsonschema::options()
        .should_validate_formats(true)
        .build(&reference(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// One definition of the compiled service schema (the standalone files
/// refer to each other by file name).
fn definition(name: &str) -> jsonschema::Validator {
    let compiled = reference("hsds-3.0-schema/compiled/service_with_definitions.json");
    let schema = serde_json::json!({
        "$ref": format!("#/definitions/{name}"),
        "definitions": compiled["definitions"],
    });
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

fn assert_valid(v: &jsonschema::Validator, doc: &Value, what: &str) {
    let errors: Vec<String> = v.iter_errors(doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

async fn get(c: &reqwest::Client, url: &str) -> (u16, Value) {
    let res = c.get(url).send().await.unwrap();
    let status = res.status().as_u16();
    let ct = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    assert!(ct.starts_with("application/json"), "{url}: {ct}");
    (status, res.json().await.unwrap())
}

fn names(page: &Value) -> Vec<String> {
    let mut n: Vec<String> = page["contents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_owned())
        .collect();
    n.sort();
    n
}

async fn the_open_referral_api_pages_filters_and_meets_the_schemas(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    for feed in ["v3_paged.json", "legacy_paged.json"] {
        let text = std::fs::read_to_string(format!(
            "{}/../directory/tests/feeds/{feed}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        let records = roots_directory::read_feed(&text).unwrap().records;
        let (docs, errors) = roots_directory::normalise_all(&records);
        assert!(errors.is_empty());
        app.store
            .import_resources(
                &app.demo.service.id,
                &docs,
                feed,
                &Actor::system(),
                jiff::Timestamp::now(),
            )
            .await
            .unwrap();
    }
    let c = reqwest::Client::new();
    let api = |p: &str| app.at(&format!("/openreferral{p}"));
    let (status, root) = get(&c, &api("/")).await;
    assert_eq!((status, root["version"].as_str()), (200, Some("3.0")));

    // Paging as the standard says.
    let (_, all) = get(&c, &api("/services")).await;
    assert_eq!(all["total_items"], 5);
    assert_eq!(
        names(&all),
        [
            "Afon Walking Group",
            "Debt advice line",
            "Memory café",
            "Tenancy support",
            "Work club"
        ]
    );
    let (_, p2) = get(&c, &api("/services?per_page=2&page=2")).await;
    assert_eq!(
        (&p2["page_number"], &p2["size"], &p2["total_pages"]),
        (&Value::from(2), &Value::from(2), &Value::from(3))
    );
    assert_eq!(
        (&p2["first_page"], &p2["last_page"]),
        (&Value::Bool(false), &Value::Bool(false))
    );
    let (_, p3) = get(&c, &api("/services?per_page=2&page=3")).await;
    assert_eq!(
        (&p3["size"], &p3["last_page"]),
        (&Value::from(1), &Value::Bool(true))
    );
    let (_, p9) = get(&c, &api("/services?per_page=2&page=9")).await;
    assert_eq!(p9["empty"], true);
    let (status, bad) = get(&c, &api("/services?page=0")).await;
    assert_eq!(status, 400);
    assert!(bad["error"].as_str().unwrap().contains("page"));
    let (status, _) = get(&c, &api("/services?day=FUNDAY")).await;
    assert_eq!(status, 400);

    // The standard's filters.
    let walks_id = roots_directory::oruk_id("0b6c6d1e-3f0a-4c47-9a55-2f3c8e1d7a01");
    let lonely = "e94ae5f6-17e2-4e45-9833-07146f5fb215";
    for (query, expected) in [
        ("search=walks+riverside", vec!["Afon Walking Group"]),
        ("search=carers", vec!["Memory café"]),
        (
            &format!("taxonomy_term_id={lonely}") as &str,
            vec!["Afon Walking Group"],
        ),
        (
            "day=TH&start_time=10:30&end_time=11:30",
            vec!["Afon Walking Group"],
        ),
        ("day=TH&start_time=11:30&end_time=12:30", vec![]),
        ("day=MO", vec!["Tenancy support", "Work club"]),
        (
            "day=TU&start_time=14:00&end_time=16:00",
            vec!["Memory café"],
        ),
        (
            "minimum_age=10&maximum_age=14",
            vec!["Debt advice line", "Tenancy support", "Work club"],
        ),
        ("modified_after=2026-09-30", vec!["Afon Walking Group"]),
    ] {
        let (status, page) = get(&c, &api(&format!("/services?{query}"))).await;
        assert_eq!(status, 200, "{query}");
        assert_eq!(names(&page), expected, "{query}");
    }

    // Every response in the shape of the standard's schemas.
    let list_item = validator("hsds-3.0-schema/compiled/service_list.json");
    for s in all["contents"].as_array().unwrap() {
        assert_valid(&list_item, s, "a /services item");
        assert!(
            s.get("schedules").is_none(),
            "lists carry one-to-one fields"
        );
    }
    let full = validator("hsds-3.0-schema/compiled/service_with_definitions.json");
    let (status, walks) = get(&c, &api(&format!("/services/{walks_id}"))).await;
    assert_eq!(status, 200);
    assert_valid(&full, &walks, "/services/{id}");
    assert_eq!(walks["schedules"][0]["byday"], "TH,FR", "whole");
    // An older feed's own id still finds its service.
    let (status, cafe) = get(&c, &api("/services/1042")).await;
    assert_eq!((status, cafe["name"].as_str()), (200, Some("Memory café")));
    assert_valid(&full, &cafe, "a service from the older profile");
    let (status, missing) = get(&c, &api("/services/nothing-here")).await;
    assert_eq!(status, 404);
    assert!(missing["error"].as_str().unwrap().contains("nothing-here"));

    let sal_item = validator("hsds-3.0-schema/compiled/service_at_location_list.json");
    let (_, sals) = get(&c, &api("/service_at_locations")).await;
    assert_eq!(sals["total_items"], 2);
    for s in sals["contents"].as_array().unwrap() {
        assert_valid(&sal_item, s, "a /service_at_locations item");
    }
    let first = sals["contents"][0]["id"].as_str().unwrap().to_owned();
    let (status, one) = get(&c, &api(&format!("/service_at_locations/{first}"))).await;
    assert_eq!((status, one["id"].as_str()), (200, Some(first.as_str())));

    let (_, terms) = get(&c, &api("/taxonomy_terms")).await;
    assert_eq!(terms["total_items"], 4);
    let term_schema = definition("taxonomy_term");
    for t in terms["contents"].as_array().unwrap() {
        assert_valid(&term_schema, t, "a taxonomy term");
    }
    let (status, t) = get(&c, &api(&format!("/taxonomy_terms/{lonely}"))).await;
    assert_eq!((status, t["name"].as_str()), (200, Some("Loneliness")));
    let (_, taxonomies) = get(&c, &api("/taxonomies")).await;
    assert_eq!(taxonomies["total_items"], 1, "one taxonomy: roots-needs");
    let tax = &taxonomies["contents"][0];
    assert_valid(&definition("taxonomy"), tax, "a taxonomy");
    let (_, by_taxonomy) = get(
        &c,
        &api(&format!(
            "/services?taxonomy_id={}",
            tax["id"].as_str().unwrap()
        )),
    )
    .await;
    assert_eq!(names(&by_taxonomy), ["Afon Walking Group", "Memory café"]);
    let (status, _) = get(
        &c,
        &api(&format!("/taxonomies/{}", tax["id"].as_str().unwrap())),
    )
    .await;
    assert_eq!(status, 200);
    app.stop().await;
}

async fn page(c: &reqwest::Client, url: &str) -> (u16, String) {
    let res = c.get(url).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// The names of the places a results page lists, sorted.
fn places(html: &str) -> Vec<String> {
    let mut out = places_in_order(html);
    out.sort();
    out
}

/// The names of the places a results page lists, in its order.
fn places_in_order(html: &str) -> Vec<String> {
    html.split("<h3 class=\"nhsuk-card__heading nhsuk-heading-m\"><a href=\"")
        .skip(1)
        .map(|s| {
            let name = s.split('>').nth(1).unwrap();
            name.split('<').next().unwrap().replace("&#39;", "'")
        })
        .collect()
}

async fn people_find_local_support_by_need_language_cost_and_age(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let added = roots::demo::seed_directory(&app.store, &app.demo.service.id)
        .await
        .unwrap();
    assert_eq!(added, 5);
    let c = reqwest::Client::new();
    let (status, html) = page(&c, &app.at("/")).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("href=\"/directory\""),
        "linked from the start page"
    );
    let (_, html) = page(&c, &app.at("/directory")).await;
    assert!(html.contains("5 places found"));
    assert!(html.contains("Temporarily closed"), "shown, and marked");
    for (query, expected) in [
        (
            "need=getting_out",
            vec![
                "Afon Walking Group",
                "Memory Café",
                "Sied Dynion / Men's Shed",
            ],
        ),
        ("need=hobbies&language=en", vec!["Afon Walking Group"]),
        (
            "language=cy&free=yes",
            vec!["Afon Walking Group", "Memory Café"],
        ),
        (
            "age=70",
            vec![
                "Afon Walking Group",
                "Memory Café",
                "Money Advice Line",
                "Sied Dynion / Men's Shed",
            ],
        ),
        ("need=sleep", vec![]),
    ] {
        let (status, html) = page(&c, &app.at(&format!("/directory?{query}"))).await;
        assert_eq!(status, 200, "{query}");
        assert_eq!(places(&html), expected, "{query}");
    }
    // A mistake keeps what was chosen and says what to do.
    let (status, html) = page(&c, &app.at("/directory?need=caring&age=forty")).await;
    assert_eq!(status, 422);
    assert!(html.contains("href=\"#age\"") && html.contains("Enter your age as a number"));
    assert!(html.contains("value=\"forty\"") && html.contains("value=\"caring\" selected"));
    // One place in full, in both languages.
    let walks = roots_directory::oruk_id("5b0f3c52-1a7e-4d0b-9e61-2c7a4f1d8e01");
    let (status, html) = page(&c, &app.at(&format!("/directory/{walks}"))).await;
    assert_eq!(status, 200);
    for expected in [
        "Thursdays and Fridays, 10:00 to 12:00",
        "href=\"tel:01632960101\"",
        "Riverside café, 1 Ffordd yr Afon, Bangor, LL57 2PW",
        "Level path; benches every 200 metres",
        "Just turn up: you do not need a referral",
        "The service last checked these details on",
    ] {
        assert!(html.contains(expected), "{expected}");
    }
    let (_, html) = page(&c, &app.at(&format!("/cy/directory/{walks}"))).await;
    assert!(html.contains("Dyddiau Iau a Dyddiau Gwener, 10:00 i 12:00"));
    let (_, html) = page(&c, &app.at("/cy/directory?need=caring")).await;
    assert!(html.contains("Dod o hyd i gymorth lleol") && html.contains("1 lle wedi&#39;i ganfod"));
    let (_, html) = page(&c, &app.at("/directory?need=caring")).await;
    let cafe = html.split("Memory Café").next().unwrap();
    assert!(cafe.contains("/directory/"), "the card links to its page");
    let (status, _) = page(&c, &app.at("/directory/no-such-place")).await;
    assert_eq!(status, 404);
    app.stop().await;
}

async fn an_ot_signposts_and_follows_up(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    roots::demo::seed_directory(&app.store, &app.demo.service.id)
        .await
        .unwrap();
    let ep = common::an_episode(&app).await;
    let ot = app.client();
    app.sign_in(&ot, "occupational therapist").await;
    let (status, html) = page(&ot, &app.at(&format!("{ep}/signpost"))).await;
    assert_eq!(status, 200);
    assert!(html.contains("Afon Walking Group") && html.contains("Money Advice Line"));
    let walks = roots_directory::oruk_id("5b0f3c52-1a7e-4d0b-9e61-2c7a4f1d8e01");
    // A referral shares their details: without their agreement, refused,
    // with what was typed kept.
    let res = common::submit(
        &ot,
        &app.at(&format!("{ep}/signpost")),
        &[
            ("resource", walks.as_str()),
            ("why", "Isolated since retiring; used to walk"),
            ("how", "referral_sent"),
            ("consent", "no"),
            ("follow_up_weeks", "4"),
        ],
    )
    .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("give them the information instead"));
    assert!(
        html.contains("Isolated since retiring; used to walk"),
        "kept"
    );
    let res = common::submit(
        &ot,
        &app.at(&format!("{ep}/signpost")),
        &[
            ("resource", walks.as_str()),
            ("why", "Isolated since retiring; used to walk"),
            ("how", "information_given"),
            ("follow_up_weeks", "2"),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    let (_, html) = page(&ot, &app.at(&ep)).await;
    assert!(html.contains("Signposted to Afon Walking Group"));
    // Not due for two weeks: not on the list yet.
    let (_, list) = page(&ot, &app.at("/staff/signposting")).await;
    assert!(!list.contains(&ep));
    // One signposted a month ago is due now.
    let episode_id = ep.rsplit('/').next().unwrap();
    let earlier = roots_core::signposting::Signpost {
        resource_id: walks.clone(),
        resource_name: "Afon Walking Group".into(),
        why: "Wanted company".into(),
        how: roots_core::signposting::How::WarmHandover,
        consent: Some(true),
        follow_up_due: roots_web::today().to_string(),
        outcome: None,
        outcome_note: None,
    };
    let actor = common::ot_actor(&app).await;
    let entry = app
        .store
        .add_entry(
            episode_id,
            "signpost",
            &serde_json::to_value(&earlier).unwrap(),
            &actor,
            jiff::Timestamp::now(),
        )
        .await
        .unwrap();
    let (_, list) = page(&ot, &app.at("/staff/signposting")).await;
    assert!(list.contains(&ep), "due today: listed");
    let follow = app.at(&format!("{ep}/signpost/{entry}"));
    let res = common::submit(&ot, &follow, &[("note", "Goes on Thursdays")]).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("Select whether they got there") && html.contains("Goes on Thursdays"));
    let res = common::submit(
        &ot,
        &follow,
        &[("outcome", "attended"), ("note", "Goes on Thursdays")],
    )
    .await;
    assert_eq!(res.status(), 303);
    let (_, html) = page(&ot, &app.at(&ep)).await;
    assert!(html.contains("Yes, they went") && html.contains("Goes on Thursdays"));
    let (_, list) = page(&ot, &app.at("/staff/signposting")).await;
    assert!(!list.contains(&ep), "followed up: off the list");
    let history = app.store.entry_history(episode_id, &entry).await.unwrap();
    assert_eq!(history.len(), 2, "the follow-up is a new version");
    let trail = app.store.audit_events(0, 10_000).await.unwrap();
    assert!(trail.iter().any(|e| e.action == "signpost.follow_up"));
    let (status, html) = page(&ot, &app.at(&format!("/cy{ep}/signpost"))).await;
    assert_eq!(status, 200);
    assert!(html.contains("Cyfeirio at adnodd cymunedol"));
    // The report: by resource and outcome, and the places never used.
    let (status, html) = page(&ot, &app.at("/staff/directory/report")).await;
    assert_eq!(status, 200);
    let row = html
        .split("<tr class=\"nhsuk-table__row\">")
        .find(|r| r.contains("Afon Walking Group"))
        .expect("a row for the walking group");
    let counts: Vec<&str> = row
        .split("</span>")
        .skip(1)
        .map(|c| c.split('<').next().unwrap())
        .collect();
    assert_eq!(
        counts,
        ["Afon Walking Group", "2", "1", "0", "0", "1"],
        "name, signposted, attended, did not attend, not known, awaiting"
    );
    let never = html.split("id=\"never-used\"").nth(1).unwrap();
    assert!(never.contains("Work Club") && !never.contains("Afon Walking Group"));
    assert!(
        !never.contains("Money Advice Line"),
        "temporarily closed: not listed as unused"
    );
    app.stop().await;
}

async fn staff_keep_the_directory_checked(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    roots::demo::seed_directory(&app.store, &app.demo.service.id)
        .await
        .unwrap();
    // Three more from a feed, never checked by the service.
    let text = std::fs::read_to_string(format!(
        "{}/../directory/tests/feeds/v3_paged.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let (docs, _) =
        roots_directory::normalise_all(&roots_directory::read_feed(&text).unwrap().records);
    app.store
        .import_resources(
            &app.demo.service.id,
            &docs,
            "feed",
            &Actor::system(),
            jiff::Timestamp::now(),
        )
        .await
        .unwrap();
    let staff = app.client();
    app.sign_in(&staff, "receptionist").await;
    let (status, html) = page(&staff, &app.at("/staff/directory")).await;
    assert_eq!(status, 200);
    assert!(html.contains("3 places have not been checked in the last 180 days"));
    assert_eq!(html.matches("Needs checking").count(), 3);
    let debt = roots_directory::oruk_id("f05bf607-28f3-4f56-8944-18257a60c316");
    let url = app.at(&format!("/staff/directory/{debt}"));
    let long = "x".repeat(1001);
    let res = common::submit(
        &staff,
        &url,
        &[("needs", "money_paperwork"), ("note", long.as_str())],
    )
    .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("href=\"#note\"") && html.contains("value=\"money_paperwork\" checked"));
    let res = common::submit(
        &staff,
        &url,
        &[
            ("needs", "money_paperwork"),
            ("pathways", "housing_advice"),
            ("pathways", "work_fitnote"),
            ("access", "referral"),
            ("note", "Phone first; interpreters on request"),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    let (_, html) = page(&staff, &url).await;
    assert!(
        html.contains("value=\"housing_advice\" checked")
            && html.contains("value=\"work_fitnote\" checked")
    );
    assert!(!html.contains("value=\"mental_health\" checked"));
    let (_, html) = page(&staff, &app.at("/staff/directory")).await;
    assert!(html.contains("2 places have not been checked"));
    // People can now find it by need; what it helps with is Roots' note.
    let anon = reqwest::Client::new();
    let (_, html) = page(&anon, &app.at("/directory?need=money_paperwork")).await;
    assert_eq!(
        places(&html),
        ["Debt advice line", "Money Advice Line", "Work Club"]
    );
    let (_, html) = page(&anon, &app.at(&format!("/directory/{debt}"))).await;
    assert!(html.contains("Phone first; interpreters on request"));
    // Retired: no longer offered, its history kept, the API says inactive.
    let (_, html) = page(&staff, &url).await;
    let res = staff
        .post(app.at(&format!("/staff/directory/{debt}/retire")))
        .form(&[("csrf", common::csrf(&html).as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let (_, html) = page(&anon, &app.at("/directory?need=money_paperwork")).await;
    assert!(!places(&html).contains(&"Debt advice line".to_owned()));
    let (status, _) = page(&anon, &app.at(&format!("/directory/{debt}"))).await;
    assert_eq!(status, 404);
    let (_, doc) = get(&anon, &app.at(&format!("/openreferral/services/{debt}"))).await;
    assert_eq!(doc["status"], "inactive");
    let versions = app
        .store
        .resource_versions(&app.demo.service.id, &debt)
        .await
        .unwrap();
    assert_eq!(versions.len(), 3, "imported, checked, retired");
    let trail = app.store.audit_events(0, 10_000).await.unwrap();
    for action in ["directory.resource_check", "directory.resource_status"] {
        assert!(trail.iter().any(|e| e.action == action), "{action}");
    }
    let (_, html) = page(&staff, &app.at("/cy/staff/directory")).await;
    assert!(html.contains("Adnoddau cymunedol"));
    app.stop().await;
}

async fn staff_add_a_place_and_change_it(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let staff = app.client();
    app.sign_in(&staff, "receptionist").await;
    let new = app.at("/staff/directory/new");
    let mut form = vec![
        ("name", "Coast path walks"),
        ("organisation", "Bangor Ramblers"),
        ("description", "Gentle walks, two hours, at an easy pace."),
        ("status", "active"),
        ("phone", "01248 000 000"),
        ("url", "https://example.org/walks"),
        ("address", "Garth Road"),
        ("town", "Bangor"),
        ("postcode", "LL57"),
        ("languages", "English, Welsh"),
        ("minimum_age", "16"),
        ("cost", "free"),
        ("opens_MO", "10:00"),
        ("opens_TH", "10:00"),
        ("closes_TH", "12:00"),
    ];
    // Mistakes: each explained on its field, everything typed kept.
    let res = common::submit(&staff, &new, &form).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    common::error_links_land(&html);
    for (field, message) in [
        ("postcode", "Enter a postcode in the correct format"),
        ("closes_MO", "Enter both the opening and the closing time"),
    ] {
        assert!(html.contains(&format!("href=\"#{field}\"")), "{field}");
        assert!(html.contains(message), "{message}");
    }
    assert!(html.contains("value=\"LL57\"") && html.contains("value=\"Coast path walks\""));
    assert_eq!(
        app.store
            .resource_count(&app.demo.service.id)
            .await
            .unwrap(),
        0
    );
    // The same mistake in Welsh.
    let res = common::submit(&staff, &app.at("/cy/staff/directory/new"), &form).await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Rhowch god post yn y fformat cywir")
    );
    form.retain(|(k, _)| *k != "postcode" && *k != "opens_MO");
    form.push(("postcode", "ll57 2sw"));
    let res = common::submit(&staff, &new, &form).await;
    assert_eq!(res.status(), 303);
    let to = common::location(&res);
    let id = to.rsplit('/').next().unwrap().to_owned();
    assert_eq!(roots_directory::oruk_id(&id), id, "a UUID");
    // Published: on the public page, and through the API as valid 3.0.
    let anon = reqwest::Client::new();
    let (status, html) = page(&anon, &app.at(&format!("/directory/{id}"))).await;
    assert_eq!(status, 200);
    for shown in [
        "Coast path walks",
        "Bangor Ramblers",
        "Garth Road, Bangor, LL57 2SW",
        "Thursdays, 10:00 to 12:00",
        "Free",
    ] {
        assert!(html.contains(shown), "{shown}");
    }
    let (status, doc) = get(&anon, &app.at(&format!("/openreferral/services/{id}"))).await;
    assert_eq!(status, 200);
    assert_valid(
        &validator("hsds-3.0-schema/compiled/service_with_definitions.json"),
        &doc,
        "an added place",
    );
    // Changed: a new version, based on the one the page showed.
    let edit = app.at(&format!("/staff/directory/{id}/edit"));
    let (_, html) = page(&staff, &edit).await;
    assert!(html.contains("name=\"version\" value=\"1\""));
    assert!(
        html.contains("value=\"LL57 2SW\""),
        "what is saved is shown"
    );
    let mut changed = form.clone();
    changed.retain(|(k, _)| *k != "name");
    changed.push(("name", "Coast path walking group"));
    changed.push(("version", "1"));
    let res = common::submit(&staff, &edit, &changed).await;
    assert_eq!(res.status(), 303);
    let r = app.store.resource(&app.demo.service.id, &id).await.unwrap();
    assert_eq!(
        (r.version, r.name.as_str()),
        (2, "Coast path walking group")
    );
    assert!(r.checked_at.is_some(), "saving marks it checked");
    // A page from before that save is refused, keeping what was typed.
    let mut stale = form.clone();
    stale.retain(|(k, _)| *k != "name");
    stale.push(("name", "Walks by the sea"));
    stale.push(("version", "1"));
    let res = common::submit(&staff, &edit, &stale).await;
    assert_eq!(res.status(), 409);
    let html = res.text().await.unwrap();
    assert!(html.contains("Someone else saved this place while you were changing it"));
    assert!(html.contains("value=\"Walks by the sea\""));
    assert!(html.contains("name=\"version\" value=\"2\""));
    let versions = app
        .store
        .resource_versions(&app.demo.service.id, &id)
        .await
        .unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0].1["name"], "Coast path walks", "the first kept");
    let trail = app.store.audit_events(0, 10_000).await.unwrap();
    for action in ["directory.resource_create", "directory.resource_edit"] {
        assert_eq!(
            trail.iter().filter(|e| e.action == action).count(),
            1,
            "{action}"
        );
    }
    app.stop().await;
}

/// Signposting from triage: a referral pointed to a community resource
/// with no episode of care, its follow-up, the list of those due, and the
/// report counting both kinds.
async fn triage_signposts_without_an_episode(engine: Engine) {
    use roots_core::queue::{Outcome, TriageEntry};
    let app = TestApp::spawn(engine).await;
    let service = &app.demo.service.id;
    roots::demo::seed_directory(&app.store, service)
        .await
        .unwrap();
    roots::demo::seed_postcodes(&app.store).await.unwrap();
    // A referral whose postcode the postcode file holds.
    let mut id = String::new();
    for r in app.store.list_referrals(service, 100, 0).await.unwrap() {
        let row = app.store.referral(service, &r.id).await.unwrap();
        if row.postcode.as_deref() == Some("LL57 1AA") {
            id = r.id;
            break;
        }
    }
    assert!(!id.is_empty(), "the demo has a referral from LL57 1AA");
    let ot = app.client();
    app.sign_in(&ot, "occupational therapist").await;
    // Not yet triaged: signposting waits for the triage.
    let res = ot
        .get(app.at(&format!("/staff/referrals/{id}/signpost")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert!(common::location(&res).ends_with(&format!("/staff/referrals/{id}/triage")));
    let actor = common::ot_actor(&app).await;
    let now = jiff::Timestamp::now();
    app.store
        .claim(
            service,
            &id,
            &actor,
            now,
            jiff::SignedDuration::from_mins(30),
        )
        .await
        .unwrap();
    let row = app.store.queue_row(service, &id).await.unwrap();
    let entry = TriageEntry {
        priority: row.priority,
        pathways: vec![roots_core::triage::Pathway::CommunityHub],
        outcome: Outcome::Signpost,
        changed: false,
        change_reason: None,
        target: Some("Community resources".into()),
        attempts: None,
        note: None,
    };
    app.store
        .record_triage(service, &id, &entry, 0, &actor, now)
        .await
        .unwrap();
    let triage = app.at(&format!("/staff/referrals/{id}/triage"));
    let (_, html) = page(&ot, &triage).await;
    assert!(html.contains("id=\"signpost-link\""));
    let form = app.at(&format!("/staff/referrals/{id}/signpost"));
    let (status, html) = page(&ot, &form).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("value=\"4\""),
        "the configured interval offered"
    );
    // The choices: those suggested for this person (the triage's pathway,
    // their difficulties) first, each with its distance from them.
    let labels: Vec<&str> = html
        .split("for=\"resource-")
        .skip(1)
        .map(|l| l.split('>').nth(1).unwrap().split('<').next().unwrap())
        .collect();
    assert_eq!(labels.len(), 5, "{labels:?}");
    assert!(
        labels.contains(&"Afon Walking Group (suggested for them; 0.0 miles away)"),
        "{labels:?}"
    );
    let suggested = labels.iter().filter(|l| l.contains("suggested")).count();
    assert!(
        labels[..suggested].iter().all(|l| l.contains("suggested")),
        "suggested first: {labels:?}"
    );
    assert!(
        labels
            .iter()
            .any(|l| l.starts_with("Memory Café (") && l.contains("miles away"))
    );
    let walks = roots_directory::oruk_id("5b0f3c52-1a7e-4d0b-9e61-2c7a4f1d8e01");
    let res = common::submit(
        &ot,
        &form,
        &[
            ("resource", walks.as_str()),
            ("why", "Lonely since moving; wants to walk"),
            ("how", "warm_handover"),
            ("follow_up_weeks", "3"),
        ],
    )
    .await;
    assert_eq!(res.status(), 422, "a handover without consent");
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Lonely since moving; wants to walk")
    );
    let res = common::submit(
        &ot,
        &form,
        &[
            ("resource", walks.as_str()),
            ("why", "Lonely since moving; wants to walk"),
            ("how", "warm_handover"),
            ("consent", "yes"),
            ("follow_up_weeks", "3"),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    assert!(common::location(&res).ends_with(&format!("/staff/referrals/{id}/triage")));
    let (_, html) = page(&ot, &triage).await;
    assert!(
        html.contains("Signposted to Afon Walking Group"),
        "the name, not the label"
    );
    assert!(app.store.episode_of_referral(&id).await.unwrap().is_none());
    // One made earlier is due today: on the list, linking to the triage.
    let earlier = roots_core::signposting::Signpost {
        resource_id: walks.clone(),
        resource_name: "Afon Walking Group".into(),
        why: "Wanted company".into(),
        how: roots_core::signposting::How::InformationGiven,
        consent: None,
        follow_up_due: roots_web::today().to_string(),
        outcome: None,
        outcome_note: None,
    };
    let entry = app
        .store
        .add_referral_signpost(&id, &serde_json::to_value(&earlier).unwrap(), &actor, now)
        .await
        .unwrap();
    let (_, list) = page(&ot, &app.at("/staff/signposting")).await;
    assert!(list.contains(&format!("/staff/referrals/{id}/triage")));
    let follow = app.at(&format!("/staff/referrals/{id}/signpost/{entry}"));
    let res = common::submit(&ot, &follow, &[("outcome", "did_not_attend")]).await;
    assert_eq!(res.status(), 303);
    let (_, list) = page(&ot, &app.at("/staff/signposting")).await;
    assert!(!list.contains(&format!("/staff/referrals/{id}/triage")));
    let versions = app.store.referral_signpost_versions(&id).await.unwrap();
    assert_eq!(versions.len(), 3, "two signpostings, one followed up");
    // The report counts signposting from triage too.
    let (_, html) = page(&ot, &app.at("/staff/directory/report")).await;
    let row = html
        .split("<tr class=\"nhsuk-table__row\">")
        .find(|r| r.contains("Afon Walking Group"))
        .expect("a row for the walking group");
    let counts: Vec<&str> = row
        .split("</span>")
        .skip(1)
        .map(|c| c.split('<').next().unwrap())
        .collect();
    assert_eq!(counts, ["Afon Walking Group", "2", "0", "1", "0", "1"]);
    let trail = app.store.audit_events(0, 10_000).await.unwrap();
    for action in [
        "referral.signpost",
        "referral.signpost_amend",
        "signpost.follow_up",
    ] {
        assert!(trail.iter().any(|e| e.action == action), "{action}");
    }
    // Kept like clinical entries: no changes behind the store's back.
    for sql in [
        "UPDATE referral_signposts SET body = '{}'",
        "DELETE FROM referral_signposts",
    ] {
        use sqlx::Connection;
        sqlx::any::install_default_drivers();
        let mut conn = sqlx::AnyConnection::connect(app.database_url())
            .await
            .unwrap();
        let refused = sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned()))
            .execute(&mut conn)
            .await;
        assert!(refused.is_err(), "{sql} is refused");
    }
    let (status, html) = page(&ot, &app.at(&format!("/cy/staff/referrals/{id}/triage"))).await;
    assert_eq!(status, 200);
    assert!(html.contains("Cyfeirio"));
    app.stop().await;
}

/// Near a postcode: by distance when the postcode file holds it (nearest
/// first, within the distance chosen, phone and online services last),
/// else by its district or area, said so; the API's postcode and
/// proximity.
async fn people_find_support_near_a_postcode(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    roots::demo::seed_directory(&app.store, &app.demo.service.id)
        .await
        .unwrap();
    assert_eq!(roots::demo::seed_postcodes(&app.store).await.unwrap(), 8);
    let anon = reqwest::Client::new();
    // Caernarfon: the café is there; Bangor and Menai Bridge are 7 to 9
    // miles off.
    let (status, html) = page(&anon, &app.at("/directory?near=ll55+1aa&within=5")).await;
    assert_eq!(status, 200);
    assert_eq!(places_in_order(&html), ["Memory Café", "Money Advice Line"]);
    assert!(html.contains("0.0 miles away") && html.contains("By phone or online"));
    let (_, html) = page(&anon, &app.at("/directory?near=LL55%201AA&within=10")).await;
    assert_eq!(
        places_in_order(&html),
        [
            "Memory Café",
            "Sied Dynion / Men's Shed",
            "Afon Walking Group",
            "Work Club",
            "Money Advice Line"
        ],
        "nearest first"
    );
    assert!(html.contains("7.5 miles away") && html.contains("8.5 miles away"));
    // With the other filters: need and distance together.
    let (_, html) = page(
        &anon,
        &app.at("/directory?near=LL55+1AA&within=10&need=work_study"),
    )
    .await;
    assert_eq!(places_in_order(&html), ["Work Club"]);
    // A place whose postcode the file does not hold, in the same district:
    // kept, its distance not known.
    let mut d = roots_directory::details::Details::new_resource();
    d.name = "Garden club".into();
    d.organisation = "Bangor allotments".into();
    d.address = "Ffordd y Parc".into();
    d.town = "Bangor".into();
    d.postcode = "LL57 9AB".into();
    let doc = d
        .apply(
            &serde_json::json!({}),
            "7d0c8f6e-3f2a-4b8e-9c1d-2e3f4a5b6c7d",
            "2026-11-25T09:00:00Z",
        )
        .unwrap();
    app.store
        .save_resource(
            &app.demo.service.id,
            &doc,
            None,
            &Actor::system(),
            jiff::Timestamp::now(),
        )
        .await
        .unwrap();
    let (_, html) = page(&anon, &app.at("/directory?near=LL57+2PW&within=1")).await;
    assert!(places(&html).contains(&"Garden club".to_owned()));
    assert!(html.contains("Distance not known"));
    let (_, html) = page(&anon, &app.at("/directory?near=LL55+1AA&within=1")).await;
    assert!(
        !places(&html).contains(&"Garden club".to_owned()),
        "another district"
    );
    // Near a GP practice (Castell Health Centre is in Caernarfon).
    let castell = app
        .practices
        .iter()
        .find(|p| p.name == "Castell Health Centre")
        .unwrap();
    assert_eq!(castell.postcode.as_deref(), Some("LL55 1AA"));
    let (_, html) = page(
        &anon,
        &app.at(&format!("/directory?practice={}&within=5", castell.id)),
    )
    .await;
    assert_eq!(places_in_order(&html), ["Memory Café", "Money Advice Line"]);
    assert!(html.contains(&format!("value=\"{}\" selected", castell.id)));
    // Open on a given day: Thursdays, the walking group and the advice
    // line; Sundays, nothing.
    let (_, html) = page(&anon, &app.at("/directory?day=TH")).await;
    assert_eq!(places(&html), ["Afon Walking Group", "Money Advice Line"]);
    let (_, html) = page(&anon, &app.at("/directory?day=SU")).await;
    assert!(places(&html).is_empty());
    // A postcode the file does not hold: by its district, said so.
    let (_, html) = page(&anon, &app.at("/directory?near=LL57+9ZZ")).await;
    assert!(html.contains("id=\"area-notice\"") && html.contains("postcode in LL57"));
    assert_eq!(
        places(&html),
        [
            "Afon Walking Group",
            "Garden club",
            "Money Advice Line",
            "Work Club"
        ]
    );
    // …or by its area when nothing is in its district.
    let (_, html) = page(&anon, &app.at("/directory?near=LL58+8AA")).await;
    assert!(html.contains("postcode in LL,"));
    assert_eq!(places(&html).len(), 6);
    // Not a postcode: explained, kept, nothing else lost.
    let (status, html) = page(&anon, &app.at("/directory?near=Bangor&need=hobbies")).await;
    assert_eq!(status, 422);
    assert!(html.contains("href=\"#near\"") && html.contains("value=\"Bangor\""));
    assert!(html.contains("value=\"hobbies\" selected"));
    let (_, html) = page(&anon, &app.at("/cy/directory?near=LL55+1AA&within=1")).await;
    assert!(html.contains("0.0 milltir i ffwrdd") && html.contains("O fewn 1 filltir"));
    // The API: proximity in metres from a postcode's centre.
    let (status, list) = get(
        &anon,
        &app.at("/openreferral/services?postcode=LL55%201AA&proximity=2000"),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(names(&list), ["Memory Café"]);
    let (_, list) = get(
        &anon,
        &app.at("/openreferral/services?postcode=LL55%201AA&proximity=13000"),
    )
    .await;
    assert_eq!(names(&list), ["Memory Café", "Sied Dynion / Men's Shed"]);
    for (query, error) in [
        ("proximity=1000", "proximity needs a postcode"),
        (
            "postcode=LL58%208AA&proximity=1000",
            "not in this directory's postcode file",
        ),
        (
            "postcode=nowhere&proximity=1000",
            "is not the shape of a UK postcode",
        ),
    ] {
        let (status, body) = get(&anon, &app.at(&format!("/openreferral/services?{query}"))).await;
        assert_eq!(status, 400, "{query}");
        assert!(
            body["error"].as_str().unwrap().contains(error),
            "{query}: {body}"
        );
    }
    app.stop().await;
}
