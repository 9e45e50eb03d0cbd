//! Unit tests of the copy templates: every platform, format and stage passes the SOP
//! checks, threads, emails and titles are shaped as the platforms want them.

use super::*;
use crate::platform::x_weighted_length;

fn input(platform: Platform, content_type: ContentType, stage: Stage) -> CopyInput<'static> {
    CopyInput {
        platform,
        content_type,
        stage,
        weekly_theme: "Conversion: Proof week: self-service analytics results from real customers",
        angle: "Proof, not promises: how Acme Analytics customers succeed with self-service analytics for small teams",
        focus: "self-service analytics for small teams that have no data engineer but a lot of questions to answer every single week of the year",
        content_theme: Some("#Spring data series"),
        client: "Acme Analytics",
        primary_cta: Some("Book a 20-minute demo at https://acme.example/demo?utm_source=x"),
        variant: 1,
        taken_titles: &[],
    }
}

#[test]
fn every_platform_format_and_stage_passes_the_sop_checks() {
    use crate::platform::check_content;
    for p in Platform::ALL {
        for &ct in &sop(p).content_types {
            for stage in Stage::ALL {
                for variant in 0..3 {
                    let mut i = input(p, ct, stage);
                    i.variant = variant;
                    let w = write(&i);
                    let issues = check_content(p, ct, &content_draft(p, &w.title, &w.copy));
                    assert!(issues.is_empty(), "{p} {ct}: {issues:?}\n{}", w.copy);
                    if p == Platform::X && ct == ContentType::Post {
                        assert!(x_weighted_length(&w.copy) <= X_BUDGET);
                    }
                    if p == Platform::Instagram {
                        assert!(w.copy.matches('#').count() <= 5);
                    }
                }
            }
        }
    }
}

#[test]
fn thread_posts_are_numbered_and_each_fits() {
    let w = write(&input(Platform::X, ContentType::Thread, Stage::Engagement));
    let posts: Vec<&str> = w.copy.split("\n\n").collect();
    assert_eq!(posts.len(), THREAD_POSTS);
    for (i, post) in posts.iter().enumerate() {
        assert!(post.starts_with(&format!("{}/{THREAD_POSTS} ", i + 1)));
        assert!(x_weighted_length(post) <= X_BUDGET);
    }
}

#[test]
fn email_has_short_subject_preheader_and_unsubscribe() {
    let w = write(&input(
        Platform::Email,
        ContentType::Email,
        Stage::Conversion,
    ));
    assert!(w.title.chars().count() <= SUBJECT_MAX, "{}", w.title);
    assert!(w.copy.contains(UNSUBSCRIBE_TAG));
    assert!(w.copy.starts_with("Preheader: "));
    assert!(w.copy.contains("Hi {{first_name}},"));
    assert_eq!(
        w.cta.as_deref(),
        input(Platform::Email, ContentType::Email, Stage::Conversion).primary_cta
    );
}

#[test]
fn linkedin_reads_like_a_post() {
    let w = write(&input(
        Platform::LinkedIn,
        ContentType::Carousel,
        Stage::Engagement,
    ));
    assert!(
        w.title
            .starts_with("Carousel: Spring data series: Proof week")
    );
    assert!(w.title.chars().count() <= TITLE_MAX);
    assert!(w.copy.contains("Swipe through"));
    assert!(w.copy.chars().count() <= 3000);
    assert_eq!(w.cta.as_deref(), Some("Share your take in the comments"));
}

#[test]
fn content_types_rotate_within_the_sop() {
    let ig: Vec<_> = (0..4)
        .map(|i| content_type_for(Platform::Instagram, i))
        .collect();
    assert_eq!(
        ig,
        [
            ContentType::Reel,
            ContentType::Carousel,
            ContentType::Post,
            ContentType::Reel
        ]
    );
    for p in Platform::ALL {
        for i in 0..6 {
            assert!(sop(p).content_types.contains(&content_type_for(p, i)));
        }
    }
    assert_eq!(content_type_for(Platform::Email, 4), ContentType::Email);
}

