//! Content limits of each platform, as data: how length is counted, the hard and advised
//! maxima, and where a platform cuts text behind "see more".
//!
//! The numbers come from the project's platform facts table (X developer docs, Buffer,
//! Meta, Mailchimp). [`super::check_content`] applies them; the checklists quote them.

use crate::model::Platform;

/// How a platform counts the length of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Counting {
    /// Characters as users see them: extended grapheme clusters, so `e` + U+0301 and a
    /// family emoji each count once. Never bytes.
    Graphemes,
    /// X's weighted count (twitter-text v3): see [`super::x_weighted_length`].
    XWeighted,
}

/// Limits for an email's subject line and preheader (preview text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EmailLimits {
    /// Longest subject that still reads whole in most inboxes; longer is a warning.
    pub subject_recommended: usize,
    /// Longest subject accepted; longer is an error.
    pub subject_max: usize,
    /// Shortest preheader that fills the preview line; shorter is a warning.
    pub preheader_min: usize,
    /// Longest preheader most clients show; longer is a warning.
    pub preheader_max: usize,
}

/// The content limits of one platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContentLimits {
    /// How lengths of the text are counted.
    pub counting: Counting,
    /// Hard maximum length of the text (a post, a caption, or each post of a thread);
    /// `None` when the platform sets none (an email body).
    pub max_chars: Option<usize>,
    /// Characters shown before the platform truncates ("…see more" / "more"); a longer
    /// first line gets a warning because the hook is cut.
    pub hook_chars: Option<usize>,
    /// Hashtags allowed per post; more is an error.
    pub max_hashtags: Option<usize>,
    /// Hashtags that work best at most; more is a warning.
    pub recommended_max_hashtags: Option<usize>,
    /// Why a link in the text is discouraged, when it is (said in the warning).
    pub link_advice: Option<&'static str>,
    /// Subject and preheader limits, for email.
    pub email: Option<EmailLimits>,
}

/// X counts every URL as this many weighted characters (t.co), whatever its length.
pub const X_URL_WEIGHT: usize = 23;

/// X's limit for one post, in weighted characters (non-Premium accounts).
pub const X_MAX_WEIGHTED: usize = 280;

/// The limits of `platform`.
pub(crate) fn content_limits(platform: Platform) -> ContentLimits {
    match platform {
        Platform::LinkedIn => ContentLimits {
            counting: Counting::Graphemes,
            max_chars: Some(3_000),
            // LinkedIn cuts a post behind "…see more" near 210 characters.
            hook_chars: Some(210),
            max_hashtags: None,
            recommended_max_hashtags: Some(5),
            link_advice: Some(
                "LinkedIn shows posts with an external link to fewer people: put the link \
                 in the first comment and say so in the post",
            ),
            email: None,
        },
        Platform::Instagram => ContentLimits {
            counting: Counting::Graphemes,
            max_chars: Some(2_200),
            // The feed shows about 125 characters of a caption before "more".
            hook_chars: Some(125),
            // Instagram takes at most 5 hashtags per post or reel (down from 30).
            max_hashtags: Some(5),
            recommended_max_hashtags: None,
            link_advice: Some(
                "links in Instagram captions are not clickable: put the link in the bio \
                 (or a story link sticker) and write \"link in bio\"",
            ),
            email: None,
        },
        Platform::X => ContentLimits {
            counting: Counting::XWeighted,
            max_chars: Some(X_MAX_WEIGHTED),
            hook_chars: None,
            max_hashtags: None,
            recommended_max_hashtags: Some(2),
            link_advice: None,
            email: None,
        },
        Platform::Email => ContentLimits {
            counting: Counting::Graphemes,
            max_chars: None,
            hook_chars: None,
            max_hashtags: None,
            recommended_max_hashtags: None,
            link_advice: None,
            email: Some(EmailLimits {
                // Mailchimp: about 50 reads whole; mobile clients cut near 41; 60 is the
                // most we accept.
                subject_recommended: 50,
                subject_max: 60,
                preheader_min: 40,
                preheader_max: 70,
            }),
        },
    }
}
