//! LinkedIn's checklists: feed post and document (PDF) carousel, posted from the
//! client's company page.

use super::{Checklist, ContentLimits};
use crate::model::{ContentType, Platform, ProofKind};
use crate::platform::text::fmt_count;

/// The checklist for `content_type`, if LinkedIn takes it.
pub(super) fn checklist(content_type: ContentType, limits: &ContentLimits) -> Option<Checklist> {
    let max = fmt_count(limits.max_chars.unwrap_or(3_000));
    let hook = limits.hook_chars.unwrap_or(210);
    let tags = limits.recommended_max_hashtags.unwrap_or(5);
    let base = Checklist::new(Platform::LinkedIn, content_type, ProofKind::Url).place(
        "LinkedIn, as the client's company page (Page admin view → \"Create\" → \"Start a \
         post\"), or the named person's profile when the plan says so.",
    );
    let opening = [
        format!(
            "Run the campaign-ops content check on the copy and fix every error (at most \
             {max} characters)."
        ),
        "Open the company page in admin view and click \"Start a post\"; check that the \
         author shown at the top is the page, not your personal profile."
            .to_owned(),
    ];
    let copy = [
        format!(
            "Paste the copy. Make sure the first ~{hook} characters (the hook) stand on their \
             own: LinkedIn cuts the rest behind \"…see more\"."
        ),
        format!("End with 3–{tags} relevant hashtags (one broad, the rest specific)."),
    ];
    let closing = [
        "Leave links out of the post body: write \"link in the first comment\" instead.".to_owned(),
        "@mention people or companies only where the plan names them; check each mention \
         resolved to the right page."
            .to_owned(),
        "Preview in the mobile view, then post at the slot time (or schedule it with the \
         clock icon, in the campaign's time zone)."
            .to_owned(),
        "Right after publishing, add the first comment with the link and the call to action."
            .to_owned(),
        "Open the published post and copy its link (\"…\" → \"Copy link to post\").".to_owned(),
    ];
    let tips = [
        "Reply to every comment in the first 60–90 minutes; early conversation decides the \
         post's reach (the follow-up ENGAGE tasks cover this).",
        "Short paragraphs and line breaks read better on mobile than one block of text.",
        "End with a question the audience can answer from experience to invite comments.",
    ];
    let avoid = [
        "An external link in the post body: LinkedIn shows such posts to fewer people.",
        "Posting from your personal profile when the plan says the company page.",
        "Engagement bait (\"comment YES\", \"like if you agree\"): LinkedIn demotes it.",
        "Tagging people who are not in the post to get reach.",
    ];
    let too_many_tags =
        format!("More than {tags} hashtags, or hashtags in the middle of sentences.");
    let base = base.avoid([too_many_tags]);
    let checklist = match content_type {
        ContentType::Post => base
            .how(opening)
            .how(copy)
            .how([
                "Attach the image from the asset reference: 1200×627 landscape, 1080×1080 \
                 square or 1080×1350 portrait; add alt text (\"Alt text\" on the image) \
                 describing it.",
            ])
            .how(closing)
            .tips(tips)
            .tips(["A native image or document post reaches more people than a link post."])
            .avoid(avoid),
        ContentType::Carousel => base
            .how(opening)
            .how([
                "Export the carousel from the asset reference as one PDF, 1080×1350 portrait \
                 (or 1080×1080 square) slides, ideally 5–12 of them.",
                "Click \"…\" (More) → \"Add a document\", upload the PDF and give it a \
                 document title; viewers see that title above the slides.",
            ])
            .how(copy)
            .how(closing)
            .tips(tips)
            .tips([
                "The first slide is the hook: one bold headline, readable at phone size.",
                "One idea per slide; the last slide carries the call to action.",
            ])
            .avoid(avoid)
            .avoid([
                "Small text or landscape slides: most people read on a phone.",
                "Uploading the slides as separate images when the plan asks for a \
                 swipeable document.",
            ]),
        _ => return None,
    };
    Some(
        checklist.proven_by("Paste the URL of the published post (\"…\" → \"Copy link to post\")."),
    )
}
