//! Staff identity over HTTP, on SQLite and PostgreSQL: the second factor
//! (set-up, codes, replay, recovery codes, lockout, an administrator's
//! reset), staff accounts, practice scope and break-glass access, staff of
//! another service, request ids a client cannot choose, and addresses
//! behind a trusted proxy.

#[macro_use]
mod common;

use common::{TestApp, authenticator_key, csrf, location, submit};
use roots_store::Engine;
use roots_store::audit::Actor;

on_both_engines!(
    second_factor_set_up_codes_replay_recovery_lockout_and_reset,
    administrators_manage_accounts_and_practice_scope_needs_break_glass,
);

/// POSTs `fields` with the CSRF token from another page (for routes that
/// have no page of their own, such as a button's action).
async fn post(
    c: &reqwest::Client,
    app: &TestApp,
    path: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let (_, html) = page(c, &app.at("/refer/name")).await;
    let token = csrf(&html);
    let mut form = vec![("csrf", token.as_str())];
    form.extend_from_slice(fields);
    c.post(app.at(path)).form(&form).send().await.unwrap()
}

async fn page(c: &reqwest::Client, url: &str) -> (u16, String) {
    let res = c.get(url).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

async fn second_factor_set_up_codes_replay_recovery_lockout_and_reset(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let (email, password) = app.staff("occupational therapist");
    let c = app.client();

    // Password first: a half-signed-in session opens no staff page.
    let res = submit(
        &c,
        &app.at("/staff/sign-in"),
        &[("email", email), ("password", password)],
    )
    .await;
    assert_eq!(
        location(&res),
        "/staff/sign-in/set-up",
        "the role needs an app"
    );
    let res = c.get(app.at("/staff/referrals")).send().await.unwrap();
    assert_eq!(location(&res), "/staff/sign-in", "not signed in yet");

    // The set-up page: a QR image (never the key in a URL) and the key as text.
    let (status, html) = page(&c, &app.at("/staff/sign-in/set-up")).await;
    assert_eq!(status, 200);
    let key = authenticator_key(&html);
    assert_eq!(key.len(), 32);
    assert!(html.contains("src=\"/staff/sign-in/set-up/qr.svg\""));
    let qr = c
        .get(app.at("/staff/sign-in/set-up/qr.svg"))
        .send()
        .await
        .unwrap();
    assert_eq!(qr.headers()["content-type"], "image/svg+xml");
    assert!(qr.text().await.unwrap().contains("<svg"));
    // Reloading keeps the same key (it is waiting on the server).
    let (_, again) = page(&c, &app.at("/staff/sign-in/set-up")).await;
    assert_eq!(authenticator_key(&again), key);

    // A wrong code is explained and nothing is enrolled.
    let res = submit(&c, &app.at("/staff/sign-in/set-up"), &[("code", "000000")]).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("There is a problem") && html.contains("The code does not match"));
    assert_eq!(authenticator_key(&html), key, "the same key, still shown");

    // The right code: recovery codes, once, and signed in.
    let now = jiff::Timestamp::now().as_second() as u64;
    let step = now / 30;
    let code = roots_web::auth::totp_code(&key, step * 30).unwrap();
    let res = submit(&c, &app.at("/staff/sign-in/set-up"), &[("code", &code)]).await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    let codes: Vec<String> = html
        .split("<li><code>")
        .skip(1)
        .map(|s| s[..s.find("</code>").unwrap()].to_owned())
        .collect();
    assert_eq!(codes.len(), 10, "ten recovery codes");
    let (status, _) = page(&c, &app.at("/staff/referrals")).await;
    assert_eq!(status, 200, "signed in");
    let (_, account) = page(&c, &app.at("/staff/account")).await;
    assert!(account.contains("Authenticator app set up"));

    // Next sign-in asks for a code; the code already used is refused.
    let d = app.client();
    let res = submit(
        &d,
        &app.at("/staff/sign-in"),
        &[("email", email), ("password", password)],
    )
    .await;
    assert_eq!(location(&res), "/staff/sign-in/code");
    let res = submit(&d, &app.at("/staff/sign-in/code"), &[("code", &code)]).await;
    assert_eq!(res.status(), 422, "a code is accepted once");
    assert!(res.text().await.unwrap().contains("already been used"));
    let res = submit(&d, &app.at("/staff/sign-in/code"), &[("code", "")]).await;
    assert!(res.text().await.unwrap().contains("Enter the 6-digit code"));

    // A recovery code works once (any case, any spacing), and says so.
    let loose = codes[0].to_lowercase().replace('-', " ");
    let res = submit(&d, &app.at("/staff/sign-in/code"), &[("code", &loose)]).await;
    assert_eq!(location(&res), "/staff/account?recovery-used=1");
    let (_, html) = page(&d, &app.at("/staff/account?recovery-used=1")).await;
    assert!(html.contains("You signed in with a recovery code"));
    let e = app.client();
    submit(
        &e,
        &app.at("/staff/sign-in"),
        &[("email", email), ("password", password)],
    )
    .await;
    let res = submit(&e, &app.at("/staff/sign-in/code"), &[("code", &codes[0])]).await;
    assert_eq!(res.status(), 422, "a recovery code is spent once");

    // Wrong codes count towards the lockout; then even a right code is refused.
    for _ in 0..4 {
        let res = submit(&e, &app.at("/staff/sign-in/code"), &[("code", "123456")]).await;
        assert_eq!(res.status(), 422);
    }
    let next = roots_web::auth::totp_code(&key, (step + 1) * 30).unwrap();
    let res = submit(&e, &app.at("/staff/sign-in/code"), &[("code", &next)]).await;
    assert_eq!(res.status(), 429, "locked out after 5 failures");
    assert!(res.text().await.unwrap().contains("Too many attempts"));
    let res = e.get(app.at("/staff/sign-in/code")).send().await.unwrap();
    assert_eq!(
        location(&res),
        "/staff/sign-in?timed-out=1",
        "the half session ended"
    );

    // An administrator resets the factor: the OT is signed out everywhere and
    // sets up an app again.
    let admin = app.client();
    app.sign_in(&admin, "administrator").await;
    let ot_id = app.store.user_by_email(email).await.unwrap().id;
    let res = post(
        &admin,
        &app,
        &format!("/staff/users/{ot_id}/reset-two-factor"),
        &[],
    )
    .await;
    assert_eq!(location(&res), "/staff/users");
    let res = c.get(app.at("/staff/referrals")).send().await.unwrap();
    assert_eq!(location(&res), "/staff/sign-in", "their sessions ended");
    app.store
        .clear_sign_in_failures("account", email)
        .await
        .unwrap();
    let res = submit(
        &c,
        &app.at("/staff/sign-in"),
        &[("email", email), ("password", password)],
    )
    .await;
    assert_eq!(location(&res), "/staff/sign-in/set-up");
    let (_, html) = page(&c, &app.at("/staff/sign-in/set-up")).await;
    assert_ne!(authenticator_key(&html), key, "a new key");

    let trail = app.store.audit_events(0, 10_000).await.unwrap();
    for (action, outcome) in [
        ("auth.two_factor_enrol", "failure"),
        ("auth.two_factor_enrol", "success"),
        ("auth.two_factor", "denied"),
        ("auth.two_factor", "failure"),
        ("user.two_factor_reset", "success"),
    ] {
        assert!(
            trail
                .iter()
                .any(|e| e.action == action && e.outcome == outcome),
            "{action} {outcome} audited"
        );
    }
    assert!(
        trail
            .iter()
            .any(|e| e.action == "auth.sign_in" && e.detail.as_deref() == Some("recovery code"))
    );
    assert!(matches!(
        app.store.verify_audit().await.unwrap(),
        roots_store::audit::Verified::Intact { .. }
    ));
    app.stop().await;
}

