//! [`Wal`]: the redo log file — created preallocated with real zeros, appended to and
//! `fdatasync`ed, scanned on open, reset to a new epoch by a checkpoint.
//!
//! The file is never truncated or extended by an append: it is written full of zeros (and
//! synced, size included) when it is made and whenever an entry would pass its end (in
//! [`CHUNK`] steps), and a checkpoint starts the next epoch at the beginning again. So the
//! `fdatasync` of an append flushes the appended blocks and no file-size metadata (the
//! reason SQLite's WAL commit costs about one flush).

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use campaign_ops_core::Result;

use super::error::{WalError, io};
use super::frame::{
    self, ENTRIES_AT, FRAME_LEN, Frame, Header, SLOT_2, SLOT_LEN, Slot, decode_frame,
    decode_header, encode_frame, encode_header, slot_of,
};

/// The log grows in steps of this many bytes (zeros written and synced once).
pub(crate) const CHUNK: u64 = 4 << 20;

/// Why a scan stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    /// Zeros or the end of the file: the log ends there.
    End,
    /// An entry of another epoch (left from before the last checkpoint).
    Stale,
    /// A frame that runs past the file, or whose checksum does not match: a write that was
    /// torn by a crash (its `fdatasync` never returned, so it was never acknowledged).
    Torn,
    /// An entry of this epoch whose seq is not the next one.
    OutOfOrder,
}

/// An appended entry, for [`Wal::undo`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Appended {
    /// Where its frame starts.
    pub(crate) at: u64,
    /// Frame and payload bytes.
    pub(crate) len: u64,
}

/// An open redo log.
#[derive(Debug)]
pub(crate) struct Wal {
    file: File,
    path: PathBuf,
    header: Header,
    /// The file's length (all of it written).
    len: u64,
    /// Where the next entry goes.
    end: u64,
    /// The next entry's seq.
    next_seq: u64,
    /// Set when a reset or an undo failed: what the file holds is then uncertain, so no
    /// entry is appended until the store is reopened (which scans it again).
    broken: Option<String>,
}

impl Wal {
    /// Creates the log at `path` (replacing none: it must not exist) for a database of
    /// `schema` and `workspace`, atomically: written and synced as `<path>.new`, renamed.
    #[cfg(test)]
    pub(crate) fn create(path: &Path, schema: u32, workspace: &str) -> Result<Self> {
        Self::create_at(path, schema, workspace, 1)
    }

