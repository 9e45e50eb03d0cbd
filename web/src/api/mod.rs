//! The server functions the pages call, and what they return.
//!
//! A server function's body runs on the server only (feature `ssr`): it takes the service
//! from the Leptos context ([`crate::server::context`]) and calls it off the async threads.
//! In the browser the same function is a stub that POSTs its arguments (URL-encoded, so a
//! plain HTML `<form>` can call it too) to `/api/<name><hash>`.
//!
//! Campaigns: [`list_campaigns`] (filtered, paged), [`create_campaign`], [`get_campaign_form`],
//! [`update_campaign`], [`change_campaign_status`]. Today: [`today_tasks`] and the task
//! moves [`start_task`], [`complete_task`], [`fail_task`], [`block_task`], [`skip_task`],
//! and the checklist's [`tick_step`]. Admin: [`actions`] (the Actions page) and [`audit`]
//! (the Audit page), beside [`users`].

pub mod actions;
pub mod audit;
pub mod campaign;
mod campaigns;
mod checklist;
mod error;
mod scoped;
mod today;
pub mod users;

pub use campaigns::*;
pub use checklist::*;
pub use error::AppError;
pub use scoped::ScopedError;
pub use today::*;
