//! Adding users and the admin changes to them (role, password, time zone, disable /
//! enable), each in one write transaction with its audit entry.

use chrono_tz::Tz;

use super::password;
use crate::model::{Actor, AuditAction, EntityKind, Role, User, UserId};
use crate::service::CampaignOps;
use crate::service::audit::{self, Change};
use crate::store::Sequence;
use crate::{Clock, Error, Result, Store, validate};

/// Most users one [`CampaignOps::list_users`] page returns.
pub const MAX_USER_PAGE: usize = 500;

/// A user to add ([`CampaignOps::add_user`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct NewUser {
    /// The login name (normalised by [`User::login_key`]).
    pub name: String,
    /// The name people see; the login name when empty.
    pub display_name: String,
    /// What the user may do.
    pub role: Role,
    /// IANA time zone, e.g. `Europe/Berlin`.
    pub time_zone: String,
    /// The password (hashed here; never stored as given).
    pub password: String,
}

impl NewUser {
    /// A user `name` with `role` and `password`, in UTC, displayed as their login name.
    pub fn new(name: impl Into<String>, role: Role, password: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            display_name: String::new(),
            role,
            time_zone: "UTC".to_owned(),
            password: password.into(),
        }
    }

    /// The same user with a display name.
    pub fn display_name(self, display_name: impl Into<String>) -> Self {
        Self {
            display_name: display_name.into(),
            ..self
        }
    }

    /// The same user in another time zone.
    pub fn time_zone(self, time_zone: impl Into<String>) -> Self {
        Self {
            time_zone: time_zone.into(),
            ..self
        }
    }
}

/// The refusal of a login name another user holds.
fn name_taken(name: &str) -> Error {
    Error::AlreadyExists {
        entity: EntityKind::User,
        field: "name".to_owned(),
        value: name.to_owned(),
    }
}

impl<S: Store, C: Clock> CampaignOps<S, C> {
    /// Adds a user: the login name normalised and unique ([`Error::AlreadyExists`], field
    /// `name`), the password at least [`super::MIN_PASSWORD_LEN`] characters (field
    /// `password`) and stored only as its argon2id hash, the time zone an IANA name (field
    /// `time_zone`). Audited as `user.create` by `actor`.
    pub fn add_user(&self, actor: &Actor, new: NewUser) -> Result<User> {
        let name = User::login_key(&new.name)?;
        let display_name = if new.display_name.trim().is_empty() {
            name.clone()
        } else {
            validate::required_line(
                "display_name",
                &new.display_name,
                crate::model::MAX_DISPLAY_NAME_LEN,
            )?
        };
        let time_zone = validate::time_zone("time_zone", &new.time_zone)?;
        password::check(&new.password)?;
        // Hashing takes tens of milliseconds: once, outside the (retryable) transaction.
        let password_hash = password::hash(&new.password)?;
        let now = self.clock().now();
        self.store().write(|tx| {
            if tx.user_by_name(&name)?.is_some() {
                return Err(name_taken(&name));
            }
            let user = User {
                id: UserId(tx.next_id(Sequence::User)?),
                name: name.clone(),
                display_name: display_name.clone(),
                role: new.role,
                time_zone,
                disabled: false,
                password_hash: password_hash.clone(),
                created_at: now,
                updated_at: now,
            };
            tx.put_user(&user)?;
            let view = user.audit_view();
            audit::append(
                tx,
                now,
                Change::created(
                    actor,
                    AuditAction::UserCreate,
                    EntityKind::User,
                    user.id.0,
                    None,
                    &view,
                ),
            )?;
            Ok(user)
        })
    }

    /// The user with login name `name` (any spelling of it), if there is one.
    pub fn user_by_name(&self, name: &str) -> Result<Option<User>> {
        let Ok(key) = User::login_key(name) else {
            // A name that breaks the rules names nobody.
            return Ok(None);
        };
        self.store().read(|tx| tx.user_by_name(&key))
    }

