//! Staff accounts and their roles.

use sqlx::Row;
use sqlx::any::AnyRow;

pub use roots_core::staff::Role;

use crate::{Result, Store, StoreError, new_id, time_text};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct User {
    pub id: String,
    pub service_id: String,
    pub email: String,
    pub name: String,
    pub roles: Vec<Role>,
}

impl User {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

impl Store {
    /// Adds a member of staff. The email is stored lower-cased; a second
    /// account with the same email is a [`StoreError::Conflict`].
    pub async fn create_user(
        &self,
        service_id: &str,
        email: &str,
        name: &str,
        password_hash: &str,
        roles: &[Role],
    ) -> Result<User> {
        let user = User {
            id: new_id(),
            service_id: service_id.to_owned(),
            email: email.trim().to_lowercase(),
            name: name.trim().to_owned(),
            roles: roles.to_vec(),
        };
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO users (id, service_id, email, name, password_hash, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&user.id)
        .bind(&user.service_id)
        .bind(&user.email)
        .bind(&user.name)
        .bind(password_hash)
        .bind(time_text(jiff::Timestamp::now()))
        .execute(&mut *tx)
        .await
        .map_err(crate::referrals::conflict)?;
        for role in roles {
            sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)")
                .bind(&user.id)
                .bind(role.as_str())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(user)
    }

    /// A user and their password hash, for signing in. Disabled users are
    /// not returned.
    pub async fn user_for_sign_in(&self, email: &str) -> Result<Option<(User, String)>> {
        let row = sqlx::query(
            "SELECT id, service_id, email, name, password_hash FROM users WHERE email = $1 AND disabled = 0",
        )
        .bind(email.trim().to_lowercase())
        .fetch_optional(self.reader())
        .await?;
        match row {
            Some(r) => {
                let hash: String = r.try_get("password_hash")?;
                Ok(Some((self.with_roles(&r).await?, hash)))
            }
            None => Ok(None),
        }
    }

    pub async fn user(&self, id: &str) -> Result<User> {
        let row = sqlx::query(
            "SELECT id, service_id, email, name FROM users WHERE id = $1 AND disabled = 0",
        )
        .bind(id)
        .fetch_optional(self.reader())
        .await?
        .ok_or(StoreError::NotFound)?;
        self.with_roles(&row).await
    }

    async fn with_roles(&self, r: &AnyRow) -> Result<User> {
        let id: String = r.try_get("id")?;
        let roles = sqlx::query("SELECT role FROM user_roles WHERE user_id = $1 ORDER BY role")
            .bind(&id)
            .fetch_all(self.reader())
            .await?
            .iter()
            .filter_map(|row| {
                row.try_get::<String, _>("role")
                    .ok()
                    .and_then(|s| Role::parse(&s))
            })
            .collect();
        Ok(User {
            id,
            service_id: r.try_get("service_id")?,
            email: r.try_get("email")?,
            name: r.try_get("name")?,
            roles,
        })
    }
}
