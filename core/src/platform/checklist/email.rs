//! Email's checklist: one campaign send from the client's email service provider.

use super::{Checklist, ContentLimits};
use crate::model::{ContentType, Platform, ProofKind};

/// The checklist for `content_type`, if email takes it.
pub(super) fn checklist(content_type: ContentType, limits: &ContentLimits) -> Option<Checklist> {
    if content_type != ContentType::Email {
        return None;
    }
    let email = limits.email?;
    let (rec, max) = (email.subject_recommended, email.subject_max);
    let (pre_min, pre_max) = (email.preheader_min, email.preheader_max);
    let checklist = Checklist::new(Platform::Email, content_type, ProofKind::Url)
        .place(
            "The client's email service provider (Mailchimp, Klaviyo, Brevo, …) → Campaigns \
             → Create → Email, sent to the audience or segment the plan names.",
        )
        .how([
            format!(
                "Run the campaign-ops content check and fix every error (subject at most \
                 {max} characters, unsubscribe link present)."
            ),
            "Create the campaign and pick the audience or segment from the plan; leave the \
             provider's suppression of unsubscribed and bounced addresses on."
                .to_owned(),
            "Set the sender: the brand's usual from name and a reply-to inbox someone reads \
             (not no-reply)."
                .to_owned(),
            format!(
                "Subject: {rec} characters or fewer ({max} at most; phones cut near 41), the \
                 key words first."
            ),
            format!(
                "Preheader (preview text): {pre_min}–{pre_max} characters that add to the \
                 subject instead of repeating it."
            ),
            "Paste the body; give every personalisation token a fallback (e.g. \
             {{first_name|default:\"there\"}}) so nobody reads \"Hi ,\"."
                .to_owned(),
            "One call to action: one button (repeat it once at most for long emails) linking \
             to the tracked URL with the campaign's UTM parameters."
                .to_owned(),
            "Footer: the unsubscribe link ({{unsubscribe}}) and the sender's postal address."
                .to_owned(),
            "Give every image alt text and check the email still makes sense with images off."
                .to_owned(),
            "Send a test to yourself and one colleague; read it on a phone and a desktop, in \
             dark mode, and click every link, the unsubscribe link included."
                .to_owned(),
            "Schedule the send for the slot time in the campaign's time zone (or the \
             provider's send-time optimisation if the plan says so)."
                .to_owned(),
            "After the send, open the campaign's report in the provider and copy its link."
                .to_owned(),
        ])
        .tips([
            "Plain, specific subjects beat clever ones: say what is inside.",
            "Write the preheader as the second half of the subject line.",
            "Check opens and clicks after 24 hours and note them in the outcome.",
        ])
        .avoid([
            "Sending to the whole list when the plan names a segment.",
            "Tokens without fallback (\"Hi ,\") and untested merge tags.",
            "Several competing calls to action.",
            "ALL CAPS, \"!!!\" or \"FREE\" in the subject: spam filters and people both \
             distrust them.",
            "Link shorteners and image-only emails: both look like spam to filters.",
            "Sending without a test send.",
        ])
        .proven_by(
            "Paste the link to the sent campaign's report in the email provider (or its \
             campaign ID when the provider has no shareable link).",
        );
    Some(checklist)
}
