//! The stored calendar item.

use campaign_ops_core::model::{CalendarItem, CalendarItemId, CampaignId, PlanId};
use serde::{Deserialize, Serialize};

use super::codes::{content_type, item_status, platform};
use super::{Stored, Time};

/// A [`CalendarItem`] as stored (key: its id).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct CalendarItemRecord {
    /// Public to the crate (as are the next fields): the item indexes follow them.
    pub(crate) campaign_id: u64,
    plan_id: u64,
    platform: u8,
    content_type: u8,
    pub(crate) scheduled_at: Time,
    title: String,
    copy: String,
    asset_ref: Option<String>,
    cta: Option<String>,
    theme: String,
    pub(crate) status: u8,
    notes: Option<String>,
    created_at: Time,
    updated_at: Time,
}

impl Stored for CalendarItemRecord {
    const KIND: &'static str = "calendar item";
    const FORMAT: u8 = 1;
}

impl CalendarItemRecord {
    /// The stored form of `i`.
    pub(crate) fn of(i: &CalendarItem) -> Self {
        Self {
            campaign_id: i.campaign_id.0,
            plan_id: i.plan_id.0,
            platform: platform::code(i.platform),
            content_type: content_type::code(i.content_type),
            scheduled_at: Time::of(i.scheduled_at),
            title: i.title.clone(),
            copy: i.copy.clone(),
            asset_ref: i.asset_ref.clone(),
            cta: i.cta.clone(),
            theme: i.theme.clone(),
            status: item_status::code(i.status),
            notes: i.notes.clone(),
            created_at: Time::of(i.created_at),
            updated_at: Time::of(i.updated_at),
        }
    }

    /// The item `id` this record stores.
    pub(crate) fn into_domain(self, id: u64) -> Result<CalendarItem, String> {
        Ok(CalendarItem {
            id: CalendarItemId(id),
            campaign_id: CampaignId(self.campaign_id),
            plan_id: PlanId(self.plan_id),
            platform: platform::from_code(self.platform)?,
            content_type: content_type::from_code(self.content_type)?,
            scheduled_at: self.scheduled_at.to_utc()?,
            title: self.title,
            copy: self.copy,
            asset_ref: self.asset_ref,
            cta: self.cta,
            theme: self.theme,
            status: item_status::from_code(self.status)?,
            notes: self.notes,
            created_at: self.created_at.to_utc()?,
            updated_at: self.updated_at.to_utc()?,
        })
    }
}
