//! The command line (clap). Subcommands to come slot into [`Command`]: `export
//! ics|csv|json`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// campaign-ops: plan, schedule and run marketing campaigns. The operator dashboard, the
/// actions daemon and their administration.
#[derive(Debug, Parser)]
#[command(name = "campaign-ops", version)]
pub struct Cli {
    /// What to do; `serve` when none is given (cargo-leptos runs the binary without
    /// arguments).
    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// The subcommand, `serve` with its defaults (and environment) when none was given.
    pub fn command(self) -> Command {
        self.command.unwrap_or_else(|| {
            Cli::parse_from(["campaign-ops", "serve"])
                .command
                .expect("`serve` parses")
        })
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the dashboard and run the actions daemon in one process, until SIGTERM or Ctrl-C.
    Serve(ServeArgs),
    /// Run only the actions daemon, until SIGTERM or Ctrl-C.
    Daemon(DbArgs),
    /// Manage the dashboard's users (stop `serve` first: one process opens the database).
    User(UserArgs),
    /// Check the database: schema version, registered actions, each action's last run,
    /// index consistency, orphans, counts, the audit chain. Exit code 4 when anything is
    /// wrong.
    Doctor(DbArgs),
    /// Write a consistent copy of the database to a new file, also while `serve` or
    /// `daemon` runs (it makes the copy for you).
    Backup(BackupArgs),
}

/// `user`'s arguments.
#[derive(Debug, Args)]
pub struct UserArgs {
    /// The database.
    #[command(flatten)]
    pub db: DbArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: UserCommand,
}

/// The `user` subcommands. Passwords are read from a prompt (twice, without echo) or, with
/// `--password-stdin`, from the first line of standard input; never from the command line,
/// where other users of the machine and the shell history would see them.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user.
    Add {
        /// The login name (letters, digits, `.`, `_`, `-`, `@`; compared case-insensitively).
        name: String,
        /// `viewer`, `operator` or `admin`.
        #[arg(long, default_value = "operator")]
        role: String,
        /// The name people see (the login name by default).
        #[arg(long)]
        display_name: Option<String>,
        /// The user's IANA time zone (their "today").
        #[arg(long, default_value = "UTC")]
        time_zone: String,
        /// Read the password from the first line of standard input instead of a prompt.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List the users.
    List,
    /// Disable a user and end their sessions.
    Disable {
        /// The login name.
        name: String,
    },
    /// Enable a disabled user again.
    Enable {
        /// The login name.
        name: String,
    },
    /// Set a user's password (ends their sessions).
    Passwd {
        /// The login name.
        name: String,
        /// Read the password from the first line of standard input instead of a prompt.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Give a user another role.
    Role {
        /// The login name.
        name: String,
        /// `viewer`, `operator` or `admin`.
        role: String,
    },
}

/// `backup`'s arguments.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The database.
    #[command(flatten)]
    pub db: DbArgs,
    /// The copy to write (must not exist yet).
    #[arg(long)]
    pub to: PathBuf,
}

/// The database every subcommand opens.
#[derive(Debug, Args)]
pub struct DbArgs {
    /// The redb database file (created when missing).
    #[arg(long, env = "CAMPAIGN_OPS_DB", default_value = "campaign-ops.redb")]
    pub db: PathBuf,
}

/// `serve`'s arguments.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The database.
    #[command(flatten)]
    pub db: DbArgs,
    /// The address to listen on (cargo-leptos sets `LEPTOS_SITE_ADDR`).
    #[arg(long, env = "LEPTOS_SITE_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// The dashboard's address as browsers see it behind a reverse proxy
    /// (`https://ops.example.com`): the only origin whose form posts and server calls are
    /// accepted. Without it, a request's own `Host` is the site.
    #[arg(long, env = "CAMPAIGN_OPS_PUBLIC_URL", value_name = "URL")]
    pub public_url: Option<campaign_ops_web::server::PublicOrigin>,
}
