//! Schema migrations: numbered SQL files, one per engine, embedded in the
//! binary. Each is applied once, in its own transaction, and recorded in
//! `roots_migrations`. A file once released is never edited; a change is a
//! new file.

use sqlx::{Connection, Row};

use crate::{Engine, Result, Store, StoreError, time_text};

struct Migration {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "referrals",
        sqlite: include_str!("../migrations/sqlite/0001_referrals.sql"),
        postgres: include_str!("../migrations/postgres/0001_referrals.sql"),
    },
    Migration {
        version: 2,
        name: "audit",
        sqlite: include_str!("../migrations/sqlite/0002_audit.sql"),
        postgres: include_str!("../migrations/postgres/0002_audit.sql"),
    },
    Migration {
        version: 3,
        name: "sign-in failures",
        sqlite: include_str!("../migrations/sqlite/0003_attempts.sql"),
        postgres: include_str!("../migrations/postgres/0003_attempts.sql"),
    },
    Migration {
        version: 4,
        name: "api tokens",
        sqlite: include_str!("../migrations/sqlite/0004_api_tokens.sql"),
        postgres: include_str!("../migrations/postgres/0004_api_tokens.sql"),
    },
    Migration {
        version: 5,
        name: "rate events",
        sqlite: include_str!("../migrations/sqlite/0005_rate_events.sql"),
        postgres: include_str!("../migrations/postgres/0005_rate_events.sql"),
    },
    Migration {
        version: 6,
        name: "identity",
        sqlite: include_str!("../migrations/sqlite/0006_identity.sql"),
        postgres: include_str!("../migrations/postgres/0006_identity.sql"),
    },
    Migration {
        version: 7,
        name: "triage",
        sqlite: include_str!("../migrations/sqlite/0007_triage.sql"),
        postgres: include_str!("../migrations/postgres/0007_triage.sql"),
    },
    Migration {
        version: 8,
        name: "episodes",
        sqlite: include_str!("../migrations/sqlite/0008_episodes.sql"),
        postgres: include_str!("../migrations/postgres/0008_episodes.sql"),
    },
    Migration {
        version: 9,
        name: "break-glass append-only",
        sqlite: include_str!("../migrations/sqlite/0009_break_glass_append_only.sql"),
        postgres: include_str!("../migrations/postgres/0009_break_glass_append_only.sql"),
    },
    Migration {
        version: 10,
        name: "password change",
        sqlite: include_str!("../migrations/sqlite/0010_password_change.sql"),
        postgres: include_str!("../migrations/postgres/0010_password_change.sql"),
    },
    Migration {
        version: 11,
        name: "timeline_indexes",
        sqlite: include_str!("../migrations/sqlite/0011_timeline_indexes.sql"),
        postgres: include_str!("../migrations/postgres/0011_timeline_indexes.sql"),
    },
    Migration {
        version: 12,
        name: "person_versions",
        sqlite: include_str!("../migrations/sqlite/0012_person_versions.sql"),
        postgres: include_str!("../migrations/postgres/0012_person_versions.sql"),
    },
    Migration {
        version: 13,
        name: "safety_alerts",
        sqlite: include_str!("../migrations/sqlite/0013_safety_alerts.sql"),
        postgres: include_str!("../migrations/postgres/0013_safety_alerts.sql"),
    },
    Migration {
        version: 14,
        name: "directory",
        sqlite: include_str!("../migrations/sqlite/0014_directory.sql"),
        postgres: include_str!("../migrations/postgres/0014_directory.sql"),
    },
    Migration {
        version: 15,
        name: "entries_by_kind",
        sqlite: include_str!("../migrations/sqlite/0015_entries_by_kind.sql"),
        postgres: include_str!("../migrations/postgres/0015_entries_by_kind.sql"),
    },
    Migration {
        version: 16,
        name: "referral signposts",
        sqlite: include_str!("../migrations/sqlite/0016_referral_signposts.sql"),
        postgres: include_str!("../migrations/postgres/0016_referral_signposts.sql"),
    },
    Migration {
        version: 17,
        name: "postcodes",
        sqlite: include_str!("../migrations/sqlite/0017_postcodes.sql"),
        postgres: include_str!("../migrations/postgres/0017_postcodes.sql"),
    },
    Migration {
        version: 18,
        name: "practice postcodes",
        sqlite: include_str!("../migrations/sqlite/0018_practice_postcodes.sql"),
        postgres: include_str!("../migrations/postgres/0018_practice_postcodes.sql"),
    },
    Migration {
        version: 19,
        name: "issued documents",
        sqlite: include_str!("../migrations/sqlite/0019_issued_documents.sql"),
        postgres: include_str!("../migrations/postgres/0019_issued_documents.sql"),
    },
    Migration {
        version: 20,
        name: "referral facts",
        sqlite: include_str!("../migrations/sqlite/0020_referral_facts.sql"),
        postgres: include_str!("../migrations/postgres/0020_referral_facts.sql"),
    },
    Migration {
        version: 21,
        name: "referral facts by day",
        sqlite: include_str!("../migrations/sqlite/0021_referral_facts_days.sql"),
        postgres: include_str!("../migrations/postgres/0021_referral_facts_days.sql"),
    },
    Migration {
        version: 22,
        name: "step-up",
        sqlite: include_str!("../migrations/sqlite/0022_step_up.sql"),
        postgres: include_str!("../migrations/postgres/0022_step_up.sql"),
    },
    Migration {
        version: 23,
        name: "audit rows checked",
        sqlite: include_str!("../migrations/sqlite/0023_audit_rows_checked.sql"),
        postgres: include_str!("../migrations/postgres/0023_audit_rows_checked.sql"),
    },
    Migration {
        version: 24,
        name: "set-up key per session",
        sqlite: include_str!("../migrations/sqlite/0024_setup_key_per_session.sql"),
        postgres: include_str!("../migrations/postgres/0024_setup_key_per_session.sql"),
    },
];

