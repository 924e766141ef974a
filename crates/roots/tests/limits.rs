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
