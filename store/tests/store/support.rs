//! Shared fixtures: temp files and a few complete records.

use std::path::PathBuf;

use campaign_ops_core::model::{OperatorTask, TaskStatus};

/// A temp dir (kept alive by the caller) and a database path inside it.
pub fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("ops.redb");
    (dir, path)
}

// The records the conformance suite builds, so both speak of the same data.
pub use campaign_ops_core::conformance::{at, audit, campaign};

/// The conformance suite's task, due `due_hours` after [`at`]`(0)`.
pub fn task(
    id: u64,
    campaign: u64,
    assignee: Option<&str>,
    due_hours: i64,
    status: TaskStatus,
) -> OperatorTask {
    campaign_ops_core::conformance::task(id, campaign, assignee, at(due_hours), status)
}
