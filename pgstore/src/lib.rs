//! campaign-ops-pg: [`PgStore`], campaign-ops-core's [`Store`] on PostgreSQL 15 or newer, so
//! that several dashboard and daemon processes, on several hosts, share one database.
//!
//! ```no_run
//! use campaign_ops_core::{CampaignQuery, ReadTx, Store};
//! use campaign_ops_pg::PgStore;
//!
//! let store = PgStore::connect("postgres://ops@db.internal/campaign_ops")?;
//! let page = store.read(|tx| tx.campaign_page(&CampaignQuery::first(50)))?;
//! # Ok::<(), campaign_ops_core::Error>(())
//! ```
//!
//! # The contract on PostgreSQL
//!
//! - **Isolation.** Every write transaction runs `SERIALIZABLE`, and queues first on one
//!   write lock per workspace (a `LOCK TABLE` before the snapshot is taken): every service
//!   mutation appends to the one gapless audit log, so writers would otherwise conflict on
//!   its head and redo their work. Queued, each starts on a snapshot holding the commit of
//!   the one before it. The lock passes on once a `COMMIT` is in the WAL; the writer then
//!   waits outside it for a flush that covers its commit, so flushes overlap (see the
//!   `Store` impl), and a write is only reported committed once it is on disk. Writers that still lose a race (another build that does not queue,
//!   a write lock wait past [`PgOptions::write_lock_timeout`]) get SQLSTATE 40001, a
//!   deadlock (40P01), a unique-key race (23505, e.g. two appenders of one audit seq) or a
//!   lock timeout (55P03): all [`StorageError::Conflict`], retryable, so [`Store::write`]
//!   runs the closure again on a fresh snapshot (at most
//!   [`campaign_ops_core::MAX_WRITE_ATTEMPTS`] times). Reads run `REPEATABLE READ READ
//!   ONLY`: one snapshot, and they never wait for writers nor make writers fail.
//! - **Ids** come from one PostgreSQL sequence per [`Sequence`]: unique and increasing in
//!   the order they are handed out, with gaps where a transaction aborted (the contract
//!   promises no more). Audit seqs stay gapless: `append_audit` reads the head and inserts
//!   its successor under the primary key, so of two racing appenders (which the write lock
//!   normally keeps from racing) one gets a conflict.
//! - **Queries** are single SQL statements over the indexes listed in `schema`, with the
//!   keyset cursor and the limit in the statement; `campaign_page` takes its total from
//!   the stored per-status counts when only the status filters, and counts with one
//!   `count(*)` over the same filter otherwise (a text filter is a substring `LIKE` over the
//!   stored search text, served by a trigram index where `pg_trgm` could be installed).
//! - **The ledger's once-per-period rule** rests on the primary key of `action_runs` (the
//!   key is `"<ACTION> <period>"`) written in the same transaction as the period's effects,
//!   and on `SERIALIZABLE`: two daemons that both try to start or settle one period cannot
//!   both commit.
//!
//! A whole data set goes into an empty workspace with [`PgStore::bulk_load`] (`bulk`): a
//! binary `COPY` per table and the indexes built after, in one transaction.
//!
//! Schema versions: see `schema` ([`SCHEMA_VERSION`]); a newer schema is refused with
//! [`StorageError::SchemaTooNew`].

mod accounts;
mod action_settings;
pub mod bulk;
mod codec;
mod conn;
pub mod dump;
mod error;
mod read;
mod rows;
mod schema;
#[cfg(feature = "testing")]
pub mod testing;
mod tx;
mod write;

use std::fmt;
use std::time::Duration;

use crate::conn::Manager;
use crate::error::{Context, pool};
use crate::tx::Tx;
use campaign_ops_core::{Error, ReadTx, Result, StorageError, Store, WriteTx};

pub use schema::CURRENT_VERSION as SCHEMA_VERSION;

#[doc(no_inline)]
pub use campaign_ops_core::Sequence;

/// Pool settings of a [`PgStore`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct PgOptions {
    /// Most connections the pool opens. Default 16.
    pub max_connections: u32,
    /// How long a call waits for a free connection before failing (retryably). Default 30 s.
    pub connection_timeout: Duration,
    /// The PostgreSQL schema the store's tables live in, created when missing; `None` for
    /// the connection's default search path (normally `public`). Several workspaces can
    /// share one database this way (the tests give each store its own schema).
    pub schema: Option<String>,
    /// How long a write waits for the writers queued before it (they run one at a time, see
    /// [`PgStore`]'s `Store` impl) before failing retryably. Default 30 s.
    pub write_lock_timeout: Duration,
}

impl Default for PgOptions {
    fn default() -> Self {
        Self {
            max_connections: 16,
            connection_timeout: Duration::from_secs(30),
            schema: None,
            write_lock_timeout: Duration::from_secs(30),
        }
    }
}

