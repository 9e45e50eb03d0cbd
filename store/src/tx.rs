//! A redb transaction seen through the Store traits, and the table helpers every query and
//! write shares.
//!
//! [`Source`] abstracts "a table to read" over [`ReadTransaction`] (opened per call: cheap
//! for a read) and a write transaction's [`Tables`] (opened once for the whole transaction),
//! so the queries of [`ReadTx`](campaign_ops_core::ReadTx) inside a write transaction read
//! through its own tables and see its uncommitted writes. A raw [`WriteTransaction`] (the
//! migration, test hooks) opens per call too: redb refuses to open a table twice at once in
//! one write transaction, so those paths never hold a table across a read.

use std::fmt::Display;

use campaign_ops_core::Result;
use campaign_ops_core::model::AuditSeq;
use redb::{
    Key as RedbKey, ReadOnlyTable, ReadTransaction, ReadableTable, TableDefinition, TableError,
    TableHandle, Value, WriteTransaction,
};

use crate::error::Context;
use crate::keys::Span;
use crate::layout::{INDEX, META, RECORDS};
use crate::record::{Stored, corrupt, decode};
use crate::wal::{Logged, OpList};

/// A redb transaction: [`campaign_ops_core::ReadTx`] for any [`Source`], and
/// [`campaign_ops_core::WriteTx`] for a [`WriteTransaction`].
pub(crate) struct Tx<T> {
    /// The redb transaction.
    pub(crate) txn: T,
}

/// A transaction tables can be read from: a read transaction opens them per call, a write
/// transaction's [`Tables`] hands out the tables it holds open.
pub(crate) trait Source {
    /// `def` (`records` or `index`) for reading; `None` when the table does not exist (read
    /// transactions only: a write transaction creates it).
    fn bytes(&self, def: BytesTable) -> Result<Option<TableRef<'_, &'static [u8], &'static [u8]>>>;

    /// `meta` for reading; `None` when it does not exist.
    fn meta(&self) -> Result<Option<TableRef<'_, &'static str, &'static [u8]>>>;

    /// The audit head a write transaction appended and has not written to `meta` yet
    /// ([`Tables::flush`]); `None` for every other source.
    fn staged_audit_head(&self) -> Option<(AuditSeq, String)> {
        None
    }
}

/// A table opened for reading, or one a write transaction holds open, read alike.
pub(crate) enum TableRef<'s, K: RedbKey + 'static, V: Value + 'static> {
    /// Opened by a read transaction for this call.
    Read(ReadOnlyTable<K, V>),
    /// Borrowed from a write transaction's open tables.
    Write(&'s redb::Table<'s, K, V>),
    /// Opened by a raw write transaction for this call.
    Owned(redb::Table<'s, K, V>),
}

impl<K: RedbKey + 'static, V: Value + 'static> TableRef<'_, K, V> {
    /// The value under `key`.
    pub(crate) fn get<'a>(
        &self,
        key: impl std::borrow::Borrow<K::SelfType<'a>>,
    ) -> std::result::Result<Option<redb::AccessGuard<'_, V>>, redb::StorageError> {
        match self {
            TableRef::Read(t) => t.get(key),
            TableRef::Write(t) => t.get(key),
            TableRef::Owned(t) => t.get(key),
        }
    }

    /// The entries in `range`.
    pub(crate) fn range<'a, KR>(
        &self,
        range: impl std::ops::RangeBounds<KR> + 'a,
    ) -> std::result::Result<redb::Range<'_, K, V>, redb::StorageError>
    where
        KR: std::borrow::Borrow<K::SelfType<'a>> + 'a,
    {
        match self {
            TableRef::Read(t) => t.range(range),
            TableRef::Write(t) => t.range(range),
            TableRef::Owned(t) => t.range(range),
        }
    }
}

