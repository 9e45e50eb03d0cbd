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
//! - **Isolation.** Every write transaction runs `SERIALIZABLE`: PostgreSQL fails one of two
//!   transactions that could not have run one after the other (SQLSTATE 40001), and a
//!   deadlock (40P01) or a unique-key race (23505, e.g. two appenders of one audit seq) is
//!   the same kind of lost race. All three are [`StorageError::Conflict`], retryable, so
//!   [`Store::write`] runs the closure again on a fresh snapshot (at most
//!   [`campaign_ops_core::MAX_WRITE_ATTEMPTS`] times). Reads run `REPEATABLE READ READ
//!   ONLY`: one snapshot, and they never wait for writers nor make writers fail.
//! - **Ids** come from one PostgreSQL sequence per [`Sequence`]: unique and increasing in
//!   the order they are handed out, with gaps where a transaction aborted (the contract
//!   promises no more). Audit seqs stay gapless: `append_audit` reads the head and inserts
//!   its successor under the primary key, so of two racing appenders one gets a conflict.
//! - **Queries** are single SQL statements over the indexes listed in `schema`, with the
//!   keyset cursor and the limit in the statement; `campaign_page` counts its total with
//!   one `count(*)` over the same filter (a text filter is a substring search over the
//!   stored search text, a scan of the matching status or client range at most).
//! - **The ledger's once-per-period rule** rests on the primary key of `action_runs` (the
//!   key is `"<ACTION> <period>"`) written in the same transaction as the period's effects,
//!   and on `SERIALIZABLE`: two daemons that both try to start or settle one period cannot
//!   both commit.
//!
//! Schema versions: see `schema` ([`SCHEMA_VERSION`]); a newer schema is refused with
//! [`StorageError::SchemaTooNew`].

mod accounts;
mod action_settings;
mod codec;
mod conn;
pub mod dump;
mod error;
mod read;
mod schema;
#[cfg(feature = "testing")]
pub mod testing;
mod tx;
mod write;

use std::fmt;
use std::time::Duration;

use campaign_ops_core::{Error, ReadTx, Result, StorageError, Store, WriteTx};
use postgres::IsolationLevel;

use crate::conn::Manager;
use crate::error::{Context, pool};
use crate::tx::Tx;

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
}

impl Default for PgOptions {
    fn default() -> Self {
        Self {
            max_connections: 16,
            connection_timeout: Duration::from_secs(30),
            schema: None,
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
    /// When this process last saw a write conflict (milliseconds since `EPOCH`), shared by
    /// clones: writes queue while conflicts are recent (see `write_once`).
    contended: std::sync::Arc<std::sync::atomic::AtomicU64>,
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
        schema::prepare_to(&mut conn.client, version)?;
        Ok(Self {
            pool,
            contended: Default::default(),
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

/// The session-level advisory lock that retried writes queue on (see `write_once`).
const RETRY_LOCK: i64 = 0x636f_7267; // "co" "rg"

impl PgStore {
    /// One write attempt holding [`RETRY_LOCK`] for its whole transaction. Taken on the
    /// session before `BEGIN`, because a `SERIALIZABLE` snapshot starts with the first
    /// statement: a lock taken inside the transaction would leave it with a stale snapshot.
    fn write_queued<R>(&self, f: &mut dyn FnMut(&mut dyn WriteTx) -> Result<R>) -> Result<R> {
        let mut conn = self.conn()?;
        conn.client
            .execute("SELECT pg_advisory_lock($1)", &[&RETRY_LOCK])
            .ctx("queueing a retried write")?;
        let out = self.write_on(&mut conn, f);
        // On a broken connection the server drops the lock with the session.
        let unlocked = conn
            .client
            .execute("SELECT pg_advisory_unlock($1)", &[&RETRY_LOCK])
            .ctx("leaving the write queue");
        match (out, unlocked) {
            (Ok(_), Err(e)) => Err(e),
            (out, _) => out,
        }
    }

    fn write_on<R>(
        &self,
        conn: &mut conn::Conn,
        f: &mut dyn FnMut(&mut dyn WriteTx) -> Result<R>,
    ) -> Result<R> {
        let txn = conn
            .client
            .build_transaction()
            .isolation_level(IsolationLevel::Serializable)
            .start()
            .ctx("beginning a write transaction")?;
        let mut tx = Tx::new(txn, &mut conn.statements);
        // A serialization failure may surface only at commit: a conflict like any other.
        // Returning `Err` drops the transaction, which rolls it back.
        let value = f(&mut tx)?;
        tx.into_inner()
            .commit()
            .ctx("committing a write transaction")?;
        Ok(value)
    }
}

/// How long writes keep queueing after the last conflict this process saw.
const CONTENDED_MS: u64 = 2000;

/// Milliseconds since the first call in this process (monotonic).
fn elapsed_ms() -> u64 {
    static EPOCH: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    EPOCH
        .get_or_init(std::time::Instant::now)
        .elapsed()
        .as_millis() as u64
}

thread_local! {
    /// Whether this thread's last write attempt failed with a retryable error: the next
    /// attempt on it is `Store::write`'s retry (the loop runs on the caller's thread, also
    /// through `AnyStore` and other wrappers, which call `write_once`).
    static RETRYING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Writes are optimistic while there is no contention: an attempt runs at once,
/// `SERIALIZABLE`. Every service mutation appends to the one gapless audit log, so
/// concurrent writers conflict on its head; a retried attempt, and every write for
/// `CONTENDED_MS` after a conflict, therefore queues on a session advisory lock: under
/// contention writes run one at a time instead of failing each other until the bounded
/// retry loop gives up. (Writers of other processes that are not queueing yet can still
/// clash with a queued one; the retry loop absorbs that.)
impl Store for PgStore {
    fn read<R>(&self, f: impl FnOnce(&dyn ReadTx) -> Result<R>) -> Result<R> {
        let mut conn = self.conn()?;
        let conn = &mut *conn;
        let txn = conn
            .client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .ctx("beginning a read transaction")?;
        let tx = Tx::new(txn, &mut conn.statements);
        let out = f(&tx)?;
        // Nothing to keep: ending the snapshot is all a commit of a read does.
        tx.into_inner().commit().ctx("ending a read transaction")?;
        Ok(out)
    }

    fn write_once<R>(&self, f: &mut dyn FnMut(&mut dyn WriteTx) -> Result<R>) -> Result<R> {
        use std::sync::atomic::Ordering;
        let now = elapsed_ms();
        let last = self.contended.load(Ordering::Relaxed);
        let contended = last > 0 && now.saturating_sub(last) < CONTENDED_MS;
        let out = if RETRYING.get() || contended {
            self.write_queued(f)
        } else {
            let mut conn = self.conn()?;
            self.write_on(&mut conn, f)
        };
        let retry = matches!(&out, Err(e) if e.is_retryable());
        if retry {
            self.contended.store(elapsed_ms().max(1), Ordering::Relaxed);
        }
        RETRYING.set(retry);
        out
    }
}
