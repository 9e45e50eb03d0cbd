//! Golden digests of generated copy: every platform, content type, stage and variant over a
//! set of inputs that reach each branch of the copy templates (URLs in the call to action,
//! `#` and emoji in user text, very long and very short inputs, taken titles), hashed per
//! (input, platform, content type, stage) and compared with `testdata/copy_digests.txt`.
//! The calendar snapshots pin two whole campaigns; these pin the branches those campaigns
//! never take, so that optimising the copy code cannot change a single character.
//!
//! `UPDATE_GOLDEN=1` rewrites the file after a deliberate change of output.

use sha2::{Digest, Sha256};
use std::fmt::Write as _;

use super::*;

/// One set of inputs: (name, focus, client, angle, weekly theme, content theme, CTA).
type Inputs = (
    &'static str,
    String,
    &'static str,
    String,
    &'static str,
    Option<String>,
    Option<&'static str>,
);

fn input_sets() -> Vec<Inputs> {
    let long_theme: String = "Series ".repeat(40).trim().chars().take(200).collect();
    vec![
        (
            "long-focus-url-cta",
            "self-service analytics for small teams that have no data engineer but a lot of \
             questions to answer every single week of the year"
                .into(),
            "Acme Analytics",
            "Proof, not promises: how Acme Analytics customers succeed with self-service \
             analytics for small teams"
                .into(),
            "Conversion: Proof week: self-service analytics results from real customers",
            Some("#Spring data series".into()),
            Some("Book a 20-minute demo at https://acme.example/demo?utm_source=x"),
        ),
        (
            "tiny",
            "AI".into(),
            "A",
            "Hi".into(),
            "Awareness",
            None,
            Some("acme.com/demo"),
        ),
        (
            "hashes-and-emoji",
            "#growth 🚀 for cafés".into(),
            "#Café Müller",
            "Why now? 🚀".into(),
            "Engagement: Ask us anything about #growth",
            Some(long_theme.clone()),
            Some("Book now!"),
        ),
        (
            "overlong",
            "x".repeat(90),
            "Acme",
            "y".repeat(150),
            "Retention & optimisation: Getting more from xxxxxxxx",
            Some(long_theme),
            None,
        ),
        (
            "template-plan",
            "self-service analytics for small teams".into(),
            "Acme Analytics",
            "The easy next step: Book a 20-minute demo".into(),
            "Awareness: Why self-service analytics for small teams matters now",
            Some("Answers in minutes, not weeks".into()),
            Some("Book a 20-minute demo"),
        ),
        (
            "cta-link-after-colon",
            "self-service analytics".into(),
            "Acme",
            "A free resource that makes self-service analytics for small teams easier".into(),
            "Last call — Book a demo",
            None,
            Some("Book a demo: https://acme.com/demo?utm_source=li"),
        ),
        (
            "cta-link-after-preposition",
            "spring launch 2026".into(),
            "Dr O'Neil",
            "women's health, explained".into(),
            "Launch week: Meet Dr O'Neil",
            Some("  ".into()),
            Some("Book at acme.com/demo"),
        ),
        (
            "blank-cta",
            "the AI tools for teams".into(),
            "Acme Corp",
            "Everything you need to start with the AI tools for teams, today".into(),
            "Conversion: Getting started with the AI tools (Book)",
            None,
            Some("   "),
        ),
    ]
}

/// Every stage, every content type of every platform, variants 0..6, each with no taken
/// title, with its own title taken, and with that title and its " (2)" taken.
fn digests() -> String {
    let mut out = String::new();
    for (name, focus, client, angle, theme, content_theme, cta) in input_sets() {
        for platform in Platform::ALL {
            for &content_type in &sop(platform).content_types {
                for stage in Stage::ALL {
                    let mut hash = Sha256::new();
                    for variant in 0..6 {
                        let write_with = |taken: &[String]| {
                            write(&CopyInput {
                                platform,
                                content_type,
                                stage,
                                weekly_theme: theme,
                                angle: &angle,
                                focus: &focus,
                                content_theme: content_theme.as_deref(),
                                client,
                                primary_cta: cta,
                                variant,
                                taken_titles: taken,
                            })
                        };
                        let first = write_with(&[]);
                        let second = write_with(std::slice::from_ref(&first.title));
                        let third =
                            write_with(&[first.title.clone(), format!("{} (2)", first.title)]);
                        for w in [first, second, third] {
                            hash.update(format!("{}\u{1}{}\u{1}{:?}\u{2}", w.title, w.copy, w.cta));
                        }
                    }
                    let digest = hex::encode(hash.finalize());
                    writeln!(
                        out,
                        "{name} {platform} {content_type} {stage:?} {}",
                        &digest[..16]
                    )
                    .expect("write to String");
                }
            }
        }
    }
    out
}

#[test]
fn generated_copy_matches_the_golden_digests() {
    let actual = digests();
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        let path = format!(
            "{}/src/planning/testdata/copy_digests.txt",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::write(path, &actual).expect("write golden file");
        return;
    }
    let expected = include_str!("../testdata/copy_digests.txt");
    for (e, a) in expected.lines().zip(actual.lines()) {
        assert_eq!(a, e, "generated copy changed");
    }
    assert_eq!(actual.lines().count(), expected.lines().count());
}
