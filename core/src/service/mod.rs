//! [`CampaignOps`]: the API host applications, the dashboard and the actions call.
//!
//! Every call takes the acting [`crate::Actor`]; every mutation runs in one write
//! transaction that also appends its audit entry, so a change and its record commit together
//! or not at all. The service is split by area, one module each.

#[cfg(feature = "accounts")]
pub mod accounts;
mod action_runs;
mod action_settings;
mod adhoc;
mod audit;
mod audit_search;
mod calendar;
mod campaigns;
mod escalation;
mod exports;
mod items;
mod planned;
mod plans;
mod queue;
mod reports;
mod summaries;
mod tasks;
mod tick;

pub use crate::store::CampaignPage;
pub use action_settings::MAX_ACTION_NAME_LEN;
pub use adhoc::{MAX_METRIC_VALUE, NewMetric, NewTask};
pub use audit::{
    AuditVerification, ChainBreak, GENESIS_HASH, MAX_AUDIT_PAGE, entry_hash, field_changes,
};
pub use audit_search::{AUDIT_SCAN_BUDGET, AuditFilter, AuditSearch};
pub use calendar::CalendarGeneration;
pub use campaigns::{CampaignFilter, CampaignUpdate, MAX_CADENCE, NewCampaign, default_cadence};
pub use escalation::{ESCALATION_DUE_AFTER, EscalationBatch, is_escalation};
pub use exports::{ExportFormat, MAX_EXPORT_WEEKS};
pub use items::{
    ItemEdit, MAX_ASSET_REF_LEN, MAX_ITEM_COPY_LEN, MAX_ITEM_CTA_LEN, MAX_ITEM_TITLE_LEN,
    issue_field, item_issues,
};
pub use planned::{CampaignPlanning, PlannedCampaign};
pub use queue::{OperatorQueue, QUEUE_LIMIT, local_day_bounds, start_of_local_day};
pub use summaries::{ANALYZE_DUE_AFTER, SummaryBatch, summary_ref, summary_release_at};
pub use tasks::{Completion, ENGAGE_FOLLOW_UPS, TaskGeneration, engage_instructions};
pub use tick::{TickBatch, TickWindow};

use std::sync::Arc;

use crate::planning::{Planner, TemplatePlanner};
use crate::{Clock, Store};

/// The campaign operations service over a store `S` and a clock `C`.
#[derive(Clone)]
pub struct CampaignOps<S, C> {
    store: S,
    clock: C,
    planner: Arc<dyn Planner>,
}

impl<S, C> std::fmt::Debug for CampaignOps<S, C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CampaignOps")
            .field("planner", &self.planner.name())
            .finish_non_exhaustive()
    }
}

impl<S: Store, C: Clock> CampaignOps<S, C> {
    /// A service on `store`, reading time from `clock`, planning with [`TemplatePlanner`].
    pub fn new(store: S, clock: C) -> Self {
        Self {
            store,
            clock,
            planner: Arc::new(TemplatePlanner),
        }
    }

    /// The same service planning with `planner` instead.
    pub fn with_planner(self, planner: impl Planner + 'static) -> Self {
        Self {
            planner: Arc::new(planner),
            ..self
        }
    }

    /// The underlying store (for read-only inspection and tools).
    pub fn store(&self) -> &S {
        &self.store
    }

    /// The clock.
    pub fn clock(&self) -> &C {
        &self.clock
    }

    /// The clock's "now", refused (field `clock`) outside the years 1970 to 9999: every date
    /// a call derives from it (today, a week, a follow-up due time) then stays in the range
    /// chrono and the stored formats represent, whatever instant a host's clock hands in.
    pub(crate) fn now(&self) -> crate::Result<chrono::DateTime<chrono::Utc>> {
        let now = self.clock.now();
        crate::validate::instant("clock", now).map_err(|_| {
            crate::Error::validation(
                "clock",
                format!(
                    "the host's clock reads {now}, outside the years {} to {} this service works in",
                    crate::validate::EARLIEST_YEAR,
                    crate::validate::LATEST_YEAR
                ),
            )
        })
    }

    /// The planner used by [`Self::generate_plan`].
    pub fn planner(&self) -> &dyn Planner {
        self.planner.as_ref()
    }
}

/// Records read per query when a call gathers a whole range (an export, a calendar view).
pub(crate) const GATHER_PAGE: usize = crate::store::walk::WALK_PAGE;

/// Every record of a keyset-paged query (see [`crate::store::walk::each_page`]), collected.
/// Run it inside one read transaction so the pages come from one snapshot.
pub(crate) fn gather<T, K>(
    page: impl FnMut(Option<K>, usize) -> crate::Result<Vec<T>>,
    key: impl Fn(&T) -> K,
) -> crate::Result<Vec<T>> {
    let mut all = Vec::new();
    crate::store::walk::each_page(page, key, |record| {
        all.push(record);
        Ok(())
    })?;
    Ok(all)
}
