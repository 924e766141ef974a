//! Postcodes and where they are (`roots postcodes import`): reference
//! data for searching the directory by distance, and later for the
//! deprivation of areas. Holds no personal data.

use std::collections::HashMap;

use jiff::Timestamp;
use roots_directory::geo::PostcodePlace;
use sqlx::Row;

use crate::audit::{Actor, Event, append};
use crate::{Result, Store};

/// Rows written per INSERT.
const BATCH: usize = 200;

impl Store {
    /// Adds postcodes, replacing what was held for any already there, in
    /// one transaction with one audit event (`postcodes.import`, with the
    /// source and the count), and sets each referral's deprivation for the
    /// evaluation from the new ranks. Returns how many were written.
    pub async fn import_postcodes(
        &self,
        places: &[PostcodePlace],
        source: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<usize> {
        let mut tx = self.begin_write().await?;
        for chunk in places.chunks(BATCH) {
            let mut sql = String::from(
                "INSERT INTO postcodes (postcode, latitude, longitude, country, district, lsoa, imd_rank) VALUES ",
            );
            for i in 0..chunk.len() {
                let b = i * 7;
                if i > 0 {
                    sql.push_str(", ");
                }
                sql.push_str(&format!(
                    "(${}, ${}, ${}, ${}, ${}, ${}, ${})",
                    b + 1,
                    b + 2,
                    b + 3,
                    b + 4,
                    b + 5,
                    b + 6,
                    b + 7
                ));
            }
            sql.push_str(
                " ON CONFLICT (postcode) DO UPDATE SET latitude = excluded.latitude,
                  longitude = excluded.longitude, country = excluded.country,
                  district = excluded.district, lsoa = excluded.lsoa, imd_rank = excluded.imd_rank",
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for p in chunk {
                q = q
                    .bind(&p.postcode)
                    .bind(p.latitude)
                    .bind(p.longitude)
                    .bind(&p.country)
                    .bind(&p.district)
                    .bind(&p.lsoa)
                    .bind(p.imd_rank);
            }
            q.execute(&mut *tx).await?;
        }
        // The evaluation's deprivation quintiles follow the new ranks.
        crate::evaluation::set_facts_deprivation(&mut tx).await?;
        append(
            self.engine(),
            &mut tx,
            actor,
            &Event::action("postcodes.import")
                .detail(&format!("{source}: {} postcodes", places.len())),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(places.len())
    }

    /// How many postcodes are held.
    pub async fn postcode_count(&self) -> Result<i64> {
        Ok(sqlx::query("SELECT COUNT(*) AS n FROM postcodes")
            .fetch_one(self.reader())
            .await?
            .try_get("n")?)
    }

    /// Where each of these postcodes (normalised, `LL57 2PW`) is, for those
    /// held: postcode → (latitude, longitude).
    pub async fn postcode_places(
        &self,
        postcodes: &[String],
    ) -> Result<HashMap<String, (f64, f64)>> {
        let mut out = HashMap::new();
        for chunk in postcodes.chunks(BATCH) {
            let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT postcode, latitude, longitude FROM postcodes WHERE postcode IN ({})",
                marks.join(", ")
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for p in chunk {
                q = q.bind(p);
            }
            for r in q.fetch_all(self.reader()).await? {
                out.insert(
                    r.try_get::<String, _>("postcode")?,
                    (
                        r.try_get::<f64, _>("latitude")?,
                        r.try_get::<f64, _>("longitude")?,
                    ),
                );
            }
        }
        Ok(out)
    }
}
