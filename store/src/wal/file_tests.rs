//! The log file: appends survive a reopen, a scan stops at a torn tail, a checksum
//! mismatch and a stale epoch, an undone entry is never replayed, and bad headers are
//! typed errors.

use std::os::unix::fs::FileExt;

use super::*;
use crate::wal::WalError;
use crate::wal::frame::{OpList, encode_payload};

const WS: &str = "0123456789abcdef0123456789abcdef";

fn payload(n: u8) -> Vec<u8> {
    let mut t = [OpList::default(), OpList::default(), OpList::default()];
    t[0].push(&[n], Some(&vec![n; 100 + n as usize]));
    encode_payload(&t)
}

fn temp() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.redb.wal");
    (dir, path)
}

fn scan_all(path: &Path) -> (Vec<(u64, Vec<u8>)>, Stop) {
    let mut wal = Wal::open(path).unwrap().unwrap();
    let mut seen = vec![];
    let stop = wal
        .scan(|seq, p| {
            seen.push((seq, p.to_vec()));
            Ok(())
        })
        .unwrap();
    (seen, stop)
}

#[test]
fn a_new_log_is_preallocated_and_appends_come_back_in_order() {
    let (_d, path) = temp();
    let mut wal = Wal::create(&path, 7, WS).unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().len(), CHUNK);
    for n in 1..=3 {
        wal.append(&[&payload(n)]).unwrap();
    }
    assert_eq!(wal.entries(), 3);
    drop(wal);
    let (seen, stop) = scan_all(&path);
    assert_eq!(stop, Stop::End);
    let want: Vec<_> = (1..=3).map(|n| (u64::from(n), payload(n))).collect();
    assert_eq!(seen, want);
    // Appending never changed the file's size.
    assert_eq!(std::fs::metadata(&path).unwrap().len(), CHUNK);
}

#[test]
fn the_scan_stops_at_a_torn_tail_and_at_a_checksum_mismatch() {
    let (_d, path) = temp();
    let mut wal = Wal::create(&path, 7, WS).unwrap();
    let a = wal.append(&[&payload(1)]).unwrap();
    let b = wal.append(&[&payload(2)]).unwrap();
    wal.append(&[&payload(3)]).unwrap();
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&path)
        .unwrap();
    // Entry 3 half written: its frame is there, its payload's end is zeros.
    let third = b.at + b.len;
    file.write_all_at(&[0u8; 40], third + FRAME_LEN as u64 + 60)
        .unwrap();
    let (seen, stop) = scan_all(&path);
    assert_eq!((seen.len(), stop), (2, Stop::Torn));
    // One flipped byte in entry 2's payload: the scan ends after entry 1.
    file.write_all_at(&[0xff], b.at + FRAME_LEN as u64 + 20)
        .unwrap();
    let (seen, stop) = scan_all(&path);
    assert_eq!((seen.len(), stop), (1, Stop::Torn));
    assert_eq!(a.at, ENTRIES_AT);
    // A frame claiming more bytes than the file has is torn too.
    let mut f = [0u8; FRAME_LEN];
    file.read_exact_at(&mut f, a.at).unwrap();
    f[0..4].copy_from_slice(&u32::MAX.to_le_bytes());
    file.write_all_at(&f, a.at).unwrap();
    let (seen, stop) = scan_all(&path);
    assert_eq!((seen.len(), stop), (0, Stop::Torn));
}

#[test]
fn a_new_epoch_makes_the_old_entries_stale_and_overwrites_them() {
    let (_d, path) = temp();
    let mut wal = Wal::create(&path, 7, WS).unwrap();
    for n in 1..=3 {
        wal.append(&[&payload(n)]).unwrap();
    }
    wal.reset(7, WS, CHUNK).unwrap();
    assert_eq!((wal.entries(), wal.used()), (0, 0));
    drop(wal);
    let (seen, stop) = scan_all(&path);
    assert_eq!((seen.len(), stop), (0, Stop::Stale));
    let mut wal = Wal::open(&path).unwrap().unwrap();
    assert_eq!(wal.header().epoch, 2);
    wal.scan(|_, _| Ok(())).unwrap();
    // A shorter entry over the old ones: the next old one is stale, not replayed.
    wal.append(&[&payload(0)]).unwrap();
    drop(wal);
    let (seen, stop) = scan_all(&path);
    assert_eq!(seen, [(1, payload(0))]);
    assert_eq!(stop, Stop::Stale);
}

