//! Golden bytes: the committed encodings in `store/tests/fixtures/v6/` of fixed records
//! built here must stay what this build writes and reads. A failure means the file format
//! changed: add a format version (with a decoder for the old one) instead of editing bytes.
//!
//! The files were written once with `CAMPAIGN_OPS_WRITE_GOLDEN=1 cargo test -p
//! campaign-ops-store golden`; without that variable a missing file fails the test.

use std::path::PathBuf;

use campaign_ops_core::model::*;

use super::*;
use records::*;

#[path = "golden_records.rs"]
mod records;

fn path(dir: &str, name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir)
        .join(format!("{name}.bin"))
}

/// Compares `bytes` with the committed file `name` of `fixtures/v6` (or writes it, when
/// asked to), and returns the committed bytes.
fn golden(name: &str, bytes: &[u8]) -> Vec<u8> {
    golden_in("v6", name, bytes)
}

/// [`golden`] in `fixtures/<dir>` (`v7`: what schema 7 added).
fn golden_in(dir: &str, name: &str, bytes: &[u8]) -> Vec<u8> {
    let file = path(dir, name);
    if std::env::var_os("CAMPAIGN_OPS_WRITE_GOLDEN").is_some() {
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, bytes).unwrap();
    }
    let committed = std::fs::read(&file).unwrap_or_else(|e| {
        panic!(
            "golden file {} missing ({e}): see this module's docs",
            file.display()
        )
    });
    assert_eq!(
        committed, bytes,
        "{name}: this build encodes differently from the committed bytes"
    );
    committed
}

#[test]
fn golden_bytes_encode_and_decode() {
    let c = campaign();
    let bytes = golden("campaign", &encode(&CampaignRecord::of(&c)).unwrap());
    assert_eq!(
        decode::<CampaignRecord>(&bytes).unwrap().into_domain(7),
        Ok(c)
    );

    let p = plan();
    let bytes = golden("plan", &encode(&PlanRecord::of(&p)).unwrap());
    assert_eq!(decode::<PlanRecord>(&bytes).unwrap().into_domain(3), Ok(p));

    let i = item();
    let bytes = golden(
        "calendar_item",
        &encode(&CalendarItemRecord::of(&i)).unwrap(),
    );
    assert_eq!(
        decode::<CalendarItemRecord>(&bytes)
            .unwrap()
            .into_domain(11),
        Ok(i)
    );

    // Format 2 (ticked checklist steps): its own files; format 1's files below.
    for (name, t) in [
        ("task_sop_f2", checked_task()),
        ("task_text_f2", text_task()),
    ] {
        let bytes = golden(name, &encode(&TaskRecord::of(&t)).unwrap());
        assert_eq!(bytes[0], 2, "{name}: format 2");
        assert_eq!(
            decode::<TaskRecord>(&bytes).unwrap().into_domain(t.id.0),
            Ok(t)
        );
    }
    let brief = TaskRecord::of(&sop_task()).brief();
    let bytes = golden("task_brief", &encode(&brief).unwrap());
    assert_eq!(decode::<BriefRecord>(&bytes), Ok(brief));

    let m = metric();
    let bytes = golden("metric", &encode(&MetricRecord::of(&m)).unwrap());
    assert_eq!(
        decode::<MetricRecord>(&bytes).unwrap().into_domain(31),
        Ok(m)
    );

    let s = summary();
    let bytes = golden("weekly_summary", &encode(&SummaryRecord::of(&s)).unwrap());
    assert_eq!(
        decode::<SummaryRecord>(&bytes)
            .unwrap()
            .into_domain(7, s.week),
        Ok(s)
    );

    let r = run();
    let bytes = golden("action_run", &encode(&ActionRunRecord::of(&r)).unwrap());
    assert_eq!(
        decode::<ActionRunRecord>(&bytes)
            .unwrap()
            .into_domain(r.key.clone()),
        Ok(r)
    );

    let e = audit();
    let bytes = golden("audit_entry", &encode(&AuditRecord::of(&e)).unwrap());
    assert_eq!(
        decode::<AuditRecord>(&bytes).unwrap().into_domain(41),
        Ok(e)
    );
}

