use super::*;

fn part(id: u64, status: u8, text: &str) -> Part {
    Part {
        id,
        status,
        text: text.as_bytes().to_vec(),
    }
}

#[test]
fn a_block_round_trips_in_order() {
    let parts = vec![part(64, 1, "a b c"), part(65, 2, ""), part(127, 0, "ärger")];
    let bytes = encode(&parts);
    assert_eq!(bytes[0], FORMAT);
    assert_eq!(decode(&bytes).unwrap(), parts);
    let mut seen = vec![];
    for_each(&bytes, |id, _, _| {
        seen.push(id);
        id < 65
    })
    .unwrap();
    assert_eq!(seen, [64, 65], "stops when told");
}

#[test]
fn malformed_blocks_are_refused_with_the_reason() {
    assert!(decode(&[]).unwrap_err().contains("empty"));
    assert!(decode(&[2]).unwrap_err().contains("format 2"));
    let mut bytes = encode(&[part(1, 1, "abc")]);
    bytes.pop();
    assert!(
        decode(&bytes)
            .unwrap_err()
            .contains("campaign 1 ends early")
    );
    assert!(decode(&bytes[..5]).unwrap_err().contains("header"));
}

#[test]
fn blocks_group_64_neighbouring_ids() {
    let parts = [1, 2, 63, 64, 200].map(|id| part(id, 1, "x"));
    let entries = blocks(parts.clone());
    let keys: Vec<_> = entries.iter().map(|(k, _)| k.clone()).collect();
    assert_eq!(keys, [block_key(0), block_key(1), block_key(3)]);
    assert_eq!(decode(&entries[0].1).unwrap(), parts[..3]);
    assert_eq!(decode(&entries[2].1).unwrap(), parts[4..]);
    assert!(blocks(Vec::new()).is_empty());
}

#[test]
fn update_inserts_replaces_and_removes_a_part() {
    let db = redb::Database::builder()
        .create_with_backend(redb::backends::InMemoryBackend::new())
        .unwrap();
    let txn = db.begin_write().unwrap();
    {
        let mut index = txn.open_table(crate::layout::INDEX).unwrap();
        update(&mut index, 5, Some(part(5, 1, "five"))).unwrap();
        update(&mut index, 3, Some(part(3, 1, "three"))).unwrap();
        update(&mut index, 5, Some(part(5, 2, "FIVE"))).unwrap();
        let value = index.get(block_key(0).as_slice()).unwrap().unwrap();
        assert_eq!(
            decode(value.value()).unwrap(),
            [part(3, 1, "three"), part(5, 2, "FIVE")]
        );
        drop(value);
        update(&mut index, 4, None).unwrap();
        update(&mut index, 3, None).unwrap();
        update(&mut index, 5, None).unwrap();
        assert!(
            index.get(block_key(0).as_slice()).unwrap().is_none(),
            "an empty block goes"
        );
    }
    txn.commit().unwrap();
}

/// Golden bytes (schema 7): the committed `store/tests/fixtures/v7/search_block.bin` is what
/// this build writes for fixed parts, and reads back. Written once with
/// `CAMPAIGN_OPS_WRITE_GOLDEN=1 cargo test -p campaign-ops-store search`; never regenerate
/// it to make this pass (a difference is a format change: bump [`FORMAT`] instead).
#[test]
fn golden_search_block() {
    let parts = vec![
        part(
            128,
            2,
            "winter launch\nacme gmbh\nwinter launch of the acme suite",
        ),
        part(130, 5, "müller & söhne\n\närger"),
    ];
    let bytes = encode(&parts);
    let file =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v7/search_block.bin");
    if std::env::var_os("CAMPAIGN_OPS_WRITE_GOLDEN").is_some() {
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, &bytes).unwrap();
    }
    let committed = std::fs::read(&file)
        .unwrap_or_else(|e| panic!("golden file {} missing ({e})", file.display()));
    assert_eq!(
        committed, bytes,
        "this build encodes search blocks differently"
    );
    assert_eq!(decode(&committed).unwrap(), parts);
    assert_eq!(
        block_key(block_of(130)),
        [ik::CAMPAIGN_SEARCH_BLOCK, 0, 0, 0, 0, 0, 0, 0, 2]
    );
}
