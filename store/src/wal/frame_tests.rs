//! The log's bytes: headers and entries round-trip, and every kind of damage is seen.

use super::*;

fn header(epoch: u64) -> Header {
    Header {
        schema: 7,
        epoch,
        workspace: "0123456789abcdef0123456789abcdef".to_owned(),
    }
}

#[test]
fn a_header_round_trips_and_its_damage_is_classified() {
    let h = header(41);
    let bytes = encode_header(&h);
    assert_eq!(decode_header(&bytes), Slot::Valid(h.clone()));
    assert_eq!(decode_header(&[0u8; SLOT_LEN]), Slot::Empty);
    assert_eq!(decode_header(&bytes[..10]), Slot::Damaged);

    let mut flipped = bytes;
    flipped[25] ^= 1; // the epoch
    assert_eq!(decode_header(&flipped), Slot::Damaged);

    let mut foreign = bytes;
    foreign[0] = b'X';
    assert_eq!(decode_header(&foreign), Slot::Foreign);

    let mut newer = bytes;
    newer[16..20].copy_from_slice(&(FORMAT + 1).to_le_bytes());
    assert_eq!(decode_header(&newer), Slot::Newer(FORMAT + 1));
}

#[test]
fn header_slots_alternate_with_the_epoch() {
    assert_ne!(slot_of(1), slot_of(2));
    assert_eq!(slot_of(1), slot_of(3));
    assert!(slot_of(1) < ENTRIES_AT && slot_of(2) < ENTRIES_AT);
}

fn sample() -> [OpList; 3] {
    let mut t = [OpList::default(), OpList::default(), OpList::default()];
    t[0].push(b"\x04\x00\x00\x00\x00\x00\x00\x00\x07", Some(b"task seven"));
    t[0].push(b"\x03gone", None);
    t[1].push(b"\x0aidx", Some(b""));
    t[2].push(b"seq.task", Some(&7u64.to_be_bytes()));
    t
}

#[test]
fn a_payload_round_trips_in_table_order() {
    let payload = encode_payload(&sample());
    let ops = decode_payload(&payload).unwrap();
    let seq = 7u64.to_be_bytes();
    assert_eq!(
        ops,
        [
            Op {
                table: 0,
                key: b"\x04\x00\x00\x00\x00\x00\x00\x00\x07",
                value: Some(b"task seven")
            },
            Op {
                table: 0,
                key: b"\x03gone",
                value: None
            },
            Op {
                table: 1,
                key: b"\x0aidx",
                value: Some(b"")
            },
            Op {
                table: 2,
                key: b"seq.task",
                value: Some(&seq)
            },
        ]
    );
    let empty = encode_payload(&Default::default());
    assert_eq!(empty.len(), 12);
    assert!(decode_payload(&empty).unwrap().is_empty());
}

#[test]
fn a_malformed_payload_is_an_error_not_a_guess() {
    let payload = encode_payload(&sample());
    for cut in [0, 3, 9, payload.len() - 1] {
        assert!(decode_payload(&payload[..cut]).is_err(), "cut at {cut}");
    }
    let mut extra = payload.clone();
    extra.push(0);
    assert!(
        decode_payload(&extra)
            .unwrap_err()
            .contains("after the last op")
    );
    let mut tag = payload;
    tag[4] = 9; // the first op's tag
    assert!(decode_payload(&tag).unwrap_err().contains("unknown tag 9"));
}

#[test]
fn a_frame_checks_its_payload_epoch_and_seq() {
    let payload = encode_payload(&sample());
    let bytes = encode_frame(3, 12, &[&payload[..5], &payload[5..]]);
    let f = decode_frame(&bytes).unwrap();
    assert_eq!((f.len as usize, f.epoch, f.seq), (payload.len(), 3, 12));
    assert!(f.checks(&payload));
    let mut bad = payload.clone();
    bad[20] ^= 0x40;
    assert!(!f.checks(&bad));
    // A frame edited to claim another epoch or seq no longer matches its checksum.
    for at in [8, 16] {
        let mut edited = bytes;
        edited[at] ^= 1;
        assert!(!decode_frame(&edited).unwrap().checks(&payload));
    }
    assert_eq!(decode_frame(&[0u8; FRAME_LEN]), None);
}