    /// [`Wal::create`], its first epoch `epoch` (the one the database has caught up with).
    pub(crate) fn create_at(path: &Path, schema: u32, workspace: &str, epoch: u64) -> Result<Self> {
        let mut tmp = path.as_os_str().to_owned();
        tmp.push(".new");
        let tmp = PathBuf::from(tmp);
        let header = Header {
            schema,
            epoch,
            workspace: workspace.to_owned(),
        };
        let made = (|| {
            let mut f = File::create(&tmp)?;
            let mut first = vec![0u8; ENTRIES_AT as usize];
            let at = slot_of(header.epoch) as usize;
            first[at..at + SLOT_LEN].copy_from_slice(&encode_header(&header));
            f.write_all(&first)?;
            write_zeros(&f, ENTRIES_AT, CHUNK - ENTRIES_AT)?;
            f.sync_all()?;
            drop(f);
            std::fs::rename(&tmp, path)?;
            sync_dir(path)
        })();
        made.map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            io(path, "creating", e)
        })?;
        Self::open(path)?.ok_or_else(|| {
            io(
                path,
                "opening",
                std::io::Error::other("the log vanished after it was created"),
            )
        })
    }

    /// Opens the log at `path` and finds its current header; `None` when there is no file.
    /// The entries are not read: [`Wal::scan`] does that (and must, before an append).
    pub(crate) fn open(path: &Path) -> Result<Option<Self>> {
        let file = match OpenOptions::new().read(true).write(true).open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io(path, "opening", e)),
        };
        let len = file.metadata().map_err(|e| io(path, "reading", e))?.len();
        let mut first = vec![0u8; (ENTRIES_AT as usize).min(len as usize)];
        file.read_exact_at(&mut first, 0)
            .map_err(|e| io(path, "reading the header of", e))?;
        let slots = [0, SLOT_2].map(|at| decode_header(first.get(at..).unwrap_or(&[])));
        let header = current(path, &slots, len)?;
        Ok(Some(Wal {
            file,
            path: path.to_path_buf(),
            header,
            len,
            end: ENTRIES_AT,
            next_seq: 1,
            broken: None,
        }))
    }

    /// The log's path.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// The current header.
    pub(crate) fn header(&self) -> &Header {
        &self.header
    }

    /// The file's size in bytes.
    pub(crate) fn file_len(&self) -> u64 {
        self.len
    }

    /// Bytes of current entries.
    pub(crate) fn used(&self) -> u64 {
        self.end - ENTRIES_AT
    }

    /// Current entries (appended since the last checkpoint, or found by the scan).
    pub(crate) fn entries(&self) -> u64 {
        self.next_seq - 1
    }

    /// Visits every current entry in order (`visit(seq, payload)`), from the start, and
    /// leaves the log positioned after the last one; says why the scan stopped.
    pub(crate) fn scan(&mut self, mut visit: impl FnMut(u64, &[u8]) -> Result<()>) -> Result<Stop> {
        let (mut at, mut seq) = (ENTRIES_AT, 1);
        let mut payload = Vec::new();
        let stop = loop {
            if at + FRAME_LEN as u64 > self.len {
                break Stop::End;
            }
            let mut fb = [0u8; FRAME_LEN];
            self.file
                .read_exact_at(&mut fb, at)
                .map_err(|e| io(&self.path, "reading", e))?;
            let Some(f): Option<Frame> = decode_frame(&fb) else {
                break Stop::End;
            };
            if f.epoch != self.header.epoch {
                break Stop::Stale;
            }
            let body = at + FRAME_LEN as u64;
            if body + u64::from(f.len) > self.len {
                break Stop::Torn;
            }
            payload.resize(f.len as usize, 0);
            self.file
                .read_exact_at(&mut payload, body)
                .map_err(|e| io(&self.path, "reading", e))?;
            if !f.checks(&payload) {
                break Stop::Torn;
            }
            if f.seq != seq {
                break Stop::OutOfOrder;
            }
            visit(seq, &payload)?;
            at = body + u64::from(f.len);
            seq += 1;
        };
        self.end = at;
        self.next_seq = seq;
        Ok(stop)
    }

    /// Appends one entry with `payload` and `fdatasync`s it: when this returns `Ok` the
    /// entry is on disk. On an error nothing of it counts (its frame is zeroed if it got
    /// written, so a later scan stops there).
    pub(crate) fn append(&mut self, parts: &[&[u8]]) -> Result<Appended> {
        let frame = encode_frame(self.header.epoch, self.next_seq, parts);
        let len = (FRAME_LEN + parts.iter().map(|p| p.len()).sum::<usize>()) as u64;
        let at = self.end;
        if let Some(why) = &self.broken {
            return Err(io(
                &self.path,
                "appending to",
                std::io::Error::other(format!("{why}; reopen the store")),
            ));
        }
        // What follows the entry needs no zeroing: only stale entries (older epochs) or
        // zeros can be there, since an undone entry's frame is zeroed. An entry past the
        // end extends the file with zeros to the next whole chunk in the same write, so
        // the appends after it again change no file size.
        let (new_len, pad) = if at + len > self.len {
            let new_len = (at + len).div_ceil(CHUNK) * CHUNK;
            (new_len, new_len - (at + len))
        } else {
            (self.len, 0)
        };
        let written = self.write_entry(at, &frame, parts, pad);
        if written.is_ok() {
            self.len = new_len;
        }
        if let Err(e) = written {
            // Best effort: the entry was not acknowledged either way, and a torn or
            // unsynced one is cut off by the next scan's checksum.
            let _ = self.zero_frame(at);
            return Err(io(&self.path, "appending to", e));
        }
        self.end = at + len;
        self.next_seq += 1;
        Ok(Appended { at, len })
    }

    /// Takes back the entry `a` (the last one appended), for a commit that failed after
    /// its append: its frame is zeroed and synced, so no scan replays it.
    pub(crate) fn undo(&mut self, a: Appended) -> std::result::Result<(), WalError> {
        debug_assert_eq!(a.at + a.len, self.end, "only the last entry can be undone");
        self.zero_frame(a.at).map_err(|source| {
            self.broken = Some(format!(
                "a failed commit's entry could not be removed: {source}"
            ));
            WalError::Poisoned {
                path: self.path.clone(),
                source,
            }
        })?;
        self.end = a.at;
        self.next_seq -= 1;
        Ok(())
    }

    /// Starts a new epoch: every entry so far becomes stale. Call only once the database
    /// holds them durably (a checkpoint). `schema`/`workspace` describe the database now.
    ///
    /// A file grown past `keep` bytes (by a large transaction) is cut back to it: the next
    /// appends start at the beginning again.
    pub(crate) fn reset(&mut self, schema: u32, workspace: &str, keep: u64) -> Result<()> {
        let header = Header {
            schema,
            epoch: self.header.epoch + 1,
            workspace: workspace.to_owned(),
        };
        let written = self
            .file
            .write_all_at(&encode_header(&header), slot_of(header.epoch))
            .and_then(|()| self.file.sync_data());
        if let Err(e) = written {
            // The slot may or may not hold the new epoch now: appending in the old one
            // could write entries a reopen takes for stale.
            self.broken = Some(format!("starting a new epoch failed: {e}"));
            return Err(io(&self.path, "starting a new epoch of", e));
        }
        self.header = header;
        self.end = ENTRIES_AT;
        self.next_seq = 1;
        let keep = keep.max(CHUNK);
        if self.len > keep
            && self
                .file
                .set_len(keep)
                .and_then(|()| self.file.sync_all())
                .is_ok()
        {
            self.len = keep;
        }
        Ok(())
    }

    /// Writes `frame`, `parts` and `pad` zeros from `at` (one write for a small entry; a
    /// large one is written part by part rather than copied), then `fdatasync`s.
    fn write_entry(&self, at: u64, frame: &[u8], parts: &[&[u8]], pad: u64) -> std::io::Result<()> {
        let body: usize = parts.iter().map(|p| p.len()).sum();
        if body < 256 << 10 && pad == 0 {
            let mut bytes = Vec::with_capacity(frame.len() + body);
            bytes.extend_from_slice(frame);
            parts.iter().for_each(|p| bytes.extend_from_slice(p));
            self.file.write_all_at(&bytes, at)?;
        } else {
            let mut pos = at;
            for p in std::iter::once(frame).chain(parts.iter().copied()) {
                self.file.write_all_at(p, pos)?;
                pos += p.len() as u64;
            }
            write_zeros(&self.file, pos, pad)?;
        }
        self.file.sync_data()
    }

    fn zero_frame(&self, at: u64) -> std::io::Result<()> {
        self.file.write_all_at(&[0u8; FRAME_LEN], at)?;
        self.file.sync_data()
    }
}

