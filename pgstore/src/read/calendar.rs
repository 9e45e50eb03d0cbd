//! Calendar item reads: by id, a campaign's items in a time range, and the planned items
//! due in a range across campaigns (the publishing daemon's scan).

use campaign_ops_core::Result;
use campaign_ops_core::model::*;
use chrono::{DateTime, Utc};

use super::lower;
use crate::codec::time;
use crate::tx::{Tx, id, limit};

impl Tx<'_> {
    pub(super) fn calendar_item_by_id(&self, iid: CalendarItemId) -> Result<Option<CalendarItem>> {
        self.record(
            "reading a calendar item",
            "calendar_items",
            "SELECT data FROM calendar_items WHERE id = $1",
            &[&id(iid.0)],
        )
    }

    pub(super) fn calendar_items_between(
        &self,
        campaign: CampaignId,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        after: Option<(DateTime<Utc>, CalendarItemId)>,
        n: usize,
    ) -> Result<Vec<CalendarItem>> {
        let (lus, lns, lid) = lower(from, after.map(|(t, i)| (t, i.0)));
        let (uus, uns) = time(until);
        self.records(
            "listing calendar items",
            "calendar_items",
            "SELECT data FROM calendar_items WHERE campaign_id = $1
               AND (at_us, at_ns, id) > ($2, $3, $4) AND (at_us, at_ns) < ($5, $6)
             ORDER BY at_us, at_ns, id LIMIT $7",
            &[&id(campaign.0), &lus, &lns, &lid, &uus, &uns, &limit(n)],
        )
    }

    pub(super) fn planned_items_between(
        &self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        after: Option<(DateTime<Utc>, CalendarItemId)>,
        n: usize,
    ) -> Result<Vec<CalendarItem>> {
        let (lus, lns, lid) = lower(from, after.map(|(t, i)| (t, i.0)));
        let (uus, uns) = time(until);
        self.records(
            "listing planned items due",
            "calendar_items",
            "SELECT data FROM calendar_items WHERE planned
               AND (at_us, at_ns, id) > ($1, $2, $3) AND (at_us, at_ns) < ($4, $5)
             ORDER BY at_us, at_ns, id LIMIT $6",
            &[&lus, &lns, &lid, &uus, &uns, &limit(n)],
        )
    }
}
