//! Admin controls of the scheduled actions: switching one off and on (a stored
//! [`ActionSetting`]; no record means enabled) and asking for a run now (a queued ledger
//! record the daemon takes up like any request). Both are audited. Which names exist is
//! the action registry's business (the actions crate): callers check the name against it.

use chrono::SubsecRound;

use super::CampaignOps;
use super::audit::{self, Change};
use crate::model::*;
use crate::{Clock, Error, Result, Store};

/// Longest action name accepted, in bytes.
pub const MAX_ACTION_NAME_LEN: usize = 100;

/// The period label of a run asked for by hand at `now`: `manual-` and the instant (UTC,
/// microseconds), so two requests never share a ledger key and none looks like a period of
/// a schedule (the daemon's high-water mark passes over it).
pub fn manual_period(now: chrono::DateTime<chrono::Utc>) -> String {
    format!(
        "manual-{}",
        now.trunc_subsecs(6)
            .to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
    )
}

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

    /// Queues a run of `action` now (period [`manual_period`]), audited
    /// (`action.run_now`): the daemon starts it at its next wake-up, like a run another
    /// action asked for, unless the action is switched off (then it waits until it is on).
    pub fn request_action_run(&self, actor: &Actor, action: &str) -> Result<ActionRun> {
        let action = action_name(action)?.to_owned();
        let now = self.now()?.trunc_subsecs(6);
        let period = manual_period(now);
        self.store().write(|tx| {
            let key = ActionRun::key_for(&action, &period);
            if tx.action_run(&key)?.is_some() {
                return Err(Error::AlreadyExists {
                    entity: EntityKind::ActionRun,
                    field: "key".to_owned(),
                    value: key,
                });
            }
            let run = ActionRun {
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
                report: Some(format!("run now, asked by {actor}")),
                interruptions: 0,
                checkpoint: None,
            };
            tx.put_action_run(&run)?;
            audit::append(
                tx,
                now,
                Change {
                    actor,
                    action: AuditAction::ActionRunNow,
                    entity: EntityKind::Action,
                    entity_id: 0,
                    campaign_id: None,
                    before: None::<&ActionRun>,
                    after: Some(&run),
                    details: Some(format!("{action} run now ({period})")),
                },
            )?;
            Ok(run)
        })
    }
}

#[cfg(test)]
#[path = "admin_tests.rs"]
mod tests;
