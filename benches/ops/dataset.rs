//! The generated data set, built once into a redb file (through `Store::write` and the
//! `WriteTx::put_*` calls, so every index is kept exactly as in production) and into a
//! SQLite file with the same rows, and cached under `target/bench-data/v<VERSION>-<scale>/`.
//!
//! The data and its shape (10,000 campaigns, 1,000,000 tasks, an operator with about
//! 2,000 of them) are the `campaign-ops-loadgen` library's (the load check, `cargo xtask
//! load`, writes the same data at the moment of writing), here at the bench's fixed [`now`];
//! `dataset_build.rs` writes its records to redb and SQLite.

use campaign_ops::CampaignId;
use chrono::{DateTime, TimeZone, Utc};

pub use crate::dataset_build::{Batch, generate};
pub use campaign_ops_loadgen::{FULL, SMALL, post_url};

/// Bump when the generated data or the store layout changes: the cache directory is keyed by
/// it (2: schema version 4, briefs in the queue index; 3: briefs stored with a numeric due time;
/// 4: schema version 5, briefs in the per-campaign due index; 5: schema version 6, three
/// tables, SQLite audit rows with field changes; 6: the workspace id in `meta`; 7: schema
/// version 7, campaign search blocks; 8: schema 7's covering `METRIC_BY_TIME` values).
pub const VERSION: u32 = 8;

/// The generated records' own version, apart from any store's layout: bump it when what
/// `dataset_build.rs` generates changes (the records, their ids or their order), not for a
/// redb layout change (that is [`VERSION`]'s). The PostgreSQL copy (`pg_load.rs`) is keyed by
/// it, so a redb-only change does not reload PostgreSQL.
pub const DATA_VERSION: u32 = 1;

/// How big the data set is.
pub use campaign_ops_loadgen::Scale;

/// The bench's "now": a Wednesday, 11:30 in Berlin.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 18, 10, 30, 0).unwrap()
}

/// The campaign with [`Scale::big_tasks`] tasks (Europe/Berlin, four platforms).
pub const BIG_CAMPAIGN: CampaignId = CampaignId(1);
/// A typical campaign (Europe/Berlin, four platforms, 100 tasks) for today + overdue.
pub const TYPICAL_CAMPAIGN: CampaignId = CampaignId(5);
/// The campaign the task-completion bench adds its fresh tasks to.
pub const COMPLETION_CAMPAIGN: CampaignId = CampaignId(7);
/// The operator whose queue is measured (holds about 2,000 tasks).
pub const QUEUE_ASSIGNEE: &str = "op-042";

/// Counts and timings of one generation, kept in the cache next to the files.
#[derive(Debug, Default, Clone)]
pub struct Manifest {
    /// Scale name.
    pub scale: String,
    /// Records written.
    pub campaigns: u64,
    /// Tasks written.
    pub tasks: u64,
    /// Calendar items written.
    pub items: u64,
    /// Metrics written.
    pub metrics: u64,
    /// Audit entries written.
    pub audit: u64,
    /// Seconds spent in redb writes (including building the records).
    pub redb_secs: f64,
    /// Seconds spent in SQLite inserts.
    pub sqlite_secs: f64,
    /// Wall time of the whole generation.
    pub total_secs: f64,
    /// Peak RSS of the generating process, MiB.
    pub peak_rss_mib: f64,
}

impl Manifest {
    /// `key=value` lines.
    pub fn to_text(&self) -> String {
        format!(
            "scale={}\ncampaigns={}\ntasks={}\nitems={}\nmetrics={}\naudit={}\nredb_secs={:.1}\nsqlite_secs={:.1}\ntotal_secs={:.1}\npeak_rss_mib={:.0}\n",
            self.scale,
            self.campaigns,
            self.tasks,
            self.items,
            self.metrics,
            self.audit,
            self.redb_secs,
            self.sqlite_secs,
            self.total_secs,
            self.peak_rss_mib
        )
    }

    /// Parses [`Self::to_text`].
    pub fn parse(text: &str) -> Option<Self> {
        let get = |key: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
                .map(str::to_owned)
        };
        let num = |key: &str| get(key)?.parse::<f64>().ok();
        Some(Self {
            scale: get("scale")?,
            campaigns: num("campaigns")? as u64,
            tasks: num("tasks")? as u64,
            items: num("items")? as u64,
            metrics: num("metrics")? as u64,
            audit: num("audit")? as u64,
            redb_secs: num("redb_secs")?,
            sqlite_secs: num("sqlite_secs")?,
            total_secs: num("total_secs")?,
            peak_rss_mib: num("peak_rss_mib")?,
        })
    }
}
