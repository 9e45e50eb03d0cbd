//! The stored row of each record kind: the record's JSON and its queried columns, computed
//! in one place for both ways in — the upserts of `write.rs` (one statement a record) and
//! the `COPY` of `bulk.rs` (a whole table in one stream) — so a bulk-loaded row can never
//! differ from one the write path would have stored.

use campaign_ops_core::model::*;
use campaign_ops_core::report::WeeklySummary;
use campaign_ops_core::{CampaignQuery, Error, Result, StorageError};
use postgres::types::{ToSql, Type};

use crate::codec::{campaign_status, encode, task_status, time};

/// A record id as `bigint`, refusing one no PostgreSQL column can hold.
pub(crate) fn key(kind: &str, n: u64) -> Result<i64> {
    i64::try_from(n).map_err(|_| {
        Error::Storage(StorageError::backend(format!(
            "{kind} id {n} is beyond the largest id PostgreSQL stores ({})",
            i64::MAX
        )))
    })
}

/// Query parameters of one row, in [`StoredRow::COLUMNS`] order.
pub type RowParams<'a> = Vec<&'a (dyn ToSql + Sync)>;

/// A record kind's row: its table, its columns (in the order of [`StoredRow::params`]) and
/// their types (for a binary `COPY`).
pub trait StoredRow {
    /// The table.
    const TABLE: &'static str;
    /// The columns, comma-separated.
    const COLUMNS: &'static str;
    /// The columns' types, in order.
    const TYPES: &'static [Type];
    /// The values, in order.
    fn params(&self) -> RowParams<'_>;
}

/// A campaign's row.
pub struct CampaignRow {
    pub id: i64,
    pub name_key: String,
    status: i16,
    client_key: String,
    search: String,
    data: String,
}

impl CampaignRow {
    pub(crate) fn of(c: &Campaign) -> Result<Self> {
        Ok(Self {
            id: key("campaign", c.id.0)?,
            name_key: Campaign::name_key(&c.name),
            status: campaign_status(c.status),
            client_key: CampaignQuery::fold(&c.client_name),
            search: CampaignQuery::search_text(c),
            data: encode("campaign", c)?,
        })
    }
}

impl StoredRow for CampaignRow {
    const TABLE: &'static str = "campaigns";
    const COLUMNS: &'static str = "id, name_key, status, client_key, search, data";
    const TYPES: &'static [Type] = &[
        Type::INT8,
        Type::TEXT,
        Type::INT2,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
    ];
    fn params(&self) -> RowParams<'_> {
        vec![
            &self.id,
            &self.name_key,
            &self.status,
            &self.client_key,
            &self.search,
            &self.data,
        ]
    }
}

/// A plan's row.
pub struct PlanRow {
    id: i64,
    campaign_id: i64,
    version: i64,
    data: String,
}

impl PlanRow {
    pub(crate) fn of(p: &CampaignPlan) -> Result<Self> {
        Ok(Self {
            id: key("plan", p.id.0)?,
            campaign_id: key("campaign", p.campaign_id.0)?,
            version: i64::from(p.version),
            data: encode("plan", p)?,
        })
    }
}

impl StoredRow for PlanRow {
    const TABLE: &'static str = "plans";
    const COLUMNS: &'static str = "id, campaign_id, version, data";
    const TYPES: &'static [Type] = &[Type::INT8, Type::INT8, Type::INT8, Type::TEXT];
    fn params(&self) -> RowParams<'_> {
        vec![&self.id, &self.campaign_id, &self.version, &self.data]
    }
}

/// A calendar item's row.
pub struct ItemRow {
    id: i64,
    campaign_id: i64,
    at_us: i64,
    at_ns: i32,
    planned: bool,
    data: String,
}

impl ItemRow {
    pub(crate) fn of(item: &CalendarItem) -> Result<Self> {
        let (at_us, at_ns) = time(item.scheduled_at);
        Ok(Self {
            id: key("calendar item", item.id.0)?,
            campaign_id: key("campaign", item.campaign_id.0)?,
            at_us,
            at_ns,
            planned: item.status == CalendarItemStatus::Planned,
            data: encode("calendar item", item)?,
        })
    }
}

impl StoredRow for ItemRow {
    const TABLE: &'static str = "calendar_items";
    const COLUMNS: &'static str = "id, campaign_id, at_us, at_ns, planned, data";
    const TYPES: &'static [Type] = &[
        Type::INT8,
        Type::INT8,
        Type::INT8,
        Type::INT4,
        Type::BOOL,
        Type::TEXT,
    ];
    fn params(&self) -> RowParams<'_> {
        vec![
            &self.id,
            &self.campaign_id,
            &self.at_us,
            &self.at_ns,
            &self.planned,
            &self.data,
        ]
    }
}

/// A task's row. Its `brief` column (schema v4) is no value of this row: the database derives
/// it from `data` (trigger `tasks_brief`, see `schema`), so that every writer keeps it right.
pub struct TaskRow {
    id: i64,
    campaign_id: i64,
    item_id: Option<i64>,
    status: i16,
    open: bool,
    due_us: i64,
    due_ns: i32,
    assignee: Option<String>,
    data: String,
}

