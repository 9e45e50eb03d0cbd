//! The dashboard flow in the browser, one test from sign-in to sign-out on one store and
//! one fixed clock (Monday 4 January 2027, 08:00 in Berlin), each step with its screenshot
//! and, on each new page state, an axe-core check. The steps are in sibling modules:
//! [`create`](super::create) (sign in, Today, the campaigns, a field error, create, edit),
//! [`calendar`](super::calendar) (plan, build, drag, the live X counter),
//! [`work`](super::work) (the task on Today, completed with metrics, in the report and the
//! chart) and [`access`](super::access) (phone width, sign-out, the viewer).

use campaign_ops_core::{FixedClock, Role};
use campaign_ops_web::server::Service;
use chrono::{TimeZone, Utc};

use super::browser::Browser;
use super::{Served, access, calendar, create, work};
use crate::{add_user, seed, service_on};

/// The operator who signs in and works through the flow.
pub const OPERATOR: &str = "olivia";
/// The viewer who checks what a read-only role sees.
pub const VIEWER: &str = "vera";
/// The campaign the flow creates (the seeded one is 1).
pub const CAMPAIGN: u64 = 2;
/// The session cookie's name.
pub use campaign_ops_web::server::auth::cookie::COOKIE;
/// The flow's "today" in the campaign's zone (Europe/Berlin) and the operator's (UTC).
pub const TODAY: &str = "2027-01-04";

/// What every step works with.
pub struct Flow {
    /// The browser.
    pub browser: Browser,
    /// The dashboard it talks to.
    pub served: Served,
    /// The same service, to check what is stored.
    pub ops: Service,
    /// Its clock (moved on to the day of the first task before Today is opened).
    pub clock: FixedClock,
}

impl Flow {
    /// `served`'s URL of `path`.
    pub fn url(&self, path: &str) -> String {
        self.served.url(path)
    }
}

/// The campaign page's path with `query` (without `?`; may be empty).
pub fn campaign_path(query: &str) -> String {
    if query.is_empty() {
        format!("/campaigns/{CAMPAIGN}")
    } else {
        format!("/campaigns/{CAMPAIGN}?{query}")
    }
}

/// Signs in and sets up the flow's store, clock, server and browser (`None`: skipped).
pub(super) async fn start(name: &str) -> Option<Flow> {
    let browser = Browser::start(name).await?;
    let clock = FixedClock::new(Utc.with_ymd_and_hms(2027, 1, 4, 7, 0, 0).unwrap());
    let ops = service_on(clock.clone());
    seed(&ops, "Winter launch");
    add_user(&ops, OPERATOR, Role::Operator);
    add_user(&ops, VIEWER, Role::Viewer);
    let served = Served::start(ops.clone()).await;
    Some(Flow {
        browser,
        served,
        ops,
        clock,
    })
}

/// Ends the browser session and stops the server.
pub(super) async fn finish(flow: Flow) {
    let Flow {
        browser, served, ..
    } = flow;
    browser.close().await;
    served.stop().await;
}

/// The whole flow: sign-in, create, plan, calendar, drag, the live X counter, Today, the
/// completion with metrics, the report and its charts, phone width, sign-out and the viewer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_flow_runs_in_headless_chromium() {
    let Some(mut flow) = start("flow").await else {
        return;
    };
    create::sign_in_and_create_a_campaign(&mut flow).await;
    calendar::plan_the_campaign(&mut flow).await;
    calendar::build_the_calendar_and_tasks(&mut flow).await;
    calendar::drag_an_item_to_another_day(&mut flow).await;
    calendar::edit_copy_with_the_live_x_counter(&mut flow).await;
    let task = work::find_the_task_on_today(&mut flow).await;
    work::complete_it_with_metrics(&mut flow, task).await;
    work::see_it_in_the_weekly_report_and_the_chart(&mut flow).await;
    access::fit_a_phone_screen(&mut flow).await;
    access::sign_out_ends_the_session(&mut flow).await;
    access::a_viewer_sees_and_changes_nothing(&mut flow).await;
    finish(flow).await;
}
