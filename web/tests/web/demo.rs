//! The demo workspace seeded into an empty database.

use campaign_ops_core::service::CampaignFilter;
use campaign_ops_core::{FixedClock, Role, TaskStatus};
use campaign_ops_web::server::demo::{DEMO_OPERATOR, seed_if_empty};
use chrono::{TimeZone, Utc};

use super::{seed, service_on};

#[test]
fn an_empty_database_gets_the_demo_once_with_users_who_can_sign_in() {
    let clock = FixedClock::new(Utc.with_ymd_and_hms(2027, 5, 12, 9, 30, 0).unwrap());
    let ops = service_on(clock);
    let demo = seed_if_empty(&ops)
        .expect("seeded")
        .expect("the database was empty");

    let roles: Vec<Role> = demo.sign_ins.iter().map(|s| s.role).collect();
    assert_eq!(roles, [Role::Admin, Role::Operator, Role::Viewer]);
    for s in &demo.sign_ins {
        let signed = ops
            .sign_in(&s.name, &s.password)
            .expect("the printed password works");
        assert_eq!(signed.user.role, s.role);
        assert!(!signed.user.password_hash.contains(&s.password));
    }
    let a = &demo.sign_ins[0].password;
    assert_ne!(a, &demo.sign_ins[1].password, "random passwords");

    let page = ops
        .list_campaigns(&CampaignFilter::default(), 10, None)
        .expect("campaigns");
    let zones: Vec<&str> = page.items.iter().map(|c| c.time_zone.name()).collect();
    assert_eq!(zones, ["Europe/Berlin", "America/New_York"]);
    for c in &page.items {
        assert_eq!(c.status.key(), "active");
        assert!(
            !ops.get_overdue_tasks(c.id).expect("overdue").is_empty(),
            "{}",
            c.name
        );
        let today = ops.get_today_tasks(c.id).expect("today");
        assert!(
            today.iter().any(|t| t.due_at > ops_now()),
            "{}: a task still due today",
            c.name
        );
        let tasks = ops.campaign_tasks(c.id).expect("tasks");
        assert!(
            tasks.len() > 5,
            "the calendar's POST tasks too: {}",
            tasks.len()
        );
        assert!(
            tasks
                .iter()
                .all(|t| t.assignee.as_deref() == Some(DEMO_OPERATOR))
        );
        let done = tasks
            .iter()
            .filter(|t| t.status == TaskStatus::Completed)
            .count();
        assert_eq!(done, 2, "{}", c.name);
        let metrics = ops.get_campaign_metrics(c.id).expect("metrics");
        assert!(
            !metrics.weeks.is_empty(),
            "{}: completed tasks brought metrics",
            c.name
        );
    }

    assert!(seed_if_empty(&ops).expect("checked").is_none(), "only once");
}

fn ops_now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 5, 12, 9, 30, 0).unwrap()
}

#[test]
fn a_database_with_data_is_left_alone() {
    let ops = service_on(FixedClock::new(Utc::now()));
    seed(&ops, "Existing");
    assert!(seed_if_empty(&ops).expect("checked").is_none());
    assert!(ops.list_users(None, 10).expect("users").is_empty());
}
