//! The generator's promises: the scales, the order of the specs, counts that match what
//! was stored, and the same data for the same scale and "now" (pinned by a fingerprint, as
//! the ops bench's cached data set and its figures depend on it).

use campaign_ops_core::testing::MemoryStore;
use campaign_ops_core::{CampaignId, ReadTx, Store};
use chrono::{DateTime, TimeZone, Utc};

use crate::shape::{Kind, specs};
use crate::{Batch, FULL, MIN_TASKS, SMALL, Scale, Written, write};

/// The ops bench's "now" (benches/ops/dataset.rs).
fn bench_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 18, 10, 30, 0).unwrap()
}

fn smallest() -> Scale {
    Scale::with_tasks(MIN_TASKS).unwrap()
}

/// FNV-1a over the Debug form of every record, in the order written.
fn fingerprint(batches: &[String]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in batches {
        for byte in b.bytes() {
            h ^= u64::from(byte);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

fn written(scale: Scale, now: DateTime<Utc>) -> (MemoryStore, Vec<String>, Written) {
    let store = MemoryStore::new();
    let mut batches = Vec::new();
    let mut seen = Vec::new();
    let total = write(&store, scale, now, |batch: &Batch, so_far| {
        batches.push(format!("{batch:?}"));
        seen.push(so_far);
    })
    .unwrap();
    assert_eq!(seen.last(), Some(&total), "the last report is the total");
    assert!(
        seen.windows(2).all(|w| w[0].tasks <= w[1].tasks),
        "progress only grows"
    );
    (store, batches, total)
}

#[test]
fn scales_keep_the_full_shape() {
    assert_eq!(Scale::with_tasks(1_000_000), Some(FULL));
    assert_eq!(Scale::with_tasks(100_000), Some(SMALL));
    assert_eq!(Scale::with_tasks(MIN_TASKS - 1), None);
    let s = Scale::with_tasks(250_000).unwrap();
    assert_eq!(
        (s.name, s.campaigns, s.big_tasks, s.operators),
        ("custom", 2_500, 10_000, 125)
    );
    let s = smallest();
    assert_eq!((s.campaigns, s.big_tasks, s.operators), (100, 1_000, 50));
}

#[test]
fn specs_come_in_creation_order_posts_before_their_follow_ups() {
    let scale = smallest();
    let all = specs(scale, bench_now());
    assert_eq!(all.len() as u32, scale.tasks);
    assert!(all.windows(2).all(|w| w[0].created <= w[1].created));
    let mut posted = std::collections::HashSet::new();
    for s in &all {
        match s.kind {
            Kind::Post => assert!(posted.insert((s.campaign, s.post))),
            Kind::Engage2h | Kind::Engage24h => {
                assert!(posted.contains(&(s.campaign, s.post)), "{s:?}")
            }
            Kind::Review => {}
        }
    }
    let big = all.iter().filter(|s| s.campaign == 0).count() as u32;
    assert_eq!(big, scale.big_tasks);
}

#[test]
fn what_is_stored_is_what_is_counted_and_the_same_every_time() {
    let scale = smallest();
    let (store, batches, total) = written(scale, bench_now());
    assert_eq!(total.tasks, u64::from(scale.tasks));
    assert_eq!(total.tasks_total, u64::from(scale.tasks));
    assert_eq!(total.campaigns, u64::from(scale.campaigns));
    assert_eq!(total.audit, u64::from(scale.campaigns));
    assert_eq!(
        batches.len(),
        1 + (scale.tasks as usize).div_ceil(crate::CHUNK)
    );
    // Every task is stored, counted per campaign over the whole span.
    let stored: u64 = store
        .read(|tx: &dyn ReadTx| {
            let (from, until) = (
                bench_now() - chrono::Duration::days(400),
                bench_now() + chrono::Duration::days(400),
            );
            let mut n = 0;
            for id in 1..=u64::from(scale.campaigns) {
                n += u64::from(tx.task_counts(CampaignId(id), from, until)?.total());
            }
            Ok(n)
        })
        .unwrap();
    assert_eq!(stored, total.tasks);
    // The same scale and "now" write the same records.
    let (_, again, _) = written(scale, bench_now());
    assert_eq!(fingerprint(&batches), fingerprint(&again));
    // Pinned: a change here changes the ops bench's data set (bump its VERSION) and the
    // load check's (bump DATA_VERSION).
    assert_eq!(
        fingerprint(&batches),
        PINNED,
        "{:#x}",
        fingerprint(&batches)
    );
}

/// The fingerprint of the smallest scale at the bench's "now", as the generator moved out
/// of benches/ops/dataset_build.rs wrote it.
const PINNED: u64 = 0x44b6_271f_41d8_192d;
