//! Email rules: subject, preheader, the unsubscribe link the law requires, and a
//! personalisation token.
//!
//! Severities: a missing or over-long (past 60) subject and a missing unsubscribe link are
//! errors (the send is refused or unlawful); a subject of 51–60 characters, a missing
//! preheader and a preheader outside 40–70 characters are warnings, because inboxes then
//! cut or pad the preview line and nothing breaks.

use super::{ContentIssue, Severity};
use crate::platform::limits::EmailLimits;
use crate::platform::text::{find_urls, grapheme_len};

/// Whether a merge tag's name writes the unsubscribe link: `{{unsubscribe}}`,
/// `{{ unsubscribe_url }}`, Klaviyo's `{% unsubscribe %}`, Mailchimp's `*|UNSUB|*`,
/// SendGrid's `<%asm_group_unsubscribe_raw_url%>`, Mailgun's `%unsubscribe_url%`.
/// Compared on lower case.
fn is_unsubscribe_tag(name: &str) -> bool {
    name.contains("unsub")
}

/// The names inside `{{ … }}` (also Handlebars' `{{{ … }}}`), `*| … |*` and `{% … %}`
/// merge tags, trimmed and lower-cased.
fn merge_tags(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    for (open, close) in [("{{", "}}"), ("*|", "|*"), ("{%", "%}")] {
        let mut rest = text;
        while let Some(start) = rest.find(open) {
            let after = &rest[start + open.len()..];
            let Some(end) = after.find(close) else {
                break;
            };
            let name = after[..end]
                .trim_matches(|c: char| c == '{' || c.is_whitespace())
                .to_lowercase();
            // `{% … %}` is template logic; only its unsubscribe tag is a merge tag.
            if open != "{%" || is_unsubscribe_tag(&name) {
                names.push(name);
            }
            rest = after[end + close.len()..].trim_start_matches('}');
        }
    }
    names
}

/// Whether the text holds a `%…%`-delimited unsubscribe variable (Mailgun's
/// `%unsubscribe_url%`, SendGrid's `<%asm_group_unsubscribe_raw_url%>`). Only unsubscribe
/// variables are looked for: a bare `%` is far more often a percentage than a merge tag.
fn has_percent_unsubscribe_tag(lower: &str) -> bool {
    let parts: Vec<&str> = lower.split('%').collect();
    // The parts between two `%`; the first and last are outside any.
    let enclosed = parts
        .get(1..parts.len().saturating_sub(1))
        .unwrap_or_default();
    enclosed.iter().any(|name| {
        is_unsubscribe_tag(name) && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    })
}

/// The links of an HTML or Markdown body, each as one string holding its target and its
/// text: `<a href="…">text</a>` (attributes and text) and `[text](url)`.
fn links(text: &str) -> Vec<&str> {
    let mut links = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("<a") {
        let after = &rest[start + 2..];
        if !after.starts_with(|c: char| c.is_whitespace() || c == '>') {
            rest = after;
            continue;
        }
        let Some(end) = after.find("</a") else { break };
        links.push(&after[..end]);
        rest = &after[end..];
    }
    // Markdown: each `](` closes the link text that opens at the nearest `[` before it on
    // the same line, so "[a note] … [site](url)" yields "site](url)", not the note.
    let mut rest = text;
    while let Some(mid) = rest.find("](") {
        let before = &rest[..mid];
        let open = before
            .rfind(['[', '\n'])
            .filter(|&i| before[i..].starts_with('['));
        let after = &rest[mid..];
        let end = after.find([')', '\n']).unwrap_or(after.len());
        if let Some(open) = open {
            links.push(&rest[open + 1..mid + end]);
        }
        rest = &after[end..];
    }
    links
}

/// Whether the body links to an unsubscribe page: a merge tag, a URL containing
/// "unsubscribe", or an HTML / Markdown link whose target or text contains it. "Reply STOP
/// to unsubscribe" is not a link.
pub(super) fn has_unsubscribe_link(body: &str) -> bool {
    let lower = body.to_lowercase();
    merge_tags(&lower).iter().any(|t| is_unsubscribe_tag(t))
        || has_percent_unsubscribe_tag(&lower)
        || find_urls(&lower)
            .into_iter()
            .any(|r| lower[r].contains("unsubscribe"))
        || links(&lower).iter().any(|l| l.contains("unsubscribe"))
}

fn has_personalisation(texts: &[&str]) -> bool {
    texts.iter().any(|t| {
        merge_tags(&t.to_lowercase())
            .iter()
            .any(|name| !name.is_empty() && !is_unsubscribe_tag(name))
    })
}

