//! First-draft copy for calendar items: title, copy and call to action from templates,
//! written within each platform's limits (X well under 280 weighted characters, at most 5
//! hashtags on Instagram, email subject ≤ 50 characters with a preheader and an
//! `{{unsubscribe_url}}` merge tag).

use crate::model::{ContentType, Platform};
use crate::planning::stage::Stage;
use crate::planning::text::{
    capitalize, fit_phrase, has_url, hashtags, lower_first, no_hash, shorten, strip_urls,
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
    /// Titles the platform already has in the item's week: the new title must differ.
    pub taken_titles: &'a [String],
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

/// Three bullet points for a post of `stage`; `variant` rotates between sets so that the
/// posts of one week do not repeat each other.
fn bullets(stage: Stage, variant: usize) -> [&'static str; 3] {
    let sets: [[&str; 3]; 3] = match stage {
        Stage::Launch | Stage::Awareness => [
            [
                "Start with one goal you can measure",
                "Make the first step small enough to finish this week",
                "Review the numbers every Friday and drop what does not work",
            ],
            [
                "Pick the one number that tells you it is working",
                "Ask three customers what slows them down most",
                "Copy what already works before you invent something new",
            ],
            [
                "Block one hour a week for it, and protect that hour",
                "Share early results with your team, not only the final ones",
                "Say no to anything that does not serve the goal",
            ],
        ],
        Stage::Engagement => [
            [
                "Ask before you assume: one question to your audience a week",
                "Show the work, not only the result",
                "Answer every comment; the replies are where trust is built",
            ],
            [
                "Turn the most common question into next week's post",
                "Share a mistake and what you changed because of it",
                "Invite people to add their own tip",
            ],
            [
                "Use real examples from your own work, not stock scenarios",
                "Keep each post to one idea people can act on today",
                "Follow up on last week's best comment",
            ],
        ],
        Stage::Conversion => [
            [
                "A clear starting point, no long setup",
                "Results you can show your team within weeks",
                "People to talk to when you get stuck",
            ],
            [
                "A walkthrough built around your own use case",
                "A simple plan for your first 30 days",
                "Straight answers on what it takes to get started",
            ],
            [
                "See it working on a problem you have today",
                "Know what the first month looks like before you commit",
                "Questions answered by people who do this every day",
            ],
        ],
        Stage::Retention => [
            [
                "Revisit the basics you set up at the start",
                "Automate the step you repeat most",
                "Share one win with your team every month",
            ],
            [
                "Check which features your team has not tried yet",
                "Set one new goal for the next quarter",
                "Tell us what is missing: it shapes what comes next",
            ],
            [
                "Clear out what you no longer use",
                "Teach one colleague the shortcut you rely on most",
                "Compare this month with your first month",
            ],
        ],
    };
    sets[variant % sets.len()]
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

/// The cleaned-up pieces every platform's copy is written from. User-supplied text never
/// adds hashtags of its own (`#` is dropped): the platform's hashtag limit is ours to keep.
struct Parts {
    client: String,
    /// The focus area, shortened for the platform (whole for email, which trims to words).
    focus: String,
    angle: String,
    /// The call to action as the copy says it.
    cta: String,
    /// The calendar's content theme (series), if any.
    series: Option<String>,
    /// The weekly theme's topic.
    topic: String,
}

/// Writes title, copy and call to action for one item.
pub(crate) fn write(input: &CopyInput<'_>) -> Written {
    let client = no_hash(input.client.trim());
    let cta = item_cta(input, &client);
    let focus = no_hash(input.focus.trim());

    let parts = Parts {
        focus: match input.platform {
            Platform::Email => focus,
            Platform::X => shorten(&focus, 40),
            Platform::LinkedIn | Platform::Instagram => shorten(&focus, 80),
        },
        angle: no_hash(input.angle.trim()),
        cta: no_hash(&cta),
        series: input
            .content_theme
            .map(|t| no_hash(t.trim()))
            .filter(|t| !t.is_empty()),
        topic: no_hash(topic(input.weekly_theme)),
        client,
    };
    let (title, copy) = match input.platform {
        Platform::Email => email(input, &parts),
        Platform::X => x_post(input, &parts),
        Platform::LinkedIn => linkedin(input, &parts),
        Platform::Instagram => instagram(input, &parts),
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

/// Room a title keeps for a " (n)" suffix that tells it apart from a taken one.
const SUFFIX_ROOM: usize = 6;

/// The working title of a social item: format, series and the label of the weekly topic
/// (the part before its colon, "Proof week"), then the item's own angle, so that the posts
/// of one week read apart in a calendar; " (2)", " (3)", … when the week already has that
/// title (more posts than angles). A long topic without a label is left to the item's theme.
fn social_title(input: &CopyInput<'_>, parts: &Parts) -> String {
    let topic_label = parts
        .topic
        .split_once(": ")
        .map(|(label, _)| label.trim())
        .filter(|label| !label.is_empty() && label.chars().count() <= 30);
    let context: Vec<&str> = parts
        .series
        .iter()
        .map(String::as_str)
        .chain(topic_label)
        .collect();
    let mut title = format_label(input.content_type).to_owned();
    if !context.is_empty() {
        // A content theme may be 200 characters: the angle keeps at least half the title.
        title.push_str(&shorten(&context.join(": "), 40));
        title.push_str(" — ");
    }
    let room = TITLE_MAX - SUFFIX_ROOM - title.chars().count();
    title.push_str(&shorten(&parts.angle, room));
    let mut candidate = title.clone();
    let mut n = 1;
    while input.taken_titles.contains(&candidate) {
        n += 1;
        candidate = format!("{title} ({n})");
    }
    candidate
}

/// `s` as a sentence: a full stop added unless it already ends in one.
fn sentence(s: &str) -> String {
    if s.ends_with(['.', '!', '?', '…']) {
        s.to_owned()
    } else {
        format!("{s}.")
    }
}

/// The call-to-action sentence on a platform where a link in the text is not clickable or
/// costs reach: the URL is left out and the sentence says where it is (`link_note`).
fn cta_sentence(cta: &str, link_note: &str) -> String {
    if !has_url(cta) {
        return sentence(cta);
    }
    let rest = strip_urls(cta);
    // "Book at acme.com/demo" reads on as "Book at the link in bio."
    let ends_in_preposition = rest
        .rsplit(' ')
        .next()
        .is_some_and(|w| ["at", "on", "via", "from", "to", "in", "here"].contains(&w));
    if rest.is_empty() {
        format!("{}.", capitalize(link_note))
    } else if ends_in_preposition {
        format!("{rest} the {link_note}.")
    } else {
        format!("{rest} ({link_note}).")
    }
}

fn linkedin(input: &CopyInput<'_>, parts: &Parts) -> (String, String) {
    let (client, focus, angle, cta) = (&parts.client, &parts.focus, &parts.angle, &parts.cta);
    let value = value_line(input.stage, input.variant, focus, client);
    let tags = hashtags(focus, client, &["Marketing", "Growth"], 3).join(" ");
    let points: Vec<String> = bullets(input.stage, input.variant)
        .iter()
        .map(|b| format!("→ {b}"))
        .collect();
    let middle = if input.content_type == ContentType::Carousel {
        format!(
            "Swipe through the slides for the full breakdown:\n{}",
            points.join("\n")
        )
    } else {
        points.join("\n")
    };
    // Links cost reach inside a LinkedIn post: the link goes into the first comment.
    let cta_line = cta_sentence(cta, "link in the first comment");
    // The hook is the angle: it has to work in the ~210 characters before "see more".
    let copy = format!(
        "{}\n\n{value}\n\n{middle}\n\n{cta_line}\n\n{tags}",
        sentence(&shorten(angle, 200))
    );
    (social_title(input, parts), copy)
}

fn instagram(input: &CopyInput<'_>, parts: &Parts) -> (String, String) {
    let (client, focus, angle, cta) = (&parts.client, &parts.focus, &parts.angle, &parts.cta);
    let value = value_line(input.stage, input.variant, focus, client);
    let format_line = match input.content_type {
        ContentType::Carousel => "Swipe through for every step →",
        ContentType::Reel => "Watch to the end for the one change that matters most.",
        ContentType::Story => "Tap the link sticker to find out more.",
        _ => "Tag someone who needs to see this.",
    };
    // Instagram allows at most 5 hashtags; 4 leaves room for a campaign tag.
    let tags = hashtags(focus, client, &["SmallBusiness", "Tips"], 4).join(" ");
    // Links in captions are not clickable: a CTA's link goes in the bio.
    let cta_line = cta_sentence(cta, "link in bio");
    let copy = format!(
        "{} ✨\n\n{value}\n\n{format_line}\n\n{cta_line}\n\n{tags}",
        shorten(angle, INSTAGRAM_HOOK - 2),
    );
    (social_title(input, parts), copy)
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

/// The one-line takeaway of a short X post; `variant` rotates it.
fn x_takeaway(stage: Stage, variant: usize) -> &'static str {
    let lines: [&str; 3] = match stage {
        Stage::Launch | Stage::Awareness => [
            "Start small, measure weekly, cut what fails.",
            "One clear goal beats ten good intentions.",
            "The basics, done every week, win.",
        ],
        Stage::Engagement => [
            "What would you add?",
            "How do you handle it? Tell us below.",
            "Agree, or would you do it differently?",
        ],
        Stage::Conversion => [
            "Less guesswork, results within weeks.",
            "The first step is smaller than you think.",
            "See it on your own use case first.",
        ],
        Stage::Retention => [
            "Small changes, big gains.",
            "Most teams use half of what they have.",
            "Worth a second look this month.",
        ],
    };
    lines[variant % lines.len()]
}

fn x_post(input: &CopyInput<'_>, parts: &Parts) -> (String, String) {
    let (client, focus, angle, cta) = (&parts.client, &parts.focus, &parts.angle, &parts.cta);
    let tag = hashtags(focus, client, &["Marketing"], 1).join(" ");
    let tail = format!("{} {tag}", sentence(cta));
    let title = social_title(input, parts);
    if input.content_type == ContentType::Thread {
        // A thread is its posts separated by a blank line, each numbered and each within
        // the budget on its own.
        let points = bullets(input.stage, input.variant);
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
    let value = x_takeaway(input.stage, input.variant);
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
fn subject(stage: Stage, variant: usize, focus: &str, client: &str, taken: &[String]) -> String {
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
    let candidates: Vec<String> = (0..templates.len())
        .filter_map(|i| {
            fill(
                templates[(variant + i) % templates.len()],
                focus,
                SUBJECT_MAX,
            )
        })
        .collect();
    candidates
        .iter()
        .find(|c| !taken.contains(c))
        .or(candidates.first())
        .cloned()
        .unwrap_or_else(|| shorten(&format!("News from {client}"), SUBJECT_MAX))
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

fn email(input: &CopyInput<'_>, parts: &Parts) -> (String, String) {
    let (client, focus, angle, cta) = (&parts.client, &parts.focus, &parts.angle, &parts.cta);
    let subject = subject(
        input.stage,
        input.variant,
        focus,
        client,
        input.taken_titles,
    );
    let preheader = preheader(input.stage, angle, focus);
    let value = value_line(input.stage, input.variant, focus, client);
    let points: Vec<String> = bullets(input.stage, input.variant)
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
mod digest_tests;

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
}