/// The task files the format-1 build wrote still decode, to the same tasks with no step
/// ticked; written again they become format 2: the same fields, then an empty tick list.
#[test]
fn format_1_task_bytes_still_decode() {
    for (name, t) in [("task_sop", sop_task()), ("task_text", text_task())] {
        let committed = std::fs::read(path("v6", name)).expect("the committed format-1 file");
        assert_eq!(committed[0], 1, "{name} is format 1");
        let decoded = decode::<TaskRecord>(&committed)
            .unwrap()
            .into_domain(t.id.0);
        assert_eq!(decoded, Ok(t.clone()), "{name}");
        let again = encode(&TaskRecord::of(&t)).unwrap();
        let mut expected = committed.clone();
        expected[0] = 2;
        expected.push(0);
        assert_eq!(
            again, expected,
            "{name}: format 2 = format 1's payload + no ticks"
        );
    }
    // A tick past the last step, or out of order, is a corrupt record, not a guess.
    let mut t = checked_task();
    t.checked = vec![99];
    let bytes = encode(&TaskRecord::of(&t)).unwrap();
    assert!(
        decode::<TaskRecord>(&bytes)
            .unwrap()
            .into_domain(21)
            .unwrap_err()
            .contains("step 99")
    );
    t.checked = vec![2, 1];
    let bytes = encode(&TaskRecord::of(&t)).unwrap();
    assert!(
        decode::<TaskRecord>(&bytes)
            .unwrap()
            .into_domain(21)
            .unwrap_err()
            .contains("ascending")
    );
}

#[test]
fn post_checklists_are_stored_as_sop_references() {
    let post = TaskRecord::of(&sop_task());
    assert!(matches!(
        post.instructions,
        Instructions::Sop { version: 1, .. }
    ));
    let engage = TaskRecord::of(&text_task());
    assert!(matches!(engage.instructions, Instructions::Text(ref l) if l.len() == 2));
    // The same steps on another platform are not that platform's checklist: kept as text.
    let other = OperatorTask {
        platform: Some(Platform::X),
        ..sop_task()
    };
    assert!(matches!(
        TaskRecord::of(&other).instructions,
        Instructions::Text(_)
    ));
    let sop_len = encode(&post).unwrap().len();
    let text_len = encode(&TaskRecord::of(&OperatorTask {
        platform: Some(Platform::X),
        ..sop_task()
    }))
    .unwrap()
    .len();
    assert!(sop_len * 4 < text_len, "{sop_len} vs {text_len} bytes");
}

/// Schema 7: the value of a metric's `METRIC_BY_TIME` entry (`fixtures/v7/metric_point.bin`),
/// and that it gives back the whole entry with the id, campaign and time of its key.
#[test]
fn golden_metric_index_value() {
    let m = metric();
    let record = MetricRecord::of(&m);
    let bytes = golden_in("v7", "metric_point", &encode(&record.point()).unwrap());
    assert_eq!(
        decode::<MetricPoint>(&bytes)
            .unwrap()
            .into_domain(31, 7, Time::of(m.recorded_at)),
        Ok(m)
    );
    // Campaign and time are in the key, not repeated in the value.
    assert!(bytes.len() < encode(&record).unwrap().len());
}

#[test]
fn bad_bytes_are_errors_not_panics() {
    for raw in [&[][..], &[1][..], &[9, 1, 2][..], &[1, 0xff, 0xff][..]] {
        assert!(decode::<CampaignRecord>(raw).is_err());
        assert!(decode::<TaskRecord>(raw).is_err());
        assert!(decode::<AuditRecord>(raw).is_err());
    }
    // Trailing bytes after a valid record.
    let mut bytes = encode(&MetricRecord::of(&metric())).unwrap();
    bytes.push(0);
    assert!(
        decode::<MetricRecord>(&bytes)
            .unwrap_err()
            .contains("trailing")
    );
    // A reference to an SOP version this build does not know is refused, not guessed.
    let mut post = TaskRecord::of(&sop_task());
    post.fields.instructions = Instructions::Sop {
        version: 99,
        platform: 1,
        content_type: 2,
    };
    assert!(
        post.clone()
            .into_domain(21)
            .unwrap_err()
            .contains("SOP version 99")
    );
    post.fields.instructions = Instructions::Sop {
        version: 1,
        platform: 3,
        content_type: 2,
    };
    assert!(post.into_domain(21).is_err(), "email takes no reels");
}

