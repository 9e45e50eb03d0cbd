//! The template planner's phase goals and platform tactics: what each stage asks of each
//! platform, written the way a social lead would brief an operator.

use crate::model::{Objective, Platform, PlatformTactic};
use crate::planning::stage::Stage;

/// What the template needs to know to phrase goals and tactics.
pub(super) struct Brief<'a> {
    pub client: &'a str,
    pub focus: &'a str,
    pub cta: &'a str,
    pub objective: Objective,
}

/// Two or three goals for a phase of `stage`, the last one shaped by the objective.
pub(super) fn goals(stage: Stage, b: &Brief<'_>) -> Vec<String> {
    let (client, focus, cta) = (b.client, b.focus, b.cta);
    let mut goals = match stage {
        Stage::Launch => vec![
            format!("Introduce {client} as a credible voice on {focus} to new audiences"),
            "Start conversations: every post invites a reply, a vote or a save".to_owned(),
        ],
        Stage::Awareness => vec![
            format!("Put {focus} and {client} in front of the right new audiences"),
            "Grow followers and email subscribers who fit the target profile".to_owned(),
        ],
        Stage::Engagement => vec![
            format!("Turn reach into conversations about {focus}"),
            "Answer every comment and DM within one business day".to_owned(),
        ],
        Stage::Conversion => vec![
            format!("Move engaged followers to act: {cta}"),
            "Back every ask with proof: results, testimonials, a clear offer".to_owned(),
        ],
        Stage::Retention => vec![
            format!("Keep customers and subscribers active around {focus}"),
            "Double down on the formats and send times that performed best; drop the rest"
                .to_owned(),
        ],
    };
    let objective_goal = match (b.objective, stage) {
        (Objective::Awareness, Stage::Conversion | Stage::Retention) => {
            "Keep reach growing: recycle the best-performing posts in new formats".to_owned()
        }
        (Objective::Awareness, _) => "Maximise qualified reach and impressions".to_owned(),
        (Objective::Engagement, _) => {
            "Raise the engagement rate above the platform benchmark".to_owned()
        }
        (Objective::LeadGeneration, Stage::Awareness) => {
            "Build the audience the lead magnet will be offered to".to_owned()
        }
        (Objective::LeadGeneration, _) => {
            format!("Capture qualified leads through {cta} and hand them to sales within 24 h")
        }
        (Objective::Conversion, Stage::Awareness) => {
            "Warm up the audience that the offer will go to".to_owned()
        }
        (Objective::Conversion, _) => format!("Convert interest into purchases: {cta}"),
        (Objective::Retention, _) => {
            "Increase repeat engagement and purchases from existing customers".to_owned()
        }
    };
    goals.push(objective_goal);
    goals
}

/// The tactic for `platform` in a phase of `stage`, at `per_week` posts a week.
pub(super) fn tactic(
    platform: Platform,
    stage: Stage,
    per_week: u32,
    b: &Brief<'_>,
) -> PlatformTactic {
    let (client, focus, cta) = (b.client, b.focus, b.cta);
    let cadence = match (platform, per_week) {
        (_, 0) => "No regular cadence set: post only when there is news.".to_owned(),
        (Platform::Email, n) => format!("{n} send(s) a week, Tue–Thu at 09:00 or 12:00."),
        (_, n) => format!("{n} post(s) a week inside the posting windows."),
    };
    let what = match (platform, stage) {
        (Platform::LinkedIn, Stage::Launch | Stage::Awareness) => format!(
            "Point-of-view posts on {focus} from the {client} experts, hook in the first 210 \
             characters (before \"see more\"); links go in the first comment, not the post."
        ),
        (Platform::LinkedIn, Stage::Engagement) => format!(
            "Document carousels (5–7 slides) breaking {focus} into steps; end each post with a \
             question and reply to every comment within 2 hours of posting."
        ),
        (Platform::LinkedIn, Stage::Conversion) => format!(
            "Customer-result posts (problem, number, quote) with \"{cta}\" in the first comment; \
             message warm commenters personally."
        ),
        (Platform::LinkedIn, Stage::Retention) => format!(
            "Customer spotlights and \"what we learned\" recaps on {focus}; invite clients to \
             add their view in the comments."
        ),
        (Platform::Instagram, Stage::Launch | Stage::Awareness) => format!(
            "Reels of 15–30 s that hook on {focus} in the first 2 seconds, at most 5 targeted \
             hashtags; share each Reel to Stories."
        ),
        (Platform::Instagram, Stage::Engagement) => format!(
            "Save-worthy carousels of tips on {focus}; Story polls and question stickers; \
             answer DMs the same day."
        ),
        (Platform::Instagram, Stage::Conversion) => format!(
            "Testimonial Reels and offer carousels pointing to the link in bio ({cta}); a Story \
             link sticker on every posting day."
        ),
        (Platform::Instagram, Stage::Retention) => format!(
            "Repost customer content with credit, behind-the-scenes Stories of {client}, and \
             a monthly \"best of\" carousel."
        ),
        (Platform::X, Stage::Launch | Stage::Awareness) => format!(
            "Short, opinionated takes on {focus} and one 4–6 post thread a week; join relevant \
             conversations during the 09:00–12:00 window."
        ),
        (Platform::X, Stage::Engagement) => format!(
            "Polls and questions on {focus}, quote-posts of industry voices with an added \
             insight, replies to every mention."
        ),
        (Platform::X, Stage::Conversion) => format!(
            "Pin a post with \"{cta}\" and its link (a URL counts 23 characters); close threads \
             with the link and a one-line proof point."
        ),
        (Platform::X, Stage::Retention) => format!(
            "Thank and quote-post customers, share quick {focus} tips and product updates as \
             short threads."
        ),
        (Platform::Email, Stage::Launch | Stage::Awareness) => format!(
            "Announcement email introducing the {client} view on {focus}: subject ≤ 50 \
             characters, preheader 40–70, one CTA, unsubscribe link in the footer."
        ),
        (Platform::Email, Stage::Engagement) => format!(
            "Value email with one practical guide on {focus}; ask readers to reply with their \
             biggest question; segment openers from non-openers."
        ),
        (Platform::Email, Stage::Conversion) => format!(
            "Offer email built around \"{cta}\" with a testimonial; resend to non-openers 48 h \
             later with a new subject line."
        ),
        (Platform::Email, Stage::Retention) => format!(
            "Customer newsletter with advanced {focus} tips and a win-back email to \
             subscribers inactive for 90 days."
        ),
    };
    PlatformTactic {
        platform,
        tactic: format!("{what} {cadence}"),
    }
}
