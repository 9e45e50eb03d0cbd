//! The SQLite side: the same records as columns (not JSON blobs; only a plan's nested body
//! and an audit entry's field changes are JSON documents), WAL, the natural indexes, and the
//! same queries written the way an application on SQLite would write them, decoding rows
//! into the same model structs (`sql_read.rs`, `sql_write.rs`).
//!
//! The bench opens the file with `synchronous=FULL` (an fsync of the WAL at every commit:
//! durable, like a RedbStore commit); only the data-set generator writes with `NORMAL`.

use std::path::Path;

use campaign_ops::{
    AuditEntry, CalendarItem, Campaign, CampaignPlan, ContentType, MetricEntry, OperatorTask,
    Platform, ProofKind, TaskId, TaskStatus, TaskType,
};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

/// Result type of this module.
pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

const SCHEMA: &str = "
CREATE TABLE campaigns(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, name_key TEXT NOT NULL UNIQUE,
  client_name TEXT NOT NULL, objective TEXT NOT NULL, description TEXT NOT NULL,
  platforms TEXT NOT NULL, start_date TEXT NOT NULL, end_date TEXT, time_zone TEXT NOT NULL,
  cadence TEXT NOT NULL, primary_cta TEXT, owner TEXT NOT NULL, status TEXT NOT NULL,
  metadata TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE INDEX campaigns_status ON campaigns(status);
CREATE TABLE plans(
  id INTEGER PRIMARY KEY, campaign_id INTEGER NOT NULL, version INTEGER NOT NULL,
  body TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE INDEX plans_campaign ON plans(campaign_id, version);
CREATE TABLE calendar_items(
  id INTEGER PRIMARY KEY, campaign_id INTEGER NOT NULL, plan_id INTEGER NOT NULL,
  platform TEXT NOT NULL, content_type TEXT NOT NULL, scheduled_at INTEGER NOT NULL,
  title TEXT NOT NULL, copy TEXT NOT NULL, asset_ref TEXT, cta TEXT, theme TEXT NOT NULL,
  status TEXT NOT NULL, notes TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE INDEX calendar_items_campaign ON calendar_items(campaign_id, scheduled_at);
CREATE TABLE tasks(
  id INTEGER PRIMARY KEY, campaign_id INTEGER NOT NULL, calendar_item_id INTEGER,
  parent_task_id INTEGER, related_task_ids TEXT NOT NULL, task_type TEXT NOT NULL,
  platform TEXT, content_type TEXT, title TEXT NOT NULL, instructions TEXT NOT NULL,
  copy TEXT, asset_ref TEXT, assignee TEXT, due_at INTEGER NOT NULL, status TEXT NOT NULL,
  outcome TEXT, proof_kind TEXT, proof_value TEXT, reason TEXT, started_at INTEGER,
  finished_at INTEGER, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE INDEX tasks_assignee ON tasks(assignee, status, due_at);
CREATE INDEX tasks_campaign ON tasks(campaign_id, due_at);
CREATE INDEX tasks_item ON tasks(calendar_item_id);
CREATE TABLE metrics(
  id INTEGER PRIMARY KEY, campaign_id INTEGER NOT NULL, task_id INTEGER, platform TEXT,
  kind TEXT NOT NULL, value REAL NOT NULL, recorded_at INTEGER NOT NULL,
  recorded_by TEXT NOT NULL, notes TEXT);
CREATE INDEX metrics_campaign ON metrics(campaign_id, recorded_at);
CREATE TABLE audit(
  seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
  entity TEXT NOT NULL, entity_id INTEGER NOT NULL, campaign_id INTEGER,
  changes TEXT NOT NULL, details TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
CREATE INDEX audit_campaign ON audit(campaign_id, seq);
";

pub const TASK_COLS: &str = "id, campaign_id, calendar_item_id, parent_task_id, related_task_ids, \
    task_type, platform, content_type, title, instructions, copy, asset_ref, assignee, due_at, \
    status, outcome, proof_kind, proof_value, reason, started_at, finished_at, created_at, \
    updated_at";

/// The columns of a [`TaskBrief`]: what the operator queue lists on both sides.
pub const BRIEF_COLS: &str =
    "id, campaign_id, task_type, platform, content_type, title, due_at, status";

pub const OPEN: &str = "('pending', 'in_progress', 'blocked')";

pub fn us(t: DateTime<Utc>) -> i64 {
    t.timestamp_micros()
}

pub fn from_us(v: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(v).expect("stored instants are in range")
}

pub fn bad(what: &str, v: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("unknown {what} '{v}'").into(),
    )
}

pub fn task_type(s: &str) -> rusqlite::Result<TaskType> {
    use TaskType::*;
    [Post, Engage, FollowUp, Review, Analyze, Manual]
        .into_iter()
        .find(|t| t.key() == s)
        .ok_or_else(|| bad("task type", s))
}

pub fn task_status(s: &str) -> rusqlite::Result<TaskStatus> {
    TaskStatus::ALL
        .into_iter()
        .find(|t| t.key() == s)
        .ok_or_else(|| bad("task status", s))
}

pub fn platform(s: &str) -> rusqlite::Result<Platform> {
    s.parse().map_err(|_| bad("platform", s))
}

pub fn content_type(s: &str) -> rusqlite::Result<ContentType> {
    s.parse().map_err(|_| bad("content type", s))
}

pub fn proof_kind(s: &str) -> rusqlite::Result<ProofKind> {
    match s {
        "url" => Ok(ProofKind::Url),
        "text" => Ok(ProofKind::Text),
        "upload" => Ok(ProofKind::Upload),
        "manual" => Ok(ProofKind::Manual),
        _ => Err(bad("proof kind", s)),
    }
}

pub fn proof_key(k: ProofKind) -> &'static str {
    match k {
        ProofKind::Url => "url",
        ProofKind::Text => "text",
        ProofKind::Upload => "upload",
        ProofKind::Manual => "manual",
        // ProofKind is non_exhaustive; the bench writes only the kinds above.
        other => unreachable!("the bench stores no {other:?} proofs"),
    }
}

pub fn item_status_key(s: campaign_ops::CalendarItemStatus) -> &'static str {
    use campaign_ops::CalendarItemStatus::*;
    match s {
        Planned => "planned",
        InProgress => "in_progress",
        Published => "published",
        Cancelled => "cancelled",
        other => unreachable!("the bench stores no {other:?} calendar items"),
    }
}

pub fn insert_task(conn: &Connection, t: &OperatorTask, with_id: bool) -> Result<i64> {
    let related = t
        .related_task_ids
        .iter()
        .map(|i| i.0.to_string())
        .collect::<Vec<_>>()
        .join(",");
    conn.prepare_cached(
        "INSERT INTO tasks VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, \
         ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)",
    )?
    .execute(params![
        with_id.then_some(t.id.0 as i64),
        t.campaign_id.0 as i64,
        t.calendar_item_id.map(|i| i.0 as i64),
        t.parent_task_id.map(|i| i.0 as i64),
        related,
        t.task_type.key(),
        t.platform.map(Platform::key),
        t.content_type.map(ContentType::key),
        t.title,
        t.instructions.join("\n"),
        t.copy,
        t.asset_ref,
        t.assignee,
        us(t.due_at),
        t.status.key(),
        t.outcome,
        t.proof.as_ref().map(|p| proof_key(p.kind)),
        t.proof.as_ref().map(|p| p.value.as_str()),
        t.reason,
        t.started_at.map(us),
        t.finished_at.map(us),
        us(t.created_at),
        us(t.updated_at),
    ])?;
    Ok(conn.last_insert_rowid())
}

pub fn insert_item(conn: &Connection, i: &CalendarItem, with_id: bool) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO calendar_items VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, \
         ?13, ?14, ?15)",
    )?
    .execute(params![
        with_id.then_some(i.id.0 as i64),
        i.campaign_id.0 as i64,
        i.plan_id.0 as i64,
        i.platform.key(),
        i.content_type.key(),
        us(i.scheduled_at),
        i.title,
        i.copy,
        i.asset_ref,
        i.cta,
        i.theme,
        item_status_key(i.status),
        i.notes,
        us(i.created_at),
        us(i.updated_at),
    ])?;
    Ok(conn.last_insert_rowid())
}

