//! A redb [`StorageBackend`] that injects I/O faults (feature `testing`): the `n`-th write,
//! sync or read after [`FaultyBackend::arm`] fails, or the disk reports full (`ENOSPC`)
//! on the `n`-th write or growth of the file.
//!
//! It keeps two images: what the process sees (every write) and what a power cut would
//! leave (the state at the last successful sync). A fault fires once and clears; redb
//! latches an I/O failure and refuses the database until it is reopened, so tests reopen
//! from [`FaultyBackend::crash_image`]: the machine failed at the fault, and only what
//! was synced survives. A call whose commit failed must then find the store as before it.

use std::fmt;
use std::io;
use std::sync::{Arc, Mutex, MutexGuard};

use redb::StorageBackend;

/// Which operation fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FaultKind {
    /// A write fails with an I/O error.
    Write,
    /// A sync (fsync) fails; nothing since the last good sync reaches the disk.
    Sync,
    /// A read fails with an I/O error.
    Read,
    /// A write or a growth of the file fails with `ENOSPC` (disk full).
    DiskFull,
}

impl FaultKind {
    /// Every kind.
    pub const ALL: [FaultKind; 4] = [Self::Write, Self::Sync, Self::Read, Self::DiskFull];
}

/// Operations counted since the last [`FaultyBackend::arm`] or [`FaultyBackend::reset_counts`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OpCounts {
    /// Writes.
    pub writes: u64,
    /// Syncs.
    pub syncs: u64,
    /// Reads.
    pub reads: u64,
    /// Writes plus growths of the file (what a full disk refuses).
    pub allocations: u64,
}

impl OpCounts {
    /// The count a fault of `kind` is armed against.
    pub fn of(&self, kind: FaultKind) -> u64 {
        match kind {
            FaultKind::Write => self.writes,
            FaultKind::Sync => self.syncs,
            FaultKind::Read => self.reads,
            FaultKind::DiskFull => self.allocations,
        }
    }
}

#[derive(Default)]
struct State {
    live: Vec<u8>,
    synced: Vec<u8>,
    counts: OpCounts,
    armed: Option<(FaultKind, u64)>,
    fired: Option<FaultKind>,
}

/// The fault-injecting backend; clones share one image (keep one to arm it and to read
/// the crash image while redb owns the other).
#[derive(Clone, Default)]
pub struct FaultyBackend(Arc<Mutex<State>>);

impl fmt::Debug for FaultyBackend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.lock();
        f.debug_struct("FaultyBackend")
            .field("len", &s.live.len())
            .field("armed", &s.armed)
            .field("fired", &s.fired)
            .finish()
    }
}

impl FaultyBackend {
    /// An empty backend.
    pub fn new() -> Self {
        Self::default()
    }

    /// A backend holding `image` (e.g. a [`Self::crash_image`]), synced.
    pub fn from_image(image: Vec<u8>) -> Self {
        Self(Arc::new(Mutex::new(State {
            live: image.clone(),
            synced: image,
            ..State::default()
        })))
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panicking test thread must not hide the image from the next assertion.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Makes the operation of `kind` numbered `after` (0: the next one) fail, once; counts
    /// restart at zero.
    pub fn arm(&self, kind: FaultKind, after: u64) {
        let mut s = self.lock();
        s.counts = OpCounts::default();
        s.armed = Some((kind, after));
        s.fired = None;
    }

    /// Restarts the counts without arming anything.
    pub fn reset_counts(&self) {
        self.lock().counts = OpCounts::default();
    }

    /// Operations since the last arm or reset.
    pub fn counts(&self) -> OpCounts {
        self.lock().counts
    }

    /// The fault that fired since the last arm, if any.
    pub fn fired(&self) -> Option<FaultKind> {
        self.lock().fired
    }

    /// What a power cut now would leave: the image as of the last successful sync.
    pub fn crash_image(&self) -> Vec<u8> {
        self.lock().synced.clone()
    }

    /// Counts an operation of `kinds` and fails it when an armed fault is due.
    fn tick(s: &mut State, kinds: &[FaultKind]) -> io::Result<()> {
        let mut due = None;
        for &kind in kinds {
            let n = match kind {
                FaultKind::Write => &mut s.counts.writes,
                FaultKind::Sync => &mut s.counts.syncs,
                FaultKind::Read => &mut s.counts.reads,
                FaultKind::DiskFull => &mut s.counts.allocations,
            };
            let this = *n;
            *n += 1;
            if s.armed == Some((kind, this)) {
                due = Some(kind);
            }
        }
        let Some(kind) = due else { return Ok(()) };
        s.armed = None;
        s.fired = Some(kind);
        Err(match kind {
            // ENOSPC, as a full file system reports it.
            FaultKind::DiskFull => io::Error::from_raw_os_error(28),
            FaultKind::Write => io::Error::other("injected write fault"),
            FaultKind::Sync => io::Error::other("injected sync fault"),
            FaultKind::Read => io::Error::other("injected read fault"),
        })
    }
}

fn out_of_range() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, "offset out of range")
}

impl StorageBackend for FaultyBackend {
    fn len(&self) -> Result<u64, io::Error> {
        Ok(self.lock().live.len() as u64)
    }

    fn read(&self, offset: u64, out: &mut [u8]) -> Result<(), io::Error> {
        let mut s = self.lock();
        Self::tick(&mut s, &[FaultKind::Read])?;
        let start = usize::try_from(offset).map_err(|_| out_of_range())?;
        let src = s
            .live
            .get(start..start + out.len())
            .ok_or_else(out_of_range)?;
        out.copy_from_slice(src);
        Ok(())
    }

    fn set_len(&self, len: u64) -> Result<(), io::Error> {
        let mut s = self.lock();
        let len = usize::try_from(len).map_err(|_| out_of_range())?;
        if len > s.live.len() {
            Self::tick(&mut s, &[FaultKind::DiskFull])?;
        }
        s.live.resize(len, 0);
        Ok(())
    }

    fn sync_data(&self) -> Result<(), io::Error> {
        let mut s = self.lock();
        Self::tick(&mut s, &[FaultKind::Sync])?;
        s.synced = s.live.clone();
        Ok(())
    }

    fn write(&self, offset: u64, data: &[u8]) -> Result<(), io::Error> {
        let mut s = self.lock();
        Self::tick(&mut s, &[FaultKind::Write, FaultKind::DiskFull])?;
        let start = usize::try_from(offset).map_err(|_| out_of_range())?;
        let end = start + data.len();
        if end > s.live.len() {
            return Err(out_of_range());
        }
        s.live[start..end].copy_from_slice(data);
        Ok(())
    }
}
