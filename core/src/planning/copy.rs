//! First-draft copy for calendar items: title, copy and call to action from templates,
//! written within each platform's limits (X well under 280 weighted characters, at most 5
//! hashtags on Instagram, email subject ≤ 50 characters with a preheader and an
//! `{{unsubscribe_url}}` merge tag).

use crate::model::{ContentType, Platform};
use crate::planning::stage::Stage;
use crate::planning::text::{
    capitalize, has_url, hashtags, no_hash, shorten, strip_urls, trim_words,
};
use crate::platform::{Draft, sop, x_weighted_length};

/// Most weighted characters generated X copy uses: well under the 280 limit, leaving room
/// for an operator's edit or a link.
pub(crate) const X_BUDGET: usize = 240;
/// Longest generated email subject (the reference's warning threshold; 60 is the hard cap).
pub(crate) const SUBJECT_MAX: usize = 50;
/// Longest generated working title of a social post.
pub(crate) const TITLE_MAX: usize = 100;
/// Merge tag the email service replaces with the recipient's unsubscribe link.
pub(crate) const UNSUBSCRIBE_TAG: &str = "{{unsubscribe_url}}";
/// How the preheader line of a generated email copy starts.
pub(crate) const PREHEADER_PREFIX: &str = "Preheader: ";
/// Longest first line of an Instagram caption, so the hook shows before "…more" (125).
const INSTAGRAM_HOOK: usize = 120;
/// Posts of a generated X thread.
const THREAD_POSTS: usize = 4;

/// Everything an item's copy is written from.
pub(crate) struct CopyInput<'a> {
    pub platform: Platform,
    pub content_type: ContentType,
    pub stage: Stage,
    /// The plan's theme of the item's week.
    pub weekly_theme: &'a str,
    /// The messaging angle this item uses.
    pub angle: &'a str,
    /// The plan's focus area.
    pub focus: &'a str,
    /// The calendar's content theme, if the caller gave one.
    pub content_theme: Option<&'a str>,
    pub client: &'a str,
    /// The campaign's primary call to action.
    pub primary_cta: Option<&'a str>,
    /// Rotates sentence variants so that consecutive items read differently.
    pub variant: usize,
}

/// A written item.
pub(crate) struct Written {
    pub title: String,
    pub copy: String,
    pub cta: Option<String>,
}

/// The content type of the `ordinal`-th item of `platform` (0-based): a rotation that
/// matches the effort of each format, limited to what the platform's SOP allows.
pub(crate) fn content_type_for(platform: Platform, ordinal: usize) -> ContentType {
    use ContentType::*;
    let rotation: &[ContentType] = match platform {
        // Text posts are cheap and carry reach; a document carousel every third post.
        Platform::LinkedIn => &[Post, Post, Carousel],
        // Reels for reach, carousels for saves, a single image now and then.
        Platform::Instagram => &[Reel, Carousel, Post],
        // Short posts, a thread every third item.
        Platform::X => &[Post, Post, Thread],
        Platform::Email => &[Email],
    };
    let allowed = &sop(platform).content_types;
    let wanted = rotation[ordinal % rotation.len()];
    if allowed.contains(&wanted) {
        wanted
    } else {
        sop(platform).default_content_type()
    }
}

/// The topic of a weekly theme: the part after a "Phase: " prefix, if any.
fn topic(theme: &str) -> &str {
    match theme.split_once(": ") {
        Some((prefix, rest)) if prefix.chars().count() <= 30 && !rest.trim().is_empty() => {
            rest.trim()
        }
        _ => theme.trim(),
    }
}

