//! Every content rule with passing and failing drafts, at the exact boundaries.

use super::*;

const FAMILY: &str = "👨‍👩‍👧‍👦";
const FLAG: &str = "🇩🇪";
const LONG_URL: &str = "https://example.com/campaigns/spring-launch/landing-page?utm_source=x&utm_medium=social&utm_campaign=spring";

fn check(platform: Platform, content_type: ContentType, text: &str) -> Vec<ContentIssue> {
    check_content(platform, content_type, &Draft::new(text))
}

fn rules(issues: &[ContentIssue]) -> Vec<&'static str> {
    issues.iter().map(|i| i.rule).collect()
}

fn issue<'a>(issues: &'a [ContentIssue], rule: &str) -> &'a ContentIssue {
    issues
        .iter()
        .find(|i| i.rule == rule)
        .unwrap_or_else(|| panic!("no {rule} in {issues:#?}"))
}

fn x_post(text: &str) -> Vec<ContentIssue> {
    check(Platform::X, ContentType::Post, text)
}

/// A valid email with the given subject and preheader.
fn email(subject: &str, preheader: Option<&str>) -> Vec<ContentIssue> {
    let draft = Draft {
        text: "Hi {{first_name}},\n\nOur spring line is here.\n\n{{unsubscribe}}".to_owned(),
        subject: Some(subject.to_owned()),
        preheader: preheader.map(str::to_owned),
    };
    check_content(Platform::Email, ContentType::Email, &draft)
}

#[test]
fn empty_text_is_an_error_everywhere() {
    for sop in Platform::ALL.map(sop) {
        let ct = sop.default_content_type();
        for text in ["", "  \n\t "] {
            let issues = check(sop.platform, ct, text);
            let empty = issues
                .iter()
                .find(|i| i.rule.ends_with(".empty"))
                .unwrap_or_else(|| panic!("{:?}: {issues:#?}", sop.platform));
            assert_eq!(empty.severity, Severity::Error);
            assert_eq!(empty.field, "text");
            assert!(empty.rule.starts_with(sop.platform.key()));
        }
    }
}

#[test]
fn an_unsupported_content_type_is_reported() {
    let issues = check(Platform::LinkedIn, ContentType::Reel, "Fine text");
    assert_eq!(rules(&issues), ["linkedin.content_type"]);
    assert_eq!(issues[0].field, "content_type");
    assert!(
        issues[0].message.contains("post, carousel"),
        "{}",
        issues[0]
    );
}

#[test]
fn x_post_boundary_is_280_weighted_characters() {
    assert!(x_post(&"a".repeat(280)).is_empty());
    let issues = x_post(&"a".repeat(281));
    assert_eq!(rules(&issues), ["x.length"]);
    let length = &issues[0];
    assert_eq!((length.severity, length.field), (Severity::Error, "text"));
    assert!(
        length.message.contains("281 of 280 weighted characters"),
        "{length}"
    );
    assert!(length.message.contains("cut 1"), "{length}");
    assert!(x_post(&"a".repeat(312))[0].message.contains("312 of 280"));
}

#[test]
fn x_counts_emoji_sequences_as_two() {
    for emoji in ["👍", "👍🏽", FAMILY, FLAG] {
        assert!(x_post(&emoji.repeat(140)).is_empty(), "{emoji}");
        let issues = x_post(&emoji.repeat(141));
        assert!(issue(&issues, "x.length").message.contains("282 of 280"));
    }
    // Mixed: 278 Latin + one family = 280.
    assert!(x_post(&format!("{}{FAMILY}", "a".repeat(278))).is_empty());
    assert!(!x_post(&format!("{}{FAMILY}", "a".repeat(279))).is_empty());
}

#[test]
fn x_counts_cjk_as_two() {
    assert!(x_post(&"日本語".repeat(46)).is_empty()); // 138 chars = 276
    assert!(x_post(&"日".repeat(140)).is_empty());
    assert!(
        issue(&x_post(&"日".repeat(141)), "x.length")
            .message
            .contains("282 of 280")
    );
}

#[test]
fn x_normalises_combining_characters() {
    assert!(x_post(&"e\u{301}".repeat(280)).is_empty());
    assert!(!x_post(&"e\u{301}".repeat(281)).is_empty());
}

#[test]
fn x_counts_every_url_as_23() {
    // 256 + space + URL (23) = 280, however long the URL is.
    for url in [
        LONG_URL,
        "https://t.co/x",
        "example.com/spring-launch-2026-landing",
    ] {
        assert!(
            x_post(&format!("{} {url}", "a".repeat(256))).is_empty(),
            "{url}"
        );
        let issues = x_post(&format!("{} {url}", "a".repeat(257)));
        assert!(
            issue(&issues, "x.length").message.contains("281 of 280"),
            "{url}"
        );
    }
}

