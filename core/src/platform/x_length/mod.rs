//! X's weighted character count, as twitter-text 3.1.0 (`parseTweet`, its default v3
//! configuration) gives it, so that a draft that passes here also fits the X composer.
//!
//! The text is NFC-normalised first. Then, left to right:
//! - every URL counts [`X_URL_WEIGHT`] whatever its length: URLs as twitter-text finds
//!   them ([`urls`]), so a bare domain counts when its TLD is one twitter-text knows
//!   (`bit.ly`, `example.de`, `readme.md`), and even with `https://` a URL needs a known
//!   TLD (`https://example.invalid/x` is text);
//! - every emoji counts 2: an emoji as twemoji-parser 11.0.2 (twitter-text's parser)
//!   recognises one, or an RGI emoji added in Emoji 12.0 to 17.0, which twitter-text
//!   splits but X's composer counts as one ([`emoji`]: the one deliberate difference);
//! - every other code point weighs 1 when it lies in one of X's "light" ranges (Latin and
//!   most alphabetic scripts below U+1100, general punctuation) and 2 otherwise (CJK, most
//!   symbols, a joiner or skin tone left over from an emoji, any astral code point).
//!
//! tests/it/x_counting.rs compares this with twitter-text itself on a corpus of several
//! thousand posts.

mod emoji;
#[rustfmt::skip]
mod emoji_table;
mod punycode;
#[rustfmt::skip]
mod tlds;
#[rustfmt::skip]
mod url_chars;
mod urls;

#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::ops::Range;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use super::limits::X_URL_WEIGHT;

/// Code points that weigh 1; every other code point weighs 2 (twitter-text v3 `ranges`).
const LIGHT_RANGES: [(u32, u32); 4] = [(0, 4351), (8192, 8205), (8208, 8223), (8242, 8247)];

/// Weight of one emoji, whatever the code points in its sequence.
const EMOJI_WEIGHT: usize = 2;

/// The length of `text` as X counts it against its 280 limit.
///
/// ```
/// use campaign_ops_core::platform::x_weighted_length;
/// assert_eq!(x_weighted_length("Hello"), 5);
/// assert_eq!(x_weighted_length("日本語"), 6);
/// assert_eq!(x_weighted_length("👨‍👩‍👧‍👦"), 2);
/// assert_eq!(x_weighted_length("see https://example.com/a/very/long/path"), 4 + 23);
/// assert_eq!(x_weighted_length("bit.ly/x"), 23);
/// ```
pub fn x_weighted_length(text: &str) -> usize {
    if text.is_ascii() {
        // ASCII text is NFC, holds no emoji (a keycap needs U+20E3) and weighs 1 a
        // character: only its URLs count otherwise (the usual generated X copy).
        let urls = urls::find(text.as_bytes());
        let in_urls: usize = urls.iter().map(Range::len).sum();
        return text.len() - in_urls + urls.len() * X_URL_WEIGHT;
    }
    // Most drafts are NFC already (the quick check answers from a table lookup per code
    // point); normalising anyway allocates and costs more than the count itself.
    let normalised: Cow<'_, str> = match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => Cow::Borrowed(text),
        _ => Cow::Owned(text.nfc().collect()),
    };
    let text = normalised.as_ref();
    weigh(text, &url_ranges(text), &emoji::find(text))
}

/// The weight of NFC `text` whose URLs (byte ranges and weights) and emoji (byte ranges)
/// are given, each sorted.
///
/// As twitter-text does: a URL starting at the current position counts 23, else an emoji
/// starting there counts 2, else the code point counts on its own; a URL or emoji that
/// starts inside one already counted is not one (its remaining code points weigh alone).
fn weigh(text: &str, urls: &[(Range<usize>, usize)], emoji: &[Range<usize>]) -> usize {
    let (mut next_url, mut next_emoji) = (urls.iter().peekable(), emoji.iter().peekable());
    let mut weight = 0;
    let mut pos = 0;
    while pos < text.len() {
        while next_url.next_if(|(u, _)| u.start < pos).is_some() {}
        while next_emoji.next_if(|e| e.start < pos).is_some() {}
        if let Some((url, url_weight)) = next_url.next_if(|(u, _)| u.start == pos) {
            weight += url_weight;
            pos = url.end;
            continue;
        }
        if let Some(e) = next_emoji.next_if(|e| e.start == pos) {
            weight += EMOJI_WEIGHT;
            pos = e.end;
            continue;
        }
        // The code points up to the next URL or emoji weigh on their own.
        let until = [
            next_url.peek().map(|(u, _)| u.start),
            next_emoji.peek().map(|e| e.start),
        ]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(text.len());
        weight += text[pos..until].chars().map(char_weight).sum::<usize>();
        pos = until;
    }
    weight
}

/// The URLs of `text` ([`urls::find`] on its UTF-16 code units): the byte range that each
/// covers, and the weight it adds (23, or 25 when it ends inside a surrogate pair).
fn url_ranges(text: &str) -> Vec<(Range<usize>, usize)> {
    if !text.contains('.') {
        return Vec::new();
    }
    let units: Vec<u16> = text.encode_utf16().collect();
    let found = urls::find(&units);
    // Unit offsets to byte offsets. A URL starts at a character boundary (an ASCII letter
    // or digit); twitter-text may resume counting after it inside a surrogate pair (when
    // domain text followed its last ASCII domain), and then weighs the lone half 2: the
    // weight of the whole astral character, which the range then covers.
    let (mut unit, mut byte) = (0, 0);
    let mut chars = text.chars();
    let mut to_byte = |target: usize| {
        while unit < target {
            let c = chars.next().expect("a URL ends inside the text");
            unit += c.len_utf16();
            byte += c.len_utf8();
        }
        (byte, unit > target)
    };
    found
        .into_iter()
        .map(|r| {
            let (start, _) = to_byte(r.start);
            let (end, split) = to_byte(r.end);
            (start..end, X_URL_WEIGHT + if split { 2 } else { 0 })
        })
        .collect()
}

fn char_weight(c: char) -> usize {
    let cp = u32::from(c);
    if LIGHT_RANGES.iter().any(|&(lo, hi)| (lo..=hi).contains(&cp)) {
        1
    } else {
        2
    }
}