fn value_line(stage: Stage, variant: usize, focus: &str, client: &str) -> String {
    let focus_cap = capitalize(focus);
    let lines = match stage {
        Stage::Launch | Stage::Awareness => [
            format!(
                "Most teams treat {focus} as an afterthought. The ones who get it right start \
                 with one clear goal and review it every week."
            ),
            format!(
                "{focus_cap} is changing fast and the old playbook no longer works. Here is what \
                 we see working right now."
            ),
            format!(
                "At {client} we work on {focus} every day. These are the patterns that keep \
                 showing up."
            ),
        ],
        Stage::Engagement => [
            format!(
                "We asked our community what slows down {focus}. The most common answer was \
                 also the easiest to fix."
            ),
            format!(
                "Here is how we approach {focus}, step by step. Take what works and tell us what \
                 you would change."
            ),
            format!("Three questions we hear every week about {focus}, and our honest answers."),
        ],
        Stage::Conversion => [
            format!(
                "Teams that work with {client} on {focus} stop guessing and see results within \
                 weeks."
            ),
            format!(
                "If {focus} is on your list this quarter, this is the easiest way to get \
                 started."
            ),
            format!(
                "Real customers, real numbers: here is what changed for them after they chose \
                 {client}."
            ),
        ],
        Stage::Retention => [
            format!(
                "Already working with {client}? Three small changes get far more out of {focus}."
            ),
            format!(
                "A look back at what worked for {focus} this season, and what we are doing \
                 next."
            ),
            format!(
                "Our customers keep showing us new ways to approach {focus}. Here are our \
                 favourites."
            ),
        ],
    };
    lines[variant % lines.len()].clone()
}

/// The line that introduces [`bullets`] in an email.
fn bullets_intro(stage: Stage) -> &'static str {
    match stage {
        Stage::Launch | Stage::Awareness => "Three things we would do this week:",
        Stage::Engagement => "What we see in teams that get it right:",
        Stage::Conversion => "What you get:",
        Stage::Retention => "Three quick wins for this month:",
    }
}

fn bullets(stage: Stage) -> [&'static str; 3] {
    match stage {
        Stage::Launch | Stage::Awareness => [
            "Start with one goal you can measure",
            "Make the first step small enough to finish this week",
            "Review the numbers every Friday and drop what does not work",
        ],
        Stage::Engagement => [
            "Ask before you assume: one question to your audience a week",
            "Show the work, not only the result",
            "Answer every comment; the replies are where trust is built",
        ],
        Stage::Conversion => [
            "A clear starting point, no long setup",
            "Results you can show your team within weeks",
            "People to talk to when you get stuck",
        ],
        Stage::Retention => [
            "Revisit the basics you set up at the start",
            "Automate the step you repeat most",
            "Share one win with your team every month",
        ],
    }
}

/// The call to action of an item: the campaign's own in selling phases and in every email,
/// a softer, stage-fitting one elsewhere.
fn item_cta(input: &CopyInput<'_>, client: &str) -> String {
    let primary = input.primary_cta.map(str::trim).filter(|c| !c.is_empty());
    if input.platform == Platform::Email {
        return primary.unwrap_or("Reply to this email").to_owned();
    }
    match (input.stage, primary) {
        (Stage::Conversion, Some(cta)) => cta.to_owned(),
        (Stage::Conversion, None) => format!("Get in touch with {client}"),
        (Stage::Retention, Some(cta)) => cta.to_owned(),
        (Stage::Retention, None) => "Tell us what you want to see next".to_owned(),
        (Stage::Engagement, _) => match input.platform {
            Platform::Instagram => "Save this and share it with your team".to_owned(),
            Platform::X => "Reply with your take".to_owned(),
            _ => "Share your take in the comments".to_owned(),
        },
        (Stage::Launch | Stage::Awareness, _) => format!("Follow {client} for more"),
    }
}

/// Writes title, copy and call to action for one item.
pub(crate) fn write(input: &CopyInput<'_>) -> Written {
    // User-supplied text never adds hashtags of its own: the platform limit is ours to keep.
    let client = no_hash(input.client.trim());
    let focus_full = no_hash(input.focus.trim());
    let topic = no_hash(topic(input.weekly_theme));
    let angle = no_hash(input.angle.trim());
    let series = input.content_theme.map(|t| no_hash(t.trim()));
    let cta = item_cta(input, &client);
    let base = match &series {
        Some(s) => format!("{s}: {topic}"),
        None => topic.clone(),
    };
    let (title, copy) = match input.platform {
        Platform::Email => email(input, &client, &focus_full, &angle, &cta),
        Platform::X => {
            let focus = shorten(&focus_full, 40);
            x_post(input, &client, &focus, &angle, &cta, &base)
        }
        Platform::LinkedIn => {
            let focus = shorten(&focus_full, 80);
            linkedin(input, &client, &focus, &angle, &cta, &base)
        }
        Platform::Instagram => {
            let focus = shorten(&focus_full, 80);
            instagram(input, &client, &focus, &angle, &no_hash(&cta), &base)
        }
    };
    Written {
        title,
        copy,
        cta: Some(cta),
    }
}