    /// A user by id; [`Error::NotFound`] when there is none.
    pub fn user(&self, id: UserId) -> Result<User> {
        self.store()
            .read(|tx| tx.user(id))?
            .ok_or_else(|| Error::not_found(EntityKind::User, id))
    }

    /// One page of users: at most `limit` (1 to [`MAX_USER_PAGE`]) with id after `after`,
    /// ascending id.
    pub fn list_users(&self, after: Option<UserId>, limit: usize) -> Result<Vec<User>> {
        validate::page_limit(limit, MAX_USER_PAGE)?;
        self.store().read(|tx| tx.users_page(after, limit))
    }

    /// Disables the user `name` and ends all their sessions (`user.disable`). Disabling a
    /// disabled user changes nothing.
    pub fn disable_user(&self, actor: &Actor, name: &str) -> Result<User> {
        self.change_user(actor, name, AuditAction::UserDisable, true, None, |u| {
            u.disabled = true;
            Ok(())
        })
    }

    /// Enables the user `name` again (`user.enable`).
    pub fn enable_user(&self, actor: &Actor, name: &str) -> Result<User> {
        self.change_user(actor, name, AuditAction::UserEnable, false, None, |u| {
            u.disabled = false;
            Ok(())
        })
    }

    /// Sets the user's password (rules as in [`Self::add_user`]) and ends all their
    /// sessions, so a stolen cookie dies with the old password (`user.password`; the entry
    /// says that the password changed, nothing more).
    pub fn set_password(&self, actor: &Actor, name: &str, password: &str) -> Result<User> {
        password::check(password)?;
        let hash = password::hash(password)?;
        let details = Some("password set; sessions ended".to_owned());
        self.change_user(actor, name, AuditAction::UserPassword, true, details, |u| {
            u.password_hash = hash.clone();
            Ok(())
        })
    }

    /// Gives the user another role (`user.role`). Their sessions stay: every call checks
    /// the role the store holds now.
    pub fn set_role(&self, actor: &Actor, name: &str, role: Role) -> Result<User> {
        self.change_user(actor, name, AuditAction::UserRole, false, None, |u| {
            u.role = role;
            Ok(())
        })
    }

    /// Sets the user's own time zone (their "today"; `user.update`).
    pub fn set_user_time_zone(&self, actor: &Actor, name: &str, time_zone: &str) -> Result<User> {
        let tz: Tz = validate::time_zone("time_zone", time_zone)?;
        self.change_user(actor, name, AuditAction::UserUpdate, false, None, |u| {
            u.time_zone = tz;
            Ok(())
        })
    }

    /// Applies `change` to the user `name` in one transaction with its audit entry, ending
    /// their sessions when `end_sessions`. An unchanged user (say, disabling a disabled one)
    /// is neither written nor audited, unless `details` says something changed that the
    /// audit view does not show (the password).
    fn change_user(
        &self,
        actor: &Actor,
        name: &str,
        action: AuditAction,
        end_sessions: bool,
        details: Option<String>,
        mut change: impl FnMut(&mut User) -> Result<()>,
    ) -> Result<User> {
        let key = User::login_key(name)?;
        let now = self.clock().now();
        self.store().write(|tx| {
            let before = tx
                .user_by_name(&key)?
                .ok_or_else(|| Error::not_found(EntityKind::User, &key))?;
            let mut user = before.clone();
            change(&mut user)?;
            if end_sessions {
                tx.delete_user_sessions(user.id)?;
            }
            if user == before && details.is_none() {
                return Ok(user);
            }
            user.updated_at = now;
            tx.put_user(&user)?;
            let (old, new) = (before.audit_view(), user.audit_view());
            audit::append(
                tx,
                now,
                Change {
                    actor,
                    action,
                    entity: EntityKind::User,
                    entity_id: user.id.0,
                    campaign_id: None,
                    before: Some(&old),
                    after: Some(&new),
                    details: details.clone(),
                },
            )?;
            Ok(user)
        })
    }
}
