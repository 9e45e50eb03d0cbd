//! Metrics, weekly summaries, the run ledger and the audit log.

use std::collections::BTreeMap;

use campaign_ops_core::model::*;
use campaign_ops_core::report::{ReportWeek, WeeklySummary};
use campaign_ops_core::{Error, StorageError, Store};
use chrono::Duration;

use crate::support::*;

#[test]
fn metrics_by_id_and_by_recorded_time() {
    on_both(|store| {
        let mut all = [
            metric(1, 1, 5),
            metric(2, 1, 1),
            metric(3, 2, 1),
            metric(4, 1, 1),
            metric(5, 1, 9),
        ];
        all[3].recorded_at += Duration::nanoseconds(1);
        all[3].value = f64::MIN_POSITIVE;
        write(store, |tx| all.iter().try_for_each(|m| tx.put_metric(m)));
        read(store, |tx| {
            let page = tx.metrics_page(CampaignId(1), None, 10)?;
            assert_eq!(
                page,
                [
                    all[0].clone(),
                    all[1].clone(),
                    all[3].clone(),
                    all[4].clone()
                ]
            );
            assert_eq!(
                ids(
                    &tx.metrics_page(CampaignId(1), Some(MetricId(2)), 1)?,
                    |m| m.id.0
                ),
                [4]
            );
            assert_eq!(tx.metrics_page(CampaignId(1), None, 0)?, []);
            let by_time =
                |from, until, after: Option<(chrono::DateTime<chrono::Utc>, u64)>, limit| {
                    let after = after.map(|(t, id)| (t, MetricId(id)));
                    Ok::<_, Error>(ids(
                        &tx.metrics_recorded(CampaignId(1), from, until, after, limit)?,
                        |m| m.id.0,
                    ))
                };
            assert_eq!(by_time(at(0), at(24), None, 10)?, [2, 4, 1, 5]);
            assert_eq!(by_time(at(1), at(5), None, 10)?, [2, 4]);
            assert_eq!(by_time(at(0), at(24), Some((at(1), 2)), 2)?, [4, 1]);
            assert_eq!(by_time(at(0), at(24), None, 0)?, Vec::<u64>::new());
            assert_eq!(by_time(at(9), at(1), None, 10)?, Vec::<u64>::new());
            Ok(())
        });
    });
}

fn summary(campaign: u64, year: i32, week: u32, text: &str) -> WeeklySummary {
    let week = ReportWeek::new(year, week).unwrap();
    let (starts_at, ends_at) = week.bounds(chrono_tz::Europe::Berlin);
    WeeklySummary {
        campaign_id: CampaignId(campaign),
        campaign_name: "One".into(),
        week,
        time_zone: chrono_tz::Europe::Berlin,
        starts_at,
        ends_at,
        generated_at: at(0),
        tasks: Default::default(),
        completion_rate: None,
        metrics: Default::default(),
        platforms: BTreeMap::new(),
        top_platform: None,
        text: text.into(),
    }
}

#[test]
fn weekly_summaries_by_campaign_and_week() {
    on_both(|store| {
        let all = [
            summary(1, 2026, 10, "a"),
            summary(1, 2025, 52, "b"),
            summary(1, 2026, 2, "c"),
            summary(2, 2026, 1, "d"),
        ];
        write(store, |tx| {
            all.iter().try_for_each(|s| tx.put_weekly_summary(s))
        });
        // Replacing the one of a campaign and week.
        write(store, |tx| {
            tx.put_weekly_summary(&summary(1, 2026, 2, "c2"))
        });
        read(store, |tx| {
            let w = |y, n| ReportWeek::new(y, n).unwrap();
            assert_eq!(
                tx.weekly_summary(CampaignId(1), w(2026, 10))?.as_ref(),
                Some(&all[0])
            );
            assert_eq!(
                tx.weekly_summary(CampaignId(1), w(2026, 2))?.unwrap().text,
                "c2"
            );
            assert_eq!(tx.weekly_summary(CampaignId(2), w(2026, 10))?, None);
            let texts = |after, limit| -> campaign_ops_core::Result<Vec<String>> {
                Ok(tx
                    .weekly_summaries(CampaignId(1), after, limit)?
                    .into_iter()
                    .map(|s| s.text)
                    .collect())
            };
            assert_eq!(texts(None, 10)?, ["b", "c2", "a"]);
            assert_eq!(texts(Some(w(2025, 52)), 1)?, ["c2"]);
            assert_eq!(texts(Some(w(2026, 10)), 10)?, Vec::<String>::new());
            assert_eq!(texts(None, 0)?, Vec::<String>::new());
            Ok(())
        });
    });
}

