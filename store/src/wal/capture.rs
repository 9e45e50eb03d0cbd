//! Capturing a write transaction's physical changes: [`Logged`] wraps one of the three
//! tables of [`crate::tx::Tables`] and records every insert and remove it passes to redb,
//! in order, as the redo log's encoded operations.
//!
//! Every write path reaches a table through `Tables` and so through a [`Logged`]; reads go
//! through `Deref` to the redb table, which gives only `&Table`, so a mutation that skipped
//! the capture would not compile. Raw write transactions (the migration, test hooks) write
//! to redb tables directly and are made durable by a checkpoint instead (`commit.rs`).
//! [`TableWrite`] lets the shared helpers (`index::apply`, `search::update`, `meta::put_*`)
//! take either.

use std::borrow::Borrow;

use redb::{AccessGuard, Key, ReadableTable, StorageError, Table};

use super::frame::OpList;

/// A table's key type as the log stores it: bytes (`meta`'s `&str` keys as UTF-8).
pub(crate) trait LogKey: Key + 'static {
    /// The key's bytes.
    fn log_bytes<'a>(key: &'a Self::SelfType<'_>) -> &'a [u8];
}

impl LogKey for &'static [u8] {
    fn log_bytes<'a>(key: &'a &[u8]) -> &'a [u8] {
        key
    }
}

impl LogKey for &'static str {
    fn log_bytes<'a>(key: &'a &str) -> &'a [u8] {
        key.as_bytes()
    }
}

/// A bytes-valued table of a write transaction whose inserts and removes are recorded (or,
/// built with `log` false, only passed on).
pub(crate) struct Logged<'t, K: LogKey> {
    table: Table<'t, K, &'static [u8]>,
    log: Option<OpList>,
}

impl<'t, K: LogKey> Logged<'t, K> {
    /// `table`, recording its changes when `log` is true.
    pub(crate) fn new(table: Table<'t, K, &'static [u8]>, log: bool) -> Self {
        Self {
            table,
            log: log.then(OpList::default),
        }
    }

    /// Sets `key` to `value` (and records it).
    pub(crate) fn insert<'k>(
        &mut self,
        key: impl Borrow<K::SelfType<'k>>,
        value: &[u8],
    ) -> Result<Option<AccessGuard<'_, &'static [u8]>>, StorageError> {
        if let Some(log) = &mut self.log {
            log.push(K::log_bytes(key.borrow()), Some(value));
        }
        self.table.insert(key, value)
    }

    /// Removes `key` (and records it, when there was something to remove: a remove of a
    /// missing key changed nothing, so its replay is not needed).
    pub(crate) fn remove<'k>(
        &mut self,
        key: impl Borrow<K::SelfType<'k>>,
    ) -> Result<Option<AccessGuard<'_, &'static [u8]>>, StorageError> {
        let key = key.borrow();
        let old = self.table.remove(key)?;
        if old.is_some()
            && let Some(log) = &mut self.log
        {
            log.push(K::log_bytes(key), None);
        }
        Ok(old)
    }

    /// The recorded operations, leaving none (empty when not recording).
    pub(crate) fn take_ops(&mut self) -> OpList {
        self.log.as_mut().map(std::mem::take).unwrap_or_default()
    }
}

impl<'t, K: LogKey> std::ops::Deref for Logged<'t, K> {
    type Target = Table<'t, K, &'static [u8]>;

    /// Reads go straight to the table (shared access only: writes must take the methods
    /// above).
    fn deref(&self) -> &Self::Target {
        &self.table
    }
}

/// A table the shared write helpers can write through: a [`Logged`] table of the store's
/// transactions, or a raw redb table of the migration and the test hooks.
pub(crate) trait TableWrite<K: LogKey> {
    /// As redb's `Table::insert`.
    fn insert<'k>(
        &mut self,
        key: impl Borrow<K::SelfType<'k>>,
        value: &[u8],
    ) -> Result<Option<AccessGuard<'_, &'static [u8]>>, StorageError>;

    /// As redb's `Table::remove`.
    fn remove<'k>(
        &mut self,
        key: impl Borrow<K::SelfType<'k>>,
    ) -> Result<Option<AccessGuard<'_, &'static [u8]>>, StorageError>;

    /// As redb's `ReadableTable::get`.
    fn get<'k>(
        &self,
        key: impl Borrow<K::SelfType<'k>>,
    ) -> Result<Option<AccessGuard<'_, &'static [u8]>>, StorageError>;
}

impl<K: LogKey> TableWrite<K> for Logged<'_, K> {
    fn insert<'k>(
        &mut self,
        key: impl Borrow<K::SelfType<'k>>,
        value: &[u8],
    ) -> Result<Option<AccessGuard<'_, &'static [u8]>>, StorageError> {
        Logged::insert(self, key, value)
    }

    fn remove<'k>(
        &mut self,
        key: impl Borrow<K::SelfType<'k>>,
    ) -> Result<Option<AccessGuard<'_, &'static [u8]>>, StorageError> {
        Logged::remove(self, key)
    }

    fn get<'k>(
        &self,
        key: impl Borrow<K::SelfType<'k>>,
    ) -> Result<Option<AccessGuard<'_, &'static [u8]>>, StorageError> {
        ReadableTable::get(&self.table, key)
    }
}

impl<K: LogKey> TableWrite<K> for Table<'_, K, &'static [u8]> {
    fn insert<'k>(
        &mut self,
        key: impl Borrow<K::SelfType<'k>>,
        value: &[u8],
    ) -> Result<Option<AccessGuard<'_, &'static [u8]>>, StorageError> {
        Table::insert(self, key, value)
    }

    fn remove<'k>(
        &mut self,
        key: impl Borrow<K::SelfType<'k>>,
    ) -> Result<Option<AccessGuard<'_, &'static [u8]>>, StorageError> {
        Table::remove(self, key)
    }

    fn get<'k>(
        &self,
        key: impl Borrow<K::SelfType<'k>>,
    ) -> Result<Option<AccessGuard<'_, &'static [u8]>>, StorageError> {
        ReadableTable::get(self, key)
    }
}
