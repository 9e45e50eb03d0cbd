//! Reading draft text the way the platforms do: links (with and without a scheme),
//! hashtags, and lengths in characters as users see them (grapheme clusters).
//!
//! [`find_urls`] finds the links a reader sees, for the link advice, the unsubscribe check
//! and the planner: an `http(s)://` URL is always one, whatever its domain; a bare domain
//! is one when its top-level domain is a common generic one (`example.com/path`), or a
//! two-letter country code with a path or a subdomain (`example.de/x`, `www.example.de`).
//! X's count does not use it: it finds URLs exactly as twitter-text does (its own TLD
//! lists, `bit.ly` included, `https://example.invalid` excluded), in `x_length::urls`.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// Generic top-level domains recognised without a scheme. Not every TLD in the root zone:
/// the common ones marketing copy uses; an unlisted one needs `https://` to count.
const GENERIC_TLDS: &[&str] = &[
    "academy",
    "aero",
    "agency",
    "app",
    "art",
    "asia",
    "biz",
    "blog",
    "careers",
    "cloud",
    "club",
    "com",
    "company",
    "coop",
    "design",
    "dev",
    "digital",
    "edu",
    "email",
    "events",
    "fun",
    "global",
    "gov",
    "group",
    "help",
    "info",
    "int",
    "jobs",
    "life",
    "link",
    "live",
    "marketing",
    "media",
    "mil",
    "mobi",
    "museum",
    "name",
    "net",
    "network",
    "news",
    "online",
    "org",
    "page",
    "pro",
    "shop",
    "site",
    "social",
    "solutions",
    "space",
    "store",
    "studio",
    "systems",
    "team",
    "tech",
    "tel",
    "today",
    "tools",
    "top",
    "training",
    "travel",
    "video",
    "website",
    "wiki",
    "world",
    "xyz",
    "zone",
];

/// Length in characters as users see them: extended grapheme clusters.
pub(crate) fn grapheme_len(text: &str) -> usize {
    text.graphemes(true).count()
}

/// `n` with thousands separators ("3,050"), for messages people read.
pub(crate) fn fmt_count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The first line of `text` after leading blank space: the hook a feed shows first.
pub(crate) fn first_line(text: &str) -> &str {
    text.trim_start().lines().next().unwrap_or("")
}

/// Byte ranges of the URLs in `text`, in order, not overlapping.
pub(crate) fn find_urls(text: &str) -> Vec<Range<usize>> {
    let mut urls = Vec::new();
    // Every URL's domain has a dot between two letters or digits ("acme.com"). Most copy
    // has none (its sentences end in ". "), and a byte scan for one is far cheaper than
    // the walk below, which tries a URL at every word.
    let has_inner_dot = text
        .as_bytes()
        .windows(3)
        .any(|w| w[1] == b'.' && w[0].is_ascii_alphanumeric() && w[2].is_ascii_alphanumeric());
    if !has_inner_dot {
        return urls;
    }
    let mut prev: Option<char> = None;
    let mut pos = 0;
    while pos < text.len() {
        let c = text[pos..].chars().next().expect("pos is a char boundary");
        if c.is_ascii_alphanumeric()
            && prev.is_none_or(valid_before_url)
            && let Some(len) = url_at(&text[pos..])
        {
            urls.push(pos..pos + len);
            prev = text[..pos + len].chars().next_back();
            pos += len;
            continue;
        }
        prev = Some(c);
        pos += c.len_utf8();
    }
    urls
}

/// Whether a URL may start right after `c` (twitter-text refuses letters, digits, `@`,
/// `$`, `#`; we also refuse `.`, `-`, `_`, `/` so a match never starts inside a token).
fn valid_before_url(c: char) -> bool {
    !(c.is_ascii_alphanumeric()
        || matches!(c, '@' | '＠' | '$' | '#' | '＃' | '.' | '-' | '_' | '/')
        || ('\u{202A}'..='\u{202E}').contains(&c))
}

