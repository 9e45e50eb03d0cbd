//! The emoji X weighs as 2 each, found as twitter-text 3.1.0 finds them (twemoji-parser
//! 11.0.2's regex, run over the whole text), plus the newer emoji it does not know.
//!
//! The regex is a list of alternatives whose first match is, on every text, the longest of
//! the strings it can match (generate_tables.mjs checks that), so the emoji are found here
//! by the longest entry of [`TWEMOJI`] at each position, left to right, without overlap.
//! So a dangling joiner, an extra or misplaced skin tone, an invalid flag or a combining
//! mark after an emoji is not part of the emoji and weighs on its own.
//!
//! twemoji-parser 11.0.2 knows Emoji 11.0 only and splits the sequences added since (🧑‍🤝‍🧑,
//! ❤️‍🔥, 🫱🏽, 🇨🇶 ...), which X's composer counts as one emoji each. Those RGI emoji of Emoji
//! 12.0 to 17.0 are found here too ([`NEWER`]): the one place where this count differs
//! from twitter-text's, by following current Unicode.

use std::ops::Range;

use super::emoji_table::{CONTINUES, MAX_CHARS, NEWER, STARTS, TWEMOJI, TWEMOJI_UNLESS_TEXT_STYLE};

/// U+FE0E VARIATION SELECTOR-15 (text presentation).
const TEXT_STYLE: char = '\u{FE0E}';

/// Whether `c` starts some emoji.
pub(super) fn may_start(c: char) -> bool {
    in_ranges(STARTS, c)
}

/// Whether `c` lies in one of the sorted inclusive `ranges`.
fn in_ranges(ranges: &[(u32, u32)], c: char) -> bool {
    let cp = u32::from(c);
    ranges
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// The byte ranges of the emoji in `text`, in order, not overlapping.
pub(super) fn find(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut pos = 0;
    while let Some(c) = text[pos..].chars().next() {
        let len = if may_start(c) {
            longest_at(text, pos)
        } else {
            0
        };
        if len > 0 {
            found.push(pos..pos + len);
            pos += len;
        } else {
            pos += c.len_utf8();
        }
    }
    found
}

/// The byte length of the longest emoji at `pos` in `text`, or 0.
fn longest_at(text: &str, pos: usize) -> usize {
    let rest = &text[pos..];
    // The ends of the first characters, up to MAX_CHARS and as long as they may go on an
    // emoji (most emoji stand alone, so this is one candidate), tried longest first.
    let mut ends = [0usize; MAX_CHARS];
    let mut count = 0;
    for (i, c) in rest.char_indices().take(MAX_CHARS) {
        if i > 0 && !in_ranges(CONTINUES, c) {
            break;
        }
        ends[count] = i + c.len_utf8();
        count += 1;
    }
    for &end in ends[..count].iter().rev() {
        let candidate = &rest[..end];
        if TWEMOJI.binary_search(&candidate).is_ok() || NEWER.binary_search(&candidate).is_ok() {
            return end;
        }
        if TWEMOJI_UNLESS_TEXT_STYLE.binary_search(&candidate).is_ok()
            && !rest[end..].starts_with(TEXT_STYLE)
        {
            return end;
        }
    }
    0
}
