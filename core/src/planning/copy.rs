//! First-draft copy for calendar items: title, copy and call to action from templates,
//! written within each platform's limits (X well under 280 weighted characters, at most 5
//! hashtags on Instagram, email subject ≤ 50 characters with a preheader and an
//! `{{unsubscribe_url}}` merge tag).
//!
//! A calendar's items share their client, focus area, call to action and content theme: a
//! [`Copywriter`] prepares those once per calendar (cleaned, shortened for each platform,
//! each platform's hashtags, each platform's and stage's call-to-action line), and each
//! item only writes its own lines, appending to one buffer instead of joining `format!`ed
//! pieces. Preparing them again for every item took most of the time of planning a
//! campaign. The templates themselves live in [`social`] and [`email`], the sentences they
//! are made of in [`lines`].

mod email;
mod lines;
mod social;

use crate::model::{ContentType, Platform};
use crate::planning::stage::Stage;
use crate::planning::text::{hashtags, no_hash, shorten, without_hash};
use crate::platform::{Draft, sop};

/// Most weighted characters generated X copy uses: well under the 280 limit, leaving room
/// for an operator's edit or a link.
pub(crate) const X_BUDGET: usize = 240;
/// Longest generated email subject (the reference's warning threshold; 60 is the hard cap).
pub(crate) const SUBJECT_MAX: usize = 50;
/// Longest generated working title of a social post.
pub(crate) const TITLE_MAX: usize = 100;
/// Merge tag the email service replaces with the recipient's unsubscribe link.
pub(crate) const UNSUBSCRIBE_TAG: &str = "{{unsubscribe_url}}";
/// How the preheader line of a generated email copy starts.
pub(crate) const PREHEADER_PREFIX: &str = "Preheader: ";
/// Longest first line of an Instagram caption, so the hook shows before "…more" (125).
const INSTAGRAM_HOOK: usize = 120;
/// Posts of a generated X thread.
const THREAD_POSTS: usize = 4;

/// Everything an item's copy is written from, shared and own: the one-item form of
/// [`Copywriter::write`] that the template tests use.
#[cfg(test)]
pub(crate) struct CopyInput<'a> {
    pub platform: Platform,
    pub content_type: ContentType,
    pub stage: Stage,
    /// The plan's theme of the item's week.
    pub weekly_theme: &'a str,
    /// The messaging angle this item uses.
    pub angle: &'a str,
    /// The plan's focus area.
    pub focus: &'a str,
    /// The calendar's content theme, if the caller gave one.
    pub content_theme: Option<&'a str>,
    pub client: &'a str,
    /// The campaign's primary call to action.
    pub primary_cta: Option<&'a str>,
    /// Rotates sentence variants so that consecutive items read differently.
    pub variant: usize,
    /// Titles the platform already has in the item's week: the new title must differ.
    pub taken_titles: &'a [String],
}

/// What one item's copy is written from, besides what its calendar shares
/// ([`Copywriter`]).
pub(crate) struct CopyItem<'a> {
    pub platform: Platform,
    pub content_type: ContentType,
    pub stage: Stage,
    /// The plan's theme of the item's week.
    pub weekly_theme: &'a str,
    /// The messaging angle this item uses.
    pub angle: &'a str,
    /// Rotates sentence variants so that consecutive items read differently.
    pub variant: usize,
    /// Titles the platform already has in the item's week: the new title must differ.
    pub taken_titles: &'a [String],
}

/// A written item.
pub(crate) struct Written {
    pub title: String,
    pub copy: String,
    pub cta: Option<String>,
}

/// The content type of the `ordinal`-th item of `platform` (0-based): a rotation that
/// matches the effort of each format, limited to what the platform's SOP allows.
pub(crate) fn content_type_for(platform: Platform, ordinal: usize) -> ContentType {
    use ContentType::*;
    let rotation: &[ContentType] = match platform {
        // Text posts are cheap and carry reach; a document carousel every third post.
        Platform::LinkedIn => &[Post, Post, Carousel],
        // Reels for reach, carousels for saves, a single image now and then.
        Platform::Instagram => &[Reel, Carousel, Post],
        // Short posts, a thread every third item.
        Platform::X => &[Post, Post, Thread],
        Platform::Email => &[Email],
    };
    let allowed = &sop(platform).content_types;
    let wanted = rotation[ordinal % rotation.len()];
    if allowed.contains(&wanted) {
        wanted
    } else {
        sop(platform).default_content_type()
    }
}