impl PgOptions {
    /// These options with the tables in schema `schema`.
    pub fn with_schema(mut self, schema: impl Into<String>) -> Self {
        self.schema = Some(schema.into());
        self
    }

    /// These options with a pool of at most `n` connections.
    pub fn with_max_connections(mut self, n: u32) -> Self {
        self.max_connections = n;
        self
    }
}

/// The PostgreSQL-backed [`Store`]. Clones share one connection pool.
#[derive(Clone)]
pub struct PgStore {
    pool: r2d2::Pool<Manager>,
    /// How writes wait for the writers before them and for their flush.
    write_mode: tx::WriteMode,
    /// Where it points, without the password (for messages and `Debug`).
    describe: String,
}

impl fmt::Debug for PgStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PgStore({})", self.describe)
    }
}

/// Whether a [`PgStore::connect`] argument names a PostgreSQL server rather than a file.
pub fn is_postgres_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

impl PgStore {
    /// Connects to the server at `url` (`postgres://user:password@host:port/db`, or any
    /// libpq connection string) and brings the schema up to date.
    ///
    /// Errors: a [`Error::Validation`] on field `db` for a URL that does not parse,
    /// [`StorageError::SchemaTooNew`] when a newer campaign-ops migrated the database,
    /// [`StorageError::Backend`] when the server cannot be reached.
    pub fn connect(url: &str) -> Result<Self> {
        Self::connect_with(url, PgOptions::default())
    }

    /// [`PgStore::connect`] with pool settings and a schema.
    pub fn connect_with(url: &str, options: PgOptions) -> Result<Self> {
        Self::connect_at(url, options, SCHEMA_VERSION)
    }

    /// [`PgStore::connect_with`], migrating the schema only up to `version` (tests build
    /// older schemas this way, with the very steps a database of that version went
    /// through, and migrate them from there).
    pub(crate) fn connect_at(url: &str, options: PgOptions, version: u32) -> Result<Self> {
        let mut config: postgres::Config = url.parse().map_err(|e| {
            Error::validation(
                "db",
                format!("not a PostgreSQL connection URL ({e}); expected postgres://user@host:port/database"),
            )
        })?;
        if config.get_application_name().is_none() {
            config.application_name("campaign-ops");
        }
        let describe = describe(&config, options.schema.as_deref());
        if let Some(schema) = &options.schema {
            let mut client = config
                .connect(postgres::NoTls)
                .ctx(&format!("connecting to {describe}"))?;
            // `IF NOT EXISTS` alone is not safe against a concurrent creator (the loser
            // fails on pg_namespace's unique index): openers starting at once queue on
            // the migration lock, and the second sees the first's schema.
            client
                .batch_execute(&format!(
                    "BEGIN; SELECT pg_advisory_xact_lock({}); CREATE SCHEMA IF NOT EXISTS {}; COMMIT",
                    schema::MIGRATION_LOCK,
                    quote_ident(schema)
                ))
                .ctx("creating the schema")?;
            config.options(&format!("-c search_path={}", quote_ident(schema)));
        }
        let pool = r2d2::Pool::builder()
            .max_size(options.max_connections.max(1))
            .min_idle(Some(1))
            .connection_timeout(options.connection_timeout)
            // No round trip per checkout: a connection that broke is dropped on return
            // (`has_broken`), and the call that met the break fails retryably.
            .test_on_check_out(false)
            // r2d2 logs connection errors itself; the caller gets them as our error.
            .error_handler(Box::new(r2d2::NopErrorHandler))
            .build(Manager { config })
            .map_err(|e| {
                Error::Storage(StorageError::backend_with(
                    format!("connecting to {describe}"),
                    e,
                    true,
                ))
            })?;
        let mut conn = pool.get().map_err(pool_err)?;
        let schema = schema::prepare_to(&mut conn.client, version)?;
        // The early lock release needs the durability barrier: tried once (a role the
        // server does not let call it commits synchronously under the lock instead).
        let early_release = conn.client.batch_execute(tx::DURABLE).is_ok();
        Ok(Self {
            pool,
            write_mode: tx::WriteMode {
                schema,
                lock_timeout_ms: options
                    .write_lock_timeout
                    .as_millis()
                    .clamp(1, i32::MAX as u128) as u64,
                early_release,
            },
            describe,
        })
    }

    /// The schema version stamped in the database (always [`SCHEMA_VERSION`] once open).
    pub fn schema_version(&self) -> Result<u32> {
        let mut conn = self.pool.get().map_err(pool_err)?;
        schema::stored_version(&mut conn.client)
    }

    /// Refreshes the planner's statistics of every table (`ANALYZE`), e.g. after a bulk
    /// load; autovacuum does it on its own schedule otherwise.
    pub fn analyze(&self) -> Result<()> {
        let mut conn = self.conn()?;
        conn.client
            .batch_execute("ANALYZE")
            .ctx("analyzing the tables")
    }

