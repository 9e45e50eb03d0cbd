//! The changes ([`WriteTx`]) of a [`Tx`]: upserts that write a record's JSON and its
//! queried columns in one statement, so indexes never fall out of step with the record.

use campaign_ops_core::model::*;
use campaign_ops_core::report::WeeklySummary;
use campaign_ops_core::service::GENESIS_HASH;
use campaign_ops_core::{Error, ReadTx, Result, Sequence, StorageError, WriteTx};
use chrono::{DateTime, Utc};

pub(crate) use crate::rows::key;
use crate::rows::{
    AuditRow, CampaignRow, ItemRow, MetricRow, PlanRow, RunRow, StoredRow, SummaryRow, TaskRow,
};
use crate::tx::Tx;

/// `INSERT INTO <table> (<columns>) VALUES ($1, …) ON CONFLICT (<conflict>) DO UPDATE SET`
/// every other column: the upsert of one [`StoredRow`].
fn upsert<R: StoredRow>(conflict: &[&str]) -> String {
    upsert_of(
        R::TABLE,
        &R::COLUMNS.split(", ").collect::<Vec<_>>(),
        conflict,
    )
}

fn upsert_of(table: &str, columns: &[&str], conflict: &[&str]) -> String {
    let values: Vec<String> = (1..=columns.len()).map(|n| format!("${n}")).collect();
    let set: Vec<String> = columns
        .iter()
        .filter(|c| !conflict.contains(c))
        .map(|c| format!("{c} = excluded.{c}"))
        .collect();
    format!(
        "INSERT INTO {table} ({}) VALUES ({}) ON CONFLICT ({}) DO UPDATE SET {}",
        columns.join(", "),
        values.join(", "),
        conflict.join(", "),
        set.join(", ")
    )
}

/// The upserts, built once.
struct Upserts {
    campaign: String,
    plan: String,
    item: String,
    task: String,
    metric: String,
    summary: String,
    run: String,
}

fn upserts() -> &'static Upserts {
    static UPSERTS: std::sync::OnceLock<Upserts> = std::sync::OnceLock::new();
    UPSERTS.get_or_init(|| Upserts {
        campaign: upsert::<CampaignRow>(&["id"]),
        plan: upsert::<PlanRow>(&["id"]),
        item: upsert::<ItemRow>(&["id"]),
        task: upsert::<TaskRow>(&["id"]),
        metric: upsert::<MetricRow>(&["id"]),
        summary: upsert::<SummaryRow>(&["campaign_id", "year", "week"]),
        run: upsert::<RunRow>(&["key"]),
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
        let row = CampaignRow::of(c)?;
        let holder = self.row(
            "checking the campaign name",
            "SELECT id FROM campaigns WHERE name_key = $1 AND id <> $2",
            &[&row.name_key, &row.id],
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
        self.exec("writing a campaign", &upserts().campaign, &row.params())?;
        Ok(())
    }

    fn put_plan(&mut self, p: &CampaignPlan) -> Result<()> {
        let row = PlanRow::of(p)?;
        self.exec("writing a plan", &upserts().plan, &row.params())?;
        Ok(())
    }

    fn put_calendar_item(&mut self, item: &CalendarItem) -> Result<()> {
        let row = ItemRow::of(item)?;
        self.exec("writing a calendar item", &upserts().item, &row.params())?;
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
        let row = TaskRow::of(t)?;
        self.exec("writing a task", &upserts().task, &row.params())?;
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
        let row = MetricRow::of(m)?;
        self.exec("writing a metric", &upserts().metric, &row.params())?;
        Ok(())
    }

    fn put_weekly_summary(&mut self, s: &WeeklySummary) -> Result<()> {
        let row = SummaryRow::of(s)?;
        self.exec(
            "writing a weekly summary",
            &upserts().summary,
            &row.params(),
        )?;
        Ok(())
    }

    fn put_action_run(&mut self, run: &ActionRun) -> Result<()> {
        let row = RunRow::of(run)?;
        self.exec("writing a ledger record", &upserts().run, &row.params())?;
        Ok(())
    }

    /// The head check and the insert are one statement (one round trip): the row goes in
    /// only when `entry` follows the head (seq and hash); the head is read again, for the
    /// message, only when it does not.
    fn append_audit(&mut self, entry: &AuditEntry) -> Result<()> {
        let row = AuditRow::of(entry)?;
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
                &row.seq,
                &row.campaign_id,
                &row.hash,
                &row.data,
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
