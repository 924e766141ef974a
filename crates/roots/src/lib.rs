//! The `roots` program: one binary with subcommands.
//!
//! `main.rs` only calls [`main`]. The pieces tests need ([`open_store`],
//! [`serve`], [`demo::seed`]) are public so the integration and browser
//! tests start the real application, not a copy of it.

pub mod checkpoints;
pub mod config;
pub mod demo;
pub mod directory;
pub mod evaluate;
pub mod generate;

use std::future::Future;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use roots_core::staff::Role;
use roots_core::text::Kind;
use roots_store::audit::{Actor, Event, Verified};
use roots_store::{Store, StoreError, StoreOptions};
use roots_web::{App, WebConfig};
use tokio::net::TcpListener;

pub use config::Settings;

/// A failure that ends the program with one clear sentence.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Fatal {
    pub message: String,
    pub code: u8,
}

impl Fatal {
    pub fn config(message: impl Into<String>) -> Fatal {
        Fatal {
            message: message.into(),
            code: 2,
        }
    }

    pub fn runtime(message: impl Into<String>) -> Fatal {
        Fatal {
            message: message.into(),
            code: 1,
        }
    }
}

impl From<StoreError> for Fatal {
    fn from(e: StoreError) -> Fatal {
        match e {
            StoreError::Config(m) => Fatal::config(m),
            other => Fatal::runtime(other.to_string()),
        }
    }
}

