//! [`Tx`]: one PostgreSQL transaction behind the [`campaign_ops_core::ReadTx`] and
//! [`campaign_ops_core::WriteTx`] methods (`read/`, `write.rs`), with the connection's
//! prepared statements.
//!
//! The transaction is driven by hand rather than through `postgres::Transaction`, so that a
//! write's `START TRANSACTION` and its write lock go to the server in one round trip (see
//! [`Tx::begin_write`]); dropping a `Tx` that was not committed rolls it back.

use std::cell::RefCell;
use std::collections::HashMap;

use campaign_ops_core::Result;
use postgres::types::ToSql;
use postgres::{Client, Row, Statement};

use crate::error::{Context, pg};

/// Statements run through a [`Tx`] in this process (feature `testing`: round trips, for
/// benchmarks; transaction control not included).
#[cfg(feature = "testing")]
pub(crate) static STATEMENTS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Query parameters.
pub(crate) type Params<'p> = &'p [&'p (dyn ToSql + Sync)];

/// The statement that makes a write transaction wait for the writers before it: a lock no
/// reader takes (`SHARE UPDATE EXCLUSIVE` conflicts with itself, not with the `ACCESS
/// SHARE` of reads nor the `ROW EXCLUSIVE` of inserts and updates) on the `meta` table, which
/// is never vacuumed (its two rows never change), so autovacuum never stands in line.
///
/// Why: every service mutation appends to the one gapless audit chain, so two concurrent
/// `SERIALIZABLE` writers always conflict on its head, and one of them fails and redoes its
/// work. Taken before the transaction's snapshot (a `LOCK` statement takes none; the first
/// query after it does), the lock makes writers queue instead, and each one's snapshot holds
/// its predecessor's commit: no failure, no redone work.
pub(crate) const WRITE_LOCK: &str = "LOCK TABLE meta IN SHARE UPDATE EXCLUSIVE MODE";

/// A durability barrier: a transaction of its own that writes one WAL record (a logical
/// decoding message, which nothing consumes unless a logical replication slot asks for
/// `campaign-ops` messages) and commits synchronously, so its commit flushes the WAL up to
/// itself, past the commit record of the write before it on this connection. Several
/// connections' barriers share one flush (PostgreSQL's group commit).
pub(crate) const DURABLE: &str = "SELECT pg_logical_emit_message(true, 'campaign-ops', '')";

/// How a store's writes begin and end (and the version of the schema they run on).
#[derive(Debug, Clone, Copy)]
pub(crate) struct WriteMode {
    /// The schema version of the store's tables: a store that tests opened at an older
    /// version reads only what that version has (v4 added `tasks.brief`).
    pub schema: u32,
    /// PostgreSQL's `lock_timeout` for the write lock, in milliseconds.
    pub lock_timeout_ms: u64,
    /// Commit without waiting for the flush, then wait for it with [`DURABLE`] (after the
    /// write lock is released): when the server lets this role call it.
    pub early_release: bool,
}

/// A transaction and the prepared statements of its connection. `ReadTx` methods take
/// `&self`, postgres calls `&mut`: the cell bridges them (a transaction is used by one
/// thread, one call at a time).
pub(crate) struct Tx<'c> {
    client: RefCell<&'c mut Client>,
    statements: RefCell<&'c mut HashMap<String, Statement>>,
    /// Committed (or rolled back) already: nothing to do on drop.
    done: bool,
    /// The schema version this transaction runs on ([`WriteMode::schema`]).
    pub(crate) schema: u32,
}

impl<'c> Tx<'c> {
    /// A `REPEATABLE READ READ ONLY` transaction: one snapshot, never waiting for writers.
    pub(crate) fn begin_read(
        client: &'c mut Client,
        statements: &'c mut HashMap<String, Statement>,
    ) -> Result<Self> {
        Self::begin(
            client,
            statements,
            "START TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY",
            "beginning a read transaction",
        )
    }

    /// A `SERIALIZABLE` write transaction holding [`WRITE_LOCK`] (waiting at most
    /// `mode.lock_timeout_ms` for it), begun in one round trip. End it with
    /// [`Tx::commit_write`].
    pub(crate) fn begin_write(
        client: &'c mut Client,
        statements: &'c mut HashMap<String, Statement>,
        mode: WriteMode,
    ) -> Result<Self> {
        let early = if mode.early_release {
            "SET LOCAL synchronous_commit = off; "
        } else {
            ""
        };
        let mut tx = Self::begin(
            client,
            statements,
            &format!(
                "START TRANSACTION ISOLATION LEVEL SERIALIZABLE; \
                 SET LOCAL lock_timeout = {}; {early}{WRITE_LOCK}",
                mode.lock_timeout_ms
            ),
            "beginning a write transaction (waiting for the writers before it)",
        )?;
        tx.schema = mode.schema;
        Ok(tx)
    }

