//! [`check_content`]: every rule of a platform's SOP that a draft breaks, not just the
//! first, each with a stable rule id and a message that gives the numbers.
//!
//! Lengths are characters as users see them (extended grapheme clusters: `e` + U+0301,
//! 👨‍👩‍👧‍👦 and 🇩🇪 each count once), except on X, which uses its own weighted count
//! ([`super::x_weighted_length`]). Surrounding white space is not counted: the platforms
//! drop it.
//!
//! | rule | severity | field | when |
//! |---|---|---|---|
//! | `<platform>.content_type` | error | content_type | the platform does not take the content type |
//! | `<platform>.empty` | error | text | the text is empty |
//! | `<platform>.length` | error | text | over 3,000 (LinkedIn), 2,200 (Instagram) characters, or 280 weighted characters per X post |
//! | `linkedin.hook`, `instagram.hook` | warning | text | the first line is longer than what shows before "see more" (210 / 125) |
//! | `instagram.hashtags` | error | text | more than 5 hashtags |
//! | `linkedin.hashtags`, `x.hashtags` | warning | text | more than 5 (LinkedIn) or 2 (X, per post) hashtags |
//! | `linkedin.link`, `instagram.link` | warning | text | a URL in the text (reach / not clickable) |
//! | `x.invalid_character` | error | text | U+FEFF, U+FFFE or U+FFFF in the text (X refuses the post, as twitter-text's `isValid` does) |
//! | `x.thread.single` | warning | text | a thread with a single post |
//! | `x.thread.numbering` | warning | text | thread posts without a "2/7"-style number |
//! | `email.subject.missing` | error | subject | no subject |
//! | `email.subject.length` | error | subject | subject over 60 characters |
//! | `email.subject.long` | warning | subject | subject of 51–60 characters |
//! | `email.preheader.missing` | warning | preheader | no preheader (the inbox shows the body's first line instead) |
//! | `email.preheader.short` / `.long` | warning | preheader | preheader outside 40–70 characters (clients pad or cut it; nothing breaks) |
//! | `email.unsubscribe` | error | text | no unsubscribe link in the body |
//! | `email.personalisation` | warning | text | no personalisation token anywhere |

mod email;
mod x;

pub use x::thread_posts;

use serde::{Deserialize, Serialize};

use super::limits::{ContentLimits, Counting};
use super::text::{find_urls, first_line, fmt_count, grapheme_len, hashtags};
use super::{sop, x_weighted_length};
use crate::model::{ContentType, Platform};

/// How bad a broken rule is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Severity {
    /// Worth fixing; the post can still go out.
    Warning,
    /// The platform refuses or breaks the post, or the law requires it (unsubscribe).
    Error,
}

/// One rule a draft breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContentIssue {
    /// Stable id of the rule, e.g. `x.length` (see the module docs for the list).
    pub rule: &'static str,
    /// How bad it is.
    pub severity: Severity,
    /// The draft field concerned: `text`, `subject`, `preheader` or `content_type`.
    pub field: &'static str,
    /// What is wrong, with the numbers, for a person.
    pub message: String,
}

impl ContentIssue {
    /// Whether the issue blocks publishing.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl std::fmt::Display for ContentIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let severity = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(
            f,
            "{severity} [{}] {}: {}",
            self.rule, self.field, self.message
        )
    }
}

/// A draft to check: the post body, caption or email body, plus an email's subject and
/// preheader.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// Post body, caption or email body. For an X thread, posts are separated by a blank
    /// line.
    pub text: String,
    /// Email subject line.
    pub subject: Option<String>,
    /// Email preheader (preview text).
    pub preheader: Option<String>,
}

impl Draft {
    /// A draft of only text: a post, caption or thread.
    pub fn new(text: impl Into<String>) -> Self {
        Draft {
            text: text.into(),
            ..Draft::default()
        }
    }

    /// An email draft: subject, preheader and body.
    pub fn email(
        subject: impl Into<String>,
        preheader: impl Into<String>,
        body: impl Into<String>,
    ) -> Self {
        Draft {
            text: body.into(),
            subject: Some(subject.into()),
            preheader: Some(preheader.into()),
        }
    }
}

