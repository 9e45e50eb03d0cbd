//! The writes of a [`super::MemoryStore`] attempt, on its working copy of the state:
//! copy-on-write per table, a unique campaign name key, an append-only gapless audit log.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::conflict;
use super::state::State;
use crate::model::*;
use crate::report::WeeklySummary;
use crate::service::GENESIS_HASH;
use crate::store::Sequence;
use crate::{Error, Result, StorageError, WriteTx};

fn slot(seq: Sequence) -> usize {
    match seq {
        Sequence::Campaign => 0,
        Sequence::Plan => 1,
        Sequence::CalendarItem => 2,
        Sequence::Task => 3,
        Sequence::Metric => 4,
        Sequence::User => 5,
    }
}

/// Removes `key` from a copy-on-write table, copying the table only when the key is there;
/// whether it was.
fn remove<K: Ord + Clone, V: Clone>(table: &mut Arc<BTreeMap<K, V>>, key: &K) -> bool {
    table.contains_key(key) && Arc::make_mut(table).remove(key).is_some()
}

/// The refusal of a campaign name another campaign holds.
fn name_taken(name: &str, holder: CampaignId) -> Error {
    let _ = holder;
    Error::AlreadyExists {
        entity: EntityKind::Campaign,
        field: "name".to_owned(),
        value: name.trim().to_owned(),
    }
}

impl WriteTx for State {
    fn next_id(&mut self, seq: Sequence) -> Result<u64> {
        let last = &mut self.sequences[slot(seq)];
        *last = last.checked_add(1).ok_or_else(|| {
            Error::Storage(StorageError::backend(format!("{seq:?} ids exhausted")))
        })?;
        Ok(*last)
    }

    fn put_campaign(&mut self, campaign: &Campaign) -> Result<()> {
        let key = Campaign::name_key(&campaign.name);
        let holder = self
            .campaigns
            .values()
            .find(|c| c.id != campaign.id && Campaign::name_key(&c.name) == key);
        if let Some(holder) = holder {
            return Err(name_taken(&campaign.name, holder.id));
        }
        Arc::make_mut(&mut self.campaigns).insert(campaign.id, campaign.clone());
        Ok(())
    }

    fn put_plan(&mut self, plan: &CampaignPlan) -> Result<()> {
        Arc::make_mut(&mut self.plans).insert(plan.id, plan.clone());
        Ok(())
    }

    fn put_calendar_item(&mut self, item: &CalendarItem) -> Result<()> {
        Arc::make_mut(&mut self.items).insert(item.id, item.clone());
        Ok(())
    }

    fn delete_calendar_item(&mut self, id: CalendarItemId) -> Result<bool> {
        Ok(remove(&mut self.items, &id))
    }

    fn put_task(&mut self, task: &OperatorTask) -> Result<()> {
        Arc::make_mut(&mut self.tasks).insert(task.id, task.clone());
        Ok(())
    }

    fn delete_task(&mut self, id: TaskId) -> Result<bool> {
        Ok(remove(&mut self.tasks, &id))
    }

    fn put_metric(&mut self, metric: &MetricEntry) -> Result<()> {
        Arc::make_mut(&mut self.metrics).insert(metric.id, metric.clone());
        Ok(())
    }

    fn put_weekly_summary(&mut self, summary: &WeeklySummary) -> Result<()> {
        let key = (summary.campaign_id, summary.week);
        Arc::make_mut(&mut self.summaries).insert(key, summary.clone());
        Ok(())
    }

    fn put_action_run(&mut self, run: &ActionRun) -> Result<()> {
        Arc::make_mut(&mut self.runs).insert(run.key.clone(), run.clone());
        Ok(())
    }

    fn put_action_setting(&mut self, setting: &ActionSetting) -> Result<()> {
        Arc::make_mut(&mut self.action_settings).insert(setting.action.clone(), setting.clone());
        Ok(())
    }

    fn append_audit(&mut self, entry: &AuditEntry) -> Result<()> {
        let (seq, prev_hash) = match self.audit.values().next_back() {
            Some(head) => (head.seq.0 + 1, head.hash.as_str()),
            None => (1, GENESIS_HASH),
        };
        if entry.seq.0 != seq || entry.prev_hash != prev_hash {
            return Err(conflict(format!(
                "audit entry {} does not follow the head of the log (next is {seq})",
                entry.seq
            )));
        }
        Arc::make_mut(&mut self.audit).insert(entry.seq, entry.clone());
        Ok(())
    }

    fn put_user(&mut self, user: &User) -> Result<()> {
        if self
            .users
            .values()
            .any(|u| u.id != user.id && u.name == user.name)
        {
            return Err(Error::AlreadyExists {
                entity: EntityKind::User,
                field: "name".to_owned(),
                value: user.name.clone(),
            });
        }
        Arc::make_mut(&mut self.users).insert(user.id, user.clone());
        Ok(())
    }

    fn put_session(&mut self, session: &Session) -> Result<()> {
        Arc::make_mut(&mut self.sessions).insert(session.token_hash, session.clone());
        Ok(())
    }

    fn delete_session(&mut self, token_hash: &TokenHash) -> Result<bool> {
        Ok(remove(&mut self.sessions, token_hash))
    }

    fn delete_user_sessions(&mut self, user: UserId) -> Result<u64> {
        let theirs: Vec<TokenHash> = self
            .sessions
            .values()
            .filter(|s| s.user_id == user)
            .map(|s| s.token_hash)
            .collect();
        for hash in &theirs {
            remove(&mut self.sessions, hash);
        }
        Ok(theirs.len() as u64)
    }

    fn delete_expired_sessions(&mut self, now: DateTime<Utc>, limit: usize) -> Result<u64> {
        let mut expired: Vec<&Session> = self
            .sessions
            .values()
            .filter(|s| s.expires_at <= now)
            .collect();
        expired.sort_by_key(|s| (s.expires_at, s.token_hash));
        let gone: Vec<TokenHash> = expired.iter().take(limit).map(|s| s.token_hash).collect();
        for hash in &gone {
            remove(&mut self.sessions, hash);
        }
        Ok(gone.len() as u64)
    }
}