#[derive(Debug, Parser)]
#[command(
    name = "roots",
    version,
    about = "First-contact occupational therapy in primary care"
)]
struct Cli {
    /// A TOML configuration file (environment variables override it).
    #[arg(long, global = true, env = "ROOTS_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the service (migrates the database first).
    Serve,
    /// Build a demonstration service on a fresh SQLite file, print its
    /// sign-ins, and serve it.
    Demo {
        /// The demonstration database (replaced on every run).
        #[arg(long, default_value = "sqlite://data/demo.sqlite")]
        database: String,
    },
    /// Bring the database schema up to date.
    Migrate,
    /// Manage staff accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Manage services (a deployment serves one or more).
    Service {
        #[command(subcommand)]
        command: ServiceCommand,
    },
    /// Manage the GP practices of a service.
    Practice {
        #[command(subcommand)]
        command: PracticeCommand,
    },
    /// The directory of community resources (Open Referral UK 3.0).
    Directory {
        #[command(subcommand)]
        command: DirectoryCommand,
    },
    /// Postcodes and where they are, for searching the directory by
    /// distance.
    Postcodes {
        #[command(subcommand)]
        command: PostcodesCommand,
    },
    /// The service evaluation of a period, computed from the records
    /// (docs/evaluation.md): activity, waits, outcomes, return on
    /// investment and equity, small numbers suppressed.
    Evaluate {
        /// The first day of the period (YYYY-MM-DD): referrals received
        /// from this day.
        #[arg(long, value_name = "DATE")]
        from: String,
        /// The last day of the period (YYYY-MM-DD), included.
        #[arg(long, value_name = "DATE")]
        to: String,
        /// One practice only: its ODS code or id.
        #[arg(long)]
        practice: Option<String>,
        /// table (default), json or csv.
        #[arg(long, default_value = "table")]
        format: String,
        /// The service's slug (default: the first service).
        #[arg(long)]
        service: Option<String>,
    },
    /// Write a synthetic service into the database (made-up people only):
    /// practices, OTs with clinic days, referrals, triage, appointments,
    /// episodes and their outcomes. Deterministic for a seed.
    Generate {
        /// People seen (default: the preset's, or 200).
        #[arg(long)]
        persons: Option<usize>,
        /// Months of activity (default: the preset's, or 5).
        #[arg(long)]
        months: Option<i64>,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// A named shape: north-wales-2020 (the RCOT case study).
        #[arg(long)]
        preset: Option<String>,
        /// The first day (YYYY-MM-DD; default: the preset's, or 2020-06-01).
        #[arg(long, value_name = "DATE")]
        start: Option<String>,
        /// The new service's slug (default: generated-SEED, or the preset's
        /// name).
        #[arg(long)]
        service: Option<String>,
    },
    /// Print the OpenAPI document of the JSON API.
    Openapi,
    /// Print the 6-digit code an authenticator app would show now for a key
    /// (for trying the demo without an app, or checking a clock).
    TotpCode {
        /// The key shown on the set-up page (spaces are ignored).
        #[arg(long)]
        key: String,
    },
    /// The keys that seal authenticator keys in the database
    /// (two_factor_key_file; docs/operators.md).
    TwoFactor {
        #[command(subcommand)]
        command: TwoFactorCommand,
    },
    /// Subject access: everything held about a person, as JSON.
    Sar {
        #[command(subcommand)]
        command: SarCommand,
    },
    /// API tokens for integrations and scripts.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// The audit trail.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Suggest a triage for one referral and print it as JSON, or check a
    /// rulebook (docs/triage.md).
    Triage {
        /// The referral, as JSON in the shape POST /api/v1/referrals takes:
        /// a file, or - (the default) for standard input.
        #[arg(value_name = "FILE|-", conflicts_with = "check")]
        referral: Option<PathBuf>,
        /// A rulebook file to use instead of the one built in.
        #[arg(long, value_name = "FILE")]
        rulebook: Option<PathBuf>,
        /// Only check the rulebook: every problem with its file and line.
        #[arg(long, requires = "rulebook")]
        check: bool,
        /// Triage as on this date (YYYY-MM-DD), not today in Europe/London.
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum PostcodesCommand {
    /// Import a postcode file: the ONS Postcode Directory's CSV (columns
    /// pcds, lat, long, and ctry, oslaua, lsoa21, imd when present) or any
    /// CSV with postcode, latitude and longitude columns. Postcodes already
    /// held are replaced. Rows refused are printed (exit code 1); the rest
    /// are imported.
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum DirectoryCommand {
    /// Import services: SOURCE is a file (one service, an array, or a paged
    /// list; Open Referral UK 3.0 or the older profile) or the base address
    /// of an Open Referral UK API, whose pages are followed. Re-importing
    /// updates by id. Each record refused is printed with its id and the
    /// reason (exit code 1); the rest are imported.
    Import {
        #[arg(value_name = "SOURCE")]
        source: String,
        /// The service's slug (default: the first service).
        #[arg(long)]
        service: Option<String>,
    },
    /// Print every resource as Open Referral UK 3.0 JSON (an array of
    /// services, which `import` reads back).
    Export {
        /// The service's slug (default: the first service).
        #[arg(long)]
        service: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum SarCommand {
    /// Print everything held about the person a referral is about (that
    /// referral and any other with the same NHS number), with who has
    /// looked at them.
    Export {
        /// A referral's reference or id.
        #[arg(long)]
        referral: String,
        /// The service's slug (default: the first service).
        #[arg(long)]
        service: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum TokenCommand {
    /// Create a token that acts as a user; it is printed once.
    Create {
        /// The user's email.
        #[arg(long)]
        user: String,
        /// Days until it expires.
        #[arg(long, default_value_t = 90)]
        expires: i64,
        /// What it is for (shown in the user's list of tokens).
        #[arg(long, default_value = "command line")]
        name: String,
    },
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Walk the hash chain over every row; report the first event that
    /// does not match (exit code 1) or the number of events and the head
    /// hash. With --checkpoints, also prove that today's trail extends
    /// every signed checkpoint in a directory (nothing removed from its
    /// end, nothing rewritten).
    Verify {
        /// A directory of checkpoints (`*.checkpoint`) kept outside the
        /// database.
        #[arg(long, value_name = "DIR")]
        checkpoints: Option<PathBuf>,
        /// The public key that signed them (default: the one of
        /// audit_checkpoint_key_file).
        #[arg(long, value_name = "FILE", requires = "checkpoints")]
        public_key: Option<PathBuf>,
    },
    /// Verify the trail and sign a checkpoint of it with
    /// audit_checkpoint_key_file, written to audit_checkpoint_dir and/or
    /// standard output. `roots serve` does this on a schedule.
    Checkpoint {
        /// Print the checkpoint on standard output (for a log collector).
        #[arg(long)]
        stdout: bool,
    },
    /// Make a key pair for signing checkpoints: the private key in FILE
    /// (never overwritten), the public key in FILE.pub and on standard
    /// output.
    Keygen {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// The key's name, which is also the checkpoints' origin line: name
        /// the service and its deployment.
        #[arg(long, default_value = "roots-audit")]
        name: String,
    },
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Add a member of staff. The password comes from ROOTS_PASSWORD or a prompt.
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// receptionist, ot, clinician, service_lead or admin; repeat or comma-separate for several.
        #[arg(long = "role", value_delimiter = ',', required = true)]
        roles: Vec<String>,
        /// The service's slug (default: the first service).
        #[arg(long)]
        service: Option<String>,
    },
    /// Remove someone's authenticator app and recovery codes (a lost phone)
    /// and end their sessions; they set up a new one at their next sign-in.
    ResetTwoFactor {
        #[arg(long)]
        email: String,
    },
}

#[derive(Debug, Subcommand)]
enum TwoFactorCommand {
    /// Make a key file with a new key, or add a new key to an existing
    /// one, which then seals new values (rotation). The file is written
    /// readable by its owner only.
    NewKey {
        /// The key file (default: two_factor_key_file).
        #[arg(long)]
        file: Option<PathBuf>,
    },
    /// Seal every stored authenticator key under the key file's current
    /// key: those in the clear and those under older keys. Says how many
    /// are still under older keys (none: the old keys can be removed).
    Rekey,
}

#[derive(Debug, Subcommand)]
enum ServiceCommand {
    /// Add a service.
    Add {
        #[arg(long)]
        slug: String,
        #[arg(long)]
        name: String,
    },
}

#[derive(Debug, Subcommand)]
enum PracticeCommand {
    /// Add a GP practice to a service.
    Add {
        #[arg(long)]
        name: String,
        /// The practice's ODS code.
        #[arg(long)]
        ods: Option<String>,
        /// The practice's postcode, for searching the directory near it.
        #[arg(long)]
        postcode: Option<String>,
        /// The service's slug (default: the first service).
        #[arg(long)]
        service: Option<String>,
    },
}

/// Runs the command line; returns the exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    // Triage needs no database, configuration or runtime.
    if let Command::Triage {
        referral,
        rulebook,
        check,
        today,
    } = &cli.command
    {
        return match triage(
            referral.as_deref(),
            rulebook.as_deref(),
            *check,
            today.as_deref(),
        ) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(&e),
        };
    }
    // Nor does making a key (whose file the configuration may name).
    if let Command::Audit {
        command: AuditCommand::Keygen { out, name },
    } = &cli.command
    {
        return match checkpoints::keygen(out, name) {
            Ok(public) => {
                eprintln!(
                    "Wrote the private key to {} (keep it on the server only) and the public key to {}.pub (give it to whoever checks the checkpoints):",
                    out.display(),
                    out.display()
                );
                println!("{public}");
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e),
        };
    }
    let settings = match Settings::load(cli.config.as_deref()) {
        Ok(s) => s,
        Err(e) => return fail(&e),
    };
    init_logging(settings.log_json);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => return fail(&Fatal::runtime(format!("cannot start: {e}"))),
    };
    match runtime.block_on(run(cli.command, settings)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}

fn fail(e: &Fatal) -> ExitCode {
    eprintln!("roots: {e}");
    ExitCode::from(e.code)
}

fn init_logging(json: bool) {
    use tracing_subscriber::EnvFilter;
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = if json {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
    // The default hook prints a panic's message, which could hold what
    // someone typed; log only where it happened. (A request that panics
    // is answered with the error page: `roots_web::with_layers`.)
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        tracing::error!(
            at,
            "panic (its message is not logged: it may hold personal data)"
        );
    }));
}

async fn run(command: Command, settings: Settings) -> Result<(), Fatal> {
    match command {
        Command::Serve => {
            let cp = settings.audit_checkpoints.clone();
            let key = cp
                .key_file
                .as_deref()
                .map(checkpoints::read_key)
                .transpose()?;
            let store = open_store(&settings.database_url).await?;
            let store = with_key_file(store, settings.two_factor_key_file.as_deref())?;
            let listener = bind(&settings.listen).await?;
            if key.is_none() {
                tracing::warn!(
                    "no audit_checkpoint_key_file: the audit trail is verified but not checkpointed, so removing events from its end would not be found (docs/security.md)"
                );
            }
            let schedule = tokio::spawn(checkpoints::schedule(store.clone(), key, cp));
            let served = serve(
                store,
                settings.service.as_deref(),
                settings.web,
                listener,
                shutdown_signal(),
            )
            .await;
            schedule.abort();
            served
        }
        Command::Demo { database } => {
            if let Some(path) = database.strip_prefix("sqlite://") {
                let path = path.split('?').next().unwrap_or(path);
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{path}{suffix}"));
                }
            }
            let store = open_store(&database).await?;
            // The demonstration's own key file, beside its database (its
            // data are synthetic), unless one is configured.
            let key_file = match &settings.two_factor_key_file {
                Some(f) => PathBuf::from(f),
                None => {
                    let f = demo_key_file(&database);
                    let _ = std::fs::remove_file(&f);
                    roots_store::two_factor::keys::KeyRing::write_new(&f)
                        .map_err(|e| Fatal::config(e.to_string()))?;
                    f
                }
            };
            let store = with_key_file(store, key_file.to_str())?;
            let demo = demo::seed(&store).await?;
            demo::seed_directory(&store, &demo.service.id).await?;
            demo::seed_postcodes(&store).await?;
            let history = demo::seed_history(&store, &demo.service, 150, 1).await?;
            let listener = bind(&settings.listen).await?;
            let addr = listener
                .local_addr()
                .map_err(|e| Fatal::runtime(e.to_string()))?;
            println!("\nRoots demonstration service (synthetic data only) at http://{addr}/");
            println!("Welsh: http://{addr}/cy/   Staff: http://{addr}/staff/sign-in");
            println!(
                "Five months of a synthetic service to evaluate: {}.\n",
                generate::summary(&history)
            );
            println!("Demo sign-ins (made up for this run):");
            for u in &demo.users {
                println!("  {:<24} {:<36} {}", u.role, u.email, u.password);
            }
            println!(
                "\n{} set up an authenticator app (any app for time-based codes) at their\nfirst sign-in. The set-up page shows the key as text too; without an app,\n`roots totp-code --key KEY` prints the code the app would show.",
                roles_text(&settings.web.two_factor_roles)
            );
            println!(
                "Their keys are stored encrypted with the key file {}.",
                key_file.display()
            );
            println!();
            serve(
                store,
                Some(&demo.service.slug),
                settings.web,
                listener,
                shutdown_signal(),
            )
            .await
        }
        Command::Migrate => {
            open_store(&settings.database_url).await?;
            println!("The database schema is up to date.");
            Ok(())
        }
        Command::User { command } => match command {
            UserCommand::Add {
                email,
                name,
                roles,
                service,
            } => {
                let email = cli_text("--email", Kind::Token, &email)?;
                let name = cli_text("--name", Kind::Name, &name)?;
                if !roots_core::identifiers::email_ok(&email) {
                    return Err(Fatal::config(format!(
                        "--email {email:?} is not an email address (like name@example.nhs.uk)"
                    )));
                }
                let roles = roles
                    .iter()
                    .map(|r| Role::parse(r).ok_or_else(|| Fatal::config(format!("unknown role {r:?}: use receptionist, ot, clinician, service_lead or admin"))))
                    .collect::<Result<Vec<_>, _>>()?;
                let store = open_store(&settings.database_url).await?;
                let service = find_service(&store, service.as_deref()).await?;
                let password = match std::env::var("ROOTS_PASSWORD") {
                    Ok(p) => p,
                    Err(_) => rpassword::prompt_password("Password: ")
                        .map_err(|e| Fatal::config(format!("cannot read a password: {e}")))?,
                };
                let local = email.split('@').next().unwrap_or("");
                roots_web::auth::check_new_password(&password, &[&email, local, &name])
                    .map_err(|e| Fatal::config(e.to_string()))?;
                let hash = roots_web::auth::hash_password(&password).map_err(Fatal::runtime)?;
                match store
                    .create_user(&service.id, &email, &name, &hash, &roles)
                    .await
                {
                    Ok(u) => {
                        let roles = roles_text(&u.roles);
                        let event = Event::on("user.create", "user", &u.id).detail(&roles);
                        store.audit(&Actor::system(), event).await?;
                        println!(
                            "Added {} ({}) to {}.",
                            u.email,
                            roles_text(&u.roles),
                            service.name
                        );
                        Ok(())
                    }
                    Err(StoreError::Conflict) => Err(Fatal::config(format!(
                        "a user with the email {email} already exists"
                    ))),
                    Err(e) => Err(e.into()),
                }
            }
            UserCommand::ResetTwoFactor { email } => {
                let store = open_store(&settings.database_url).await?;
                let user = match store.user_by_email(&email).await {
                    Ok(u) => u,
                    Err(StoreError::NotFound) => {
                        return Err(Fatal::config(format!("no user has the email {email}")));
                    }
                    Err(e) => return Err(e.into()),
                };
                store.reset_two_factor(&user.id, &Actor::system()).await?;
                println!(
                    "Reset the second factor of {}: they set up an authenticator app at their next sign-in.",
                    user.email
                );
                Ok(())
            }
        },
        Command::Service { command } => match command {
            ServiceCommand::Add { slug, name } => {
                let slug = cli_text("--slug", Kind::Token, &slug)?;
                let name = cli_text("--name", Kind::Name, &name)?;
                if !roots_core::identifiers::slug_ok(&slug) {
                    return Err(Fatal::config(format!(
                        "--slug {slug:?} must be lower-case letters and digits in words joined by hyphens, at most {} characters (like bcuhb-west)",
                        roots_core::identifiers::MAX_SLUG
                    )));
                }
                let store = open_store(&settings.database_url).await?;
                match store.create_service(&slug, &name).await {
                    Ok(s) => {
                        let event = Event::on("service.create", "service", &s.id);
                        store.audit(&Actor::system(), event).await?;
                        println!("Added the service {} ({}).", s.name, s.slug);
                        Ok(())
                    }
                    Err(StoreError::Conflict) => Err(Fatal::config(format!(
                        "a service with the slug {slug} already exists"
                    ))),
                    Err(e) => Err(e.into()),
                }
            }
        },
        Command::Practice { command } => match command {
            PracticeCommand::Add {
                name,
                ods,
                postcode,
                service,
            } => {
                let name = cli_text("--name", Kind::Name, &name)?;
                let ods = ods
                    .map(|o| cli_text("--ods", Kind::Token, &o))
                    .transpose()?;
                let postcode = postcode
                    .map(|p| {
                        roots_core::postcode::Postcode::parse(&p)
                            .map(|p| p.as_str().to_owned())
                            .map_err(|_| {
                                Fatal::config(format!(
                                    "--postcode {p} is not the shape of a UK postcode"
                                ))
                            })
                    })
                    .transpose()?;
                let ods = ods
                    .map(|o| {
                        roots_core::identifiers::ods_code(&o).ok_or_else(|| {
                            Fatal::config(format!(
                                "--ods {o:?} is not an organisation code (3 to 10 letters and digits, like W91042)"
                            ))
                        })
                    })
                    .transpose()?;
                let store = open_store(&settings.database_url).await?;
                let service = find_service(&store, service.as_deref()).await?;
                let p = store
                    .add_practice(&service.id, &name, ods.as_deref())
                    .await?;
                if let Some(pc) = &postcode {
                    store
                        .set_practice_postcode(&service.id, &p.id, Some(pc))
                        .await?;
                }
                let event = Event::on("practice.create", "practice", &p.id);
                store.audit(&Actor::system(), event).await?;
                println!("Added {name} to {}.", service.name);
                Ok(())
            }
        },
        Command::Directory {
            command: DirectoryCommand::Import { source, service },
        } => {
            let store = open_store(&settings.database_url).await?;
            let service = find_service(&store, service.as_deref()).await?;
            let report = directory::import(&store, &service.id, &source).await?;
            let i = &report.imported;
            println!(
                "Imported from {source} into {}: {} new, {} updated, {} unchanged.",
                service.name, i.new, i.updated, i.unchanged
            );
            let not_stored = i
                .failed
                .iter()
                .map(|(id, why)| format!("record with id {id}: {why}"));
            let refused: Vec<String> = report.refused.iter().cloned().chain(not_stored).collect();
            if refused.is_empty() {
                return Ok(());
            }
            for line in &refused {
                eprintln!("not imported: {line}");
            }
            Err(Fatal::runtime(format!(
                "{} record(s) not imported (listed above); the rest were imported",
                refused.len()
            )))
        }
        Command::Evaluate {
            from,
            to,
            practice,
            format,
            service,
        } => {
            let store = open_store(&settings.database_url).await?;
            let service = find_service(&store, service.as_deref()).await?;
            let text = evaluate::run(
                &store,
                &service,
                &evaluate::Request {
                    from,
                    to,
                    practice,
                    format,
                },
                &settings.web.evaluation,
            )
            .await?;
            print!("{text}");
            Ok(())
        }
        Command::Generate {
            persons,
            months,
            seed,
            preset,
            start,
            service,
        } => {
            let store = open_store(&settings.database_url).await?;
            evaluate::generate_service(
                &store,
                &evaluate::GenerateRequest {
                    persons,
                    months,
                    seed,
                    preset,
                    start,
                    service,
                },
            )
            .await
        }
        Command::Postcodes {
            command: PostcodesCommand::Import { file },
        } => {
            let store = open_store(&settings.database_url).await?;
            let text = std::fs::read_to_string(&file)
                .map_err(|e| Fatal::config(format!("cannot read {}: {e}", file.display())))?;
            let read = roots_directory::geo::read_postcodes(&text)
                .map_err(|e| Fatal::config(format!("{}: {e}", file.display())))?;
            let n = store
                .import_postcodes(
                    &read.places,
                    &file.display().to_string(),
                    &Actor::system(),
                    jiff::Timestamp::now(),
                )
                .await?;
            println!(
                "Imported {n} postcodes from {} ({} without a grid reference skipped).",
                file.display(),
                read.skipped
            );
            if read.refused.is_empty() {
                return Ok(());
            }
            for line in read.refused.iter().take(20) {
                eprintln!("not imported: {line}");
            }
            Err(Fatal::runtime(format!(
                "{} row(s) not imported (the first 20 are listed above); the rest were imported",
                read.refused.len()
            )))
        }
        Command::Directory {
            command: DirectoryCommand::Export { service },
        } => {
            let store = open_store(&settings.database_url).await?;
            let service = find_service(&store, service.as_deref()).await?;
            let all = directory::export(&store, &service.id).await?;
            store
                .audit(
                    &Actor::system(),
                    Event::action("directory.export").detail("cli"),
                )
                .await?;
            let json =
                serde_json::to_string_pretty(&all).map_err(|e| Fatal::runtime(e.to_string()))?;
            println!("{json}");
            Ok(())
        }
        Command::Sar {
            command: SarCommand::Export { referral, service },
        } => {
            let store = open_store(&settings.database_url).await?;
            let service = find_service(&store, service.as_deref()).await?;
            let sa = match roots_web::sar::gather(&store, &service, &referral).await {
                Ok(sa) => sa,
                Err(StoreError::NotFound) => {
                    return Err(Fatal::config(format!(
                        "there is no referral {referral} in {}",
                        service.name
                    )));
                }
                Err(e) => return Err(e.into()),
            };
            let event = Event::on(
                "subject_access.export",
                "referral",
                &sa.referrals[0].summary.id,
            )
            .detail("cli");
            store.audit(&Actor::system(), event).await?;
            let json =
                serde_json::to_string_pretty(&sa).map_err(|e| Fatal::runtime(e.to_string()))?;
            println!("{json}");
            for p in &sa.access_log_check.problems {
                eprintln!("roots: warning: {p}");
            }
            Ok(())
        }
        Command::Token {
            command:
                TokenCommand::Create {
                    user,
                    expires,
                    name,
                },
        } => {
            let name = cli_text("--name", Kind::Line, &name)?;
            if !(1..=366).contains(&expires) {
                return Err(Fatal::config("--expires must be between 1 and 366 days"));
            }
            let store = open_store(&settings.database_url).await?;
            let user = match store.user_by_email(&user).await {
                Ok(u) => u,
                Err(StoreError::NotFound) => {
                    return Err(Fatal::config(format!(
                        "there is no user with the email {user}"
                    )));
                }
                Err(e) => return Err(e.into()),
            };
            let expires_at =
                jiff::Timestamp::now() + jiff::SignedDuration::from_hours(24 * expires);
            let (id, secret) = store.create_api_token(&user.id, &name, expires_at).await?;
            store
                .audit(
                    &Actor::system(),
                    Event::on("token.create", "api_token", &id),
                )
                .await?;
            eprintln!(
                "A token for {} ({}), expiring in {expires} days. It is shown only now:",
                user.email,
                roles_text(&user.roles)
            );
            println!("{secret}");
            Ok(())
        }
        Command::Audit {
            command: AuditCommand::Verify {
                checkpoints: None, ..
            },
        } => {
            let store = open_store(&settings.database_url).await?;
            let verified = store.verify_audit().await?;
            match verified_sentence(&store, &verified).await? {
                Ok(sentence) => {
                    println!("{sentence}");
                    println!(
                        "Run it with --checkpoints DIR to prove that nothing was removed from its end or rewritten since each signed checkpoint."
                    );
                    Ok(())
                }
                Err(problem) => Err(Fatal::runtime(problem)),
            }
        }
        Command::Audit {
            command:
                AuditCommand::Verify {
                    checkpoints: Some(dir),
                    public_key,
                },
        } => {
            let key = match (public_key, &settings.audit_checkpoints.key_file) {
                (Some(p), _) => checkpoints::read_public_key(&p)?,
                (None, Some(k)) => checkpoints::read_key(k)?.verifier(),
                (None, None) => {
                    return Err(Fatal::config(
                        "give the checkpoints' public key with --public-key FILE (or set audit_checkpoint_key_file)",
                    ));
                }
            };
            let store = open_store(&settings.database_url).await?;
            let sentence = checkpoints::verify(&store, &dir, &key).await?;
            println!("{sentence}");
            Ok(())
        }
        Command::Audit {
            command: AuditCommand::Checkpoint { stdout },
        } => {
            let cp = &settings.audit_checkpoints;
            let Some(key_file) = &cp.key_file else {
                return Err(Fatal::config(
                    "set audit_checkpoint_key_file (make a key with `roots audit keygen --out FILE`)",
                ));
            };
            if cp.dir.is_none() && !stdout {
                return Err(Fatal::config(
                    "set audit_checkpoint_dir, or give --stdout, so the checkpoint goes somewhere",
                ));
            }
            let key = checkpoints::read_key(key_file)?;
            let store = open_store(&settings.database_url).await?;
            let (c, file) = checkpoints::make(&store, &key, cp.dir.as_deref(), stdout).await?;
            let said = format!(
                "Signed a checkpoint of the audit trail: {} events, the newest event's hash {}{}.",
                c.size,
                c.head,
                file.map_or(String::new(), |f| format!(", in {}", f.display()))
            );
            // Standard output carries only the checkpoint when asked for.
            if stdout {
                eprintln!("{said}");
            } else {
                println!("{said}");
            }
            Ok(())
        }
        Command::Audit {
            command: AuditCommand::Keygen { .. },
        } => Err(Fatal::runtime("keygen runs without the database")),
        Command::Triage { .. } => Err(Fatal::runtime("triage runs without the database")),
        Command::TwoFactor { command } => match command {
            TwoFactorCommand::NewKey { file } => {
                let Some(file) = file.or(settings.two_factor_key_file.map(PathBuf::from)) else {
                    return Err(Fatal::config(
                        "name the key file with --file or two_factor_key_file (ROOTS_TWO_FACTOR_KEY_FILE)",
                    ));
                };
                let existed = file.exists();
                let id = roots_store::two_factor::keys::KeyRing::write_new(&file)
                    .map_err(|e| Fatal::config(e.to_string()))?;
                if existed {
                    println!(
                        "Added the key {id} to {}: it seals authenticator keys from the next start. Give every instance the new file, restart them (each seals the older values again as it starts) or run `roots two-factor rekey`, then remove the older keys' lines.",
                        file.display()
                    );
                } else {
                    println!(
                        "Made the two-factor key file {} with the key {id}. Keep it away from the database and its backups, and back it up on its own: without it no authenticator works.",
                        file.display()
                    );
                }
                Ok(())
            }
            TwoFactorCommand::Rekey => {
                let store = open_store(&settings.database_url).await?;
                let Some(file) = settings.two_factor_key_file.as_deref() else {
                    return Err(Fatal::config(
                        "no two-factor key file is configured: set two_factor_key_file (ROOTS_TWO_FACTOR_KEY_FILE)",
                    ));
                };
                let store = with_key_file(store, Some(file))?;
                let r = store
                    .rekey_two_factor()
                    .await
                    .map_err(|e| Fatal::config(format!("nothing was changed: {e}")))?;
                let current = store.two_factor_keys().map_or("", |k| k.current_id());
                println!(
                    "Sealed under the key {current}: {} from the clear, {} from older keys; {} already were. No authenticator key is under an older key now.",
                    r.from_clear, r.from_older_key, r.current
                );
                Ok(())
            }
        },
        Command::TotpCode { key } => {
            let key: String = key.split_whitespace().collect();
            let now = u64::try_from(jiff::Timestamp::now().as_second()).unwrap_or_default();
            match roots_web::auth::totp_code(&key.to_uppercase(), now) {
                Some(code) => {
                    println!("{code}");
                    Ok(())
                }
                None => Err(Fatal::config(
                    "that is not an authenticator key (base32, at least 16 bytes)",
                )),
            }
        }
        Command::Openapi => {
            let doc = roots_web::api::openapi()
                .to_pretty_json()
                .map_err(|e| Fatal::runtime(e.to_string()))?;
            println!("{doc}");
            Ok(())
        }
    }
}

/// `roots triage`: reads a rulebook (or takes the built-in one) and either
/// checks it or triages one referral with it. Problems in a rulebook are
/// printed one per line as `file:line: message` before the final sentence.
pub fn triage(
    referral: Option<&std::path::Path>,
    rulebook: Option<&std::path::Path>,
    check: bool,
    today: Option<&str>,
) -> Result<(), Fatal> {
    use roots_core::triage::Rulebook;
    use std::io::Read;
    let book = match rulebook {
        None => Rulebook::default(),
        Some(path) => {
            let name = path.display().to_string();
            let text = std::fs::read_to_string(path)
                .map_err(|e| Fatal::config(format!("cannot read the rulebook {name}: {e}")))?;
            match Rulebook::parse(&text, &name) {
                Ok(book) => book,
                Err(problems) => {
                    for p in &problems {
                        eprintln!("{p}");
                    }
                    let n = problems.len();
                    let noun = if n == 1 { "problem" } else { "problems" };
                    return Err(if check {
                        Fatal::runtime(format!("the rulebook {name} has {n} {noun}"))
                    } else {
                        Fatal::config(format!(
                            "the rulebook {name} has {n} {noun}, so nothing was triaged"
                        ))
                    });
                }
            }
        }
    };
    if check {
        println!("The rulebook is valid: {}.", book.summary());
        return Ok(());
    }
    let today = match today {
        None => roots_web::today(),
        Some(t) => roots_core::dates::parse_iso(t).map_err(|_| {
            Fatal::config(format!(
                "--today {t:?} is not a date like 2026-11-24 between {} and {}",
                roots_core::dates::EARLIEST,
                roots_core::dates::LATEST
            ))
        })?,
    };
    let (name, text) = match referral {
        None => ("standard input".to_owned(), None),
        Some(p) if p.as_os_str() == "-" => ("standard input".to_owned(), None),
        Some(p) => (p.display().to_string(), Some(p)),
    };
    let text = match text {
        Some(path) => std::fs::read_to_string(path)
            .map_err(|e| Fatal::config(format!("cannot read the referral {name}: {e}")))?,
        None => {
            let mut buf = String::new();
            std::io::stdin()
                .read_to_string(&mut buf)
                .map_err(|e| Fatal::config(format!("cannot read the referral from {name}: {e}")))?;
            buf
        }
    };
    // An object, as the API takes: serde would read a struct from an array
    // too, so `[]` became an empty referral, triaged as routine.
    let shape = |e: &dyn std::fmt::Display| {
        Fatal::config(format!(
            "the referral in {name} is not in the JSON shape POST /api/v1/referrals takes: {e}"
        ))
    };
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| shape(&e))?;
    if !value.is_object() {
        return Err(shape(&"it must be a JSON object"));
    }
    let input: roots_core::referral::ReferralInput =
        serde_json::from_value(value).map_err(|e| shape(&e))?;
    let decision = roots_core::triage::triage(&input, &book, today);
    let json =
        serde_json::to_string_pretty(&decision).map_err(|e| Fatal::runtime(e.to_string()))?;
    println!("{json}");
    Ok(())
}

