//! The inbox read from one snapshot (ssr): a bounded range scan of the caller's open-tasks
//! index per section, a row per task (its campaign's name read once per campaign, its
//! copy checked for the warning count), and the open task in full.

use std::collections::BTreeMap;

use campaign_ops_core::model::{CampaignId, OperatorTask, TaskBrief, TaskStatus, TaskType};
use campaign_ops_core::planning::content_draft;
use campaign_ops_core::platform::{ContentIssue, Severity, check_content};
use campaign_ops_core::service::start_of_local_day;
use campaign_ops_core::{ContentType, Platform, ReadTx, Result, TaskId};
use chrono::{DateTime, Days, Utc};
use chrono_tz::Tz;

use super::{
    COUNT_BEYOND, CampaignLink, CopyIssue, MORE_CAMPAIGNS, OVERDUE_ROWS, TODAY_ROWS, TaskCard,
    TodayRow, TodaySection, TodayView, UPCOMING_DAYS, UPCOMING_ROWS,
};
use crate::server::context::Caller;

/// Campaign names by id, read once per campaign per request.
type Names = BTreeMap<CampaignId, String>;

/// The inbox of `caller` at `now`, with task `task` open if it is one of theirs; and the
/// instant until which it stays what it is without a write ([`valid_until`]).
pub(super) fn view(
    tx: &dyn ReadTx,
    caller: &Caller,
    now: DateTime<Utc>,
    task: Option<u64>,
) -> Result<(TodayView, DateTime<Utc>)> {
    let tz = caller.time_zone;
    let me = caller.actor.as_str();
    let today = now.with_timezone(&tz).date_naive();
    let end_of_today = start_of_local_day(tz, today + Days::new(1));
    let until = start_of_local_day(tz, today + Days::new(1 + UPCOMING_DAYS));
    let mut names = Names::new();
    let mut section = |from, to, rows| -> Result<(TodaySection, Option<TaskBrief>)> {
        // Rows, then up to COUNT_BEYOND more to count, then one to know the count stopped.
        let mut briefs = tx.open_task_briefs_for_assignee(me, from, to, rows + COUNT_BEYOND + 1)?;
        let first = briefs.first().cloned();
        let more_capped = briefs.len() > rows + COUNT_BEYOND;
        briefs.truncate(rows + COUNT_BEYOND);
        let rest = briefs.split_off(briefs.len().min(rows));
        let mut more_campaigns: Vec<CampaignLink> = Vec::new();
        for brief in &rest {
            if more_campaigns.len() == MORE_CAMPAIGNS {
                break;
            }
            if !more_campaigns.iter().any(|c| c.id == brief.campaign_id.0) {
                let name = name_of(tx, brief.campaign_id, &mut names)?;
                more_campaigns.push(CampaignLink {
                    id: brief.campaign_id.0,
                    name,
                });
            }
        }
        let rows = briefs
            .into_iter()
            .map(|b| row(tx, b, tz, &mut names))
            .collect::<Result<Vec<_>>>()?;
        let section = TodaySection {
            rows,
            more: rest.len(),
            more_capped,
            more_campaigns,
        };
        Ok((section, first))
    };
    let (overdue, first_overdue) = section(DateTime::<Utc>::MIN_UTC, now, OVERDUE_ROWS)?;
    let (due_today, first_today) = section(now, end_of_today, TODAY_ROWS)?;
    let (upcoming, _) = section(end_of_today, until, UPCOMING_ROWS)?;
    let valid_until = valid_until(now, first_today.as_ref().map(|b| b.due_at), end_of_today);

    let asked = match task {
        Some(id) => match tx.task(TaskId(id))? {
            Some(t) if t.assignee.as_deref() == Some(me) && t.status.is_open() => Ok(t),
            Some(t) if t.assignee.as_deref() == Some(me) => Err(Some(format!(
                "“{}” is {}: it has left your open tasks.",
                t.title,
                t.status.key().replace('_', " ")
            ))),
            _ => Err(Some(format!("Task {id} is not one of your open tasks."))),
        },
        None => Err(None),
    };
    let (open, notice) = match asked {
        Ok(t) => (Some(t), None),
        Err(notice) => {
            let default = first_overdue.or(first_today);
            let open = match default {
                Some(b) => tx.task(b.id)?,
                None => None,
            };
            (open, notice)
        }
    };
    let open = open
        .map(|t| {
            let name = name_of(tx, t.campaign_id, &mut names)?;
            card(tx, t, name, tz, now)
        })
        .transpose()?;
    let view = TodayView {
        time_zone: tz.name().to_owned(),
        today: today.format("%A %-d %B %Y").to_string(),
        overdue,
        due_today,
        upcoming,
        open,
        notice,
    };
    Ok((view, valid_until))
}

