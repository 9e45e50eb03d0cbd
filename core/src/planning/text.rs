//! Small text helpers for generated copy: shortening on word boundaries, hashtags, URLs.

use std::borrow::Cow;

use crate::platform::text::find_urls;

/// `s` trimmed and cut to at most `max` characters on a word boundary, with "…" when cut.
pub(crate) fn shorten(s: &str, max: usize) -> String {
    shortened(s, max).into_owned()
}

/// [`shorten`], borrowing `s` when it fits: copy that only appends the result to a
/// buffer needs no new String for text that is not cut (the usual case). A cut one is
/// sliced, not collected character by character, and allocated once.
pub(crate) fn shortened(s: &str, max: usize) -> Cow<'_, str> {
    let s = s.trim();
    let budget = max.saturating_sub(1);
    // One walk finds where character `budget` starts (the cut) and whether character `max`
    // exists (whether `s` is too long).
    let mut starts = s.char_indices().map(|(i, _)| i);
    let cut_end = starts.nth(budget);
    let too_long = if budget == max {
        cut_end.is_some()
    } else {
        starts.next().is_some()
    };
    let Some(cut_end) = cut_end.filter(|_| too_long) else {
        return Cow::Borrowed(s);
    };
    let mut cut = &s[..cut_end];
    // Prefer a word boundary unless that would throw away most of the text.
    if let Some(space) = cut.rfind(' ')
        && space >= budget / 2
    {
        cut = &cut[..space];
    }
    let cut = cut.trim_end_matches([' ', ',', ';', ':', '-', '—', '.']);
    Cow::Owned(format!("{cut}…"))
}

/// `s` cut to at most `max` characters at a word boundary, without an ellipsis (for
/// subject lines, where "…" reads as a mistake); empty when not even one word fits.
pub(crate) fn trim_words(s: &str, max: usize) -> String {
    let mut out = String::new();
    for word in s.split_whitespace() {
        let len = out.chars().count() + usize::from(!out.is_empty()) + word.chars().count();
        if len > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    // A subject must not end on "for" or "and": drop trailing stopwords.
    let mut words: Vec<&str> = out.split(' ').collect();
    while words
        .last()
        .is_some_and(|w| STOPWORDS.contains(&w.to_lowercase().as_str()))
    {
        words.pop();
    }
    words
        .join(" ")
        .trim_end_matches([',', ';', ':', '-', '—'])
        .to_owned()
}

/// `s` whole when it has at most `max` characters, else its leading phrase (the words
/// before the first stopword: "self-service analytics for small teams" gives
/// "self-service analytics") when that fits, else [`trim_words`]. For text slotted into a
/// template, where a phrase cut mid-way ("… for small matters now") reads as a mistake.
pub(crate) fn fit_phrase(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let is_stop = |w: &&str| STOPWORDS.contains(&w.to_lowercase().as_str());
    let mut words = s.split_whitespace().peekable();
    let mut lead: Vec<&str> = Vec::new();
    while let Some(w) = words.next_if(is_stop) {
        lead.push(w);
    }
    lead.extend(words.take_while(|w| !is_stop(w)));
    let lead = lead.join(" ");
    if lead.chars().count() <= max {
        lead
    } else {
        trim_words(&lead, max)
    }
}

/// Upper-cases the first character (for text that starts a sentence).
pub(crate) fn capitalize(s: &str) -> String {
    map_first(s, char::to_uppercase)
}

/// Appends `s` to `out` with its first character lower-cased (a bullet folded into a
/// sentence), without a String of its own.
pub(crate) fn push_lower_first(out: &mut String, s: &str) {
    let mut chars = s.chars();
    if let Some(first) = chars.next() {
        out.extend(first.to_lowercase());
        out.push_str(chars.as_str());
    }
}

fn map_first<I: Iterator<Item = char>>(s: &str, f: impl FnOnce(char) -> I) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => f(first).chain(chars).collect(),
        None => String::new(),
    }
}

/// Words that make poor hashtags on their own.
const STOPWORDS: &[&str] = &[
    "and", "the", "for", "with", "our", "your", "from", "into", "that", "this", "about", "new",
    "of", "to", "in", "on", "a", "an", "at", "by", "or", "vs",
];

