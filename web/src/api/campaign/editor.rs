//! One calendar item for the content editor: [`load_item`] and [`save_item`]. Saving runs
//! core's `check_content` again on the server (the editor runs it in the browser as one
//! types): a draft with errors is refused on its field with every broken rule named.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::AppError;

/// An item as the editor shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemView {
    /// Item id.
    pub id: u64,
    /// Campaign id.
    pub campaign_id: u64,
    /// Platform key (`x`, `linkedin`, ...).
    pub platform: String,
    /// Platform label.
    pub platform_label: String,
    /// Content type key (`post`, `thread`, ...).
    pub content_type: String,
    /// Title (an email's subject).
    pub title: String,
    /// Copy.
    pub copy: String,
    /// Call to action, empty for none.
    pub cta: String,
    /// Asset reference, empty for none.
    pub asset_ref: String,
    /// Status key.
    pub status: String,
    /// Local date and time, `YYYY-MM-DDTHH:MM`, in `time_zone`.
    pub scheduled_local: String,
    /// The campaign's zone.
    pub time_zone: String,
    /// Whether its content may still change (not published or cancelled).
    pub editable: bool,
    /// Whether it may still move (planned).
    pub movable: bool,
}

#[cfg(feature = "ssr")]
impl ItemView {
    pub(crate) fn of(item: &campaign_ops_core::CalendarItem, tz: chrono_tz::Tz) -> Self {
        use campaign_ops_core::CalendarItemStatus as S;
        Self {
            id: item.id.0,
            campaign_id: item.campaign_id.0,
            platform: item.platform.key().to_owned(),
            platform_label: item.platform.label().to_owned(),
            content_type: item.content_type.key().to_owned(),
            title: item.title.clone(),
            copy: item.copy.clone(),
            cta: item.cta.clone().unwrap_or_default(),
            asset_ref: item.asset_ref.clone().unwrap_or_default(),
            status: item.status.key().to_owned(),
            scheduled_local: item
                .scheduled_at
                .with_timezone(&tz)
                .format("%Y-%m-%dT%H:%M")
                .to_string(),
            time_zone: tz.name().to_owned(),
            editable: !matches!(item.status, S::Published | S::Cancelled),
            movable: item.status == S::Planned,
        }
    }
}

/// The calendar item `item_id` (Viewer).
#[server]
pub async fn load_item(
    /// The item.
    item_id: u64,
) -> Result<ItemView, AppError> {
    use campaign_ops_core::{CalendarItemId, Role};
    crate::server::context::call_as(Role::Viewer, move |ops, _| {
        let item = ops.get_calendar_item(CalendarItemId(item_id))?;
        let campaign = ops.get_campaign(item.campaign_id)?;
        Ok(ItemView::of(&item, campaign.time_zone))
    })
    .await
}

/// Saves the title, copy, CTA and asset of item `item_id` (Operator); blank `cta` /
/// `asset_ref` clear them. The server checks the draft as the editor does: errors (not
/// warnings) refuse it, on `copy` or `title` (an email's subject).
#[server]
pub async fn save_item(
    /// The item.
    item_id: u64,
    /// The title (an email's subject).
    title: String,
    /// The copy.
    copy: String,
    /// The call to action; blank for none.
    cta: Option<String>,
    /// The asset reference; blank for none.
    asset_ref: Option<String>,
) -> Result<ItemView, AppError> {
    use campaign_ops_core::service::ItemEdit;
    use campaign_ops_core::{CalendarItemId, Role};
    crate::server::context::call_as(Role::Operator, move |ops, caller| {
        let mut edit = ItemEdit::new(title, copy.replace("\r\n", "\n"));
        edit.cta = cta;
        edit.asset_ref = asset_ref;
        let item = ops.update_calendar_item(&caller.actor, CalendarItemId(item_id), &edit)?;
        let campaign = ops.get_campaign(item.campaign_id)?;
        Ok(ItemView::of(&item, campaign.time_zone))
    })
    .await
}
