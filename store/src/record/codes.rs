//! Explicit one-byte codes of the domain enums in stored records and index entries.
//!
//! Each enum has a hand-written table: reordering or inserting a Rust variant never remaps
//! stored data, and adding one fails to compile here until it has a code. A code this build
//! does not know is a corrupt record. Codes are part of the file format: never reuse one.

use campaign_ops_core::model::*;

/// Declares `mod $m { fn code(x) -> u8; fn from_code(u8) -> Result<x, String> }`.
macro_rules! codes {
    ($(#[$doc:meta] $m:ident: $ty:ty { $($var:ident = $code:literal),* $(,)? })*) => {$(
        #[$doc]
        pub(crate) mod $m {
            use super::*;

            /// The stored code of `x`.
            pub(crate) fn code(x: $ty) -> u8 {
                // The domain enums are `#[non_exhaustive]`: a variant added in core without a
                // code here is a programming error that the round-trip test over core's
                // `ALL` lists catches before any file sees it.
                #[allow(unreachable_patterns)]
                match x {
                    $(<$ty>::$var => $code,)*
                    other => panic!(
                        "{other:?} has no stored {} code: add one in store/src/record/codes.rs",
                        stringify!($m)
                    ),
                }
            }

            /// The value of a stored code; `Err` names an unknown code.
            pub(crate) fn from_code(c: u8) -> Result<$ty, String> {
                match c {
                    $($code => Ok(<$ty>::$var),)*
                    other => Err(format!("unknown {} code {other}", stringify!($m))),
                }
            }

            #[cfg(test)]
            pub(crate) const ALL: &[$ty] = &[$(<$ty>::$var),*];
        }
    )*};
}

codes! {
    /// [`CampaignStatus`] codes.
    campaign_status: CampaignStatus {
        Draft = 0, Active = 1, Paused = 2, Completed = 3, Archived = 4,
    }
    /// [`Objective`] codes.
    objective: Objective {
        Awareness = 0, Engagement = 1, LeadGeneration = 2, Conversion = 3, Retention = 4,
    }
    /// [`Platform`] codes.
    platform: Platform { LinkedIn = 0, Instagram = 1, X = 2, Email = 3 }
    /// [`ContentType`] codes.
    content_type: ContentType {
        Post = 0, Carousel = 1, Reel = 2, Story = 3, Thread = 4, Email = 5,
    }
    /// [`CalendarItemStatus`] codes.
    item_status: CalendarItemStatus { Planned = 0, InProgress = 1, Published = 2, Cancelled = 3 }
    /// [`TaskType`] codes.
    task_type: TaskType {
        Post = 0, Engage = 1, FollowUp = 2, Review = 3, Analyze = 4, Manual = 5,
    }
    /// [`TaskStatus`] codes.
    task_status: TaskStatus {
        Pending = 0, InProgress = 1, Completed = 2, Failed = 3, Blocked = 4, Skipped = 5,
    }
    /// [`ProofKind`] codes.
    proof_kind: ProofKind { Url = 0, Text = 1, Upload = 2, Manual = 3 }
    /// [`MetricKind`] codes.
    metric_kind: MetricKind {
        Impressions = 0, Reach = 1, Engagements = 2, Clicks = 3, Likes = 4, Comments = 5,
        Shares = 6, Saves = 7, Conversions = 8,
    }
    /// [`EntityKind`] codes.
    entity_kind: EntityKind {
        Campaign = 0, Plan = 1, CalendarItem = 2, Task = 3, Metric = 4, ActionRun = 5,
        AuditEntry = 6, User = 7, Action = 8,
    }
    /// [`AuditAction`] codes.
    audit_action: AuditAction {
        // 21 to 28 came later, then 29 to 32; the list keeps core's key order
        // (`AuditAction::ALL`).
        ActionDisable = 29, ActionEnable = 30, ActionRunNow = 31,
        CalendarGenerate = 0, CalendarItemReschedule = 21, CalendarItemUpdate = 22,
        CampaignActivate = 1, CampaignArchive = 2, CampaignComplete = 3,
        CampaignCreate = 4, CampaignPause = 5, CampaignResume = 6, CampaignUpdate = 7,
        MetricsRecord = 8, PlanCreate = 9, SummaryStore = 10, TaskBlock = 11,
        TaskChecklist = 32, TaskComplete = 12, TaskCreate = 13, TaskEscalate = 14, TaskFail = 15,
        TaskReassign = 16, TaskSkip = 17, TaskStart = 18, TaskUnblock = 19,
        TasksGenerate = 20, UserCreate = 23, UserDisable = 24, UserEnable = 25,
        UserPassword = 26, UserRole = 27, UserUpdate = 28,
    }
    /// [`RunStatus`] codes.
    run_status: RunStatus { Running = 0, Retrying = 1, Succeeded = 2, Failed = 3, Queued = 4 }
    /// [`Role`] codes.
    role: Role { Viewer = 0, Operator = 1, Admin = 2 }
}

/// An optional value's code.
pub(crate) fn opt<T>(x: Option<T>, code: fn(T) -> u8) -> Option<u8> {
    x.map(code)
}

/// An optional code's value.
pub(crate) fn from_opt<T>(
    c: Option<u8>,
    from_code: fn(u8) -> Result<T, String>,
) -> Result<Option<T>, String> {
    c.map(from_code).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! check {
        ($($m:ident),*) => {$(
            let mut seen = std::collections::BTreeSet::new();
            for &x in $m::ALL {
                let c = $m::code(x);
                assert!(seen.insert(c), "{} code {c} used twice", stringify!($m));
                assert_eq!($m::from_code(c), Ok(x));
            }
            assert!($m::from_code(200).is_err());
        )*};
    }

    #[test]
    fn codes_are_distinct_and_round_trip() {
        check!(
            campaign_status,
            objective,
            platform,
            content_type,
            item_status,
            task_type,
            task_status,
            proof_kind,
            metric_kind,
            entity_kind,
            audit_action,
            run_status,
            role
        );
    }

    #[test]
    fn every_variant_core_lists_has_a_code() {
        // core's own lists grow with its enums: a new variant without a code fails here.
        assert_eq!(campaign_status::ALL, CampaignStatus::ALL);
        assert_eq!(objective::ALL, Objective::ALL);
        assert_eq!(audit_action::ALL, AuditAction::ALL);
        assert_eq!(metric_kind::ALL, MetricKind::ALL);
        assert_eq!(task_status::ALL, TaskStatus::ALL);
        assert_eq!(platform::ALL, Platform::ALL);
        assert_eq!(role::ALL, Role::ALL);
    }

    #[test]
    fn codes_are_pinned() {
        // A few spot checks of the file format (the golden bytes test covers the rest).
        assert_eq!(campaign_status::code(CampaignStatus::Archived), 4);
        assert_eq!(task_status::code(TaskStatus::Skipped), 5);
        assert_eq!(run_status::code(RunStatus::Queued), 4);
        assert_eq!(platform::code(Platform::Email), 3);
        assert_eq!(role::code(Role::Admin), 2);
        assert_eq!(audit_action::code(AuditAction::CalendarItemUpdate), 22);
        assert_eq!(audit_action::code(AuditAction::UserUpdate), 28);
        assert_eq!(audit_action::code(AuditAction::ActionRunNow), 31);
        assert_eq!(audit_action::code(AuditAction::TaskChecklist), 32);
        assert_eq!(entity_kind::code(EntityKind::Action), 8);
    }
}
