//! Every task lifecycle move through the service, from every status, with its details,
//! and the rules of completions and manual tasks.

use campaign_ops::service::{Completion, NewTask};
use campaign_ops::{
    CampaignId, EntityKind, Error, MetricKind, OperatorTask, TaskId, TaskStatus, TaskType,
    Transition,
};

use crate::operator::{campaign_in_zone, task_due};
use crate::support::*;

type Move = fn(&Ops, TaskId) -> campaign_ops::Result<OperatorTask>;

/// Each service move, the status it reaches, and the statuses it is legal from.
fn moves() -> Vec<(&'static str, TaskStatus, Vec<TaskStatus>, Move)> {
    use TaskStatus::*;
    vec![
        ("start", InProgress, vec![Pending, Blocked], |o, t| {
            o.start_task(&alice(), t)
        }),
        ("complete", Completed, vec![Pending, InProgress], |o, t| {
            o.mark_task_complete(&alice(), t, Completion::default())
        }),
        ("fail", Failed, vec![InProgress], |o, t| {
            o.fail_task(&alice(), t, "broken")
        }),
        ("block", Blocked, vec![Pending, InProgress], |o, t| {
            o.block_task(&alice(), t, "no asset")
        }),
        ("unblock", Pending, vec![Blocked], |o, t| {
            o.unblock_task(&alice(), t)
        }),
        ("skip", Skipped, vec![Pending, Blocked], |o, t| {
            o.skip_task(&alice(), t, None)
        }),
    ]
}

/// A fresh task driven into `status` through legal moves.
fn task_in(ops: &Ops, c: CampaignId, status: TaskStatus) -> TaskId {
    let t = task_due(ops, c, &format!("in {status}"), t0(), "bob");
    let a = alice();
    match status {
        TaskStatus::Pending => {}
        TaskStatus::InProgress => drop(ops.start_task(&a, t).unwrap()),
        TaskStatus::Blocked => drop(ops.block_task(&a, t, "x").unwrap()),
        TaskStatus::Skipped => drop(ops.skip_task(&a, t, None).unwrap()),
        TaskStatus::Completed => {
            ops.start_task(&a, t).unwrap();
            ops.mark_task_complete(&a, t, Completion::default())
                .unwrap();
        }
        TaskStatus::Failed => {
            ops.start_task(&a, t).unwrap();
            ops.fail_task(&a, t, "x").unwrap();
        }
        other => panic!("no path to {other} yet"),
    }
    assert_eq!(ops.get_task(t).unwrap().status, status);
    t
}

#[test]
fn every_task_move_from_every_status() {
    let ops = ops();
    let c = campaign_in_zone(&ops, "Moves", "Europe/Berlin");
    let mut legal_count = 0;
    for from in TaskStatus::ALL {
        for (name, to, legal_from, call) in moves() {
            let t = task_in(&ops, c, from);
            let before = snapshot(&ops);
            let tasks_before = ops.campaign_tasks(c).unwrap();
            let result = call(&ops, t);
            if legal_from.contains(&from) {
                legal_count += 1;
                let moved = result.unwrap_or_else(|e| panic!("{name} from {from}: {e}"));
                assert_eq!(moved.status, to);
                let trail = ops.campaign_audit(c, None, 1000).unwrap();
                assert_eq!(trail.last().unwrap().action.key(), format!("task.{name}"));
            } else {
                assert_eq!(
                    result,
                    Err(Error::IllegalTransition(Transition::Task { from, to })),
                    "{name} from {from}"
                );
                assert_eq!(snapshot(&ops), before);
                assert_eq!(ops.campaign_tasks(c).unwrap(), tasks_before);
            }
        }
    }
    assert_eq!(legal_count, 10);
}

#[test]
fn move_details_are_recorded() {
    let ops = ops();
    let c = campaign_in_zone(&ops, "Details", "Europe/Berlin");
    let t = task_due(&ops, c, "with details", t0(), "bob");
    let blocked = ops.block_task(&alice(), t, "legal review").unwrap();
    assert_eq!(blocked.reason.as_deref(), Some("legal review"));
    let started = ops.start_task(&alice(), t).unwrap();
    assert_eq!(started.started_at, Some(t0()));
    assert_eq!(started.reason, None);
    let done = ops
        .mark_task_complete(
            &alice(),
            t,
            with(Completion::default(), |c| {
                c.outcome = Some("done".into());
                c.metrics = vec![(MetricKind::Clicks, 3.0), (MetricKind::Clicks, 4.0)];
            }),
        )
        .unwrap();
    assert_eq!(done.finished_at, Some(t0()));
    let metrics = ops.campaign_metric_entries(c, None, 1000).unwrap();
    assert_eq!(
        metrics.iter().map(|m| m.value).sum::<f64>(),
        7.0,
        "summed, not overwritten"
    );
    assert!(
        metrics
            .iter()
            .all(|m| m.task_id == Some(t) && m.recorded_by == "alice")
    );
    // Manual tasks create no follow-ups.
    assert_eq!(ops.campaign_tasks(c).unwrap().len(), 1);
}

