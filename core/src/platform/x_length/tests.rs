//! Unit tests of the X count, one class at a time. Every expected number is twitter-text
//! 3.1.0's `parseTweet(text).weightedLength` (newer emoji aside, as documented);
//! tests/it/x_counting.rs checks a corpus of thousands against twitter-text itself.

use super::*;

fn urls_in(text: &str) -> Vec<&str> {
    url_ranges(text)
        .into_iter()
        .map(|(r, _)| &text[r])
        .collect()
}

#[test]
fn characters_weigh_one_in_the_light_ranges_and_two_elsewhere() {
    assert_eq!(x_weighted_length(""), 0);
    assert_eq!(x_weighted_length("abc def"), 7);
    assert_eq!(x_weighted_length(&"a".repeat(280)), 280);
    // General punctuation in the light ranges (en dash, curly quotes); the ellipsis
    // (U+2026) and the left-to-right mark (U+200E) lie outside them.
    assert_eq!(x_weighted_length("–“”"), 3);
    assert_eq!(x_weighted_length("…"), 2);
    assert_eq!(x_weighted_length("\u{2000}\u{200D}\u{200E}"), 4);
    // U+10FF is the last light code point; Hangul jamo (U+1100) are not.
    assert_eq!(x_weighted_length("\u{10FF}"), 1);
    assert_eq!(x_weighted_length("\u{1100}"), 2);
    assert_eq!(x_weighted_length("日本語"), 6);
    assert_eq!(x_weighted_length("한국어"), 6);
    assert_eq!(x_weighted_length("𝐀"), 2);
}

#[test]
fn text_is_normalised_to_nfc_first() {
    assert_eq!(x_weighted_length("e\u{301}"), 1);
    assert_eq!(
        x_weighted_length("caf\u{e9}"),
        x_weighted_length("cafe\u{301}")
    );
    // The Ångström sign becomes Å (light); Devanagari QA decomposes into two light code
    // points; conjoining jamo compose into one syllable (heavy).
    assert_eq!(x_weighted_length("\u{212B}"), 1);
    assert_eq!(x_weighted_length("\u{958}"), 2);
    assert_eq!(x_weighted_length("\u{1100}\u{1161}"), 2);
}

#[test]
fn an_emoji_twitter_text_recognises_counts_two() {
    for emoji in [
        "👍",
        "👍🏽",
        "👨‍👩‍👧‍👦",
        "🇩🇪",
        "❤️",
        "❤",
        "1️⃣",
        "1⃣",
        "🏴󠁧󠁢󠁳󠁣󠁴󠁿",
        "☝🏽",
        "©️",
        "↔",
    ] {
        assert_eq!(x_weighted_length(emoji), 2, "{emoji}");
    }
    assert_eq!(x_weighted_length("hi 👋🇩🇪"), 3 + 2 + 2);
    // © without U+FE0F is a Latin-1 character, not an emoji.
    assert_eq!(x_weighted_length("©"), 1);
}

#[test]
fn what_is_left_over_from_an_emoji_weighs_on_its_own() {
    // Dangling joiners (U+200D weighs 1), extra and misplaced skin tones, invalid flags.
    assert_eq!(x_weighted_length("👍\u{200D}"), 3);
    assert_eq!(x_weighted_length("\u{200D}👍"), 3);
    assert_eq!(x_weighted_length("👍🏻🏿"), 4);
    assert_eq!(x_weighted_length("🏽👍"), 4);
    assert_eq!(x_weighted_length("😀🏽"), 4);
    assert_eq!(x_weighted_length("🇦🇦"), 4);
    assert_eq!(x_weighted_length("🇩🇪🇫"), 4);
    // Combining marks after an emoji, variation selectors on what is no emoji.
    assert_eq!(x_weighted_length("😀\u{301}"), 3);
    assert_eq!(x_weighted_length("a\u{FE0F}"), 3);
    assert_eq!(x_weighted_length("日\u{FE0F}"), 4);
    // Text presentation (U+FE0E) makes no emoji; ♾️ is ♾ then a lone U+FE0F for
    // twemoji-parser 11.
    assert_eq!(x_weighted_length("❤\u{FE0E}"), 4);
    assert_eq!(x_weighted_length("↔\u{FE0E}"), 4);
    assert_eq!(x_weighted_length("♾️"), 4);
}

#[test]
fn newer_emoji_count_two_as_in_current_unicode() {
    // twitter-text 3.1.0 gives 8, 5, 4, 4, 4 and 7: it knows Emoji 11.0 only.
    for emoji in ["🧑‍🤝‍🧑", "❤️‍🔥", "🫱🏽", "🇨🇶", "⚧️", "🏳️‍⚧️", "🥱"]
    {
        assert_eq!(x_weighted_length(emoji), 2, "{emoji}");
    }
}

