//! X's weighted character count (twitter-text v3 configuration), so that a draft that
//! passes here also fits the X composer.
//!
//! The text is NFC-normalised first. Then every URL counts [`X_URL_WEIGHT`] whatever its
//! length, every emoji (a whole grapheme cluster: ZWJ sequences, skin tones, flags,
//! keycaps) counts 2, and every other code point weighs 1 when it lies in one of X's
//! "light" ranges (Latin and most alphabetic scripts, general punctuation) and 2 otherwise
//! (CJK, most symbols).

use std::borrow::Cow;
use std::ops::Range;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
use unicode_segmentation::UnicodeSegmentation;

use super::limits::X_URL_WEIGHT;
use super::text::find_urls;

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
/// ```
pub fn x_weighted_length(text: &str) -> usize {
    if text.is_ascii() {
        // ASCII text is NFC, holds no emoji and weighs 1 a character: only its URLs count
        // otherwise (the usual generated X copy takes this path).
        let urls = find_urls(text);
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
    let urls = find_urls(text);
    if text.chars().any(may_start_emoji) {
        weight_by_clusters(text, &urls)
    } else {
        weight_by_chars(text, &urls)
    }
}

/// The weight of NFC `text` with its `urls`, one grapheme cluster at a time.
fn weight_by_clusters(text: &str, urls: &[Range<usize>]) -> usize {
    // One pass over the grapheme clusters, with a cursor into the (sorted, disjoint) URLs,
    // so the count stays linear however many URLs and emoji a draft holds.
    let mut weight = urls.len() * X_URL_WEIGHT;
    let mut next_url = urls.iter().peekable();
    for_each_cluster(text, |start, cluster| {
        let end = start + cluster.len();
        while next_url.next_if(|u| u.end <= start).is_some() {}
        match next_url.peek() {
            // A cluster that overlaps a URL is part of it; only code points that spill
            // past the URL's end (a combining mark glued to its last letter) add weight.
            Some(url) if url.start < end => {
                weight += cluster
                    .char_indices()
                    .filter(|(i, _)| start + i >= url.end || start + i < url.start)
                    .map(|(_, c)| char_weight(c))
                    .sum::<usize>();
            }
            _ if is_emoji(cluster) => weight += EMOJI_WEIGHT,
            _ => weight += cluster.chars().map(char_weight).sum::<usize>(),
        }
    });
    weight
}

/// Calls `f` with each grapheme cluster of `text` and its byte offset, in order: the
/// clusters of `text.grapheme_indices(true)`.
///
/// Two ASCII characters always have a cluster boundary between them, CR LF alone
/// excepted: no ASCII character extends, joins or prepends to a cluster (UAX #29). So the
/// text is cut at those boundaries and only the pieces with other characters in them are
/// segmented; an emoji in mostly ASCII copy no longer makes the whole text go through the
/// segmenter, which costs some fifty instructions a character.
fn for_each_cluster<'t>(text: &'t str, mut f: impl FnMut(usize, &'t str)) {
    let bytes = text.as_bytes();
    let mut piece_start = 0;
    for end in 1..=bytes.len() {
        let boundary = end == bytes.len()
            || (bytes[end - 1].is_ascii()
                && bytes[end].is_ascii()
                && !(bytes[end - 1] == b'\r' && bytes[end] == b'\n'));
        if !boundary {
            continue;
        }
        let piece = &text[piece_start..end];
        if piece.len() == 1 {
            f(piece_start, piece);
        } else {
            for (offset, cluster) in piece.grapheme_indices(true) {
                f(piece_start + offset, cluster);
            }
        }
        piece_start = end;
    }
}

/// [`weight_by_clusters`] for a text without any code point that can make a cluster an
/// emoji ([`may_start_emoji`]): then every cluster weighs the sum of its code points
/// outside the URLs, so the count needs no grapheme segmentation (the costly part).
fn weight_by_chars(text: &str, urls: &[Range<usize>]) -> usize {
    let mut weight = urls.len() * X_URL_WEIGHT;
    let mut pos = 0;
    for url in urls {
        weight += text[pos..url.start].chars().map(char_weight).sum::<usize>();
        pos = url.end;
    }
    weight + text[pos..].chars().map(char_weight).sum::<usize>()
}

fn char_weight(c: char) -> usize {
    let cp = u32::from(c);
    if LIGHT_RANGES.iter().any(|&(lo, hi)| (lo..=hi).contains(&cp)) {
        1
    } else {
        2
    }
}

/// Whether a grapheme cluster is an emoji: it starts with a pictograph or a regional
/// indicator, or carries the emoji presentation selector (U+FE0F) or a keycap (U+20E3).
/// A cluster keeps a ZWJ sequence, its skin tones and a flag's two indicators together.
fn is_emoji(cluster: &str) -> bool {
    let Some(first) = cluster.chars().next() else {
        return false;
    };
    is_pictograph(first) || cluster.contains(['\u{FE0F}', '\u{20E3}'])
}

/// Whether `c` starts an emoji cluster when it leads one.
fn is_pictograph(c: char) -> bool {
    matches!(u32::from(c),
        0x1F000..=0x1FAFF // pictographs, emoticons, transport, flags (regional indicators)
        | 0x2600..=0x27BF // miscellaneous symbols, dingbats
        | 0x2300..=0x23FF // technical (⌚, ⏰)
        | 0x2B00..=0x2BFF // arrows and stars (⬆, ⭐)
        | 0x1FC00..=0x1FFFD // reserved for future pictographs
    )
}

/// Whether `c` can make the cluster it is in an emoji ([`is_emoji`]): a text without any
/// such code point has no emoji cluster.
fn may_start_emoji(c: char) -> bool {
    is_pictograph(c) || matches!(c, '\u{FE0F}' | '\u{20E3}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_counts_one_per_character() {
        assert_eq!(x_weighted_length(""), 0);
        assert_eq!(x_weighted_length("abc def"), 7);
        assert_eq!(x_weighted_length(&"a".repeat(280)), 280);
        // General punctuation in the light ranges: en dash, curly quotes; the ellipsis
        // (U+2026) lies outside them and weighs 2, as on X.
        assert_eq!(x_weighted_length("–“”"), 3);
        assert_eq!(x_weighted_length("…"), 2);
    }

    #[test]
    fn cjk_counts_two() {
        assert_eq!(x_weighted_length("日本語"), 6);
        assert_eq!(x_weighted_length("한국어"), 6);
    }

    #[test]
    fn an_emoji_sequence_counts_two() {
        assert_eq!(x_weighted_length("👍"), 2);
        assert_eq!(x_weighted_length("👍🏽"), 2);
        assert_eq!(x_weighted_length("👨‍👩‍👧‍👦"), 2);
        assert_eq!(x_weighted_length("🇩🇪"), 2);
        assert_eq!(x_weighted_length("❤️"), 2);
        assert_eq!(x_weighted_length("1️⃣"), 2);
        assert_eq!(x_weighted_length("🏴󠁧󠁢󠁳󠁣󠁴󠁿"), 2);
        assert_eq!(x_weighted_length("hi 👋🇩🇪"), 3 + 2 + 2);
    }

    #[test]
    fn combining_characters_are_normalised_first() {
        assert_eq!(x_weighted_length("e\u{301}"), 1);
        assert_eq!(
            x_weighted_length("caf\u{e9}"),
            x_weighted_length("cafe\u{301}")
        );
    }

    #[test]
    fn every_url_counts_23() {
        let long = format!("https://example.com/{}", "a".repeat(200));
        assert_eq!(x_weighted_length(&long), 23);
        assert_eq!(x_weighted_length("http://x.co"), 23);
        assert_eq!(x_weighted_length("example.com"), 23);
        assert_eq!(x_weighted_length("go example.com/path!"), 3 + 23 + 1);
        assert_eq!(x_weighted_length("a.com b.org"), 23 + 1 + 23);
    }

    #[test]
    fn urls_with_ports_queries_and_brackets_count_23() {
        assert_eq!(
            x_weighted_length("https://example.com:8443/p?q=1&r=2."),
            23 + 1
        );
        assert_eq!(x_weighted_length("(https://example.com/a_(b))"), 1 + 23 + 1);
        assert_eq!(x_weighted_length("(see example.com)"), 5 + 23 + 1);
        assert_eq!(x_weighted_length("https://example.com/#anchor!"), 23 + 1);
    }

    #[test]
    fn urls_and_emoji_side_by_side() {
        assert_eq!(x_weighted_length("example.com/😀"), 23 + 2);
        assert_eq!(x_weighted_length("😀https://x.com"), 2 + 23);
        assert_eq!(x_weighted_length("👍🏽 https://x.com 👨‍👩‍👧‍👦"), 2 + 1 + 23 + 1 + 2);
        // A combining mark glued to a URL's last letter still counts on its own.
        assert_eq!(x_weighted_length("x.com\u{20DD}"), 23 + 2);
    }

    #[test]
    fn counting_by_code_points_agrees_with_counting_by_clusters() {
        // Texts without emoji take the short cut; it must give the cluster count exactly,
        // combining marks, CJK, CRLF, prepended marks and URLs included.
        for text in [
            "",
            "abc def",
            "Start small, measure weekly — cut what fails…",
            "caf\u{e9} na\u{ef}ve r\u{e9}sum\u{e9}",
            "e\u{301}\u{302} x.com\u{20DD} and a.com b.org",
            "日本語 한국어 ﾃｽﾄ",
            "line\r\nbreak\n\nand https://example.com/a_(b)?q=1, then example.de/x.",
            "\u{600}1 \u{600}example.com \u{200D}x",
            "(see example.com) https://example.com/#anchor!",
        ] {
            assert!(!text.chars().any(may_start_emoji), "{text}");
            let urls = find_urls(text);
            let by_clusters = weight_by_clusters(text, &urls);
            assert_eq!(weight_by_chars(text, &urls), by_clusters, "{text:?}");
            let nfc: String = text.nfc().collect();
            let nfc_by_clusters = weight_by_clusters(&nfc, &find_urls(&nfc));
            assert_eq!(x_weighted_length(text), nfc_by_clusters, "{text:?}");
        }
    }

    #[test]
    fn clusters_are_found_as_the_segmenter_finds_them() {
        for text in [
            "",
            "a",
            "ab",
            "1/4 The easy next step: Book a 20-minute demo 🧵",
            "a\u{301}b e\u{301}\u{302}",
            "x🇩🇪🇫🇷y 🇩🇪🇫",
            "👨‍👩‍👧‍👦 👍🏽 ❤️ 1️⃣ #️⃣",
            "\u{600}1 \u{600}\u{600}a",
            "line\r\n\r\nbreak\r\rx\n\r",
            "한국어 क्षि ᄀᄀᄀ각",
            "café — “quotes” … ✨ 👉 done.",
            "🏴󠁧󠁢󠁳󠁣󠁴󠁿 x.com\u{20DD}",
        ] {
            let mut ours = Vec::new();
            for_each_cluster(text, |i, c| ours.push((i, c)));
            let theirs: Vec<_> = text.grapheme_indices(true).collect();
            assert_eq!(ours, theirs, "{text:?}");
        }
    }

    #[test]
    fn long_drafts_with_many_urls_and_emoji_count_in_linear_time() {
        let unit = "👍 https://example.com/p ";
        let text = unit.repeat(20_000);
        let started = std::time::Instant::now();
        assert_eq!(x_weighted_length(&text), 20_000 * (2 + 1 + 23 + 1));
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
}