#[test]
fn golden_bytes_of_action_settings() {
    let s = action_setting();
    let bytes = golden(
        "action_setting",
        &encode(&ActionSettingRecord::of(&s)).unwrap(),
    );
    assert_eq!(
        decode::<ActionSettingRecord>(&bytes)
            .unwrap()
            .into_domain(s.action.clone()),
        Ok(s)
    );
    let mut bad = bytes.clone();
    bad.push(0);
    assert!(decode::<ActionSettingRecord>(&bad).is_err());
}

#[test]
fn golden_bytes_of_users_and_sessions() {
    let u = user();
    let bytes = golden("user", &encode(&UserRecord::of(&u)).unwrap());
    assert_eq!(decode::<UserRecord>(&bytes).unwrap().into_domain(5), Ok(u));

    let s = session();
    let bytes = golden("session", &encode(&SessionRecord::of(&s)).unwrap());
    assert_eq!(
        decode::<SessionRecord>(&bytes)
            .unwrap()
            .into_domain(s.token_hash),
        Ok(s)
    );
    // Cut short or with bytes after it, a record is corrupt, never half read.
    let mut bad = bytes.clone();
    assert!(decode::<SessionRecord>(&bad[..bad.len() - 1]).is_err());
    bad.push(0);
    assert!(decode::<SessionRecord>(&bad).is_err());
}

/// Schema 8: the planned-items entry of an item up to the merge mark (`ITEM_PLANNED`, kind
/// 7) and past it (the recent run, kind 20), and the merge mark's `meta` value
/// (`fixtures/v8/planned_keys.bin`: the two keys, then the mark).
#[test]
fn golden_planned_entry_keys() {
    let i = CalendarItem {
        status: CalendarItemStatus::Planned,
        ..item()
    };
    let record = CalendarItemRecord::of(&i);
    let mark = Some(40);
    let entry = |id| {
        crate::index::item(id, &record, mark)
            .into_iter()
            .find(|(k, _)| k[0] != crate::layout::ik::ITEM_BY_CAMPAIGN)
            .expect("a planned item has a planned entry")
    };
    let (main, recent) = (entry(40), entry(41));
    let mut bytes = main.0.clone();
    bytes.extend_from_slice(&recent.0);
    bytes.extend_from_slice(&40u64.to_be_bytes());
    let committed = golden_in("v8", "planned_keys", &bytes);
    assert_eq!(committed[0], 7, "up to the mark: ITEM_PLANNED");
    assert_eq!(committed[main.0.len()], 20, "past it: the recent run");
    // Same tail (time then id), so the two runs merge on it.
    assert_eq!(main.0[1..11], recent.0[1..11]);
    assert!(main.1.is_empty() && recent.1.is_empty());
    // Without a mark (a file inside its migration to 8), every entry is in ITEM_PLANNED.
    let unmarked = crate::index::item(41, &record, None);
    assert!(unmarked.iter().any(|(k, _)| k[0] == 7));
}

/// The escalation pass's head decoder reads the committed task files of both formats (and
/// this build's encodings, an escalation with related ids and an assignee included) to
/// exactly what the whole decoder gives, cut down to a head.
#[test]
fn task_heads_decode_as_the_whole_record() {
    let escalation = OperatorTask {
        task_type: TaskType::Review,
        related_task_ids: vec![TaskId(3), TaskId(9)],
        assignee: Some("owner-1".to_owned()),
        copy: Some("copy".to_owned()),
        ..text_task()
    };
    let mut files: Vec<(String, Vec<u8>)> = ["task_sop", "task_text"]
        .into_iter()
        .map(|n| (n.to_owned(), std::fs::read(path("v6", n)).unwrap()))
        .collect();
    for (name, t) in [
        ("f2 sop", checked_task()),
        ("f2 text", text_task()),
        ("f2 escalation", escalation),
    ] {
        files.push((name.to_owned(), encode(&TaskRecord::of(&t)).unwrap()));
    }
    for (name, bytes) in files {
        let whole = decode::<TaskRecord>(&bytes)
            .unwrap()
            .into_domain(77)
            .unwrap();
        assert_eq!(
            task_head(&bytes, 77),
            Ok(OpenTaskHead::from(whole)),
            "{name}"
        );
    }
    let mut unknown = encode(&TaskRecord::of(&text_task())).unwrap();
    unknown[0] = TaskRecord::FORMAT + 1;
    assert!(task_head(&unknown, 1).unwrap_err().contains("format"));
    assert!(task_head(&[2, 1], 1).unwrap_err().contains("undecodable"));
}
