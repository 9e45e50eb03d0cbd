//! The run ledger of scheduled actions, read-only: what ran, what is retrying, what failed.

use super::CampaignOps;
use crate::model::ActionRun;
use crate::{Clock, Result, Store};

impl<S: Store, C: Clock> CampaignOps<S, C> {
    /// One page of `action`'s ledger records by key (`"<ACTION> <period>"`): ascending from
    /// after the key `after`, or newest first (before `after`) with `newest_first`; at most
    /// `limit` (1 to 1000). Failed runs stay here with their last error.
    pub fn list_action_runs(
        &self,
        action: &str,
        after: Option<&str>,
        newest_first: bool,
        limit: usize,
    ) -> Result<Vec<ActionRun>> {
        crate::validate::page_limit(limit, super::GATHER_PAGE)?;
        self.store()
            .read(|tx| tx.action_runs(action, after, newest_first, limit))
    }

    /// The ledger record of `action` in `period`, if it ran (or is running).
    pub fn action_run(&self, action: &str, period: &str) -> Result<Option<ActionRun>> {
        let key = ActionRun::key_for(action, period);
        self.store().read(|tx| tx.action_run(&key))
    }
}
