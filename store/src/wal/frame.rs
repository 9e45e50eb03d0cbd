//! The bytes of a redo log: its header slots and its framed entries, as pure functions over
//! byte slices (the file I/O is `file.rs`).
//!
//! ```text
//! offset 0 and 512: header slot (one per epoch parity; the valid slot with the higher epoch
//!                   is current, so a torn header write leaves the previous epoch in force)
//!   [0..16]  magic  b"campaign-ops-wal"
//!   [16..20] format version u32 LE        (FORMAT)
//!   [20..24] schema version u32 LE        (of the database the entries apply to)
//!   [24..32] epoch u64 LE                 (bumped by every checkpoint)
//!   [32..64] workspace id, ASCII, zero-padded
//!   [64..68] CRC-32 of [0..64]
//! offset 4096 (ENTRIES_AT): entries back to back, then zeros or stale entries
//!   [len u32 LE][crc u32 LE][epoch u64 LE][seq u64 LE][payload: len bytes]
//!   crc = CRC-32 of len ‖ epoch ‖ seq ‖ payload
//! payload: for `records`, `index`, `meta` in that order:
//!   [count u32 LE] then count ops: [tag u8: 1 insert, 0 remove][key len u32][key]
//!                                  (insert:) [value len u32][value]
//! ```
//!
//! An entry is current when its epoch is the header's and its seq is the previous one's + 1
//! (the first is 1); a scan stops at the first entry that is not (zeros, a torn write, a
//! stale entry of an earlier epoch, a checksum mismatch).

/// The log format this build writes and the newest it reads.
pub(crate) const FORMAT: u32 = 1;
/// The magic bytes a header slot starts with.
pub(crate) const MAGIC: &[u8; 16] = b"campaign-ops-wal";
/// Where the second header slot starts.
pub(crate) const SLOT_2: usize = 512;
/// Bytes of one header slot that carry data (the rest of the slot is zero).
pub(crate) const SLOT_LEN: usize = 68;
/// Where the first entry starts.
pub(crate) const ENTRIES_AT: u64 = 4096;
/// Bytes of an entry's frame before its payload.
pub(crate) const FRAME_LEN: usize = 24;
/// The three tables, in payload order.
pub(crate) const TABLES: [&str; 3] = ["records", "index", "meta"];

/// A decoded header slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Header {
    /// Schema version of the database the entries apply to.
    pub(crate) schema: u32,
    /// The epoch: entries of other epochs are stale.
    pub(crate) epoch: u64,
    /// The database's workspace id.
    pub(crate) workspace: String,
}

/// What one header slot holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Slot {
    /// All zeros: never written.
    Empty,
    /// Not a campaign-ops log header.
    Foreign,
    /// Written by a newer format.
    Newer(u32),
    /// The magic is right but the checksum is not (a torn or damaged write).
    Damaged,
    /// A good header.
    Valid(Header),
}

/// The bytes of a header slot for `h`.
pub(crate) fn encode_header(h: &Header) -> [u8; SLOT_LEN] {
    let mut out = [0u8; SLOT_LEN];
    out[..16].copy_from_slice(MAGIC);
    out[16..20].copy_from_slice(&FORMAT.to_le_bytes());
    out[20..24].copy_from_slice(&h.schema.to_le_bytes());
    out[24..32].copy_from_slice(&h.epoch.to_le_bytes());
    let ws = h.workspace.as_bytes();
    let n = ws.len().min(32);
    out[32..32 + n].copy_from_slice(&ws[..n]);
    let crc = crc32fast::hash(&out[..64]);
    out[64..68].copy_from_slice(&crc.to_le_bytes());
    out
}

/// Reads one header slot (`bytes` at least [`SLOT_LEN`] long, else [`Slot::Damaged`]).
pub(crate) fn decode_header(bytes: &[u8]) -> Slot {
    let Some(b) = bytes.get(..SLOT_LEN) else {
        return Slot::Damaged;
    };
    if b.iter().all(|&x| x == 0) {
        return Slot::Empty;
    }
    if &b[..16] != MAGIC {
        return Slot::Foreign;
    }
    let format = u32_at(b, 16);
    if format > FORMAT {
        return Slot::Newer(format);
    }
    if crc32fast::hash(&b[..64]) != u32_at(b, 64) || format == 0 {
        return Slot::Damaged;
    }
    let ws = &b[32..64];
    let ws = &ws[..ws.iter().position(|&x| x == 0).unwrap_or(32)];
    let Ok(workspace) = std::str::from_utf8(ws) else {
        return Slot::Damaged;
    };
    Slot::Valid(Header {
        schema: u32_at(b, 20),
        epoch: u64_at(b, 24),
        workspace: workspace.to_owned(),
    })
}

/// The slot offset the header of `epoch` goes to.
pub(crate) fn slot_of(epoch: u64) -> u64 {
    if epoch.is_multiple_of(2) {
        0
    } else {
        SLOT_2 as u64
    }
}

