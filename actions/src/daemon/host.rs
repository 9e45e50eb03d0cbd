//! What a host adds to a daemon: the store it runs on (any backend, erased) and the values
//! its handlers reach through [`ActionContext::state`](crate::ActionContext::state).

use std::fmt::Debug;
use std::sync::Arc;

use campaign_ops_core::{Clock, Store};

use super::{Daemon, DaemonConfig};
use crate::error::DaemonError;
use crate::registry::Registry;
use crate::state::StateMap;

impl Daemon {
    /// A daemon over any `store` (erased, see [`crate::ops`]) reading time from `clock`,
    /// running `registry`'s enabled actions; refuses a bad `config`. E.g.
    /// `Daemon::on(RedbStore::open(path)?, SystemClock, Registry::build()?, config)`.
    pub fn on(
        store: impl Store + Debug + 'static,
        clock: impl Clock + 'static,
        registry: Registry,
        config: DaemonConfig,
    ) -> Result<Self, DaemonError> {
        Self::new(crate::context::ops(store, clock), registry, config)
    }

    /// The same daemon holding `value` as its `T` (replacing an earlier one) for the
    /// handlers: [`ActionContext::state`](crate::ActionContext::state) and
    /// [`ActionContext::require_state`](crate::ActionContext::require_state) reach it.
    pub fn with_state<T: Send + Sync + 'static>(mut self, value: T) -> Self {
        self.state.insert(value);
        self
    }

    /// Like [`Self::with_state`] with a value the host keeps a handle on too (a counter it
    /// reads, a client it shares with its web server).
    pub fn with_shared_state<T: Send + Sync + 'static>(mut self, value: Arc<T>) -> Self {
        self.state.insert_shared(value);
        self
    }

    /// The host's values the handlers see.
    pub fn state(&self) -> &StateMap {
        &self.state
    }
}
