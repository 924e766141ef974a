//! Services (e.g. a health board's OT primary-care service) and the GP
//! practices each covers.

use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Result, Store, new_id, time_text};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Service {
    pub id: String,
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Practice {
    pub id: String,
    pub service_id: String,
    pub name: String,
    pub ods_code: Option<String>,
    /// Where it is (normalised), for searching the directory near it.
    pub postcode: Option<String>,
}

fn service(r: &AnyRow) -> Result<Service> {
    Ok(Service {
        id: r.try_get("id")?,
        slug: r.try_get("slug")?,
        name: r.try_get("name")?,
    })
}

impl Store {
    pub async fn create_service(&self, slug: &str, name: &str) -> Result<Service> {
        let s = Service {
            id: new_id(),
            slug: slug.to_owned(),
            name: name.to_owned(),
        };
        sqlx::query("INSERT INTO services (id, slug, name, created_at) VALUES ($1, $2, $3, $4)")
            .bind(&s.id)
            .bind(&s.slug)
            .bind(&s.name)
            .bind(time_text(jiff::Timestamp::now()))
            .execute(self.writer())
            .await
            .map_err(crate::referrals::conflict)?;
        Ok(s)
    }

    /// The service by slug, or the first service created when `slug` is
    /// `None` (a deployment with one service needs no configuration).
    pub async fn service(&self, slug: Option<&str>) -> Result<Option<Service>> {
        let row = match slug {
            Some(slug) => {
                sqlx::query("SELECT id, slug, name FROM services WHERE slug = $1")
                    .bind(slug)
                    .fetch_optional(self.reader())
                    .await?
            }
            None => {
                sqlx::query("SELECT id, slug, name FROM services ORDER BY created_at, id LIMIT 1")
                    .fetch_optional(self.reader())
                    .await?
            }
        };
        row.as_ref().map(service).transpose()
    }

    pub async fn add_practice(
        &self,
        service_id: &str,
        name: &str,
        ods_code: Option<&str>,
    ) -> Result<Practice> {
        let p = Practice {
            id: new_id(),
            service_id: service_id.to_owned(),
            name: name.to_owned(),
            ods_code: ods_code.map(str::to_owned),
            postcode: None,
        };
        sqlx::query("INSERT INTO practices (id, service_id, name, ods_code, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(&p.id)
            .bind(&p.service_id)
            .bind(&p.name)
            .bind(&p.ods_code)
            .bind(time_text(jiff::Timestamp::now()))
            .execute(self.writer())
            .await?;
        Ok(p)
    }

    /// Sets where a practice is (a normalised postcode, or none).
    pub async fn set_practice_postcode(
        &self,
        service_id: &str,
        practice_id: &str,
        postcode: Option<&str>,
    ) -> Result<()> {
        let n = sqlx::query("UPDATE practices SET postcode = $1 WHERE service_id = $2 AND id = $3")
            .bind(postcode)
            .bind(service_id)
            .bind(practice_id)
            .execute(self.writer())
            .await?
            .rows_affected();
        if n == 1 {
            Ok(())
        } else {
            Err(crate::StoreError::NotFound)
        }
    }

    /// The service's practices in name order.
    pub async fn practices(&self, service_id: &str) -> Result<Vec<Practice>> {
        sqlx::query("SELECT id, service_id, name, ods_code, postcode FROM practices WHERE service_id = $1 ORDER BY name, id")
            .bind(service_id)
            .fetch_all(self.reader())
            .await?
            .iter()
            .map(|r| {
                Ok(Practice {
                    id: r.try_get("id")?,
                    service_id: r.try_get("service_id")?,
                    name: r.try_get("name")?,
                    ods_code: r.try_get("ods_code")?,
                    postcode: r.try_get("postcode")?,
                })
            })
            .collect()
    }
}
