//! `roots-bench evaluation`: the full service evaluation over a large
//! generated service, on each engine, against the same aggregation in
//! Python pandas over a CSV export of the same records (what an analyst
//! would otherwise do).
//!
//! For each engine, on a fresh database: the demonstration service, then
//! `roots generate`'s synthetic service of `--episodes` people seen over a
//! year (default 1,000,000); the database's triggers mark each referral's
//! kept facts out of date as its records are written, and the facts are
//! then brought up to date (`Store::refresh_evaluation_facts`, timed: what
//! a live service does a few referrals at a time before each evaluation).
//! Then each day's counts are counted from the lines and kept
//! (`Store::refresh_evaluation_days`, timed: a live service counts only
//! the days whose lines changed). Then, timed:
//!
//! 1. Roots: the full evaluation of the year as the page and `roots
//!    evaluate` do it (`Store::evaluation`: the days' kept counts merged,
//!    then figures, waits, rates, ROI, equity and suppression), `--runs`
//!    times; beside each run, every line read and counted instead
//!    (`evaluation_cohort`, `Cohort::counts`, timed apart), checked to give
//!    the same evaluation.
//! 2. The same after 1,000 referrals were written to (a note added to each
//!    through the store's own write path), so the evaluation first
//!    recomputes their facts (a note changes no line, so no day); then
//!    with the last 30 days listed as out of date, so the evaluation first
//!    counts them again: what an evaluation costs in a working service.
//! 3. pandas (first engine only; the records are identical): the records
//!    the evaluation reads are exported to CSV (referrals, triage,
//!    appointments, discharges, measure scores, one file each, JSON
//!    fields flattened), then `bench/evaluation_pandas.py` reads them and
//!    computes the headline figures with merges and group-bys: its time to
//!    read the CSVs and its time to compute are printed separately. Its
//!    figures are printed beside Roots' so they can be seen to agree.
//!
//! `--database URL` evaluates a database kept by an earlier run (`--keep`)
//! instead of generating one. The figures are printed; nothing is
//! asserted. See docs/benchmarks.md.

use std::io::Write;
use std::time::Instant;

use roots_core::evaluation::report::{self, Config};
use roots_store::audit::Actor;
use roots_store::evaluation::Period;
use roots_store::testing::TestDatabase;
use roots_store::{Engine, Store};
use sqlx::Row;

use crate::Args;

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// The generated year.
const FROM: &str = "2024-01-01";
const TO: &str = "2024-12-31";

/// Referrals written to before the evaluation in a working service.
const TOUCHED: usize = 1_000;

/// Days listed as out of date before the evaluation (a month of a working
/// service's changes to its open episodes).
const RECOUNTED: usize = 30;

