//! The admin calls and the checklist ticks on the in-memory store: action switches and
//! run requests (audited, no-ops unaudited), ticking checklist steps (stored, audited,
//! refused on closed tasks and past the last step), and the audit search (filters, paging
//! newest first, bounded work counted with `CountingStore`).

use super::*;
use crate::conformance::{at, audit_chain, campaign, task};
use crate::service::{AUDIT_SCAN_BUDGET, AuditFilter, AuditSearch};
use crate::testing::{CountingStore, MemoryStore, RecordKind};
use crate::{Error, FixedClock, Store};

fn actor(name: &str) -> Actor {
    Actor::new(name).unwrap()
}

fn ops() -> CampaignOps<MemoryStore, FixedClock> {
    CampaignOps::new(MemoryStore::new(), FixedClock::new(at(100)))
}

#[test]
fn action_switches_are_stored_and_audited_once_per_change() {
    let ops = ops();
    let ada = actor("ada");
    assert_eq!(ops.action_setting("CAMPAIGN_TICK").unwrap(), None);
    let off = ops
        .set_action_enabled(&ada, "CAMPAIGN_TICK", false)
        .unwrap();
    assert!(!off.enabled);
    assert_eq!(off.changed_by, "ada");
    assert_eq!(
        ops.action_setting("CAMPAIGN_TICK").unwrap(),
        Some(off.clone())
    );
    let head = ops.audit_head().unwrap();
    assert_eq!(
        ops.set_action_enabled(&ada, "CAMPAIGN_TICK", false)
            .unwrap(),
        off,
        "already off"
    );
    assert_eq!(ops.audit_head().unwrap(), head, "no change, no entry");
    ops.set_action_enabled(&ada, "CAMPAIGN_TICK", true).unwrap();
    let log = ops.audit_log(None, 10).unwrap();
    let actions: Vec<_> = log.iter().map(|e| e.action).collect();
    assert_eq!(
        actions,
        [AuditAction::ActionDisable, AuditAction::ActionEnable]
    );
    assert!(log.iter().all(|e| e.entity == EntityKind::Action));
    assert!(ops.verify_audit_chain().unwrap().is_intact());
    // Switching on an action never switched off is no change either.
    ops.set_action_enabled(&ada, "OTHER", true).unwrap();
    assert_eq!(ops.audit_log(None, 10).unwrap().len(), 2);
    assert_eq!(ops.action_setting("OTHER").unwrap(), None);
    for bad in ["", "TWO WORDS", "NEW\nLINE", &"X".repeat(101)] {
        let before = ops.store().dump();
        assert!(
            matches!(
                ops.set_action_enabled(&ada, bad, false),
                Err(Error::Validation { ref field, .. }) if field == "action"
            ),
            "{bad:?}"
        );
        assert_eq!(ops.store().dump(), before);
    }
}

#[test]
fn a_run_now_request_queues_the_period_or_opens_it_again_and_is_audited() {
    let ops = ops();
    let ada = actor("ada");
    let run = ops
        .request_action_run(&ada, "CAMPAIGN_TICK", "2026-03-06")
        .unwrap();
    assert_eq!(run.status, RunStatus::Queued);
    assert_eq!(run.next_attempt_at, Some(at(100)));
    assert_eq!(
        ops.action_run("CAMPAIGN_TICK", "2026-03-06").unwrap(),
        Some(run.clone())
    );
    // A settled period is opened again with a fresh count of attempts.
    let failed = ActionRun {
        status: RunStatus::Failed,
        attempts: 5,
        finished_at: Some(at(90)),
        next_attempt_at: None,
        last_error: Some("timeout".into()),
        ..run.clone()
    };
    ops.store().write(|tx| tx.put_action_run(&failed)).unwrap();
    let again = ops
        .request_action_run(&ada, "CAMPAIGN_TICK", "2026-03-06")
        .unwrap();
    assert_eq!(
        (
            again.status,
            again.attempts,
            again.finished_at,
            again.next_attempt_at
        ),
        (RunStatus::Queued, 0, None, Some(at(100)))
    );
    // A period being run is refused, changing nothing.
    let running = ActionRun {
        status: RunStatus::Running,
        ..again.clone()
    };
    ops.store().write(|tx| tx.put_action_run(&running)).unwrap();
    let before = ops.store().dump();
    assert!(matches!(
        ops.request_action_run(&ada, "CAMPAIGN_TICK", "2026-03-06"),
        Err(Error::Validation { ref field, .. }) if field == "action"
    ));
    assert!(matches!(
        ops.request_action_run(&ada, "CAMPAIGN_TICK", " "),
        Err(Error::Validation { ref field, .. }) if field == "period"
    ));
    assert_eq!(ops.store().dump(), before);
    let log = ops.audit_log(None, 10).unwrap();
    assert_eq!(log.len(), 2);
    assert!(log.iter().all(|e| e.action == AuditAction::ActionRunNow));
    assert!(
        log[0]
            .details
            .as_deref()
            .unwrap()
            .contains("CAMPAIGN_TICK 2026-03-06")
    );
}

