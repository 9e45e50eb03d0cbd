//! Instagram's checklists: feed post, carousel, reel and story, on the client's
//! professional (business or creator) account.

use super::{Checklist, ContentLimits};
use crate::model::{ContentType, Platform, ProofKind};
use crate::platform::text::fmt_count;

/// The checklist for `content_type`, if Instagram takes it.
pub(super) fn checklist(content_type: ContentType, limits: &ContentLimits) -> Option<Checklist> {
    let max = fmt_count(limits.max_chars.unwrap_or(2_200));
    let hook = limits.hook_chars.unwrap_or(125);
    let tags = limits.max_hashtags.unwrap_or(5);
    let proof = match content_type {
        // A story disappears after 24 hours, so its link proves nothing a day later.
        ContentType::Story => ProofKind::Upload,
        _ => ProofKind::Url,
    };
    let base = Checklist::new(Platform::Instagram, content_type, proof).place(
        "The Instagram app (or Meta Business Suite → \"Create post\" / \"Create reel\" / \
         \"Create story\") on the client's professional account.",
    );
    let opening = [
        format!(
            "Run the campaign-ops content check and fix every error (caption at most {max} \
             characters, at most {tags} hashtags)."
        ),
        "Check that you are logged in as the client's account (tap the username at the top \
         of your profile to switch)."
            .to_owned(),
    ];
    let caption = [
        format!(
            "Paste the caption; the first ~{hook} characters show before \"more\", so open \
             with the hook."
        ),
        format!("Add at most {tags} hashtags at the end of the caption: Instagram refuses more."),
        "Links in captions are not clickable: update the link in bio before publishing and \
         write \"link in bio\" in the caption."
            .to_owned(),
    ];
    let share = [
        "Tag people, brands or products and add the location only where the plan says so."
            .to_owned(),
        "Tap \"Share\" at the slot time (or schedule it in Meta Business Suite, in the \
         campaign's time zone)."
            .to_owned(),
        "Open the published post, tap \"…\" → \"Copy link\"; reply to the first comments \
         within the hour."
            .to_owned(),
    ];
    let tips = [
        "The first hour decides reach: reply to comments and answer DMs it brings in.",
        "Save-worthy content (checklists, how-tos) and shares count more than likes.",
    ];
    let avoid = [
        format!("More than {tags} hashtags, or the same block of hashtags on every post."),
        "Posting from a personal account, or with the wrong account selected.".to_owned(),
        "Blurry, upscaled or watermarked images and videos (e.g. a TikTok logo): Instagram \
         shows them to fewer people."
            .to_owned(),
        "Text-heavy images without alt text.".to_owned(),
    ];
    let checklist = match content_type {
        ContentType::Post => base
            .how(opening)
            .how([
                "Prepare the image from the asset reference at 1080×1350 px (4:5 portrait; it \
                 fills the most of the feed) or 1080×1080 (1:1), JPG or PNG in sRGB.",
                "Tap + → \"Post\", choose the image and check the crop shows the whole design.",
            ])
            .how(caption)
            .how([
                "Tap \"Advanced settings\" → \"Write alt text\" and describe the image for \
                 people using screen readers.",
            ])
            .how(share)
            .tips(tips)
            .avoid(avoid)
            .proven_by("Paste the URL of the published post (\"…\" → \"Copy link\")."),
        ContentType::Carousel => base
            .how(opening)
            .how([
                "Prepare 2–20 slides from the asset reference, all the same size: 1080×1350 \
                 px (4:5) is best; the first slide sets the crop for all.",
                "Tap + → \"Post\", tap the multi-select icon and pick the slides in order.",
            ])
            .how(caption)
            .how(["Add alt text to each slide (\"Advanced settings\" → \"Write alt text\")."])
            .how(share)
            .tips(tips)
            .tips([
                "Slide 1 is the hook; end with a slide that tells people what to do next.",
                "Instagram may show a carousel again starting at slide 2 to people who \
                 skipped it: make slide 2 strong too.",
            ])
            .avoid(avoid)
            .avoid(["Mixing portrait and square slides: Instagram crops them all to the first."])
            .proven_by("Paste the URL of the published carousel (\"…\" → \"Copy link\")."),
        ContentType::Reel => base
            .how(opening)
            .how([
                "Export the video from the asset reference as 1080×1920 px, 9:16 vertical, \
                 MP4 (H.264), ideally under 90 seconds.",
                "Keep text and faces in the centre: the caption and buttons cover the bottom \
                 ~20% and the top ~14% of the screen.",
                "Tap + → \"Reel\", add the video; use original audio or audio from the \
                 business-safe library (business accounts cannot use every track).",
                "Turn on captions (auto-generated; correct them) so the reel works without \
                 sound.",
                "Choose a cover (\"Edit cover\"), and check its 4:5 crop on the profile grid.",
            ])
            .how(caption)
            .how(share)
            .tips(tips)
            .tips(["Hook in the first 1–2 seconds: motion or on-screen text, no logo intro."])
            .avoid(avoid)
            .avoid(["Horizontal video with black bars, or text in the bottom fifth."])
            .proven_by("Paste the URL of the published reel (\"…\" → \"Copy link\")."),
        ContentType::Story => base
            .how(opening)
            .how([
                "Prepare each frame from the asset reference at 1080×1920 px (9:16); keep \
                 text and stickers out of the top and bottom ~250 px.",
                "Tap + → \"Story\" and add the frames in order.",
                "Add the link with the \"Link\" sticker (stories are where links are \
                 clickable); label it with the call to action.",
                "Add a poll, question or quiz sticker where the plan asks for engagement, and \
                 @mention sticker for tagged people or brands.",
                "Stories have no alt-text field: put the key message in large on-screen text \
                 and turn on captions for video frames, so the story works without sound or \
                 sight of the image.",
                "Share to \"Your story\" at the slot time; add it to the campaign Highlight if \
                 the plan says it should stay on the profile.",
                "Take a screenshot of the live story from the profile view.",
            ])
            .tips([
                "Use 3–7 frames; one message per frame, readable in the 5 seconds it shows.",
                "Reply to every story reply: they arrive as DMs.",
            ])
            .avoid(avoid)
            .avoid(["Putting a URL in the text of a story: it is not clickable there either."])
            .proven_by(
                "Upload the screenshot of the live story (stories disappear after 24 hours) \
                 and add its view count after 24 hours in the outcome.",
            ),
        _ => return None,
    };
    Some(checklist)
}