pub async fn evaluation(engine: Engine, args: &Args, export: bool) -> Result<(), String> {
    let db = match &args.database {
        Some(_) => None,
        None => Some(TestDatabase::new(engine).await.map_err(err)?),
    };
    let url = args
        .database
        .clone()
        .or_else(|| db.as_ref().map(|d| d.url.clone()))
        .ok_or("no database")?;
    let mut opts = roots_store::StoreOptions::default();
    if let Some(mib) = args.sqlite_cache_mib {
        opts.sqlite_cache_kib = mib.saturating_mul(1024);
    }
    if let Some(mib) = args.sqlite_mmap_mib {
        opts.sqlite_mmap_bytes = mib.saturating_mul(1 << 20);
    }
    if engine == Engine::Sqlite {
        println!(
            "sqlite: page cache {} KiB a connection, memory map {} bytes",
            opts.sqlite_cache_kib, opts.sqlite_mmap_bytes
        );
    }
    let store = Store::connect(&url, &opts).await.map_err(err)?;
    store.migrate().await.map_err(err)?;
    let service = if db.is_some() {
        let demo = roots::demo::seed(&store).await.map_err(err)?;
        roots::demo::seed_postcodes(&store).await.map_err(err)?;
        let practices = store.practices(&demo.service.id).await.map_err(err)?;
        let shape = roots::generate::Shape::sized(args.episodes, 12, FROM.parse().map_err(err)?);
        let t = Instant::now();
        let done = roots::generate::generate(&store, &demo.service.id, &practices, &shape, 1, {
            // Progress every tenth: the rate over time shows whether
            // writing slows as the database grows.
            let step = (args.episodes / 10).max(1_000);
            let mut next = step;
            move |done, total| {
                if done >= next || done == total {
                    eprintln!(
                        "{}: generated {done} of {total} people in {:.0} s",
                        engine.name(),
                        t.elapsed().as_secs_f64()
                    );
                    next += step;
                }
            }
        })
        .await
        .map_err(err)?;
        println!(
            "{}: generated in {:.1} s: {}",
            engine.name(),
            t.elapsed().as_secs_f64(),
            roots::generate::summary(&done)
        );
        demo.service
    } else {
        store
            .service(None)
            .await
            .map_err(err)?
            .ok_or("the database has no service")?
    };
    let t = Instant::now();
    let n = store
        .refresh_evaluation_facts(&service.id)
        .await
        .map_err(err)?;
    let took = t.elapsed().as_secs_f64();
    println!(
        "{}: facts of {n} referrals brought up to date in {took:.1} s ({:.0} µs each)",
        engine.name(),
        took * 1e6 / (n.max(1) as f64)
    );
    let t = Instant::now();
    let days = store
        .refresh_evaluation_days(&service.id)
        .await
        .map_err(err)?;
    let took = t.elapsed().as_secs_f64();
    println!(
        "{}: {days} days counted from their lines and kept in {took:.1} s",
        engine.name()
    );
    let period = Period {
        service_id: service.id.clone(),
        from: FROM.parse().map_err(err)?,
        to: TO.parse().map_err(err)?,
        practice_id: None,
    };
    let config = Config::default();
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..args.runs.max(1) {
        // As the page does it: the days' kept counts merged.
        let t = Instant::now();
        let e = store.evaluation(&period, &config).await.map_err(err)?;
        let total = t.elapsed().as_secs_f64();
        // Every line read and counted instead, the read and the counting
        // timed apart.
        let t = Instant::now();
        let cohort = store.evaluation_cohort(&period).await.map_err(err)?;
        let read = t.elapsed().as_secs_f64();
        let counts = cohort.counts().map_err(err)?;
        let count = t.elapsed().as_secs_f64() - read;
        if report::evaluate_counts(counts, cohort.sessions, &config) != e {
            return Err("counting the lines disagrees with the days' kept counts".into());
        }
        times.push((total, read, count));
        last = Some(e);
    }
    let e = last.ok_or("no run")?;
    let best = |f: fn(&(f64, f64, f64)) -> f64| times.iter().map(f).fold(f64::INFINITY, f64::min);
    println!(
        "{}: Roots evaluation of {} referrals: best {:.3} s (every line read and counted instead: best {:.3} s); runs (evaluation; lines read, counted): {}",
        engine.name(),
        e.row("referrals").and_then(|r| r.value).unwrap_or(0.0),
        best(|t| t.0),
        best(|t| t.1 + t.2),
        times
            .iter()
            .map(|(t, r, c)| format!("({t:.3}; {r:.3}, {c:.3})"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    println!("{}: Roots figures: {}", engine.name(), headline(&e));
    let best = best(|t| t.0);
    let touched = touch(&store, &url, &service.id, TOUCHED).await?;
    let t = Instant::now();
    let refreshed = store
        .refresh_evaluation_facts(&service.id)
        .await
        .map_err(err)?;
    let recounted = store
        .refresh_evaluation_days(&service.id)
        .await
        .map_err(err)?;
    let after = store.evaluation(&period, &config).await.map_err(err)?;
    println!(
        "{}: after {touched} referrals were written to: {refreshed} recomputed, {recounted} days counted again; evaluation {:.3} s",
        engine.name(),
        t.elapsed().as_secs_f64()
    );
    if headline(&after) != headline(&e) {
        println!("{}: (a note changes no figure; they differ)", engine.name());
    }
    // What a day changed costs: the last RECOUNTED days of the year
    // listed as out of date (as a write to one of their lines would),
    // then the evaluation, which counts them again first.
    let listed = list_days(&url, &service.id, RECOUNTED).await?;
    let t = Instant::now();
    let again = store.evaluation(&period, &config).await.map_err(err)?;
    println!(
        "{}: with the last {listed} days out of date: evaluation {:.3} s",
        engine.name(),
        t.elapsed().as_secs_f64()
    );
    if again != after {
        return Err("counting days again changed the evaluation".into());
    }
    if export {
        pandas(&url, &service.id, best).await?;
    }
    store.close().await;
    if let Some(db) = db {
        if args.keep {
            println!(
                "{}: kept at {}",
                engine.name(),
                db.keep().await.map_err(err)?
            );
        } else {
            db.remove().await.map_err(err)?;
        }
    }
    Ok(())
}

/// How fast this machine's core is, as one figure to put beside the
/// others: sorting 10 million numbers on one thread (the same numbers each
/// time). Machines of the same kind have differed by three times in this.
pub fn machine_reference() -> String {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut v: Vec<u64> = (0..10_000_000)
        .map(|_| {
            // xorshift64
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        })
        .collect();
    let t = Instant::now();
    v.sort_unstable();
    format!(
        "this machine sorts 10 million numbers on one core in {:.3} s",
        t.elapsed().as_secs_f64()
    )
}

/// Times counting one part's lines read from `file`, on one thread.
pub fn count_file(file: &std::path::Path, runs: usize) -> Result<(), String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let mut times = Vec::new();
    let mut referrals = 0;
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        let c = roots_store::evaluation::count_lines(&text).map_err(err)?;
        times.push(t.elapsed().as_secs_f64());
        referrals = c.referrals();
    }
    let best = times.iter().copied().fold(f64::INFINITY, f64::min);
    println!(
        "counted {referrals} lines ({:.1} MB) on one thread: best {best:.3} s ({:.2} µs a line); runs {}",
        text.len() as f64 / 1e6,
        best * 1e6 / (referrals.max(1) as f64),
        times
            .iter()
            .map(|t| format!("{t:.3}"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    Ok(())
}

/// Lists the service's last `n` days with kept counts as out of date;
/// returns how many.
async fn list_days(url: &str, service_id: &str, n: usize) -> Result<u64, String> {
    sqlx::any::install_default_drivers();
    let mut c = <sqlx::AnyConnection as sqlx::Connection>::connect(url)
        .await
        .map_err(err)?;
    let done = sqlx::query(
        "INSERT INTO referral_facts_days_stale (service_id, day)
         SELECT DISTINCT service_id, day FROM referral_facts_days
         WHERE service_id = $1 AND day IN (SELECT DISTINCT day FROM referral_facts_days
                                          WHERE service_id = $1 ORDER BY day DESC LIMIT $2)
         ON CONFLICT (service_id, day) DO UPDATE
         SET changes = referral_facts_days_stale.changes + 1",
    )
    .bind(service_id.to_owned())
    .bind(n as i64)
    .execute(&mut c)
    .await
    .map_err(err)?;
    Ok(done.rows_affected())
}

/// Adds a note to the episodes of `n` referrals, each through the store's
/// own write path; returns how many.
async fn touch(store: &Store, url: &str, service_id: &str, n: usize) -> Result<usize, String> {
    sqlx::any::install_default_drivers();
    let mut c = <sqlx::AnyConnection as sqlx::Connection>::connect(url)
        .await
        .map_err(err)?;
    let rows = sqlx::query(
        "SELECT e.id, e.opened_by FROM episodes e WHERE e.service_id = $1 ORDER BY e.id LIMIT $2",
    )
    .bind(service_id.to_owned())
    .bind(n as i64)
    .fetch_all(&mut c)
    .await
    .map_err(err)?;
    let now = jiff::Timestamp::now();
    for r in &rows {
        let episode: String = r.try_get(0).map_err(err)?;
        let author: String = r.try_get(1).map_err(err)?;
        let actor = Actor {
            user_id: Some(author),
            roles: vec![],
            request_id: None,
            system: false,
        };
        store
            .add_entry(
                &episode,
                "note",
                &serde_json::json!({"text": "Reviewed (benchmark)"}),
                &actor,
                now,
            )
            .await
            .map_err(err)?;
    }
    Ok(rows.len())
}

/// The figures both sides compute, in one line.
fn headline(e: &report::Evaluation) -> String {
    let v = |f: &str| e.row(f).and_then(|r| r.value).unwrap_or(f64::NAN);
    let phq = e
        .rows_of("measures", Some("mean_change"))
        .find(|r| r.group.as_deref() == Some("phq9"))
        .and_then(|r| r.value)
        .unwrap_or(f64::NAN);
    format!(
        "referrals {} seen {} contacts {} dna% {:.2} triage median {:.3} p90 {:.3} contact median {:.3} p90 {:.3} self-management% {:.2} gp% {:.2} cmht% {:.2} phq9 change {:.3}",
        v("referrals"),
        v("people_seen"),
        v("contacts"),
        v("did_not_attend"),
        v("wait_to_triage_median"),
        v("wait_to_triage_p90"),
        v("wait_to_contact_median"),
        v("wait_to_contact_p90"),
        v("self_management"),
        v("gp_avoided"),
        v("cmht_avoided"),
        phq
    )
}

/// Writes one query's rows as CSV.
async fn export(
    c: &mut sqlx::AnyConnection,
    path: &std::path::Path,
    header: &[&str],
    sql: &str,
    service: &str,
) -> Result<usize, String> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .bind(service.to_owned())
        .fetch_all(&mut *c)
        .await
        .map_err(err)?;
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).map_err(err)?);
    writeln!(w, "{}", header.join(",")).map_err(err)?;
    for r in &rows {
        let cells: Vec<String> = (0..header.len())
            .map(|i| {
                r.try_get::<Option<String>, _>(i)
                    .ok()
                    .flatten()
                    .or_else(|| {
                        r.try_get::<Option<i64>, _>(i)
                            .ok()
                            .flatten()
                            .map(|n| n.to_string())
                    })
                    .unwrap_or_default()
            })
            .collect();
        writeln!(w, "{}", cells.join(",")).map_err(err)?;
    }
    w.flush().map_err(err)?;
    Ok(rows.len())
}

async fn pandas(url: &str, service: &str, roots_best: f64) -> Result<(), String> {
    sqlx::any::install_default_drivers();
    let mut c = <sqlx::AnyConnection as sqlx::Connection>::connect(url)
        .await
        .map_err(err)?;
    let dir = std::env::temp_dir().join(format!("roots-bench-eval-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(err)?;
    let t = Instant::now();
    let json = |k: &str| format!("CAST(json_extract(c.body, '$.{k}') AS TEXT)");
    let exports = [
        (
            "referrals.csv",
            vec!["id", "person", "source", "created_at"],
            "SELECT id, COALESCE(person_id, id), source, created_at FROM referrals WHERE service_id = $1".to_owned(),
        ),
        (
            "triage.csv",
            vec!["referral_id", "version", "at", "pathways"],
            "SELECT t.referral_id, t.version, t.at, '\"' || t.pathways || '\"' FROM triage_records t JOIN referrals r ON r.id = t.referral_id WHERE r.service_id = $1".to_owned(),
        ),
        (
            "appointments.csv",
            vec!["referral_id", "starts_at", "status"],
            "SELECT e.referral_id, a.starts_at, a.status FROM appointments a JOIN episodes e ON e.id = a.episode_id WHERE e.service_id = $1 AND a.status IN ('attended', 'did_not_attend')".to_owned(),
        ),
        (
            "discharges.csv",
            vec![
                "referral_id",
                "self_management_offered",
                "gp_appointments_avoided",
                "cmht_referral_avoided",
            ],
            format!(
                "SELECT e.referral_id, {}, {}, {} FROM clinical_entries c JOIN episodes e ON e.id = c.episode_id WHERE e.service_id = $1 AND c.kind = 'discharge'",
                json("self_management_offered"),
                json("gp_appointments_avoided"),
                json("cmht_referral_avoided")
            ),
        ),
        (
            "measures.csv",
            vec!["referral_id", "measure", "total", "at"],
            format!(
                "SELECT e.referral_id, {}, {}, c.at FROM clinical_entries c JOIN episodes e ON e.id = c.episode_id WHERE e.service_id = $1 AND c.kind = 'measure'",
                json("measure"),
                json("total")
            ),
        ),
    ];
    let mut rows = 0;
    for (file, header, sql) in &exports {
        rows += export(&mut c, &dir.join(file), header, sql, service).await?;
    }
    println!(
        "CSV export for pandas (SQLite): {rows} rows in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/evaluation_pandas.py");
    let out = std::process::Command::new("python3")
        .arg(script)
        .arg(&dir)
        .arg(FROM)
        .arg(TO)
        .output()
        .map_err(err)?;
    let _ = std::fs::remove_dir_all(&dir);
    let text = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!(
            "pandas: {}{}",
            text,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    print!("{text}");
    if let Some(compute) = text
        .lines()
        .find_map(|l| l.strip_prefix("pandas compute s: "))
        .and_then(|v| v.trim().parse::<f64>().ok())
    {
        let total: f64 = text
            .lines()
            .find_map(|l| l.strip_prefix("pandas total s: "))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(f64::NAN);
        println!(
            "Roots (SQLite) best {:.3} s; pandas compute {:.3} s (ratio {:.2}), pandas read + compute {:.3} s (ratio {:.2})",
            roots_best,
            compute,
            roots_best / compute,
            total,
            roots_best / total
        );
    }
    Ok(())
}
