//! Every route of the application, with every role, with no session, and
//! from each half-signed-in stage (a user with an authenticator, giving
//! their code; a user without one, setting it up): the answer must match
//! the declared access, the stage and the policy table exactly. Routes can
//! only be added through the declared table
//! (`roots_web::access::Routes::add`), so a new route is covered here
//! without anyone remembering to add it.

#[macro_use]
mod common;

use common::{TestApp, csrf, location, submit};
use roots_core::policy;
use roots_core::staff::Role;
use roots_store::Engine;
use roots_web::{Access, Stage};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seen {
    Allowed,
    SentToSignIn,
    Forbidden,
    Unauthorised,
    /// Sent to this page (a stage of signing in, or one's work).
    SentTo(&'static str),
    /// Asked to confirm it's them before a change (step-up).
    ConfirmFirst,
}

/// Who is asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Nobody,
    /// Signed in as the demo user of this role.
    SignedIn(&'static str, &'static [Role]),
    /// The password given, at this stage of signing in.
    Half(Stage),
}

/// The demo's users and their roles, someone not signed in, and the two
/// half-signed-in stages (last: the OT has set up an app by then).
const PRINCIPALS: [Who; 8] = [
    Who::Nobody,
    Who::SignedIn("receptionist", &[Role::Receptionist]),
    Who::SignedIn("occupational therapist", &[Role::OccupationalTherapist]),
    Who::SignedIn("clinician", &[Role::Clinician]),
    Who::SignedIn("service lead", &[Role::ServiceLead]),
    Who::SignedIn("administrator", &[Role::Admin]),
    Who::Half(Stage::Code),
    Who::Half(Stage::SetUp),
];

/// A user whose role needs an authenticator and who has none yet.
const NEWCOMER: (&str, &str) = (
    "newcomer@demo.roots.invalid",
    "newcomer lantern orbit quarry",
);

fn expected(access: Access, who: Who, method: &str, api: bool) -> Seen {
    let refused = if api {
        Seen::Unauthorised
    } else {
        Seen::SentToSignIn
    };
    // Half signed in is not signed in, except on its own stage's pages.
    let roles = match who {
        Who::SignedIn(_, r) => Some(r),
        Who::Nobody | Who::Half(_) => None,
    };
    match (access, roles) {
        (Access::Public, _) => Seen::Allowed,
        (Access::HalfSignedIn(stage), _) => match who {
            Who::Half(now) if now == stage => Seen::Allowed,
            Who::Half(now) => Seen::SentTo(now.page()),
            Who::SignedIn(..) => Seen::SentTo("/staff/referrals"),
            Who::Nobody => Seen::SentToSignIn,
        },
        (Access::PublicOr(_), None) => Seen::Allowed,
        (Access::PublicOr(a), Some(r)) if policy::allows(r, a) => Seen::Allowed,
        (Access::PublicOr(_), Some(_)) => Seen::Forbidden,
        (_, None) => refused,
        (Access::SignedIn, Some(_)) => Seen::Allowed,
        (Access::Can(a) | Access::Confirmed(a), Some(r)) if !policy::allows(r, a) => {
            Seen::Forbidden
        }
        (Access::Confirmed(_), Some(_)) if method == "POST" => Seen::ConfirmFirst,
        (Access::Can(_) | Access::Confirmed(_), Some(_)) => Seen::Allowed,
    }
}

