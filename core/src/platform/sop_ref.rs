//! Versioned references to SOP checklists: what a store keeps instead of copying a POST
//! task's instructions into every task record.
//!
//! A POST task's instructions are the flattened checklist of its platform and content type
//! ([`super::Checklist::steps`]). A store may record "the steps of SOP version `v` for this
//! platform and content type" and expand the reference with [`sop_steps`] when it reads the
//! task back. That only works while a version's text never changes: **version 1 is frozen**.
//! Changing a checklist, a posting rule it quotes or a content limit it names changes the
//! text, so the change must bump [`SOP_VERSION`] and keep the old version's text reachable
//! here (as data), or stored tasks would silently show new instructions. The test
//! `version_1_text_is_pinned` fails when the text of version 1 moves.

use std::sync::OnceLock;

use super::sop;
use crate::model::{ContentType, Platform};

/// The SOP version whose checklists [`super::sop`] produces today.
pub const SOP_VERSION: u16 = 1;

/// The instruction lines of the checklist of SOP `version` for `platform` and
/// `content_type`; `None` for an unknown version or a content type the platform does not
/// take.
pub fn sop_steps(
    version: u16,
    platform: Platform,
    content_type: ContentType,
) -> Option<Vec<String>> {
    sop_steps_ref(version, platform, content_type).map(<[String]>::to_vec)
}

/// [`sop_steps`] without the copy: for comparing a task's instructions with a version's
/// steps (a store does that on every task write).
pub fn sop_steps_ref(
    version: u16,
    platform: Platform,
    content_type: ContentType,
) -> Option<&'static [String]> {
    match version {
        1 => version_1(platform, content_type),
        _ => None,
    }
}

/// Version 1: today's `sop(platform).checklist(content_type)?.steps()`, built once.
fn version_1(platform: Platform, content_type: ContentType) -> Option<&'static [String]> {
    type Table = Vec<(Platform, ContentType, Vec<String>)>;
    static STEPS: OnceLock<Table> = OnceLock::new();
    let table = STEPS.get_or_init(|| {
        let mut table = Vec::new();
        for platform in Platform::ALL {
            let sop = sop(platform);
            for &content_type in &sop.content_types {
                if let Ok(checklist) = sop.checklist(content_type) {
                    table.push((platform, content_type, checklist.steps()));
                }
            }
        }
        table
    });
    table
        .iter()
        .find(|(p, c, _)| *p == platform && *c == content_type)
        .map(|(_, _, steps)| steps.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    #[test]
    fn version_1_is_todays_checklist() {
        for platform in Platform::ALL {
            for &ct in &sop(platform).content_types {
                let today = sop(platform).checklist(ct).unwrap().steps();
                assert_eq!(sop_steps(1, platform, ct), Some(today));
            }
        }
        assert_eq!(sop_steps(1, Platform::Email, ContentType::Reel), None);
        assert_eq!(sop_steps(0, Platform::X, ContentType::Post), None);
        assert_eq!(
            sop_steps(SOP_VERSION + 1, Platform::X, ContentType::Post),
            None
        );
    }

    /// Stored tasks refer to version 1 by number: its text must never change. If this fails,
    /// a checklist changed: keep the old text as version 1 and bump `SOP_VERSION`.
    #[test]
    fn version_1_text_is_pinned() {
        let mut sha = Sha256::new();
        for platform in Platform::ALL {
            for &ct in &sop(platform).content_types {
                for line in sop_steps(1, platform, ct).unwrap() {
                    sha.update(format!("{platform}/{ct}: {line}\n").as_bytes());
                }
            }
        }
        assert_eq!(hex::encode(sha.finalize()), PINNED_V1);
    }

    const PINNED_V1: &str = "47cab0f7b33c05b9f37dddc94cf63aaf95de32338e489a8066e92ec8bd1b5da5";
}
