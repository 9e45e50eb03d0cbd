//! Opening the store `--db` names: a redb file or a PostgreSQL database, the service over
//! it, and the daemon's settings for it.

use std::time::Duration;

use campaign_ops_actions::{Daemon, DaemonConfig, DaemonError, Registry};
use campaign_ops_core::{AnyStore, Error, SystemClock};
use campaign_ops_pg::{PgOptions, PgStore};
use campaign_ops_store::{BackupServer, RedbStore};
use campaign_ops_web::server::Service;

use crate::cli::{Db, DbArgs};
use crate::failure::Failure;

/// How long a daemon on PostgreSQL owns a period it started against the other daemons
/// sharing the database ([`DaemonConfig::lease`]): renewed by every committed batch, so it
/// only has to outlast the slowest batch; a killed daemon's period is taken over this long
/// after its last batch.
pub const PG_LEASE: chrono::Duration = chrono::Duration::seconds(60);

/// An open store.
#[derive(Debug, Clone)]
pub enum Backend {
    /// A redb file (one process at a time).
    Redb(RedbStore),
    /// A PostgreSQL database (any number of processes).
    Pg(PgStore),
}

/// Whether a missing redb file is created (`serve`, `daemon`, `user`, `doctor`) or refused
/// (`dump`, `export`: reading a file that is not there is a mistake, not a new workspace).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// Create an empty database.
    Create,
    /// Refuse with [`Failure::Missing`].
    Refuse,
}

impl Backend {
    /// Opens `args.db`.
    pub fn open(args: &DbArgs, missing: Missing) -> Result<Backend, Failure> {
        let open_failed = |source: Error| Failure::Open {
            db: args.db.to_string(),
            source,
        };
        match &args.db {
            Db::Redb(path) => {
                if missing == Missing::Refuse && !path.exists() {
                    return Err(Failure::Missing(path.clone()));
                }
                RedbStore::open(path)
                    .map(Backend::Redb)
                    .map_err(open_failed)
            }
            Db::Postgres(url) => {
                let mut options = PgOptions::default();
                options.connection_timeout = Duration::from_secs(args.connect_timeout);
                match PgStore::connect_with(url, options) {
                    Ok(store) => Ok(Backend::Pg(store)),
                    // The URL itself does not parse: a usage error, before any connection.
                    Err(Error::Validation { field, rule }) if field == "db" => {
                        Err(Failure::Usage {
                            arg: "--db",
                            message: rule,
                            hint: "write it as postgres://user:password@host:port/database \
                                   (percent-encode special characters of the password)"
                                .to_owned(),
                        })
                    }
                    Err(source) => Err(open_failed(source)),
                }
            }
        }
    }

    /// The store behind one type.
    pub fn any(&self) -> AnyStore {
        match self {
            Backend::Redb(s) => AnyStore::new(s.clone()),
            Backend::Pg(s) => AnyStore::new(s.clone()),
        }
    }

    /// The service over this store, on the system clock.
    pub fn service(&self) -> Service {
        campaign_ops_actions::ops(self.any(), SystemClock)
    }

    /// The daemon's settings: on PostgreSQL, where other daemons may share the database,
    /// with the [`PG_LEASE`]; on redb (one process) without.
    pub fn daemon_config(&self) -> DaemonConfig {
        let mut config = DaemonConfig::default();
        if let Backend::Pg(_) = self {
            config.lease = Some(PG_LEASE);
        }
        config
    }
}

/// What `serve`, `daemon` and `user` run on: the service, the store, and on redb the
/// control socket that serves `backup` while the process runs.
pub struct Opened {
    /// The service over the store.
    pub ops: Service,
    /// The store.
    pub backend: Backend,
    /// Kept alive as long as the process serves backups (redb only).
    _backups: Option<BackupServer>,
}

impl Opened {
    /// Opens `args.db` (creating a missing redb file). On redb, also listens on `<db>.ctl`
    /// for `backup`: redb lets one process open a file, which is also why the dashboard and
    /// the daemon share one service. A socket that cannot be set up costs only `backup`.
    pub fn open(args: &DbArgs) -> Result<Opened, Failure> {
        let backend = Backend::open(args, Missing::Create)?;
        tracing::info!(db = %args.db, "database open");
        let backups = match (&backend, &args.db) {
            (Backend::Redb(store), Db::Redb(path)) => {
                let socket = campaign_ops_store::control_socket_path(path);
                match BackupServer::start(store.clone(), &socket) {
                    Ok(server) => Some(server),
                    Err(e) => {
                        tracing::warn!(socket = %socket.display(), "backups while running unavailable: {e}");
                        None
                    }
                }
            }
            _ => None,
        };
        Ok(Opened {
            ops: backend.service(),
            backend,
            _backups: backups,
        })
    }

    /// The daemon over the same service, running every registered action (the campaign
    /// handlers included); with a lease on PostgreSQL.
    pub fn daemon(&self) -> Result<Daemon, DaemonError> {
        let config = self.backend.daemon_config();
        if let Some(lease) = config.lease {
            tracing::info!(
                lease_seconds = lease.num_seconds(),
                "daemon shares the database: each started period is leased"
            );
        }
        Daemon::new(self.ops.clone(), Registry::build()?, config)
    }
}
