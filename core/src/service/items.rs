//! Editing one calendar item by hand: its title, copy, CTA and asset, checked against the
//! platform's SOP with [`check_content`] (the same check the dashboard's editor runs as
//! one types), and its time. The open POST task of the item follows each change, so the
//! operator posts what was edited, when it was scheduled.

use chrono::{DateTime, Utc};

use super::CampaignOps;
use super::audit::{self, Change};
use super::campaigns::load_campaign;
use super::plans::ensure_plannable;
use crate::model::*;
use crate::planning::content_draft;
use crate::platform::{ContentIssue, check_content};
use crate::{Clock, Error, ReadTx, Result, Store, WriteTx, validate};

/// Longest item title (an email's subject is its title), in characters.
pub const MAX_ITEM_TITLE_LEN: usize = 200;
/// Longest item copy, in characters.
pub const MAX_ITEM_COPY_LEN: usize = 20_000;
/// Longest call to action of an item, in characters.
pub const MAX_ITEM_CTA_LEN: usize = 200;
/// Longest asset reference (a URL or a file name), in characters.
pub const MAX_ASSET_REF_LEN: usize = 500;

/// What [`CampaignOps::update_calendar_item`] sets: the whole editable content of an item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ItemEdit {
    /// The title (for email: the subject line).
    pub title: String,
    /// The copy (for email: an optional leading `Preheader:` line, then the body).
    pub copy: String,
    /// The call to action; blank for none.
    pub cta: Option<String>,
    /// The asset reference; blank for none.
    pub asset_ref: Option<String>,
}

impl ItemEdit {
    /// An edit setting `title` and `copy`, no CTA, no asset.
    pub fn new(title: impl Into<String>, copy: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            copy: copy.into(),
            ..Self::default()
        }
    }
}

/// The form field a [`ContentIssue`] belongs to in the item editor: an email's subject is
/// the item's title; its preheader and body live in the copy.
pub fn issue_field(issue: &ContentIssue) -> &'static str {
    match issue.field {
        "subject" => "title",
        "content_type" => "content_type",
        _ => "copy",
    }
}

/// The content check of an item's title and copy, exactly as saving runs it.
pub fn item_issues(
    platform: Platform,
    content_type: ContentType,
    title: &str,
    copy: &str,
) -> Vec<ContentIssue> {
    check_content(
        platform,
        content_type,
        &content_draft(platform, title, copy),
    )
}

/// Refuses a draft with errors: one [`Error::Validation`] on the field of the first error,
/// naming every broken rule (warnings do not stop a save).
fn refuse_errors(issues: &[ContentIssue]) -> Result<()> {
    let errors: Vec<&ContentIssue> = issues.iter().filter(|i| i.is_error()).collect();
    let Some(first) = errors.first() else {
        return Ok(());
    };
    let rules: Vec<String> = errors
        .iter()
        .map(|i| format!("{} ({})", i.message, i.rule))
        .collect();
    Err(Error::validation(issue_field(first), rules.join("; ")))
}

fn load_item(tx: &dyn ReadTx, id: CalendarItemId) -> Result<CalendarItem> {
    tx.calendar_item(id)?
        .ok_or_else(|| Error::not_found(EntityKind::CalendarItem, id))
}

/// The item `id` if its campaign still plans and the item is not final (published or
/// cancelled): [`Error::ReadOnly`] otherwise.
fn editable_item(tx: &dyn ReadTx, id: CalendarItemId) -> Result<CalendarItem> {
    let item = load_item(tx, id)?;
    ensure_plannable(&load_campaign(tx, item.campaign_id)?)?;
    match item.status {
        CalendarItemStatus::Published | CalendarItemStatus::Cancelled => {
            Err(Error::read_only(EntityKind::CalendarItem, id, item.status))
        }
        _ => Ok(item),
    }
}

/// Brings the item's open POST task in line with it (copy, asset, title, due time); the
/// note for the audit entry when one changed.
fn follow_with_post_task(
    tx: &mut dyn WriteTx,
    item: &CalendarItem,
    now: DateTime<Utc>,
) -> Result<Option<String>> {
    let mut changed = vec![];
    for mut task in tx.tasks_for_calendar_item(item.id)? {
        if task.task_type != TaskType::Post || !task.status.is_open() {
            continue;
        }
        let title = format!("Post on {}: {}", item.platform.label(), item.title);
        let before = task.clone();
        task.title = title;
        task.copy = Some(item.copy.clone());
        task.asset_ref = item.asset_ref.clone();
        task.due_at = item.scheduled_at;
        if task != before {
            task.updated_at = now;
            tx.put_task(&task)?;
            changed.push(task.id.to_string());
        }
    }
    Ok((!changed.is_empty()).then(|| format!("POST task {} follows", changed.join(", "))))
}