#[test]
fn checklist_steps_are_ticked_stored_and_audited() {
    let ops = ops();
    let olga = actor("olga");
    ops.store()
        .write(|tx| {
            tx.put_campaign(&campaign(1, "Spring", CampaignStatus::Active))?;
            tx.put_task(&task(1, 1, Some("olga"), at(101), TaskStatus::Pending))?;
            tx.put_task(&task(2, 1, Some("olga"), at(101), TaskStatus::Completed))
        })
        .unwrap();
    let t = ops.set_checklist_step(&olga, TaskId(1), 1, true).unwrap();
    assert_eq!(t.checked, [1]);
    let t = ops.set_checklist_step(&olga, TaskId(1), 0, true).unwrap();
    assert_eq!(t.checked, [0, 1], "ascending");
    assert_eq!(
        ops.store()
            .read(|tx| tx.task(TaskId(1)))
            .unwrap()
            .unwrap()
            .checked,
        [0, 1]
    );
    let head = ops.audit_head().unwrap();
    ops.set_checklist_step(&olga, TaskId(1), 0, true).unwrap();
    assert_eq!(ops.audit_head().unwrap(), head, "already ticked: no entry");
    let t = ops.set_checklist_step(&olga, TaskId(1), 1, false).unwrap();
    assert_eq!(t.checked, [0]);
    let log = ops.audit_log(None, 10).unwrap();
    assert_eq!(log.len(), 3);
    assert!(log.iter().all(|e| e.action == AuditAction::TaskChecklist));
    assert_eq!(log[2].details.as_deref(), Some("step 2 unticked"));
    assert!(log[2].changes.iter().any(|c| c.field == "checked"));
    // Refused, changing nothing: past the last step, a closed task, no such task.
    let before = ops.store().dump();
    assert!(matches!(
        ops.set_checklist_step(&olga, TaskId(1), 2, true),
        Err(Error::Validation { ref field, .. }) if field == "step"
    ));
    assert!(matches!(
        ops.set_checklist_step(&olga, TaskId(2), 0, true),
        Err(Error::ReadOnly { .. })
    ));
    assert!(matches!(
        ops.set_checklist_step(&olga, TaskId(9), 0, true),
        Err(Error::NotFound { .. })
    ));
    assert_eq!(ops.store().dump(), before);
}

/// A store holding a chain of `n` entries: entry `seq` at `at(seq)`, campaign 1 for every
/// tenth, actor `olivia`.
fn logged(n: u64) -> CampaignOps<CountingStore<MemoryStore>, FixedClock> {
    let store = CountingStore::new(MemoryStore::new());
    let chain = audit_chain(n, |seq| (seq % 10 == 0).then_some(1));
    store
        .write(|tx| {
            for e in &chain {
                tx.append_audit(e)?;
            }
            Ok(())
        })
        .unwrap();
    CampaignOps::new(store, FixedClock::new(at(100_000)))
}

fn seqs(page: &AuditSearch) -> Vec<u64> {
    page.entries.iter().map(|e| e.seq.0).collect()
}

#[test]
fn the_audit_search_pages_newest_first_through_the_filters() {
    let ops = logged(100);
    let all = AuditFilter::default();
    let page = ops.search_audit(&all, None, 3).unwrap();
    assert_eq!(seqs(&page), [100, 99, 98]);
    assert_eq!(page.next_before, Some(AuditSeq(98)));
    let page = ops.search_audit(&all, page.next_before, 3).unwrap();
    assert_eq!(seqs(&page), [97, 96, 95]);
    let mut filter = AuditFilter {
        campaign: Some(CampaignId(1)),
        ..AuditFilter::default()
    };
    let page = ops.search_audit(&filter, None, 4).unwrap();
    assert_eq!(seqs(&page), [100, 90, 80, 70]);
    let page = ops.search_audit(&filter, page.next_before, 50).unwrap();
    assert_eq!(seqs(&page), [60, 50, 40, 30, 20, 10]);
    assert_eq!(page.next_before, None, "the log's start");
    // A time range: [at(25), at(55)).
    filter.from = Some(at(25));
    filter.until = Some(at(55));
    let page = ops.search_audit(&filter, None, 50).unwrap();
    assert_eq!(seqs(&page), [50, 40, 30]);
    assert_eq!(page.scanned, Some((AuditSeq(25), AuditSeq(54))));
    filter.actor = Some("somebody else".into());
    assert!(
        ops.search_audit(&filter, None, 50)
            .unwrap()
            .entries
            .is_empty()
    );
    let filter = AuditFilter {
        action: Some(AuditAction::CampaignCreate),
        ..AuditFilter::default()
    };
    assert!(
        ops.search_audit(&filter, None, 50)
            .unwrap()
            .entries
            .is_empty()
    );
    assert!(ops.search_audit(&all, None, 0).is_err(), "limit 0");
    let empty = CampaignOps::new(MemoryStore::new(), FixedClock::new(at(0)));
    let page = empty.search_audit(&all, None, 5).unwrap();
    assert!(page.entries.is_empty() && page.next_before.is_none() && page.head.is_none());
}

#[test]
fn an_audit_search_reads_at_most_its_budget_whatever_the_log_size() {
    let n = (AUDIT_SCAN_BUDGET as u64) * 3;
    let ops = logged(n);
    let none = AuditFilter {
        actor: Some("nobody".into()),
        ..AuditFilter::default()
    };
    ops.store().reset();
    let page = ops.search_audit(&none, None, 50).unwrap();
    assert!(page.entries.is_empty());
    let read = ops.store().tally().read_of(RecordKind::Audit);
    assert!(read <= AUDIT_SCAN_BUDGET as u64 + 1, "read {read}");
    assert_eq!(
        page.next_before,
        Some(AuditSeq(n - AUDIT_SCAN_BUDGET as u64 + 1))
    );
    // A time range narrows by binary search: a narrow window reads a few dozen entries.
    let window = AuditFilter {
        from: Some(at(1000)),
        until: Some(at(1010)),
        ..AuditFilter::default()
    };
    ops.store().reset();
    let page = ops.search_audit(&window, None, 50).unwrap();
    assert_eq!(seqs(&page), (1000..1010).rev().collect::<Vec<_>>());
    let read = ops.store().tally().read_of(RecordKind::Audit);
    assert!(read < 60, "read {read}");
}
