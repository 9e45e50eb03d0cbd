//! The run ledger of scheduled actions, read-only: what ran, what is retrying, what failed.

use super::CampaignOps;
use crate::model::ActionRun;
use crate::{Clock, Result, Store};

impl<S: Store, C: Clock> CampaignOps<S, C> {
    /// Ledger records in ascending key (`"<ACTION> <period>"`) order: all actions, or only
    /// `action`'s; at most `limit`. Failed runs stay here with their last error.
    pub fn list_action_runs(&self, action: Option<&str>, limit: usize) -> Result<Vec<ActionRun>> {
        self.store().read(|tx| tx.action_runs(action, limit))
    }

    /// The ledger record of `action` in `period`, if it ran (or is running).
    pub fn action_run(&self, action: &str, period: &str) -> Result<Option<ActionRun>> {
        let key = ActionRun::key_for(action, period);
        self.store().read(|tx| tx.action_run(&key))
    }
}
