//! A test hook (feature `testing`) for the checker's own tests: an audit entry forged into
//! the middle of the log, the way an attacker who knows the hash function would do it.

use campaign_ops_core::Result;
use campaign_ops_core::model::{AuditEntry, AuditSeq};
use campaign_ops_core::service::{GENESIS_HASH, entry_hash};
use redb::ReadableTable;

use crate::RedbStore;
use crate::error::Context;
use crate::index;
use crate::layout::{INDEX, RECORDS, record_key, rk};
use crate::record::{AuditRecord, decode, encode};
use crate::write::open;

impl RedbStore {
    /// Inserts `forged` as entry `at`: the entries from `at` on move one seq up (their
    /// content unchanged), the forged one links to entry `at - 1` and carries its own right
    /// hash; the head in `meta` is left as it was. Bypasses append-only.
    #[doc(hidden)]
    pub fn tamper_insert_audit(&self, at: AuditSeq, mut forged: AuditEntry) -> Result<()> {
        self.raw_write(|txn| {
            let mut records = open(txn, RECORDS)?;
            let mut idx = open(txn, INDEX)?;
            let lo = record_key(rk::AUDIT, at.0);
            let hi = record_key(rk::AUDIT, u64::MAX);
            let mut moved: Vec<(u64, AuditRecord)> = Vec::new();
            for entry in records
                .range::<&[u8]>(lo.as_slice()..=hi.as_slice())
                .ctx("tampering")?
            {
                let (k, v) = entry.ctx("tampering")?;
                let seq = crate::keys::last_u64(k.value())
                    .map_err(|m| crate::record::corrupt("records", m))?;
                let rec: AuditRecord =
                    decode(v.value()).map_err(|m| crate::record::corrupt("records", m))?;
                moved.push((seq, rec));
            }
            for (seq, rec) in moved.iter().rev() {
                records
                    .remove(record_key(rk::AUDIT, *seq).as_slice())
                    .ctx("tampering")?;
                index::apply(&mut idx, &index::audit(*seq, rec), &[])?;
                records
                    .insert(
                        record_key(rk::AUDIT, seq + 1).as_slice(),
                        encode(rec)?.as_slice(),
                    )
                    .ctx("tampering")?;
                index::apply(&mut idx, &[], &index::audit(seq + 1, rec))?;
            }
            let prev = if at.0 > 1 {
                let bytes = records
                    .get(record_key(rk::AUDIT, at.0 - 1).as_slice())
                    .ctx("tampering")?
                    .map(|g| g.value().to_vec());
                match bytes {
                    Some(b) => {
                        let rec: AuditRecord =
                            decode(&b).map_err(|m| crate::record::corrupt("records", m))?;
                        rec.into_domain(at.0 - 1)
                            .map_err(|m| crate::record::corrupt("records", m))?
                            .hash
                    }
                    None => GENESIS_HASH.to_owned(),
                }
            } else {
                GENESIS_HASH.to_owned()
            };
            forged.seq = at;
            forged.prev_hash = prev;
            forged.hash = entry_hash(&forged);
            let rec = AuditRecord::of(&forged);
            records
                .insert(
                    record_key(rk::AUDIT, at.0).as_slice(),
                    encode(&rec)?.as_slice(),
                )
                .ctx("tampering")?;
            index::apply(&mut idx, &[], &index::audit(at.0, &rec))?;
            Ok(())
        })
    }

    /// Sets (`Some`) or removes (`None`) the raw value of `key` in table `"records"` or
    /// `"index"`, unchecked: simulates an index out of step or a stray record.
    #[doc(hidden)]
    pub fn tamper_raw(&self, table: &str, key: &[u8], value: Option<&[u8]>) -> Result<()> {
        let def = match table {
            "records" => RECORDS,
            "index" => INDEX,
            other => {
                return Err(campaign_ops_core::Error::validation(
                    "table",
                    format!("no table {other}"),
                ));
            }
        };
        self.raw_write(|txn| {
            let mut t = open(txn, def)?;
            match value {
                Some(v) => drop(t.insert(key, v).ctx("tampering")?),
                None => drop(t.remove(key).ctx("tampering")?),
            }
            Ok(())
        })
    }

    /// Sets the raw `meta` value of `key`, unchecked (a status count or a sequence).
    #[doc(hidden)]
    pub fn tamper_meta(&self, key: &str, value: &[u8]) -> Result<()> {
        self.raw_write(|txn| {
            open(txn, crate::layout::META)?
                .insert(key, value)
                .ctx("tampering")?;
            Ok(())
        })
    }

    /// Every raw key of table `"records"` or `"index"`, in order.
    #[doc(hidden)]
    pub fn raw_keys(&self, table: &str) -> Result<Vec<Vec<u8>>> {
        use redb::ReadableDatabase;
        let def = if table == "records" { RECORDS } else { INDEX };
        let txn = self.db.begin_read().ctx("beginning a read transaction")?;
        let t = txn.open_table(def).ctx("opening a table")?;
        let mut out = Vec::new();
        for entry in t.iter().ctx("scanning")? {
            out.push(entry.ctx("scanning")?.0.value().to_vec());
        }
        Ok(out)
    }
}
