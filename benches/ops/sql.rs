//! The SQLite side: the same records as columns (not JSON blobs; only a plan's nested body
//! is a JSON document), WAL with `synchronous=NORMAL`, the natural indexes, and the same
//! queries written the way an application on SQLite would write them, decoding rows into the
//! same model structs.

use std::path::Path;

use campaign_ops::core::report::{ReportWeek, TaskCounts};
use campaign_ops::core::service::{GENESIS_HASH, entry_hash, local_day_bounds};
use campaign_ops::{
    Actor, AuditAction, AuditEntry, AuditSeq, CalendarItem, Campaign, CampaignId, CampaignPlan,
    CompletionProof, ContentType, EntityKind, MetricEntry, MetricKind, OperatorTask, Platform,
    ProofKind, TaskBrief, TaskId, TaskStatus, TaskType,
};
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension, Row, TransactionBehavior, params};

use crate::dataset::now;
use campaign_ops::core::service::engage_instructions;

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
  entity TEXT NOT NULL, entity_id INTEGER NOT NULL, campaign_id INTEGER, before TEXT,
  after TEXT, details TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
CREATE INDEX audit_campaign ON audit(campaign_id, seq);
";

const TASK_COLS: &str = "id, campaign_id, calendar_item_id, parent_task_id, related_task_ids, \
    task_type, platform, content_type, title, instructions, copy, asset_ref, assignee, due_at, \
    status, outcome, proof_kind, proof_value, reason, started_at, finished_at, created_at, \
    updated_at";

/// The columns of a [`TaskBrief`]: what the operator queue lists on both sides.
const BRIEF_COLS: &str =
    "id, campaign_id, task_type, platform, content_type, title, due_at, status";

const OPEN: &str = "('pending', 'in_progress', 'blocked')";

fn us(t: DateTime<Utc>) -> i64 {
    t.timestamp_micros()
}

fn from_us(v: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(v).expect("stored instants are in range")
}

fn bad(what: &str, v: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("unknown {what} '{v}'").into(),
    )
}

fn task_type(s: &str) -> rusqlite::Result<TaskType> {
    use TaskType::*;
    [Post, Engage, FollowUp, Review, Analyze, Manual]
        .into_iter()
        .find(|t| t.key() == s)
        .ok_or_else(|| bad("task type", s))
}

fn task_status(s: &str) -> rusqlite::Result<TaskStatus> {
    TaskStatus::ALL
        .into_iter()
        .find(|t| t.key() == s)
        .ok_or_else(|| bad("task status", s))
}

fn platform(s: &str) -> rusqlite::Result<Platform> {
    s.parse().map_err(|_| bad("platform", s))
}

fn content_type(s: &str) -> rusqlite::Result<ContentType> {
    s.parse().map_err(|_| bad("content type", s))
}

fn proof_kind(s: &str) -> rusqlite::Result<ProofKind> {
    match s {
        "url" => Ok(ProofKind::Url),
        "text" => Ok(ProofKind::Text),
        "upload" => Ok(ProofKind::Upload),
        "manual" => Ok(ProofKind::Manual),
        _ => Err(bad("proof kind", s)),
    }
}

fn proof_key(k: ProofKind) -> &'static str {
    match k {
        ProofKind::Url => "url",
        ProofKind::Text => "text",
        ProofKind::Upload => "upload",
        ProofKind::Manual => "manual",
        // ProofKind is non_exhaustive; the bench writes only the kinds above.
        other => unreachable!("the bench stores no {other:?} proofs"),
    }
}

fn item_status_key(s: campaign_ops::CalendarItemStatus) -> &'static str {
    use campaign_ops::CalendarItemStatus::*;
    match s {
        Planned => "planned",
        InProgress => "in_progress",
        Published => "published",
        Cancelled => "cancelled",
        other => unreachable!("the bench stores no {other:?} calendar items"),
    }
}

