//! The campaign's audit trail, a page at a time (oldest first, keyset cursor on the
//! entry's sequence number): [`campaign_audit`].

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::AppError;

/// Most entries one page shows.
pub const AUDIT_PAGE: usize = 50;

/// One audit entry as the trail lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    /// Position in the log.
    pub seq: u64,
    /// When, in the campaign's zone, `YYYY-MM-DD HH:MM`.
    pub at: String,
    /// Who.
    pub actor: String,
    /// What (`calendar_item.reschedule`, ...).
    pub action: String,
    /// On what, e.g. `calendar item 12`.
    pub entity: String,
    /// The fields the change touched.
    pub fields: Vec<String>,
    /// Free words about the change.
    pub details: Option<String>,
}

/// One page of the trail.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    /// Entries, ascending seq.
    pub items: Vec<AuditRow>,
    /// The cursor of the next page, `None` on the last.
    pub next: Option<u64>,
}

/// The audit entries of `campaign_id` after the cursor `after` (a page's `next`), at most
/// [`AUDIT_PAGE`] (Viewer).
#[server]
pub async fn campaign_audit(
    /// The campaign.
    campaign_id: u64,
    /// The seq after which the page starts (the previous page's `next`).
    after: Option<u64>,
) -> Result<AuditPage, AppError> {
    use campaign_ops_core::{AuditSeq, CampaignId, Role};
    crate::server::context::call_as(Role::Viewer, move |ops, _| {
        let id = CampaignId(campaign_id);
        let tz = ops.get_campaign(id)?.time_zone;
        // One more than a page tells whether another page follows.
        let mut entries = ops.campaign_audit(id, after.map(AuditSeq), AUDIT_PAGE + 1)?;
        let more = entries.len() > AUDIT_PAGE;
        entries.truncate(AUDIT_PAGE);
        let items: Vec<AuditRow> = entries
            .iter()
            .map(|e| AuditRow {
                seq: e.seq.0,
                at: e.at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string(),
                actor: e.actor.clone(),
                action: e.action.key().to_owned(),
                entity: format!("{} {}", e.entity.label(), e.entity_id),
                fields: e.changes.iter().map(|c| c.field.clone()).collect(),
                details: e.details.clone(),
            })
            .collect();
        Ok(AuditPage {
            next: if more {
                items.last().map(|r| r.seq)
            } else {
                None
            },
            items,
        })
    })
    .await
}