#[test]
fn bare_domains_with_a_known_tld_are_urls() {
    for url in [
        "bit.ly",
        "example.de",
        "t.co",
        "example.ninja",
        "readme.md",
        "end.It",
    ] {
        assert_eq!(x_weighted_length(url), 23, "{url}");
    }
    assert_eq!(x_weighted_length("example.invalid"), 15);
    assert_eq!(x_weighted_length("1.2.3"), 5);
    assert_eq!(x_weighted_length("a.com b.org"), 47);
    assert_eq!(
        urls_in("see example.com, bit.ly/x."),
        ["example.com", "bit.ly/x"]
    );
}

#[test]
fn a_scheme_still_needs_a_known_tld() {
    assert_eq!(x_weighted_length("http://x.co"), 23);
    assert_eq!(x_weighted_length("https://example.invalid/x"), 25);
    let long = format!("https://example.com/{}", "a".repeat(200));
    assert_eq!(x_weighted_length(&long), 23);
}

#[test]
fn what_may_precede_a_url() {
    // Without a scheme, not after -, _, / or . (nor a letter, digit, @, $ or #).
    for text in [
        "-example.com",
        "_example.com",
        "/example.com",
        ".example.com",
    ] {
        assert_eq!(x_weighted_length(text), 12, "{text}");
    }
    for text in ["@example.com", "$example.com", "#example.com"] {
        assert_eq!(x_weighted_length(text), 12, "{text}");
    }
    // A directional mark may; with a scheme, so may a hyphen.
    assert_eq!(x_weighted_length("\u{200E}example.com"), 2 + 23);
    assert_eq!(x_weighted_length("x-https://example.com"), 2 + 23);
    assert_eq!(x_weighted_length("(see example.com)"), 5 + 23 + 1);
}

#[test]
fn how_a_url_ends() {
    // Trailing ~ & % $ @ | ] and a + after a query are not part of it.
    for end in ["~", "&", "%", "$", "@", "|", "]"] {
        assert_eq!(
            x_weighted_length(&format!("example.com/a{end}")),
            24,
            "{end}"
        );
    }
    assert_eq!(x_weighted_length("example.com/p?q=1+"), 24);
    // Balanced brackets belong to the path; an unbalanced ( does not, nor brackets after
    // a character a path may not end with.
    assert_eq!(x_weighted_length("example.com/a_(b)"), 23);
    assert_eq!(x_weighted_length("(https://example.com/a_(b))"), 1 + 23 + 1);
    assert_eq!(x_weighted_length("example.com/a(b"), 25);
    assert_eq!(x_weighted_length("example.com/a.(b)"), 27);
    assert_eq!(x_weighted_length("https://example.com/#anchor!"), 24);
    assert_eq!(x_weighted_length("https://example.com:8443/p?q=1&r=2."), 24);
}

#[test]
fn which_characters_a_path_holds() {
    // Latin with accents, Vietnamese and Cyrillic go on; Greek (but iota, which folds to
    // a combining mark's capital) and CJK stop the path.
    assert_eq!(x_weighted_length("example.com/tiếng-việt"), 23);
    assert_eq!(x_weighted_length("example.com/кириллица"), 23);
    assert_eq!(x_weighted_length("example.com/ιota"), 23);
    assert_eq!(x_weighted_length("example.com/ελληνικά"), 23 + 8);
    assert_eq!(x_weighted_length("example.com/日本語"), 23 + 6);
    assert_eq!(x_weighted_length("example.com/😀"), 23 + 2);
}

#[test]
fn ports_queries_without_a_path_and_t_co_links() {
    // Without a path, a bare domain's port and query are text.
    assert_eq!(x_weighted_length("example.com:8080"), 28);
    assert_eq!(x_weighted_length("example.com?q=1"), 27);
    assert_eq!(x_weighted_length("example.com:8080/x"), 23);
    // A t.co link ends after its slug; a slug over 40 makes no link.
    assert_eq!(x_weighted_length("https://t.co/abc/def"), 27);
    assert_eq!(
        x_weighted_length(&format!("https://t.co/{}", "a".repeat(40))),
        23
    );
    assert_eq!(
        x_weighted_length(&format!("https://t.co/{}", "a".repeat(41))),
        54
    );
}