/// The words of `s` as hashtag bodies: letters and digits only, a hyphenated word joined in
/// CamelCase ("self-service" → "SelfService"), apostrophes dropped ("women's" → "Womens").
fn words(s: &str) -> Vec<String> {
    s.split_whitespace()
        .map(|w| {
            w.replace(['\'', '’'], "")
                .split(|c: char| !c.is_alphanumeric())
                .map(capitalize)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// A CamelCase hashtag body from up to `max_words` words of the first phrase of `s`.
fn camel(s: &str, max_words: usize) -> String {
    let stop = |w: &String| STOPWORDS.contains(&w.to_lowercase().as_str());
    // The leading noun phrase: "self-service analytics for small teams" gives
    // "SelfServiceAnalytics", not "SelfServiceAnalyticsSmall".
    words(s)
        .into_iter()
        .skip_while(stop)
        .take_while(|w| !stop(w))
        .take(max_words)
        .collect()
}

/// Up to `n` distinct hashtags (`#Word` form) for a post about `focus` by `client`, with
/// `extra` (generic tags such as "Marketing") appended when the focus gives too few.
pub(crate) fn hashtags(focus: &str, client: &str, extra: &[&str], n: usize) -> Vec<String> {
    let mut bodies = vec![camel(focus, 3), camel(client, 3)];
    bodies.extend(
        words(focus)
            .into_iter()
            .filter(|w| w.chars().count() >= 4 && !STOPWORDS.contains(&w.to_lowercase().as_str())),
    );
    bodies.extend(extra.iter().map(|s| (*s).to_owned()));
    let mut tags: Vec<String> = Vec::new();
    for body in bodies {
        // Tags longer than ~30 characters are unreadable and rarely searched; a body
        // without a letter ("#2026") is no hashtag on any platform.
        if body.chars().count() > 30 || !body.chars().any(char::is_alphabetic) {
            continue;
        }
        let tag = format!("#{body}");
        if !tags.iter().any(|t| t.eq_ignore_ascii_case(&tag)) {
            tags.push(tag);
        }
        if tags.len() == n {
            break;
        }
    }
    tags
}

/// Removes `#` so that user-supplied text never adds hashtags beyond a platform's limit.
pub(crate) fn no_hash(s: &str) -> String {
    s.replace('#', "")
}

/// [`no_hash`], borrowing `s` when it has no `#` (nearly always).
pub(crate) fn without_hash(s: &str) -> Cow<'_, str> {
    if s.contains('#') {
        Cow::Owned(no_hash(s))
    } else {
        Cow::Borrowed(s)
    }
}

/// `s` without its URLs (for platforms where links in the text are not clickable or cost
/// reach), white space tidied. URLs are found the way the content check finds them, bare
/// domains such as `acme.com/demo` included, so stripped text never trips a link warning.
pub(crate) fn strip_urls(s: &str) -> String {
    let mut kept = String::with_capacity(s.len());
    let mut pos = 0;
    for url in find_urls(s) {
        kept.push_str(&s[pos..url.start]);
        pos = url.end;
    }
    kept.push_str(&s[pos..]);
    kept.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches([' ', ':', '-', '—', ','])
        .to_owned()
}

/// Whether `s` contains a URL (as the content check sees one).
pub(crate) fn has_url(s: &str) -> bool {
    !find_urls(s).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorten_cuts_on_words() {
        assert_eq!(
            shorten("spring product launch", 40),
            "spring product launch"
        );
        assert_eq!(shorten("spring product launch", 16), "spring product…");
        assert!(shorten(&"x".repeat(100), 10).chars().count() <= 10);
    }

    /// `shorten` as it was written first (collecting the cut character by character): the
    /// sliced version must cut every text at the same place.
    fn shorten_reference(s: &str, max: usize) -> String {
        let s = s.trim();
        if s.chars().count() <= max {
            return s.to_owned();
        }
        let budget = max.saturating_sub(1);
        let mut cut: String = s.chars().take(budget).collect();
        if let Some(space) = cut.rfind(' ')
            && space >= budget / 2
        {
            cut.truncate(space);
        }
        let cut = cut.trim_end_matches([' ', ',', ';', ':', '-', '—', '.']);
        format!("{cut}…")
    }

    #[test]
    fn shorten_cuts_where_it_always_did() {
        for text in [
            "",
            "  spring  ",
            "ab",
            "abc def",
            "a bcdefghij",
            "ééé ééé ééé",
            "Proof, not promises: how Acme Analytics customers succeed with self-service",
            "one — two — three; four, five. six",
            "🚀 emoji 👨‍👩‍👧‍👦 and café au lait",
            " leading and trailing ",
        ] {
            for max in 0..=text.chars().count() + 2 {
                assert_eq!(
                    shorten(text, max),
                    shorten_reference(text, max),
                    "{text:?} {max}"
                );
            }
        }
    }

    #[test]
    fn hashtags_are_distinct_and_bounded() {
        let tags = hashtags("AI tools for small teams", "Acme Corp", &["Marketing"], 5);
        assert_eq!(tags[0], "#AITools");
        assert!(tags.len() <= 5);
        assert!(tags.contains(&"#AcmeCorp".to_owned()));
        let tags = hashtags("self-service analytics", "Acme", &[], 5);
        assert_eq!(
            tags,
            [
                "#SelfServiceAnalytics",
                "#Acme",
                "#SelfService",
                "#Analytics"
            ]
        );
        assert_eq!(
            fit_phrase("self-service analytics for small teams", 30),
            "self-service analytics"
        );
        assert_eq!(fit_phrase("the AI tools for teams", 15), "the AI tools");
        assert_eq!(fit_phrase("spring launch", 30), "spring launch");
        assert_eq!(fit_phrase("supercalifragilistic words", 10), "");
        // No tag without a letter, and apostrophes do not split a word.
        let tags = hashtags("spring launch 2026", "Acme", &[], 5);
        assert!(!tags.iter().any(|t| t == "#2026"), "{tags:?}");
        assert_eq!(
            hashtags("women's health", "Dr O'Neil", &[], 2),
            ["#WomensHealth", "#DrONeil"]
        );
        assert_eq!(
            trim_words("self-service analytics for small teams", 25),
            "self-service analytics"
        );
    }

    #[test]
    fn urls_are_found_and_stripped() {
        assert_eq!(
            strip_urls("Book a demo: https://acme.example/demo"),
            "Book a demo"
        );
        assert!(has_url("Book at https://acme.example"));
        assert!(!has_url("Book a 20-minute demo"));
        // Bare domains are links too, as the content check counts them.
        assert_eq!(strip_urls("Book at acme.com/demo now"), "Book at now");
        assert_eq!(strip_urls("Book a demo: acme.com/demo"), "Book a demo");
        assert!(has_url("Book at acme.com/demo"));
        assert!(!has_url("Version 2.0 is out"));
    }
}