fn open_read<K: RedbKey + 'static, V: Value + 'static>(
    txn: &ReadTransaction,
    def: TableDefinition<'static, K, V>,
) -> Result<Option<TableRef<'static, K, V>>> {
    match txn.open_table(def) {
        Ok(table) => Ok(Some(TableRef::Read(table))),
        Err(TableError::TableDoesNotExist(_)) => Ok(None),
        Err(e) => Err(e).ctx(format_args!("opening table {}", def.name())),
    }
}

/// `def` opened in a read transaction for a whole-table scan; `None` when it does not exist.
pub(crate) fn read_table<K: RedbKey + 'static, V: Value + 'static>(
    txn: &ReadTransaction,
    def: TableDefinition<'static, K, V>,
) -> Result<Option<ReadOnlyTable<K, V>>> {
    match txn.open_table(def) {
        Ok(table) => Ok(Some(table)),
        Err(TableError::TableDoesNotExist(_)) => Ok(None),
        Err(e) => Err(e).ctx(format_args!("opening table {}", def.name())),
    }
}

impl Source for ReadTransaction {
    fn bytes(&self, def: BytesTable) -> Result<Option<TableRef<'_, &'static [u8], &'static [u8]>>> {
        open_read(self, def)
    }

    fn meta(&self) -> Result<Option<TableRef<'_, &'static str, &'static [u8]>>> {
        open_read(self, META)
    }
}

/// The three tables of a write transaction, opened once for all its writes and reads.
///
/// Opening a table in a redb write transaction and closing it again (which stages its new
/// root) cost more than a small insert; a service call writes hundreds of records, so
/// [`crate::RedbStore`]'s writes open the tables once (measured: `target/bench-report.md`,
/// "Planning"). Ids handed out by [`Tables::next_id`] in this transaction are remembered
/// until their record is first written: that first write needs no look-up of an old record.
pub(crate) struct Tables<'t> {
    /// `records` (its changes recorded for the redo log when the store has one).
    pub(crate) records: Logged<'t, &'static [u8]>,
    /// `index`.
    pub(crate) index: Logged<'t, &'static [u8]>,
    /// `meta`.
    pub(crate) meta: Logged<'t, &'static str>,
    /// Record keys of ids allocated in this transaction and not yet written.
    pub(crate) fresh: std::collections::HashSet<Vec<u8>>,
    /// The last id each sequence handed out in this transaction, written to `meta` once by
    /// [`Tables::flush`] before the commit instead of on every `next_id` (a planning takes
    /// hundreds of ids). Only `next_id` reads sequences inside a write transaction.
    pub(crate) seqs: Vec<(&'static str, u64)>,
    /// The audit head after this transaction's appends, written to `meta` once by
    /// [`Tables::flush`]: an append then reads and writes no `meta` entry
    /// ([`Source::staged_audit_head`] gives it to the reads of this transaction).
    pub(crate) head: Option<(AuditSeq, String)>,
    /// The planned-items merge mark (`planned.rs`), read from `meta` on first use.
    planned_merged: Option<Option<u64>>,
}

impl<'t> Tables<'t> {
    /// Opens the three tables in `txn` (creating them if missing), recording nothing: for
    /// raw transactions (the migration, test hooks) that a checkpoint makes durable.
    pub(crate) fn open(txn: &'t WriteTransaction) -> Result<Self> {
        Self::open_logged(txn, false)
    }

    /// Opens the three tables in `txn`, recording every change for the redo log when `log`
    /// is true ([`Tables::take_ops`]).
    pub(crate) fn open_logged(txn: &'t WriteTransaction, log: bool) -> Result<Self> {
        Ok(Self {
            records: Logged::new(crate::write::open(txn, RECORDS)?, log),
            index: Logged::new(crate::write::open(txn, INDEX)?, log),
            meta: Logged::new(crate::write::open(txn, META)?, log),
            fresh: std::collections::HashSet::new(),
            seqs: Vec::new(),
            head: None,
            planned_merged: None,
        })
    }