/// The frame of an entry whose payload is the concatenation of `parts` (so that a large
/// payload is never copied into one buffer): written before them.
pub(crate) fn encode_frame(epoch: u64, seq: u64, parts: &[&[u8]]) -> [u8; FRAME_LEN] {
    let len: usize = parts.iter().map(|p| p.len()).sum();
    let len = u32::try_from(len).expect("a redo log entry is under 4 GiB");
    let mut out = [0u8; FRAME_LEN];
    out[0..4].copy_from_slice(&len.to_le_bytes());
    out[8..16].copy_from_slice(&epoch.to_le_bytes());
    out[16..24].copy_from_slice(&seq.to_le_bytes());
    let crc = checksum(&out, parts);
    out[4..8].copy_from_slice(&crc.to_le_bytes());
    out
}

fn checksum(frame: &[u8; FRAME_LEN], parts: &[&[u8]]) -> u32 {
    let mut h = crc32fast::Hasher::new();
    h.update(&frame[0..4]);
    h.update(&frame[8..24]);
    for p in parts {
        h.update(p);
    }
    h.finalize()
}

/// An entry's frame, read before its payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Frame {
    /// Payload bytes.
    pub(crate) len: u32,
    crc: u32,
    /// The epoch it was written in.
    pub(crate) epoch: u64,
    /// Its seq in that epoch.
    pub(crate) seq: u64,
}

/// Decodes a frame; `None` for zeros (the end of a log written since its creation).
pub(crate) fn decode_frame(b: &[u8; FRAME_LEN]) -> Option<Frame> {
    if b.iter().all(|&x| x == 0) {
        return None;
    }
    Some(Frame {
        len: u32_at(b, 0),
        crc: u32_at(b, 4),
        epoch: u64_at(b, 8),
        seq: u64_at(b, 16),
    })
}

impl Frame {
    /// Whether `payload` is the payload this frame was written with.
    pub(crate) fn checks(&self, payload: &[u8]) -> bool {
        let mut frame = [0u8; FRAME_LEN];
        frame[0..4].copy_from_slice(&self.len.to_le_bytes());
        frame[8..16].copy_from_slice(&self.epoch.to_le_bytes());
        frame[16..24].copy_from_slice(&self.seq.to_le_bytes());
        checksum(&frame, &[payload]) == self.crc
    }
}

/// One operation of a payload: a key of a table set to a value, or removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Op<'a> {
    /// Index into [`TABLES`].
    pub(crate) table: usize,
    /// The key's bytes (UTF-8 for `meta`).
    pub(crate) key: &'a [u8],
    /// `Some` for an insert, `None` for a remove.
    pub(crate) value: Option<&'a [u8]>,
}

/// The operations of one table, encoded as they are captured (`capture.rs` appends here).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct OpList {
    /// How many operations `bytes` holds.
    pub(crate) count: u32,
    /// The encoded operations.
    pub(crate) bytes: Vec<u8>,
}

impl OpList {
    /// Appends an insert (`Some`) or a remove (`None`) of `key`.
    pub(crate) fn push(&mut self, key: &[u8], value: Option<&[u8]>) {
        self.count += 1;
        self.bytes.push(u8::from(value.is_some()));
        put_bytes(&mut self.bytes, key);
        if let Some(v) = value {
            put_bytes(&mut self.bytes, v);
        }
    }
}

fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    let len = u32::try_from(b.len()).expect("keys and values are under 4 GiB");
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(b);
}

/// The payload of an entry as the slices it is the concatenation of: each table's op
/// count and operations, in [`TABLES`] order (`counts` holds the encoded counts).
pub(crate) fn payload_parts<'a>(
    tables: &'a [OpList; 3],
    counts: &'a [[u8; 4]; 3],
) -> [&'a [u8]; 6] {
    [
        &counts[0],
        &tables[0].bytes,
        &counts[1],
        &tables[1].bytes,
        &counts[2],
        &tables[2].bytes,
    ]
}

/// The encoded op counts of `tables`, for [`payload_parts`].
pub(crate) fn counts(tables: &[OpList; 3]) -> [[u8; 4]; 3] {
    [0, 1, 2].map(|k| tables[k].count.to_le_bytes())
}

/// The payload of an entry in one buffer (the tests and small callers).
#[cfg(test)]
pub(crate) fn encode_payload(tables: &[OpList; 3]) -> Vec<u8> {
    payload_parts(tables, &counts(tables)).concat()
}

/// The operations of a payload, in order; `Err` says what is malformed.
pub(crate) fn decode_payload(p: &[u8]) -> Result<Vec<Op<'_>>, String> {
    let mut r = Reader { b: p, at: 0 };
    let mut ops = Vec::new();
    for (table, name) in TABLES.iter().enumerate() {
        let count = r.u32().ok_or("truncated op count")?;
        for k in 0..count {
            let bad = || format!("{name} op {k}: truncated");
            let tag = r.take(1).ok_or_else(bad)?[0];
            let key = r.bytes().ok_or_else(bad)?;
            let value = match tag {
                0 => None,
                1 => Some(r.bytes().ok_or_else(bad)?),
                t => return Err(format!("{name} op {k}: unknown tag {t}")),
            };
            ops.push(Op { table, key, value });
        }
    }
    if r.at != p.len() {
        return Err(format!("{} bytes after the last op", p.len() - r.at));
    }
    Ok(ops)
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let out = self.b.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(out)
    }

    fn u32(&mut self) -> Option<u32> {
        self.take(4).map(|b| u32_at(b, 0))
    }

    fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.u32()? as usize;
        self.take(n)
    }
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes"))
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"))
}

#[cfg(test)]
#[path = "frame_tests.rs"]
mod tests;