fn format_label(content_type: ContentType) -> &'static str {
    match content_type {
        ContentType::Carousel => "Carousel: ",
        ContentType::Reel => "Reel: ",
        ContentType::Story => "Story: ",
        ContentType::Thread => "Thread: ",
        ContentType::Post | ContentType::Email => "",
    }
}

fn social_title(input: &CopyInput<'_>, base: &str) -> String {
    shorten(
        &format!("{}{base}", format_label(input.content_type)),
        TITLE_MAX,
    )
}

fn linkedin(
    input: &CopyInput<'_>,
    client: &str,
    focus: &str,
    angle: &str,
    cta: &str,
    base: &str,
) -> (String, String) {
    let value = value_line(input.stage, input.variant, focus, client);
    let tags = hashtags(focus, client, &["Marketing", "Growth"], 3).join(" ");
    let points: Vec<String> = bullets(input.stage)
        .iter()
        .map(|b| format!("→ {b}"))
        .collect();
    let middle = if input.content_type == ContentType::Carousel {
        format!(
            "Swipe through the 6 slides for the full breakdown:\n{}",
            points.join("\n")
        )
    } else {
        points.join("\n")
    };
    // Links cost reach inside a LinkedIn post: the link goes into the first comment.
    let cta_line = if has_url(cta) {
        format!("{} (link in the first comment).", strip_urls(cta))
    } else {
        format!("{cta}.")
    };
    // The hook is the angle: it has to work in the ~210 characters before "see more".
    let copy = format!(
        "{}.\n\n{value}\n\n{middle}\n\n{cta_line}\n\n{tags}",
        shorten(angle, 200)
    );
    (social_title(input, base), copy)
}

fn instagram(
    input: &CopyInput<'_>,
    client: &str,
    focus: &str,
    angle: &str,
    cta: &str,
    base: &str,
) -> (String, String) {
    let value = value_line(input.stage, input.variant, focus, client);
    let format_line = match input.content_type {
        ContentType::Carousel => "Swipe for the 5 steps →",
        ContentType::Reel => "Watch to the end for the one change that matters most.",
        ContentType::Story => "Tap the link sticker to find out more.",
        _ => "Tag someone who needs to see this.",
    };
    // Instagram allows at most 5 hashtags; 4 leaves room for a campaign tag.
    let tags = hashtags(focus, client, &["SmallBusiness", "Tips"], 4).join(" ");
    // Links in captions are not clickable: the campaign's CTA points to the link in bio.
    let is_primary = input.primary_cta.map(str::trim) == Some(cta);
    let cta_line = if is_primary {
        format!("{} (link in bio).", strip_urls(cta))
    } else {
        format!("{cta}.")
    };
    let copy = format!(
        "{} ✨\n\n{value}\n\n{format_line}\n\n{cta_line}\n\n{tags}",
        shorten(angle, INSTAGRAM_HOOK - 2),
    );
    (social_title(input, base), copy)
}

/// `s` with its first character lower-cased (a bullet folded into a sentence).
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `text` cut on a word boundary until X weighs it at most `budget`.
fn fit_x(text: &str, budget: usize) -> String {
    let mut max = text.chars().count();
    let mut out = text.trim().to_owned();
    while x_weighted_length(&out) > budget && max > 1 {
        max = max.saturating_sub(5).max(1);
        out = shorten(text, max);
    }
    out
}

fn x_post(
    input: &CopyInput<'_>,
    client: &str,
    focus: &str,
    angle: &str,
    cta: &str,
    base: &str,
) -> (String, String) {
    let tag = hashtags(focus, client, &["Marketing"], 1).join(" ");
    let tail = format!("{cta} {tag}");
    let title = social_title(input, base);
    if input.content_type == ContentType::Thread {
        // A thread is its posts separated by a blank line, each numbered and each within
        // the budget on its own.
        let points = bullets(input.stage);
        let bodies = [
            format!("{angle} 🧵"),
            value_line(input.stage, input.variant, focus, client),
            format!(
                "What works: {}; {}; {}.",
                lower_first(points[0]),
                lower_first(points[1]),
                lower_first(points[2])
            ),
            tail,
        ];
        let posts: Vec<String> = bodies
            .iter()
            .enumerate()
            .map(|(i, body)| fit_x(&format!("{}/{THREAD_POSTS} {body}", i + 1), X_BUDGET))
            .collect();
        return (title, posts.join("\n\n"));
    }
    let value = match input.stage {
        Stage::Launch | Stage::Awareness => "Start small, measure weekly, cut what fails.",
        Stage::Engagement => "What would you add?",
        Stage::Conversion => "Less guesswork, results within weeks.",
        Stage::Retention => "Small changes, big gains.",
    };
    // Best version first; each fallback drops or shortens something until it fits.
    let candidates = [
        format!("{angle}\n\n{value}\n\n{tail}"),
        format!("{angle}\n\n{tail}"),
        format!("{}\n\n{tail}", shorten(angle, 120)),
    ];
    let copy = candidates
        .into_iter()
        .find(|c| x_weighted_length(c) <= X_BUDGET)
        .unwrap_or_else(|| fit_x(&format!("{}\n\n{tail}", shorten(angle, 100)), X_BUDGET));
    (title, copy)
}

