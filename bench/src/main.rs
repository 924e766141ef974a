//! `roots-bench intake`: how fast Roots takes in self-referrals durably,
//! next to the fastest the database itself can commit.
//!
//! For each engine, on a fresh database on this machine:
//! 1. the engine's limit: single-row durable commits per second through the
//!    service's own write path, from 1 task and from `--concurrency` tasks;
//! 2. intake at full speed: `--concurrency` clients each sending the final
//!    "Send referral" of a complete self-referral (POST /refer/check with a
//!    draft cookie, as a browser does) over HTTP on loopback, for
//!    `--seconds`; throughput and p50/p99 latency;
//! 3. intake at half that rate (open loop, requests on a fixed schedule):
//!    p50/p99 latency.
//!
//! `roots-bench views`: the OT's day view, the triage queue and a person's
//! timeline with 10,000 people and 100,000 clinical entries (see `views.rs`).
//!
//! The figures are printed; nothing is asserted. See docs/benchmarks.md.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use clap::Parser;
use roots_core::referral::{Mode, ReferralInput};
use roots_store::Engine;
use roots_store::testing::TestDatabase;

mod evaluation;
mod views;

#[derive(Debug, Parser)]
#[command(name = "roots-bench")]
struct Args {
    /// What to measure: `intake` or `views`.
    #[arg(default_value = "intake")]
    what: String,
    /// sqlite, postgres or both.
    #[arg(long, default_value = "both")]
    engine: String,
    /// Length of each measured phase.
    #[arg(long, default_value_t = 5)]
    seconds: u64,
    /// Concurrent clients (and commit tasks).
    #[arg(long, default_value_t = 8)]
    concurrency: usize,
    /// views: people, each with an open episode.
    #[arg(long, default_value_t = 10_000)]
    people: usize,
    /// views: clinical entries per person.
    #[arg(long, default_value_t = 10)]
    entries: usize,
    /// views: referrals still waiting for triage.
    #[arg(long, default_value_t = 300)]
    waiting: usize,
    /// views: measured requests per page.
    #[arg(long, default_value_t = 500)]
    requests: usize,
    /// views, evaluation: keep the database afterwards and print its address,
    /// to look at query plans by hand (`sqlite3`, `psql`).
    #[arg(long)]
    keep: bool,
    /// `evaluation`: people seen in the generated year.
    #[arg(long, default_value_t = 1_000_000)]
    episodes: usize,
    /// `evaluation`: timed runs of the evaluation.
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// `evaluation`: a database kept by an earlier run (`--keep`) to
    /// evaluate instead of generating one (give one `--engine`).
    #[arg(long)]
    database: Option<String>,
    /// `evaluation`: instead, time counting one part's lines from this
    /// file (a part as the database returns it: lines joined by
    /// newlines), on one thread, `--runs` times.
    #[arg(long)]
    lines: Option<std::path::PathBuf>,
    /// `evaluation`, SQLite: each connection's page cache in MiB (the
    /// store's default when not given).
    #[arg(long)]
    sqlite_cache_mib: Option<u32>,
    /// `evaluation`, SQLite: the memory map in MiB (the store's default
    /// when not given; 0 turns it off).
    #[arg(long)]
    sqlite_mmap_mib: Option<u64>,
}

const CSRF: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

fn complete(practice: &str, i: usize) -> ReferralInput {
    let s = |v: &str| Some(v.to_owned());
    ReferralInput {
        needs_help_now: s("no"),
        emergency_signs: vec!["none".into()],
        crisis_signs: vec!["none".into()],
        other_concerns: vec!["none".into()],
        given_name: Some(format!("Bench{i}")),
        family_name: s("Synthetic"),
        dob_day: s("14"),
        dob_month: s("7"),
        dob_year: s("1975"),
        phone: s("07700 900 777"),
        email: s("bench@example.org"),
        leave_message: s("yes"),
        postcode: s("LL57 2PW"),
        nhs_number: s("9434765919"),
        practice: s(practice),
        language: s("en"),
        interpreter: s("no"),
        communication_needs: vec!["large_print".into()],
        story: Some("I have been struggling to manage at home since my knee got worse; ".repeat(8)),
        difficulties: vec!["home".into(), "getting_out".into(), "sleep".into()],
        duration: s("3_12_months"),
        matters_most: s("Getting back to my allotment and seeing my friends at the club."),
        work_status: s("working"),
        fit_note: s("not_sure"),
        sex: s("prefer_not_to_say"),
        ethnic_group: s("A"),
        consent: s("yes"),
        ..Default::default()
    }
}

