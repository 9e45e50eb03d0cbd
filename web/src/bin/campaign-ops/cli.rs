//! The command line (clap): the subcommands and their arguments. Values clap can check
//! (a role, an address, a number) are parsed here, so a bad one is a usage error (exit
//! code 2) before any database is opened.

use std::net::SocketAddr;
use std::path::PathBuf;

use campaign_ops_core::Role;
use clap::{Args, Parser, Subcommand, ValueEnum};

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
    /// Write a consistent copy of the redb database to a new file, also while `serve` or
    /// `daemon` runs (it makes the copy for you). On PostgreSQL use `pg_dump`, or
    /// `campaign-ops dump`.
    Backup(BackupArgs),
    /// Write every record (campaigns and what is filed under them, the actions' ledger,
    /// users, the whole audit chain) to a new JSON-lines file, read in one snapshot: to
    /// move a workspace to another store with `load`.
    Dump(DumpArgs),
    /// Load a `dump` file into an empty PostgreSQL database, in one transaction, and verify
    /// the audit chain after it.
    Load(LoadArgs),
    /// Export one campaign's calendar (ics) or tasks / metrics (csv, json), to standard
    /// output or a file.
    Export(ExportArgs),
}

/// `dump`'s arguments.
#[derive(Debug, Args)]
pub struct DumpArgs {
    /// The database to read (an existing redb file, or a PostgreSQL URL).
    #[command(flatten)]
    pub db: DbArgs,
    /// The JSON-lines file to write (must not exist yet).
    #[arg(long)]
    pub to: PathBuf,
}

/// `load`'s arguments.
#[derive(Debug, Args)]
pub struct LoadArgs {
    /// The database to fill: a PostgreSQL URL of an empty database.
    #[command(flatten)]
    pub db: DbArgs,
    /// The file `campaign-ops dump` wrote.
    #[arg(long)]
    pub from: PathBuf,
}

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportKind {
    /// The campaign's calendar as iCalendar (RFC 5545).
    Ics,
    /// Comma-separated values with a header row.
    Csv,
    /// A pretty-printed JSON array.
    Json,
}

/// Which records a csv or json export holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportRecords {
    /// The campaign's tasks.
    Tasks,
    /// The campaign's metric entries.
    Metrics,
}

/// `export`'s arguments.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The format.
    pub kind: ExportKind,
    /// The database (an existing redb file, or a PostgreSQL URL).
    #[command(flatten)]
    pub db: DbArgs,
    /// The campaign's id (the number in its dashboard address, `/campaigns/ID`).
    #[arg(long)]
    pub campaign: u64,
    /// For csv and json: tasks (the default) or metrics.
    #[arg(long)]
    pub records: Option<ExportRecords>,
    /// The file to write (replaced when it exists); standard output without it.
    #[arg(long)]
    pub to: Option<PathBuf>,
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
        #[arg(long, default_value = "operator", value_parser = parse_role)]
        role: Role,
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
        #[arg(value_parser = parse_role)]
        role: Role,
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
    /// The database: a redb file (`serve`, `daemon`, `user` and `doctor` create it when
    /// missing), or a PostgreSQL URL, `postgres://user:password@host:port/database` (also
    /// `postgresql://`), which several processes on several hosts may share.
    // Global: `user --db DB add NAME` and `user add NAME --db DB` both work.
    #[arg(long, env = "CAMPAIGN_OPS_DB", default_value = "campaign-ops.redb", value_parser = parse_db, global = true)]
    pub db: Db,
    /// PostgreSQL only: seconds to wait for a connection (at start, and for a free pooled
    /// connection under load) before giving up.
    #[arg(long, env = "CAMPAIGN_OPS_CONNECT_TIMEOUT", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600), global = true)]
    pub connect_timeout: u64,
}

/// Where the data lives, as `--db` names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Db {
    /// A redb file.
    Redb(PathBuf),
    /// A PostgreSQL connection URL.
    Postgres(String),
}

impl std::fmt::Display for Db {
    /// The file, or the URL without its password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Db::Redb(path) => write!(f, "{}", path.display()),
            Db::Postgres(url) => f.write_str(&without_password(url)),
        }
    }
}

/// `url` with the password of its `user:password@` part replaced by `***`.
pub fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, tail) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}{tail}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

/// `--db`: a PostgreSQL URL by its scheme, else a file path (not empty, not a directory).
fn parse_db(s: &str) -> Result<Db, String> {
    if campaign_ops_pg::is_postgres_url(s) {
        return Ok(Db::Postgres(s.to_owned()));
    }
    if s.contains("://") {
        return Err(
            "not a PostgreSQL URL (postgres://user@host:port/database) nor a file path: \
             pass a redb file or a postgres:// URL"
                .to_owned(),
        );
    }
    if s.trim().is_empty() {
        return Err("empty: pass a redb file or a postgres:// URL".to_owned());
    }
    let path = PathBuf::from(s);
    if path.is_dir() {
        return Err(
            "a directory: pass a redb file inside it, e.g. DIR/campaign-ops.redb".to_owned(),
        );
    }
    Ok(Db::Redb(path))
}

/// A role name (`viewer`, `operator`, `admin`).
fn parse_role(s: &str) -> Result<Role, String> {
    s.parse()
        .map_err(|_| "must be one of viewer, operator, admin".to_owned())
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
