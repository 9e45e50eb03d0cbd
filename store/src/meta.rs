//! Typed access to `meta`: schema version, id sequences, the audit head and the campaign
//! counts per status, all in one tree so that a write dirties it once.
//!
//! Values are fixed big-endian integers; the audit head is `[seq u64][hash UTF-8]`.

use campaign_ops_core::Result;
use campaign_ops_core::model::AuditSeq;

use crate::error::Context;
use crate::layout::{mk, status_count_key};
use crate::record::corrupt;
use crate::tx::Source;
use crate::wal::TableWrite;

/// The raw value of `key`.
fn get<S: Source>(src: &S, key: &str) -> Result<Option<Vec<u8>>> {
    let Some(table) = src.meta()? else {
        return Ok(None);
    };
    let found = table.get(key).ctx("reading meta")?;
    Ok(found.map(|guard| guard.value().to_vec()))
}

/// A `u64` value; `Ok(None)` when absent.
pub(crate) fn get_u64<S: Source>(src: &S, key: &str) -> Result<Option<u64>> {
    get(src, key)?
        .map(|bytes| {
            <[u8; 8]>::try_from(bytes.as_slice())
                .map(u64::from_be_bytes)
                .map_err(|_| corrupt("meta", format!("{key}: expected 8 bytes")))
        })
        .transpose()
}

/// A `u32` value; `Ok(None)` when absent.
pub(crate) fn get_u32<S: Source>(src: &S, key: &str) -> Result<Option<u32>> {
    get(src, key)?
        .map(|bytes| {
            <[u8; 4]>::try_from(bytes.as_slice())
                .map(u32::from_be_bytes)
                .map_err(|_| corrupt("meta", format!("{key}: expected 4 bytes")))
        })
        .transpose()
}

/// Writes a `u64` value.
pub(crate) fn put_u64(meta: &mut impl TableWrite<&'static str>, key: &str, v: u64) -> Result<()> {
    meta.insert(key, v.to_be_bytes().as_slice())
        .ctx("writing meta")
        .map(drop)
}

/// Writes a `u32` value.
pub(crate) fn put_u32(meta: &mut impl TableWrite<&'static str>, key: &str, v: u32) -> Result<()> {
    meta.insert(key, v.to_be_bytes().as_slice())
        .ctx("writing meta")
        .map(drop)
}

/// The redo-log epoch the database file has caught up with: set by every durable commit
/// that ends an epoch (a checkpoint, a raw write, the open), so that a log is replayed only
/// onto the database state its epoch started from (see `wal::recover`).
pub(crate) const WAL_EPOCH: &str = "wal_epoch";

/// The workspace id; `Ok(None)` only before `schema::prepare` has made one.
pub(crate) fn workspace_id<S: Source>(src: &S) -> Result<Option<String>> {
    get(src, mk::WORKSPACE_ID)?
        .map(|bytes| {
            String::from_utf8(bytes).map_err(|_| corrupt("meta", "workspace_id: not UTF-8"))
        })
        .transpose()
}

/// Gives the database a new random workspace id (128 bits as hex).
pub(crate) fn make_workspace_id(meta: &mut impl TableWrite<&'static str>) -> Result<()> {
    let id = uuid::Uuid::new_v4().simple().to_string();
    meta.insert(mk::WORKSPACE_ID, id.as_bytes())
        .ctx("writing meta")
        .map(drop)
}

/// The newest audit entry's seq and hash.
pub(crate) fn audit_head<S: Source>(src: &S) -> Result<Option<(AuditSeq, String)>> {
    if let Some(staged) = src.staged_audit_head() {
        return Ok(Some(staged));
    }
    let Some(bytes) = get(src, mk::AUDIT_HEAD)? else {
        return Ok(None);
    };
    let bad = || corrupt("meta", "audit_head: bad value");
    let (seq, hash) = bytes.split_at_checked(8).ok_or_else(bad)?;
    let seq = u64::from_be_bytes(seq.try_into().map_err(|_| bad())?);
    let hash = String::from_utf8(hash.to_vec()).map_err(|_| bad())?;
    Ok(Some((AuditSeq(seq), hash)))
}

/// Makes `(seq, hash)` the audit head.
pub(crate) fn put_audit_head(
    meta: &mut impl TableWrite<&'static str>,
    seq: u64,
    hash: &str,
) -> Result<()> {
    let mut value = seq.to_be_bytes().to_vec();
    value.extend_from_slice(hash.as_bytes());
    meta.insert(mk::AUDIT_HEAD, value.as_slice())
        .ctx("writing meta")
        .map(drop)
}

/// How many campaigns have status `code`.
pub(crate) fn status_count<S: Source>(src: &S, code: u8) -> Result<u64> {
    Ok(get_u64(src, &status_count_key(code))?.unwrap_or(0))
}

/// Adds `delta` (+1 or -1) to the count of status `code`.
pub(crate) fn bump_status_count(
    meta: &mut impl TableWrite<&'static str>,
    code: u8,
    delta: i64,
) -> Result<()> {
    let key = status_count_key(code);
    let now = meta
        .get(key.as_str())
        .ctx("reading meta")?
        .map(|guard| guard.value().to_vec());
    let now = match now {
        None => 0,
        Some(bytes) => <[u8; 8]>::try_from(bytes.as_slice())
            .map(u64::from_be_bytes)
            .map_err(|_| corrupt("meta", format!("{key}: expected 8 bytes")))?,
    };
    let next = now.checked_add_signed(delta).ok_or_else(|| {
        corrupt(
            "meta",
            format!("{key}: count {now} cannot change by {delta}"),
        )
    })?;
    put_u64(meta, &key, next)
}