/// Until when an inbox read at `now` stays as it is if nothing is written: the next minute
/// boundary, the moment the soonest task due today (`first_due_today`) becomes overdue, or
/// the end of the caller's day (when today's date, the sections' bounds and the next
/// days' window move), whichever comes first. Tasks further on change group only at the
/// end of the day; overdue ones stay overdue.
pub(super) fn valid_until(
    now: DateTime<Utc>,
    first_due_today: Option<DateTime<Utc>>,
    end_of_today: DateTime<Utc>,
) -> DateTime<Utc> {
    let minute = now.timestamp().div_euclid(60);
    let next_minute = DateTime::from_timestamp((minute + 1) * 60, 0).unwrap_or(now);
    [Some(next_minute), first_due_today, Some(end_of_today)]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(now)
}

/// The name of campaign `id`, from `names` or read once.
fn name_of(tx: &dyn ReadTx, id: CampaignId, names: &mut Names) -> Result<String> {
    if let Some(name) = names.get(&id) {
        return Ok(name.clone());
    }
    let name = tx
        .campaign(id)?
        .map(|c| c.name)
        .unwrap_or_else(|| format!("campaign {id}"));
    names.insert(id, name.clone());
    Ok(name)
}

/// `post`, or `post · carousel` when the content type says more (a LinkedIn post's
/// content type is `post` too: "post", not "post · post").
fn kind(task_type: TaskType, content_type: Option<ContentType>) -> String {
    let task_type = task_type.key();
    match content_type.map(|c| c.key()) {
        Some(ct) if ct != task_type => {
            format!("{} · {}", task_type.replace('_', " "), ct.replace('_', " "))
        }
        _ => task_type.replace('_', " "),
    }
}

fn row(tx: &dyn ReadTx, brief: TaskBrief, tz: Tz, names: &mut Names) -> Result<TodayRow> {
    // The warning count needs the copy, which the index entry does not carry: only posts
    // and tasks on a platform have copy to check.
    let warnings = match brief.platform {
        Some(_) => match tx.task(brief.id)? {
            Some(task) => copy_and_issues(tx, &task)?.1.len(),
            None => 0,
        },
        None => 0,
    };
    let local = brief.due_at.with_timezone(&tz);
    Ok(TodayRow {
        id: brief.id.0,
        campaign_id: brief.campaign_id.0,
        campaign_name: name_of(tx, brief.campaign_id, names)?,
        platform: brief.platform.map(|p| p.label().to_owned()),
        platform_key: brief.platform.map(|p| p.key().to_owned()),
        kind: kind(brief.task_type, brief.content_type),
        title: brief.title,
        status: brief.status.key().to_owned(),
        due_at: rfc3339(brief.due_at),
        due_day: local.format("%a %-d %b").to_string(),
        due_time: local.format("%H:%M").to_string(),
        warnings: u16::try_from(warnings).unwrap_or(u16::MAX),
    })
}

fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The copy a task publishes and the rules it breaks: a POST publishes its calendar
/// item's copy as it is now (the content editor may have changed it since the task was
/// made), checked as the editor checks it; another task its own copy, if it has one.
fn copy_and_issues(
    tx: &dyn ReadTx,
    task: &OperatorTask,
) -> Result<(Option<String>, Vec<ContentIssue>)> {
    let item = match task.calendar_item_id {
        Some(id) if task.task_type == TaskType::Post => tx.calendar_item(id)?,
        _ => None,
    };
    let check = |platform: Platform, content_type, title: &str, copy: &str| {
        check_content(
            platform,
            content_type,
            &content_draft(platform, title, copy),
        )
    };
    Ok(match (item, &task.copy, task.platform, task.content_type) {
        (Some(item), _, _, _) => {
            let issues = check(item.platform, item.content_type, &item.title, &item.copy);
            (Some(item.copy), issues)
        }
        (None, Some(copy), Some(platform), Some(content_type)) => (
            Some(copy.clone()),
            check(platform, content_type, &task.title, copy),
        ),
        (None, copy, _, _) => (copy.clone(), Vec::new()),
    })
}

/// The moves offered for a task in `status` (the server checks them again).
fn actions(status: TaskStatus) -> Vec<String> {
    use TaskStatus::*;
    [
        ("start", InProgress),
        ("complete", Completed),
        ("fail", Failed),
        ("block", Blocked),
        ("skip", Skipped),
    ]
    .into_iter()
    .filter(|(_, to)| status.can_move_to(*to))
    .map(|(key, _)| key.to_owned())
    .collect()
}

fn card(
    tx: &dyn ReadTx,
    task: OperatorTask,
    campaign_name: String,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<TaskCard> {
    let (copy, issues) = copy_and_issues(tx, &task)?;
    let local = task.due_at.with_timezone(&tz);
    Ok(TaskCard {
        id: task.id.0,
        campaign_id: task.campaign_id.0,
        campaign_name,
        platform: task.platform.map(|p| p.label().to_owned()),
        platform_key: task.platform.map(|p| p.key().to_owned()),
        kind: kind(task.task_type, task.content_type),
        title: task.title,
        status: task.status.key().to_owned(),
        due_at: rfc3339(task.due_at),
        due_local: local.format("%a %-d %b, %H:%M").to_string(),
        overdue: task.due_at < now,
        copy,
        issues: issues
            .into_iter()
            .map(|i| CopyIssue {
                severity: match i.severity {
                    Severity::Error => "error",
                    _ => "warning",
                }
                .to_owned(),
                rule: i.rule.to_owned(),
                message: i.message,
            })
            .collect(),
        checklist: task.instructions,
        checked: task.checked,
        asset_ref: task.asset_ref,
        reason: task.reason,
        actions: actions(task.status),
    })
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone as _;

    use super::*;

    #[test]
    fn an_inbox_holds_until_the_minute_ends_a_task_falls_due_or_the_day_ends() {
        let t = |h, m, s| Utc.with_ymd_and_hms(2027, 1, 6, h, m, s).single().unwrap();
        let midnight = Utc.with_ymd_and_hms(2027, 1, 7, 0, 0, 0).single().unwrap();
        assert_eq!(valid_until(t(10, 0, 30), None, midnight), t(10, 1, 0));
        assert_eq!(valid_until(t(10, 0, 0), None, midnight), t(10, 1, 0));
        assert_eq!(
            valid_until(t(10, 0, 30), Some(t(10, 0, 45)), midnight),
            t(10, 0, 45)
        );
        assert_eq!(
            valid_until(t(10, 0, 30), Some(t(12, 0, 0)), midnight),
            t(10, 1, 0)
        );
        assert_eq!(valid_until(t(23, 59, 59), None, midnight), midnight);
        // A zone's day may end off the minute (e.g. a half-hour zone is still on it, but
        // the bound is taken as given).
        let odd_end = t(10, 0, 40);
        assert_eq!(valid_until(t(10, 0, 30), None, odd_end), odd_end);
    }
}
