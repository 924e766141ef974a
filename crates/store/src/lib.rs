//! Roots persistence: one logical schema on SQLite and on PostgreSQL.
//!
//! Only this crate knows SQL. Handlers never branch on the engine: they call
//! methods of [`Store`], grouped by capability in the modules below. SQL is
//! written once wherever it is portable (sqlx's SQLite driver accepts `$1`
//! placeholders); what must differ per engine (connection pragmas, how a
//! write transaction begins, migration locking) is in this file and in
//! `migrate.rs`, nowhere else.
//!
//! We talk to both engines through `sqlx::Any`, so ids and times are TEXT and
//! flags are integers (see the comment at the top of the first migration).
//!
//! Durability: SQLite runs in WAL mode with `synchronous=FULL`, so a commit
//! that has returned survives power loss; PostgreSQL commits are durable by
//! default. A caller acknowledges anything to a person only after the method
//! that wrote it has returned `Ok`.

pub mod audit;
pub mod bench;
pub mod bulk;
pub mod directory;
pub mod documents;
pub mod drafts;
pub mod episodes;
pub mod evaluation;
mod migrate;
pub mod postcodes;
pub mod referrals;
pub mod scope;
pub mod services;
pub mod sessions;
pub mod signposts;
pub mod testing;
pub mod tokens;
pub mod triage;
pub mod two_factor;
pub mod users;

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

pub use drafts::Draft;
pub use referrals::{NewReferral, Receipt, ReferralRow, ReferralSummary, Submitted};
pub use services::{Practice, Service};
pub use users::{Role, User};

/// Which database engine a [`Store`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn name(self) -> &'static str {
        match self {
            Engine::Sqlite => "SQLite",
            Engine::Postgres => "PostgreSQL",
        }
    }
}

/// What can go wrong in the store. The policy: `Unavailable` and `Config`
/// are reported to an operator in one sentence; `Conflict` and `NotFound`
/// are expected outcomes the caller turns into a page; `Database` is a bug or
/// an outage, logged without personal data and shown as a generic error.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    Config(String),
    #[error("the database could not be reached: {0}")]
    Unavailable(String),
    #[error("that already exists")]
    Conflict,
    #[error("not found")]
    NotFound,
    /// A rate limit counted in the same transaction was reached; nothing
    /// was written.
    #[error("too many submissions from one address in the last hour")]
    Limited,
    #[error("database error: {0}")]
    Database(sqlx::Error),
    /// An authenticator key had to be made or read, and no two-factor key
    /// file is configured (`two_factor_key_file`).
    #[error(
        "no two-factor key file is configured, so authenticator keys can be neither made nor read: set two_factor_key_file (ROOTS_TWO_FACTOR_KEY_FILE)"
    )]
    NoKeyFile,
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// SQLite's page cache per connection by default: see
/// [`StoreOptions::sqlite_cache_kib`] and docs/benchmarks.md.
pub const SQLITE_CACHE_KIB: u32 = 65_536;

/// SQLite's memory map by default: see [`StoreOptions::sqlite_mmap_bytes`].
pub const SQLITE_MMAP_BYTES: u64 = 2 << 30;

/// Pool sizes and timeouts.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    pub max_connections: u32,
    pub acquire_timeout: Duration,
    /// How long SQLite waits for a lock held by another process.
    pub busy_timeout: Duration,
    /// SQLite: each connection's page cache, in KiB (`PRAGMA cache_size`;
    /// SQLite's own default is 2,000 KiB). It grows only as pages are read.
    pub sqlite_cache_kib: u32,
    /// SQLite: how much of the file is read through a memory map rather
    /// than copied in page by page (`PRAGMA mmap_size`; 0 turns it off).
    /// Only reads use the map: writes still go through the journal, so
    /// durability is unchanged.
    pub sqlite_mmap_bytes: u64,
}

