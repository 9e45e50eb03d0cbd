//! Schema v5's records, frozen: the structs and enums exactly as v5 builds postcard-encoded
//! them, so that the v1 → v5 steps and the v5 → v6 migration decode old files whatever the
//! domain types become.

mod enums;
mod more;
mod records;

// Public for the test hooks' `Dump` (the enums name its fields' types).
#[cfg(feature = "testing")]
pub use enums::*;
pub use more::*;
pub use records::*;

#[cfg(feature = "testing")]
use serde::Deserialize;

/// Every record of a v5 database, in the shape of the logical dump the v5 build wrote
/// beside its fixture file (`tests/fixtures/v5/workspace.json`): what the test hooks turn
/// into v1 to v5 files.
#[cfg(feature = "testing")]
#[derive(Debug, Clone, Deserialize)]
#[allow(missing_docs)]
pub struct Dump {
    pub campaigns: Vec<Campaign>,
    pub plans: Vec<CampaignPlan>,
    pub calendar_items: Vec<CalendarItem>,
    pub tasks: Vec<OperatorTask>,
    pub metrics: Vec<MetricEntry>,
    pub weekly_summaries: Vec<WeeklySummary>,
    pub action_runs: Vec<ActionRun>,
    pub audit: Vec<AuditEntry>,
}
