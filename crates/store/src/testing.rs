//! Fresh, isolated databases for tests and benchmarks, on either engine.
//!
//! PostgreSQL: the server named by `ROOTS_TEST_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432/test`, which the test command sets up
//! or starts); each call creates a new database `roots_test_<random>` on it.
//! SQLite: a new file in a new temporary folder.
//!
//! Not used by the service itself.

use std::path::PathBuf;

use sqlx::Executor;

use crate::{Engine, Result, StoreError};

pub const DEFAULT_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// A database made for one test. The folder of a SQLite database is removed
/// on drop; a PostgreSQL database is dropped by [`TestDatabase::remove`] or by
/// the next run of the test command.
#[derive(Debug)]
pub struct TestDatabase {
    pub engine: Engine,
    pub url: String,
    dir: Option<PathBuf>,
    pg_name: Option<String>,
}

/// The PostgreSQL server tests use.
pub fn postgres_admin_url() -> String {
    std::env::var("ROOTS_TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_ADMIN_URL.to_owned())
}

impl TestDatabase {
    pub async fn new(engine: Engine) -> Result<TestDatabase> {
        let tag = hex::encode(rand::random::<[u8; 6]>());
        match engine {
            Engine::Sqlite => {
                let dir = std::env::temp_dir().join(format!("roots-test-{tag}"));
                std::fs::create_dir_all(&dir).map_err(|e| StoreError::Config(e.to_string()))?;
                Ok(TestDatabase {
                    engine,
                    url: format!("sqlite://{}/roots.sqlite", dir.display()),
                    dir: Some(dir),
                    pg_name: None,
                })
            }
            Engine::Postgres => {
                let admin = postgres_admin_url();
                let name = format!("roots_test_{tag}");
                sqlx::any::install_default_drivers();
                let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin)
                    .await
                    .map_err(|e| {
                        StoreError::Unavailable(format!("test PostgreSQL at {admin}: {e}"))
                    })?;
                conn.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .await?;
                Ok(TestDatabase {
                    engine,
                    url: replace_database(&admin, &name),
                    dir: None,
                    pg_name: Some(name),
                })
            }
        }
    }

    /// Drops a PostgreSQL test database (SQLite folders go on drop).
    pub async fn remove(mut self) -> Result<()> {
        if let Some(name) = self.pg_name.take() {
            let mut conn =
                <sqlx::AnyConnection as sqlx::Connection>::connect(&postgres_admin_url()).await?;
            conn.execute(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
            )))
            .await?;
        }
        Ok(())
    }
}

impl TestDatabase {
    /// Keeps the database after the program ends, under a name the test
    /// command's clean-up of leftover test databases does not touch
    /// (`roots_kept_<random>`; SQLite: a folder `roots-kept-<random>`
    /// beside the test's), and returns its address. Close every
    /// connection to it first. For benchmarks whose data took an hour to
    /// generate: drop or delete it by hand when done.
    pub async fn keep(mut self) -> Result<String> {
        if let Some(name) = self.pg_name.take() {
            let kept = name.replacen("roots_test_", "roots_kept_", 1);
            let mut conn =
                <sqlx::AnyConnection as sqlx::Connection>::connect(&postgres_admin_url()).await?;
            conn.execute(sqlx::AssertSqlSafe(format!(
                "ALTER DATABASE {name} RENAME TO {kept}"
            )))
            .await?;
            return Ok(replace_database(&postgres_admin_url(), &kept));
        }
        let Some(dir) = self.dir.take() else {
            return Ok(self.url.clone());
        };
        let name = dir
            .file_name()
            .and_then(|n| n.to_str())
            .map(|n| n.replacen("roots-test-", "roots-kept-", 1))
            .ok_or_else(|| StoreError::Config("a test folder has no name".into()))?;
        let kept = dir.with_file_name(name);
        std::fs::rename(&dir, &kept).map_err(|e| StoreError::Config(e.to_string()))?;
        Ok(format!("sqlite://{}/roots.sqlite", kept.display()))
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some(dir) = &self.dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// `postgres://u@h:5432/test?x=y` with the database swapped for `name`.
fn replace_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[scheme_end..].find('/').map(|i| i + scheme_end);
    let host = &base[..path_start.unwrap_or(base.len())];
    match query {
        Some(q) => format!("{host}/{name}?{q}"),
        None => format!("{host}/{name}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn replaces_the_database_name() {
        use super::replace_database as r;
        assert_eq!(r("postgres://u@h:5432/test", "x"), "postgres://u@h:5432/x");
        assert_eq!(
            r("postgres://u@h/test?sslmode=disable", "x"),
            "postgres://u@h/x?sslmode=disable"
        );
        assert_eq!(r("postgres://u@h:5432", "x"), "postgres://u@h:5432/x");
    }
}
