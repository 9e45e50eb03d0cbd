//! The server functions of accounts: who is signed in (for the header), the admin's user
//! management (list, add, disable / enable, reset a password, change a role), and a user's
//! own time zone. Signing in and out are plain form posts of the server
//! (`/sign-in`, `/sign-out`), not server functions: they set and clear the cookie.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::AppError;

/// Most users the users page lists at once.
pub const USER_PAGE: usize = 100;

/// Who is signed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    /// Login name.
    pub name: String,
    /// Display name.
    pub display_name: String,
    /// Role key (`viewer`, `operator`, `admin`).
    pub role: String,
    /// Their IANA time zone.
    pub time_zone: String,
}

/// One user as the users page shows them (never the hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    /// Id.
    pub id: u64,
    /// Login name.
    pub name: String,
    /// Display name.
    pub display_name: String,
    /// Role key.
    pub role: String,
    /// IANA time zone.
    pub time_zone: String,
    /// Whether the user is disabled.
    pub disabled: bool,
}

#[cfg(feature = "ssr")]
impl From<&campaign_ops_core::User> for UserRow {
    fn from(u: &campaign_ops_core::User) -> Self {
        Self {
            id: u.id.0,
            name: u.name.clone(),
            display_name: u.display_name.clone(),
            role: u.role.key().to_owned(),
            time_zone: u.time_zone.name().to_owned(),
            disabled: u.disabled,
        }
    }
}

/// Who is signed in; `None` for nobody (never a refusal: the header asks on every page).
#[server]
pub async fn current_user() -> Result<Option<Me>, AppError> {
    Ok(crate::server::context::signed_in().map(|s| Me {
        name: s.caller.actor.as_str().to_owned(),
        display_name: s.display_name,
        role: s.caller.role.key().to_owned(),
        time_zone: s.caller.time_zone.name().to_owned(),
    }))
}

/// One page of users after the id `after` (admin).
#[server]
pub async fn list_users(
    /// The id after which the page starts.
    after: Option<u64>,
) -> Result<Vec<UserRow>, AppError> {
    use campaign_ops_core::{Role, UserId};
    crate::server::context::call_as(Role::Admin, move |ops, _| {
        let users = ops.list_users(after.map(UserId), USER_PAGE)?;
        Ok(users.iter().map(UserRow::from).collect())
    })
    .await
}

/// Adds a user (admin): login name, display name (optional), role key, IANA time zone and
/// the first password.
#[server]
pub async fn add_user(
    /// Login name.
    name: String,
    /// Display name; the login name when empty.
    display_name: Option<String>,
    /// `viewer`, `operator` or `admin`.
    role: String,
    /// IANA time zone, e.g. `Europe/Berlin`.
    time_zone: String,
    /// The first password (at least 10 characters).
    password: String,
) -> Result<UserRow, AppError> {
    use campaign_ops_core::Role;
    use campaign_ops_core::service::accounts::NewUser;
    crate::server::context::call_as(Role::Admin, move |ops, caller| {
        let role: Role = role.parse()?;
        let new = NewUser::new(name, role, password)
            .display_name(display_name.unwrap_or_default())
            .time_zone(time_zone);
        Ok(UserRow::from(&ops.add_user(&caller.actor, new)?))
    })
    .await
}

/// Disables a user and ends their sessions (admin); an admin cannot disable themselves.
#[server]
pub async fn disable_user(
    /// Login name.
    name: String,
) -> Result<UserRow, AppError> {
    use campaign_ops_core::{Error, Role, User};
    crate::server::context::call_as(Role::Admin, move |ops, caller| {
        if User::login_key(&name).ok().as_deref() == Some(caller.actor.as_str()) {
            return Err(Error::validation(
                "name",
                "you cannot disable yourself: another admin can",
            ));
        }
        Ok(UserRow::from(&ops.disable_user(&caller.actor, &name)?))
    })
    .await
}

/// Enables a disabled user again (admin).
#[server]
pub async fn enable_user(
    /// Login name.
    name: String,
) -> Result<UserRow, AppError> {
    use campaign_ops_core::Role;
    crate::server::context::call_as(Role::Admin, move |ops, caller| {
        Ok(UserRow::from(&ops.enable_user(&caller.actor, &name)?))
    })
    .await
}

/// Sets a user's password (admin) and ends their sessions.
#[server]
pub async fn reset_password(
    /// Login name.
    name: String,
    /// The new password (at least 10 characters).
    password: String,
) -> Result<UserRow, AppError> {
    use campaign_ops_core::Role;
    crate::server::context::call_as(Role::Admin, move |ops, caller| {
        Ok(UserRow::from(&ops.set_password(
            &caller.actor,
            &name,
            &password,
        )?))
    })
    .await
}

/// Gives a user another role (admin); an admin cannot demote themselves.
#[server]
pub async fn set_user_role(
    /// Login name.
    name: String,
    /// `viewer`, `operator` or `admin`.
    role: String,
) -> Result<UserRow, AppError> {
    use campaign_ops_core::{Error, Role, User};
    crate::server::context::call_as(Role::Admin, move |ops, caller| {
        let role: Role = role.parse()?;
        if User::login_key(&name).ok().as_deref() == Some(caller.actor.as_str())
            && role != Role::Admin
        {
            return Err(Error::validation(
                "role",
                "you cannot take your own admin role: another admin can",
            ));
        }
        Ok(UserRow::from(&ops.set_role(&caller.actor, &name, role)?))
    })
    .await
}

/// Sets the signed-in user's own time zone (any role): their "today" on the Today page.
#[server]
pub async fn set_my_time_zone(
    /// IANA time zone, e.g. `America/New_York`.
    time_zone: String,
) -> Result<Me, AppError> {
    use campaign_ops_core::Role;
    crate::server::context::call_as(Role::Viewer, move |ops, caller| {
        let user = ops.set_user_time_zone(&caller.actor, caller.actor.as_str(), &time_zone)?;
        Ok(Me {
            name: user.name,
            display_name: user.display_name,
            role: user.role.key().to_owned(),
            time_zone: user.time_zone.name().to_owned(),
        })
    })
    .await
}
