//! Platform SOPs as data: posting windows, supported content types, operator checklists and
//! content limits, plus [`check_content`] which reports every rule a draft breaks.
//!
//! The windows and limits rest on the platform facts in the project's reference notes
//! (X developer docs, Buffer, Meta, Sprout Social 2023, Mailchimp). They are starting points
//! for a team, not laws, which is why they live here as data.

mod windows;

pub use windows::{PostingWindow, SLOT_MINUTES};

use crate::model::{ContentType, Platform};

/// The standard operating procedure for one platform.
#[derive(Debug, Clone, PartialEq)]
pub struct Sop {
    /// The platform.
    pub platform: Platform,
    /// When to post, in the campaign's local time; sorted by weekday then start.
    pub windows: Vec<PostingWindow>,
    /// Content types the platform takes; the first is the default.
    pub content_types: Vec<ContentType>,
}

impl Sop {
    /// The content type used when a calendar does not ask for a specific one.
    pub fn default_content_type(&self) -> ContentType {
        self.content_types[0]
    }

    /// How many posts fit into one week of this platform's windows, one per slot.
    pub fn weekly_capacity(&self) -> u32 {
        self.windows
            .iter()
            .map(|w| w.slot_starts().len() as u32)
            .sum()
    }
}

/// The SOP of `platform`.
pub fn sop(platform: Platform) -> &'static Sop {
    use std::sync::OnceLock;
    static SOPS: OnceLock<[Sop; 4]> = OnceLock::new();
    let sops = SOPS.get_or_init(|| Platform::ALL.map(build_sop));
    &sops[Platform::ALL
        .iter()
        .position(|p| *p == platform)
        .expect("Platform::ALL lists every platform")]
}

fn build_sop(platform: Platform) -> Sop {
    Sop {
        platform,
        windows: windows::posting_windows(platform),
        content_types: match platform {
            Platform::LinkedIn => vec![ContentType::Post, ContentType::Carousel],
            Platform::Instagram => vec![
                ContentType::Post,
                ContentType::Carousel,
                ContentType::Reel,
                ContentType::Story,
            ],
            Platform::X => vec![ContentType::Post, ContentType::Thread],
            Platform::Email => vec![ContentType::Email],
        },
    }
}
