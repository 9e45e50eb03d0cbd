//! The integrity checker (`RedbStore::verify`): sound on a store the service filled, and
//! each kind of damage reported as its own typed finding: the entry edited, inserted or
//! deleted in the audit log; an index entry missing, stray or stale; an orphan; a count or
//! sequence out of step.

use campaign_ops_core::model::{Actor, AuditSeq, CampaignId, MetricKind, Objective, Platform};
use campaign_ops_core::service::{CampaignPlanning, Completion, NewCampaign};
use campaign_ops_core::{CampaignOps, FixedClock, Store};
use campaign_ops_store::{AuditFinding, Finding, RedbStore};
use chrono::{NaiveDate, TimeZone, Utc};

/// A store with two campaigns, a plan with calendar and tasks, a completed POST task with
/// metrics, a ticked checklist step, a switched-off action and a paused campaign: every
/// record kind but summaries and runs.
fn filled() -> RedbStore {
    let store = RedbStore::in_memory().unwrap();
    let ops = CampaignOps::new(
        store.clone(),
        FixedClock::new(Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap()),
    );
    let alice = Actor::new("alice").unwrap();
    let mut ids = vec![];
    for name in ["Alpha", "Beta"] {
        let mut new = NewCampaign::new(
            name,
            "Acme",
            Objective::LeadGeneration,
            vec![Platform::LinkedIn, Platform::X],
            NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            "Europe/Berlin",
        );
        new.activate = true;
        ids.push(ops.create_campaign(&alice, new).unwrap().id);
    }
    let mut request = CampaignPlanning::new("Launch", 21);
    request.assignee = Some("bob".into());
    let planned = ops.plan_campaign(&alice, ids[0], &request).unwrap();
    let task = planned.tasks.created[0];
    ops.start_task(&alice, task).unwrap();
    // `Completion` is non-exhaustive: built from its default.
    let done = {
        let mut c = Completion::default();
        c.metrics = vec![(MetricKind::Clicks, 3.0), (MetricKind::Impressions, 40.0)];
        c
    };
    ops.mark_task_complete(&alice, task, done).unwrap();
    ops.pause_campaign(&alice, ids[1], Some("budget")).unwrap();
    // A ticked checklist step (task format 2) and an action's switch (record kind 11).
    let ticked = ops
        .set_checklist_step(&alice, planned.tasks.created[1], 0, true)
        .unwrap();
    assert_eq!(ticked.checked, [0]);
    ops.set_action_enabled(&alice, "CAMPAIGN_TICK", false)
        .unwrap();
    store
}

fn findings(store: &RedbStore) -> Vec<Finding> {
    store.verify().unwrap().findings
}

#[test]
fn a_store_the_service_filled_is_sound() {
    let store = filled();
    let report = store.verify().unwrap();
    assert!(report.is_sound(), "{:#?}", report.findings);
    assert_eq!(
        report.schema_version,
        Some(campaign_ops_store::SCHEMA_VERSION)
    );
    assert_eq!(report.records.campaigns, 2);
    assert!(
        report.records.tasks > 5 && report.records.metrics == 2,
        "{report:?}"
    );
    assert!(
        report.records.audit_entries >= 6 && report.index_entries > 20,
        "{report:?}"
    );
    assert!(RedbStore::in_memory().unwrap().verify().unwrap().is_sound());
}

#[test]
fn an_edited_audit_entry_is_named() {
    let store = filled();
    store
        .tamper_audit(AuditSeq(3), |e| e.actor = "mallory".into())
        .unwrap();
    assert_eq!(
        findings(&store),
        [Finding::Audit(AuditFinding::Edited { seq: 3 })]
    );
}

#[test]
fn a_deleted_audit_entry_is_named_in_the_middle_and_at_the_tail() {
    let store = filled();
    assert!(store.tamper_delete_audit(AuditSeq(2)).unwrap());
    assert_eq!(
        findings(&store),
        [Finding::Audit(AuditFinding::Deleted { first: 2, last: 2 })]
    );
    let store = filled();
    let head = store.read(|tx| tx.audit_head()).unwrap().unwrap().0;
    assert!(store.tamper_delete_audit(head).unwrap());
    assert_eq!(
        findings(&store),
        [Finding::Audit(AuditFinding::Deleted {
            first: head.0,
            last: head.0
        })]
    );
}

#[test]
fn an_inserted_audit_entry_is_named_even_with_a_right_hash_and_link() {
    let store = filled();
    let forged = store.read(|tx| tx.audit_entries(None, 1)).unwrap()[0].clone();
    store.tamper_insert_audit(AuditSeq(3), forged).unwrap();
    assert_eq!(
        findings(&store),
        [Finding::Audit(AuditFinding::Inserted { seq: 3 })]
    );
}

