//! Editing and moving calendar items by hand.

use super::*;
use crate::service::{CampaignPlanning, NewCampaign};
use crate::testing::MemoryStore;
use crate::{FixedClock, Objective};
use chrono::TimeZone;

fn actor() -> Actor {
    Actor::new("editor").unwrap()
}

/// A service at 2027-01-01 with an X + Email campaign from 2027-01-04, planned for two
/// weeks (calendar and POST tasks built).
fn planned() -> (CampaignOps<MemoryStore, FixedClock>, Vec<CalendarItem>) {
    let clock = FixedClock::new(Utc.with_ymd_and_hms(2027, 1, 1, 8, 0, 0).unwrap());
    let ops = CampaignOps::new(MemoryStore::new(), clock);
    let start = chrono::NaiveDate::from_ymd_opt(2027, 1, 4).unwrap();
    let campaign = ops
        .create_campaign(
            &actor(),
            NewCampaign::new(
                "Winter",
                "Acme",
                Objective::Awareness,
                vec![Platform::X, Platform::Email],
                start,
                "Europe/Berlin",
            ),
        )
        .unwrap();
    ops.plan_campaign(
        &actor(),
        campaign.id,
        &CampaignPlanning::new("product launch", 14),
    )
    .unwrap();
    let items = ops.campaign_calendar(campaign.id).unwrap();
    (ops, items)
}

fn of(items: &[CalendarItem], platform: Platform) -> CalendarItem {
    items
        .iter()
        .find(|i| i.platform == platform)
        .cloned()
        .expect("an item of the platform")
}

#[test]
fn an_edit_is_saved_audited_and_followed_by_the_post_task() {
    let (ops, items) = planned();
    let item = of(&items, Platform::X);
    let edit = ItemEdit {
        cta: Some("Join the beta".into()),
        asset_ref: Some("https://cdn.example.com/a.png".into()),
        ..ItemEdit::new("New title", "Short and sweet #launch")
    };
    let saved = ops.update_calendar_item(&actor(), item.id, &edit).unwrap();
    assert_eq!(saved.copy, "Short and sweet #launch");
    assert_eq!(saved.cta.as_deref(), Some("Join the beta"));
    assert_eq!(ops.get_calendar_item(item.id).unwrap(), saved);
    let tasks = ops
        .store()
        .read(|tx| tx.tasks_for_calendar_item(item.id))
        .unwrap();
    let post = tasks
        .iter()
        .find(|t| t.task_type == TaskType::Post)
        .unwrap();
    assert_eq!(post.copy.as_deref(), Some("Short and sweet #launch"));
    assert_eq!(
        post.asset_ref.as_deref(),
        Some("https://cdn.example.com/a.png")
    );
    assert_eq!(post.title, "Post on X (Twitter): New title");
    let trail = ops.campaign_audit(item.campaign_id, None, 100).unwrap();
    let last = trail.last().unwrap();
    assert_eq!(last.action, AuditAction::CalendarItemUpdate);
    assert_eq!(last.entity_id, item.id.0);
    assert!(ops.verify_audit_chain().unwrap().is_intact());
}

#[test]
fn a_draft_that_breaks_a_rule_is_refused_on_its_field_and_changes_nothing() {
    let (ops, items) = planned();
    let item = of(&items, Platform::X);
    let audit_before = ops
        .campaign_audit(item.campaign_id, None, 100)
        .unwrap()
        .len();
    let long = "word ".repeat(80);
    let err = ops
        .update_calendar_item(&actor(), item.id, &ItemEdit::new("Title", long))
        .unwrap_err();
    match &err {
        Error::Validation { field, rule } => {
            assert_eq!(field, "copy");
            assert!(rule.contains("x.length"), "{rule}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(ops.get_calendar_item(item.id).unwrap(), item);
    assert_eq!(
        ops.campaign_audit(item.campaign_id, None, 100)
            .unwrap()
            .len(),
        audit_before
    );
    // An email's subject is its title: a missing subject is the title field's error.
    let email = of(&items, Platform::Email);
    let err = ops
        .update_calendar_item(&actor(), email.id, &ItemEdit::new(" ", "body"))
        .unwrap_err();
    assert!(
        matches!(err, Error::Validation { ref field, .. } if field == "title"),
        "{err}"
    );
    let err = ops
        .update_calendar_item(
            &actor(),
            email.id,
            &ItemEdit::new(
                "x".repeat(70),
                "Hi {{first_name}}, news. {{unsubscribe_url}}",
            ),
        )
        .unwrap_err();
    assert!(
        matches!(err, Error::Validation { ref field, ref rule } if field == "title" && rule.contains("email.subject.length")),
        "{err}"
    );
}

#[test]
fn rescheduling_moves_the_item_and_its_post_task_but_never_into_the_past() {
    let (ops, items) = planned();
    let item = of(&items, Platform::X);
    let to = item.scheduled_at + chrono::Duration::days(1);
    let moved = ops.reschedule_calendar_item(&actor(), item.id, to).unwrap();
    assert_eq!(moved.scheduled_at, to);
    let tasks = ops
        .store()
        .read(|tx| tx.tasks_for_calendar_item(item.id))
        .unwrap();
    assert_eq!(tasks[0].due_at, to);
    let last = ops.campaign_audit(item.campaign_id, None, 100).unwrap();
    assert_eq!(
        last.last().unwrap().action,
        AuditAction::CalendarItemReschedule
    );

    let past = Utc.with_ymd_and_hms(2026, 12, 31, 9, 0, 0).unwrap();
    let err = ops
        .reschedule_calendar_item(&actor(), item.id, past)
        .unwrap_err();
    assert!(
        matches!(err, Error::Validation { ref field, .. } if field == "scheduled_at"),
        "{err}"
    );
    assert_eq!(ops.get_calendar_item(item.id).unwrap().scheduled_at, to);

    let err = ops
        .reschedule_calendar_item(&actor(), CalendarItemId(9999), to)
        .unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err}");
}

#[test]
fn a_started_item_keeps_its_time_and_a_published_one_its_copy() {
    let (ops, items) = planned();
    let item = of(&items, Platform::X);
    let post = ops
        .store()
        .read(|tx| tx.tasks_for_calendar_item(item.id))
        .unwrap()[0]
        .clone();
    ops.start_task(&actor(), post.id).unwrap();
    let later = item.scheduled_at + chrono::Duration::hours(1);
    let err = ops
        .reschedule_calendar_item(&actor(), item.id, later)
        .unwrap_err();
    assert!(matches!(err, Error::ReadOnly { .. }), "{err}");
    // Copy can still be fixed while the post is being prepared.
    ops.update_calendar_item(&actor(), item.id, &ItemEdit::new("Fixed", "Fixed copy"))
        .unwrap();
    ops.mark_task_complete(&actor(), post.id, crate::service::Completion::default())
        .unwrap();
    let err = ops
        .update_calendar_item(&actor(), item.id, &ItemEdit::new("Again", "Again"))
        .unwrap_err();
    assert!(matches!(err, Error::ReadOnly { .. }), "{err}");
}