impl Default for StoreOptions {
    fn default() -> Self {
        Self {
            max_connections: 8,
            acquire_timeout: Duration::from_secs(10),
            busy_timeout: Duration::from_secs(5),
            sqlite_cache_kib: SQLITE_CACHE_KIB,
            sqlite_mmap_bytes: SQLITE_MMAP_BYTES,
        }
    }
}

/// The database, shared by every request. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Store {
    engine: Engine,
    /// Reads, and on PostgreSQL writes too.
    read: AnyPool,
    /// Writes. On SQLite this pool has one connection: SQLite allows one
    /// writer at a time, and queueing writers here is fairer and faster
    /// than letting them spin on the database lock.
    write: AnyPool,
    /// PostgreSQL only: a pool of the engine's own driver, for the one
    /// read whose rows are large (the evaluation's lines, tens of
    /// megabytes a row), read where they arrive instead of copied into
    /// `Any`'s values. Connects when first used.
    typed_pg: Option<TypedPg>,
    /// The keys that seal authenticator keys (`two_factor::keys`), read
    /// from a file outside the database; none until the caller adds them.
    two_factor_keys: Option<std::sync::Arc<two_factor::keys::KeyRing>>,
}

/// The typed PostgreSQL pool, and a lock held while one evaluation takes
/// its connections (one a part, all at once): without it, evaluations
/// that each held one connection could wait for ever for their second.
#[derive(Debug, Clone)]
pub(crate) struct TypedPg {
    pub(crate) pool: sqlx::PgPool,
    pub(crate) taking: std::sync::Arc<tokio::sync::Mutex<()>>,
}