/// An arbitrary constant naming the PostgreSQL advisory lock that keeps two
/// instances from migrating at once.
const PG_LOCK: i64 = 0x526f_6f74_7331;

pub(crate) async fn run(store: &Store, last: i64) -> Result<()> {
    let mut conn = store.writer().acquire().await?;
    if store.engine() == Engine::Postgres {
        sqlx::query("SELECT pg_advisory_lock($1)")
            .bind(PG_LOCK)
            .execute(&mut *conn)
            .await?;
    }
    let result = apply_all(store.engine(), &mut conn, last).await;
    if store.engine() == Engine::Postgres {
        sqlx::query("SELECT pg_advisory_unlock($1)")
            .bind(PG_LOCK)
            .execute(&mut *conn)
            .await?;
    }
    result
}

async fn apply_all(engine: Engine, conn: &mut sqlx::AnyConnection, last: i64) -> Result<()> {
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS roots_migrations (
            version     BIGINT PRIMARY KEY,
            name        TEXT NOT NULL,
            applied_at  TEXT NOT NULL
        )",
    )
    .execute(&mut *conn)
    .await?;
    let applied: Vec<i64> = sqlx::query("SELECT version FROM roots_migrations ORDER BY version")
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| r.try_get::<i64, _>(0))
        .collect::<Result<_, _>>()?;
    if let Some(newest) = applied.last()
        && *newest > MIGRATIONS.last().map_or(0, |m| m.version)
    {
        return Err(StoreError::Config(format!(
            "the database has schema version {newest}, newer than this program knows; upgrade Roots"
        )));
    }
    for m in MIGRATIONS
        .iter()
        .filter(|m| !applied.contains(&m.version) && m.version <= last)
    {
        let sql = match engine {
            Engine::Sqlite => m.sqlite,
            Engine::Postgres => m.postgres,
        };
        let mut tx = match engine {
            Engine::Sqlite => conn.begin_with("BEGIN IMMEDIATE").await?,
            Engine::Postgres => conn.begin().await?,
        };
        sqlx::raw_sql(sql).execute(&mut *tx).await?;
        sqlx::query("INSERT INTO roots_migrations (version, name, applied_at) VALUES ($1, $2, $3)")
            .bind(m.version)
            .bind(m.name)
            .bind(time_text(jiff::Timestamp::now()))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        tracing::info!(version = m.version, name = m.name, "applied migration");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::MIGRATIONS;

    /// A migration file that is not in `MIGRATIONS` is silently never
    /// applied (0011's indexes once went unnoticed that way), so every file
    /// of both engines must be listed, under its own number, with its text.
    /// Numbers rise; one handed out to work in progress elsewhere may be
    /// missing for a while.
    #[test]
    fn every_migration_file_of_both_engines_is_registered_in_order() {
        assert_eq!(MIGRATIONS[0].version, 1);
        for w in MIGRATIONS.windows(2) {
            assert!(
                w[1].version > w[0].version,
                "{} is out of sequence",
                w[1].name
            );
        }
        for engine in ["sqlite", "postgres"] {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("migrations")
                .join(engine);
            let mut files: Vec<(i64, String)> = std::fs::read_dir(&dir)
                .expect("migrations folder")
                .map(|e| e.expect("entry").path())
                .filter(|p| p.extension().is_some_and(|x| x == "sql"))
                .map(|p| {
                    let name = p.file_name().unwrap_or_default().to_string_lossy();
                    let number = name[..4].parse().expect("a file named NNNN_….sql");
                    (number, std::fs::read_to_string(&p).expect("readable"))
                })
                .collect();
            files.sort();
            assert_eq!(
                files.len(),
                MIGRATIONS.len(),
                "{engine}: files and MIGRATIONS"
            );
            for ((number, text), m) in files.iter().zip(MIGRATIONS) {
                let listed = if engine == "sqlite" {
                    m.sqlite
                } else {
                    m.postgres
                };
                assert_eq!(
                    *number, m.version,
                    "{engine}: file {number:04} is not listed"
                );
                assert_eq!(text, listed, "{engine}: {number:04} is not the listed file");
            }
        }
    }
}