pub fn insert_metric(conn: &Connection, m: &MetricEntry, with_id: bool) -> Result<()> {
    conn.prepare_cached("INSERT INTO metrics VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")?
        .execute(params![
            with_id.then_some(m.id.0 as i64),
            m.campaign_id.0 as i64,
            m.task_id.map(|t| t.0 as i64),
            m.platform.map(Platform::key),
            m.kind.key(),
            m.value,
            us(m.recorded_at),
            m.recorded_by,
            m.notes,
        ])?;
    Ok(())
}

pub fn insert_plan(conn: &Connection, p: &CampaignPlan, with_id: bool) -> Result<i64> {
    conn.prepare_cached("INSERT INTO plans VALUES(?1, ?2, ?3, ?4, ?5)")?
        .execute(params![
            with_id.then_some(p.id.0 as i64),
            p.campaign_id.0 as i64,
            p.version,
            serde_json::to_string(p)?,
            us(p.created_at),
        ])?;
    Ok(conn.last_insert_rowid())
}

pub fn insert_audit(conn: &Connection, e: &AuditEntry) -> Result<()> {
    conn.prepare_cached("INSERT INTO audit VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")?
        .execute(params![
            e.seq.0 as i64,
            us(e.at),
            e.actor,
            e.action.key(),
            e.entity.key(),
            e.entity_id as i64,
            e.campaign_id.map(|c| c.0 as i64),
            serde_json::to_string(&e.changes)?,
            e.details,
            e.prev_hash,
            e.hash,
        ])?;
    Ok(())
}