/// Why a walk of the audit trail is not intact, in one clause.
pub(crate) fn verified_problem(v: &Verified) -> String {
    match v {
        Verified::Intact { .. } => "the audit trail is intact".into(),
        Verified::Broken(b) => format!(
            "the audit trail is broken at event {} (id {}, time {}): {}",
            b.seq, b.id, b.at, b.reason
        ),
        Verified::Unaccounted(u) => format!("the audit trail is not whole: {u}"),
        Verified::Rewritten(m) => format!("the audit trail is not what was verified: {m}"),
    }
}

/// The sentence `roots audit verify` prints, or the problem: a walk that
/// is intact, with no rows set aside at the upgrade to schema 23.
pub(crate) async fn verified_sentence(
    store: &Store,
    v: &Verified,
) -> Result<Result<String, String>, Fatal> {
    let Verified::Intact { events, head } = v else {
        return Ok(Err(verified_problem(v)));
    };
    let set_aside = store.audit_set_aside().await?;
    if set_aside > 0 {
        let rows = if set_aside == 1 {
            "1 row that could not be an event of it was".to_owned()
        } else {
            format!("{set_aside} rows that could not be events of it were")
        };
        return Ok(Err(format!(
            "the audit trail's chain of {events} events is intact, but {rows} set aside at the upgrade to schema 23 (kept in audit_events_set_aside): investigate before trusting the trail"
        )));
    }
    Ok(Ok(format!(
        "The audit trail is intact: {events} events; the newest event's hash is {head}."
    )))
}