#[test]
fn a_torn_header_write_leaves_the_previous_epoch_in_force() {
    let (_d, path) = temp();
    let mut wal = Wal::create(&path, 7, WS).unwrap();
    wal.append(&[&payload(1)]).unwrap();
    wal.reset(7, WS, CHUNK).unwrap(); // epoch 2, in the other slot
    drop(wal);
    let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    file.write_all_at(&[0xAA; 8], slot_of(2) + 24).unwrap();
    let (seen, _) = scan_all(&path);
    // Epoch 1 is current again: its entry (already checkpointed) replays, harmlessly.
    assert_eq!(seen, [(1, payload(1))]);
    assert_eq!(Wal::open(&path).unwrap().unwrap().header().epoch, 1);
}

#[test]
fn an_undone_entry_is_never_replayed() {
    let (_d, path) = temp();
    let mut wal = Wal::create(&path, 7, WS).unwrap();
    wal.append(&[&payload(1)]).unwrap();
    let b = wal.append(&[&payload(2)]).unwrap();
    wal.undo(b).unwrap();
    assert_eq!(wal.entries(), 1);
    let (seen, stop) = scan_all(&path);
    assert_eq!((seen.len(), stop), (1, Stop::End));
    // The next append takes its place with its seq.
    wal.append(&[&payload(3)]).unwrap();
    let (seen, _) = scan_all(&path);
    assert_eq!(seen, [(1, payload(1)), (2, payload(3))]);
}

#[test]
fn an_entry_past_the_end_grows_the_file_by_whole_chunks() {
    let (_d, path) = temp();
    let mut wal = Wal::create(&path, 7, WS).unwrap();
    let mut t = [OpList::default(), OpList::default(), OpList::default()];
    t[1].push(b"big", Some(&vec![7u8; CHUNK as usize]));
    let big = encode_payload(&t);
    wal.append(&[&big]).unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().len(), 2 * CHUNK);
    let (seen, _) = scan_all(&path);
    assert_eq!(seen, [(1, big)]);
    // The next epoch cuts it back to what the store keeps.
    let mut wal = Wal::open(&path).unwrap().unwrap();
    wal.scan(|_, _| Ok(())).unwrap();
    wal.reset(7, WS, CHUNK).unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().len(), CHUNK);
}

fn wal_error(path: &Path) -> WalError {
    let err = Wal::open(path).unwrap_err();
    let shown = err.to_string();
    match WalError::of(&err) {
        Some(WalError::NotALog { .. }) => WalError::NotALog { path: path.into() },
        Some(WalError::Garbled { detail, .. }) => WalError::Garbled {
            path: path.into(),
            detail: detail.clone(),
        },
        Some(WalError::FormatTooNew {
            found, supported, ..
        }) => WalError::FormatTooNew {
            path: path.into(),
            found: *found,
            supported: *supported,
        },
        _ => panic!("not a header error: {shown}"),
    }
}

#[test]
fn bad_headers_are_typed_errors() {
    let (_d, path) = temp();
    std::fs::write(&path, vec![b'x'; 8192]).unwrap();
    assert!(matches!(wal_error(&path), WalError::NotALog { .. }));
    std::fs::write(&path, b"campaign-ops-wal").unwrap();
    let e = wal_error(&path);
    assert!(
        matches!(&e, WalError::Garbled { detail, .. } if detail.contains("shorter")),
        "{e}"
    );
    std::fs::write(&path, vec![0u8; 8192]).unwrap();
    assert!(matches!(wal_error(&path), WalError::Garbled { .. }));

    drop(Wal::create(&path.with_extension("b"), 7, WS).unwrap());
    let mut bytes = std::fs::read(path.with_extension("b")).unwrap();
    let at = slot_of(1) as usize;
    bytes[at + 16..at + 20].copy_from_slice(&(frame::FORMAT + 1).to_le_bytes());
    std::fs::write(&path, &bytes).unwrap();
    let e = wal_error(&path);
    assert!(matches!(e, WalError::FormatTooNew { found, supported, .. }
            if found == frame::FORMAT + 1 && supported == frame::FORMAT));
    assert!(e.to_string().contains("upgrade campaign-ops"), "{e}");
}