/// The current header of a log of `len` bytes whose slots read as `slots`.
fn current(path: &Path, slots: &[Slot; 2], len: u64) -> Result<Header> {
    if let Some(found) = slots.iter().find_map(|s| match s {
        Slot::Newer(v) => Some(*v),
        _ => None,
    }) {
        return Err(WalError::FormatTooNew {
            path: path.to_path_buf(),
            found,
            supported: frame::FORMAT,
        }
        .into_error("opening the redo log"));
    }
    let valid = slots
        .iter()
        .filter_map(|s| match s {
            Slot::Valid(h) => Some(h),
            _ => None,
        })
        .max_by_key(|h| h.epoch);
    // The entries start after both slots: a shorter file is damaged whatever its slots say.
    if let Some(h) = valid
        && len >= ENTRIES_AT
    {
        return Ok(h.clone());
    }
    let err = if slots
        .iter()
        .all(|s| matches!(s, Slot::Foreign | Slot::Empty))
        && slots.iter().any(|s| matches!(s, Slot::Foreign))
    {
        WalError::NotALog {
            path: path.to_path_buf(),
        }
    } else {
        WalError::Garbled {
            path: path.to_path_buf(),
            detail: if len < ENTRIES_AT {
                format!("{len} bytes, shorter than its header")
            } else {
                "no header slot with a valid checksum".to_owned()
            },
        }
    };
    Err(err.into_error("opening the redo log"))
}

fn write_zeros(f: &File, from: u64, n: u64) -> std::io::Result<()> {
    let zeros = vec![0u8; 1 << 20];
    let mut at = from;
    while at < from + n {
        let k = (from + n - at).min(zeros.len() as u64) as usize;
        f.write_all_at(&zeros[..k], at)?;
        at += k as u64;
    }
    Ok(())
}

/// Syncs the directory holding `path` (so a rename into it is durable).
pub(super) fn sync_dir(path: &Path) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    File::open(dir)?.sync_all()
}

#[cfg(test)]
#[path = "file_tests.rs"]
mod tests;
