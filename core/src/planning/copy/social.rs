//! The templates of social posts: LinkedIn, Instagram and X copy, and the working title
//! every social item gets. Each copy is appended to one buffer, piece by piece.

use std::borrow::Cow;
use std::fmt::Write as _;

use super::lines::{bullets, push_points, push_value_line, x_takeaway};
use super::{CopyItem, INSTAGRAM_HOOK, Parts, THREAD_POSTS, TITLE_MAX, X_BUDGET};
use crate::model::ContentType;
use crate::planning::text::{
    capitalize, has_url, push_lower_first, shorten, shortened, strip_urls,
};
use crate::platform::x_weighted_length;

fn format_label(content_type: ContentType) -> &'static str {
    match content_type {
        ContentType::Carousel => "Carousel: ",
        ContentType::Reel => "Reel: ",
        ContentType::Story => "Story: ",
        ContentType::Thread => "Thread: ",
        ContentType::Post | ContentType::Email => "",
    }
}

/// Room a title keeps for a " (n)" suffix that tells it apart from a taken one.
const SUFFIX_ROOM: usize = 6;

/// The working title of a social item: format, series and the label of the weekly topic
/// (the part before its colon, "Proof week"), then the item's own angle, so that the posts
/// of one week read apart in a calendar; " (2)", " (3)", … when the week already has that
/// title (more posts than angles). A long topic without a label is left to the item's theme.
fn social_title(item: &CopyItem<'_>, parts: &Parts<'_>) -> String {
    let topic_label = parts
        .topic
        .split_once(": ")
        .map(|(label, _)| label.trim())
        .filter(|label| !label.is_empty() && label.chars().count() <= 30);
    let context: Option<Cow<'_, str>> = match (parts.series, topic_label) {
        (Some(series), Some(label)) => Some(Cow::Owned(format!("{series}: {label}"))),
        (Some(one), None) | (None, Some(one)) => Some(Cow::Borrowed(one)),
        (None, None) => None,
    };
    let mut title = String::with_capacity(TITLE_MAX + 8);
    title.push_str(format_label(item.content_type));
    if let Some(context) = context {
        // A content theme may be 200 characters: the angle keeps at least half the title.
        title.push_str(&shortened(&context, 40));
        title.push_str(" — ");
    }
    let room = TITLE_MAX - SUFFIX_ROOM - title.chars().count();
    title.push_str(&shortened(parts.angle, room));
    // A week holds a handful of titles per platform: a linear look-up is the fastest.
    let taken = |candidate: &str| item.taken_titles.iter().any(|t| t == candidate);
    if !taken(&title) {
        return title;
    }
    (2..)
        .map(|n| format!("{title} ({n})"))
        .find(|candidate| !taken(candidate))
        .expect("a week has finitely many titles")
}

/// `s` as a sentence: a full stop added unless it already ends in one.
pub(super) fn sentence(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 1);
    push_sentence(&mut out, s);
    out
}

/// Appends [`sentence`]`(s)` to `out`.
fn push_sentence(out: &mut String, s: &str) {
    out.push_str(s);
    if !s.ends_with(['.', '!', '?', '…']) {
        out.push('.');
    }
}

/// The call-to-action sentence on a platform where a link in the text is not clickable or
/// costs reach: the URL is left out and the sentence says where it is (`link_note`).
pub(super) fn cta_sentence(cta: &str, link_note: &str) -> String {
    if !has_url(cta) {
        return sentence(cta);
    }
    let rest = strip_urls(cta);
    // "Book at acme.com/demo" reads on as "Book at the link in bio."
    let ends_in_preposition = rest
        .rsplit(' ')
        .next()
        .is_some_and(|w| ["at", "on", "via", "from", "to", "in", "here"].contains(&w));
    if rest.is_empty() {
        format!("{}.", capitalize(link_note))
    } else if ends_in_preposition {
        format!("{rest} the {link_note}.")
    } else {
        format!("{rest} ({link_note}).")
    }
}

/// Room a LinkedIn post, Instagram caption or X thread is written into: what they usually
/// take (some 250 to 550 bytes), well under the 1 KiB from which the allocator serves
/// memory from its large bins (slower, and it first sweeps up every small freed block).
const COPY_CAPACITY: usize = 640;

/// Appends the closing pieces every LinkedIn and Instagram copy ends with.
fn push_closing(copy: &mut String, parts: &Parts<'_>) {
    copy.push_str("\n\n");
    copy.push_str(parts.cta_line);
    copy.push_str("\n\n");
    copy.push_str(parts.tags);
}