impl Store {
    /// Connects to `url` (`sqlite://path` or `postgres://…`). A SQLite file
    /// and its folder are created when missing.
    pub async fn connect(url: &str, opts: &StoreOptions) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let engine = if url.starts_with("sqlite:") {
            Engine::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Engine::Postgres
        } else {
            return Err(StoreError::Config(format!(
                "ROOTS_DATABASE_URL must start with sqlite:// or postgres:// (it starts with {:?})",
                url.split(':').next().unwrap_or("")
            )));
        };
        let url = match engine {
            Engine::Sqlite => sqlite_url(url)?,
            Engine::Postgres => url.to_owned(),
        };
        let connect = AnyConnectOptions::from_str(&url).map_err(|e| {
            StoreError::Config(format!("ROOTS_DATABASE_URL is not a valid address: {e}"))
        })?;
        let busy_ms = opts.busy_timeout.as_millis();
        let cache_kib = opts.sqlite_cache_kib;
        let mmap = opts.sqlite_mmap_bytes;
        let pool = |max: u32| {
            AnyPoolOptions::new()
                .max_connections(max)
                .acquire_timeout(opts.acquire_timeout)
                .after_connect(move |conn, _meta| {
                    Box::pin(async move {
                        if engine == Engine::Sqlite {
                            // Per-connection settings, in one place.
                            let pragmas = format!(
                                "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                                 PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {busy_ms}; \
                                 PRAGMA cache_size = -{cache_kib}; PRAGMA mmap_size = {mmap};"
                            );
                            conn.execute(sqlx::AssertSqlSafe(pragmas)).await?;
                        }
                        Ok(())
                    })
                })
                .connect_with(connect.clone())
        };
        let write = pool(if engine == Engine::Sqlite {
            1
        } else {
            opts.max_connections
        })
        .await
        .map_err(|e| unavailable(engine, e))?;
        let read = if engine == Engine::Sqlite {
            pool(opts.max_connections)
                .await
                .map_err(|e| unavailable(engine, e))?
        } else {
            write.clone()
        };
        let typed_pg = match engine {
            Engine::Sqlite => None,
            Engine::Postgres => Some(TypedPg {
                pool: sqlx::postgres::PgPoolOptions::new()
                    .max_connections(4)
                    .acquire_timeout(opts.acquire_timeout)
                    .connect_lazy(&url)
                    .map_err(|e| {
                        StoreError::Config(format!(
                            "ROOTS_DATABASE_URL is not a valid address: {e}"
                        ))
                    })?,
                taking: Default::default(),
            }),
        };
        Ok(Store {
            engine,
            read,
            write,
            typed_pg,
            two_factor_keys: None,
        })
    }

    /// This store, sealing and opening authenticator keys with `keys`.
    pub fn with_two_factor_keys(mut self, keys: two_factor::keys::KeyRing) -> Store {
        self.two_factor_keys = Some(std::sync::Arc::new(keys));
        self
    }

    /// The keys that seal authenticator keys, when configured.
    pub fn two_factor_keys(&self) -> Option<&two_factor::keys::KeyRing> {
        self.two_factor_keys.as_deref()
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// Brings the schema up to date. Safe to run from several instances at
    /// once on PostgreSQL (an advisory lock serialises them).
    pub async fn migrate(&self) -> Result<()> {
        migrate::run(self, i64::MAX).await
    }

    /// Applies the migrations numbered up to `last` only: for tests of a
    /// migration on a database that already holds data.
    #[doc(hidden)]
    pub async fn migrate_up_to(&self, last: i64) -> Result<()> {
        migrate::run(self, last).await
    }

    /// True when a trivial query succeeds (for `/readyz`).
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.read).await?;
        Ok(())
    }

    /// Closes every connection, letting SQLite checkpoint its WAL.
    pub async fn close(&self) {
        self.write.close().await;
        self.read.close().await;
        if let Some(pg) = &self.typed_pg {
            pg.pool.close().await;
        }
    }

    /// Starts a write transaction. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), so it can never fail half-way on a lock upgrade.
    pub(crate) async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>> {
        Ok(match self.engine {
            Engine::Sqlite => self.write.begin_with("BEGIN IMMEDIATE").await?,
            Engine::Postgres => self.write.begin().await?,
        })
    }

    pub(crate) fn reader(&self) -> &AnyPool {
        &self.read
    }

    pub(crate) fn writer(&self) -> &AnyPool {
        &self.write
    }

    /// Deletes expired sessions and drafts, and sign-in failures more than a
    /// day old. Returns how many rows went.
    pub async fn purge_expired(&self, at: jiff::Timestamp) -> Result<u64> {
        let now = time_text(at);
        let a = sqlx::query("DELETE FROM staff_sessions WHERE expires_at < $1")
            .bind(&now)
            .execute(&self.write)
            .await?
            .rows_affected();
        let b = sqlx::query("DELETE FROM referral_drafts WHERE expires_at < $1")
            .bind(&now)
            .execute(&self.write)
            .await?
            .rows_affected();
        let day_ago = time_text(at - jiff::SignedDuration::from_hours(24));
        let c = sqlx::query("DELETE FROM sign_in_failures WHERE at < $1")
            .bind(&day_ago)
            .execute(&self.write)
            .await?
            .rows_affected();
        let d = sqlx::query("DELETE FROM rate_events WHERE at < $1")
            .bind(&day_ago)
            .execute(&self.write)
            .await?
            .rows_affected();
        Ok(a + b + c + d)
    }
}

impl From<sqlx::Error> for StoreError {
    /// PostgreSQL cannot hold a NUL in text (SQLSTATE 22021), so a value
    /// with one can be neither stored nor found there, where SQLite simply
    /// finds nothing. Text with a NUL never reaches a write (the text rule
    /// and the importers refuse it first, and the property suite checks
    /// nothing stored holds one), so here it is a look-up of something that
    /// cannot exist: not found, on either engine, rather than an outage.
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::Database(d) = &e
            && d.code().as_deref() == Some("22021")
        {
            return StoreError::NotFound;
        }
        StoreError::Database(e)
    }
}

fn unavailable(engine: Engine, e: sqlx::Error) -> StoreError {
    StoreError::Unavailable(format!("{} said: {e}", engine.name()))
}

