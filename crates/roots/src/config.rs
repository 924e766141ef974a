//! Configuration: environment variables over an optional TOML file over
//! defaults. See docs/operators.md for every setting.

use std::path::Path;

use jiff::SignedDuration;
use roots_web::WebConfig;
use serde::Deserialize;

use crate::Fatal;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/roots.sqlite";
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

/// The optional TOML file. Every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub database_url: Option<String>,
    pub listen: Option<String>,
    /// Slug of the service whose public pages to serve (default: the first).
    pub service: Option<String>,
    /// Set when Roots is served over HTTPS (behind a TLS-terminating proxy).
    pub secure_cookies: Option<bool>,
    pub draft_ttl_minutes: Option<i64>,
    pub session_idle_minutes: Option<i64>,
    pub session_absolute_hours: Option<i64>,
    pub body_limit_bytes: Option<usize>,
    /// Referrals per hour from one address without a sign-in (0: no limit).
    pub public_submissions_per_hour: Option<i64>,
    /// "text" (default) or "json".
    pub log_format: Option<String>,
    /// Roles that must sign in with an authenticator app (default: the
    /// clinical roles and administrators).
    pub two_factor_roles: Option<Vec<String>>,
    /// Addresses or ranges of reverse proxies whose X-Forwarded-For is
    /// believed (default: none).
    pub trusted_proxies: Option<Vec<String>>,
    /// A triage rulebook file replacing the built-in one.
    pub rulebook: Option<String>,
    /// How soon each priority should be triaged.
    pub response_targets: Option<roots_core::queue::Targets>,
    /// "wales" (default) or "england": which urgent numbers the pages give.
    pub nation: Option<String>,
    /// A local urgent line shown on the urgent-help page, in English…
    pub urgent_local_en: Option<String>,
    /// …and in Welsh.
    pub urgent_local_cy: Option<String>,
    /// Days after which a community resource not checked is flagged
    /// (default 180).
    pub directory_stale_days: Option<i64>,
    /// The follow-up interval a signposting form offers first, in weeks
    /// (1 to 12, default 4).
    pub signpost_follow_up_weeks: Option<i64>,
    /// The evaluation's unit costs, small-number threshold and baselines
    /// (a TOML file; docs/evaluation.md).
    pub evaluation: Option<String>,
    /// The file of keys that seal authenticator keys in the database
    /// (docs/operators.md); kept away from the database and its backups.
    pub two_factor_key_file: Option<String>,
    /// The private key that signs audit checkpoints (`roots audit keygen`).
    pub audit_checkpoint_key_file: Option<String>,
    /// Where audit checkpoints are written.
    pub audit_checkpoint_dir: Option<String>,
    /// How often the server signs one (1 to 1440, default 60).
    pub audit_checkpoint_minutes: Option<u64>,
    /// Also print each checkpoint on standard output.
    pub audit_checkpoint_stdout: Option<bool>,
}

/// Reads an evaluation configuration file, or says what is wrong with it.
pub fn read_evaluation(path: &str) -> Result<roots_core::evaluation::report::Config, Fatal> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Fatal::config(format!("cannot read the evaluation file {path}: {e}")))?;
    roots_core::evaluation::report::parse_config(&text).map_err(|problems| {
        Fatal::config(format!(
            "the evaluation file {path} has problems: {}",
            problems.join("; ")
        ))
    })
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub database_url: String,
    pub listen: String,
    pub service: Option<String>,
    pub web: WebConfig,
    pub log_json: bool,
    /// The two-factor key file, if configured (`ROOTS_TWO_FACTOR_KEY_FILE`
    /// over `two_factor_key_file`).
    pub two_factor_key_file: Option<String>,
    pub audit_checkpoints: crate::checkpoints::CheckpointSettings,
}

