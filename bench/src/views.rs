//! `roots-bench views`: how fast the pages an OT lives in render when the
//! service has years of records.
//!
//! On a fresh database per engine: `--people` people (default 10,000), each
//! with an accepted referral, an open episode and `--entries` clinical
//! entries (default 10: 100,000 in all); a year of the OT's past clinics
//! (one a weekday, every slot booked) and today's clinic; and `--waiting`
//! referrals (default 300) still waiting for triage. All of it is written
//! through the service's own store, the same calls the pages make, so the
//! indexes and the audit trail are the real ones.
//!
//! Then the real application serves three pages to the signed-in OT, one
//! request at a time, `--requests` times each (after 20 not counted): the
//! day view (`/staff/day`), the triage queue (`/staff/referrals`) and a
//! person's timeline (`/staff/episodes/{id}`, a different person each time).
//! Reported: p50, p99 and the slowest, in ms, measured at the client on
//! loopback, so they include the server's whole work (the audit append each
//! view makes, rendering, compression) and a little of the client's.
//!
//! The figures are printed; nothing is asserted. See docs/benchmarks.md.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use jiff::{SignedDuration, Timestamp};
use roots_core::queue::{Outcome, TriageEntry};
use roots_core::referral::{Channel, Context, Mode};
use roots_store::audit::Actor;
use roots_store::referrals::{NewReferral, Submitted};
use roots_store::testing::TestDatabase;
use roots_store::{Engine, Store};

use crate::{Args, Latencies, complete};

const OT_EMAIL: &str = "ot@demo.roots.invalid";

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Submits one synthetic self-referral as a person would; returns its id.
async fn refer(
    store: &Store,
    service_id: &str,
    practices: &[String],
    i: usize,
) -> Result<String, String> {
    let mut input = complete(&practices[i % practices.len()], i);
    // No NHS number: every one of them is a new person.
    input.nhs_number = None;
    let at = Timestamp::now() - SignedDuration::from_mins((i % 5000) as i64);
    let ctx = Context {
        today: roots_web::today(),
        practices,
        mode: Mode::Public,
    };
    let referral = input.validate(&ctx).map_err(|e| format!("{e:?}"))?;
    let suggested = roots_web::suggestion(
        roots_core::triage::Rulebook::built_in(),
        &roots_core::queue::Targets::default(),
        &referral.answers,
        at,
    );
    let new = NewReferral {
        service_id,
        referral: &referral,
        channel: Channel::Online,
        entered_by: None,
        language: "en",
        actor: &Actor::anonymous(None),
        rate_key: None,
        rate_limit: 0,
        triage: &suggested,
    };
    match store.submit_referral(&new, None, at).await.map_err(err)? {
        Submitted::New(r) | Submitted::Already(r) => Ok(r.id),
    }
}

/// One person: referred, claimed, accepted (which opens the episode) and
/// `entries` notes written. Returns the episode id.
async fn person(
    store: &Store,
    service_id: &str,
    practices: &[String],
    ot: &Actor,
    i: usize,
    entries: usize,
) -> Result<String, String> {
    let id = refer(store, service_id, practices, i).await?;
    let now = Timestamp::now();
    store
        .claim(service_id, &id, ot, now, SignedDuration::from_hours(1))
        .await
        .map_err(err)?;
    let row = store.queue_row(service_id, &id).await.map_err(err)?;
    let entry = TriageEntry {
        priority: row.priority,
        pathways: row.pathways.clone(),
        outcome: Outcome::AcceptOt,
        changed: false,
        change_reason: None,
        target: None,
        attempts: None,
        note: None,
    };
    store
        .record_triage(service_id, &id, &entry, 0, ot, now)
        .await
        .map_err(err)?;
    let episode = store
        .episode_of_referral(&id)
        .await
        .map_err(err)?
        .ok_or("accepting did not open an episode")?;
    for k in 0..entries {
        let mut answers = roots_core::episode::Answers::new();
        answers.insert(
            "text".into(),
            vec![format!(
                "Visit {k}: practised the morning routine with pacing; kettle and shower managed with rests. Next: walk to the shop with a stick."
            )],
        );
        let clean = roots_core::episode::validate(roots_core::episode::Kind::Note, &answers)
            .map_err(|e| format!("{e:?}"))?;
        let body = serde_json::to_value(&clean).map_err(err)?;
        store
            .add_entry(&episode, "note", &body, ot, Timestamp::now())
            .await
            .map_err(err)?;
    }
    Ok(episode)
}