/// Normalises a SQLite URL: creates the folder of the file, and asks for
/// the file to be created when missing.
fn sqlite_url(url: &str) -> Result<String> {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path.is_empty() || path == ":memory:" {
        return Err(StoreError::Config(
            "ROOTS_DATABASE_URL must name a SQLite file (an in-memory database would lose every referral)".into(),
        ));
    }
    if let Some(dir) = std::path::Path::new(path)
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir).map_err(|e| {
            StoreError::Config(format!(
                "cannot create the folder {} for the database: {e}",
                dir.display()
            ))
        })?;
    }
    let query = if query.contains("mode=") {
        query.to_owned()
    } else if query.is_empty() {
        "mode=rwc".to_owned()
    } else {
        format!("{query}&mode=rwc")
    };
    Ok(format!("sqlite://{path}?{query}"))
}

/// The most rows one page of any list reads.
pub const MAX_PAGE_ROWS: i64 = 10_000;

/// A page's `LIMIT` and `OFFSET` as the engines accept them: the limit
/// 0 to [`MAX_PAGE_ROWS`], the offset not negative (PostgreSQL refuses a
/// negative one; a caller's arithmetic should never make one, but a page
/// query must not fail because of it).
pub(crate) fn page_bounds(limit: i64, offset: i64) -> (i64, i64) {
    (limit.clamp(0, MAX_PAGE_ROWS), offset.max(0))
}

/// The one text form of a time in the database.
pub fn time_text(t: jiff::Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// Reads a time written by [`time_text`].
pub fn parse_time(s: &str) -> Result<jiff::Timestamp> {
    s.parse().map_err(|e| {
        StoreError::Database(sqlx::Error::Decode(format!("bad time {s:?}: {e}").into()))
    })
}

pub(crate) fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// A random token for a cookie, and the hash under which it is stored.
pub fn new_token() -> (String, String) {
    let bytes: [u8; 32] = rand::random();
    let token = hex::encode(bytes);
    let hash = token_hash(&token);
    (token, hash)
}

/// The stored form of a cookie token.
pub fn token_hash(token: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::TestDatabase;
    use sqlx::Row;

    /// What one connection of `pool` reports for `pragma`.
    async fn pragma(pool: &AnyPool, pragma: &str) -> String {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("PRAGMA {pragma}")))
            .fetch_one(pool)
            .await
            .expect(pragma);
        row.try_get::<String, _>(0)
            .or_else(|_| row.try_get::<i64, _>(0).map(|n| n.to_string()))
            .expect(pragma)
    }

    /// Every SQLite connection, reading or writing, is set up as
    /// docs/operators.md says: durable WAL, foreign keys, and the page
    /// cache and memory map asked for.
    #[tokio::test]
    async fn sqlite_connections_carry_the_documented_settings() {
        let db = TestDatabase::new(Engine::Sqlite).await.expect("database");
        for (opts, cache, mmap) in [
            (StoreOptions::default(), SQLITE_CACHE_KIB, SQLITE_MMAP_BYTES),
            (
                StoreOptions {
                    sqlite_cache_kib: 1_024,
                    sqlite_mmap_bytes: 0,
                    ..StoreOptions::default()
                },
                1_024,
                0,
            ),
        ] {
            let store = Store::connect(&db.url, &opts).await.expect("store");
            for pool in [&store.read, &store.write] {
                assert_eq!(pragma(pool, "journal_mode").await, "wal");
                assert_eq!(pragma(pool, "synchronous").await, "2", "FULL");
                assert_eq!(pragma(pool, "foreign_keys").await, "1");
                assert_eq!(pragma(pool, "cache_size").await, format!("-{cache}"));
                // SQLite caps the map at its compiled-in limit
                // (SQLITE_MAX_MMAP_SIZE), so it is at most what was asked
                // for, and on when it was asked for.
                let map: u64 = pragma(pool, "mmap_size").await.parse().expect("number");
                assert!(map <= mmap, "{map} > {mmap}");
                assert_eq!(map == 0, mmap == 0, "{map} for {mmap}");
            }
            store.close().await;
        }
    }
}