/// Checks subject, preheader, unsubscribe link and personalisation of an email draft.
pub(super) fn check_email(
    draft: &super::Draft,
    limits: &EmailLimits,
    issues: &mut Vec<ContentIssue>,
) {
    let subject = draft.subject.as_deref().map(str::trim).unwrap_or("");
    let issue = |rule, severity, field, message| ContentIssue {
        rule,
        severity,
        field,
        message,
    };
    let body = draft.text.trim();
    if !body.is_empty() && !has_unsubscribe_link(body) {
        issues.push(issue(
            "email.unsubscribe",
            Severity::Error,
            "text",
            "The body has no unsubscribe link: add {{unsubscribe}} (or a link whose URL or \
             text contains \"unsubscribe\"); the law requires one in every marketing email."
                .to_owned(),
        ));
    }
    let preheader = draft.preheader.as_deref().map(str::trim).unwrap_or("");
    if !body.is_empty() && !has_personalisation(&[subject, preheader, body]) {
        issues.push(issue(
            "email.personalisation",
            Severity::Warning,
            "text",
            "No personalisation token (e.g. {{first_name}}) in the subject or body; a \
             personal greeting is the cheapest lift in opens and clicks."
                .to_owned(),
        ));
    }

    let (rec, max) = (limits.subject_recommended, limits.subject_max);
    let len = grapheme_len(subject);
    if subject.is_empty() {
        issues.push(issue(
            "email.subject.missing",
            Severity::Error,
            "subject",
            "The email has no subject line.".to_owned(),
        ));
    } else if len > max {
        issues.push(issue(
            "email.subject.length",
            Severity::Error,
            "subject",
            format!(
                "The subject is {len} of at most {max} characters; cut {} (aim for {rec} or \
                 fewer: phones cut near 41).",
                len - max
            ),
        ));
    } else if len > rec {
        issues.push(issue(
            "email.subject.long",
            Severity::Warning,
            "subject",
            format!(
                "The subject is {len} characters; aim for {rec} or fewer so it reads whole \
                 in most inboxes (phones cut near 41)."
            ),
        ));
    }

    let (min, max) = (limits.preheader_min, limits.preheader_max);
    let len = grapheme_len(preheader);
    if preheader.is_empty() {
        issues.push(issue(
            "email.preheader.missing",
            Severity::Warning,
            "preheader",
            format!(
                "No preheader: the inbox will show the first line of the body instead. Write \
                 {min}–{max} characters that add to the subject."
            ),
        ));
    } else if len < min {
        issues.push(issue(
            "email.preheader.short",
            Severity::Warning,
            "preheader",
            format!(
                "The preheader is {len} characters; write {min}–{max} so the inbox does not \
                 fill the preview with body text."
            ),
        ));
    } else if len > max {
        issues.push(issue(
            "email.preheader.long",
            Severity::Warning,
            "preheader",
            format!(
                "The preheader is {len} characters; most inboxes show {min}–{max}, so the \
                 last {} are cut.",
                len - max
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_unsubscribe_links() {
        for body in [
            "Bye {{unsubscribe}}",
            "Bye {{ unsubscribe_url }}",
            "Bye {% unsubscribe %}",
            "Bye *|UNSUB|*",
            "Manage: https://example.com/unsubscribe?u=1",
            "<a href=\"{{ manage }}\">Unsubscribe</a>",
            "[Unsubscribe here](https://example.com/u/1)",
            "[Opt out](/unsubscribe)",
            "<a href=\"/unsubscribe\">Opt out</a>",
            // Handlebars triple-stash (SendGrid dynamic templates) and %-variables.
            "Bye {{{unsubscribe}}}",
            "Bye {{{ unsubscribe_url }}}",
            "Bye %unsubscribe_url%",
            "<a href=\"<%asm_group_unsubscribe_raw_url%>\">Opt out</a>",
            "Bye <%asm_global_unsubscribe_raw_url%>",
        ] {
            assert!(has_unsubscribe_link(body), "{body}");
        }
        for body in [
            "Reply STOP to unsubscribe.",
            "Visit https://example.com/prefs",
            "<abbr>unsubscribe</abbr>",
            "{{first_name}}",
            // Bracketed text that mentions unsubscribing is not the text of a later link.
            "[Reply STOP to unsubscribe] and read [our site](https://example.com)",
            "Save 50% on unsubscribe fees, 20% on more",
            "[unsubscribe]\n(not a link)",
        ] {
            assert!(!has_unsubscribe_link(body), "{body}");
        }
    }

    #[test]
    fn personalisation_ignores_the_unsubscribe_tag() {
        assert!(has_personalisation(&["Hi {{first_name}}"]));
        assert!(has_personalisation(&["", "Hi *|FNAME|*"]));
        assert!(!has_personalisation(&["Hi there {{unsubscribe}}"]));
        assert!(!has_personalisation(&["Hi {{ }}", "{% if x %}"]));
    }
}