fn item_change<'a>(
    actor: &'a Actor,
    action: AuditAction,
    before: &'a CalendarItem,
    after: &'a CalendarItem,
    details: Option<String>,
) -> Change<'a, CalendarItem> {
    Change {
        actor,
        action,
        entity: EntityKind::CalendarItem,
        entity_id: after.id.0,
        campaign_id: Some(after.campaign_id),
        before: Some(before),
        after: Some(after),
        details,
    }
}

impl<S: Store, C: Clock> CampaignOps<S, C> {
    /// Sets an item's title, copy, CTA and asset. The draft must pass its platform's
    /// [`check_content`] without errors (warnings are allowed): otherwise an
    /// [`Error::Validation`] on `copy` or `title` (see [`issue_field`]) lists every broken
    /// rule and nothing changes. A published or cancelled item, or one of a completed or
    /// archived campaign, is [`Error::ReadOnly`]. The open POST task takes the new copy,
    /// asset and title in the same transaction; one audit entry.
    pub fn update_calendar_item(
        &self,
        actor: &Actor,
        id: CalendarItemId,
        edit: &ItemEdit,
    ) -> Result<CalendarItem> {
        let title = validate::required_line("title", &edit.title, MAX_ITEM_TITLE_LEN)?;
        let copy = validate::text("copy", &edit.copy, MAX_ITEM_COPY_LEN)?;
        let cta = validate::optional_line("cta", edit.cta.as_deref(), MAX_ITEM_CTA_LEN)?;
        let asset_ref =
            validate::optional_line("asset_ref", edit.asset_ref.as_deref(), MAX_ASSET_REF_LEN)?;
        let now = self.clock().now();
        self.store().write(|tx| {
            let before = editable_item(tx, id)?;
            refuse_errors(&item_issues(
                before.platform,
                before.content_type,
                &title,
                &copy,
            ))?;
            let mut after = before.clone();
            after.title = title.clone();
            after.copy = copy.clone();
            after.cta = cta.clone();
            after.asset_ref = asset_ref.clone();
            if after == before {
                return Ok(before);
            }
            after.updated_at = now;
            tx.put_calendar_item(&after)?;
            let note = follow_with_post_task(tx, &after, now)?;
            audit::append(
                tx,
                now,
                item_change(
                    actor,
                    AuditAction::CalendarItemUpdate,
                    &before,
                    &after,
                    note,
                ),
            )?;
            Ok(after)
        })
    }

    /// Moves a planned item to `at` (not in the past), its open POST task due then too.
    /// Only a [`CalendarItemStatus::Planned`] item moves ([`Error::ReadOnly`] otherwise).
    /// The new time need not be a posting slot: a person may know better, and
    /// [`crate::planning::schedule_issues`] shows what breaks the SOP.
    pub fn reschedule_calendar_item(
        &self,
        actor: &Actor,
        id: CalendarItemId,
        at: DateTime<Utc>,
    ) -> Result<CalendarItem> {
        let at = validate::instant("scheduled_at", at)?;
        let now = self.clock().now();
        if at < now {
            return Err(Error::validation(
                "scheduled_at",
                format!(
                    "must not be in the past (now is {})",
                    now.format("%Y-%m-%d %H:%M UTC")
                ),
            ));
        }
        self.store().write(|tx| {
            let before = editable_item(tx, id)?;
            if before.status != CalendarItemStatus::Planned {
                return Err(Error::read_only(
                    EntityKind::CalendarItem,
                    id,
                    before.status,
                ));
            }
            if before.scheduled_at == at {
                return Ok(before);
            }
            let mut after = before.clone();
            after.scheduled_at = at;
            after.updated_at = now;
            tx.put_calendar_item(&after)?;
            let mut notes = vec![format!(
                "{} -> {}",
                before.scheduled_at.format("%Y-%m-%d %H:%M UTC"),
                at.format("%Y-%m-%d %H:%M UTC")
            )];
            notes.extend(follow_with_post_task(tx, &after, now)?);
            audit::append(
                tx,
                now,
                item_change(
                    actor,
                    AuditAction::CalendarItemReschedule,
                    &before,
                    &after,
                    Some(notes.join("; ")),
                ),
            )?;
            Ok(after)
        })
    }
}

#[cfg(test)]
#[path = "items_tests.rs"]
mod tests;