/// An email subject of at most [`SUBJECT_MAX`] characters: a stage template (rotating with
/// `variant`) around the focus area cut to whole words, never an ellipsis.
fn subject(stage: Stage, variant: usize, focus: &str, client: &str) -> String {
    // `{}` is where the focus goes.
    let templates: [&str; 3] = match stage {
        Stage::Launch | Stage::Awareness => [
            "{}: what changed this year",
            "The {} mistake we see most",
            "A better way to approach {}",
        ],
        Stage::Engagement => [
            "Your {} questions, answered",
            "How we approach {}, step by step",
            "Quick question about {}",
        ],
        Stage::Conversion => [
            "Ready to start with {}?",
            "What changed for our {} customers",
            "Last call: {} made simple",
        ],
        Stage::Retention => [
            "Getting more out of {}",
            "3 small wins for {}",
            "What's next for {}",
        ],
    };
    (0..templates.len())
        .map(|i| templates[(variant + i) % templates.len()])
        .find_map(|t| {
            let room = SUBJECT_MAX.checked_sub(t.chars().count() - 2)?;
            let f = trim_words(focus, room);
            if f.is_empty() {
                return None;
            }
            let filled = t.replacen("{}", &f, 1);
            Some(if t.starts_with("{}") {
                capitalize(&filled)
            } else {
                filled
            })
        })
        .unwrap_or_else(|| shorten(&format!("News from {client}"), SUBJECT_MAX))
}

fn email(
    input: &CopyInput<'_>,
    client: &str,
    focus: &str,
    angle: &str,
    cta: &str,
) -> (String, String) {
    let subject = subject(input.stage, input.variant, focus, client);
    // The angle is the preview line; inboxes show 40–70 characters of it.
    let mut preheader = trim_words(angle, 70);
    if preheader.chars().count() < 40 {
        preheader = trim_words(&format!("{angle}: a 3-minute read from {client}"), 70);
    }
    let value = value_line(input.stage, input.variant, focus, client);
    let points: Vec<String> = bullets(input.stage)
        .iter()
        .map(|b| format!("• {b}"))
        .collect();
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
        intro = bullets_intro(input.stage),
        points = points.join("\n"),
    );
    (subject, copy)
}

/// The draft [`crate::platform::check_content`] checks for an item's title and copy: for
/// email the title is the subject and the copy's leading `Preheader:` line the preheader;
/// elsewhere the copy is the text. Works for generated and hand-edited items alike.
pub fn content_draft(platform: Platform, title: &str, copy: &str) -> Draft {
    if platform == Platform::Email {
        let (preheader, body) = split_email(copy);
        Draft {
            text: body.to_owned(),
            subject: Some(title.to_owned()),
            preheader: preheader.map(str::to_owned),
        }
    } else {
        Draft::new(copy)
    }
}

/// Splits a generated email copy into its preheader and body.
pub(crate) fn split_email(copy: &str) -> (Option<&str>, &str) {
    match copy.strip_prefix(PREHEADER_PREFIX) {
        Some(rest) => match rest.split_once("\n") {
            Some((preheader, body)) => (Some(preheader.trim()), body.trim_start()),
            None => (Some(rest.trim()), ""),
        },
        None => (None, copy),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        }
    }

    #[test]
    fn every_platform_format_and_stage_passes_the_sop_checks() {
        use crate::platform::check_content;
        let stages = [
            Stage::Launch,
            Stage::Awareness,
            Stage::Engagement,
            Stage::Conversion,
            Stage::Retention,
        ];
        for p in Platform::ALL {
            for &ct in &sop(p).content_types {
                for stage in stages {
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
}