#[test]
fn x_thread_checks_each_post_and_names_the_one_that_breaks() {
    let long = "b".repeat(300);
    let text = format!("1/3 Hook\n\n2/3 {long}\n\n3/3 Link {LONG_URL}");
    let issues = check(Platform::X, ContentType::Thread, &text);
    assert_eq!(rules(&issues), ["x.length"]);
    assert!(
        issues[0].message.starts_with("Post 2 of 3 is 304 of 280"),
        "{}",
        issues[0]
    );
    // Each post fits 280 on its own even when the thread is far longer.
    let fits = format!("1/2 {}\n\n2/2 {}", "a".repeat(276), "a".repeat(276));
    assert!(check(Platform::X, ContentType::Thread, &fits).is_empty());
}

#[test]
fn x_thread_warns_about_numbering_and_single_posts() {
    let issues = check(
        Platform::X,
        ContentType::Thread,
        "First\n\n2/3 Second\n\nThird",
    );
    let numbering = issue(&issues, "x.thread.numbering");
    assert_eq!(numbering.severity, Severity::Warning);
    assert!(
        numbering.message.starts_with("Posts 1, 3 of 3"),
        "{numbering}"
    );
    let issues = check(Platform::X, ContentType::Thread, "Just one post");
    assert_eq!(rules(&issues), ["x.thread.single"]);
}

#[test]
fn x_warns_past_two_hashtags() {
    assert!(x_post("Launch day #SaaS #Marketing").is_empty());
    let issues = x_post("Launch day #SaaS #Marketing #Growth");
    assert_eq!(rules(&issues), ["x.hashtags"]);
    assert_eq!(issues[0].severity, Severity::Warning);
    assert!(issues[0].message.contains("3 hashtags"));
}

#[test]
fn every_broken_rule_is_reported_not_just_the_first() {
    let text = format!("{} #a #b #c", "a".repeat(300));
    assert_eq!(rules(&x_post(&text)), ["x.length", "x.hashtags"]);
    let long_paragraphs = format!("{}\n\n{}", "a".repeat(200), "b".repeat(200));
    assert!(
        x_post(&long_paragraphs)[0]
            .message
            .ends_with("Or plan it as a thread.")
    );
}

#[test]
fn linkedin_limit_is_3000_characters_as_users_see_them() {
    let post = |n: usize| format!("Hook\n{}{FAMILY}", "é".repeat(n - 6));
    assert!(check(Platform::LinkedIn, ContentType::Post, &post(3_000)).is_empty());
    let issues = check(Platform::LinkedIn, ContentType::Post, &post(3_001));
    assert_eq!(rules(&issues), ["linkedin.length"]);
    assert!(
        issues[0].message.contains("3,001 of 3,000 characters"),
        "{}",
        issues[0]
    );
    // Combining characters count once, bytes never matter.
    let combining = format!("Hook\n{}", "e\u{301}".repeat(2_995));
    assert!(check(Platform::LinkedIn, ContentType::Post, &combining).is_empty());
}

#[test]
fn linkedin_warns_when_the_hook_is_cut() {
    let post = |n: usize| format!("{}\nMore below.", "a".repeat(n));
    assert!(check(Platform::LinkedIn, ContentType::Post, &post(210)).is_empty());
    let issues = check(Platform::LinkedIn, ContentType::Post, &post(211));
    assert_eq!(rules(&issues), ["linkedin.hook"]);
    assert_eq!(issues[0].severity, Severity::Warning);
    assert!(issues[0].message.contains("211 characters"));
}

#[test]
fn linkedin_warns_past_five_hashtags_and_about_links() {
    let tags5 = "Post\n#a1 #b2 #c3 #d4 #e5";
    assert!(check(Platform::LinkedIn, ContentType::Carousel, tags5).is_empty());
    let issues = check(
        Platform::LinkedIn,
        ContentType::Post,
        "Post\n#a #b #c #d #e #f",
    );
    assert_eq!(rules(&issues), ["linkedin.hashtags"]);
    assert_eq!(issues[0].severity, Severity::Warning);
    let issues = check(
        Platform::LinkedIn,
        ContentType::Post,
        "Read it: example.com/blog",
    );
    assert_eq!(rules(&issues), ["linkedin.link"]);
    assert!(issues[0].message.contains("first comment"));
}

#[test]
fn instagram_caption_is_2200_characters() {
    let caption = |n: usize| format!("Hook\n{}{FLAG}", "日".repeat(n - 6));
    assert!(check(Platform::Instagram, ContentType::Reel, &caption(2_200)).is_empty());
    let issues = check(Platform::Instagram, ContentType::Reel, &caption(2_201));
    assert_eq!(rules(&issues), ["instagram.length"]);
    assert!(issues[0].message.contains("2,201 of 2,200"));
}

