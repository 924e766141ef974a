//! Nothing acknowledged is lost: the server is killed with SIGKILL in the
//! middle of a burst of submissions, restarted, and every reference that
//! was acknowledged (HTTP 201) must be there, on SQLite and on PostgreSQL.

use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use roots_store::Engine;
use roots_store::testing::TestDatabase;
use tokio::process::{Child, Command};
use tokio::sync::Mutex;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn start(url: &str, port: u16) -> Child {
    let child = Command::new(env!("CARGO_BIN_EXE_roots"))
        .arg("serve")
        .env("ROOTS_DATABASE_URL", url)
        .env("ROOTS_LISTEN", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "warn")
        // The burst comes from one address; the public rate limit is off.
        .env("ROOTS_PUBLIC_SUBMISSIONS_PER_HOUR", "0")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("start roots serve");
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(r) = client
            .get(format!("http://127.0.0.1:{port}/readyz"))
            .send()
            .await
            && r.status() == 200
        {
            return child;
        }
        assert!(Instant::now() < deadline, "server did not become ready");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn body(practice: &str, i: usize) -> serde_json::Value {
    serde_json::json!({
        "needs_help_now": "no", "emergency_signs": ["none"], "crisis_signs": ["none"], "other_concerns": ["none"], "given_name": format!("Crash{i}"), "family_name": "Test",
        "dob_day": "1", "dob_month": "1", "dob_year": "1980",
        "phone": "07700 900 000", "leave_message": "yes", "no_fixed_address": "yes",
        "practice": practice, "language": "en", "interpreter": "no",
        "story": "Synthetic crash-test referral", "difficulties": ["sleep"],
        "duration": "under_1_month", "matters_most": "Sleep", "work_status": "retired",
        "consent": "yes"
    })
}

async fn acknowledged_referrals_survive_sigkill(engine: Engine) {
    let db = TestDatabase::new(engine).await.unwrap();
    let store = roots::open_store(&db.url).await.unwrap();
    let demo = roots::demo::seed(&store).await.unwrap();
    let practice = store.practices(&demo.service.id).await.unwrap()[0]
        .id
        .clone();
    store.close().await;

    let port = free_port();
    let mut server = start(&db.url, port).await;
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let mut workers = Vec::new();
    for w in 0..8 {
        let (client, acknowledged, practice) =
            (client.clone(), acknowledged.clone(), practice.clone());
        workers.push(tokio::spawn(async move {
            for i in 0..10_000 {
                let res = client
                    .post(format!("http://127.0.0.1:{port}/api/v1/referrals"))
                    .json(&body(&practice, w * 100_000 + i))
                    .send()
                    .await;
                match res {
                    Ok(r) if r.status() == 201 => {
                        let v: serde_json::Value = match r.json().await {
                            Ok(v) => v,
                            Err(_) => return,
                        };
                        acknowledged
                            .lock()
                            .await
                            .push(v["reference"].as_str().unwrap().to_owned());
                    }
                    _ => return,
                }
            }
        }));
    }
    // Let the burst run, then pull the plug mid-flight.
    let deadline = Instant::now() + Duration::from_secs(20);
    while acknowledged.lock().await.len() < 200 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.start_kill().expect("SIGKILL");
    server.wait().await.unwrap();
    for w in workers {
        w.await.unwrap();
    }
    let acknowledged = acknowledged.lock().await.clone();
    assert!(
        acknowledged.len() >= 50,
        "the burst made too few referrals to prove anything: {}",
        acknowledged.len()
    );

    // Restart on the same database: every acknowledged reference is there.
    let mut server = start(&db.url, port).await;
    let store = roots::open_store(&db.url).await.unwrap();
    for reference in &acknowledged {
        let r = store
            .referral_by_reference(&demo.service.id, reference)
            .await;
        assert!(
            r.is_ok(),
            "acknowledged referral {reference} was lost on {engine:?}"
        );
    }
    let stored = store.count_referrals(&demo.service.id).await.unwrap();
    assert!(
        stored as usize >= acknowledged.len() + 5,
        "{stored} stored, {} acknowledged",
        acknowledged.len()
    );
    println!(
        "{engine:?}: {} acknowledged before SIGKILL, all {} found after restart ({} stored)",
        acknowledged.len(),
        acknowledged.len(),
        stored - 5
    );
    store.close().await;
    server.start_kill().unwrap();
    server.wait().await.unwrap();
    db.remove().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crash_sqlite() {
    acknowledged_referrals_survive_sigkill(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crash_postgres() {
    acknowledged_referrals_survive_sigkill(Engine::Postgres).await;
}
