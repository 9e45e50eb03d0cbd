//! The SQLite side's reads: rows decoded into the model structs, and the queries the way an
//! application on SQLite would write them.

use std::collections::BTreeMap;

use campaign_ops::core::report::{ReportWeek, TaskCounts};
use campaign_ops::core::service::local_day_bounds;
use campaign_ops::{
    Campaign, CampaignId, CampaignPage, CampaignStatus, CompletionProof, OperatorTask, Platform,
    TaskBrief, TaskId, TaskStatus,
};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::{Row, params};

use crate::dataset::now;
use crate::sql::{
    BRIEF_COLS, OPEN, Result, Sql, TASK_COLS, bad, content_type, from_us, platform, proof_kind,
    task_status, task_type, us,
};

/// The columns of a campaign, in table order.
const CAMPAIGN_COLS: &str = "id, name, client_name, objective, description, platforms, \
    start_date, end_date, time_zone, cadence, primary_cta, owner, status, metadata, created_at, \
    updated_at";

/// A brief from a row selected with [`BRIEF_COLS`].
pub fn brief_from_row(r: &Row<'_>) -> rusqlite::Result<TaskBrief> {
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
pub fn task_from_row(r: &Row<'_>) -> rusqlite::Result<OperatorTask> {
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
        checked: Vec::new(),
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

/// A campaign from a row selected with [`CAMPAIGN_COLS`].
fn campaign_from_row(r: &Row<'_>) -> rusqlite::Result<Campaign> {
    let text = |i: usize| -> rusqlite::Result<String> { r.get(i) };
    let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| bad("date", s));
    let platforms = text(5)?
        .split(',')
        .filter(|s| !s.is_empty())
        .map(platform)
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut cadence = BTreeMap::new();
    for pair in text(9)?.split(',').filter(|s| !s.is_empty()) {
        let (p, n) = pair.split_once('=').ok_or_else(|| bad("cadence", pair))?;
        cadence.insert(platform(p)?, n.parse().map_err(|_| bad("cadence", pair))?);
    }
    let objective = text(3)?;
    let status = text(12)?;
    let zone = text(8)?;
    let metadata = text(13)?;
    Ok(Campaign {
        id: CampaignId(r.get::<_, i64>(0)? as u64),
        name: text(1)?,
        client_name: text(2)?,
        objective: objective
            .parse()
            .map_err(|_| bad("objective", &objective))?,
        description: text(4)?,
        platforms,
        start_date: date(&text(6)?)?,
        end_date: r
            .get::<_, Option<String>>(7)?
            .map(|s| date(&s))
            .transpose()?,
        time_zone: zone.parse().map_err(|_| bad("time zone", &zone))?,
        cadence,
        primary_cta: r.get(10)?,
        owner: text(11)?,
        status: status
            .parse::<CampaignStatus>()
            .map_err(|_| bad("campaign status", &status))?,
        metadata: serde_json::from_str(&metadata).map_err(|_| bad("metadata", &metadata))?,
        created_at: from_us(r.get(14)?),
        updated_at: from_us(r.get(15)?),
    })
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

impl Sql {
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

    /// A page of `limit` campaigns after `after`, ascending id, with the number of all
    /// matches: every campaign, or (with `text`) those whose name, client or description
    /// contains it (`LIKE '%text%'`, ASCII case-insensitive as SQLite has it).
    pub fn list_campaigns(
        &self,
        text: Option<&str>,
        after: Option<CampaignId>,
        limit: usize,
    ) -> Result<CampaignPage> {
        let after = after.map_or(0, |a| a.0 as i64);
        let want = limit as i64 + 1;
        let (total, mut items) = match text {
            None => {
                let total: i64 = self
                    .conn
                    .prepare_cached("SELECT count(*) FROM campaigns")?
                    .query_row([], |r| r.get(0))?;
                let mut stmt = self.conn.prepare_cached(&format!(
                    "SELECT {CAMPAIGN_COLS} FROM campaigns WHERE id > ?1 ORDER BY id LIMIT ?2"
                ))?;
                let items = stmt
                    .query_map(params![after, want], campaign_from_row)?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                (total, items)
            }
            Some(text) => {
                let pattern = format!("%{text}%");
                const MATCH: &str = "(name LIKE ?1 OR client_name LIKE ?1 OR description LIKE ?1)";
                let total: i64 = self
                    .conn
                    .prepare_cached(&format!("SELECT count(*) FROM campaigns WHERE {MATCH}"))?
                    .query_row([&pattern], |r| r.get(0))?;
                let mut stmt = self.conn.prepare_cached(&format!(
                    "SELECT {CAMPAIGN_COLS} FROM campaigns WHERE {MATCH} AND id > ?2 \
                     ORDER BY id LIMIT ?3"
                ))?;
                let items = stmt
                    .query_map(params![pattern, after, want], campaign_from_row)?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                (total, items)
            }
        };
        let more = items.len() > limit;
        items.truncate(limit);
        let next = if more {
            items.last().map(|c| c.id)
        } else {
            None
        };
        Ok(CampaignPage {
            items,
            total: total as u64,
            next,
        })
    }
}
