//! [`Tx`]: one PostgreSQL transaction behind the [`campaign_ops_core::ReadTx`] and
//! [`campaign_ops_core::WriteTx`] methods (`read.rs`, `write.rs`), with the connection's
//! prepared statements.

use std::cell::RefCell;
use std::collections::HashMap;

use campaign_ops_core::Result;
use postgres::types::ToSql;
use postgres::{Row, Statement, Transaction};

use crate::error::pg;

/// Query parameters.
pub(crate) type Params<'p> = &'p [&'p (dyn ToSql + Sync)];

/// A transaction and the prepared statements of its connection. `ReadTx` methods take
/// `&self`, postgres calls `&mut`: the cell bridges them (a transaction is used by one
/// thread, one call at a time).
pub(crate) struct Tx<'c> {
    txn: RefCell<Transaction<'c>>,
    statements: RefCell<&'c mut HashMap<String, Statement>>,
}

impl<'c> Tx<'c> {
    pub(crate) fn new(
        txn: Transaction<'c>,
        statements: &'c mut HashMap<String, Statement>,
    ) -> Self {
        Self {
            txn: RefCell::new(txn),
            statements: RefCell::new(statements),
        }
    }

    pub(crate) fn into_inner(self) -> Transaction<'c> {
        self.txn.into_inner()
    }

    /// The prepared statement of `sql`, prepared on first use on this connection.
    fn statement(&self, sql: &str, what: &str) -> Result<Statement> {
        if let Some(s) = self.statements.borrow().get(sql) {
            return Ok(s.clone());
        }
        let s = self
            .txn
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
        self.txn
            .borrow_mut()
            .query(&s, params)
            .map_err(|e| pg(what, e))
    }

    /// The row of `sql`, if any.
    pub(crate) fn row(&self, what: &str, sql: &str, params: Params) -> Result<Option<Row>> {
        let s = self.statement(sql, what)?;
        self.txn
            .borrow_mut()
            .query_opt(&s, params)
            .map_err(|e| pg(what, e))
    }

    /// Runs `sql`; the number of rows it changed.
    pub(crate) fn exec(&self, what: &str, sql: &str, params: Params) -> Result<u64> {
        let s = self.statement(sql, what)?;
        self.txn
            .borrow_mut()
            .execute(&s, params)
            .map_err(|e| pg(what, e))
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