/// The topic of a weekly theme: the part after a "Phase: " prefix, if any.
fn topic(theme: &str) -> &str {
    match theme.split_once(": ") {
        Some((prefix, rest)) if prefix.chars().count() <= 30 && !rest.trim().is_empty() => {
            rest.trim()
        }
        _ => theme.trim(),
    }
}

/// The call to action of an item: the campaign's own (`primary`, trimmed and not empty) in
/// selling phases and in every email, a softer, stage-fitting one elsewhere.
fn item_cta(platform: Platform, stage: Stage, primary: Option<&str>, client: &str) -> String {
    if platform == Platform::Email {
        return primary.unwrap_or("Reply to this email").to_owned();
    }
    match (stage, primary) {
        (Stage::Conversion, Some(cta)) => cta.to_owned(),
        (Stage::Conversion, None) => format!("Get in touch with {client}"),
        (Stage::Retention, Some(cta)) => cta.to_owned(),
        (Stage::Retention, None) => "Tell us what you want to see next".to_owned(),
        (Stage::Engagement, _) => match platform {
            Platform::Instagram => "Save this and share it with your team".to_owned(),
            Platform::X => "Reply with your take".to_owned(),
            _ => "Share your take in the comments".to_owned(),
        },
        (Stage::Launch | Stage::Awareness, _) => format!("Follow {client} for more"),
    }
}

/// A calendar's shared copy inputs, prepared once for all of its items. User-supplied text
/// never adds hashtags of its own (`#` is dropped): the platform's hashtag limit is ours to
/// keep.
pub(crate) struct Copywriter {
    /// The client's name, trimmed.
    client: String,
    /// The calendar's content theme (series), if any.
    series: Option<String>,
    /// What each platform's items share, in [`Platform::ALL`] order.
    platforms: [PlatformCopy; Platform::ALL.len()],
}

/// What every item of one platform shares.
struct PlatformCopy {
    /// The focus area, shortened for the platform (whole for email, which trims to words).
    focus: String,
    /// The platform's hashtags, space-separated (none for email).
    tags: String,
    /// The call to action of each stage, in [`Stage::ALL`] order.
    ctas: [StageCta; Stage::ALL.len()],
}

/// The call to action of one platform and stage.
struct StageCta {
    /// As the item stores it.
    cta: String,
    /// As the copy says it: on LinkedIn and Instagram the sentence with its link moved
    /// ([`social::cta_sentence`]), on X the closing line with the hashtag, in an email the
    /// button text.
    line: String,
}

/// The cleaned-up pieces one item's copy is written from.
struct Parts<'a> {
    client: &'a str,
    /// The focus area, shortened for the platform.
    focus: &'a str,
    /// The platform's hashtags.
    tags: &'a str,
    angle: &'a str,
    /// The call to action as the copy says it ([`StageCta::line`]).
    cta_line: &'a str,
    /// The calendar's content theme (series), if any.
    series: Option<&'a str>,
    /// The weekly theme's topic.
    topic: &'a str,
}

impl Copywriter {
    /// Prepares the copy of a calendar about `focus` for `client`, with the campaign's
    /// `primary_cta` and the calendar's `content_theme`.
    pub(crate) fn new(
        focus: &str,
        client: &str,
        content_theme: Option<&str>,
        primary_cta: Option<&str>,
    ) -> Self {
        let client = no_hash(client.trim());
        let focus = no_hash(focus.trim());
        let primary = primary_cta.map(str::trim).filter(|c| !c.is_empty());
        Copywriter {
            platforms: Platform::ALL
                .map(|platform| PlatformCopy::new(platform, &focus, &client, primary)),
            series: content_theme
                .map(|t| no_hash(t.trim()))
                .filter(|t| !t.is_empty()),
            client,
        }
    }

