//! The demo workspace `campaign-ops serve` seeds into an empty database: two active
//! campaigns in two time zones (Europe/Berlin and America/New_York) with their plans,
//! calendars and POST tasks, tasks due today and overdue (relative to the service's clock),
//! some completed with metrics, and three users (admin, operator, viewer) with random
//! passwords, returned once so that the binary prints them: the store keeps only their
//! hashes, so that is the only time anyone sees them.

use campaign_ops_core::service::accounts::{NewUser, random_password};
use campaign_ops_core::service::{
    CampaignPlanning, Completion, NewCampaign, NewTask, local_day_bounds,
};
use campaign_ops_core::{
    Actor, CampaignId, CampaignQuery, Clock, CompletionProof, MetricKind, Objective, Platform,
    ProofKind, Result, Role, Store, TaskType,
};
use chrono::{Days, Duration};

use super::Service;

/// A demo user's sign-in, shown once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSignIn {
    /// Login name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// The random password.
    pub password: String,
}

/// What [`seed_if_empty`] made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Demo {
    /// The campaigns.
    pub campaigns: Vec<CampaignId>,
    /// The users' sign-ins.
    pub sign_ins: Vec<DemoSignIn>,
}

/// The login name the demo's tasks are assigned to.
pub const DEMO_OPERATOR: &str = "operator";

/// Seeds the demo workspace (see the module docs) when the database has no campaign and no
/// user; `None` (and nothing changed) otherwise.
pub fn seed_if_empty(ops: &Service) -> Result<Option<Demo>> {
    let empty = ops.store().read(|tx| {
        Ok(tx.campaign_page(&CampaignQuery::first(1))?.total == 0
            && tx.users_page(None, 1)?.is_empty())
    })?;
    if !empty {
        return Ok(None);
    }
    let actor = Actor::new("demo-seed")?;
    let mut sign_ins = Vec::new();
    for (name, display, role, zone) in [
        ("admin", "Ada Admin", Role::Admin, "Europe/Berlin"),
        (
            DEMO_OPERATOR,
            "Otto Operator",
            Role::Operator,
            "Europe/Berlin",
        ),
        ("viewer", "Vera Viewer", Role::Viewer, "America/New_York"),
    ] {
        let password = random_password()?;
        let new = NewUser::new(name, role, password.clone())
            .display_name(display)
            .time_zone(zone);
        ops.add_user(&actor, new)?;
        sign_ins.push(DemoSignIn {
            name: name.to_owned(),
            role,
            password,
        });
    }
    let mut campaigns = Vec::new();
    for (name, client, zone, platforms) in [
        (
            "Spring launch",
            "Acme GmbH",
            "Europe/Berlin",
            vec![Platform::LinkedIn, Platform::X, Platform::Email],
        ),
        (
            "Summer open house",
            "Hudson Realty",
            "America/New_York",
            vec![Platform::Instagram, Platform::X],
        ),
    ] {
        campaigns.push(seed_campaign(ops, &actor, name, client, zone, platforms)?);
    }
    Ok(Some(Demo {
        campaigns,
        sign_ins,
    }))
}

/// One active campaign that started a week ago in `zone`: planned (calendar and POST
/// tasks for the operator), with a task due later today, two overdue and two completed
/// with metrics.
fn seed_campaign(
    ops: &Service,
    actor: &Actor,
    name: &str,
    client: &str,
    zone: &str,
    platforms: Vec<Platform>,
) -> Result<CampaignId> {
    let now = ops.clock().now();
    let tz: chrono_tz::Tz = campaign_ops_core::validate::time_zone("time_zone", zone)?;
    let today = now.with_timezone(&tz).date_naive();
    let start = today - Days::new(7);
    let platform = platforms[0];
    let new = NewCampaign::new(
        name,
        client,
        Objective::LeadGeneration,
        platforms,
        start,
        zone,
    );
    let campaign = ops.create_campaign(actor, new)?;
    let id = campaign.id;
    let mut planning = CampaignPlanning::new("Launch and first leads", 56);
    planning.assignee = Some(DEMO_OPERATOR.to_owned());
    ops.plan_campaign(actor, id, &planning)?;
    ops.activate_campaign(actor, id)?;

    let task = |title: &str, task_type, due| {
        let mut new = NewTask::new(id, task_type, title, due);
        new.assignee = Some(DEMO_OPERATOR.to_owned());
        new.platform = Some(platform);
        new.instructions = vec![
            "Follow the checklist".to_owned(),
            "Log the result".to_owned(),
        ];
        ops.create_task(actor, new)
    };
    // Halfway between now and the end of the local day: due today, still ahead.
    let (_, end_of_today) = local_day_bounds(tz, now);
    let later_today = now + (end_of_today - now) / 2;
    task(
        "Reply to this morning's comments",
        TaskType::Engage,
        later_today,
    )?;
    task(
        "Review last week's report",
        TaskType::Review,
        now - Duration::hours(26),
    )?;
    task(
        "Fix the broken landing page link",
        TaskType::Manual,
        now - Duration::hours(3),
    )?;
    for (days, impressions, engagements, clicks) in
        [(5, 4200.0, 310.0, 48.0), (3, 5100.0, 402.0, 61.0)]
    {
        let done = task(
            &format!("Answer the comments on the post of {days} days ago"),
            TaskType::Engage,
            now - Duration::days(days),
        )?;
        let mut completion = Completion::default();
        completion.outcome = Some("Posted on time".to_owned());
        completion.proof = Some(CompletionProof {
            kind: ProofKind::Url,
            value: format!("https://example.com/posts/{}", done.id),
        });
        completion.metrics = vec![
            (MetricKind::Impressions, impressions),
            (MetricKind::Engagements, engagements),
            (MetricKind::Clicks, clicks),
        ];
        ops.mark_task_complete(actor, done.id, completion)?;
    }
    Ok(id)
}