/// The byte length of the URL starting at the beginning of `s`, if one does.
fn url_at(s: &str) -> Option<usize> {
    let scheme = ["https://", "http://"]
        .into_iter()
        .find(|p| {
            s.get(..p.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(p))
        })
        .map_or(0, str::len);
    let (domain_len, labels, tld) = domain_at(&s[scheme..])?;
    if !(tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic())) {
        return None;
    }
    let mut end = scheme + domain_len;
    // A port, then a path, query or fragment.
    if let Some(rest) = s[end..].strip_prefix(':') {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 {
            end += 1 + digits;
        }
    }
    let path_len = path_at(&s[end..]);
    // A domain glued to Latin, Greek or Cyrillic letters ("example.comé") is a word,
    // not a URL; CJK text glued to a domain is common and does not stop it.
    if path_len == 0
        && s[end..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() && u32::from(c) < 0x0530)
    {
        return None;
    }
    if scheme == 0 {
        let generic = GENERIC_TLDS.iter().any(|g| g.eq_ignore_ascii_case(tld));
        let country_ok = tld.len() == 2 && (path_len > 0 || labels > 2);
        if !(generic || country_ok) {
            return None;
        }
    }
    Some(end + path_len)
}

/// A domain name at the start of `s`: its byte length, its number of labels (two or
/// more) and its last label (the top-level domain).
///
/// [`find_urls`] asks this at the start of every word, so it keeps no list of labels: a
/// word without a dot costs one scan and no allocation.
fn domain_at(s: &str) -> Option<(usize, usize, &str)> {
    let is_label_byte = |b: u8| b.is_ascii_alphanumeric() || b == b'-';
    let bytes = s.as_bytes();
    let (mut count, mut last) = (0, "");
    let mut pos = 0;
    let mut end = 0;
    loop {
        let len = bytes[pos..]
            .iter()
            .take_while(|b| is_label_byte(**b))
            .count();
        let label = &s[pos..pos + len];
        if len == 0 || label.starts_with('-') || label.ends_with('-') {
            break;
        }
        count += 1;
        last = label;
        pos += len;
        end = pos;
        // Continue only across a dot that another label follows.
        if bytes.get(pos) == Some(&b'.') && bytes.get(pos + 1).is_some_and(|b| is_label_byte(*b)) {
            pos += 1;
        } else {
            break;
        }
    }
    if count < 2 {
        return None;
    }
    Some((end, count, last))
}

/// Byte length of a path, query or fragment at the start of `s` (0 when there is none),
/// without trailing punctuation that ends the sentence rather than the URL.
fn path_at(s: &str) -> usize {
    if !s.starts_with(['/', '?', '#']) {
        return 0;
    }
    // ASCII except quotes and angle brackets, plus Latin, Greek and Cyrillic letters,
    // which twitter-text also accepts in paths; CJK, emoji and spaces end the URL.
    let len: usize = s
        .chars()
        .take_while(|&c| {
            (c.is_ascii_graphic() && !matches!(c, '<' | '>' | '"'))
                || (c.is_alphabetic() && u32::from(c) < 0x0530)
        })
        .map(char::len_utf8)
        .sum();
    let mut path = &s[..len];
    while let Some(last) = path.chars().next_back() {
        let unbalanced = |open: char, close: char| {
            last == close && path.matches(open).count() < path.matches(close).count()
        };
        if matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '*')
            || unbalanced('(', ')')
            || unbalanced('[', ']')
        {
            path = &path[..path.len() - 1];
        } else {
            break;
        }
    }
    // A lone "/" after the domain still belongs to the URL ("example.com/").
    path.len()
}

