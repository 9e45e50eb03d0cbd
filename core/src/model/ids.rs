//! Typed ids: a `CampaignId` can never be passed where a `TaskId` is meant.

use serde::{Deserialize, Serialize};

macro_rules! typed_id {
    ($(#[$doc:meta] $name:ident),* $(,)?) => {$(
        #[$doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.0)
            }
        }

        impl From<u64> for $name {
            fn from(raw: u64) -> Self {
                Self(raw)
            }
        }
    )*};
}

typed_id!(
    /// Id of a [`crate::Campaign`].
    CampaignId,
    /// Id of a [`crate::CampaignPlan`].
    PlanId,
    /// Id of a [`crate::CalendarItem`].
    CalendarItemId,
    /// Id of an [`crate::OperatorTask`].
    TaskId,
    /// Id of a [`crate::MetricEntry`].
    MetricId,
    /// Position of an [`crate::AuditEntry`] in the audit log (1, 2, 3, ...).
    AuditSeq,
    /// Id of a dashboard [`crate::User`].
    UserId,
);