pub(super) fn linkedin(item: &CopyItem<'_>, parts: &Parts<'_>) -> (String, String) {
    let mut copy = String::with_capacity(COPY_CAPACITY);
    // The hook is the angle: it has to work in the ~210 characters before "see more".
    push_sentence(&mut copy, &shortened(parts.angle, 200));
    copy.push_str("\n\n");
    push_value_line(
        &mut copy,
        item.stage,
        item.variant,
        parts.focus,
        parts.client,
    );
    copy.push_str("\n\n");
    if item.content_type == ContentType::Carousel {
        copy.push_str("Swipe through the slides for the full breakdown:\n");
    }
    push_points(&mut copy, "→ ", bullets(item.stage, item.variant));
    push_closing(&mut copy, parts);
    (social_title(item, parts), copy)
}

pub(super) fn instagram(item: &CopyItem<'_>, parts: &Parts<'_>) -> (String, String) {
    let format_line = match item.content_type {
        ContentType::Carousel => "Swipe through for every step →",
        ContentType::Reel => "Watch to the end for the one change that matters most.",
        ContentType::Story => "Tap the link sticker to find out more.",
        _ => "Tag someone who needs to see this.",
    };
    let mut copy = String::with_capacity(COPY_CAPACITY);
    copy.push_str(&shortened(parts.angle, INSTAGRAM_HOOK - 2));
    copy.push_str(" ✨\n\n");
    push_value_line(
        &mut copy,
        item.stage,
        item.variant,
        parts.focus,
        parts.client,
    );
    copy.push_str("\n\n");
    copy.push_str(format_line);
    push_closing(&mut copy, parts);
    (social_title(item, parts), copy)
}

/// `text` cut on a word boundary until X weighs it at most `budget`.
fn fit_x(text: &str, budget: usize) -> String {
    let mut max = text.chars().count();
    let mut out = Cow::Borrowed(text.trim());
    while x_weighted_length(&out) > budget && max > 1 {
        max = max.saturating_sub(5).max(1);
        out = Cow::Owned(shorten(text, max));
    }
    out.into_owned()
}

pub(super) fn x_post(item: &CopyItem<'_>, parts: &Parts<'_>) -> (String, String) {
    let (angle, tail) = (parts.angle, parts.cta_line);
    let title = social_title(item, parts);
    if item.content_type == ContentType::Thread {
        // A thread is its posts separated by a blank line, each numbered and each within
        // the budget on its own.
        let points = bullets(item.stage, item.variant);
        let mut copy = String::with_capacity(COPY_CAPACITY);
        let mut post = String::with_capacity(300);
        for i in 0..THREAD_POSTS {
            post.clear();
            write!(post, "{}/{THREAD_POSTS} ", i + 1).expect("writing to a String cannot fail");
            match i {
                0 => {
                    post.push_str(angle);
                    post.push_str(" 🧵");
                }
                1 => push_value_line(
                    &mut post,
                    item.stage,
                    item.variant,
                    parts.focus,
                    parts.client,
                ),
                2 => {
                    post.push_str("What works: ");
                    push_lower_first(&mut post, points[0]);
                    post.push_str("; ");
                    push_lower_first(&mut post, points[1]);
                    post.push_str("; ");
                    push_lower_first(&mut post, points[2]);
                    post.push('.');
                }
                _ => post.push_str(tail),
            }
            if i > 0 {
                copy.push_str("\n\n");
            }
            copy.push_str(&fit_x(&post, X_BUDGET));
        }
        return (title, copy);
    }
    let value = x_takeaway(item.stage, item.variant);
    // Best version first; each fallback drops or shortens something until it fits. Each
    // is written into the same buffer and weighed before the next is tried.
    let mut copy = String::with_capacity(300);
    for candidate in 0..3 {
        copy.clear();
        match candidate {
            0 => {
                copy.push_str(angle);
                copy.push_str("\n\n");
                copy.push_str(value);
            }
            1 => copy.push_str(angle),
            _ => copy.push_str(&shortened(angle, 120)),
        }
        copy.push_str("\n\n");
        copy.push_str(tail);
        if x_weighted_length(&copy) <= X_BUDGET {
            return (title, copy);
        }
    }
    let copy = fit_x(&format!("{}\n\n{tail}", shorten(angle, 100)), X_BUDGET);
    (title, copy)
}