async fn client_for(app: &TestApp, who: Who) -> reqwest::Client {
    let c = app.client();
    let page = c
        .get(app.at("/staff/sign-in"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("csrf"));
    let (email, password) = match who {
        Who::Nobody => return c,
        Who::SignedIn(role, _) => {
            app.sign_in(&c, role).await;
            return c;
        }
        Who::Half(Stage::Code) => app.staff("occupational therapist"),
        Who::Half(Stage::SetUp) => NEWCOMER,
    };
    let res = submit(
        &c,
        &app.at("/staff/sign-in"),
        &[("email", email), ("password", password)],
    )
    .await;
    let Who::Half(stage) = who else {
        unreachable!()
    };
    assert_eq!(location(&res), stage.page(), "{who:?}");
    c
}

on_both_engines!(every_route_and_every_role_matches_the_policy);

/// Real records for the routes' ids (an accepted referral's episode, an
/// entry, an appointment, a member of staff), so that "allowed" reaches the
/// handler with something to find.
async fn records(app: &TestApp, referral_id: &str) -> (String, String, String, String) {
    use roots_core::queue::{Outcome, TriageEntry};
    let service = app.demo.service.id.clone();
    let ot = app
        .store
        .user_by_email(app.staff("occupational therapist").0)
        .await
        .unwrap();
    let actor = roots_store::audit::Actor {
        user_id: Some(ot.id.clone()),
        roles: ot.roles.clone(),
        request_id: None,
        system: false,
    };
    let now = jiff::Timestamp::now();
    app.store
        .claim(
            &service,
            referral_id,
            &actor,
            now,
            jiff::SignedDuration::from_mins(30),
        )
        .await
        .unwrap();
    let row = app.store.queue_row(&service, referral_id).await.unwrap();
    let entry = TriageEntry {
        priority: row.priority,
        pathways: row.pathways,
        outcome: Outcome::AcceptOt,
        changed: false,
        change_reason: None,
        target: None,
        attempts: None,
        note: None,
    };
    app.store
        .record_triage(&service, referral_id, &entry, 0, &actor, now)
        .await
        .unwrap();
    let episode = app
        .store
        .episode_of_referral(referral_id)
        .await
        .unwrap()
        .unwrap();
    let note = serde_json::json!({"text": ["A note"]});
    let entry_id = app
        .store
        .add_entry(&episode, "note", &note, &actor, now)
        .await
        .unwrap();
    let start = now + jiff::SignedDuration::from_hours(24);
    let session = app
        .store
        .add_session(
            &service,
            &app.practices[0].id,
            &ot.id,
            start,
            start + jiff::SignedDuration::from_hours(1),
            60,
            &["telephone"],
            &actor,
        )
        .await
        .unwrap();
    let appointment = app
        .store
        .book(&session, start, &episode, "telephone", &actor, now)
        .await
        .unwrap();
    let user = app
        .store
        .user_by_email(app.staff("receptionist").0)
        .await
        .unwrap()
        .id;
    (episode, entry_id, appointment, user)
}

async fn every_route_and_every_role_matches_the_policy(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let referral_id = app
        .store
        .list_referrals(&app.demo.service.id, 1, 0)
        .await
        .unwrap()[0]
        .id
        .clone();
    let (episode_id, entry_id, appointment_id, user_id) = records(&app, &referral_id).await;
    let no_access = roots_web::Locales::load()
        .unwrap()
        .get(roots_web::Lang::En)
        .t("page-no-access-title");
    let mut routes = roots_web::declared_routes();
    // Signing out ends the session the other checks use: check it last.
    routes.sort_by_key(|r| match r.path.as_str() {
        "/staff/sign-out-everywhere" => 1,
        "/staff/sign-out" => 2,
        _ => 0,
    });
    assert!(routes.len() >= 15, "{} routes declared", routes.len());
    let hash = roots_web::auth::hash_password(NEWCOMER.1).unwrap();
    app.store
        .create_user(
            &app.demo.service.id,
            NEWCOMER.0,
            "Newcomer",
            &hash,
            &[Role::Clinician],
        )
        .await
        .unwrap();
    let mut checked = 0;
    for who in PRINCIPALS {
        let c = client_for(&app, who).await;
        let token = csrf(
            &c.get(app.at("/refer/name"))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap(),
        );
        // The JSON API, declared in its own table.
        for (method, path, access) in roots_web::api::ACCESS {
            let url = app.at(&format!("/api/v1{}", path.replace("{id}", &referral_id)));
            let res = match *method {
                "GET" => c.get(url).send().await.unwrap(),
                _ => c
                    .post(url)
                    .json(&serde_json::json!({}))
                    .send()
                    .await
                    .unwrap(),
            };
            let seen = match res.status().as_u16() {
                401 => Seen::Unauthorised,
                403 => Seen::Forbidden,
                s if s >= 500 => panic!("{method} {path}: {s}"),
                _ => Seen::Allowed,
            };
            assert_eq!(
                seen,
                expected(*access, who, method, true),
                "API {method} {path} as {who:?}"
            );
            checked += 1;
        }
        for route in &routes {
            let id = if route.path.starts_with("/staff/episodes/") {
                &episode_id
            } else if route.path.starts_with("/staff/users/") {
                &user_id
            } else {
                &referral_id
            };
            let path = route
                .path
                .replace("{slug}", "name")
                .replace("{id}", id)
                .replace("{entry}", &entry_id)
                .replace("{appt}", &appointment_id)
                .replace("{kind}", "note")
                .replace("{measure}", "phq9")
                .replace("{*name}", "app.css");
            for method in &route.methods {
                let req = match method.as_str() {
                    "GET" => c.get(app.at(&path)),
                    "POST" => c.post(app.at(&path)).form(&[("csrf", token.as_str())]),
                    m => panic!("untested method {m}"),
                };
                let res = req.send().await.unwrap();
                let status = res.status().as_u16();
                let location = common::location(&res);
                let body = res.text().await.unwrap();
                let stage_route = matches!(route.access, Access::HalfSignedIn(_));
                let seen = match status {
                    302 | 303 if location.ends_with("/staff/sign-in") => Seen::SentToSignIn,
                    302 | 303 if stage_route => match location.as_str() {
                        "/staff/sign-in?timed-out=1" => Seen::SentToSignIn,
                        "/staff/sign-in/code" => Seen::SentTo(Stage::Code.page()),
                        "/staff/sign-in/set-up" => Seen::SentTo(Stage::SetUp.page()),
                        "/staff/referrals" => Seen::SentTo("/staff/referrals"),
                        other => panic!("{method} {path} as {who:?}: sent to {other}"),
                    },
                    200 if body.contains("id=\"step-up\"") => Seen::ConfirmFirst,
                    403 if body.contains(&no_access) => Seen::Forbidden,
                    403 => panic!("{method} {path} as {who:?}: refused for another reason (CSRF?)"),
                    500.. => panic!("{method} {path} as {who:?}: server error {status}"),
                    _ => Seen::Allowed,
                };
                assert_eq!(
                    seen,
                    expected(route.access, who, method.as_str(), false),
                    "{method} {path} as {who:?} ({status})"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "{checked} checks");
    // Every kind of declaration was met.
    for access in [
        Access::HalfSignedIn(Stage::Code),
        Access::HalfSignedIn(Stage::SetUp),
        Access::Confirmed(roots_core::policy::Action::UserManage),
    ] {
        assert!(routes.iter().any(|r| r.access == access), "{access:?}");
    }

    // Refusals of a role are in the audit trail.
    let trail = app.store.audit_events(0, 10_000).await.unwrap();
    assert!(
        trail
            .iter()
            .any(|e| e.outcome == "denied" && e.roles == "admin" && e.action == "referral.read")
    );
    app.stop().await;
}

#[test]
fn the_api_table_names_every_endpoint_of_the_openapi_document() {
    let doc = serde_json::to_value(roots_web::api::openapi()).unwrap();
    let mut documented: Vec<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .map(move |m| (m.to_uppercase(), path.clone()))
        })
        .collect();
    documented.push(("GET".into(), "/openapi.json".into()));
    documented.sort();
    let mut declared: Vec<(String, String)> = roots_web::api::ACCESS
        .iter()
        .map(|(m, p, _)| ((*m).to_owned(), (*p).to_owned()))
        .collect();
    declared.sort();
    assert_eq!(declared, documented);
}
