//! [`Transition`]: the status change an [`super::Error::IllegalTransition`] refused.

use crate::model::{CampaignStatus, EntityKind, TaskStatus};

/// A status change of one kind of entity, typed by that entity's status enum, so a caller
/// can see where the entity is (`from`) without parsing a message. Calendar items have no
/// status machine of their own (their status follows their POST task), hence no variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Transition {
    /// A campaign status change.
    Campaign {
        /// Current status.
        from: CampaignStatus,
        /// Requested status.
        to: CampaignStatus,
    },
    /// A task status change.
    Task {
        /// Current status.
        from: TaskStatus,
        /// Requested status.
        to: TaskStatus,
    },
}

impl Transition {
    /// Kind of entity whose status was to change.
    pub fn entity(self) -> EntityKind {
        match self {
            Transition::Campaign { .. } => EntityKind::Campaign,
            Transition::Task { .. } => EntityKind::Task,
        }
    }

    /// Stable key of the current status, e.g. `draft`.
    pub fn from_key(self) -> &'static str {
        match self {
            Transition::Campaign { from, .. } => from.key(),
            Transition::Task { from, .. } => from.key(),
        }
    }

    /// Stable key of the requested status, e.g. `paused`.
    pub fn to_key(self) -> &'static str {
        match self {
            Transition::Campaign { to, .. } => to.key(),
            Transition::Task { to, .. } => to.key(),
        }
    }
}

/// "campaign status change from draft to paused".
impl std::fmt::Display for Transition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} status change from {} to {}",
            self.entity().label(),
            self.from_key(),
            self.to_key()
        )
    }
}
