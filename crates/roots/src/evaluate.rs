//! `roots evaluate` and `roots generate`: the evaluation of a period as a
//! table, JSON or CSV (the same rows as the service lead's page), and a
//! synthetic service to evaluate.

use jiff::civil::Date;
use roots_core::evaluation::report::{self, Config, Evaluation, number};
use roots_store::audit::{Actor, Event};
use roots_store::evaluation::Period;
use roots_store::{Service, Store};

use crate::Fatal;
use crate::generate::{self, Shape};

pub struct Request {
    pub from: String,
    pub to: String,
    pub practice: Option<String>,
    pub format: String,
}

fn day(name: &str, v: &str) -> Result<Date, Fatal> {
    roots_core::dates::parse_iso(v).map_err(|_| {
        Fatal::config(format!(
            "--{name} must be a date as YYYY-MM-DD from {} to {} (it is {v:?})",
            roots_core::dates::EARLIEST,
            roots_core::dates::LATEST
        ))
    })
}

/// The most people `roots generate` makes in one service.
pub const MAX_PERSONS: usize = 5_000_000;

/// The period of a request, checked: dates that read, the end not before
/// the start, a practice of the service.
pub async fn period(
    store: &Store,
    service: &Service,
    from: &str,
    to: &str,
    practice: Option<&str>,
) -> Result<Period, Fatal> {
    let from = day("from", from)?;
    let to = day("to", to)?;
    if to < from {
        return Err(Fatal::config(format!(
            "--to ({to}) is before --from ({from})"
        )));
    }
    let practice_id = match practice {
        None => None,
        Some(p) => {
            let all = store.practices(&service.id).await?;
            let found = all
                .iter()
                .find(|x| {
                    x.id == p
                        || x.ods_code
                            .as_deref()
                            .is_some_and(|o| o.eq_ignore_ascii_case(p))
                })
                .ok_or_else(|| {
                    Fatal::config(format!(
                        "{} has no practice {p:?} (give its ODS code or id)",
                        service.name
                    ))
                })?;
            Some(found.id.clone())
        }
    };
    Ok(Period {
        service_id: service.id.clone(),
        from,
        to,
        practice_id,
    })
}

/// Evaluates the period and writes it in the format asked for.
pub async fn run(
    store: &Store,
    service: &Service,
    r: &Request,
    config: &Config,
) -> Result<String, Fatal> {
    if !["table", "json", "csv"].contains(&r.format.as_str()) {
        return Err(Fatal::config(format!(
            "--format must be table, json or csv (it is {:?})",
            r.format
        )));
    }
    let period = period(store, service, &r.from, &r.to, r.practice.as_deref()).await?;
    let e = store.evaluation(&period, config).await?;
    Ok(match r.format.as_str() {
        "json" => {
            // The rows (suppressed as on the page), and what they rest on;
            // not the raw counts behind them.
            let v = serde_json::json!({
                "service": service.slug,
                "from": period.from.to_string(),
                "to": period.to.to_string(),
                "suppress_below": e.suppress_below,
                "sessions": e.sessions,
                "costs": e.costs,
                "rows": e.rows,
            });
            let mut text =
                serde_json::to_string_pretty(&v).map_err(|e| Fatal::runtime(e.to_string()))?;
            text.push('\n');
            text
        }
        "csv" => report::csv(&e),
        _ => table(service, &period, &e),
    })
}

/// A plain-text table for a terminal: each figure with its parts.
pub fn table(service: &Service, p: &Period, e: &Evaluation) -> String {
    let tr = roots_web::i18n::Locales::load()
        .map(|l| l.get(roots_web::i18n::Lang::En))
        .ok();
    let mut out = format!(
        "{} — evaluation of referrals received {} to {}\n(figures of 1 to {} are not shown)\n",
        service.name,
        p.from,
        p.to,
        e.suppress_below.saturating_sub(1)
    );
    let mut section = String::new();
    for row in &e.rows {
        if row.section != section {
            section.clone_from(&row.section);
            out.push_str(&format!("\n{}\n", section.to_uppercase()));
        }
        let label = match &tr {
            Some(tr) => roots_web::evaluation::label(tr, row),
            None => format!("{} {}", row.figure, row.group.clone().unwrap_or_default()),
        };
        let value = if row.suppressed {
            "not shown (small number)".to_owned()
        } else {
            match row.value {
                None => "—".to_owned(),
                Some(v) => match row.unit {
                    report::Unit::Percent => format!("{}%", number(v)),
                    report::Unit::Pounds => report::pounds(v),
                    report::Unit::Days => format!("{} days", number(v)),
                    report::Unit::Hours => format!("{} hours", number(v)),
                    _ => number(v),
                },
            }
        };
        let parts = match (row.numerator, row.denominator, row.unit) {
            (Some(n), Some(d), _) => format!(" ({n} of {d})"),
            (None, Some(d), report::Unit::Percent) => format!(" (of {d})"),
            (_, Some(d), _) => format!(" (n = {d})"),
            _ => String::new(),
        };
        let baseline = row
            .baseline
            .as_ref()
            .map(|b| format!("  [configured baseline {}: {}]", number(b.value), b.source))
            .unwrap_or_default();
        out.push_str(&format!("  {label:<58} {value}{parts}{baseline}\n"));
    }
    out
}

