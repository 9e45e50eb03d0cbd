//! Platform SOPs as data: posting windows, supported content types, operator checklists and
//! content limits, plus [`check_content`] which reports every rule a draft breaks.
//!
//! The windows and limits rest on the platform facts in the project's reference notes
//! (X developer docs, Buffer, Meta, Sprout Social 2023, Mailchimp). They are starting points
//! for a team, not laws, which is why they live here as data.
//!
//! Lengths are counted as users see characters (grapheme clusters), never bytes; X alone
//! uses its own weighted count, [`x_weighted_length`].

mod check;
mod checklist;
mod limits;
mod sop_ref;
pub(crate) mod text;
mod windows;
mod x_length;

pub use check::{ContentIssue, Draft, Severity, check_content, thread_posts};
pub use checklist::{Checklist, ChecklistSection, SectionKind};
pub use limits::{ContentLimits, Counting, EmailLimits, X_MAX_WEIGHTED, X_URL_WEIGHT};
pub use sop_ref::{SOP_VERSION, sop_steps, sop_steps_ref};
pub use windows::{PostingWindow, SLOT_MINUTES};
pub use x_length::x_weighted_length;

use crate::model::{ContentType, Platform};
use crate::{Error, Result};

/// The standard operating procedure for one platform.
#[derive(Debug, Clone, PartialEq)]
pub struct Sop {
    /// The platform.
    pub platform: Platform,
    /// When to post, in the campaign's local time; sorted by weekday then start.
    pub windows: Vec<PostingWindow>,
    /// Content types the platform takes; the first is the default.
    pub content_types: Vec<ContentType>,
    /// Length, hashtag, subject and preheader limits that [`check_content`] applies.
    pub limits: ContentLimits,
    /// The operator checklist of each content type in `content_types`, in that order.
    pub checklists: Vec<Checklist>,
}

impl Sop {
    /// The content type used when a calendar does not ask for a specific one.
    pub fn default_content_type(&self) -> ContentType {
        self.content_types[0]
    }

    /// How many posts fit into one week of this platform's windows, one per slot.
    pub fn weekly_capacity(&self) -> u32 {
        self.windows.iter().map(|w| w.slot_count() as u32).sum()
    }

    /// The operator checklist for `content_type`; [`Error::Validation`] on `content_type`
    /// when the platform does not take it.
    pub fn checklist(&self, content_type: ContentType) -> Result<Checklist> {
        self.checklists
            .iter()
            .find(|c| c.content_type == content_type)
            .cloned()
            .ok_or_else(|| Error::validation("content_type", self.refusal(content_type)))
    }

    /// Why the platform refuses `content_type`, naming the types it takes.
    pub(crate) fn refusal(&self, content_type: ContentType) -> String {
        let supported: Vec<&str> = self.content_types.iter().map(|c| c.key()).collect();
        format!(
            "{} does not take {content_type} content (it takes {})",
            self.platform.label(),
            supported.join(", ")
        )
    }
}

/// The SOP of `platform`.
pub fn sop(platform: Platform) -> &'static Sop {
    use std::sync::OnceLock;
    static SOPS: OnceLock<[Sop; 4]> = OnceLock::new();
    let sops = SOPS.get_or_init(|| Platform::ALL.map(build_sop));
    &sops[platform_index(platform)]
}

/// The instruction lines a POST task of `platform` and `content_type` stores: the lines of
/// [`sop`]`(platform).checklist(content_type)?.steps()`, built once per process and
/// borrowed from then on. Planning a campaign asks for them once per calendar item, and
/// cloning the checklist and formatting its lines again each time cost more than planning
/// the calendar itself. The same [`Error::Validation`] as [`Sop::checklist`] when the
/// platform does not take `content_type`.
pub fn checklist_steps(platform: Platform, content_type: ContentType) -> Result<&'static [String]> {
    use std::sync::OnceLock;
    type Steps = Vec<(ContentType, Vec<String>)>;
    static STEPS: OnceLock<[Steps; 4]> = OnceLock::new();
    let steps = STEPS.get_or_init(|| {
        Platform::ALL.map(|p| {
            sop(p)
                .checklists
                .iter()
                .map(|c| (c.content_type, c.steps()))
                .collect()
        })
    });
    let of_platform = &steps[platform_index(platform)];
    of_platform
        .iter()
        .find(|(ct, _)| *ct == content_type)
        .map(|(_, lines)| lines.as_slice())
        .ok_or_else(|| Error::validation("content_type", sop(platform).refusal(content_type)))
}

/// The position of `platform` in [`Platform::ALL`], which orders the per-platform tables.
fn platform_index(platform: Platform) -> usize {
    Platform::ALL
        .iter()
        .position(|p| *p == platform)
        .expect("Platform::ALL lists every platform")
}

fn build_sop(platform: Platform) -> Sop {
    let content_types = match platform {
        Platform::LinkedIn => vec![ContentType::Post, ContentType::Carousel],
        Platform::Instagram => vec![
            ContentType::Post,
            ContentType::Carousel,
            ContentType::Reel,
            ContentType::Story,
        ],
        Platform::X => vec![ContentType::Post, ContentType::Thread],
        Platform::Email => vec![ContentType::Email],
    };
    let limits = limits::content_limits(platform);
    Sop {
        platform,
        windows: windows::posting_windows(platform),
        checklists: checklist::checklists(platform, &content_types, &limits),
        content_types,
        limits,
    }
}