/// A brief from a row selected with [`BRIEF_COLS`].
fn brief_from_row(r: &Row<'_>) -> rusqlite::Result<TaskBrief> {
    Ok(TaskBrief {
        id: TaskId(r.get::<_, i64>(0)? as u64),
        campaign_id: CampaignId(r.get::<_, i64>(1)? as u64),
        task_type: task_type(r.get_ref(2)?.as_str()?)?,
        platform: r.get_ref(3)?.as_str_or_null()?.map(platform).transpose()?,
        content_type: r
            .get_ref(4)?
            .as_str_or_null()?
            .map(content_type)
            .transpose()?,
        title: r.get(5)?,
        due_at: from_us(r.get(6)?),
        status: task_status(r.get_ref(7)?.as_str()?)?,
    })
}

/// A task from a row selected with [`TASK_COLS`].
fn task_from_row(r: &Row<'_>) -> rusqlite::Result<OperatorTask> {
    let opt_time = |i: usize| -> rusqlite::Result<Option<DateTime<Utc>>> {
        Ok(r.get::<_, Option<i64>>(i)?.map(from_us))
    };
    let related: String = r.get(4)?;
    let instructions: String = r.get(9)?;
    let proof = match (
        r.get::<_, Option<String>>(16)?,
        r.get::<_, Option<String>>(17)?,
    ) {
        (Some(kind), Some(value)) => Some(CompletionProof {
            kind: proof_kind(&kind)?,
            value,
        }),
        _ => None,
    };
    Ok(OperatorTask {
        id: TaskId(r.get::<_, i64>(0)? as u64),
        campaign_id: CampaignId(r.get::<_, i64>(1)? as u64),
        calendar_item_id: r.get::<_, Option<i64>>(2)?.map(|v| (v as u64).into()),
        parent_task_id: r.get::<_, Option<i64>>(3)?.map(|v| (v as u64).into()),
        related_task_ids: related
            .split(',')
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().map(TaskId).map_err(|_| bad("task id", s)))
            .collect::<rusqlite::Result<_>>()?,
        task_type: task_type(r.get_ref(5)?.as_str()?)?,
        platform: r.get_ref(6)?.as_str_or_null()?.map(platform).transpose()?,
        content_type: r
            .get_ref(7)?
            .as_str_or_null()?
            .map(content_type)
            .transpose()?,
        title: r.get(8)?,
        instructions: if instructions.is_empty() {
            vec![]
        } else {
            instructions.split('\n').map(str::to_owned).collect()
        },
        copy: r.get(10)?,
        asset_ref: r.get(11)?,
        assignee: r.get(12)?,
        due_at: from_us(r.get(13)?),
        status: task_status(r.get_ref(14)?.as_str()?)?,
        outcome: r.get(15)?,
        proof,
        reason: r.get(18)?,
        started_at: opt_time(19)?,
        finished_at: opt_time(20)?,
        created_at: from_us(r.get(21)?),
        updated_at: from_us(r.get(22)?),
    })
}

