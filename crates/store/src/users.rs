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
    /// The practices this person works for; empty means the whole service.
    pub practice_ids: Vec<String>,
    /// True when an authenticator app (TOTP) is enrolled.
    pub two_factor: bool,
    /// Signed in with a one-off password an administrator saw: they must
    /// choose their own before anything else.
    pub must_change_password: bool,
}

impl User {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// Writes a user's roles and practices inside the caller's transaction.
async fn insert_access(
    conn: &mut sqlx::AnyConnection,
    user_id: &str,
    roles: &[Role],
    practice_ids: &[String],
) -> Result<()> {
    for role in roles {
        sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)")
            .bind(user_id)
            .bind(role.as_str())
            .execute(&mut *conn)
            .await?;
    }
    for p in practice_ids {
        sqlx::query("INSERT INTO user_practices (user_id, practice_id) VALUES ($1, $2)")
            .bind(user_id)
            .bind(p)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// What an audit event says about a user's access (no personal data).
fn access_detail(roles: &[Role], practice_ids: &[String]) -> String {
    let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
    format!(
        "roles: {}; practices: {}",
        names.join(","),
        practice_ids.len()
    )
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
            practice_ids: Vec::new(),
            two_factor: false,
            must_change_password: false,
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
        insert_access(&mut tx, &user.id, roles, &[]).await?;
        tx.commit().await?;
        Ok(user)
    }

    /// Adds a member of staff with their practices, and the audit event
    /// naming who added them, in one transaction.
    #[allow(clippy::too_many_arguments)]
    pub async fn add_staff(
        &self,
        service_id: &str,
        email: &str,
        name: &str,
        password_hash: &str,
        roles: &[Role],
        practice_ids: &[String],
        actor: &crate::audit::Actor,
    ) -> Result<User> {
        let user = User {
            id: new_id(),
            service_id: service_id.to_owned(),
            email: email.trim().to_lowercase(),
            name: name.trim().to_owned(),
            roles: roles.to_vec(),
            practice_ids: practice_ids.to_vec(),
            two_factor: false,
            must_change_password: true,
        };
        let now = jiff::Timestamp::now();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO users (id, service_id, email, name, password_hash, created_at, must_change_password)
             VALUES ($1, $2, $3, $4, $5, $6, 1)",
        )
        .bind(&user.id)
        .bind(&user.service_id)
        .bind(&user.email)
        .bind(&user.name)
        .bind(password_hash)
        .bind(time_text(now))
        .execute(&mut *tx)
        .await
        .map_err(crate::referrals::conflict)?;
        insert_access(&mut tx, &user.id, roles, practice_ids).await?;
        let detail = access_detail(roles, practice_ids);
        let event = crate::audit::Event::on("user.create", "user", &user.id).detail(&detail);
        crate::audit::append(self.engine(), &mut tx, actor, &event, now).await?;
        tx.commit().await?;
        Ok(user)
    }

    /// A user and their password hash, for signing in. Disabled users are
    /// not returned.
    pub async fn user_for_sign_in(&self, email: &str) -> Result<Option<(User, String)>> {
        let row = sqlx::query(
            "SELECT id, service_id, email, name, password_hash, totp_secret, must_change_password FROM users WHERE email = $1 AND disabled = 0",
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
            "SELECT id, service_id, email, name, totp_secret, must_change_password FROM users WHERE id = $1 AND disabled = 0",
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
        let practice_ids = sqlx::query(
            "SELECT practice_id FROM user_practices WHERE user_id = $1 ORDER BY practice_id",
        )
        .bind(&id)
        .fetch_all(self.reader())
        .await?
        .iter()
        .map(|row| row.try_get::<String, _>("practice_id"))
        .collect::<std::result::Result<_, _>>()?;
        Ok(User {
            id,
            service_id: r.try_get("service_id")?,
            email: r.try_get("email")?,
            name: r.try_get("name")?,
            roles,
            practice_ids,
            two_factor: r.try_get::<Option<String>, _>("totp_secret")?.is_some(),
            must_change_password: r.try_get::<i64, _>("must_change_password")? != 0,
        })
    }
}

/// A member of staff as an administrator sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffRow {
    pub user: User,
    pub disabled: bool,
}