/// Every rule of `platform`'s SOP that `draft` breaks for `content_type`, errors and
/// warnings, in the order text, subject, preheader. Empty when the draft is fine.
pub fn check_content(
    platform: Platform,
    content_type: ContentType,
    draft: &Draft,
) -> Vec<ContentIssue> {
    let ids = RuleIds::of(platform);
    let sop = sop(platform);
    let limits = sop.limits;
    let mut issues = Vec::new();
    if !sop.content_types.contains(&content_type) {
        issues.push(ContentIssue {
            rule: ids.content_type,
            severity: Severity::Error,
            field: "content_type",
            message: format!("{}.", sop.refusal(content_type)),
        });
    }
    let text = draft.text.trim();
    if text.is_empty() {
        issues.push(ContentIssue {
            rule: ids.empty,
            severity: Severity::Error,
            field: "text",
            message: format!("The {} is empty.", ids.noun),
        });
    } else if platform == Platform::X && content_type == ContentType::Thread {
        x::check_thread(text, &ids, &limits, &mut issues);
    } else {
        check_text(text, None, &ids, &limits, &mut issues);
        // A long X post in paragraphs is usually a thread in disguise.
        if platform == Platform::X
            && text.contains("\n\n")
            && let Some(issue) = issues.iter_mut().find(|i| i.rule == ids.length)
        {
            issue.message.push_str(" Or plan it as a thread.");
        }
    }
    if platform == Platform::X {
        x::check_invalid_characters(text, &mut issues);
    }
    if let Some(email_limits) = limits.email {
        email::check_email(draft, &email_limits, &mut issues);
    }
    issues
}

/// The rule ids and wording of one platform: `&'static str` so that callers can match on
/// them.
pub(super) struct RuleIds {
    content_type: &'static str,
    empty: &'static str,
    length: &'static str,
    hook: &'static str,
    hashtags: &'static str,
    link: &'static str,
    /// What the text is called on the platform: "post", "caption", "body".
    noun: &'static str,
    label: &'static str,
}

impl RuleIds {
    fn of(platform: Platform) -> RuleIds {
        macro_rules! ids {
            ($p:literal, $noun:literal, $label:literal) => {
                RuleIds {
                    content_type: concat!($p, ".content_type"),
                    empty: concat!($p, ".empty"),
                    length: concat!($p, ".length"),
                    hook: concat!($p, ".hook"),
                    hashtags: concat!($p, ".hashtags"),
                    link: concat!($p, ".link"),
                    noun: $noun,
                    label: $label,
                }
            };
        }
        match platform {
            Platform::LinkedIn => ids!("linkedin", "post", "LinkedIn"),
            Platform::Instagram => ids!("instagram", "caption", "Instagram"),
            Platform::X => ids!("x", "post", "X"),
            Platform::Email => ids!("email", "body", "Email"),
        }
    }
}

/// The rules on one piece of text: a post, a caption, an email body or one post of a
/// thread (`post` = its number and the thread's length).
pub(super) fn check_text(
    text: &str,
    post: Option<(usize, usize)>,
    ids: &RuleIds,
    limits: &ContentLimits,
    issues: &mut Vec<ContentIssue>,
) {
    let what = match post {
        Some((n, total)) => format!("Post {n} of {total}"),
        None => format!("The {}", ids.noun),
    };
    let push = |issues: &mut Vec<ContentIssue>, rule, severity, message| {
        issues.push(ContentIssue {
            rule,
            severity,
            field: "text",
            message,
        });
    };
    if let Some(max) = limits.max_chars {
        let (len, unit) = match limits.counting {
            Counting::Graphemes => (grapheme_len(text), "characters"),
            Counting::XWeighted => (
                x_weighted_length(text),
                "weighted characters (every link counts 23, emoji and CJK characters 2)",
            ),
        };
        if len > max {
            let message = format!(
                "{what} is {} of {} {unit}; cut {}.",
                fmt_count(len),
                fmt_count(max),
                fmt_count(len - max)
            );
            push(issues, ids.length, Severity::Error, message);
        }
    }
    if let Some(hook) = limits.hook_chars {
        let len = grapheme_len(first_line(text));
        if len > hook {
            let message = format!(
                "The first line is {} characters; {} shows about {hook} characters before \"…more\", \
                 so the hook is cut. Put the hook in the first {hook} characters.",
                fmt_count(len),
                ids.label
            );
            push(issues, ids.hook, Severity::Warning, message);
        }
    }
    let tags = hashtags(text).len();
    if let Some(max) = limits.max_hashtags.filter(|max| tags > *max) {
        let message = format!(
            "{what} has {tags} hashtags; {} allows at most {max}.",
            ids.label
        );
        push(issues, ids.hashtags, Severity::Error, message);
    } else if let Some(max) = limits.recommended_max_hashtags.filter(|max| tags > *max) {
        let message = format!(
            "{what} has {tags} hashtags; on {} use at most {max}.",
            ids.label
        );
        push(issues, ids.hashtags, Severity::Warning, message);
    }
    if let Some(advice) = limits.link_advice {
        let links = find_urls(text).len();
        if links > 0 {
            let message = format!(
                "{what} contains {links} link{}; {advice}.",
                if links == 1 { "" } else { "s" }
            );
            push(issues, ids.link, Severity::Warning, message);
        }
    }
}

#[cfg(test)]
mod tests;