fn roles_text(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The store, sealing authenticator keys with the keys of `file` (none
/// when no file is configured: see [`check_two_factor_keys`]).
pub fn with_key_file(store: Store, file: Option<&str>) -> Result<Store, Fatal> {
    match file {
        None => Ok(store),
        Some(f) => {
            let ring = roots_store::two_factor::keys::KeyRing::from_file(std::path::Path::new(f))
                .map_err(|e| Fatal::config(e.to_string()))?;
            Ok(store.with_two_factor_keys(ring))
        }
    }
}

/// The demonstration's key file: beside its SQLite database.
fn demo_key_file(database: &str) -> PathBuf {
    match database.strip_prefix("sqlite://") {
        Some(path) => PathBuf::from(format!(
            "{}.two-factor-keys",
            path.split('?').next().unwrap_or(path)
        )),
        None => PathBuf::from("data/demo.two-factor-keys"),
    }
}

/// Before serving: with a key file, every stored authenticator key must
/// open with it (else Roots does not start, and says which key is
/// missing), and those in the clear or under an older key are sealed under
/// the current one. Without a key file, Roots starts only if no
/// authenticator key is stored at all, and then nobody can set one up
/// until a key file is configured (docs/security.md says why).
pub async fn check_two_factor_keys(store: &Store) -> Result<(), Fatal> {
    if store.two_factor_keys().is_some() {
        let r = store
            .rekey_two_factor()
            .await
            .map_err(|e| Fatal::config(format!("Roots did not start, and changed nothing: {e}")))?;
        if r.from_clear + r.from_older_key > 0 {
            tracing::info!(
                from_clear = r.from_clear,
                from_older_key = r.from_older_key,
                "sealed authenticator keys under the current two-factor key"
            );
        }
        return Ok(());
    }
    let stored = store.stored_authenticator_keys().await?;
    if stored > 0 {
        return Err(Fatal::config(format!(
            "Roots did not start: {stored} authenticator keys are stored and no two-factor key file is configured; set two_factor_key_file (ROOTS_TWO_FACTOR_KEY_FILE) to the file they were sealed with, or, for keys from before encryption, to a new one made with `roots two-factor new-key --file PATH`"
        )));
    }
    tracing::warn!(
        "no two-factor key file is configured (two_factor_key_file): nobody can set up an authenticator app, so the roles that need one cannot sign in"
    );
    Ok(())
}

/// Connects and migrates, or says in one sentence why it cannot.
pub async fn open_store(url: &str) -> Result<Store, Fatal> {
    let store = Store::connect(url, &StoreOptions::default()).await?;
    store.migrate().await?;
    Ok(store)
}

/// A command-line argument that becomes stored text, through the same
/// text rule as the forms (`roots_core::text`): the text to keep, or a
/// sentence naming the flag and the problem.
fn cli_text(flag: &str, kind: Kind, value: &str) -> Result<String, Fatal> {
    match roots_core::text::clean(kind, value, kind.max()) {
        Ok(v) if v.is_empty() => Err(Fatal::config(format!("{flag} is empty"))),
        Ok(v) => Ok(v),
        Err(problem) => Err(Fatal::config(format!("{flag} has {problem}"))),
    }
}

async fn find_service(store: &Store, slug: Option<&str>) -> Result<roots_store::Service, Fatal> {
    store.service(slug).await?.ok_or_else(|| match slug {
        Some(s) => Fatal::config(format!("there is no service with the slug {s:?}")),
        None => Fatal::config(
            "no service is set up yet: add one with `roots service add --slug … --name …` (or try `roots demo`)",
        ),
    })
}

/// Binds the listening address, or says why not.
pub async fn bind(listen: &str) -> Result<TcpListener, Fatal> {
    TcpListener::bind(listen).await.map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            Fatal::runtime(format!("cannot listen on {listen}: the port is already in use (set ROOTS_LISTEN to another address)"))
        } else {
            Fatal::runtime(format!("cannot listen on {listen}: {e}"))
        }
    })
}

/// Serves until `shutdown` completes, then finishes the requests in flight
/// and closes the database (letting SQLite checkpoint its log).
pub async fn serve(
    store: Store,
    service: Option<&str>,
    web: WebConfig,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), Fatal> {
    let service = find_service(&store, service).await?;
    check_two_factor_keys(&store).await?;
    let app = App::new(store.clone(), service, web).map_err(Fatal::runtime)?;
    let purge = tokio::spawn(purge_loop(store.clone()));
    let addr = listener
        .local_addr()
        .map_err(|e| Fatal::runtime(e.to_string()))?;
    tracing::info!(%addr, engine = store.engine().name(), "serving");
    let service =
        roots_web::router(app).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(|e| Fatal::runtime(format!("the server stopped: {e}")))?;
    purge.abort();
    store.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Deletes expired drafts and sessions every ten minutes.
async fn purge_loop(store: Store) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(600));
    loop {
        tick.tick().await;
        match store.purge_expired(jiff::Timestamp::now()).await {
            Ok(n) if n > 0 => tracing::info!(rows = n, "purged expired drafts and sessions"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "purge failed"),
        }
    }
}

/// Completes on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}