async fn administrators_manage_accounts_and_practice_scope_needs_break_glass(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let admin = app.client();
    app.sign_in(&admin, "administrator").await;
    let (status, html) = page(&admin, &app.at("/staff/users")).await;
    assert_eq!(status, 200);
    assert!(html.contains("Owain OT") && html.contains("Aled Admin"));

    // Bad input is explained and kept.
    let practice = &app.practices[0];
    let res = submit(
        &admin,
        &app.at("/staff/users/new"),
        &[
            ("name", "Nia Newydd"),
            ("email", "not an email"),
            ("practices", &practice.id),
        ],
    )
    .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("Enter an email address in the correct format"));
    assert!(html.contains("Select at least one role"));
    assert!(html.contains("value=\"Nia Newydd\""), "the name is kept");
    assert!(
        html.contains(&format!("value=\"{}\" checked", practice.id)),
        "the practice stays ticked"
    );
    // A clinician who works for one practice.
    let res = submit(
        &admin,
        &app.at("/staff/users/new"),
        &[
            ("name", "Nia Newydd"),
            ("email", "nia@demo.roots.invalid"),
            ("roles", "clinician"),
            ("practices", &practice.id),
        ],
    )
    .await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    let start = html.find("id=\"one-off-password\" lang=\"en\">").unwrap() + 32;
    let password = html[start..start + html[start..].find('<').unwrap()].to_owned();
    assert_eq!(password.len(), 23, "{password}");
    let res = submit(
        &admin,
        &app.at("/staff/users/new"),
        &[
            ("name", "Again"),
            ("email", "NIA@demo.roots.invalid"),
            ("roles", "clinician"),
        ],
    )
    .await;
    assert!(res.text().await.unwrap().contains("already an account"));
    // An administrator cannot remove their own administrator role.
    let me = app
        .store
        .user_by_email("admin@demo.roots.invalid")
        .await
        .unwrap();
    let res = submit(
        &admin,
        &app.at(&format!("/staff/users/{}", me.id)),
        &[("roles", "service_lead")],
    )
    .await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("cannot remove your own administrator role")
    );

    // Referrals: one at the clinician's practice, one at another.
    let mut ours = None;
    let mut theirs = None;
    for r in app
        .store
        .list_referrals(&app.demo.service.id, 50, 0)
        .await
        .unwrap()
    {
        let row = app
            .store
            .referral(&app.demo.service.id, &r.id)
            .await
            .unwrap();
        match row.practice_id.as_deref() {
            Some(p) if p == practice.id => ours = Some(r),
            Some(_) => theirs = Some(r),
            None => {}
        }
    }
    let (ours, theirs) = (ours.unwrap(), theirs.unwrap());

    // The new clinician signs in (setting up an app), sees their practice's
    // referrals only, and must give a reason to open another's.
    let nia = app.client();
    let res = submit(
        &nia,
        &app.at("/staff/sign-in"),
        &[("email", "nia@demo.roots.invalid"), ("password", &password)],
    )
    .await;
    assert_eq!(location(&res), "/staff/sign-in/set-up");
    let (_, html) = page(&nia, &app.at("/staff/sign-in/set-up")).await;
    let key = authenticator_key(&html);
    app.remember_authenticator("nia@demo.roots.invalid", &key);
    let code = app.next_code("nia@demo.roots.invalid").await;
    let res = submit(&nia, &app.at("/staff/sign-in/set-up"), &[("code", &code)]).await;
    assert_eq!(res.status(), 200);
    // On the one-off password the administrator saw, only the page to
    // change it opens; a new password signs her out everywhere.
    let res = nia.get(app.at("/staff/referrals")).send().await.unwrap();
    assert_eq!(location(&res), "/staff/account/password?first=1");
    let (_, html) = page(&nia, &app.at("/staff/account/password?first=1")).await;
    assert!(html.contains("one-off password from an administrator"));
    let own = "heron lantern quarry orbit";
    let res = submit(
        &nia,
        &app.at("/staff/account/password"),
        &[("current", &password), ("new", own)],
    )
    .await;
    assert_eq!(location(&res), "/staff/sign-in?password-changed=1");
    let res = submit(
        &nia,
        &app.at("/staff/sign-in"),
        &[("email", "nia@demo.roots.invalid"), ("password", own)],
    )
    .await;
    assert_eq!(location(&res), "/staff/sign-in/code");
    let code = app.next_code("nia@demo.roots.invalid").await;
    let res = submit(&nia, &app.at("/staff/sign-in/code"), &[("code", &code)]).await;
    assert_eq!(location(&res), "/staff/referrals");
    let (_, list) = page(&nia, &app.at("/staff/referrals")).await;
    assert!(list.contains(&ours.reference), "own practice listed");
    assert!(
        !list.contains(&theirs.reference),
        "another practice not listed"
    );
    let res = nia
        .get(app.at(&format!("/staff/referrals/{}", theirs.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let html = res.text().await.unwrap();
    assert!(html.contains("This person is outside your practices"));
    assert!(
        !html.contains(&theirs.given_name),
        "nothing of the record shown"
    );
    let bg = format!("/staff/referrals/{}/break-glass", theirs.id);
    let token = csrf(&html);
    let res = nia
        .post(app.at(&bg))
        .form(&[("csrf", token.as_str()), ("reason", "need it")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("Give a reason of at least 10 characters"));
    assert!(html.contains(">need it</textarea>"), "the reason is kept");
    let reason = "Attending my clinic today as a temporary resident";
    let res = nia
        .post(app.at(&bg))
        .form(&[("csrf", token.as_str()), ("reason", reason)])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&res), format!("/staff/referrals/{}", theirs.id));
    let (status, html) = page(&nia, &app.at(&format!("/staff/referrals/{}", theirs.id))).await;
    assert_eq!(status, 200);
    assert!(html.contains(&theirs.given_name));
    // The API keeps to the same scope.
    let api = nia
        .get(app.at(&format!("/api/v1/referrals/{}", ours.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 200);

    // A receptionist cannot break glass; the service lead sees the opening.
    let rec = app.client();
    app.sign_in(&rec, "receptionist").await;
    let res = post(&rec, &app, &bg, &[("reason", reason)]).await;
    assert_eq!(res.status(), 403);
    let lead = app.client();
    app.sign_in(&lead, "service lead").await;
    let (status, html) = page(&lead, &app.at("/staff/break-glass")).await;
    assert_eq!(status, 200);
    assert!(
        html.contains(reason) && html.contains("Nia Newydd") && html.contains(&theirs.reference)
    );
    let trail = app.store.audit_for_record(&theirs.id).await.unwrap();
    assert!(
        trail
            .iter()
            .any(|e| e.action == "referral.view" && e.outcome == "denied")
    );
    assert!(trail.iter().any(|e| {
        e.action == "referral.break_glass"
            && e.outcome == "success"
            && e.detail
                .as_deref()
                .is_some_and(|d| d.contains("reason sha256"))
    }));
    assert!(
        trail
            .iter()
            .any(|e| e.action == "referral.view" && e.detail.as_deref() == Some("break-glass")),
        "views inside the opening are flagged"
    );

    // Staff API entry needs the entering role: a service lead is refused.
    let res = lead
        .post(app.at("/api/v1/referrals"))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);

    // Disabling an account ends its sessions.
    let nia_id = app
        .store
        .user_by_email("nia@demo.roots.invalid")
        .await
        .unwrap()
        .id;
    let res = post(
        &admin,
        &app,
        &format!("/staff/users/{nia_id}/status"),
        &[("disabled", "yes")],
    )
    .await;
    assert_eq!(location(&res), "/staff/users");
    let res = nia.get(app.at("/staff/referrals")).send().await.unwrap();
    assert_eq!(location(&res), "/staff/sign-in");
    let trail = app.store.audit_events(0, 10_000).await.unwrap();
    for action in ["user.create", "user.disable"] {
        assert!(
            trail
                .iter()
                .any(|e| e.action == action && e.roles == "admin"),
            "{action}"
        );
    }
    app.stop().await;
}

/// Staff of another service in the same database cannot sign in here, and a
/// request id a client sends is replaced by one the server makes.
#[tokio::test]
async fn other_services_staff_are_strangers_and_request_ids_are_the_servers() {
    let app = TestApp::spawn(Engine::Sqlite).await;
    let other = app
        .store
        .create_service("other", "Another service")
        .await
        .unwrap();
    let password = "another lantern kettle orbit";
    let hash = roots_web::auth::hash_password(password).unwrap();
    app.store
        .create_user(
            &other.id,
            "stranger@other.invalid",
            "Stranger",
            &hash,
            &[roots_store::Role::Receptionist],
        )
        .await
        .unwrap();
    let c = app.client();
    let res = submit(
        &c,
        &app.at("/staff/sign-in"),
        &[("email", "stranger@other.invalid"), ("password", password)],
    )
    .await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Enter a correct email address and password")
    );
    // That refusal is on the stranger's record, in the other service: this
    // service's audit viewer does not show it.
    let trail = app.store.audit_events(0, 1000).await.unwrap();
    let stranger = app
        .store
        .user_by_email("stranger@other.invalid")
        .await
        .unwrap();
    assert!(
        trail
            .iter()
            .any(|e| e.record_id.as_deref() == Some(stranger.id.as_str()))
    );
    let lead = app.client();
    app.sign_in(&lead, "service lead").await;
    let html = lead
        .get(app.at("/staff/audit?action=auth.sign_in"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Llinos Lead"),
        "this service's sign-ins are listed"
    );
    assert!(!html.contains(&stranger.id), "the other service's are not");

    let res = reqwest::Client::new()
        .get(app.at("/"))
        .header("x-request-id", "forged-id-from-the-client")
        .send()
        .await
        .unwrap();
    let id = res.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_ne!(id, "forged-id-from-the-client");
    assert_eq!(id.len(), 36, "a UUID: {id}");
    app.stop().await;
}

/// Behind a trusted proxy, the per-address sign-in limit counts each
/// person's own address; a client that is not the proxy cannot pick one.
#[tokio::test]
async fn addresses_behind_a_trusted_proxy_are_counted_per_person() {
    let web = roots_web::WebConfig {
        trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
        ..Default::default()
    };
    let app = TestApp::spawn_with(Engine::Sqlite, web).await;
    let from = |ip: &'static str| {
        let mut h = reqwest::header::HeaderMap::new();
        h.insert("x-forwarded-for", ip.parse().unwrap());
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(h)
            .build()
            .unwrap()
    };
    let noisy = from("198.51.100.7");
    for i in 0..20 {
        let email = format!("nobody{i}@x.invalid");
        let res = submit(
            &noisy,
            &app.at("/staff/sign-in"),
            &[("email", email.as_str()), ("password", "wrong wrong wrong")],
        )
        .await;
        assert_eq!(res.status(), 422);
    }
    let res = submit(
        &noisy,
        &app.at("/staff/sign-in"),
        &[
            ("email", "one-more@x.invalid"),
            ("password", "wrong wrong wrong"),
        ],
    )
    .await;
    assert_eq!(res.status(), 429, "that address is locked out");
    // Someone else behind the same proxy signs in as usual.
    let other = from("198.51.100.8");
    let (email, password) = app.staff("receptionist");
    let res = submit(
        &other,
        &app.at("/staff/sign-in"),
        &[("email", email), ("password", password)],
    )
    .await;
    assert_eq!(location(&res), "/staff/referrals");
    app.store
        .audit(
            &Actor::system(),
            roots_store::audit::Event::action("test.end"),
        )
        .await
        .unwrap();
    app.stop().await;
}
