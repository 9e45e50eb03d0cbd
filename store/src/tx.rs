//! A redb transaction seen through the Store traits, and the table helpers every query and
//! write shares.
//!
//! [`Source`] abstracts "open a table for reading" over [`ReadTransaction`] and
//! [`WriteTransaction`], so the queries of [`ReadTx`](campaign_ops_core::ReadTx) inside a
//! write transaction read through its own tables and see its uncommitted writes. Tables are
//! opened per call: opening is a lookup in redb's small table tree, and it keeps every
//! method free of borrow juggling (redb refuses to open a table twice at once in one write
//! transaction).

use std::fmt::Display;

use campaign_ops_core::Result;
use redb::{
    Key as RedbKey, ReadOnlyTable, ReadTransaction, ReadableTable, TableDefinition, TableError,
    TableHandle, Value, WriteTransaction,
};

use crate::error::Context;
use crate::keys::Span;
use crate::layout::{INDEX, RECORDS};
use crate::record::{Stored, corrupt, decode};

/// A redb transaction: [`campaign_ops_core::ReadTx`] for any [`Source`], and
/// [`campaign_ops_core::WriteTx`] for a [`WriteTransaction`].
pub(crate) struct Tx<T> {
    /// The redb transaction.
    pub(crate) txn: T,
}

/// A transaction tables can be read from.
pub(crate) trait Source {
    /// The table type this transaction hands out.
    type Table<'s, K: RedbKey + 'static, V: Value + 'static>: ReadableTable<K, V>
    where
        Self: 's;

    /// Opens `def` for reading; `None` when the table does not exist (read transactions
    /// only: a write transaction creates it).
    fn table<K: RedbKey + 'static, V: Value + 'static>(
        &self,
        def: TableDefinition<'static, K, V>,
    ) -> Result<Option<Self::Table<'_, K, V>>>;
}

impl Source for ReadTransaction {
    type Table<'s, K: RedbKey + 'static, V: Value + 'static> = ReadOnlyTable<K, V>;

    fn table<K: RedbKey + 'static, V: Value + 'static>(
        &self,
        def: TableDefinition<'static, K, V>,
    ) -> Result<Option<ReadOnlyTable<K, V>>> {
        match self.open_table(def) {
            Ok(table) => Ok(Some(table)),
            Err(TableError::TableDoesNotExist(_)) => Ok(None),
            Err(e) => Err(e).ctx(format_args!("opening table {}", def.name())),
        }
    }
}

impl Source for WriteTransaction {
    type Table<'s, K: RedbKey + 'static, V: Value + 'static> = redb::Table<'s, K, V>;

    fn table<K: RedbKey + 'static, V: Value + 'static>(
        &self,
        def: TableDefinition<'static, K, V>,
    ) -> Result<Option<redb::Table<'_, K, V>>> {
        self.open_table(def)
            .map(Some)
            .ctx(format_args!("opening table {}", def.name()))
    }
}

/// A bytes-to-bytes table (`records` or `index`).
pub(crate) type BytesTable = TableDefinition<'static, &'static [u8], &'static [u8]>;

/// The value of `key` in `def`, copied out.
pub(crate) fn get_raw<S: Source>(src: &S, def: BytesTable, key: &[u8]) -> Result<Option<Vec<u8>>> {
    let Some(table) = src.table(def)? else {
        return Ok(None);
    };
    let found = table.get(key).ctx(format_args!("reading {}", def.name()))?;
    Ok(found.map(|guard| guard.value().to_vec()))
}

/// The record of `key`, decoded; `what` names it in a corrupt-record message.
pub(crate) fn get_record<S: Source, R: Stored>(
    src: &S,
    key: &[u8],
    what: impl Display,
) -> Result<Option<R>> {
    get_raw(src, RECORDS, key)?
        .map(|bytes| decode_record(&bytes, what))
        .transpose()
}

/// Decodes a record's bytes; `what` names it in a corrupt-record message.
pub(crate) fn decode_record<R: Stored>(bytes: &[u8], what: impl Display) -> Result<R> {
    decode(bytes).map_err(|m| corrupt("records", format!("{what}: {m}")))
}

/// The records of `keys` (found in an index), in the order given. A key without a record
/// means the index and the records disagree: reported as corruption of the index.
pub(crate) fn load<S: Source, T>(
    src: &S,
    keys: Vec<(Vec<u8>, u64)>,
    mut f: impl FnMut(&[u8], u64) -> Result<T>,
) -> Result<Vec<T>> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let table = src
        .table(RECORDS)?
        .ok_or_else(|| corrupt("index", "index entries without a records table"))?;
    let mut out = Vec::with_capacity(keys.len());
    for (key, id) in keys {
        let guard = table.get(key.as_slice()).ctx("reading records")?;
        let Some(guard) = guard else {
            return Err(corrupt(
                "index",
                format!("index entry points at missing record {id}"),
            ));
        };
        out.push(f(guard.value(), id)?);
    }
    Ok(out)
}

/// Visits the entries of `def` in `span`, ascending (or descending with `rev`), until `f`
/// returns `false`.
pub(crate) fn scan<S: Source>(
    src: &S,
    def: BytesTable,
    span: &Span,
    rev: bool,
    mut f: impl FnMut(&[u8], &[u8]) -> Result<bool>,
) -> Result<()> {
    if span.is_empty() {
        return Ok(());
    }
    let Some(table) = src.table(def)? else {
        return Ok(());
    };
    let what = || format!("scanning {}", def.name());
    let range = table.range::<&[u8]>(span.bounds()).ctx(what())?;
    let mut visit = |entry: std::result::Result<_, redb::StorageError>| -> Result<bool> {
        let (k, v): (redb::AccessGuard<&[u8]>, redb::AccessGuard<&[u8]>) = entry.ctx(what())?;
        f(k.value(), v.value())
    };
    if rev {
        for entry in range.rev() {
            if !visit(entry)? {
                break;
            }
        }
    } else {
        for entry in range {
            if !visit(entry)? {
                break;
            }
        }
    }
    Ok(())
}

/// Up to `limit` results of `f` over the `index` entries in `span`, ascending; `f` returns
/// `None` to skip an entry.
pub(crate) fn collect_index<S: Source, T>(
    src: &S,
    span: &Span,
    limit: usize,
    mut f: impl FnMut(&[u8], &[u8]) -> Result<Option<T>>,
) -> Result<Vec<T>> {
    let mut out = Vec::new();
    if limit == 0 {
        return Ok(out);
    }
    scan(src, INDEX, span, false, |k, v| {
        if let Some(t) = f(k, v)? {
            out.push(t);
        }
        Ok(out.len() < limit)
    })?;
    Ok(out)
}
