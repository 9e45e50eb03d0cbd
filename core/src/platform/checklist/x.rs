//! X's checklists: single post and numbered thread, on the client's account.

use super::{Checklist, ContentLimits};
use crate::model::{ContentType, Platform, ProofKind};
use crate::platform::limits::X_URL_WEIGHT;

/// The checklist for `content_type`, if X takes it.
pub(super) fn checklist(content_type: ContentType, limits: &ContentLimits) -> Option<Checklist> {
    let max = limits.max_chars.unwrap_or(280);
    let tags = limits.recommended_max_hashtags.unwrap_or(2);
    let base = Checklist::new(Platform::X, content_type, ProofKind::Url).place(
        "x.com or the X app, as the client's account (or X Pro / the team's scheduler when \
         the plan says so).",
    );
    let check = format!(
        "Run the campaign-ops content check and fix every error: at most {max} weighted \
         characters per post (every link counts {X_URL_WEIGHT}, emoji and CJK characters \
         count 2)."
    );
    let account = "Check the account switcher shows the client's account, not yours.";
    let media = "Attach the image or video from the asset reference (16:9 at 1600×900 px, \
                 or 4:5 / 1:1), and add a description to each image (\"+Alt\").";
    let tips = [
        "Reply to replies in the first hour; quote-post good replies rather than just liking \
         them.",
        "Lead with the point: the first line is all many people read.",
    ];
    let avoid = [
        format!("More than {tags} hashtags; use 1–{tags} that people actually follow."),
        "Posting a bare link without saying why it is worth a click.".to_owned(),
        "Jumping on trending hashtags unrelated to the campaign.".to_owned(),
        "Posting from a personal account by mistake (X Pro columns make this easy).".to_owned(),
    ];
    let checklist = match content_type {
        ContentType::Post => base
            .how([
                check,
                account.to_owned(),
                "Click \"Post\" (the compose box), paste the copy and watch the counter ring \
                 stay below the limit."
                    .to_owned(),
                format!(
                    "Use at most {tags} hashtags, inside the sentence or at the end; no \
                     hashtag block."
                ),
                media.to_owned(),
                "If the post has a link, wait for the link card to appear and check its \
                 image and title."
                    .to_owned(),
                "Post at the slot time (or \"Schedule\" with the clock icon, in the \
                 campaign's time zone)."
                    .to_owned(),
                "Open the published post, click \"Share\" → \"Copy link\".".to_owned(),
            ])
            .tips(tips)
            .tips(["Pin the post to the profile when it is the campaign's key post."])
            .avoid(avoid)
            .proven_by("Paste the URL of the published post (Share → Copy link)."),
        ContentType::Thread => base
            .how([
                check,
                account.to_owned(),
                "Each paragraph of the copy (separated by a blank line) is one post; number \
                 them \"1/7\", \"2/7\", … so readers know how long the thread is."
                    .to_owned(),
                "Paste post 1 in the compose box, then click \"+\" to add each next post in \
                 order; check every counter ring stays below the limit."
                    .to_owned(),
                "Post 1 must stand on its own: it is the only one most people see.".to_owned(),
                media.to_owned(),
                format!(
                    "Use at most {tags} hashtags, in the first post only; put the main link \
                     in the last post."
                ),
                "Click \"Post all\" at the slot time (or schedule the whole thread), then \
                 check the posts appear in order under the first one."
                    .to_owned(),
                "Open post 1 and click \"Share\" → \"Copy link\".".to_owned(),
            ])
            .tips(tips)
            .tips([
                "Repost or quote post 1 a few hours later to reach another time zone.",
                "End with a summary post and a call to action (follow, link, reply).",
            ])
            .avoid(avoid)
            .avoid([
                "Posting the posts one by one as separate posts instead of replies: the \
                 thread falls apart.",
                "Unnumbered threads, or numbers that change after a post is cut.",
            ])
            .proven_by("Paste the URL of the first post of the thread."),
        _ => return None,
    };
    Some(checklist)
}