impl TaskRow {
    pub(crate) fn of(t: &OperatorTask) -> Result<Self> {
        let (due_us, due_ns) = time(t.due_at);
        Ok(Self {
            id: key("task", t.id.0)?,
            campaign_id: key("campaign", t.campaign_id.0)?,
            item_id: t
                .calendar_item_id
                .map(|i| key("calendar item", i.0))
                .transpose()?,
            status: task_status(t.status),
            open: t.status.is_open(),
            due_us,
            due_ns,
            assignee: t.assignee.clone(),
            data: encode("task", t)?,
        })
    }
}

impl StoredRow for TaskRow {
    const TABLE: &'static str = "tasks";
    const COLUMNS: &'static str =
        "id, campaign_id, item_id, status, open, due_us, due_ns, assignee, data";
    const TYPES: &'static [Type] = &[
        Type::INT8,
        Type::INT8,
        Type::INT8,
        Type::INT2,
        Type::BOOL,
        Type::INT8,
        Type::INT4,
        Type::TEXT,
        Type::TEXT,
    ];
    fn params(&self) -> RowParams<'_> {
        vec![
            &self.id,
            &self.campaign_id,
            &self.item_id,
            &self.status,
            &self.open,
            &self.due_us,
            &self.due_ns,
            &self.assignee,
            &self.data,
        ]
    }
}

/// A metric's row.
pub struct MetricRow {
    id: i64,
    campaign_id: i64,
    at_us: i64,
    at_ns: i32,
    data: String,
}

impl MetricRow {
    pub(crate) fn of(m: &MetricEntry) -> Result<Self> {
        let (at_us, at_ns) = time(m.recorded_at);
        Ok(Self {
            id: key("metric", m.id.0)?,
            campaign_id: key("campaign", m.campaign_id.0)?,
            at_us,
            at_ns,
            data: encode("metric", m)?,
        })
    }
}

impl StoredRow for MetricRow {
    const TABLE: &'static str = "metrics";
    const COLUMNS: &'static str = "id, campaign_id, at_us, at_ns, data";
    const TYPES: &'static [Type] = &[Type::INT8, Type::INT8, Type::INT8, Type::INT4, Type::TEXT];
    fn params(&self) -> RowParams<'_> {
        vec![
            &self.id,
            &self.campaign_id,
            &self.at_us,
            &self.at_ns,
            &self.data,
        ]
    }
}

/// A weekly summary's row.
pub struct SummaryRow {
    campaign_id: i64,
    year: i32,
    week: i32,
    data: String,
}

impl SummaryRow {
    pub(crate) fn of(s: &WeeklySummary) -> Result<Self> {
        Ok(Self {
            campaign_id: key("campaign", s.campaign_id.0)?,
            year: s.week.year(),
            week: s.week.week() as i32,
            data: encode("weekly summary", s)?,
        })
    }
}

impl StoredRow for SummaryRow {
    const TABLE: &'static str = "weekly_summaries";
    const COLUMNS: &'static str = "campaign_id, year, week, data";
    const TYPES: &'static [Type] = &[Type::INT8, Type::INT4, Type::INT4, Type::TEXT];
    fn params(&self) -> RowParams<'_> {
        vec![&self.campaign_id, &self.year, &self.week, &self.data]
    }
}

/// A ledger record's row.
pub struct RunRow {
    key: String,
    action: String,
    open: bool,
    data: String,
}

impl RunRow {
    pub(crate) fn of(run: &ActionRun) -> Result<Self> {
        Ok(Self {
            key: run.key.clone(),
            action: run.action.clone(),
            open: !run.status.is_final(),
            data: encode("action run", run)?,
        })
    }
}

impl StoredRow for RunRow {
    const TABLE: &'static str = "action_runs";
    const COLUMNS: &'static str = "key, action, open, data";
    const TYPES: &'static [Type] = &[Type::TEXT, Type::TEXT, Type::BOOL, Type::TEXT];
    fn params(&self) -> RowParams<'_> {
        vec![&self.key, &self.action, &self.open, &self.data]
    }
}

/// An audit entry's row.
pub struct AuditRow {
    pub seq: i64,
    pub campaign_id: Option<i64>,
    pub hash: String,
    pub data: String,
}

impl AuditRow {
    pub(crate) fn of(entry: &AuditEntry) -> Result<Self> {
        Ok(Self {
            seq: key("audit entry", entry.seq.0)?,
            campaign_id: entry
                .campaign_id
                .map(|c| key("campaign", c.0))
                .transpose()?,
            hash: entry.hash.clone(),
            data: encode("audit entry", entry)?,
        })
    }
}

impl StoredRow for AuditRow {
    const TABLE: &'static str = "audit";
    const COLUMNS: &'static str = "seq, campaign_id, hash, data";
    const TYPES: &'static [Type] = &[Type::INT8, Type::INT8, Type::TEXT, Type::TEXT];
    fn params(&self) -> RowParams<'_> {
        vec![&self.seq, &self.campaign_id, &self.hash, &self.data]
    }
}