#[test]
fn instagram_allows_at_most_five_hashtags() {
    let five = "New in.\n#café #日本語 #über_alles #spring2026 #a";
    assert!(check(Platform::Instagram, ContentType::Post, five).is_empty());
    let six = format!("{five} #b");
    let issues = check(Platform::Instagram, ContentType::Post, &six);
    assert_eq!(rules(&issues), ["instagram.hashtags"]);
    assert_eq!(issues[0].severity, Severity::Error);
    assert!(issues[0].message.contains("6 hashtags"));
    assert!(issues[0].message.contains("at most 5"));
    // Numbers and anchors are not hashtags.
    let not_tags = "Top #1 of 2026 &#39; https://example.com/#a #a #b #c #d #e";
    let issues = check(Platform::Instagram, ContentType::Post, not_tags);
    assert_eq!(rules(&issues), ["instagram.link"]);
}

#[test]
fn instagram_warns_about_links_and_long_hooks() {
    let issues = check(
        Platform::Instagram,
        ContentType::Post,
        "Shop https://example.com",
    );
    assert_eq!(rules(&issues), ["instagram.link"]);
    assert!(issues[0].message.contains("link in bio"));
    assert!(check(Platform::Instagram, ContentType::Post, &"a".repeat(125)).is_empty());
    let issues = check(Platform::Instagram, ContentType::Post, &"a".repeat(126));
    assert_eq!(rules(&issues), ["instagram.hook"]);
}

#[test]
fn email_subject_warns_past_50_and_fails_past_60() {
    assert!(email(&"s".repeat(50), Some(&"p".repeat(50))).is_empty());
    let sub = |n: usize| email(&"s".repeat(n), Some(&"p".repeat(50)));
    assert_eq!(rules(&sub(51)), ["email.subject.long"]);
    assert_eq!(sub(51)[0].severity, Severity::Warning);
    assert_eq!(sub(51)[0].field, "subject");
    assert_eq!(rules(&sub(60)), ["email.subject.long"]);
    assert_eq!(rules(&sub(61)), ["email.subject.length"]);
    assert_eq!(sub(61)[0].severity, Severity::Error);
    assert!(sub(61)[0].message.contains("61 of at most 60"));
    // Characters as users see them: an emoji sequence counts once.
    let subject = format!("{}{FAMILY}", "s".repeat(49));
    assert!(email(&subject, Some(&"p".repeat(50))).is_empty());
}

#[test]
fn email_subject_is_required() {
    for subject in [None, Some(""), Some("   ")] {
        let draft = Draft {
            subject: subject.map(str::to_owned),
            ..Draft::email("", "p".repeat(50), "Hi {{first_name}} {{unsubscribe}}")
        };
        let issues = check_content(Platform::Email, ContentType::Email, &draft);
        assert_eq!(rules(&issues), ["email.subject.missing"]);
        assert_eq!(issues[0].severity, Severity::Error);
    }
}

#[test]
fn email_preheader_should_be_40_to_70() {
    let pre = |n: usize| email("Spring is here", Some(&"p".repeat(n)));
    assert_eq!(rules(&pre(39)), ["email.preheader.short"]);
    assert!(pre(40).is_empty());
    assert!(pre(70).is_empty());
    assert_eq!(rules(&pre(71)), ["email.preheader.long"]);
    for issues in [pre(39), pre(71), email("Spring is here", None)] {
        assert_eq!(issues[0].severity, Severity::Warning);
        assert_eq!(issues[0].field, "preheader");
    }
    assert_eq!(rules(&email("Spring", None)), ["email.preheader.missing"]);
}

#[test]
fn email_body_needs_an_unsubscribe_link() {
    let with = |body: &str| {
        let draft = Draft::email("Hi {{first_name}}", "p".repeat(50), body);
        rules(&check_content(Platform::Email, ContentType::Email, &draft))
    };
    assert!(with("News. {{unsubscribe_url}}").is_empty());
    assert!(with("News. [Unsubscribe](https://example.com/u/1)").is_empty());
    assert!(with("News. https://example.com/unsubscribe?id=1").is_empty());
    assert_eq!(
        with("News. Reply STOP to unsubscribe."),
        ["email.unsubscribe"]
    );
    let draft = Draft::email("Hi", "p".repeat(50), "News");
    let issues = check_content(Platform::Email, ContentType::Email, &draft);
    assert_eq!(
        issue(&issues, "email.unsubscribe").severity,
        Severity::Error
    );
}

#[test]
fn email_warns_without_personalisation() {
    let draft = Draft::email("Spring", "p".repeat(50), "News. {{unsubscribe}}");
    let issues = check_content(Platform::Email, ContentType::Email, &draft);
    assert_eq!(rules(&issues), ["email.personalisation"]);
    assert_eq!(issues[0].severity, Severity::Warning);
}

#[test]
fn an_empty_email_reports_every_missing_part() {
    let issues = check_content(Platform::Email, ContentType::Email, &Draft::new(""));
    assert_eq!(
        rules(&issues),
        [
            "email.empty",
            "email.subject.missing",
            "email.preheader.missing"
        ]
    );
}

#[test]
fn issues_display_for_people() {
    let issues = x_post(&"a".repeat(281));
    assert_eq!(
        issues[0].to_string(),
        format!("error [x.length] text: {}", issues[0].message)
    );
    assert!(issues[0].is_error());
}
