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
    a_password_alone_cannot_replace_an_authenticator,
    a_locked_out_sign_in_runs_no_password_hash,
    authenticator_keys_are_sealed_rotated_and_bound_to_their_user,
    without_a_key_file_no_authenticator_is_set_up_or_kept,
    administrators_confirm_it_is_them_before_changing_accounts,
    sign_in_attempts_sent_at_once_meet_the_same_limits,
    wrong_codes_sent_at_once_meet_the_same_limits,
    each_set_up_session_is_shown_its_own_key,
    a_planted_csrf_cookie_forges_no_staff_form,
);

/// A raw connection to the test's database, to look and change behind the
/// store's back.
async fn raw(app: &TestApp) -> sqlx::AnyConnection {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    sqlx::AnyConnection::connect(app.database_url())
        .await
        .unwrap()
}

/// The stored (sealed) authenticator key of a user, and the keys waiting
/// on their sessions' set-up pages.
async fn stored_keys(app: &TestApp, email: &str) -> (Option<String>, Vec<String>) {
    use sqlx::Row;
    let mut c = raw(app).await;
    let r = sqlx::query("SELECT id, totp_secret FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(&mut c)
        .await
        .unwrap();
    let id: String = r.try_get(0).unwrap();
    let waiting = sqlx::query(
        "SELECT totp_pending FROM staff_sessions
         WHERE user_id = $1 AND totp_pending IS NOT NULL ORDER BY token_hash",
    )
    .bind(&id)
    .fetch_all(&mut c)
    .await
    .unwrap()
    .iter()
    .map(|r| r.try_get(0).unwrap())
    .collect();
    (r.try_get(1).unwrap(), waiting)
}

/// Issue 19, finding 1: with the password alone, the set-up routes gave a
/// new key to someone who already had an authenticator, and setting it up
/// signed them in and replaced the victim's app. The testers' steps, for
/// an OT and an administrator.
async fn a_password_alone_cannot_replace_an_authenticator(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    for role in ["occupational therapist", "administrator"] {
        // The victim has set up their app.
        let victim = app.client();
        app.sign_in(&victim, role).await;
        let (email, password) = app.staff(role);
        let key = app.authenticator(email).unwrap();
        let id = app.store.user_by_email(email).await.unwrap().id;
        let before = stored_keys(&app, email).await;

        // The attacker knows the password only.
        let c = app.client();
        let res = submit(
            &c,
            &app.at("/staff/sign-in"),
            &[("email", email), ("password", password)],
        )
        .await;
        assert_eq!(location(&res), "/staff/sign-in/code", "{role}");
        let qr = c
            .get(app.at("/staff/sign-in/set-up/qr.svg"))
            .send()
            .await
            .unwrap();
        assert_eq!(
            location(&qr),
            "/staff/sign-in/code",
            "{role}: no new key is drawn"
        );
        let (_, html) = page(&c, &app.at("/staff/sign-in/code")).await;
        let token = csrf(&html);
        assert_eq!(
            stored_keys(&app, email).await.1,
            Vec::<String>::new(),
            "{role}: no key waiting"
        );
        let now = jiff::Timestamp::now().as_second() as u64;
        let forged = roots_web::auth::totp_code("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", now).unwrap();
        let res = c
            .post(app.at("/staff/sign-in/set-up"))
            .form(&[("csrf", token.as_str()), ("code", forged.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(location(&res), "/staff/sign-in/code", "{role}: refused");
        for path in ["/staff/referrals", "/staff/users", "/staff/account"] {
            let res = c.get(app.at(path)).send().await.unwrap();
            assert_eq!(location(&res), "/staff/sign-in", "{role}: {path}");
        }
        // The victim's app still works, and nothing was replaced.
        assert_eq!(stored_keys(&app, email).await, before, "{role}");
        assert_eq!(
            app.store.totp_state(&id).await.unwrap().secret.as_deref(),
            Some(key.as_str())
        );
        let code = app.next_code(email).await;
        let res = submit(&c, &app.at("/staff/sign-in/code"), &[("code", &code)]).await;
        assert_eq!(location(&res), "/staff/referrals", "{role}: own code works");

        // The store refuses too: a key set up at sign-in never replaces one.
        use roots_store::two_factor::Enrolment;
        let half = app
            .store
            .create_pending_session(&id, jiff::Timestamp::now())
            .await
            .unwrap();
        let fresh = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
        assert_eq!(
            app.store
                .setup_key(&half, &id, fresh, Enrolment::First)
                .await
                .unwrap(),
            None
        );
        assert!(matches!(
            app.store
                .enrol_totp(
                    roots_store::two_factor::Proved {
                        session_token: &half,
                        user_id: &id,
                        key: fresh,
                        step: 1,
                    },
                    &[],
                    &Actor::system(),
                    Enrolment::First,
                )
                .await,
            Err(roots_store::StoreError::Conflict | roots_store::StoreError::NotFound)
        ));
        assert_eq!(stored_keys(&app, email).await, before, "{role}");
    }
    app.stop().await;
}

/// Issue 19, finding 9b: once an account or address is locked out, a
/// sign-in is refused before any password hashing (no argon2 at all, so a
/// flood costs almost nothing), with the same message as before.
async fn a_locked_out_sign_in_runs_no_password_hash(engine: Engine) {
    use roots_web::auth::hashes_on_this_thread as hashes;
    let app = TestApp::spawn(engine).await;
    let (email, password) = app.staff("receptionist");
    let c = app.client();
    // Not locked out: a wrong password and an unknown account each run one
    // hash (the unknown one a dummy, for the same timing).
    for who in [email, "nobody@demo.roots.invalid"] {
        let before = hashes();
        let res = submit(
            &c,
            &app.at("/staff/sign-in"),
            &[("email", who), ("password", "wrong wrong wrong")],
        )
        .await;
        assert_eq!(res.status(), 422);
        assert_eq!(hashes() - before, 1, "{who}: one hash");
    }
    for _ in 0..4 {
        submit(
            &c,
            &app.at("/staff/sign-in"),
            &[("email", email), ("password", "wrong wrong wrong")],
        )
        .await;
    }
    // Locked out: even the right password is refused, and no hash runs.
    let before = hashes();
    let res = submit(
        &c,
        &app.at("/staff/sign-in"),
        &[("email", email), ("password", password)],
    )
    .await;
    assert_eq!(res.status(), 429);
    assert!(res.text().await.unwrap().contains("Too many attempts"));
    assert_eq!(hashes(), before, "no password hash while locked out");
    let trail = app.store.audit_events(0, 10_000).await.unwrap();
    assert!(trail.iter().any(|e| e.action == "auth.sign_in"
        && e.outcome == "denied"
        && e.detail.as_deref() == Some("locked out for now")));
    app.stop().await;
}

/// A second server on the same database with `store` (its own keys).
async fn serve_again(
    app: &TestApp,
    store: roots_store::Store,
) -> (String, tokio::sync::oneshot::Sender<()>) {
    let listener = roots::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let slug = app.demo.service.slug.clone();
    tokio::spawn(async move {
        roots::serve(
            store,
            Some(&slug),
            roots_web::WebConfig::default(),
            listener,
            async {
                let _ = rx.await;
            },
        )
        .await
    });
    (url, tx)
}

/// Authenticator keys are sealed with a key outside the database: the
/// database holds no key in the clear; a wrong key file is refused at
/// start, naming the key; rotation keeps sign-in working; a sealed value
/// copied to another user does not open; keys from before encryption are
/// sealed at the next start.
async fn authenticator_keys_are_sealed_rotated_and_bound_to_their_user(engine: Engine) {
    use roots_store::two_factor::keys::KeyRing;
    let app = TestApp::spawn(engine).await;
    let dir = std::env::temp_dir().join(format!("roots-keys-{}-{engine:?}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let file = dir.join("two-factor.keys");
    let file_name = file.to_str().unwrap().to_owned();
    let ot = app.client();
    app.sign_in(&ot, "occupational therapist").await;
    let (email, password) = app.staff("occupational therapist");
    let key = app.authenticator(email).unwrap();
    let ot_id = app.store.user_by_email(email).await.unwrap().id;

    // The database holds the key only sealed; a half-done set-up too.
    let (secret, _) = stored_keys(&app, email).await;
    let secret = secret.unwrap();
    assert!(secret.starts_with("enc1:"), "{secret}");
    assert!(!secret.contains(&key));
    let clinician = app.client();
    let (cl_email, cl_password) = app.staff("clinician");
    let res = submit(
        &clinician,
        &app.at("/staff/sign-in"),
        &[("email", cl_email), ("password", cl_password)],
    )
    .await;
    assert_eq!(location(&res), "/staff/sign-in/set-up");
    let (_, html) = page(&clinician, &app.at("/staff/sign-in/set-up")).await;
    let pending_key = common::authenticator_key(&html);
    let (_, pending) = stored_keys(&app, cl_email).await;
    let [pending] = &pending[..] else {
        panic!("one key waiting, on the session: {pending:?}")
    };
    assert!(pending.starts_with("enc1:") && !pending.contains(&pending_key));

    // A sealed value copied to another user does not open for them.
    let cl_id = app.store.user_by_email(cl_email).await.unwrap().id;
    let mut c = raw(&app).await;
    sqlx::query("UPDATE users SET totp_secret = $1 WHERE id = $2")
        .bind(&secret)
        .bind(&cl_id)
        .execute(&mut c)
        .await
        .unwrap();
    let err = app.store.totp_state(&cl_id).await.unwrap_err();
    assert!(err.to_string().contains("does not open"), "{err}");
    let thief = app.client();
    let res = submit(
        &thief,
        &app.at("/staff/sign-in"),
        &[("email", cl_email), ("password", cl_password)],
    )
    .await;
    assert_eq!(location(&res), "/staff/sign-in/code");
    let code = roots_web::auth::totp_code(&key, jiff::Timestamp::now().as_second() as u64).unwrap();
    let res = submit(&thief, &app.at("/staff/sign-in/code"), &[("code", &code)]).await;
    assert_ne!(
        location(&res),
        "/staff/referrals",
        "the OT's key does not sign the clinician in"
    );
    let res = thief.get(app.at("/staff/referrals")).send().await.unwrap();
    assert_eq!(location(&res), "/staff/sign-in");
    // …and a server with it there refuses to start, saying so.
    let here = roots::open_store(app.database_url())
        .await
        .unwrap()
        .with_two_factor_keys(app.store.two_factor_keys().unwrap().clone());
    let err = roots::check_two_factor_keys(&here).await.unwrap_err();
    assert!(err.to_string().contains("does not open"), "{err}");
    sqlx::query("UPDATE users SET totp_secret = NULL WHERE id = $1")
        .bind(&cl_id)
        .execute(&mut c)
        .await
        .unwrap();

    // A key from before encryption, in the clear, is sealed at start.
    let old_key = roots_web::auth::new_totp_secret();
    sqlx::query("UPDATE users SET totp_secret = $1 WHERE id = $2")
        .bind(&old_key)
        .bind(&cl_id)
        .execute(&mut c)
        .await
        .unwrap();

    // Rotation: the key file gets a new current key (the old one stays)…
    let mut ring = app.store.two_factor_keys().unwrap().clone();
    let old_id = ring.current_id().to_owned();
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(&file, ring.to_file_text()).unwrap();
    let new_id = KeyRing::write_new(&file).unwrap();
    ring = KeyRing::from_file(&file).unwrap();
    assert_eq!(ring.ids(), vec![old_id.as_str(), new_id.as_str()]);
    // …a wrong key file (another's keys) is refused, naming the key…
    let wrong = dir.join("wrong.keys");
    KeyRing::write_new(&wrong).unwrap();
    let store = roots::open_store(app.database_url()).await.unwrap();
    let store = roots::with_key_file(store, wrong.to_str()).unwrap();
    let err = roots::check_two_factor_keys(&store).await.unwrap_err();
    assert!(
        err.to_string().contains(&old_id) && err.to_string().contains("did not start"),
        "{err}"
    );
    assert_eq!(
        stored_keys(&app, email).await.0.unwrap(),
        secret,
        "nothing changed"
    );
    let err = roots::with_key_file(
        roots::open_store(app.database_url()).await.unwrap(),
        Some("/nonexistent/keys"),
    )
    .unwrap_err();
    assert!(err.to_string().contains("/nonexistent/keys"), "{err}");
    // …and the server started with the new file seals everything under the
    // new key, and signing in still works.
    let store = roots::with_key_file(
        roots::open_store(app.database_url()).await.unwrap(),
        Some(&file_name),
    )
    .unwrap();
    let (url, stop) = serve_again(&app, store).await;
    let mut ready = false;
    for _ in 0..100 {
        if reqwest::get(format!("{url}/healthz")).await.is_ok() {
            ready = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(ready);
    for (who, clear) in [(email, key.as_str()), (cl_email, old_key.as_str())] {
        let (sealed, _) = stored_keys(&app, who).await;
        let sealed = sealed.unwrap();
        assert!(
            sealed.starts_with(&format!("enc1:{new_id}:")),
            "{who}: {sealed}"
        );
        assert!(!sealed.contains(clear));
    }
    let (_, waiting) = stored_keys(&app, cl_email).await;
    assert!(
        waiting.len() == 1 && waiting[0].starts_with(&format!("enc1:{new_id}:")),
        "the key waiting on a session is sealed again too: {waiting:?}"
    );
    let d = app.client();
    let res = submit(
        &d,
        &format!("{url}/staff/sign-in"),
        &[("email", email), ("password", password)],
    )
    .await;
    assert_eq!(location(&res), "/staff/sign-in/code");
    let code = app.next_code(email).await;
    let res = submit(&d, &format!("{url}/staff/sign-in/code"), &[("code", &code)]).await;
    assert_eq!(
        location(&res),
        "/staff/referrals",
        "signed in after rotation"
    );
    let _ = stop.send(());
    // A key file without the new key no longer opens them.
    let err = app.store.totp_state(&ot_id).await.unwrap_err();
    assert!(err.to_string().contains(&new_id), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
    app.stop().await;
}

/// With no key file, Roots keeps no authenticator key: nobody can set one
/// up (a page says why), and it will not start once any key is stored.
async fn without_a_key_file_no_authenticator_is_set_up_or_kept(engine: Engine) {
    let app = TestApp::spawn_without_key_file(engine).await;
    let c = app.client();
    let (email, password) = app.staff("occupational therapist");
    let res = submit(
        &c,
        &app.at("/staff/sign-in"),
        &[("email", email), ("password", password)],
    )
    .await;
    assert_eq!(location(&res), "/staff/sign-in/set-up");
    let res = c.get(app.at("/staff/sign-in/set-up")).send().await.unwrap();
    assert_eq!(res.status(), 503);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Authenticator apps cannot be set up yet")
    );
    let res = c
        .get(app.at("/cy/staff/sign-in/set-up"))
        .send()
        .await
        .unwrap();
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Does dim modd gosod apiau dilysu eto")
    );
    assert_eq!(app.store.stored_authenticator_keys().await.unwrap(), 0);
    assert_eq!(stored_keys(&app, email).await, (None, vec![]));
    // A key stored anyway (from before encryption): no start without a file.
    let mut c = raw(&app).await;
    sqlx::query("UPDATE users SET totp_secret = $1 WHERE email = $2")
        .bind(roots_web::auth::new_totp_secret())
        .bind(email)
        .execute(&mut c)
        .await
        .unwrap();
    let store = roots::open_store(app.database_url()).await.unwrap();
    let err = roots::check_two_factor_keys(&store).await.unwrap_err();
    assert!(
        err.to_string().contains("1 authenticator keys are stored")
            && err.to_string().contains("two_factor_key_file"),
        "{err}"
    );
    app.stop().await;
}

/// Before an administrator changes an account they confirm it is them
/// (their password, or a fresh authenticator code) within five minutes;
/// the page keeps what they typed and makes the change when they continue.
async fn administrators_confirm_it_is_them_before_changing_accounts(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let admin = app.client();
    app.sign_in(&admin, "administrator").await;
    let practice = app.practices[0].id.clone();
    let fields = [
        ("name", "Gwen O'Brien <Ward 3>"),
        ("email", "gwen@demo.roots.invalid"),
        ("roles", "receptionist"),
        ("roles", "clinician"),
        ("practices", practice.as_str()),
    ];
    let res = submit(&admin, &app.at("/staff/users/new"), &fields).await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("<h1>Confirm it") && html.contains("id=\"step-up\""),
        "asked first"
    );
    let (action, kept) = common::step_up_form(&html);
    assert_eq!(action, "/staff/users/new", "posts back to the same place");
    for (k, v) in &fields {
        assert!(kept.iter().any(|(a, b)| a == k && b == v), "{k} = {v} kept");
    }
    assert!(
        app.store
            .user_by_email("gwen@demo.roots.invalid")
            .await
            .is_err(),
        "nothing done yet"
    );
    // A wrong password: asked again, everything still kept.
    let mut wrong = kept.clone();
    wrong.push(("step_up_password".into(), "not my password".into()));
    let res = admin
        .post(app.at(&action))
        .form(&wrong)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("There is a problem") && html.contains("Your current password is not right")
    );
    assert_eq!(common::step_up_form(&html).1, kept);
    common::error_links_land(&html);
    // The right password: the account is made as typed.
    let mut right = kept.clone();
    right.push((
        "step_up_password".into(),
        app.staff("administrator").1.to_owned(),
    ));
    let res = admin
        .post(app.at(&action))
        .form(&right)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("one-off-password"));
    let gwen = app
        .store
        .user_by_email("gwen@demo.roots.invalid")
        .await
        .unwrap();
    assert_eq!(gwen.name, "Gwen O'Brien <Ward 3>");
    assert_eq!(gwen.practice_ids, vec![practice.clone()]);
    assert_eq!(gwen.roles.len(), 2);
    // Within five minutes the next change goes straight through.
    let res = post(
        &admin,
        &app,
        &format!("/staff/users/{}/status", gwen.id),
        &[("disabled", "yes")],
    )
    .await;
    assert_eq!(location(&res), "/staff/users");

    // Five minutes later (the time on the session row, shared by every
    // instance), it asks again, in Welsh on Welsh pages; a fresh code
    // from the app will do.
    let mut c = raw(&app).await;
    let long_ago =
        roots_store::time_text(jiff::Timestamp::now() - jiff::SignedDuration::from_mins(6));
    sqlx::query("UPDATE staff_sessions SET stepped_up_at = $1 WHERE stepped_up_at IS NOT NULL")
        .bind(&long_ago)
        .execute(&mut c)
        .await
        .unwrap();
    let (_, html) = page(&admin, &app.at("/cy/staff/users")).await;
    let token = csrf(&html);
    let res = admin
        .post(app.at(&format!("/cy/staff/users/{}/status", gwen.id)))
        .form(&[("csrf", token.as_str()), ("disabled", "no")])
        .send()
        .await
        .unwrap();
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Cadarnhewch mai chi sydd yma"),
        "asked again, in Welsh"
    );
    let (action, mut kept) = common::step_up_form(&html);
    assert_eq!(action, format!("/cy/staff/users/{}/status", gwen.id));
    let code = app.next_code("admin@demo.roots.invalid").await;
    kept.push(("step_up_code".into(), code.clone()));
    let res = admin
        .post(app.at(&action))
        .form(&kept)
        .send()
        .await
        .unwrap();
    assert_eq!(location(&res), "/cy/staff/users");
    assert!(
        !app.store
            .staff_member(&app.demo.service.id, &gwen.id)
            .await
            .unwrap()
            .disabled
    );
    // A code is accepted once, here as at sign-in.
    sqlx::query("UPDATE staff_sessions SET stepped_up_at = $1 WHERE stepped_up_at IS NOT NULL")
        .bind(&long_ago)
        .execute(&mut c)
        .await
        .unwrap();
    let res = post(
        &admin,
        &app,
        &format!("/staff/users/{}/reset-two-factor", gwen.id),
        &[],
    )
    .await;
    let (action, mut kept) = common::step_up_form(&res.text().await.unwrap());
    kept.push(("step_up_code".into(), code));
    let res = admin
        .post(app.at(&action))
        .form(&kept)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422, "a used code is refused");

    let trail = app.store.audit_events(0, 10_000).await.unwrap();
    for (outcome, detail) in [
        ("failure", "password"),
        ("success", "password"),
        ("success", "authenticator"),
        ("failure", "authenticator"),
    ] {
        assert!(
            trail.iter().any(|e| e.action == "auth.step_up"
                && e.outcome == outcome
                && e.detail.as_deref() == Some(detail)
                && e.roles == "admin"),
            "auth.step_up {outcome} {detail}"
        );
    }
    app.stop().await;
}

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
    let res = app.confirm(&admin, res, "administrator").await;
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

    // Bad input is explained and kept (after the administrator confirms
    // it is them).
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
    let res = app.confirm(&admin, res, "administrator").await;
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

/// Issue 19 re-test, finding 1 (the outside tester's steps): the sign-in
/// limits held only for attempts sent one after another. Sent all at once,
/// every wrong password was checked, and the right one then signed in.
/// Now: 40 attempts released together check exactly 5 passwords for one
/// account, and 20 from one address, and the right password afterwards is
/// refused (429), as when they come one by one.
async fn sign_in_attempts_sent_at_once_meet_the_same_limits(engine: Engine) {
    use roots_web::auth::hashes_on_this_thread as hashes;
    let web = roots_web::WebConfig {
        trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
        ..Default::default()
    };
    let app = TestApp::spawn_with(engine, web).await;
    let url = app.at("/staff/sign-in");

    // One account, 40 wrong passwords at once, each from its own address.
    let (email, password) = app.staff("receptionist");
    let mut ready = Vec::new();
    for i in 0..40 {
        let c = client_from(&format!("198.51.100.{}", i + 1));
        let (_, html) = page(&c, &url).await;
        let token = csrf(&html);
        ready.push((
            c,
            vec![
                ("email", email.to_owned()),
                ("password", "wrong wrong wrong".to_owned()),
            ],
            token,
        ));
    }
    let before = hashes();
    let statuses = all_at_once(&url, ready).await;
    let checked = statuses.iter().filter(|s| **s == 422).count();
    let locked = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!((checked, locked), (5, 35), "one account: {statuses:?}");
    assert_eq!(hashes() - before, 5, "five passwords checked, no more");
    let res = submit(
        &client_from("198.51.100.200"),
        &url,
        &[("email", email), ("password", password)],
    )
    .await;
    assert_eq!(res.status(), 429, "the right password afterwards");

    // One address, 39 wrong passwords at once (each for another account),
    // then an administrator with no authenticator yet, the right password.
    let mut ready = Vec::new();
    for i in 0..39 {
        let c = client_from("203.0.113.9");
        let (_, html) = page(&c, &url).await;
        let token = csrf(&html);
        ready.push((
            c,
            vec![
                ("email", format!("nobody{i}@x.invalid")),
                ("password", "wrong wrong wrong".to_owned()),
            ],
            token,
        ));
    }
    let before = hashes();
    let statuses = all_at_once(&url, ready).await;
    let checked = statuses.iter().filter(|s| **s == 422).count();
    let locked = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!((checked, locked), (20, 19), "one address: {statuses:?}");
    assert_eq!(hashes() - before, 20, "twenty checked, no more");
    let (admin, admin_password) = app.staff("administrator");
    let res = submit(
        &client_from("203.0.113.9"),
        &url,
        &[("email", admin), ("password", admin_password)],
    )
    .await;
    assert_eq!(res.status(), 429, "{}", location(&res));

    // A right password takes its attempt back: staff signing in one after
    // another at a busy surgery's computer never use up its allowance.
    let (email, password) = app.staff("service lead");
    for n in 0..25 {
        let res = submit(
            &client_from("192.0.2.40"),
            &url,
            &[("email", email), ("password", password)],
        )
        .await;
        assert_eq!(location(&res), "/staff/referrals", "sign-in {n}");
    }
    let res = submit(
        &client_from("192.0.2.40"),
        &url,
        &[
            ("email", "someone@x.invalid"),
            ("password", "wrong wrong wrong"),
        ],
    )
    .await;
    assert_eq!(res.status(), 422, "still checked, not locked out");
    app.stop().await;
}

/// A client that says, through the test's trusted proxy, it is at `ip`.
fn client_from(ip: &str) -> reqwest::Client {
    let mut h = reqwest::header::HeaderMap::new();
    h.insert("x-forwarded-for", ip.parse().unwrap());
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(h)
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .unwrap()
}

/// A post ready to go: its client, its fields and its CSRF token.
type Ready = (reqwest::Client, Vec<(&'static str, String)>, String);

/// Posts each form (its client, fields and CSRF token) to `url`, all
/// released together at a barrier; the answers' statuses, in order.
async fn all_at_once(url: &str, ready: Vec<Ready>) -> Vec<u16> {
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(ready.len()));
    let mut tasks = tokio::task::JoinSet::new();
    for (n, (c, mut fields, token)) in ready.into_iter().enumerate() {
        let barrier = barrier.clone();
        let url = url.to_owned();
        fields.push(("csrf", token));
        let request = c.post(url).form(&fields);
        tasks.spawn(async move {
            barrier.wait().await;
            (n, request.send().await.unwrap().status().as_u16())
        });
    }
    let mut statuses = tasks.join_all().await;
    statuses.sort();
    statuses.into_iter().map(|(_, s)| s).collect()
}

/// Issue 19 re-test, finding 1, at the code page: wrong codes sent all at
/// once from one half-signed-in session are held to the same five.
async fn wrong_codes_sent_at_once_meet_the_same_limits(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let c = app.client();
    app.sign_in(&c, "occupational therapist").await;
    let (email, password) = app.staff("occupational therapist");
    let key = app.authenticator(email).unwrap();
    let unix = jiff::Timestamp::now().as_second() as u64;
    let right: Vec<String> = [unix - 60, unix - 30, unix, unix + 30, unix + 60]
        .iter()
        .map(|t| roots_web::auth::totp_code(&key, *t).unwrap())
        .collect();
    let wrong = (0..1_000_000)
        .map(|n| format!("{n:06}"))
        .find(|c| !right.contains(c))
        .unwrap();
    let half = app.client();
    let res = submit(
        &half,
        &app.at("/staff/sign-in"),
        &[("email", email), ("password", password)],
    )
    .await;
    assert_eq!(location(&res), "/staff/sign-in/code");
    let (_, html) = page(&half, &app.at("/staff/sign-in/code")).await;
    let token = csrf(&html);
    let ready = (0..40)
        .map(|_| (half.clone(), vec![("code", wrong.clone())], token.clone()))
        .collect();
    let statuses = all_at_once(&app.at("/staff/sign-in/code"), ready).await;
    let checked = statuses.iter().filter(|s| **s == 422).count();
    assert_eq!(checked, 5, "five codes checked: {statuses:?}");
    assert!(
        statuses.iter().all(|s| [422, 429, 303].contains(s)),
        "{statuses:?}"
    );
    let trail = app.store.audit_events(0, 10_000).await.unwrap();
    let failures = trail
        .iter()
        .filter(|e| e.action == "auth.two_factor" && e.outcome == "failure")
        .count();
    assert_eq!(failures, 5);
    let res = submit(
        &app.client(),
        &app.at("/staff/sign-in"),
        &[("email", email), ("password", password)],
    )
    .await;
    assert_eq!(res.status(), 429, "the right password afterwards");
    app.stop().await;
}

/// Issue 19 re-test, finding 2 (the outside tester's steps): the key on
/// the set-up page was the same for every session with the password, so
/// whoever saw it first kept a working second factor after the real user
/// set up their app. Now each set-up session has its own key, and only
/// the key of the session that proves it becomes the account's.
async fn each_set_up_session_is_shown_its_own_key(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let email = "newot@x.invalid";
    let password = "copper lantern meadow violin";
    let hash = roots_web::auth::hash_password(password).unwrap();
    app.store
        .create_user(
            &app.demo.service.id,
            email,
            "Newydd OT",
            &hash,
            &[roots_store::Role::OccupationalTherapist],
        )
        .await
        .unwrap();
    let set_up = async |c: &reqwest::Client| {
        let res = submit(
            c,
            &app.at("/staff/sign-in"),
            &[("email", email), ("password", password)],
        )
        .await;
        assert_eq!(location(&res), "/staff/sign-in/set-up");
        let (status, html) = page(c, &app.at("/staff/sign-in/set-up")).await;
        assert_eq!(status, 200);
        let qr = c
            .get(app.at("/staff/sign-in/set-up/qr.svg"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        (authenticator_key(&html), qr, csrf(&html))
    };
    // The attacker, with the password only, reads a key.
    let attacker = app.client();
    let (stolen, stolen_qr, attacker_csrf) = set_up(&attacker).await;
    // The real user, later, is shown another, and sets it up.
    let user = app.client();
    let (key, qr, token) = set_up(&user).await;
    assert_ne!(stolen, key, "each session its own key");
    assert_ne!(stolen_qr, qr, "and its own QR code");
    let again = page(&user, &app.at("/staff/sign-in/set-up")).await.1;
    assert_eq!(authenticator_key(&again), key, "the same key on reload");
    app.remember_authenticator(email, &key);
    let now = jiff::Timestamp::now().as_second() as u64;
    let code = app.next_code(email).await;
    let res = user
        .post(app.at("/staff/sign-in/set-up"))
        .form(&[("csrf", token.as_str()), ("code", code.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("id=\"recovery-codes\""));
    let id = app.store.user_by_email(email).await.unwrap().id;
    assert_eq!(
        app.store.totp_state(&id).await.unwrap().secret.as_deref(),
        Some(key.as_str())
    );
    // The key the attacker saw is no second factor…
    let thief = app.client();
    let res = submit(
        &thief,
        &app.at("/staff/sign-in"),
        &[("email", email), ("password", password)],
    )
    .await;
    assert_eq!(location(&res), "/staff/sign-in/code");
    let forged = roots_web::auth::totp_code(&stolen, now + 30).unwrap();
    let res = submit(&thief, &app.at("/staff/sign-in/code"), &[("code", &forged)]).await;
    assert_eq!(res.status(), 422, "the attacker's key is refused");
    // …and their own half-done set-up cannot replace the user's.
    let res = attacker
        .post(app.at("/staff/sign-in/set-up"))
        .form(&[("csrf", attacker_csrf.as_str()), ("code", forged.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&res), "/staff/sign-in/code");
    assert_eq!(
        app.store.totp_state(&id).await.unwrap().secret.as_deref(),
        Some(key.as_str())
    );

    // From the account page too: two sessions, two keys; a code from the
    // key shown to one does not set up the app in the other.
    // The user is signed in since setting up; a second session too.
    let (one, two) = (&user, app.client());
    let res = submit(
        &two,
        &app.at("/staff/sign-in"),
        &[("email", email), ("password", password)],
    )
    .await;
    assert_eq!(location(&res), "/staff/sign-in/code");
    let code = app.next_code(email).await;
    let res = submit(&two, &app.at("/staff/sign-in/code"), &[("code", &code)]).await;
    assert_eq!(location(&res), "/staff/referrals");
    let (_, html_one) = page(one, &app.at("/staff/account/two-factor")).await;
    let (_, html_two) = page(&two, &app.at("/staff/account/two-factor")).await;
    let (key_one, key_two) = (authenticator_key(&html_one), authenticator_key(&html_two));
    assert_ne!(key_one, key_two, "account page: each session its own key");
    let code = roots_web::auth::totp_code(&key_two, now).unwrap();
    let res = one
        .post(app.at("/staff/account/two-factor"))
        .form(&[
            ("csrf", csrf(&html_one).as_str()),
            ("code", code.as_str()),
            ("password", password),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422, "another session's key is not this one's");
    assert_eq!(
        app.store.totp_state(&id).await.unwrap().secret.as_deref(),
        Some(key.as_str())
    );
    app.stop().await;
}

/// Issue 19 re-test, finding 4 (the outside tester's steps): with the
/// service lead's session cookie, a `roots_csrf` cookie set to a value of
/// the attacker's choosing and the same value in the form closed
/// self-referral. Now a signed-in member of staff's token comes from their
/// session, which nobody else can read, so a planted cookie forges nothing.
async fn a_planted_csrf_cookie_forges_no_staff_form(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    let lead = reqwest::Client::builder()
        .cookie_provider(jar.clone())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    app.sign_in(&lead, "service lead").await;
    let cookies = {
        use reqwest::cookie::CookieStore;
        jar.cookies(&app.url.parse().unwrap())
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned()
    };
    let session = cookies
        .split("; ")
        .find(|c| c.starts_with("roots_session="))
        .expect("the session cookie")
        .to_owned();
    let planted = "a".repeat(64);
    let forged = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(app.at("/staff/service"))
        .header("cookie", format!("{session}; roots_csrf={planted}"))
        .form(&[("csrf", planted.as_str()), ("open", "no")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403, "{}", location(&forged));
    let service = &app.demo.service.id;
    assert!(app.store.intake(service).await.unwrap().open, "still open");
    // The lead's own form, with the token from their page, still works.
    let res = submit(&lead, &app.at("/staff/service"), &[("open", "no")]).await;
    assert_eq!(location(&res), "/staff/service?saved=1");
    assert!(!app.store.intake(service).await.unwrap().open);
    app.stop().await;
}

/// Issue 19 re-test, finding 4: served over HTTPS (`secure_cookies`), every
/// cookie carries the `__Host-` prefix (Secure, Path=/, no Domain), which a
/// browser takes only from this host over HTTPS, and a cookie by the bare
/// name is not read: a sibling subdomain or someone on plain HTTP cannot
/// plant one. (The client here sends the cookies by hand: it keeps Secure
/// cookies for HTTPS.)
#[tokio::test]
async fn cookies_carry_the_host_prefix_over_https() {
    let web = roots_web::WebConfig {
        secure_cookies: true,
        ..Default::default()
    };
    let app = TestApp::spawn_with(Engine::Sqlite, web).await;
    let c = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let set_cookies = |res: &reqwest::Response| -> Vec<String> {
        res.headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect()
    };
    let value = |set: &str| set[set.find('=').unwrap() + 1..set.find(';').unwrap()].to_owned();
    let host_only = |set: &str| {
        set.starts_with("__Host-")
            && set.contains("; Secure")
            && set.contains("; Path=/")
            && set.contains("; HttpOnly")
            && !set.contains("Domain")
    };

    let res = c.get(app.at("/staff/sign-in")).send().await.unwrap();
    let set = set_cookies(&res);
    assert_eq!(set.len(), 1, "{set:?}");
    assert!(
        set[0].starts_with("__Host-roots_csrf=") && host_only(&set[0]),
        "{set:?}"
    );
    let token = value(&set[0]);
    assert_eq!(csrf(&res.text().await.unwrap()), token);

    // A planted cookie by the bare name is not read.
    let planted = "a".repeat(64);
    let (email, password) = app.staff("receptionist");
    let res = c
        .post(app.at("/staff/sign-in"))
        .header("cookie", format!("roots_csrf={planted}"))
        .form(&[
            ("csrf", planted.as_str()),
            ("email", email),
            ("password", password),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);

    // Signed in with the prefixed cookie: the session is prefixed too.
    let res = c
        .post(app.at("/staff/sign-in"))
        .header("cookie", format!("__Host-roots_csrf={token}"))
        .form(&[
            ("csrf", token.as_str()),
            ("email", email),
            ("password", password),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&res), "/staff/referrals");
    let set = set_cookies(&res);
    let session = set
        .iter()
        .find(|s| s.starts_with("__Host-roots_session="))
        .unwrap_or_else(|| panic!("{set:?}"));
    assert!(host_only(session), "{session}");
    let session = value(session);
    let res = c
        .get(app.at("/staff/referrals"))
        .header("cookie", format!("roots_session={session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        location(&res),
        "/staff/sign-in",
        "the bare name is not read"
    );
    let res = c
        .get(app.at("/staff/referrals"))
        .header("cookie", format!("__Host-roots_session={session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let token = csrf(&res.text().await.unwrap());

    // Signing out forgets it with the same attributes (a browser ignores
    // a `__Host-` cookie without them).
    let res = c
        .post(app.at("/staff/sign-out"))
        .header("cookie", format!("__Host-roots_session={session}"))
        .form(&[("csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&res), "/staff/sign-in?signed-out=1");
    let set = set_cookies(&res);
    let gone = set
        .iter()
        .find(|s| s.starts_with("__Host-roots_session=;"))
        .unwrap_or_else(|| panic!("{set:?}"));
    assert!(host_only(gone) && gone.contains("Max-Age=0"), "{gone}");

    // A self-referral's draft cookie is prefixed too.
    let res = c.get(app.at("/refer/help-now")).send().await.unwrap();
    let token = value(&set_cookies(&res)[0]);
    let res = c
        .post(app.at("/refer/help-now"))
        .header("cookie", format!("__Host-roots_csrf={token}"))
        .form(&[("csrf", token.as_str()), ("needs_help_now", "no")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let set = set_cookies(&res);
    assert!(
        set.iter()
            .any(|s| s.starts_with("__Host-roots_draft=") && host_only(s)),
        "{set:?}"
    );
    app.stop().await;
}