/// Runs `n` jobs on `tasks` tasks, printing progress; returns their results
/// in order.
async fn spread<F, Fut, T>(
    label: &'static str,
    n: usize,
    tasks: usize,
    job: F,
) -> Result<Vec<T>, String>
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<T, String>> + Send,
    T: Send + 'static,
{
    let job = Arc::new(job);
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut handles = Vec::new();
    for _ in 0..tasks {
        let (job, next) = (job.clone(), next.clone());
        handles.push(tokio::spawn(async move {
            let mut out = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= n {
                    break;
                }
                out.push((i, job(i).await?));
                if i > 0 && i % 2000 == 0 {
                    eprintln!(
                        "  {label}: {i} of {n} ({:.0} s)",
                        started.elapsed().as_secs_f64()
                    );
                }
            }
            Ok::<_, String>(out)
        }));
    }
    let mut all = Vec::with_capacity(n);
    for h in handles {
        all.extend(h.await.map_err(err)??);
    }
    all.sort_by_key(|(i, _)| *i);
    Ok(all.into_iter().map(|(_, t)| t).collect())
}

/// Signs the demo OT in over HTTP as a person would, setting up their
/// authenticator from the key the page shows.
async fn sign_in(c: &reqwest::Client, base: &str, password: &str) -> Result<(), String> {
    let page = c
        .get(format!("{base}/staff/sign-in"))
        .send()
        .await
        .map_err(err)?;
    let html = page.text().await.map_err(err)?;
    let res = c
        .post(format!("{base}/staff/sign-in"))
        .form(&[
            ("csrf", csrf(&html)?.as_str()),
            ("email", OT_EMAIL),
            ("password", password),
        ])
        .send()
        .await
        .map_err(err)?;
    let to = location(&res);
    if to != "/staff/sign-in/set-up" {
        return Err(format!("signing in went to {to:?}"));
    }
    let html = c
        .get(format!("{base}{to}"))
        .send()
        .await
        .map_err(err)?
        .text()
        .await
        .map_err(err)?;
    let marker = "id=\"totp-key\" lang=\"en\">";
    let start = html.find(marker).ok_or("no key on the set-up page")? + marker.len();
    let end = start + html[start..].find("</p>").ok_or("no key end")?;
    let key: String = html[start..end].split_whitespace().collect();
    let unix = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(err)?
        .as_secs();
    let code = roots_web::auth::totp_code(&key, unix).ok_or("no code")?;
    let res = c
        .post(format!("{base}{to}"))
        .form(&[("csrf", csrf(&html)?.as_str()), ("code", code.as_str())])
        .send()
        .await
        .map_err(err)?;
    if res.status() != 200 {
        return Err(format!("authenticator set-up answered {}", res.status()));
    }
    Ok(())
}

fn csrf(html: &str) -> Result<String, String> {
    let at = html.find("name=\"csrf\" value=\"").ok_or("no csrf field")? + 19;
    Ok(html[at..at + 64].to_owned())
}

fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// GETs each address in turn (cycling), after 20 not counted; every answer
/// must be a 200 showing `expect`.
async fn measure(
    c: &reqwest::Client,
    urls: &[String],
    requests: usize,
    expect: &str,
) -> Result<(Latencies, usize), String> {
    let mut l = Latencies::default();
    let mut bytes = 0;
    for i in 0..requests + 20 {
        let url = &urls[i % urls.len()];
        let start = Instant::now();
        let res = c.get(url).send().await.map_err(err)?;
        let status = res.status();
        let body = res.text().await.map_err(err)?;
        let took = start.elapsed();
        if status != 200 || !body.contains(expect) {
            return Err(format!(
                "GET {url}: {status}, {} bytes, without {expect:?}",
                body.len()
            ));
        }
        if i >= 20 {
            l.ok.push(took);
            bytes = bytes.max(body.len());
        }
    }
    Ok((l, bytes))
}