    /// Commits a write begun by [`Tx::begin_write`], returning once it is durable. With
    /// `mode.early_release` the `COMMIT` itself does not wait for the WAL flush (so the write
    /// lock passes to the next writer at once, and its statements overlap this flush), and
    /// [`DURABLE`] then waits for a flush that covers it: a commit is only reported once it
    /// is on disk, as with a plain synchronous `COMMIT`.
    pub(crate) fn commit_write(mut self, mode: WriteMode) -> Result<()> {
        self.done = true;
        let client = self.client.get_mut();
        client
            .batch_execute("COMMIT")
            .ctx("committing a write transaction")?;
        if mode.early_release {
            // Not retryable whatever the cause: the write is committed, and running the
            // closure again would apply it twice.
            client.batch_execute(DURABLE).map_err(|e| {
                campaign_ops_core::Error::Storage(campaign_ops_core::StorageError::backend_with(
                    "waiting for a committed write to reach the disk (it is committed, but \
                     whether it survives a server crash right now is unknown)",
                    e,
                    false,
                ))
            })?;
        }
        Ok(())
    }

    fn begin(
        client: &'c mut Client,
        statements: &'c mut HashMap<String, Statement>,
        sql: &str,
        what: &str,
    ) -> Result<Self> {
        let mut tx = Self {
            client: RefCell::new(client),
            statements: RefCell::new(statements),
            done: false,
            schema: crate::schema::CURRENT_VERSION,
        };
        if let Err(e) = tx.client.get_mut().batch_execute(sql) {
            // Part of the batch may have run (the START): end it before the connection
            // goes back to the pool.
            return Err(pg(what, e));
        }
        Ok(tx)
    }

    /// Commits; a serialization failure that surfaces only now is a conflict like any
    /// other.
    pub(crate) fn commit(mut self, what: &str) -> Result<()> {
        self.done = true;
        self.client.get_mut().batch_execute("COMMIT").ctx(what)
    }

    /// Runs `sql` (several statements, no parameters) in the transaction.
    pub(crate) fn batch(&self, what: &str, sql: &str) -> Result<()> {
        self.client.borrow_mut().batch_execute(sql).ctx(what)
    }

    /// The prepared statement of `sql`, prepared on first use on this connection.
    fn statement(&self, sql: &str, what: &str) -> Result<Statement> {
        #[cfg(feature = "testing")]
        STATEMENTS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if let Some(s) = self.statements.borrow().get(sql) {
            return Ok(s.clone());
        }
        let s = self
            .client
            .borrow_mut()
            .prepare(sql)
            .map_err(|e| pg(what, e))?;
        self.statements
            .borrow_mut()
            .insert(sql.to_owned(), s.clone());
        Ok(s)
    }

    /// Every row of `sql`.
    pub(crate) fn rows(&self, what: &str, sql: &str, params: Params) -> Result<Vec<Row>> {
        let s = self.statement(sql, what)?;
        self.client
            .borrow_mut()
            .query(&s, params)
            .map_err(|e| pg(what, e))
    }

    /// The row of `sql`, if any.
    pub(crate) fn row(&self, what: &str, sql: &str, params: Params) -> Result<Option<Row>> {
        let s = self.statement(sql, what)?;
        self.client
            .borrow_mut()
            .query_opt(&s, params)
            .map_err(|e| pg(what, e))
    }

    /// Runs `sql`; the number of rows it changed.
    pub(crate) fn exec(&self, what: &str, sql: &str, params: Params) -> Result<u64> {
        let s = self.statement(sql, what)?;
        self.client
            .borrow_mut()
            .execute(&s, params)
            .map_err(|e| pg(what, e))
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if !self.done {
            // A broken connection has no transaction left to end (and is dropped by the
            // pool on return); otherwise the rollback leaves it clean for the next user.
            let _ = self.client.get_mut().batch_execute("ROLLBACK");
        }
    }
}

/// A `usize` limit as SQL's `bigint` (saturating: `usize::MAX` means "all").
pub(crate) fn limit(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// An id as `bigint`; ids beyond `i64::MAX` are never handed out by a PostgreSQL sequence,
/// and a cursor past them matches nothing (saturating keeps `>` comparisons right).
pub(crate) fn id(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}