#[derive(Debug, Default)]
struct Latencies {
    ok: Vec<Duration>,
    failed: usize,
}

impl Latencies {
    fn percentile(&self, p: f64) -> f64 {
        if self.ok.is_empty() {
            return f64::NAN;
        }
        let mut v = self.ok.clone();
        v.sort();
        let rank = ((p / 100.0) * v.len() as f64).ceil() as usize;
        v[rank.clamp(1, v.len()) - 1].as_secs_f64() * 1000.0
    }
}

async fn send(client: &reqwest::Client, url: &str, token: &str) -> Result<Duration, ()> {
    let start = Instant::now();
    let res = client
        .post(url)
        .header("cookie", format!("roots_draft={token}; roots_csrf={CSRF}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("csrf={CSRF}&consent=yes"))
        .send()
        .await
        .map_err(|_| ())?;
    let ok = res.status() == 303
        && res.headers().get("location").and_then(|l| l.to_str().ok())
            == Some("/refer/confirmation");
    if ok { Ok(start.elapsed()) } else { Err(()) }
}

async fn intake(engine: Engine, args: &Args) -> Result<(), String> {
    let db = TestDatabase::new(engine).await.map_err(|e| e.to_string())?;
    let store = roots::open_store(&db.url)
        .await
        .map_err(|e| e.to_string())?;
    let demo = roots::demo::seed(&store).await.map_err(|e| e.to_string())?;
    let practice = store
        .practices(&demo.service.id)
        .await
        .map_err(|e| e.to_string())?[0]
        .id
        .clone();
    let seconds = Duration::from_secs(args.seconds);

    // 1. The engine's own limit, with a payload the size of a referral.
    let payload = serde_like_payload(&complete(&practice, 0));
    let one = store
        .commit_rate(1, seconds, &payload)
        .await
        .map_err(|e| e.to_string())?;
    let many = store
        .commit_rate(args.concurrency, seconds, &payload)
        .await
        .map_err(|e| e.to_string())?;
    let limit = one.per_second().max(many.per_second());

    // Enough complete drafts for both phases.
    let needed = ((limit * args.seconds as f64 * 2.0) as usize + 2_000).min(400_000);
    let mut tokens = Vec::with_capacity(needed);
    for chunk in 0..needed.div_ceil(2_000) {
        let batch: Vec<(String, ReferralInput)> = (0..2_000)
            .map(|i| {
                (
                    roots_store::new_token().0,
                    complete(&practice, chunk * 2_000 + i),
                )
            })
            .collect();
        store
            .save_drafts(&batch, Mode::Public, jiff::SignedDuration::from_hours(2))
            .await
            .map_err(|e| e.to_string())?;
        tokens.extend(batch.into_iter().map(|(t, _)| t));
    }
    let tokens = Arc::new(tokens);
    let next = Arc::new(AtomicUsize::new(0));

    let listener = roots::bind("127.0.0.1:0")
        .await
        .map_err(|e| e.to_string())?;
    let url = format!(
        "http://{}/refer/check",
        listener.local_addr().map_err(|e| e.to_string())?
    );
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn({
        let store = store.clone();
        async move {
            // Every request comes from one address: no public rate limit.
            let web = roots_web::WebConfig {
                public_submissions_per_hour: 0,
                ..Default::default()
            };
            roots::serve(store, Some("demo"), web, listener, async {
                let _ = stop_rx.await;
            })
            .await
        }
    });
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(args.concurrency * 4)
        .build()
        .map_err(|e| e.to_string())?;

    // 2. Closed loop at full speed.
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..args.concurrency {
        let (client, url, tokens, next) =
            (client.clone(), url.clone(), tokens.clone(), next.clone());
        workers.push(tokio::spawn(async move {
            let mut l = Latencies::default();
            while started.elapsed() < seconds {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(token) = tokens.get(i) else { break };
                match send(&client, &url, token).await {
                    Ok(d) => l.ok.push(d),
                    Err(()) => l.failed += 1,
                }
            }
            l
        }));
    }
    let mut full = Latencies::default();
    for w in workers {
        let l = w.await.map_err(|e| e.to_string())?;
        full.ok.extend(l.ok);
        full.failed += l.failed;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let max_rate = full.ok.len() as f64 / elapsed;

    // 3. Open loop at half the maximum rate.
    let rate = (max_rate / 2.0).max(1.0);
    let interval = Duration::from_secs_f64(1.0 / rate);
    let started = tokio::time::Instant::now();
    let mut pending = Vec::new();
    let mut k = 0u32;
    while started.elapsed() < seconds {
        let at = started + interval * k;
        tokio::time::sleep_until(at).await;
        k += 1;
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(token) = tokens.get(i).cloned() else {
            break;
        };
        let (client, url) = (client.clone(), url.clone());
        pending.push(tokio::spawn(
            async move { send(&client, &url, &token).await },
        ));
    }
    let mut half = Latencies::default();
    for p in pending {
        match p.await.map_err(|e| e.to_string())? {
            Ok(d) => half.ok.push(d),
            Err(()) => half.failed += 1,
        }
    }
    let stored = store
        .count_referrals(&demo.service.id)
        .await
        .map_err(|e| e.to_string())?
        - 5;
    let _ = stop_tx.send(());
    // Stopping the server also closes the store.
    server
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())?;

    let ratio = 100.0 * max_rate / limit;
    println!(
        "\n== {} (durable: {}) ==",
        engine.name(),
        durability(engine)
    );
    println!(
        "engine limit, single-row commits/s:  {:>8.0} from 1 task, {:>8.0} from {} tasks",
        one.per_second(),
        many.per_second(),
        args.concurrency
    );
    println!(
        "intake at full speed ({} clients):   {:>8.0} referrals/s = {:.0}% of the engine limit; p50 {:.1} ms, p99 {:.1} ms; {} failed",
        args.concurrency,
        max_rate,
        ratio,
        full.percentile(50.0),
        full.percentile(99.0),
        full.failed
    );
    println!(
        "intake at half speed ({:.0}/s, open loop): p50 {:.1} ms, p99 {:.1} ms over {} referrals; {} failed",
        rate,
        half.percentile(50.0),
        half.percentile(99.0),
        half.ok.len(),
        half.failed
    );
    println!(
        "referrals committed: {stored} (acknowledged {}); goals: >= 50% of limit on SQLite: {}; p99 < 50 ms at half speed: {}",
        full.ok.len() + half.ok.len(),
        if engine == Engine::Sqlite {
            if ratio >= 50.0 { "met" } else { "NOT met" }
        } else {
            "n/a"
        },
        if half.percentile(99.0) < 50.0 {
            "met"
        } else {
            "NOT met"
        }
    );
    db.remove().await.map_err(|e| e.to_string())?;
    Ok(())
}

/// A string the size of a referral's stored answers.
fn serde_like_payload(input: &ReferralInput) -> String {
    format!("{input:?}")
}

fn durability(engine: Engine) -> &'static str {
    match engine {
        Engine::Sqlite => "WAL, synchronous=FULL",
        Engine::Postgres => "fsync on, synchronous_commit as the server is set",
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = Args::parse();
    if !["intake", "views", "evaluation"].contains(&args.what.as_str()) {
        eprintln!(
            "roots-bench: unknown benchmark {:?} (try `intake`, `views` or `evaluation`)",
            args.what
        );
        return std::process::ExitCode::from(2);
    }
    let engines: Vec<Engine> = match (args.database.as_deref(), args.engine.as_str()) {
        (Some(url), _) if url.starts_with("sqlite:") => vec![Engine::Sqlite],
        (Some(_), _) => vec![Engine::Postgres],
        (None, "sqlite") => vec![Engine::Sqlite],
        (None, "postgres") => vec![Engine::Postgres],
        _ => vec![Engine::Sqlite, Engine::Postgres],
    };
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    if args.what == "evaluation" {
        println!(
            "roots-bench evaluation: {} people seen over a year, {} runs, {} cores; {}",
            args.episodes,
            args.runs,
            cores,
            evaluation::machine_reference()
        );
        if let Some(file) = &args.lines {
            return match evaluation::count_file(file, args.runs) {
                Ok(()) => std::process::ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("roots-bench: {e}");
                    std::process::ExitCode::FAILURE
                }
            };
        }
    } else if args.what == "views" {
        println!(
            "roots-bench views: {} people x {} entries, {} waiting, {} requests per page, {} cores",
            args.people, args.entries, args.waiting, args.requests, cores
        );
    } else {
        println!(
            "roots-bench intake: {} s per phase, {} clients, {} cores",
            args.seconds, args.concurrency, cores
        );
    }
    for engine in engines {
        let done = if args.what == "evaluation" {
            evaluation::evaluation(engine, &args, engine == Engine::Sqlite).await
        } else if args.what == "views" {
            views::views(engine, &args).await
        } else {
            intake(engine, &args).await
        };
        if let Err(e) = done {
            eprintln!("roots-bench: {}: {e}", engine.name());
            return std::process::ExitCode::FAILURE;
        }
    }
    std::process::ExitCode::SUCCESS
}
