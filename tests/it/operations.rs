//! `doctor` and `backup` through the facade with this program's registry (the campaign
//! handlers included): a store the workload and the daemon filled is healthy, with each
//! action's last run; a backup taken while the store is in use restores (opens) as a
//! healthy copy with the same data; damage makes `doctor` unhealthy and names it.

use campaign_ops::actions::{CAMPAIGN_ACTIONS, Daemon, DaemonConfig, Registry};
use campaign_ops::{AuditSeq, CampaignOps, FixedClock, RedbStore};

use crate::support::t0;
use crate::workload::{Cycle, STEPS};

#[test]
fn doctor_is_healthy_after_real_work_and_on_a_restored_backup() {
    let dir = tempfile::tempdir().unwrap();
    let store = RedbStore::open(dir.path().join("live.redb")).unwrap();
    let ops = CampaignOps::new(store.clone(), FixedClock::new(t0()));
    // This binary also registers test actions that need host state (`actions`): only the
    // campaign handlers run here.
    let mut registry = Registry::build().unwrap();
    registry.enable_only(&CAMPAIGN_ACTIONS).unwrap();
    let d = Daemon::on(
        store.clone(),
        ops.clock().clone(),
        registry,
        DaemonConfig::default(),
    )
    .unwrap();
    for _ in 0..3 {
        let mut cycle = Cycle::next(&ops, "doctor");
        for i in 0..STEPS {
            cycle.step(&ops, Some(&d), i).unwrap();
        }
    }
    let report = campaign_ops::doctor(&store).unwrap();
    assert!(report.is_healthy(), "{report}");
    for action in CAMPAIGN_ACTIONS {
        let check = report.check(&format!("action {action}")).unwrap();
        assert!(check.details[0].starts_with("last run "), "{report}");
    }
    assert!(
        report.check("registered actions").unwrap().details[1].contains("compiled in"),
        "{report}"
    );

    // The backup is taken through the open store (the live file stays held).
    let copy = dir.path().join("backup.redb");
    store.backup_to(&copy).unwrap();
    let restored = RedbStore::open(&copy).unwrap();
    let restored_report = campaign_ops::doctor(&restored).unwrap();
    assert!(restored_report.is_healthy(), "{restored_report}");
    assert_eq!(restored_report.integrity.records, report.integrity.records);
    assert_eq!(
        crate::support::snapshot(&CampaignOps::new(restored.clone(), FixedClock::new(t0()))),
        crate::support::snapshot(&ops)
    );

    // Damage in the copy: doctor fails and names the entry.
    restored.tamper_delete_audit(AuditSeq(4)).unwrap();
    let damaged = campaign_ops::doctor(&restored).unwrap();
    assert!(!damaged.is_healthy());
    assert_eq!(
        damaged.check("audit chain").unwrap().details,
        ["audit entry 4 was deleted"]
    );
}
