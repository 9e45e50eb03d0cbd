//! Admin controls of the scheduled actions: switching one off and on (a stored
//! [`ActionSetting`]; no record means enabled) and asking for a run of a period now (its
//! ledger record queued, due now, which the daemon takes up like any request). Both are
//! audited. Which names exist and what an action's current period is are the action
//! registry's business (the actions crate): callers check the name and pass the period.

use chrono::SubsecRound;

use super::CampaignOps;
use super::audit::{self, Change};
use crate::model::*;
use crate::{Clock, Error, Result, Store};

/// Longest action name accepted, in bytes.
pub const MAX_ACTION_NAME_LEN: usize = 100;

fn action_name(action: &str) -> Result<&str> {
    let ok = !action.is_empty()
        && action.len() <= MAX_ACTION_NAME_LEN
        && action
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.');
    if ok {
        Ok(action)
    } else {
        Err(Error::validation(
            "action",
            format!(
                "'{}' is not an action name (1 to {MAX_ACTION_NAME_LEN} of A-Z, a-z, 0-9, _ - .)",
                crate::validate::shown(action)
            ),
        ))
    }
}

impl<S: Store, C: Clock> CampaignOps<S, C> {
    /// The stored switch of `action`; `None`: never switched, so enabled.
    pub fn action_setting(&self, action: &str) -> Result<Option<ActionSetting>> {
        let action = action_name(action)?;
        self.store().read(|tx| tx.action_setting(action))
    }

    /// Switches `action` on or off for the daemon, audited (`action.enable` /
    /// `action.disable`). Switching it to what it already is changes nothing and is not
    /// audited. The stored `changed_at` is when it was switched: a re-enabled action does
    /// not catch up the periods that fell due while it was off (see the actions crate).
    pub fn set_action_enabled(
        &self,
        actor: &Actor,
        action: &str,
        enabled: bool,
    ) -> Result<ActionSetting> {
        let action = action_name(action)?.to_owned();
        let now = self.now()?;
        self.store().write(|tx| {
            let before = tx.action_setting(&action)?;
            let was = before.as_ref().is_none_or(|s| s.enabled);
            if was == enabled {
                return Ok(before.clone().unwrap_or_else(|| ActionSetting {
                    action: action.clone(),
                    enabled,
                    changed_at: now,
                    changed_by: actor.as_str().to_owned(),
                }));
            }
            let after = ActionSetting {
                action: action.clone(),
                enabled,
                changed_at: now,
                changed_by: actor.as_str().to_owned(),
            };
            tx.put_action_setting(&after)?;
            audit::append(
                tx,
                now,
                Change {
                    actor,
                    action: if enabled {
                        AuditAction::ActionEnable
                    } else {
                        AuditAction::ActionDisable
                    },
                    entity: EntityKind::Action,
                    entity_id: 0,
                    campaign_id: None,
                    before: before.as_ref(),
                    after: Some(&after),
                    details: Some(format!(
                        "{action} {}",
                        if enabled { "enabled" } else { "disabled" }
                    )),
                },
            )?;
            Ok(after)
        })
    }

    /// Asks for a run of `action`'s period `period` now, audited (`action.run_now`): its
    /// ledger record becomes Queued and due now, and the daemon starts it at its next
    /// wake-up like a run another action asked for (not while the action is switched
    /// off: then it waits until it is on). A period with no record gets one; a retry or a
    /// queued request is brought forward; a settled period (succeeded or failed) is opened
    /// again, with a fresh count of attempts, so it runs once more from the start. A period
    /// being run right now is refused (a `Validation` error of `action`).
    pub fn request_action_run(
        &self,
        actor: &Actor,
        action: &str,
        period: &str,
    ) -> Result<ActionRun> {
        let action = action_name(action)?.to_owned();
        let period = crate::validate::required_line("period", period, MAX_ACTION_NAME_LEN)?;
        let now = self.now()?.trunc_subsecs(6);
        self.store().write(|tx| {
            let key = ActionRun::key_for(&action, &period);
            let before = tx.action_run(&key)?;
            let note = format!("run now, asked by {actor}");
            let after = match before.clone() {
                Some(run) if run.status == RunStatus::Running => {
                    return Err(Error::validation(
                        "action",
                        format!("{action} is running its period {period} now: wait for it"),
                    ));
                }
                Some(mut run) if run.status.is_final() => {
                    run.status = RunStatus::Queued;
                    run.attempts = 0;
                    run.interruptions = 0;
                    run.checkpoint = None;
                    run.finished_at = None;
                    run.next_attempt_at = Some(now);
                    run.report = Some(note);
                    run
                }
                Some(mut run) => {
                    run.next_attempt_at = Some(now);
                    run
                }
                None => ActionRun {
                    key,
                    action: action.clone(),
                    period: period.clone(),
                    status: RunStatus::Queued,
                    attempts: 0,
                    first_attempt_at: now,
                    last_attempt_at: now,
                    next_attempt_at: Some(now),
                    finished_at: None,
                    last_error: None,
                    report: Some(note),
                    interruptions: 0,
                    checkpoint: None,
                },
            };
            tx.put_action_run(&after)?;
            audit::append(
                tx,
                now,
                Change {
                    actor,
                    action: AuditAction::ActionRunNow,
                    entity: EntityKind::Action,
                    entity_id: 0,
                    campaign_id: None,
                    before: before.as_ref(),
                    after: Some(&after),
                    details: Some(format!("{action} {period} run now")),
                },
            )?;
            Ok(after)
        })
    }
}

#[cfg(test)]
#[path = "admin_tests.rs"]
mod tests;