impl Settings {
    /// Reads the file (when given) and the environment.
    pub fn load(file: Option<&Path>) -> Result<Settings, Fatal> {
        let file_cfg = match file {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| {
                    Fatal::config(format!(
                        "cannot read the configuration file {}: {e}",
                        path.display()
                    ))
                })?;
                toml::from_str::<FileConfig>(&text).map_err(|e| {
                    Fatal::config(format!(
                        "the configuration file {} is not valid: {e}",
                        path.display()
                    ))
                })?
            }
            None => FileConfig::default(),
        };
        Self::from_parts(file_cfg, |k| std::env::var(k).ok())
    }

    /// Combines file and environment (`env` looks a variable up).
    pub fn from_parts(
        f: FileConfig,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Settings, Fatal> {
        let defaults = WebConfig::default();
        let audit_checkpoints = audit_checkpoints(&f, &env)?;
        let env_bool = |k: &str| -> Result<Option<bool>, Fatal> {
            match env(k).map(|v| v.trim().to_ascii_lowercase()) {
                None => Ok(None),
                Some(v) if matches!(v.as_str(), "1" | "true" | "yes") => Ok(Some(true)),
                Some(v) if matches!(v.as_str(), "0" | "false" | "no" | "") => Ok(Some(false)),
                Some(v) => Err(Fatal::config(format!(
                    "{k} must be 1, true or yes, or 0, false or no (it is {v:?})"
                ))),
            }
        };
        let per_hour = match env("ROOTS_PUBLIC_SUBMISSIONS_PER_HOUR") {
            Some(v) => Some(v.trim().parse::<i64>().map_err(|_| {
                Fatal::config(format!(
                    "ROOTS_PUBLIC_SUBMISSIONS_PER_HOUR must be a whole number (it is {v:?})"
                ))
            })?),
            None => f.public_submissions_per_hour,
        };
        let body_limit = match f.body_limit_bytes {
            None => defaults.body_limit,
            Some(b) => usize::try_from(in_range(
                "body_limit_bytes",
                i64::try_from(b).unwrap_or(i64::MAX),
                RANGES.body_limit_bytes,
            )?)
            .unwrap_or(defaults.body_limit),
        };
        let targets = f.response_targets.unwrap_or(defaults.targets);
        targets
            .check()
            .map_err(|problems| Fatal::config(problems.join("; ")))?;
        let web = WebConfig {
            secure_cookies: env_bool("ROOTS_SECURE_COOKIES")?
                .or(f.secure_cookies)
                .unwrap_or(false),
            draft_ttl: minutes(
                "draft_ttl_minutes",
                f.draft_ttl_minutes,
                RANGES.draft_ttl_minutes,
                defaults.draft_ttl,
            )?,
            session: roots_store::sessions::SessionLimits {
                idle: minutes(
                    "session_idle_minutes",
                    f.session_idle_minutes,
                    RANGES.session_idle_minutes,
                    defaults.session.idle,
                )?,
                absolute: match f.session_absolute_hours {
                    None => defaults.session.absolute,
                    Some(h) => SignedDuration::from_hours(in_range(
                        "session_absolute_hours",
                        h,
                        RANGES.session_absolute_hours,
                    )?),
                },
            },
            body_limit,
            public_submissions_per_hour: match per_hour {
                None => defaults.public_submissions_per_hour,
                Some(n) => in_range("public_submissions_per_hour", n, RANGES.public_submissions_per_hour)?,
            },
            targets,
            urgent: roots_web::UrgentAdvice {
                nation: match env("ROOTS_NATION").or(f.nation) {
                    None => roots_web::Nation::default(),
                    Some(n) => roots_web::Nation::parse(&n).ok_or_else(|| {
                        Fatal::config(format!("nation must be \"wales\" or \"england\" (it is {n:?})"))
                    })?,
                },
                local_en: f.urgent_local_en.filter(|s| !s.trim().is_empty()),
                local_cy: f.urgent_local_cy.filter(|s| !s.trim().is_empty()),
            },
            rulebook: match env("ROOTS_RULEBOOK").or(f.rulebook) {
                None => defaults.rulebook,
                Some(path) => {
                    let text = std::fs::read_to_string(&path).map_err(|e| {
                        Fatal::config(format!("cannot read the rulebook {path}: {e}"))
                    })?;
                    roots_core::triage::Rulebook::parse(&text, &path).map_err(|errors| {
                        let all: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
                        Fatal::config(format!(
                            "the rulebook {path} has problems, so Roots did not start: {}",
                            all.join("; ")
                        ))
                    })?
                }
            },
            two_factor_roles: match env("ROOTS_TWO_FACTOR_ROLES")
                .map(|v| list(&v))
                .or(f.two_factor_roles)
            {
                None => defaults.two_factor_roles,
                Some(names) => names
                    .iter()
                    .filter(|n| !n.trim().is_empty())
                    .map(|n| {
                        roots_store::Role::parse(n).ok_or_else(|| {
                            Fatal::config(format!(
                                "two_factor_roles: {n:?} is not a role (receptionist, ot, clinician, service_lead, admin)"
                            ))
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()
                    .and_then(|roles| {
                        // A service may widen the list, never narrow it: the
                        // clinical roles and administrators always need one.
                        match roots_core::policy::TWO_FACTOR_ROLES
                            .iter()
                            .find(|r| !roles.contains(r))
                        {
                            Some(missing) => Err(Fatal::config(format!(
                                "two_factor_roles must include occupational_therapist, clinician and admin (it leaves out {})",
                                missing.as_str()
                            ))),
                            None => Ok(roles),
                        }
                    })?,
            },
            trusted_proxies: env("ROOTS_TRUSTED_PROXIES")
                .map(|v| list(&v))
                .or(f.trusted_proxies)
                .unwrap_or_default()
                .iter()
                .filter(|n| !n.trim().is_empty())
                .map(|n| {
                    n.parse::<roots_web::IpNet>()
                        .map_err(|e| Fatal::config(format!("trusted_proxies: {e}")))
                })
                .collect::<Result<_, _>>()?,
            directory_stale_days: match f.directory_stale_days {
                None => defaults.directory_stale_days,
                Some(d) => in_range("directory_stale_days", d, RANGES.directory_stale_days)?,
            },
            evaluation: match env("ROOTS_EVALUATION").or(f.evaluation) {
                None => defaults.evaluation,
                Some(path) => read_evaluation(&path)?,
            },
            signpost_follow_up_weeks: match f.signpost_follow_up_weeks {
                None => defaults.signpost_follow_up_weeks,
                Some(w) if roots_core::signposting::FOLLOW_UP_WEEKS.contains(&w) => w,
                Some(w) => {
                    return Err(Fatal::config(format!(
                        "signpost_follow_up_weeks must be from 1 to 12 (it is {w})"
                    )));
                }
            },
        };
        let log_format = env("ROOTS_LOG_FORMAT")
            .or(f.log_format)
            .unwrap_or_else(|| "text".into());
        if log_format != "text" && log_format != "json" {
            return Err(Fatal::config(format!(
                "log_format must be \"text\" or \"json\" (it is {log_format:?})"
            )));
        }
        Ok(Settings {
            audit_checkpoints,
            database_url: env("ROOTS_DATABASE_URL")
                .or(f.database_url)
                .unwrap_or_else(|| DEFAULT_DATABASE_URL.into()),
            listen: env("ROOTS_LISTEN")
                .or(f.listen)
                .unwrap_or_else(|| DEFAULT_LISTEN.into()),
            service: env("ROOTS_SERVICE").or(f.service),
            web,
            log_json: log_format == "json",
            two_factor_key_file: env("ROOTS_TWO_FACTOR_KEY_FILE")
                .or(f.two_factor_key_file)
                .filter(|p| !p.trim().is_empty()),
        })
    }
}

/// The range each numeric setting must lie in. Outside it Roots says so in
/// one sentence and exits with code 2: a value that cannot work (a body
/// limit of 0 refuses every form) or that would overflow the clock (an idle
/// timeout of 9223372036854775807 minutes panicked) never starts a server.
pub struct Ranges {
    pub draft_ttl_minutes: (i64, i64, &'static str),
    pub session_idle_minutes: (i64, i64, &'static str),
    pub session_absolute_hours: (i64, i64, &'static str),
    pub body_limit_bytes: (i64, i64, &'static str),
    pub public_submissions_per_hour: (i64, i64, &'static str),
    pub directory_stale_days: (i64, i64, &'static str),
}

/// Each setting's lowest and highest value, and its unit (docs/operators.md
/// gives the same table).
pub const RANGES: Ranges = Ranges {
    // Five minutes to a week: long enough to fill in the form, short enough
    // that unsent answers do not linger.
    draft_ttl_minutes: (5, 7 * 24 * 60, "minutes"),
    // A minute to a day.
    session_idle_minutes: (1, 24 * 60, "minutes"),
    // An hour to a week.
    session_absolute_hours: (1, 7 * 24, "hours"),
    // The longest form (a referral in someone's own words, in Welsh) needs
    // well under 16 KiB; 16 MiB is far beyond any form Roots has.
    body_limit_bytes: (16 * 1024, 16 * 1024 * 1024, "bytes"),
    // 0 turns the limit off.
    public_submissions_per_hour: (0, 100_000, "referrals an hour"),
    directory_stale_days: (1, 3650, "days"),
};

/// `v` if it lies in `range`, or the sentence that names the setting.
fn in_range(name: &str, v: i64, range: (i64, i64, &str)) -> Result<i64, Fatal> {
    let (lo, hi, unit) = range;
    if (lo..=hi).contains(&v) {
        Ok(v)
    } else {
        Err(Fatal::config(format!(
            "{name} must be from {lo} to {hi} {unit} (it is {v})"
        )))
    }
}

/// A setting in minutes, held to its range, or its default.
fn minutes(
    name: &str,
    v: Option<i64>,
    range: (i64, i64, &str),
    default: SignedDuration,
) -> Result<SignedDuration, Fatal> {
    match v {
        None => Ok(default),
        Some(m) => Ok(SignedDuration::from_mins(in_range(name, m, range)?)),
    }
}

/// The audit checkpoint settings (environment over file).
fn audit_checkpoints(
    f: &FileConfig,
    env: &impl Fn(&str) -> Option<String>,
) -> Result<crate::checkpoints::CheckpointSettings, Fatal> {
    let path = |k: &str, v: &Option<String>| {
        env(k)
            .or_else(|| v.clone())
            .filter(|p| !p.trim().is_empty())
            .map(std::path::PathBuf::from)
    };
    let minutes = match env("ROOTS_AUDIT_CHECKPOINT_MINUTES") {
        Some(v) => v.trim().parse::<u64>().map_err(|_| {
            Fatal::config(format!(
                "ROOTS_AUDIT_CHECKPOINT_MINUTES must be a whole number (it is {v:?})"
            ))
        })?,
        None => f
            .audit_checkpoint_minutes
            .unwrap_or(crate::checkpoints::DEFAULT_MINUTES),
    };
    if !(1..=1440).contains(&minutes) {
        return Err(Fatal::config(format!(
            "audit_checkpoint_minutes must be from 1 to 1440 (it is {minutes})"
        )));
    }
    let s = crate::checkpoints::CheckpointSettings {
        key_file: path(
            "ROOTS_AUDIT_CHECKPOINT_KEY_FILE",
            &f.audit_checkpoint_key_file,
        ),
        dir: path("ROOTS_AUDIT_CHECKPOINT_DIR", &f.audit_checkpoint_dir),
        stdout: env("ROOTS_AUDIT_CHECKPOINT_STDOUT")
            .map(|v| matches!(v.as_str(), "1" | "true" | "yes"))
            .or(f.audit_checkpoint_stdout)
            .unwrap_or(false),
        minutes,
    };
    if s.key_file.is_some() && s.dir.is_none() && !s.stdout {
        return Err(Fatal::config(
            "audit_checkpoint_key_file is set but checkpoints would go nowhere: set audit_checkpoint_dir or audit_checkpoint_stdout",
        ));
    }
    if s.key_file.is_none() && s.dir.is_some() {
        return Err(Fatal::config(
            "audit_checkpoint_dir is set but audit_checkpoint_key_file is not: checkpoints need a key to be signed",
        ));
    }
    Ok(s)
}

/// A comma-separated list from an environment variable.
fn list(v: &str) -> Vec<String> {
    v.split(',').map(|s| s.trim().to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_beats_file_beats_default() {
        let f: FileConfig =
            toml::from_str("listen = \"0.0.0.0:9000\"\ndatabase_url = \"postgres://x/y\"").unwrap();
        let s = Settings::from_parts(f, |k| {
            (k == "ROOTS_LISTEN").then(|| "127.0.0.1:1".to_owned())
        })
        .unwrap();
        assert_eq!(s.listen, "127.0.0.1:1");
        assert_eq!(s.database_url, "postgres://x/y");
        let s = Settings::from_parts(FileConfig::default(), |_| None).unwrap();
        assert_eq!(s.database_url, DEFAULT_DATABASE_URL);
        assert_eq!(s.listen, DEFAULT_LISTEN);
        assert!(!s.log_json);
        assert_eq!(s.two_factor_key_file, None);
        let f: FileConfig = toml::from_str("two_factor_key_file = \"/etc/roots/keys\"").unwrap();
        let s = Settings::from_parts(f, |k| {
            (k == "ROOTS_TWO_FACTOR_KEY_FILE").then(|| "/run/secrets/roots".to_owned())
        })
        .unwrap();
        assert_eq!(s.two_factor_key_file.as_deref(), Some("/run/secrets/roots"));
    }

    #[test]
    fn bad_settings_are_named() {
        let err = toml::from_str::<FileConfig>("lissen = \"x\"")
            .unwrap_err()
            .to_string();
        assert!(err.contains("lissen"), "{err}");
        let f = FileConfig {
            draft_ttl_minutes: Some(0),
            ..Default::default()
        };
        let err = Settings::from_parts(f, |_| None).unwrap_err();
        assert!(err.to_string().contains("draft_ttl_minutes"));
        let err = Settings::from_parts(FileConfig::default(), |k| {
            (k == "ROOTS_LOG_FORMAT").then(|| "xml".into())
        })
        .unwrap_err();
        assert!(err.to_string().contains("log_format"));
        let err = Settings::from_parts(FileConfig::default(), |k| {
            (k == "ROOTS_TWO_FACTOR_ROLES").then(|| "ot,wizard".into())
        })
        .unwrap_err();
        assert!(err.to_string().contains("wizard"), "{err}");
        let err = Settings::from_parts(FileConfig::default(), |k| {
            (k == "ROOTS_TRUSTED_PROXIES").then(|| "10.0.0.0/40".into())
        })
        .unwrap_err();
        assert!(err.to_string().contains("trusted_proxies"), "{err}");
    }

    #[test]
    fn every_numeric_setting_has_a_range() {
        // (the TOML key, its lowest and highest allowed values)
        let cases: &[(&str, (i64, i64, &str))] = &[
            ("draft_ttl_minutes", RANGES.draft_ttl_minutes),
            ("session_idle_minutes", RANGES.session_idle_minutes),
            ("session_absolute_hours", RANGES.session_absolute_hours),
            ("body_limit_bytes", RANGES.body_limit_bytes),
            (
                "public_submissions_per_hour",
                RANGES.public_submissions_per_hour,
            ),
            ("directory_stale_days", RANGES.directory_stale_days),
        ];
        let read = |key: &str, v: i128| {
            toml::from_str::<FileConfig>(&format!("{key} = {v}"))
                .map_err(|e| e.to_string())
                .and_then(|f| Settings::from_parts(f, |_| None).map_err(|e| e.to_string()))
        };
        for (key, (lo, hi, _)) in cases {
            for ok in [*lo, *hi] {
                assert!(read(key, ok.into()).is_ok(), "{key} = {ok}");
            }
            for bad in [
                i128::from(*lo) - 1,
                i128::from(*hi) + 1,
                i128::from(i64::MAX),
            ] {
                let Err(err) = read(key, bad) else {
                    panic!("{key} = {bad} was accepted")
                };
                // Either TOML refuses the type (a negative size), or Roots
                // names the setting and its range in one sentence.
                assert!(err.contains(key), "{key} = {bad}: {err}");
                assert!(!err.contains('\n'), "one sentence: {err}");
            }
        }
        // The testers' values, exactly.
        for (text, needle) in [
            (
                "session_idle_minutes = 9223372036854775807",
                "session_idle_minutes must be from 1 to 1440 minutes (it is 9223372036854775807)",
            ),
            (
                "draft_ttl_minutes = 9223372036854775807",
                "draft_ttl_minutes must be from 5 to 10080 minutes",
            ),
            (
                "session_absolute_hours = 9223372036854775807",
                "session_absolute_hours must be from 1 to 168 hours (it is 9223372036854775807)",
            ),
            (
                "body_limit_bytes = 0",
                "body_limit_bytes must be from 16384 to 16777216 bytes (it is 0)",
            ),
            (
                "body_limit_bytes = 18446744073709551615",
                "body_limit_bytes",
            ),
            (
                "public_submissions_per_hour = -1",
                "public_submissions_per_hour must be from 0 to 100000",
            ),
            (
                "[response_targets]\nemergency_hours = -1",
                "response_targets.emergency_hours must be from 0 to 72 clock hours (it is -1)",
            ),
            (
                "[response_targets]\nrouting_working_days = 3",
                "routing_working_days",
            ),
            (
                "[response_targets]\ncrisis_hours = 1\nemergency_hours = 2",
                "must not be longer than",
            ),
        ] {
            let err = toml::from_str::<FileConfig>(text)
                .map_err(|e| e.to_string())
                .and_then(|f| Settings::from_parts(f, |_| None).map_err(|e| e.to_string()))
                .expect_err(text);
            assert!(err.contains(needle), "{text}: {err}");
        }
        for (k, v) in [
            ("ROOTS_PUBLIC_SUBMISSIONS_PER_HOUR", "-1"),
            ("ROOTS_PUBLIC_SUBMISSIONS_PER_HOUR", "1e9"),
            ("ROOTS_SECURE_COOKIES", "ture"),
        ] {
            let err = Settings::from_parts(FileConfig::default(), |key| {
                (key == k).then(|| v.to_owned())
            })
            .expect_err(k);
            assert!(
                err.to_string().contains(k)
                    || err.to_string().contains("public_submissions_per_hour"),
                "{k}={v}: {err}"
            );
        }
        let s = Settings::from_parts(FileConfig::default(), |k| {
            (k == "ROOTS_SECURE_COOKIES").then(|| "No".to_owned())
        })
        .unwrap();
        assert!(!s.web.secure_cookies);
    }

    #[test]
    fn audit_checkpoint_settings_are_read_or_refused() {
        let s = Settings::from_parts(FileConfig::default(), |_| None).unwrap();
        assert_eq!(s.audit_checkpoints.key_file, None);
        assert_eq!(s.audit_checkpoints.minutes, 60);
        let f: FileConfig = toml::from_str(
            "audit_checkpoint_key_file = \"/etc/roots/audit.key\"\naudit_checkpoint_dir = \"/var/lib/roots/cp\"\naudit_checkpoint_minutes = 15",
        )
        .unwrap();
        let s = Settings::from_parts(f, |k| {
            (k == "ROOTS_AUDIT_CHECKPOINT_DIR").then(|| "/srv/cp".to_owned())
        })
        .unwrap();
        let cp = s.audit_checkpoints;
        assert_eq!(
            (cp.key_file.unwrap(), cp.dir.unwrap(), cp.minutes, cp.stdout),
            ("/etc/roots/audit.key".into(), "/srv/cp".into(), 15, false)
        );
        for (vars, named) in [
            (
                vec![("ROOTS_AUDIT_CHECKPOINT_MINUTES", "0")],
                "audit_checkpoint_minutes",
            ),
            (
                vec![("ROOTS_AUDIT_CHECKPOINT_MINUTES", "often")],
                "ROOTS_AUDIT_CHECKPOINT_MINUTES",
            ),
            (
                vec![("ROOTS_AUDIT_CHECKPOINT_KEY_FILE", "/k")],
                "would go nowhere",
            ),
            (vec![("ROOTS_AUDIT_CHECKPOINT_DIR", "/d")], "need a key"),
        ] {
            let err = Settings::from_parts(FileConfig::default(), |k| {
                vars.iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| (*v).to_owned())
            })
            .unwrap_err();
            assert!(err.to_string().contains(named), "{vars:?}: {err}");
        }
    }

    #[test]
    fn second_factor_roles_and_proxies_are_read() {
        let s = Settings::from_parts(FileConfig::default(), |_| None).unwrap();
        assert_eq!(
            s.web.two_factor_roles,
            roots_core::policy::TWO_FACTOR_ROLES.to_vec()
        );
        assert!(s.web.trusted_proxies.is_empty());
        let f: FileConfig = toml::from_str(
            "two_factor_roles = [\"receptionist\", \"ot\", \"clinician\", \"admin\"]\ntrusted_proxies = [\"10.0.0.0/8\"]",
        )
        .unwrap();
        let s = Settings::from_parts(f, |_| None).unwrap();
        assert_eq!(
            s.web.two_factor_roles,
            vec![
                roots_store::Role::Receptionist,
                roots_store::Role::OccupationalTherapist,
                roots_store::Role::Clinician,
                roots_store::Role::Admin
            ]
        );
        assert!(s.web.trusted_proxies[0].contains("10.1.2.3".parse().unwrap()));
        for narrower in ["", "ot,clinician", "receptionist"] {
            let err = Settings::from_parts(FileConfig::default(), |k| {
                (k == "ROOTS_TWO_FACTOR_ROLES").then(|| narrower.to_owned())
            })
            .unwrap_err();
            assert!(
                err.to_string().contains("must include"),
                "{narrower:?}: {err}"
            );
        }
    }

    #[test]
    fn nation_targets_and_a_bad_rulebook_are_read_or_refused() {
        let f: FileConfig =
            toml::from_str("nation = \"england\"\n[response_targets]\nurgent_working_days = 2")
                .unwrap();
        let s = Settings::from_parts(f, |_| None).unwrap();
        assert_eq!(s.web.urgent.nation, roots_web::Nation::England);
        assert_eq!(s.web.targets.urgent_working_days, 2);
        assert_eq!(s.web.targets.routine_working_days, 15, "the rest default");
        assert!(toml::from_str::<FileConfig>("[response_targets]\nurgent_days = 2").is_err());
        let err = Settings::from_parts(FileConfig::default(), |k| {
            (k == "ROOTS_NATION").then(|| "scotland".into())
        })
        .unwrap_err();
        assert!(err.to_string().contains("nation"), "{err}");
        let dir = std::env::temp_dir().join(format!("roots-rulebook-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let bad = dir.join("bad.toml");
        std::fs::write(
            &bad,
            "version = 1\n[[rule]]\nid = \"x\"\npriority = \"extreme\"\n",
        )
        .unwrap();
        let path = bad.display().to_string();
        let err = Settings::from_parts(FileConfig::default(), |k| {
            (k == "ROOTS_RULEBOOK").then(|| path.clone())
        })
        .unwrap_err();
        assert!(
            err.to_string().contains("did not start") && err.to_string().contains(&path),
            "{err}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
