//! Writing many rows at once, for `roots generate` (a synthetic service)
//! and the benchmarks: multi-row INSERTs, in chunks under each engine's
//! limit on bound values, in one transaction per call, so a batch is
//! either all written or not at all. Only the tables of a service's
//! records may be written this way (checked); nothing here is audited row
//! by row: the caller records one audit event for the whole generation.

use crate::{Result, Store, StoreError};

/// One value of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    Null,
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }
}

impl From<i64> for Cell {
    fn from(n: i64) -> Cell {
        Cell::Int(n)
    }
}

impl From<Option<String>> for Cell {
    fn from(s: Option<String>) -> Cell {
        s.map_or(Cell::Null, Cell::Text)
    }
}

/// Rows for one table, all with the same columns.
#[derive(Debug, Clone)]
pub struct Rows {
    pub table: &'static str,
    pub columns: &'static [&'static str],
    pub rows: Vec<Vec<Cell>>,
}

impl Rows {
    pub fn new(table: &'static str, columns: &'static [&'static str]) -> Rows {
        Rows {
            table,
            columns,
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.columns.len(), "{}", self.table);
        self.rows.push(row);
    }
}

/// The tables a generator may fill, in an order that satisfies their
/// foreign keys.
pub const TABLES: &[&str] = &[
    "practices",
    "users",
    "user_roles",
    "clinic_sessions",
    "persons",
    "referrals",
    "triage_records",
    "episodes",
    "clinical_entries",
    "appointments",
    "referral_signposts",
];

/// Bound values per statement. PostgreSQL allows 65,535. SQLite allows
/// 32,766, but binding by name (`$1` … `$n`) costs time in proportion to
/// n for each value, so a statement of 30,000 values spends almost all
/// its time finding parameters (measured: 85% of a generation's time);
/// a thousand keeps that small.
fn max_values(engine: crate::Engine) -> usize {
    match engine {
        crate::Engine::Sqlite => 1_000,
        crate::Engine::Postgres => 30_000,
    }
}

impl Store {
    /// Every referral reference in use (they are unique across the
    /// deployment), so a generator can draw new ones that do not clash.
    pub async fn references_in_use(&self) -> Result<std::collections::HashSet<String>> {
        use sqlx::Row;
        let rows = sqlx::query("SELECT reference FROM referrals")
            .fetch_all(&self.read)
            .await?;
        rows.iter()
            .map(|r| r.try_get::<String, _>("reference").map_err(Into::into))
            .collect()
    }

    /// Brings the database's statistics up to date after a bulk load
    /// (`ANALYZE`), so that its planner knows how large the tables now are:
    /// without it PostgreSQL went on scanning whole tables to find a few
    /// referrals' records after a million were generated.
    pub async fn analyze(&self) -> Result<()> {
        sqlx::query("ANALYZE").execute(&self.write).await?;
        Ok(())
    }

    /// Inserts every row of every table given, in one transaction.
    pub async fn insert_rows(&self, tables: &[Rows]) -> Result<u64> {
        for t in tables {
            if !TABLES.contains(&t.table) {
                return Err(StoreError::Config(format!(
                    "{} is not a table that may be filled in bulk",
                    t.table
                )));
            }
            if let Some(bad) = t.rows.iter().find(|r| r.len() != t.columns.len()) {
                return Err(StoreError::Config(format!(
                    "a row for {} has {} values for {} columns",
                    t.table,
                    bad.len(),
                    t.columns.len()
                )));
            }
        }
        let mut tx = self.begin_write().await?;
        let mut written = 0;
        for t in tables {
            let per = (max_values(self.engine()) / t.columns.len().max(1)).max(1);
            for chunk in t.rows.chunks(per) {
                let mut sql = format!("INSERT INTO {} ({}) VALUES ", t.table, t.columns.join(", "));
                let mut n = 0;
                for (i, row) in chunk.iter().enumerate() {
                    if i > 0 {
                        sql.push_str(", ");
                    }
                    sql.push('(');
                    for j in 0..row.len() {
                        if j > 0 {
                            sql.push_str(", ");
                        }
                        n += 1;
                        sql.push('$');
                        sql.push_str(&n.to_string());
                    }
                    sql.push(')');
                }
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                for row in chunk {
                    for cell in row {
                        q = match cell {
                            Cell::Text(s) => q.bind(s.clone()),
                            Cell::Int(v) => q.bind(*v),
                            Cell::Null => q.bind(None::<String>),
                        };
                    }
                }
                written += q.execute(&mut *tx).await?.rows_affected();
            }
        }
        tx.commit().await?;
        Ok(written)
    }
}