pub struct GenerateRequest {
    pub persons: Option<usize>,
    pub months: Option<i64>,
    pub seed: u64,
    pub preset: Option<String>,
    pub start: Option<String>,
    pub service: Option<String>,
}

/// The made-up practices of a generated service.
const PRACTICES: &[(&str, &str, &str)] = &[
    ("Meddygfa Afon (synthetic)", "W99001", "LL57 2SW"),
    ("Bryn Surgery (synthetic)", "W99002", "LL77 7AA"),
    ("Castell Health Centre (synthetic)", "W99003", "LL55 1AA"),
];

/// `roots generate`: a new service with made-up practices, filled by
/// the generator.
pub async fn generate_service(store: &Store, r: &GenerateRequest) -> Result<(), Fatal> {
    let mut shape = match &r.preset {
        None => Shape::sized(200, 5, jiff::civil::date(2020, 6, 1)),
        Some(name) => generate::preset(name).ok_or_else(|| {
            Fatal::config(format!(
                "there is no preset {name:?} (there is: {})",
                generate::PRESETS.join(", ")
            ))
        })?,
    };
    if r.persons.is_some() || r.months.is_some() || r.start.is_some() {
        let start = match &r.start {
            Some(s) => day("start", s)?,
            None => shape.start,
        };
        let sized = Shape::sized(
            r.persons.unwrap_or(shape.persons),
            r.months.unwrap_or(shape.months),
            start,
        );
        shape = Shape {
            ots: sized
                .ots
                .max(if r.persons.is_none() { shape.ots } else { 1 }),
            ..sized
        };
    }
    if !(1..=MAX_PERSONS).contains(&shape.persons) || !(1..=120).contains(&shape.months) {
        return Err(Fatal::config(format!(
            "--persons must be from 1 to {MAX_PERSONS} and --months from 1 to 120"
        )));
    }
    let slug = r.service.clone().unwrap_or_else(|| match &r.preset {
        Some(p) => p.clone(),
        None => format!("generated-{}", r.seed),
    });
    if !roots_core::identifiers::slug_ok(&slug) {
        return Err(Fatal::config(format!(
            "--service {slug:?} must be lower-case letters and digits in words joined by hyphens (like generated-7)"
        )));
    }
    let service = match store
        .create_service(&slug, &format!("Synthetic service ({slug})"))
        .await
    {
        Ok(s) => s,
        Err(roots_store::StoreError::Conflict) => {
            return Err(Fatal::config(format!(
                "a service with the slug {slug} already exists (choose another with --service)"
            )));
        }
        Err(e) => return Err(e.into()),
    };
    let mut practices = Vec::new();
    for (name, ods, postcode) in PRACTICES {
        let mut p = store.add_practice(&service.id, name, Some(ods)).await?;
        store
            .set_practice_postcode(&service.id, &p.id, Some(postcode))
            .await?;
        p.postcode = Some((*postcode).to_owned());
        practices.push(p);
    }
    crate::demo::seed_directory(store, &service.id).await?;
    let done = generate_into(store, &service, &practices, &shape, r.seed).await?;
    println!(
        "Generated {} in the service {slug}: {}.",
        if r.preset.is_some() {
            "the preset"
        } else {
            "a synthetic service"
        },
        generate::summary(&done)
    );
    println!(
        "Evaluate it with: roots evaluate --service {slug} --from {} --to {}",
        shape.start,
        shape
            .start
            .checked_add(jiff::Span::new().months(shape.months))
            .and_then(|d| d.yesterday())
            .unwrap_or(shape.start)
    );
    Ok(())
}

/// Fills `service`, brings the evaluation's kept facts up to date, and
/// records one audit event for the whole generation. Shows a progress bar
/// on a terminal for long runs.
pub async fn generate_into(
    store: &Store,
    service: &Service,
    practices: &[roots_store::Practice],
    shape: &Shape,
    seed: u64,
) -> Result<generate::Generated, Fatal> {
    use std::io::{IsTerminal, Write};
    let show = std::io::stderr().is_terminal() && shape.persons >= 5_000;
    let done = generate::generate(store, &service.id, practices, shape, seed, |done, all| {
        if show {
            let width = 40;
            let filled = done * width / all.max(1);
            eprint!(
                "\r[{}{}] {done}/{all} people",
                "#".repeat(filled),
                " ".repeat(width - filled)
            );
            let _ = std::io::stderr().flush();
        }
    })
    .await?;
    if show {
        eprintln!();
        eprint!("Bringing the evaluation's facts up to date… ");
        let _ = std::io::stderr().flush();
    }
    // What the evaluation reads, computed now rather than at the first
    // evaluation.
    let refreshed = store.refresh_evaluation_facts(&service.id).await?;
    if show {
        eprintln!("{refreshed} referrals.");
    }
    let detail = format!("seed {seed}: {}", generate::summary(&done));
    let event = Event::on("service.generate", "service", &service.id).detail(&detail);
    store.audit(&Actor::system(), event).await?;
    Ok(done)
}