#[test]
fn non_ascii_domains_need_a_scheme_or_an_ascii_domain() {
    assert_eq!(x_weighted_length("https://例子.中国/x"), 23);
    assert_eq!(x_weighted_length("例子.中国"), 9);
    assert_eq!(x_weighted_length("пример.рф"), 9);
    assert_eq!(x_weighted_length("bücher.de"), 23);
    assert_eq!(x_weighted_length("xn--bcher-kva.de"), 23);
    assert_eq!(x_weighted_length("https://twitter.vermögensberatung"), 23);
    // Only the ASCII domain of a domain that starts in another script is a URL.
    assert_eq!(x_weighted_length("@a😀.x.com"), 5 + 23);
    assert_eq!(x_weighted_length("a😀.com"), 7);
}

#[test]
fn labels_underscores_and_hyphens() {
    assert_eq!(x_weighted_length("my_site.example.com"), 3 + 23);
    assert_eq!(x_weighted_length("example_site.com"), 16);
    assert_eq!(x_weighted_length("a-.com"), 6);
    assert_eq!(x_weighted_length("xn--日本.com"), 12);
}

#[test]
fn size_limits_disqualify_a_url() {
    assert_eq!(
        x_weighted_length(&format!("https://{}.com", "a".repeat(63))),
        23
    );
    assert_eq!(
        x_weighted_length(&format!("https://{}.com", "a".repeat(64))),
        76
    );
    // 4,096 counting the scheme twice, or "https://" for a bare domain.
    let at = |len: usize| format!("https://example.com/{}", "a".repeat(len - 20));
    assert_eq!(x_weighted_length(&at(4088)), 23);
    assert_eq!(x_weighted_length(&at(4089)), 4089);
    let bare = |len: usize| format!("example.com/{}", "a".repeat(len - 12));
    assert_eq!(x_weighted_length(&bare(4088)), 23);
    assert_eq!(x_weighted_length(&bare(4089)), 4089);
}

#[test]
fn twitter_text_quirks_are_kept() {
    // A bare URL is placed where its domain's text first occurs (`indexOf`), and the count
    // skips as many code units as its text has, however much domain text there was.
    assert_eq!(x_weighted_length("éexample.com-例子.中国example.com/a"), 44);
    assert_eq!(x_weighted_length("example.comПРИМЕР.РФ/x"), 32);
    // The keycap starting inside a URL is not an emoji; its rest weighs on its own.
    assert_eq!(x_weighted_length("example.com/#️⃣"), 27);
    assert_eq!(x_weighted_length("x.com\u{20DD}"), 25);
}

#[test]
fn urls_and_emoji_side_by_side() {
    assert_eq!(x_weighted_length("😀https://x.com"), 2 + 23);
    assert_eq!(x_weighted_length("👍🏽 https://x.com 👨‍👩‍👧‍👦"), 2 + 1 + 23 + 1 + 2);
}

#[test]
fn the_ascii_path_counts_as_the_general_one() {
    for text in [
        "Launch day! Read https://example.com/launch?utm_source=x and bit.ly/x.",
        "(see example.com) https://example.com/a_(b)?q=1, then example.de/x.",
        "-a.com _b.com c.com:80 d.com?x=1 e.com/f.(g) 1.2.3 https://t.co/abc/def",
    ] {
        let by_units: Vec<u16> = text.encode_utf16().collect();
        assert_eq!(urls::find(text.as_bytes()), urls::find(&by_units), "{text}");
        let urls: Vec<_> = url_ranges(text);
        assert_eq!(x_weighted_length(text), weigh(text, &urls, &[]), "{text}");
    }
}

#[test]
fn tables_are_consistent() {
    use emoji_table::{NEWER, TWEMOJI, TWEMOJI_UNLESS_TEXT_STYLE};
    for table in [TWEMOJI, TWEMOJI_UNLESS_TEXT_STYLE, NEWER, tlds::ASCII_TLDS] {
        assert!(
            table.windows(2).all(|w| w[0] < w[1]),
            "sorted for binary search"
        );
    }
    assert!(
        TWEMOJI
            .iter()
            .chain(NEWER)
            .all(|e| emoji::may_start(e.chars().next().unwrap()))
    );
    // A path may end only with characters a path holds.
    for u in 0..=u16::MAX {
        if url_chars::PATH_END
            .iter()
            .any(|&(lo, hi)| (lo..=hi).contains(&u))
        {
            assert!(
                url_chars::PATH
                    .iter()
                    .any(|&(lo, hi)| (lo..=hi).contains(&u)),
                "{u:#x}"
            );
        }
    }
}

#[test]
fn long_drafts_count_in_linear_time() {
    let unit = "👍 https://example.com/p ";
    let text = unit.repeat(20_000);
    let started = std::time::Instant::now();
    assert_eq!(x_weighted_length(&text), 20_000 * (2 + 1 + 23 + 1));
    let words = "word-word_word-word ".repeat(5_000);
    assert_eq!(x_weighted_length(&words), words.len());
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}