    /// Writes title, copy and call to action for one item.
    pub(crate) fn write(&self, item: &CopyItem<'_>) -> Written {
        let shared = &self.platforms[position(&Platform::ALL, &item.platform)];
        let cta = &shared.ctas[position(&Stage::ALL, &item.stage)];
        let angle = without_hash(item.angle.trim());
        let topic = without_hash(topic(item.weekly_theme));
        let parts = Parts {
            client: &self.client,
            focus: &shared.focus,
            tags: &shared.tags,
            angle: &angle,
            cta_line: &cta.line,
            series: self.series.as_deref(),
            topic: &topic,
        };
        let (title, copy) = match item.platform {
            Platform::Email => email::email(item, &parts),
            Platform::X => social::x_post(item, &parts),
            Platform::LinkedIn => social::linkedin(item, &parts),
            Platform::Instagram => social::instagram(item, &parts),
        };
        Written {
            title,
            copy,
            cta: Some(cta.cta.clone()),
        }
    }
}

impl PlatformCopy {
    fn new(platform: Platform, focus: &str, client: &str, primary: Option<&str>) -> Self {
        let focus = match platform {
            Platform::Email => focus.to_owned(),
            Platform::X => shorten(focus, 40),
            Platform::LinkedIn | Platform::Instagram => shorten(focus, 80),
        };
        let tags = match platform {
            Platform::LinkedIn => hashtags(&focus, client, &["Marketing", "Growth"], 3),
            // Instagram allows at most 5 hashtags; 4 leaves room for a campaign tag.
            Platform::Instagram => hashtags(&focus, client, &["SmallBusiness", "Tips"], 4),
            Platform::X => hashtags(&focus, client, &["Marketing"], 1),
            Platform::Email => Vec::new(),
        }
        .join(" ");
        let ctas = Stage::ALL.map(|stage| {
            let cta = item_cta(platform, stage, primary, client);
            let said = no_hash(&cta);
            let line = match platform {
                // Links cost reach inside a LinkedIn post: the link goes into the first
                // comment.
                Platform::LinkedIn => social::cta_sentence(&said, "link in the first comment"),
                // Links in captions are not clickable: a CTA's link goes in the bio.
                Platform::Instagram => social::cta_sentence(&said, "link in bio"),
                Platform::X => format!("{} {tags}", social::sentence(&said)),
                Platform::Email => said,
            };
            StageCta { cta, line }
        });
        PlatformCopy { focus, tags, ctas }
    }
}

/// Where `item` is in `all` (the orders of the per-platform and per-stage tables).
fn position<T: PartialEq>(all: &[T], item: &T) -> usize {
    all.iter()
        .position(|x| x == item)
        .expect("the table lists every value")
}

/// Writes one item on its own: [`Copywriter::write`] with a copywriter prepared for it.
#[cfg(test)]
pub(crate) fn write(input: &CopyInput<'_>) -> Written {
    Copywriter::new(
        input.focus,
        input.client,
        input.content_theme,
        input.primary_cta,
    )
    .write(&CopyItem {
        platform: input.platform,
        content_type: input.content_type,
        stage: input.stage,
        weekly_theme: input.weekly_theme,
        angle: input.angle,
        variant: input.variant,
        taken_titles: input.taken_titles,
    })
}

/// The draft [`crate::platform::check_content`] checks for an item's title and copy: for
/// email the title is the subject and the copy's leading `Preheader:` line the preheader;
/// elsewhere the copy is the text. Works for generated and hand-edited items alike.
pub fn content_draft(platform: Platform, title: &str, copy: &str) -> Draft {
    if platform == Platform::Email {
        let (preheader, body) = split_email(copy);
        Draft {
            text: body.to_owned(),
            subject: Some(title.to_owned()),
            preheader: preheader.map(str::to_owned),
        }
    } else {
        Draft::new(copy)
    }
}

/// Splits a generated email copy into its preheader and body.
pub(crate) fn split_email(copy: &str) -> (Option<&str>, &str) {
    match copy.strip_prefix(PREHEADER_PREFIX) {
        Some(rest) => match rest.split_once("\n") {
            Some((preheader, body)) => (Some(preheader.trim()), body.trim_start()),
            None => (Some(rest.trim()), ""),
        },
        None => (None, copy),
    }
}

#[cfg(test)]
mod digest_tests;
#[cfg(test)]
mod tests;