    /// Moves every id sequence past the largest id stored, so that the next id handed out is
    /// new: after records were written with ids of their own (a load, a bulk copy through
    /// `WriteTx::put_*`), before ids are taken again.
    pub fn advance_sequences(&self) -> Result<()> {
        let mut conn = self.conn()?;
        let conn = &mut *conn;
        let tx = Tx::begin_write(&mut conn.client, &mut conn.statements, self.write_mode)?;
        tx.batch(
            "moving the id sequences past the stored ids",
            ADVANCE_SEQUENCES,
        )?;
        tx.commit_write(self.write_mode)
    }

    /// A connection of the pool, for the crate's own maintenance and test hooks.
    pub(crate) fn conn(&self) -> Result<r2d2::PooledConnection<Manager>> {
        self.pool.get().map_err(pool_err)
    }
}

fn pool_err(e: r2d2::Error) -> Error {
    pool(e)
}

/// `host:port/db (schema s)`, never the password.
fn describe(config: &postgres::Config, schema: Option<&str>) -> String {
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(h)) => h.clone(),
        #[cfg(unix)]
        Some(postgres::config::Host::Unix(p)) => p.display().to_string(),
        None => "localhost".to_owned(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let db = config.get_dbname().unwrap_or("");
    match schema {
        Some(s) => format!("postgres://{host}:{port}/{db} (schema {s})"),
        None => format!("postgres://{host}:{port}/{db}"),
    }
}

/// An SQL identifier, quoted.
fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Moves each id sequence past its table's largest id (`setval(s, max, true)`: the next
/// `nextval` is `max + 1`; an empty table's sequence starts at 1 again).
pub(crate) const ADVANCE_SEQUENCES: &str = "
SELECT setval('seq_campaign', GREATEST((SELECT max(id) FROM campaigns), 1), (SELECT max(id) FROM campaigns) IS NOT NULL);
SELECT setval('seq_plan', GREATEST((SELECT max(id) FROM plans), 1), (SELECT max(id) FROM plans) IS NOT NULL);
SELECT setval('seq_calendar_item', GREATEST((SELECT max(id) FROM calendar_items), 1), (SELECT max(id) FROM calendar_items) IS NOT NULL);
SELECT setval('seq_task', GREATEST((SELECT max(id) FROM tasks), 1), (SELECT max(id) FROM tasks) IS NOT NULL);
SELECT setval('seq_metric', GREATEST((SELECT max(id) FROM metrics), 1), (SELECT max(id) FROM metrics) IS NOT NULL);
SELECT setval('seq_user', GREATEST((SELECT max(id) FROM users), 1), (SELECT max(id) FROM users) IS NOT NULL);
";

/// Every write queues on the write lock (`tx::WRITE_LOCK`) before its snapshot is taken:
/// every service mutation appends to the one gapless audit log, so concurrent optimistic
/// writers would conflict on its head, and all but one would fail and redo their work (the
/// bounded retry loop absorbing it, at the cost of the redone work and of giving up after
/// [`campaign_ops_core::MAX_WRITE_ATTEMPTS`]). Queued, each writer starts on a snapshot that
/// holds the commit of the one before it. Readers never take the lock.
///
/// The lock is held only until the `COMMIT` is in the WAL, not until the WAL is on disk:
/// the commit does not wait for the flush, and the writer then waits for a flush covering
/// it outside the lock (`tx::DURABLE`) before `write` returns. So writers queue for their
/// statements only, and their flushes overlap (one fsync for several, PostgreSQL's group
/// commit): with a gapless chain and a flush per commit under the lock, writes could never
/// run faster than one fsync each. Nothing is reported committed before it is on disk;
/// the one difference from a synchronous commit is that other sessions may *see* a write
/// during its flush (a crash in those milliseconds loses it, and everything that built on
/// it, together: the WAL is a prefix, so the chain stays whole).
impl Store for PgStore {
    fn read<R>(&self, f: impl FnOnce(&dyn ReadTx) -> Result<R>) -> Result<R> {
        let mut conn = self.conn()?;
        let conn = &mut *conn;
        let mut tx = Tx::begin_read(&mut conn.client, &mut conn.statements)?;
        tx.schema = self.write_mode.schema;
        let out = f(&tx)?;
        // Nothing to keep: ending the snapshot is all a commit of a read does.
        tx.commit("ending a read transaction")?;
        Ok(out)
    }

    fn write_once<R>(&self, f: &mut dyn FnMut(&mut dyn WriteTx) -> Result<R>) -> Result<R> {
        let mut conn = self.conn()?;
        let conn = &mut *conn;
        let mut tx = Tx::begin_write(&mut conn.client, &mut conn.statements, self.write_mode)?;
        // Returning `Err` drops the transaction, which rolls it back.
        let value = f(&mut tx)?;
        // A serialization failure may surface only at commit: a conflict like any other.
        tx.commit_write(self.write_mode)?;
        Ok(value)
    }
}