pub async fn views(engine: Engine, args: &Args) -> Result<(), String> {
    let db = TestDatabase::new(engine).await.map_err(err)?;
    // Its own key for authenticator keys, as `roots serve` would have
    // from its key file: the benchmark signs an OT in.
    let store = roots::open_store(&db.url)
        .await
        .map_err(err)?
        .with_two_factor_keys(roots_store::two_factor::keys::KeyRing::generate());
    let demo = roots::demo::seed(&store).await.map_err(err)?;
    let service_id = demo.service.id.clone();
    let practices: Vec<String> = store
        .practices(&service_id)
        .await
        .map_err(err)?
        .into_iter()
        .map(|p| p.id)
        .collect();
    let (ot_user, _) = store
        .user_for_sign_in(OT_EMAIL)
        .await
        .map_err(err)?
        .ok_or("no demo OT")?;
    let ot = Actor {
        user_id: Some(ot_user.id.clone()),
        roles: ot_user.roles.clone(),
        request_id: None,
        system: false,
    };
    let password = demo
        .users
        .iter()
        .find(|u| u.email == OT_EMAIL)
        .ok_or("no demo OT password")?
        .password
        .clone();

    // The people, their episodes and entries.
    let started = Instant::now();
    let episodes = {
        let (store, service_id, practices, ot) = (
            store.clone(),
            service_id.clone(),
            practices.clone(),
            ot.clone(),
        );
        let entries = args.entries;
        spread("people", args.people, args.concurrency, move |i| {
            let (store, service_id, practices, ot) = (
                store.clone(),
                service_id.clone(),
                practices.clone(),
                ot.clone(),
            );
            async move { person(&store, &service_id, &practices, &ot, i, entries).await }
        })
        .await?
    };
    let seeded_people = started.elapsed().as_secs_f64();

    // A year of past clinics, every slot booked, then today's.
    let started = Instant::now();
    let today = roots_web::today();
    let slot = 30i64;
    let mut sessions = Vec::new();
    for back in (0..=365i64).rev() {
        let day = today
            .checked_sub(jiff::Span::new().days(back))
            .map_err(err)?;
        if back > 0
            && matches!(
                day.weekday(),
                jiff::civil::Weekday::Saturday | jiff::civil::Weekday::Sunday
            )
        {
            continue;
        }
        let start = day
            .at(9, 0, 0, 0)
            .in_tz("Europe/London")
            .map_err(err)?
            .timestamp();
        let end = start + SignedDuration::from_hours(8);
        let id = store
            .add_session(
                &service_id,
                &practices[0],
                &ot_user.id,
                start,
                end,
                slot,
                &["face_to_face", "telephone"],
                &ot,
            )
            .await
            .map_err(err)?;
        sessions.push((id, start));
    }
    let mut booked = 0usize;
    for (n, (session, start)) in sessions.iter().enumerate() {
        for k in 0..16usize {
            let episode = &episodes[(n * 16 + k) % episodes.len()];
            store
                .book(
                    session,
                    *start + SignedDuration::from_mins(slot * k as i64),
                    episode,
                    "face_to_face",
                    &ot,
                    Timestamp::now(),
                )
                .await
                .map_err(err)?;
            booked += 1;
        }
    }
    // Still waiting for triage.
    {
        let (store, service_id, practices) = (store.clone(), service_id.clone(), practices.clone());
        let base = args.people;
        spread("waiting", args.waiting, args.concurrency, move |i| {
            let (store, service_id, practices) =
                (store.clone(), service_id.clone(), practices.clone());
            async move { refer(&store, &service_id, &practices, base + i).await }
        })
        .await?;
    }
    let seeded_rest = started.elapsed().as_secs_f64();

    // The real application, on loopback.
    let listener = roots::bind("127.0.0.1:0").await.map_err(err)?;
    let base = format!("http://{}", listener.local_addr().map_err(err)?);
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn({
        let store = store.clone();
        async move {
            roots::serve(
                store,
                Some("demo"),
                roots_web::WebConfig::default(),
                listener,
                async {
                    let _ = stop_rx.await;
                },
            )
            .await
        }
    });
    let c = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(err)?;
    sign_in(&c, &base, &password).await?;

    let day = measure(&c, &[format!("{base}/staff/day")], args.requests, "Bench").await?;
    let queue = measure(
        &c,
        &[format!("{base}/staff/referrals")],
        args.requests,
        "Synthetic",
    )
    .await?;
    let step = (episodes.len() / args.requests.max(1)).max(1);
    let timelines: Vec<String> = episodes
        .iter()
        .step_by(step)
        .map(|e| format!("{base}/staff/episodes/{e}"))
        .collect();
    let timeline = measure(&c, &timelines, args.requests, "Visit 0").await?;

    let _ = stop_tx.send(());
    server.await.map_err(err)?.map_err(err)?;
    store.close().await;

    println!("\n== {} ==", engine.name());
    println!(
        "seeded: {} people with {} entries each ({} entries) in {:.0} s; {} clinics, {} appointments, {} waiting referrals in {:.0} s",
        episodes.len(),
        args.entries,
        episodes.len() * args.entries,
        seeded_people,
        sessions.len(),
        booked,
        args.waiting,
        seeded_rest
    );
    for (name, (l, bytes)) in [
        ("day view (16 appointments)", &day),
        ("triage queue", &queue),
        ("a person's timeline", &timeline),
    ] {
        let max =
            l.ok.iter()
                .max()
                .map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0);
        println!(
            "{name:<28} p50 {:>6.1} ms, p99 {:>6.1} ms, slowest {:>6.1} ms over {} requests; page {} KB; p99 < 50 ms: {}",
            l.percentile(50.0),
            l.percentile(99.0),
            max,
            l.ok.len(),
            bytes / 1024,
            if l.percentile(99.0) < 50.0 {
                "met"
            } else {
                "NOT met"
            }
        );
    }
    if args.keep {
        println!("kept: {}", db.keep().await.map_err(err)?);
    } else {
        db.remove().await.map_err(err)?;
    }
    Ok(())
}