#[test]
fn action_runs_both_directions_and_open_runs() {
    on_both(|store| {
        let runs = [
            run("TICK", "2026-03-01", RunStatus::Succeeded),
            run("TICK", "2026-03-02", RunStatus::Running),
            run("TICK", "2026-03-03", RunStatus::Failed),
            run("TICK", "2026-03-04", RunStatus::Queued),
            run("TICKLE", "2026-03-01", RunStatus::Retrying), // shares a prefix, not the action
            run("TI", "2026-03-01", RunStatus::Running),
        ];
        write(store, |tx| {
            runs.iter().try_for_each(|r| tx.put_action_run(r))
        });
        read(store, |tx| {
            assert_eq!(tx.action_run("TICK 2026-03-02")?.as_ref(), Some(&runs[1]));
            assert_eq!(tx.action_run("TICK 2026-03-09")?, None);
            let keys = |after: Option<&str>,
                        newest_first,
                        limit|
             -> campaign_ops_core::Result<Vec<String>> {
                Ok(tx
                    .action_runs("TICK", after, newest_first, limit)?
                    .into_iter()
                    .map(|r| r.period)
                    .collect())
            };
            assert_eq!(
                keys(None, false, 10)?,
                ["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04"]
            );
            assert_eq!(keys(None, true, 2)?, ["2026-03-04", "2026-03-03"]);
            assert_eq!(
                keys(Some("TICK 2026-03-02"), false, 10)?,
                ["2026-03-03", "2026-03-04"]
            );
            assert_eq!(
                keys(Some("TICK 2026-03-03"), true, 10)?,
                ["2026-03-02", "2026-03-01"]
            );
            assert_eq!(
                keys(Some("TICK 2026-03-01"), true, 10)?,
                Vec::<String>::new()
            );
            assert_eq!(keys(None, false, 0)?, Vec::<String>::new());
            let open = |action| -> campaign_ops_core::Result<Vec<String>> {
                Ok(tx
                    .open_action_runs(action, 10)?
                    .into_iter()
                    .map(|r| r.key)
                    .collect())
            };
            assert_eq!(open("TICK")?, ["TICK 2026-03-02", "TICK 2026-03-04"]);
            assert_eq!(open("TICKLE")?, ["TICKLE 2026-03-01"]);
            assert_eq!(open("TI")?, ["TI 2026-03-01"]);
            assert_eq!(tx.open_action_runs("TICK", 1)?.len(), 1);
            assert_eq!(tx.open_action_runs("TICK", 0)?, []);
            Ok(())
        });
        // Settling a run leaves the open set; a retry rejoins it.
        write(store, |tx| {
            tx.put_action_run(&run("TICK", "2026-03-02", RunStatus::Succeeded))?;
            tx.put_action_run(&run("TICK", "2026-03-03", RunStatus::Retrying))
        });
        let open = read(store, |tx| tx.open_action_runs("TICK", 10));
        assert_eq!(ids(&open, |r| r.period.len() as u64).len(), 2);
        assert_eq!(open[0].key, "TICK 2026-03-03");
    });
}

#[test]
fn the_audit_log_appends_only_at_its_head() {
    on_both(|store| {
        assert_eq!(read(store, |tx| tx.audit_head()), None);
        // On an empty log only seq 1 linking to the genesis hash is accepted.
        let mut wrong_link = audit(1, Some(1));
        wrong_link.prev_hash = "f".repeat(64);
        for refused in [
            audit(2, Some(1)),
            AuditEntry {
                seq: AuditSeq(0),
                ..audit(1, None)
            },
            wrong_link,
        ] {
            let result = store.write(|tx| tx.append_audit(&refused));
            assert!(
                matches!(&result, Err(Error::Storage(StorageError::Conflict { .. })))
                    && result.as_ref().unwrap_err().is_retryable(),
                "{result:?}"
            );
        }
        write(store, |tx| {
            (1..=5).try_for_each(|s| tx.append_audit(&audit(s, Some(1 + s % 2))))
        });
        let head = audit(5, None).hash;
        assert_eq!(
            read(store, |tx| tx.audit_head()),
            Some((AuditSeq(5), head.clone()))
        );
        let mut wrong_prev = audit(6, None);
        wrong_prev.prev_hash = audit(4, None).hash;
        for refused in [audit(5, None), audit(7, None), audit(3, None), wrong_prev] {
            let result = store.write(|tx| tx.append_audit(&refused));
            assert!(
                matches!(&result, Err(Error::Storage(StorageError::Conflict { .. })))
                    && result.as_ref().unwrap_err().is_retryable(),
                "{result:?}"
            );
        }
        // Refusals changed nothing.
        assert_eq!(read(store, |tx| tx.audit_head()), Some((AuditSeq(5), head)));
        read(store, |tx| {
            let seqs = |after: Option<u64>, limit| -> campaign_ops_core::Result<Vec<u64>> {
                Ok(ids(&tx.audit_entries(after.map(AuditSeq), limit)?, |e| {
                    e.seq.0
                }))
            };
            assert_eq!(seqs(None, 10)?, [1, 2, 3, 4, 5]);
            assert_eq!(seqs(Some(2), 2)?, [3, 4]);
            assert_eq!(seqs(Some(5), 2)?, Vec::<u64>::new());
            assert_eq!(seqs(None, 0)?, Vec::<u64>::new());
            assert_eq!(tx.audit_entries(None, 10)?[2], audit(3, Some(2)));
            let of = |c, after: Option<u64>, limit| -> campaign_ops_core::Result<Vec<u64>> {
                Ok(ids(
                    &tx.audit_for_campaign(CampaignId(c), after.map(AuditSeq), limit)?,
                    |e| e.seq.0,
                ))
            };
            assert_eq!(of(2, None, 10)?, [1, 3, 5]);
            assert_eq!(of(1, None, 10)?, [2, 4]);
            assert_eq!(of(2, Some(1), 1)?, [3]);
            assert_eq!(of(2, None, 0)?, Vec::<u64>::new());
            assert_eq!(of(3, None, 10)?, Vec::<u64>::new());
            Ok(())
        });
        // Several appends in one transaction link onto each other.
        write(store, |tx| {
            tx.append_audit(&audit(6, None))?;
            assert_eq!(tx.audit_head()?.map(|h| h.0), Some(AuditSeq(6)));
            tx.append_audit(&audit(7, None))
        });
    });
}