#[test]
fn bad_completion_input_changes_nothing() {
    let ops = ops();
    let c = campaign_in_zone(&ops, "Bad", "Europe/Berlin");
    let t = task_in(&ops, c, TaskStatus::InProgress);
    for (field, metrics) in [
        ("metrics.impressions", vec![(MetricKind::Impressions, -1.0)]),
        ("metrics.clicks", vec![(MetricKind::Clicks, f64::NAN)]),
        ("metrics.reach", vec![(MetricKind::Reach, f64::INFINITY)]),
    ] {
        let before = snapshot(&ops);
        let err = ops
            .mark_task_complete(
                &alice(),
                t,
                with(Completion::default(), |c| c.metrics = metrics),
            )
            .unwrap_err();
        assert!(
            matches!(&err, Error::Validation { field: f, .. } if f == field),
            "{err}"
        );
        assert_eq!(snapshot(&ops), before);
        assert_eq!(ops.get_task(t).unwrap().status, TaskStatus::InProgress);
    }
    for bad in ["linkedin.com/post/1", "ftp://x", "https://", "https://a b"] {
        let err = ops
            .mark_task_complete(
                &alice(),
                t,
                with(Completion::default(), |c| {
                    c.proof = Some(campaign_ops::CompletionProof {
                        kind: campaign_ops::ProofKind::Url,
                        value: bad.into(),
                    })
                }),
            )
            .unwrap_err();
        assert!(
            matches!(&err, Error::Validation { field, .. } if field == "proof"),
            "{bad}: {err}"
        );
    }
    assert!(matches!(
        ops.fail_task(&alice(), t, "  "),
        Err(Error::Validation { field, .. }) if field == "reason"
    ));
    let done = task_in(&ops, c, TaskStatus::Completed);
    assert_eq!(
        ops.reassign_task(&alice(), done, Some("x")),
        Err(Error::ReadOnly {
            entity: EntityKind::Task,
            id: done.to_string(),
            status: "completed".into(),
        })
    );
    assert_eq!(
        ops.start_task(&alice(), TaskId(999)),
        Err(Error::not_found(EntityKind::Task, 999))
    );
}

#[test]
fn manual_task_rules() {
    let ops = ops();
    let c = campaign_in_zone(&ops, "Manual", "Europe/Berlin");
    let base = NewTask::new(c, TaskType::FollowUp, "Call the lead", t0());
    let cases: Vec<(&str, NewTask)> = vec![
        (
            "task_type",
            with(base.clone(), |t| t.task_type = TaskType::Post),
        ),
        ("title", with(base.clone(), |t| t.title = "".into())),
        (
            "platform",
            with(base.clone(), |t| {
                t.platform = Some(campaign_ops::Platform::Email)
            }),
        ),
        (
            "related_task_ids",
            with(base.clone(), |t| t.related_task_ids = vec![TaskId(77)]),
        ),
        (
            "instructions",
            with(base.clone(), |t| t.instructions = vec!["".into()]),
        ),
        (
            "instructions",
            with(base.clone(), |t| t.instructions = vec!["step".into(); 51]),
        ),
        (
            "related_task_ids",
            with(base.clone(), |t| t.related_task_ids = vec![TaskId(1); 201]),
        ),
    ];
    for (field, new) in cases {
        let before = snapshot(&ops);
        match ops.create_task(&alice(), new) {
            Err(Error::Validation { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
        assert_eq!(snapshot(&ops), before);
    }
    let t = ops.create_task(&alice(), base).unwrap();
    assert_eq!(t.status, TaskStatus::Pending);
    assert_eq!(
        ops.campaign_audit(c, None, 1000)
            .unwrap()
            .last()
            .unwrap()
            .action,
        campaign_ops::AuditAction::TaskCreate
    );
}