fn insert_task(conn: &Connection, t: &OperatorTask, with_id: bool) -> Result<i64> {
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

fn insert_item(conn: &Connection, i: &CalendarItem, with_id: bool) -> Result<i64> {
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

fn insert_metric(conn: &Connection, m: &MetricEntry, with_id: bool) -> Result<()> {
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

fn insert_plan(conn: &Connection, p: &CampaignPlan, with_id: bool) -> Result<i64> {
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

fn insert_audit(conn: &Connection, e: &AuditEntry) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO audit VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        e.seq.0 as i64,
        us(e.at),
        e.actor,
        e.action.key(),
        e.entity.key(),
        e.entity_id as i64,
        e.campaign_id.map(|c| c.0 as i64),
        e.before,
        e.after,
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

/// What [`Sql::weekly_summary`] aggregates: the same numbers as the core's `WeeklySummary`.
#[derive(Debug, Clone, PartialEq)]
pub struct SqlWeekly {
    /// Week.
    pub week: ReportWeek,
    /// Task counts by status, and overdue.
    pub tasks: TaskCounts,
    /// Metric entries in the week.
    pub entries: u32,
    /// Sum of impressions.
    pub impressions: f64,
    /// Sum of engagements.
    pub engagements: f64,
    /// Engagements per platform.
    pub by_platform: Vec<(Platform, f64)>,
}

/// The result of one calendar generation on SQLite.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SqlCalendar {
    /// Items inserted.
    pub items: usize,
    /// Tasks inserted.
    pub tasks: usize,
}

/// A SQLite database of campaign-ops records.
pub struct Sql {
    conn: Connection,
}

impl Sql {
    fn configure(conn: &Connection) -> Result<()> {
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // 32 MiB of page cache (the default is 2 MiB): SQLite's natural best within the
        // process memory budget.
        conn.pragma_update(None, "cache_size", -32_768)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        Ok(())
    }

    /// Creates the file with the schema.
    pub fn create(path: &Path) -> Result<Self> {
        let conn = Connection::open(path)?;
        Self::configure(&conn)?;
        conn.execute_batch(SCHEMA)?;
        Ok(Self { conn })
    }

    /// Opens an existing file.
    pub fn open(path: &Path) -> Result<Self> {
        let conn = Connection::open(path)?;
        Self::configure(&conn)?;
        Ok(Self { conn })
    }

    /// Checkpoints the WAL into the main file and closes.
    pub fn close(self) -> Result<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        self.conn.close().map_err(|(_, e)| e)?;
        Ok(())
    }

    /// Sets `PRAGMA synchronous` (NORMAL or FULL).
    pub fn set_synchronous(&self, mode: &str) -> Result<()> {
        self.conn.pragma_update(None, "synchronous", mode)?;
        Ok(())
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

    fn time_zone(&self, campaign: CampaignId) -> Result<Tz> {
        let name: String = self
            .conn
            .prepare_cached("SELECT time_zone FROM campaigns WHERE id = ?1")?
            .query_row([campaign.0 as i64], |r| r.get(0))?;
        Ok(name.parse()?)
    }

    /// Open tasks of `assignee` due before the end of today in `tz`: (overdue, due today).
    pub fn operator_queue(
        &self,
        assignee: &str,
        tz: Tz,
    ) -> Result<(Vec<TaskBrief>, Vec<TaskBrief>)> {
        let now = now();
        let (_, end) = local_day_bounds(tz, now);
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {BRIEF_COLS} FROM tasks WHERE assignee = ?1 AND status IN {OPEN} \
             AND due_at < ?2 ORDER BY due_at, id"
        ))?;
        let all = stmt
            .query_map(params![assignee, us(end)], brief_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let split = all.partition_point(|t| t.due_at < now);
        let mut overdue = all;
        let today = overdue.split_off(split);
        Ok((overdue, today))
    }

    fn open_tasks_of_campaign(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<OperatorTask>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {TASK_COLS} FROM tasks WHERE campaign_id = ?1 AND due_at >= ?2 \
             AND due_at < ?3 AND status IN {OPEN} ORDER BY due_at, id"
        ))?;
        Ok(stmt
            .query_map(
                params![campaign.0 as i64, us(from), us(until)],
                task_from_row,
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Today's open tasks of `campaign` (its zone), and its overdue ones.
    pub fn today_and_overdue(
        &self,
        campaign: CampaignId,
    ) -> Result<(Vec<OperatorTask>, Vec<OperatorTask>)> {
        let now = now();
        let tz = self.time_zone(campaign)?;
        let (start, end) = local_day_bounds(tz, now);
        let today = self.open_tasks_of_campaign(campaign, start, end)?;
        let overdue = self.open_tasks_of_campaign(campaign, DateTime::<Utc>::MIN_UTC, now)?;
        Ok((today, overdue))
    }

    /// The current week's task counts and metric totals of `campaign`, aggregated in SQL.
    pub fn weekly_summary(&self, campaign: CampaignId) -> Result<SqlWeekly> {
        let now = now();
        let tz = self.time_zone(campaign)?;
        let week = ReportWeek::containing(now, tz);
        let (start, end) = week.bounds(tz);
        let mut tasks = TaskCounts::default();
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT status, count(*), sum(status IN {OPEN} AND due_at < ?4) FROM tasks \
             WHERE campaign_id = ?1 AND due_at >= ?2 AND due_at < ?3 GROUP BY status"
        ))?;
        let mut rows = stmt.query(params![campaign.0 as i64, us(start), us(end), us(now)])?;
        while let Some(r) = rows.next()? {
            let n = r.get::<_, i64>(1)? as u32;
            tasks.planned += n;
            tasks.overdue += r.get::<_, i64>(2)? as u32;
            *match task_status(r.get_ref(0)?.as_str()?)? {
                TaskStatus::Pending => &mut tasks.pending,
                TaskStatus::InProgress => &mut tasks.in_progress,
                TaskStatus::Completed => &mut tasks.completed,
                TaskStatus::Failed => &mut tasks.failed,
                TaskStatus::Blocked => &mut tasks.blocked,
                TaskStatus::Skipped => &mut tasks.skipped,
                // task_status parses only the statuses above.
                other => unreachable!("task_status never yields {other:?}"),
            } += n;
        }
        let mut out = SqlWeekly {
            week,
            tasks,
            entries: 0,
            impressions: 0.0,
            engagements: 0.0,
            by_platform: vec![],
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT platform, kind, count(*), sum(value) FROM metrics \
             WHERE campaign_id = ?1 AND recorded_at >= ?2 AND recorded_at < ?3 \
             GROUP BY platform, kind",
        )?;
        let mut rows = stmt.query(params![campaign.0 as i64, us(start), us(end)])?;
        while let Some(r) = rows.next()? {
            out.entries += r.get::<_, i64>(2)? as u32;
            let sum: f64 = r.get(3)?;
            let p = r.get_ref(0)?.as_str_or_null()?.map(platform).transpose()?;
            match r.get_ref(1)?.as_str()? {
                "impressions" => out.impressions += sum,
                "engagements" => {
                    out.engagements += sum;
                    if let Some(p) = p {
                        out.by_platform.push((p, sum));
                    }
                }
                _ => {}
            }
        }
        out.by_platform.sort_by_key(|(p, _)| *p);
        Ok(out)
    }

    fn load_task(conn: &Connection, id: TaskId) -> Result<OperatorTask> {
        Ok(conn
            .prepare_cached(&format!("SELECT {TASK_COLS} FROM tasks WHERE id = ?1"))?
            .query_row([id.0 as i64], task_from_row)?)
    }

    /// Appends an audit entry after the current last one (hash-chained like the core's).
    #[allow(clippy::too_many_arguments)]
    fn audit(
        conn: &Connection,
        actor: &Actor,
        action: AuditAction,
        entity: EntityKind,
        entity_id: u64,
        campaign: CampaignId,
        before: Option<String>,
        after: Option<String>,
        details: Option<String>,
    ) -> Result<()> {
        let last: Option<(i64, String)> = conn
            .prepare_cached("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let (seq, prev_hash) = match last {
            Some((seq, hash)) => (seq as u64 + 1, hash),
            None => (1, GENESIS_HASH.to_owned()),
        };
        let mut entry = AuditEntry {
            seq: AuditSeq(seq),
            at: now(),
            actor: actor.as_str().to_owned(),
            action,
            entity,
            entity_id,
            campaign_id: Some(campaign),
            before,
            after,
            changes: vec![],
            details,
            prev_hash,
            hash: String::new(),
        };
        entry.hash = entry_hash(&entry);
        insert_audit(conn, &entry)
    }

    /// Pending → InProgress with its audit entry, in one transaction (mirrors
    /// `CampaignOps::start_task`).
    pub fn start_task(&mut self, actor: &Actor, id: TaskId) -> Result<OperatorTask> {
        let now = now();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before = Self::load_task(&tx, id)?;
        let mut after = before.clone();
        after.status = before.status.move_to(TaskStatus::InProgress)?;
        after.updated_at = now;
        after.started_at.get_or_insert(now);
        after.reason = None;
        if let (TaskType::Post, Some(item)) = (after.task_type, after.calendar_item_id) {
            tx.prepare_cached(
                "UPDATE calendar_items SET status = 'in_progress', updated_at = ?2 \
                 WHERE id = ?1 AND status = 'planned'",
            )?
            .execute(params![item.0 as i64, us(now)])?;
        }
        tx.prepare_cached(
            "UPDATE tasks SET status = ?2, started_at = ?3, reason = NULL, updated_at = ?4 \
             WHERE id = ?1",
        )?
        .execute(params![
            id.0 as i64,
            after.status.key(),
            after.started_at.map(us),
            us(now)
        ])?;
        Self::audit(
            &tx,
            actor,
            AuditAction::TaskStart,
            EntityKind::Task,
            id.0,
            after.campaign_id,
            Some(serde_json::to_string(&before)?),
            Some(serde_json::to_string(&after)?),
            None,
        )?;
        tx.commit()?;
        Ok(after)
    }

    /// InProgress → Completed with two metrics, the calendar item published, two ENGAGE
    /// follow-ups and the audit entry, in one transaction (mirrors
    /// `CampaignOps::mark_task_complete`).
    pub fn complete_task(
        &mut self,
        actor: &Actor,
        id: TaskId,
        proof: CompletionProof,
        metrics: &[(MetricKind, f64)],
    ) -> Result<OperatorTask> {
        let now = now();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before = Self::load_task(&tx, id)?;
        let mut after = before.clone();
        after.status = before.status.move_to(TaskStatus::Completed)?;
        after.updated_at = now;
        after.outcome = Some("Published as planned.".to_owned());
        after.proof = Some(proof);
        after.finished_at = Some(now);
        for (kind, value) in metrics {
            insert_metric(
                &tx,
                &MetricEntry {
                    id: campaign_ops::MetricId(0),
                    campaign_id: after.campaign_id,
                    task_id: Some(id),
                    platform: after.platform,
                    kind: *kind,
                    value: *value,
                    recorded_at: now,
                    recorded_by: actor.as_str().to_owned(),
                    notes: None,
                },
                false,
            )?;
        }
        let mut follow_ups = vec![];
        if let (TaskType::Post, Some(item)) = (after.task_type, after.calendar_item_id) {
            tx.prepare_cached(
                "UPDATE calendar_items SET status = 'published', updated_at = ?2 WHERE id = ?1",
            )?
            .execute(params![item.0 as i64, us(now)])?;
            for hours in [2, 24] {
                let platform = after.platform.unwrap_or(Platform::X);
                let title = format!("Engage {hours}h after: {}", after.title);
                let due = now + Duration::hours(hours);
                let mut engage = OperatorTask {
                    calendar_item_id: after.calendar_item_id,
                    parent_task_id: Some(id),
                    platform: after.platform,
                    content_type: after.content_type,
                    instructions: engage_instructions(Some(platform), after.proof.as_ref()),
                    assignee: after.assignee.clone(),
                    ..OperatorTask::pending(
                        TaskId(0),
                        after.campaign_id,
                        TaskType::Engage,
                        title,
                        due,
                        now,
                    )
                };
                engage.id = TaskId(insert_task(&tx, &engage, false)? as u64);
                follow_ups.push(engage.id);
            }
        }
        tx.prepare_cached(
            "UPDATE tasks SET status = ?2, outcome = ?3, proof_kind = ?4, proof_value = ?5, \
             finished_at = ?6, updated_at = ?7 WHERE id = ?1",
        )?
        .execute(params![
            id.0 as i64,
            after.status.key(),
            after.outcome,
            after.proof.as_ref().map(|p| proof_key(p.kind)),
            after.proof.as_ref().map(|p| p.value.as_str()),
            us(now),
            us(now)
        ])?;
        let details = (!follow_ups.is_empty()).then(|| {
            format!(
                "created follow-up tasks {}",
                follow_ups
                    .iter()
                    .map(|t| t.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        });
        Self::audit(
            &tx,
            actor,
            AuditAction::TaskComplete,
            EntityKind::Task,
            id.0,
            after.campaign_id,
            Some(serde_json::to_string(&before)?),
            Some(serde_json::to_string(&after)?),
            details,
        )?;
        tx.commit()?;
        Ok(after)
    }

    /// Inserts fresh rows (SQLite picks the ids) in one transaction; returns their ids.
    pub fn insert_fresh(
        &mut self,
        campaigns: &[Campaign],
        items: &[CalendarItem],
        tasks: &[OperatorTask],
    ) -> Result<(Vec<CampaignId>, Vec<TaskId>)> {
        let tx = self.conn.transaction()?;
        let mut cids = vec![];
        for c in campaigns {
            cids.push(CampaignId(insert_campaign(&tx, c, false)? as u64));
        }
        let mut tids = vec![];
        for (item, task) in items.iter().zip(tasks) {
            let item_id = insert_item(&tx, item, false)? as u64;
            let task = OperatorTask {
                calendar_item_id: Some(item_id.into()),
                ..task.clone()
            };
            tids.push(TaskId(insert_task(&tx, &task, false)? as u64));
        }
        tx.commit()?;
        Ok((cids, tids))
    }

    /// Stores a generated plan, its calendar and its POST tasks for `campaign` in one
    /// transaction, with the three audit entries: the rows the core computed, so this
    /// measures storage only.
    pub fn store_calendar(
        &mut self,
        actor: &Actor,
        campaign: CampaignId,
        plan: &CampaignPlan,
        items: &[CalendarItem],
        tasks: &[OperatorTask],
    ) -> Result<SqlCalendar> {
        let tx = self.conn.transaction()?;
        let plan = CampaignPlan {
            campaign_id: campaign,
            ..plan.clone()
        };
        let plan_id = insert_plan(&tx, &plan, false)? as u64;
        let plan_json = serde_json::to_string(&plan)?;
        Self::audit(
            &tx,
            actor,
            AuditAction::PlanCreate,
            EntityKind::Plan,
            plan_id,
            campaign,
            None,
            Some(plan_json),
            Some("version 1".to_owned()),
        )?;
        let mut item_ids = Vec::with_capacity(items.len());
        for item in items {
            let item = CalendarItem {
                campaign_id: campaign,
                plan_id: plan_id.into(),
                ..item.clone()
            };
            item_ids.push(insert_item(&tx, &item, false)? as u64);
        }
        let ids_json = serde_json::to_string(&item_ids)?;
        Self::audit(
            &tx,
            actor,
            AuditAction::CalendarGenerate,
            EntityKind::Plan,
            plan_id,
            campaign,
            None,
            Some(ids_json),
            Some(format!("{} created, 0 replaced, 0 kept", items.len())),
        )?;
        let mut task_ids = Vec::with_capacity(tasks.len());
        for (task, &item) in tasks.iter().zip(&item_ids) {
            let task = OperatorTask {
                campaign_id: campaign,
                calendar_item_id: Some(item.into()),
                ..task.clone()
            };
            task_ids.push(insert_task(&tx, &task, false)?);
        }
        let ids_json = serde_json::to_string(&task_ids)?;
        Self::audit(
            &tx,
            actor,
            AuditAction::TasksGenerate,
            EntityKind::Task,
            task_ids.first().copied().unwrap_or(0) as u64,
            campaign,
            None,
            Some(ids_json),
            Some(format!("{} POST tasks", tasks.len())),
        )?;
        tx.commit()?;
        Ok(SqlCalendar {
            items: item_ids.len(),
            tasks: task_ids.len(),
        })
    }
}