#[test]
fn index_entries_missing_stray_or_stale_are_reported_with_their_index() {
    let store = filled();
    let keys = store.raw_keys("index").unwrap();
    // Index kind 10 is TASK_DUE (`[10][campaign][open][due][id] -> [status]`).
    let due = keys.iter().find(|k| k[0] == 10).unwrap().clone();
    store.tamper_raw("index", &due, Some(&[99])).unwrap();
    assert!(matches!(
        findings(&store).as_slice(),
        [Finding::StaleIndexValue { index: "TASK_DUE", record }] if record.starts_with("task ")
    ));
    store.tamper_raw("index", &due, None).unwrap();
    assert!(matches!(
        findings(&store).as_slice(),
        [Finding::MissingIndexEntry {
            index: "TASK_DUE",
            ..
        }]
    ));
    let mut stray = keys.iter().find(|k| k[0] == 8).unwrap().clone();
    *stray.last_mut().unwrap() = 0xEE;
    store.tamper_raw("index", &stray, Some(&[])).unwrap();
    let found = findings(&store);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(matches!(
        found[0],
        Finding::StrayIndexEntry {
            index: "TASK_BY_CAMPAIGN",
            ..
        }
    ));
}

#[test]
fn a_search_block_out_of_step_with_its_campaigns_is_reported() {
    let store = filled();
    // Index kind 19 is CAMPAIGN_SEARCH_BLOCK (`[19][block] -> [1][id][status][len][text]...`).
    let block = store
        .raw_keys("index")
        .unwrap()
        .into_iter()
        .find(|k| k[0] == 19)
        .expect("a search block");
    // A stale text: the block says one thing, the campaign records another.
    let mut forged = vec![1u8];
    forged.extend_from_slice(&1u64.to_be_bytes());
    forged.push(1);
    forged.extend_from_slice(&3u32.to_be_bytes());
    forged.extend_from_slice(b"abc");
    store.tamper_raw("index", &block, Some(&forged)).unwrap();
    assert!(matches!(
        findings(&store).as_slice(),
        [Finding::StaleIndexValue { index: "CAMPAIGN_SEARCH_BLOCK", record }]
            if record.starts_with("the campaigns of search block")
    ));
    store.tamper_raw("index", &block, None).unwrap();
    assert!(matches!(
        findings(&store).as_slice(),
        [Finding::MissingIndexEntry {
            index: "CAMPAIGN_SEARCH_BLOCK",
            ..
        }]
    ));
}

#[test]
fn orphans_counts_and_sequences_are_checked() {
    let store = filled();
    // A task of a campaign that does not exist (the store itself accepts it).
    let task = store
        .write(|tx| {
            let id = campaign_ops_core::TaskId(tx.next_id(campaign_ops_core::Sequence::Task)?);
            let now = Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap();
            tx.put_task(&campaign_ops_core::OperatorTask::pending(
                id,
                CampaignId(77),
                campaign_ops_core::TaskType::Manual,
                "stray".to_owned(),
                now,
                now,
            ))?;
            Ok(id)
        })
        .unwrap();
    assert_eq!(
        findings(&store),
        [Finding::Orphan {
            record: format!("task {}", task.0),
            missing: "campaign 77".into()
        }]
    );
    let store = filled();
    store
        .tamper_meta("campaigns.status.1", &9u64.to_be_bytes())
        .unwrap();
    store.tamper_meta("seq.task", &1u64.to_be_bytes()).unwrap();
    let found = findings(&store);
    assert!(
        found.iter().any(|f| matches!(
            f,
            Finding::StatusCount {
                status: 1,
                stored: 9,
                ..
            }
        )),
        "{found:?}"
    );
    assert!(
        found.iter().any(|f| matches!(
            f,
            Finding::SequenceBehind {
                sequence: "seq.task",
                last_issued: 1,
                ..
            }
        )),
        "{found:?}"
    );
    // Every finding prints as a sentence for `doctor`.
    assert!(found.iter().all(|f| !f.to_string().is_empty()));
}

#[test]
fn a_newer_schema_version_is_a_finding() {
    let store = filled();
    store.tamper_schema_version(99).unwrap();
    assert_eq!(
        findings(&store),
        [Finding::SchemaVersion {
            found: Some(99),
            expected: campaign_ops_store::SCHEMA_VERSION
        }]
    );
}