impl Store {
    /// Everyone on the staff of a service, enabled or not, by name.
    pub async fn list_users(&self, service_id: &str) -> Result<Vec<StaffRow>> {
        let rows = sqlx::query(
            "SELECT id, service_id, email, name, totp_secret, must_change_password, disabled FROM users
             WHERE service_id = $1 ORDER BY name, email",
        )
        .bind(service_id)
        .fetch_all(self.reader())
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            out.push(StaffRow {
                user: self.with_roles(r).await?,
                disabled: r.try_get::<i64, _>("disabled")? != 0,
            });
        }
        Ok(out)
    }

    /// One member of staff of a service, enabled or not. Someone of another
    /// service is `NotFound`.
    pub async fn staff_member(&self, service_id: &str, id: &str) -> Result<StaffRow> {
        let r = sqlx::query(
            "SELECT id, service_id, email, name, totp_secret, must_change_password, disabled FROM users
             WHERE service_id = $1 AND id = $2",
        )
        .bind(service_id)
        .bind(id)
        .fetch_optional(self.reader())
        .await?
        .ok_or(StoreError::NotFound)?;
        Ok(StaffRow {
            user: self.with_roles(&r).await?,
            disabled: r.try_get::<i64, _>("disabled")? != 0,
        })
    }

    /// Replaces a user's roles and practices, ends their sessions, and
    /// records who did it, in one transaction. An empty practice list means
    /// the whole service.
    pub async fn set_access(
        &self,
        user_id: &str,
        roles: &[Role],
        practice_ids: &[String],
        actor: &crate::audit::Actor,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM user_roles WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM user_practices WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        insert_access(&mut tx, user_id, roles, practice_ids).await?;
        // New roles take effect at the next sign-in, which asks for a second
        // factor if a new role needs one.
        sqlx::query("DELETE FROM staff_sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        let detail = access_detail(roles, practice_ids);
        let event = crate::audit::Event::on("user.access_change", "user", user_id).detail(&detail);
        crate::audit::append(
            self.engine(),
            &mut tx,
            actor,
            &event,
            jiff::Timestamp::now(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Disables or enables an account. Disabling ends its sessions; its
    /// API tokens stop working because a disabled user is never found.
    pub async fn set_disabled(
        &self,
        user_id: &str,
        disabled: bool,
        actor: &crate::audit::Actor,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE users SET disabled = $2 WHERE id = $1")
            .bind(user_id)
            .bind(i64::from(disabled))
            .execute(&mut *tx)
            .await?;
        if disabled {
            sqlx::query("DELETE FROM staff_sessions WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
        }
        let action = if disabled {
            "user.disable"
        } else {
            "user.enable"
        };
        let event = crate::audit::Event::on(action, "user", user_id);
        crate::audit::append(
            self.engine(),
            &mut tx,
            actor,
            &event,
            jiff::Timestamp::now(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Sets a new password hash and ends every other session of the user.
    pub async fn set_password(
        &self,
        user_id: &str,
        password_hash: &str,
        actor: &crate::audit::Actor,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE users SET password_hash = $2, must_change_password = 0 WHERE id = $1")
            .bind(user_id)
            .bind(password_hash)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM staff_sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        let event = crate::audit::Event::on("user.password_change", "user", user_id);
        crate::audit::append(
            self.engine(),
            &mut tx,
            actor,
            &event,
            jiff::Timestamp::now(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The password hash of an enabled user (to confirm the current password).
    pub async fn password_hash(&self, user_id: &str) -> Result<String> {
        let r = sqlx::query("SELECT password_hash FROM users WHERE id = $1 AND disabled = 0")
            .bind(user_id)
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(r.try_get("password_hash")?)
    }
}
