//! The server functions the pages call, and what they return.
//!
//! A server function's body runs on the server only (feature `ssr`): it takes the service
//! from the Leptos context ([`crate::server::context`]) and calls it off the async threads.
//! In the browser the same function is a stub that POSTs its arguments (URL-encoded, so a
//! plain HTML `<form>` can call it too) to `/api/<name><hash>`.

pub mod campaign;
mod error;
pub mod users;

pub use error::AppError;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Most campaigns one page of the list shows.
pub const PAGE_SIZE: usize = 50;

/// One campaign as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignRow {
    /// The campaign's id.
    pub id: u64,
    /// Its unique name.
    pub name: String,
    /// The client.
    pub client_name: String,
    /// Status key (`draft`, `active`, ...).
    pub status: String,
    /// Objective key (`awareness`, `lead_generation`, ...).
    pub objective: String,
    /// Platform labels, e.g. `LinkedIn`.
    pub platforms: Vec<String>,
    /// First day, `YYYY-MM-DD`.
    pub start_date: String,
    /// Last day, `YYYY-MM-DD`, if any.
    pub end_date: Option<String>,
    /// IANA time zone.
    pub time_zone: String,
}

/// One page of campaigns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignList {
    /// The campaigns, ascending id.
    pub items: Vec<CampaignRow>,
    /// How many campaigns there are in all.
    pub total: u64,
    /// The cursor of the next page (`after`), `None` on the last page.
    pub next: Option<u64>,
}

#[cfg(feature = "ssr")]
impl From<&campaign_ops_core::Campaign> for CampaignRow {
    fn from(c: &campaign_ops_core::Campaign) -> Self {
        Self {
            id: c.id.0,
            name: c.name.clone(),
            client_name: c.client_name.clone(),
            status: c.status.key().to_owned(),
            objective: c.objective.key().to_owned(),
            platforms: c.platforms.iter().map(|p| p.label().to_owned()).collect(),
            start_date: c.start_date.to_string(),
            end_date: c.end_date.map(|d| d.to_string()),
            time_zone: c.time_zone.name().to_owned(),
        }
    }
}

/// One page of campaigns: at most `limit` (1 to 500) after the cursor `after` (the `next`
/// of the previous page), with the total ([`campaign_ops_core::CampaignOps::list_campaigns`]).
#[server]
pub async fn list_campaigns(
    /// Most campaigns returned, 1 to 500.
    limit: usize,
    /// The id after which the page starts (the previous page's `next`).
    after: Option<u64>,
) -> Result<CampaignList, AppError> {
    use campaign_ops_core::{CampaignId, Role, service::CampaignFilter};
    crate::server::context::call_as(Role::Viewer, move |ops, _| {
        let page = ops.list_campaigns(&CampaignFilter::default(), limit, after.map(CampaignId))?;
        Ok(CampaignList {
            items: page.items.iter().map(CampaignRow::from).collect(),
            total: page.total,
            next: page.next.map(|id| id.0),
        })
    })
    .await
}

/// Creates a campaign (status Draft) from the dashboard's form: the objective and platforms
/// as their keys (`lead_generation`; `linkedin`, `x`, ...), the start date as `YYYY-MM-DD`.
/// Bad input is an [`AppError::Validation`] naming the form field.
#[server]
pub async fn create_campaign(
    /// The campaign's unique name.
    name: String,
    /// The client.
    client_name: String,
    /// The objective's key, e.g. `lead_generation`.
    objective: String,
    /// The platforms' keys (`linkedin`, `instagram`, `x`, `email`); none when no box is
    /// checked.
    platforms: Option<Vec<String>>,
    /// The first day, `YYYY-MM-DD`.
    start_date: String,
    /// The IANA time zone, e.g. `Europe/Berlin`.
    time_zone: String,
) -> Result<CampaignRow, AppError> {
    use campaign_ops_core::service::NewCampaign;
    use campaign_ops_core::{Error, Objective, Platform, Role};
    crate::server::context::call_as(Role::Operator, move |ops, caller| {
        let objective: Objective = objective.parse()?;
        let platforms = platforms
            .unwrap_or_default()
            .iter()
            .map(|p| p.parse::<Platform>())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| Error::validation("platforms", "lists an unknown platform"))?;
        let start_date = chrono::NaiveDate::parse_from_str(start_date.trim(), "%Y-%m-%d")
            .map_err(|_| Error::validation("start_date", "must be a date (YYYY-MM-DD)"))?;
        let new = NewCampaign::new(
            name,
            client_name,
            objective,
            platforms,
            start_date,
            time_zone.trim(),
        );
        let created = ops.create_campaign(&caller.actor, new)?;
        Ok(CampaignRow::from(&created))
    })
    .await
}
