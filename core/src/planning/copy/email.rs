//! The template of a generated email: subject, preheader and body.

use super::lines::{bullets, bullets_intro, push_points, push_value_line};
use super::{CopyItem, PREHEADER_PREFIX, Parts, SUBJECT_MAX, UNSUBSCRIBE_TAG};
use crate::planning::stage::Stage;
use crate::planning::text::{capitalize, fit_phrase, shorten};

/// `template` with its `{}` replaced by `focus`, or its leading phrase ([`fit_phrase`]), so
/// that the result has at most `max` characters; capitalised when the focus opens it.
/// `None` when not even the focus's first word fits.
fn fill(template: &str, focus: &str, max: usize) -> Option<String> {
    let room = max.checked_sub(template.chars().count() - 2)?;
    let f = fit_phrase(focus, room);
    if f.is_empty() {
        return None;
    }
    let filled = template.replacen("{}", &f, 1);
    Some(if template.starts_with("{}") {
        capitalize(&filled)
    } else {
        filled
    })
}

/// An email subject of at most [`SUBJECT_MAX`] characters: a stage template (rotating with
/// `variant`) around the focus area cut to whole words, never an ellipsis, and not one of
/// `taken` (the subjects already going out that week) while another template is left.
pub(super) fn subject(
    stage: Stage,
    variant: usize,
    focus: &str,
    client: &str,
    taken: &[String],
) -> String {
    // `{}` is where the focus goes. Six a stage: email takes at most six sends a week.
    let templates: [&str; 6] = match stage {
        Stage::Launch | Stage::Awareness => [
            "{}: what changed this year",
            "The {} mistake we see most",
            "A better way to approach {}",
            "Why {} matters now",
            "{} in five minutes",
            "What most teams miss about {}",
        ],
        Stage::Engagement => [
            "Your {} questions, answered",
            "How we approach {}, step by step",
            "Quick question about {}",
            "What slows down your {}?",
            "{}: what readers taught us",
            "3 {} habits worth copying",
        ],
        Stage::Conversion => [
            "Ready to start with {}?",
            "What changed for our {} customers",
            "{} made simple",
            "Your first month with {}",
            "{}: see it on your own data",
            "Still thinking about {}?",
        ],
        Stage::Retention => [
            "Getting more out of {}",
            "3 small wins for {}",
            "What's next for {}",
            "{} tips you may have missed",
            "Your {} check-in",
            "How customers use {} now",
        ],
    };
    // Templates are filled one at a time: the first one whose subject is not taken wins,
    // and only when every one is taken does the first filled one go out again.
    let mut first = None;
    for i in 0..templates.len() {
        let Some(candidate) = fill(
            templates[(variant + i) % templates.len()],
            focus,
            SUBJECT_MAX,
        ) else {
            continue;
        };
        if !taken.contains(&candidate) {
            return candidate;
        }
        first.get_or_insert(candidate);
    }
    first.unwrap_or_else(|| shorten(&format!("News from {client}"), SUBJECT_MAX))
}

/// The preheader: the angle when it reads whole in 40–70 characters, otherwise a stage
/// template around the focus cut to whole words, never a sentence cut mid-way.
fn preheader(stage: Stage, angle: &str, focus: &str) -> String {
    if (40..=70).contains(&angle.chars().count()) {
        return angle.to_owned();
    }
    // Each template is 40 characters or more without the focus.
    let template = match stage {
        Stage::Launch | Stage::Awareness => "Three steps for {} you can start this week",
        Stage::Engagement => "How other teams handle {}, and what to ask first",
        Stage::Conversion => "What teams see in their first weeks with {}",
        Stage::Retention => "Small changes that get more out of {} this month",
    };
    fill(template, focus, 70).unwrap_or_else(|| {
        let room = 70 - (template.chars().count() - 2);
        template.replacen("{}", &shorten(focus, room), 1)
    })
}

pub(super) fn email(item: &CopyItem<'_>, parts: &Parts<'_>) -> (String, String) {
    let (client, focus, angle, cta) = (parts.client, parts.focus, parts.angle, parts.cta_line);
    let subject = subject(item.stage, item.variant, focus, client, item.taken_titles);
    let preheader = preheader(item.stage, angle, focus);
    let mut value = String::with_capacity(160);
    push_value_line(&mut value, item.stage, item.variant, focus, client);
    let mut points = String::with_capacity(200);
    push_points(&mut points, "• ", bullets(item.stage, item.variant));
    let copy = format!(
        "{PREHEADER_PREFIX}{preheader}\n\n\
         Hi {{{{first_name}}}},\n\n\
         {value}\n\n\
         {intro}\n{points}\n\n\
         👉 {cta}\n\n\
         Talk soon,\nThe {client} team\n\n\
         --\n\
         You are receiving this email because you signed up for updates from {client}.\n\
         Unsubscribe: {UNSUBSCRIBE_TAG}",
        intro = bullets_intro(item.stage),
    );
    (subject, copy)
}
