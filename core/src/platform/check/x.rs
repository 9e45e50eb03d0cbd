//! X thread rules: a thread is the draft's paragraphs (separated by a blank line), one
//! post each; every post must fit on its own and carry its "n/total" number.

use super::{ContentIssue, RuleIds, Severity, check_text};
use crate::platform::limits::ContentLimits;

/// The posts of a thread draft: paragraphs separated by one or more blank lines.
pub fn thread_posts(text: &str) -> Vec<String> {
    let mut posts = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                posts.push(current.join("\n").trim().to_owned());
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        posts.push(current.join("\n").trim().to_owned());
    }
    posts
}

/// Whether a post carries a thread number such as "1/", "2/7" or "(3/7)" or "🧵1/7".
fn has_number(post: &str) -> bool {
    post.split_whitespace().any(|token| {
        let token = token.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '/');
        token.split_once('/').is_some_and(|(n, total)| {
            !n.is_empty()
                && n.bytes().all(|b| b.is_ascii_digit())
                && total.bytes().all(|b| b.is_ascii_digit())
        })
    })
}

/// The characters X refuses in a post whatever its length: twitter-text 3.1.0's
/// `INVALID_CHARACTERS` (a byte order mark and two non-characters), which make its
/// `isValid` false.
const INVALID: [char; 3] = ['\u{FEFF}', '\u{FFFE}', '\u{FFFF}'];

/// Reports the characters X refuses, once, naming each kind found and where the first is.
pub(super) fn check_invalid_characters(text: &str, issues: &mut Vec<ContentIssue>) {
    let Some(first) = text.chars().position(|c| INVALID.contains(&c)) else {
        return;
    };
    let kinds: Vec<String> = INVALID
        .iter()
        .filter(|c| text.contains(**c))
        .map(|c| format!("U+{:04X}", u32::from(*c)))
        .collect();
    issues.push(ContentIssue {
        rule: "x.invalid_character",
        severity: Severity::Error,
        field: "text",
        message: format!(
            "X refuses posts holding {} (the first at character {}); delete {}.",
            kinds.join(", "),
            first + 1,
            if kinds.len() == 1 { "it" } else { "them" },
        ),
    });
}

/// Checks each post of a thread, then the thread as a whole.
pub(super) fn check_thread(
    text: &str,
    ids: &RuleIds,
    limits: &ContentLimits,
    issues: &mut Vec<ContentIssue>,
) {
    let posts = thread_posts(text);
    let total = posts.len();
    for (i, post) in posts.iter().enumerate() {
        check_text(post, Some((i + 1, total)), ids, limits, issues);
    }
    if total == 1 {
        issues.push(ContentIssue {
            rule: "x.thread.single",
            severity: Severity::Warning,
            field: "text",
            message: "The thread has only one post; separate its posts with a blank line, or \
                      plan it as a single post."
                .to_owned(),
        });
        return;
    }
    let unnumbered: Vec<String> = posts
        .iter()
        .enumerate()
        .filter(|(_, p)| !has_number(p))
        .map(|(i, _)| (i + 1).to_string())
        .collect();
    if !unnumbered.is_empty() {
        let which = match unnumbered.len() {
            n if n == total => format!("None of the {total} posts has a"),
            1 => format!("Post {} of {total} has no", unnumbered[0]),
            _ => format!("Posts {} of {total} have no", unnumbered.join(", ")),
        };
        issues.push(ContentIssue {
            rule: "x.thread.numbering",
            severity: Severity::Warning,
            field: "text",
            message: format!(
                "{which} thread number; number every post \"1/{total}\", \"2/{total}\", … so \
                 readers know how long the thread is."
            ),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_blank_lines() {
        assert_eq!(
            thread_posts("1/3 a\nstill a\n\n2/3 b\n  \n\n3/3 c\n"),
            ["1/3 a\nstill a", "2/3 b", "3/3 c"]
        );
        assert_eq!(thread_posts("one\r\n\r\ntwo"), ["one", "two"]);
    }

    #[test]
    fn refuses_the_characters_x_refuses() {
        let mut issues = Vec::new();
        check_invalid_characters("fine text, even 🇩🇪 and \u{200B}", &mut issues);
        assert!(issues.is_empty());
        check_invalid_characters("ab\u{FFFF}c\u{FEFF}", &mut issues);
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].rule, "x.invalid_character");
        assert!(issues[0].is_error());
        assert!(
            issues[0]
                .message
                .contains("U+FEFF, U+FFFF (the first at character 3)"),
            "{}",
            issues[0].message
        );
    }

    #[test]
    fn recognises_thread_numbers() {
        for post in ["1/ Start", "Start 2/7", "(3/7) x", "🧵1/7 go", "end. 4/4."] {
            assert!(has_number(post), "{post}");
        }
        for post in ["no number", "https://example.com/a", "1 of 7", "/7"] {
            assert!(!has_number(post), "{post}");
        }
    }
}