    /// Writes what the transaction keeps in memory (the sequences, the audit head) to
    /// `meta`: call it before the commit.
    pub(crate) fn flush(&mut self) -> Result<()> {
        // The planned items' recent run, merged once it spans enough ids (`planned.rs`).
        let items = crate::layout::sequence_key(campaign_ops_core::Sequence::CalendarItem);
        if let Some(&(_, last)) = self.seqs.iter().find(|(k, _)| *k == items) {
            crate::planned::merge_if_due(self, last)?;
        }
        for (key, last) in std::mem::take(&mut self.seqs) {
            crate::meta::put_u64(&mut self.meta, key, last)?;
        }
        if let Some((seq, hash)) = self.head.take() {
            crate::meta::put_audit_head(&mut self.meta, seq.0, &hash)?;
        }
        Ok(())
    }

    /// The planned-items merge mark (see `planned.rs`), read once per transaction.
    pub(crate) fn planned_merged(&mut self) -> Result<Option<u64>> {
        if let Some(mark) = self.planned_merged {
            return Ok(mark);
        }
        let mark = crate::planned::merged(&*self)?;
        self.planned_merged = Some(mark);
        Ok(mark)
    }

    /// Records the mark a merge wrote.
    pub(crate) fn set_planned_merged(&mut self, mark: u64) {
        self.planned_merged = Some(Some(mark));
    }

    /// The changes recorded so far, per table (`records`, `index`, `meta`); call after
    /// [`Tables::flush`].
    pub(crate) fn take_ops(&mut self) -> [OpList; 3] {
        [
            self.records.take_ops(),
            self.index.take_ops(),
            self.meta.take_ops(),
        ]
    }
}

impl Source for Tables<'_> {
    fn bytes(&self, def: BytesTable) -> Result<Option<TableRef<'_, &'static [u8], &'static [u8]>>> {
        if def.name() == RECORDS.name() {
            Ok(Some(TableRef::Write(&*self.records)))
        } else if def.name() == INDEX.name() {
            Ok(Some(TableRef::Write(&*self.index)))
        } else {
            Err(corrupt(def.name(), "not a table of this layout"))
        }
    }

    fn meta(&self) -> Result<Option<TableRef<'_, &'static str, &'static [u8]>>> {
        Ok(Some(TableRef::Write(&*self.meta)))
    }

    fn staged_audit_head(&self) -> Option<(AuditSeq, String)> {
        self.head.clone()
    }
}

impl Source for WriteTransaction {
    // Opened per call (and closed when the reference drops): for the migration and the test
    // hooks, which open tables themselves too; the store's writes read through `Tables`.
    fn bytes(&self, def: BytesTable) -> Result<Option<TableRef<'_, &'static [u8], &'static [u8]>>> {
        crate::write::open(self, def).map(|t| Some(TableRef::Owned(t)))
    }

    fn meta(&self) -> Result<Option<TableRef<'_, &'static str, &'static [u8]>>> {
        crate::write::open(self, META).map(|t| Some(TableRef::Owned(t)))
    }
}

/// A bytes-to-bytes table (`records` or `index`).
pub(crate) type BytesTable = TableDefinition<'static, &'static [u8], &'static [u8]>;

/// The value of `key` in `def`, copied out.
pub(crate) fn get_raw<S: Source>(src: &S, def: BytesTable, key: &[u8]) -> Result<Option<Vec<u8>>> {
    let Some(table) = src.bytes(def)? else {
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
        .bytes(RECORDS)?
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
    let Some(table) = src.bytes(def)? else {
        return Ok(());
    };
    // `format_args!`, not a `String`: the message is only made if an error occurs (a
    // `format!` per entry was a fifth of counting a week's tasks).
    let range = table
        .range::<&[u8]>(span.bounds())
        .ctx(format_args!("scanning {}", def.name()))?;
    let mut visit = |entry: std::result::Result<_, redb::StorageError>| -> Result<bool> {
        let (k, v): (redb::AccessGuard<&[u8]>, redb::AccessGuard<&[u8]>) =
            entry.ctx(format_args!("scanning {}", def.name()))?;
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