#[test]
fn short_and_odd_inputs_still_pass_the_sop_checks() {
    use crate::platform::check_content;
    // The longest content theme the calendar accepts.
    let long_theme = "Series "
        .repeat(40)
        .trim()
        .chars()
        .take(200)
        .collect::<String>();
    for (focus, client, angle, cta) in [
        ("AI", "A", "Hi", Some("acme.com/demo")),
        (
            "#growth 🚀 for cafés",
            "#Café Müller",
            "Why now? 🚀",
            Some("Book now!"),
        ),
        (
            "x".repeat(90).as_str(),
            "Acme",
            "y".repeat(150).as_str(),
            None,
        ),
    ]
    .map(|(f, c, a, cta)| (f.to_owned(), c.to_owned(), a.to_owned(), cta))
    {
        for p in Platform::ALL {
            for &ct in &sop(p).content_types {
                for stage in Stage::ALL {
                    for variant in 0..6 {
                        let i = CopyInput {
                            focus: &focus,
                            client: &client,
                            angle: &angle,
                            primary_cta: cta,
                            content_theme: (variant % 2 == 1).then_some(long_theme.as_str()),
                            variant,
                            ..input(p, ct, stage)
                        };
                        let w = write(&i);
                        let draft = content_draft(p, &w.title, &w.copy);
                        let issues = check_content(p, ct, &draft);
                        assert!(issues.is_empty(), "{p} {ct}: {issues:?}\n{}", w.copy);
                        assert!(w.title.chars().count() <= TITLE_MAX, "{}", w.title);
                    }
                }
            }
        }
    }
}

#[test]
fn a_long_angle_never_becomes_a_cut_preheader() {
    let angle = "A free resource that makes self-service analytics for small teams easier";
    let i = CopyInput {
        angle,
        ..input(Platform::Email, ContentType::Email, Stage::Awareness)
    };
    let w = write(&i);
    let (preheader, _) = split_email(&w.copy);
    let preheader = preheader.unwrap();
    assert!(
        (40..=70).contains(&preheader.chars().count()),
        "{preheader}"
    );
    assert!(!angle.starts_with(preheader), "{preheader}");
    assert!(preheader.starts_with("Three steps for self-service analytics"));
    // An angle that fits is the preview line as it is.
    let short = "The easy next step: Book a 20-minute demo";
    let w = write(&CopyInput {
        angle: short,
        ..input(Platform::Email, ContentType::Email, Stage::Awareness)
    });
    assert_eq!(split_email(&w.copy).0, Some(short));
}

#[test]
fn links_in_ctas_go_to_the_first_comment_or_the_bio() {
    for (cta, linkedin, instagram) in [
        (
            "Book at acme.com/demo",
            "Book at the link in the first comment.",
            "Book at the link in bio.",
        ),
        (
            "Book a demo: https://acme.com/demo?utm_source=li",
            "Book a demo (link in the first comment).",
            "Book a demo (link in bio).",
        ),
        (
            "acme.com/demo",
            "Link in the first comment.",
            "Link in bio.",
        ),
        ("Book a demo!", "Book a demo!", "Book a demo!"),
    ] {
        for (p, ct, expected) in [
            (Platform::LinkedIn, ContentType::Post, linkedin),
            (Platform::Instagram, ContentType::Reel, instagram),
        ] {
            let w = write(&CopyInput {
                primary_cta: Some(cta),
                ..input(p, ct, Stage::Conversion)
            });
            assert!(w.copy.contains(expected), "{p} {cta}: {}", w.copy);
            assert!(!w.copy.contains("acme.com"), "{p} {cta}: {}", w.copy);
        }
    }
}

#[test]
fn consecutive_items_do_not_repeat_their_copy() {
    for p in [Platform::LinkedIn, Platform::X, Platform::Email] {
        let ct = sop(p).default_content_type();
        let copies: Vec<String> = (0..3)
            .map(|variant| {
                let w = write(&CopyInput {
                    angle: "Same angle",
                    variant,
                    ..input(p, ct, Stage::Awareness)
                });
                // Everything but the first line (the angle) must differ.
                w.copy.lines().skip(1).collect::<Vec<_>>().join("\n")
            })
            .collect();
        assert_ne!(copies[0], copies[1], "{p}");
        assert_ne!(copies[1], copies[2], "{p}");
        assert_ne!(copies[0], copies[2], "{p}");
    }
}

#[test]
fn a_taken_title_is_not_reused() {
    let first = write(&input(
        Platform::LinkedIn,
        ContentType::Post,
        Stage::Engagement,
    ));
    let taken = vec![first.title.clone()];
    let second = write(&CopyInput {
        taken_titles: &taken,
        ..input(Platform::LinkedIn, ContentType::Post, Stage::Engagement)
    });
    assert_eq!(second.title, format!("{} (2)", first.title));
    // An email picks another subject line instead.
    let mail = write(&input(
        Platform::Email,
        ContentType::Email,
        Stage::Engagement,
    ));
    let taken = vec![mail.title.clone()];
    let other = write(&CopyInput {
        taken_titles: &taken,
        ..input(Platform::Email, ContentType::Email, Stage::Engagement)
    });
    assert_ne!(other.title, mail.title);
    assert!(!other.title.ends_with(')'));
}
