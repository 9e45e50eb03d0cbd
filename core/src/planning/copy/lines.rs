//! The sentences generated copy is made of: each stage's value lines, bullet points and X
//! takeaways, rotated by an item's variant so that consecutive items read differently.

use std::fmt::Write as _;

use crate::planning::stage::Stage;
use crate::planning::text::capitalize;

/// Appends the value line of an item to `out`: one of three a stage, by `variant`.
pub(super) fn push_value_line(
    out: &mut String,
    stage: Stage,
    variant: usize,
    focus: &str,
    client: &str,
) {
    // Only the chosen line is formatted.
    let written = match (stage, variant % 3) {
        (Stage::Launch | Stage::Awareness, 0) => write!(
            out,
            "Most teams treat {focus} as an afterthought. The ones who get it right start \
             with one clear goal and review it every week."
        ),
        (Stage::Launch | Stage::Awareness, 1) => write!(
            out,
            "{focus_cap} is changing fast and the old playbook no longer works. Here is what \
             we see working right now.",
            focus_cap = capitalize(focus)
        ),
        (Stage::Launch | Stage::Awareness, _) => write!(
            out,
            "At {client} we work on {focus} every day. These are the patterns that keep \
             showing up."
        ),
        (Stage::Engagement, 0) => write!(
            out,
            "We asked our community what slows down {focus}. The most common answer was \
             also the easiest to fix."
        ),
        (Stage::Engagement, 1) => write!(
            out,
            "Here is how we approach {focus}, step by step. Take what works and tell us what \
             you would change."
        ),
        (Stage::Engagement, _) => write!(
            out,
            "Three questions we hear every week about {focus}, and our honest answers."
        ),
        (Stage::Conversion, 0) => write!(
            out,
            "Teams that work with {client} on {focus} stop guessing and see results within \
             weeks."
        ),
        (Stage::Conversion, 1) => write!(
            out,
            "If {focus} is on your list this quarter, this is the easiest way to get \
             started."
        ),
        (Stage::Conversion, _) => write!(
            out,
            "Real customers, real numbers: here is what changed for them after they chose \
             {client}."
        ),
        (Stage::Retention, 0) => write!(
            out,
            "Already working with {client}? Three small changes get far more out of {focus}."
        ),
        (Stage::Retention, 1) => write!(
            out,
            "A look back at what worked for {focus} this season, and what we are doing \
             next."
        ),
        (Stage::Retention, _) => write!(
            out,
            "Our customers keep showing us new ways to approach {focus}. Here are our \
             favourites."
        ),
    };
    written.expect("writing to a String cannot fail");
}

/// Appends `points` to `out`, one a line, each after `marker` ("→ ", "• ").
pub(super) fn push_points(out: &mut String, marker: &str, points: [&str; 3]) {
    for (i, point) in points.into_iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(marker);
        out.push_str(point);
    }
}

/// The line that introduces [`bullets`] in an email.
pub(super) fn bullets_intro(stage: Stage) -> &'static str {
    match stage {
        Stage::Launch | Stage::Awareness => "Three things we would do this week:",
        Stage::Engagement => "What we see in teams that get it right:",
        Stage::Conversion => "What you get:",
        Stage::Retention => "Three quick wins for this month:",
    }
}

/// Three bullet points for a post of `stage`; `variant` rotates between sets so that the
/// posts of one week do not repeat each other.
pub(super) fn bullets(stage: Stage, variant: usize) -> [&'static str; 3] {
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

/// The one-line takeaway of a short X post; `variant` rotates it.
pub(super) fn x_takeaway(stage: Stage, variant: usize) -> &'static str {
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