/// The hashtags in `text` outside URLs: `#` or `＃` after a non-word character, then
/// letters, digits, marks or `_` with at least one letter (Unicode letters count).
pub(crate) fn hashtags(text: &str) -> Vec<&str> {
    let urls = find_urls(text);
    let in_url = |i: usize| urls.iter().any(|u| u.contains(&i));
    let is_tag_char = |c: char| {
        c.is_alphanumeric()
            || c == '_'
            || unicode_normalization::char::is_combining_mark(c)
            || c == '\u{200C}'
            || c == '\u{200D}'
    };
    let mut tags = Vec::new();
    let mut prev: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let starts_tag = matches!(c, '#' | '＃')
            && !in_url(i)
            && prev.is_none_or(|p| !(p.is_alphanumeric() || matches!(p, '_' | '&' | '#' | '＃')));
        prev = Some(c);
        if !starts_tag {
            continue;
        }
        let body_start = i + c.len_utf8();
        let mut body_end = body_start;
        while let Some(&(j, d)) = chars.peek() {
            if !is_tag_char(d) {
                break;
            }
            body_end = j + d.len_utf8();
            prev = Some(d);
            chars.next();
        }
        let body = &text[body_start..body_end];
        if body.chars().any(|d| d.is_alphabetic() || d == '_') {
            tags.push(&text[i..body_end]);
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(text: &str) -> Vec<&str> {
        find_urls(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn finds_scheme_urls_and_trims_sentence_punctuation() {
        assert_eq!(
            urls("Read https://example.com/a/b?c=1#d. Then (see http://x.org/p)."),
            ["https://example.com/a/b?c=1#d", "http://x.org/p"]
        );
        assert_eq!(urls("HTTPS://EXAMPLE.COM/"), ["HTTPS://EXAMPLE.COM/"]);
        assert_eq!(
            urls("wiki https://en.wikipedia.org/wiki/Foo_(bar) ok"),
            ["https://en.wikipedia.org/wiki/Foo_(bar)"]
        );
    }

    #[test]
    fn finds_bare_domains_like_twitter_text() {
        assert_eq!(urls("go to example.com/path now"), ["example.com/path"]);
        assert_eq!(urls("example.com, then"), ["example.com"]);
        assert_eq!(
            urls("www.example.de and shop.example.co.uk"),
            ["www.example.de", "shop.example.co.uk"]
        );
        assert_eq!(urls("example.de/x"), ["example.de/x"]);
        // A bare name.cc without path or subdomain is left alone, as twitter-text does.
        assert!(urls("The end.It was").is_empty());
        assert!(urls("example.de").is_empty());
    }

    #[test]
    fn ignores_non_urls() {
        assert!(urls("mail me@example.com").is_empty());
        assert!(urls("version 1.2.3 and e.g. i.e.").is_empty());
        assert!(urls("example.comfy").is_empty());
        assert!(urls("#example.com").is_empty());
        assert_eq!(urls("見てexample.com/x"), ["example.com/x"]);
        assert_eq!(urls("example.com/日本"), ["example.com/"]);
    }

    #[test]
    fn counts_hashtags_with_unicode_letters() {
        assert_eq!(
            hashtags("#Marketing #über #日本語 #café_2 #100 a#b &#39; x#"),
            ["#Marketing", "#über", "#日本語", "#café_2"]
        );
        assert_eq!(hashtags("https://example.com/#anchor #real"), ["#real"]);
        assert_eq!(hashtags("＃全角 #1️⃣"), ["＃全角"]);
        assert_eq!(hashtags("#e\u{301}te"), ["#e\u{301}te"]);
    }

    #[test]
    fn grapheme_length_counts_what_users_see() {
        assert_eq!(grapheme_len("e\u{301}"), 1);
        assert_eq!(grapheme_len("👨‍👩‍👧‍👦🇩🇪👍🏽"), 3);
        assert_eq!(grapheme_len("日本語"), 3);
    }

    #[test]
    fn formats_counts_with_separators() {
        assert_eq!(fmt_count(0), "0");
        assert_eq!(fmt_count(999), "999");
        assert_eq!(fmt_count(3_050), "3,050");
        assert_eq!(fmt_count(1_234_567), "1,234,567");
    }
}
