//! The changes ([`WriteTx`]) of a [`Tx`]: upserts that write a record's JSON and its
//! queried columns in one statement, so indexes never fall out of step with the record.

use campaign_ops_core::model::*;
use campaign_ops_core::report::WeeklySummary;
use campaign_ops_core::service::GENESIS_HASH;
use campaign_ops_core::{CampaignQuery, Error, ReadTx, Result, Sequence, StorageError, WriteTx};
use chrono::{DateTime, Utc};

use crate::codec::{campaign_status, encode, task_status, time};
use crate::tx::Tx;

/// A record id as `bigint`, refusing one no PostgreSQL column can hold.
pub(crate) fn key(kind: &str, n: u64) -> Result<i64> {
    i64::try_from(n).map_err(|_| {
        Error::Storage(StorageError::backend(format!(
            "{kind} id {n} is beyond the largest id PostgreSQL stores ({})",
            i64::MAX
        )))
    })
}

impl WriteTx for Tx<'_> {
    fn next_id(&mut self, seq: Sequence) -> Result<u64> {
        let sql = match seq {
            Sequence::Campaign => "SELECT nextval('seq_campaign')",
            Sequence::Plan => "SELECT nextval('seq_plan')",
            Sequence::CalendarItem => "SELECT nextval('seq_calendar_item')",
            Sequence::Task => "SELECT nextval('seq_task')",
            Sequence::Metric => "SELECT nextval('seq_metric')",
            Sequence::User => "SELECT nextval('seq_user')",
            _ => {
                return Err(Error::Storage(StorageError::backend(format!(
                    "no PostgreSQL sequence for {seq:?}"
                ))));
            }
        };
        let row = self.row("taking the next id", sql, &[])?;
        // nextval starts at 1 and never returns a negative number.
        Ok(row.map_or(0, |r| r.get::<_, i64>(0)) as u64)
    }

    fn put_campaign(&mut self, c: &Campaign) -> Result<()> {
        let id = key("campaign", c.id.0)?;
        let name_key = Campaign::name_key(&c.name);
        let holder = self.row(
            "checking the campaign name",
            "SELECT id FROM campaigns WHERE name_key = $1 AND id <> $2",
            &[&name_key, &id],
        )?;
        if holder.is_some() {
            return Err(Error::AlreadyExists {
                entity: EntityKind::Campaign,
                field: "name".to_owned(),
                value: c.name.trim().to_owned(),
            });
        }
        // A concurrent writer taking the same name after the check fails the insert with a
        // unique violation: a retryable conflict, and the retry meets the check above.
        self.exec(
            "writing a campaign",
            "INSERT INTO campaigns (id, name_key, status, client_key, search, data)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (id) DO UPDATE SET name_key = excluded.name_key,
               status = excluded.status, client_key = excluded.client_key,
               search = excluded.search, data = excluded.data",
            &[
                &id,
                &name_key,
                &campaign_status(c.status),
                &CampaignQuery::fold(&c.client_name),
                &CampaignQuery::search_text(c),
                &encode("campaign", c)?,
            ],
        )?;
        Ok(())
    }

    fn put_plan(&mut self, p: &CampaignPlan) -> Result<()> {
        self.exec(
            "writing a plan",
            "INSERT INTO plans (id, campaign_id, version, data) VALUES ($1, $2, $3, $4)
             ON CONFLICT (id) DO UPDATE SET campaign_id = excluded.campaign_id,
               version = excluded.version, data = excluded.data",
            &[
                &key("plan", p.id.0)?,
                &key("campaign", p.campaign_id.0)?,
                &i64::from(p.version),
                &encode("plan", p)?,
            ],
        )?;
        Ok(())
    }

    fn put_calendar_item(&mut self, item: &CalendarItem) -> Result<()> {
        let (us, ns) = time(item.scheduled_at);
        self.exec(
            "writing a calendar item",
            "INSERT INTO calendar_items (id, campaign_id, at_us, at_ns, planned, data)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (id) DO UPDATE SET campaign_id = excluded.campaign_id,
               at_us = excluded.at_us, at_ns = excluded.at_ns, planned = excluded.planned,
               data = excluded.data",
            &[
                &key("calendar item", item.id.0)?,
                &key("campaign", item.campaign_id.0)?,
                &us,
                &ns,
                &(item.status == CalendarItemStatus::Planned),
                &encode("calendar item", item)?,
            ],
        )?;
        Ok(())
    }

    fn delete_calendar_item(&mut self, id: CalendarItemId) -> Result<bool> {
        let Ok(id) = i64::try_from(id.0) else {
            return Ok(false);
        };
        let n = self.exec(
            "deleting a calendar item",
            "DELETE FROM calendar_items WHERE id = $1",
            &[&id],
        )?;
        Ok(n > 0)
    }

    fn put_task(&mut self, t: &OperatorTask) -> Result<()> {
        let (us, ns) = time(t.due_at);
        let item = t
            .calendar_item_id
            .map(|i| key("calendar item", i.0))
            .transpose()?;
        self.exec(
            "writing a task",
            "INSERT INTO tasks (id, campaign_id, item_id, status, open, due_us, due_ns, assignee, data)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             ON CONFLICT (id) DO UPDATE SET campaign_id = excluded.campaign_id,
               item_id = excluded.item_id, status = excluded.status, open = excluded.open,
               due_us = excluded.due_us, due_ns = excluded.due_ns,
               assignee = excluded.assignee, data = excluded.data",
            &[
                &key("task", t.id.0)?,
                &key("campaign", t.campaign_id.0)?,
                &item,
                &task_status(t.status),
                &t.status.is_open(),
                &us,
                &ns,
                &t.assignee,
                &encode("task", t)?,
            ],
        )?;
        Ok(())
    }

    fn delete_task(&mut self, id: TaskId) -> Result<bool> {
        let Ok(id) = i64::try_from(id.0) else {
            return Ok(false);
        };
        let n = self.exec("deleting a task", "DELETE FROM tasks WHERE id = $1", &[&id])?;
        Ok(n > 0)
    }

    fn put_metric(&mut self, m: &MetricEntry) -> Result<()> {
        let (us, ns) = time(m.recorded_at);
        self.exec(
            "writing a metric",
            "INSERT INTO metrics (id, campaign_id, at_us, at_ns, data) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (id) DO UPDATE SET campaign_id = excluded.campaign_id,
               at_us = excluded.at_us, at_ns = excluded.at_ns, data = excluded.data",
            &[
                &key("metric", m.id.0)?,
                &key("campaign", m.campaign_id.0)?,
                &us,
                &ns,
                &encode("metric", m)?,
            ],
        )?;
        Ok(())
    }

    fn put_weekly_summary(&mut self, s: &WeeklySummary) -> Result<()> {
        self.exec(
            "writing a weekly summary",
            "INSERT INTO weekly_summaries (campaign_id, year, week, data) VALUES ($1, $2, $3, $4)
             ON CONFLICT (campaign_id, year, week) DO UPDATE SET data = excluded.data",
            &[
                &key("campaign", s.campaign_id.0)?,
                &s.week.year(),
                &(s.week.week() as i32),
                &encode("weekly summary", s)?,
            ],
        )?;
        Ok(())
    }

    fn put_action_run(&mut self, run: &ActionRun) -> Result<()> {
        self.exec(
            "writing a ledger record",
            "INSERT INTO action_runs (key, action, open, data) VALUES ($1, $2, $3, $4)
             ON CONFLICT (key) DO UPDATE SET action = excluded.action, open = excluded.open,
               data = excluded.data",
            &[
                &run.key,
                &run.action,
                &!run.status.is_final(),
                &encode("action run", run)?,
            ],
        )?;
        Ok(())
    }

    /// The head check and the insert are one statement (one round trip): the row goes in
    /// only when `entry` follows the head (seq and hash); the head is read again, for the
    /// message, only when it does not.
    fn append_audit(&mut self, entry: &AuditEntry) -> Result<()> {
        let campaign = entry
            .campaign_id
            .map(|c| key("campaign", c.0))
            .transpose()?;
        let seq = key("audit entry", entry.seq.0)?;
        // Two writers appending the same seq (which the write lock keeps from happening
        // between PgStores): the primary key refuses the second, a retryable conflict (or
        // SERIALIZABLE fails it first).
        let added = self.exec(
            "appending an audit entry",
            "INSERT INTO audit (seq, campaign_id, hash, data)
             SELECT $1::bigint, $2::bigint, $3::text, $4::text FROM (
               SELECT COALESCE(max(seq), 0) AS seq,
                      COALESCE((SELECT hash FROM audit ORDER BY seq DESC LIMIT 1), $5::text) AS hash
               FROM audit) head
             WHERE head.seq = $1::bigint - 1 AND head.hash = $6::text",
            &[
                &seq,
                &campaign,
                &entry.hash,
                &encode("audit entry", entry)?,
                &GENESIS_HASH,
                &entry.prev_hash,
            ],
        )?;
        if added == 1 {
            return Ok(());
        }
        let next = self.audit_head()?.map_or(1, |(s, _)| s.0 + 1);
        Err(Error::Storage(StorageError::conflict(format!(
            "audit entry {} does not follow the head of the log (next is {next})",
            entry.seq
        ))))
    }

    fn put_action_setting(&mut self, setting: &ActionSetting) -> Result<()> {
        self.store_action_setting(setting)
    }

    fn put_user(&mut self, user: &User) -> Result<()> {
        self.store_user(user)
    }

    fn put_session(&mut self, session: &Session) -> Result<()> {
        self.store_session(session)
    }

    fn delete_session(&mut self, token_hash: &TokenHash) -> Result<bool> {
        self.remove_session(token_hash)
    }

    fn delete_user_sessions(&mut self, user: UserId) -> Result<u64> {
        self.remove_user_sessions(user)
    }

    fn delete_expired_sessions(&mut self, now: DateTime<Utc>, limit: usize) -> Result<u64> {
        self.remove_expired_sessions(now, limit)
    }
}
