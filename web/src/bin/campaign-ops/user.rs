//! `campaign-ops user ...`: the dashboard's users from the command line, audited as the
//! actor `cli`.

use std::io::BufRead;

use campaign_ops_core::service::accounts::NewUser;
use campaign_ops_core::{Actor, Error};
use campaign_ops_web::server::Service;

use crate::cli::UserCommand;

/// Why a user command failed.
#[derive(Debug, thiserror::Error)]
pub enum UserFailure {
    /// The service refused or failed.
    #[error(transparent)]
    Service(#[from] Error),
    /// The password could not be read.
    #[error("cannot read the password: {0}")]
    Password(std::io::Error),
    /// The two passwords typed differ.
    #[error("the two passwords differ: nothing changed")]
    Mismatch,
}

/// Runs `command` on `ops`, printing what it did to stdout.
pub fn run(ops: &Service, command: UserCommand) -> Result<(), UserFailure> {
    let actor = Actor::new("cli")?;
    match command {
        UserCommand::Add {
            name,
            role,
            display_name,
            time_zone,
            password_stdin,
        } => {
            let password = read_password(password_stdin)?;
            let new = NewUser::new(name, role, password)
                .display_name(display_name.unwrap_or_default())
                .time_zone(time_zone);
            let user = ops.add_user(&actor, new)?;
            println!("added {} ({}, {})", user.name, user.role, user.time_zone);
        }
        UserCommand::List => {
            let mut after = None;
            let mut count = 0;
            println!(
                "{:<24} {:<9} {:<20} {:<8} display name",
                "name", "role", "time zone", "status"
            );
            loop {
                let page = ops.list_users(after, 500)?;
                for u in &page {
                    let status = if u.disabled { "disabled" } else { "active" };
                    println!(
                        "{:<24} {:<9} {:<20} {:<8} {}",
                        u.name,
                        u.role.key(),
                        u.time_zone.name(),
                        status,
                        u.display_name
                    );
                }
                count += page.len();
                match page.last() {
                    Some(last) if page.len() == 500 => after = Some(last.id),
                    _ => break,
                }
            }
            println!("{count} users");
        }
        UserCommand::Disable { name } => {
            let user = ops.disable_user(&actor, &name)?;
            println!("disabled {} and ended their sessions", user.name);
        }
        UserCommand::Enable { name } => {
            let user = ops.enable_user(&actor, &name)?;
            println!("enabled {}", user.name);
        }
        UserCommand::Passwd {
            name,
            password_stdin,
        } => {
            // Fail on an unknown name before asking for a password.
            if ops.user_by_name(&name)?.is_none() {
                return Err(Error::not_found(campaign_ops_core::EntityKind::User, name).into());
            }
            let password = read_password(password_stdin)?;
            let user = ops.set_password(&actor, &name, &password)?;
            println!("set the password of {} and ended their sessions", user.name);
        }
        UserCommand::Role { name, role } => {
            let user = ops.set_role(&actor, &name, role)?;
            println!("{} is now {}", user.name, user.role);
        }
    }
    Ok(())
}

/// The password: the first line of stdin (without its line end), or typed twice at a
/// prompt without echo.
fn read_password(from_stdin: bool) -> Result<String, UserFailure> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(UserFailure::Password)?;
        return Ok(line.trim_end_matches(['\n', '\r']).to_owned());
    }
    let first = rpassword::prompt_password("Password: ").map_err(UserFailure::Password)?;
    let again = rpassword::prompt_password("Password again: ").map_err(UserFailure::Password)?;
    if first != again {
        return Err(UserFailure::Mismatch);
    }
    Ok(first)
}