/// Inserts a campaign (with its id when `with_id`), returning its id.
pub fn insert_campaign(conn: &Connection, c: &Campaign, with_id: bool) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO campaigns VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, \
         ?14, ?15, ?16, ?17)",
    )?
    .execute(params![
        with_id.then_some(c.id.0 as i64),
        c.name,
        Campaign::name_key(&c.name),
        c.client_name,
        c.objective.key(),
        c.description,
        c.platforms
            .iter()
            .map(|p| p.key())
            .collect::<Vec<_>>()
            .join(","),
        c.start_date.to_string(),
        c.end_date.map(|d| d.to_string()),
        c.time_zone.name(),
        c.cadence
            .iter()
            .map(|(p, n)| format!("{}={n}", p.key()))
            .collect::<Vec<_>>()
            .join(","),
        c.primary_cta,
        c.owner,
        c.status.key(),
        serde_json::to_string(&c.metadata)?,
        us(c.created_at),
        us(c.updated_at),
    ])?;
    Ok(conn.last_insert_rowid())
}

/// A SQLite database of campaign-ops records.
pub struct Sql {
    pub(crate) conn: Connection,
}

impl Sql {
    fn configure(conn: &Connection, synchronous: &str) -> Result<()> {
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", synchronous)?;
        // 32 MiB of page cache (the default is 2 MiB): SQLite's natural best within the
        // process memory budget.
        conn.pragma_update(None, "cache_size", -32_768)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        Ok(())
    }

    /// Creates the file with the schema (`synchronous=NORMAL`: the generator only).
    pub fn create(path: &Path) -> Result<Self> {
        let conn = Connection::open(path)?;
        Self::configure(&conn, "NORMAL")?;
        conn.execute_batch(SCHEMA)?;
        Ok(Self { conn })
    }

    /// Opens an existing file, `synchronous=FULL`: every commit is durable.
    pub fn open(path: &Path) -> Result<Self> {
        let conn = Connection::open(path)?;
        Self::configure(&conn, "FULL")?;
        Ok(Self { conn })
    }

    /// Checkpoints the WAL into the main file and closes.
    pub fn close(self) -> Result<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        self.conn.close().map_err(|(_, e)| e)?;
        Ok(())
    }

    /// `PRAGMA synchronous` as the connection has it (2 = FULL).
    pub fn synchronous(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA synchronous", [], |r| r.get(0))?)
    }

    /// Inserts every record of `b` with its id, in one transaction.
    pub fn insert_batch(&mut self, b: &crate::dataset::Batch) -> Result<()> {
        let tx = self.conn.transaction()?;
        for c in &b.campaigns {
            insert_campaign(&tx, c, true)?;
        }
        for p in &b.plans {
            insert_plan(&tx, p, true)?;
        }
        for i in &b.items {
            insert_item(&tx, i, true)?;
        }
        for t in &b.tasks {
            insert_task(&tx, t, true)?;
        }
        for m in &b.metrics {
            insert_metric(&tx, m, true)?;
        }
        for e in &b.audit {
            insert_audit(&tx, e)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// `SELECT count(*) FROM <table>`.
    pub fn count(&self, table: &str) -> Result<u64> {
        Ok(self
            .conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| {
                r.get::<_, i64>(0)
            })? as u64)
    }

    /// Tasks on the calendar item of task `id`, and metrics of task `id`.
    pub fn completion_rows(&self, id: TaskId) -> Result<(usize, usize)> {
        let tasks: i64 = self.conn.query_row(
            "SELECT count(*) FROM tasks WHERE calendar_item_id = \
             (SELECT calendar_item_id FROM tasks WHERE id = ?1)",
            [id.0 as i64],
            |r| r.get(0),
        )?;
        let metrics: i64 = self.conn.query_row(
            "SELECT count(*) FROM metrics WHERE task_id = ?1",
            [id.0 as i64],
            |r| r.get(0),
        )?;
        Ok((tasks as usize, metrics as usize))
    }
}
