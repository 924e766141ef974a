//! What benchmarks need from the database: the engine's own limit for
//! single-row durable commits, and a fast way to lay out many drafts.
//! Used by `bench/` only; the service never calls these.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use jiff::{SignedDuration, Timestamp};
use roots_core::referral::{Mode, ReferralInput};

use crate::{Result, Store, StoreError, new_id, time_text, token_hash};

/// Single-row durable commits measured on one engine.
#[derive(Debug, Clone, Copy)]
pub struct CommitRate {
    pub commits: u64,
    pub seconds: f64,
    pub concurrency: usize,
}

impl CommitRate {
    pub fn per_second(&self) -> f64 {
        self.commits as f64 / self.seconds
    }
}

impl Store {
    /// Commits one row per transaction, through the same write path as the
    /// service (`begin_write`), from `concurrency` tasks for `duration`.
    /// `payload` sets the row's size (make it like a referral's).
    pub async fn commit_rate(
        &self,
        concurrency: usize,
        duration: Duration,
        payload: &str,
    ) -> Result<CommitRate> {
        sqlx::query("CREATE TABLE IF NOT EXISTS bench_commits (id TEXT PRIMARY KEY, payload TEXT NOT NULL, created_at TEXT NOT NULL)")
            .execute(self.writer())
            .await?;
        let count = Arc::new(AtomicU64::new(0));
        let start = Instant::now();
        let mut tasks = Vec::new();
        for _ in 0..concurrency {
            let (store, count, payload) = (self.clone(), count.clone(), payload.to_owned());
            tasks.push(tokio::spawn(async move {
                while start.elapsed() < duration {
                    let mut tx = store.begin_write().await?;
                    sqlx::query(
                        "INSERT INTO bench_commits (id, payload, created_at) VALUES ($1, $2, $3)",
                    )
                    .bind(new_id())
                    .bind(&payload)
                    .bind(time_text(Timestamp::now()))
                    .execute(&mut *tx)
                    .await?;
                    tx.commit().await?;
                    count.fetch_add(1, Ordering::Relaxed);
                }
                Ok::<(), StoreError>(())
            }));
        }
        for t in tasks {
            t.await.map_err(|e| StoreError::Config(e.to_string()))??;
        }
        Ok(CommitRate {
            commits: count.load(Ordering::Relaxed),
            seconds: start.elapsed().as_secs_f64(),
            concurrency,
        })
    }

    /// Saves many drafts in one transaction (benchmark set-up).
    pub async fn save_drafts(
        &self,
        drafts: &[(String, ReferralInput)],
        mode: Mode,
        ttl: SignedDuration,
    ) -> Result<()> {
        let now = Timestamp::now();
        let mut tx = self.begin_write().await?;
        for (token, answers) in drafts {
            let json = serde_json::to_string(answers)
                .map_err(|e| StoreError::Database(sqlx::Error::Encode(Box::new(e))))?;
            sqlx::query(
                "INSERT INTO referral_drafts (token_hash, mode, user_id, answers, created_at, updated_at, expires_at)
                 VALUES ($1, $2, NULL, $3, $4, $4, $5)",
            )
            .bind(token_hash(token))
            .bind(if mode == Mode::Staff { "staff" } else { "public" })
            .bind(json)
            .bind(time_text(now))
            .bind(time_text(now + ttl))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
