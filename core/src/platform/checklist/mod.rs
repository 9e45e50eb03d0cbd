//! The operator checklist: for one platform and content type, where to post, how (step by
//! step), tips, mistakes to avoid and what proves completion. The data lives in one module
//! per platform; [`Checklist::steps`] flattens it into the instruction lines a task stores.

mod email;
mod instagram;
mod linkedin;
mod x;

use serde::{Deserialize, Serialize};

use super::limits::ContentLimits;
use crate::model::{ContentType, Platform, ProofKind};

/// The kinds of section a checklist has, in the order an operator reads them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SectionKind {
    /// Where to post: the account, page or tool.
    Where,
    /// How: the steps, in order.
    Steps,
    /// Tips that make the post work better.
    Tips,
    /// Mistakes to avoid.
    Avoid,
    /// What proves the task is done.
    Proof,
}

impl SectionKind {
    /// Heading for people.
    pub fn title(self) -> &'static str {
        match self {
            SectionKind::Where => "Where to post",
            SectionKind::Steps => "How",
            SectionKind::Tips => "Tips",
            SectionKind::Avoid => "Mistakes to avoid",
            SectionKind::Proof => "Proof of completion",
        }
    }
}

/// One section of a checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistSection {
    /// What the section is.
    pub kind: SectionKind,
    /// Its lines, in order.
    pub items: Vec<String>,
}

/// The operator checklist for one platform and content type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checklist {
    /// The platform.
    pub platform: Platform,
    /// The content type.
    pub content_type: ContentType,
    /// The sections, in the order of [`SectionKind`]; each present once.
    pub sections: Vec<ChecklistSection>,
    /// The kind of proof that completes the task (the Proof section says what exactly).
    pub proof: ProofKind,
}

impl Checklist {
    /// The lines of one section (empty when the checklist has none of that kind).
    pub fn items(&self, kind: SectionKind) -> &[String] {
        self.sections
            .iter()
            .find(|s| s.kind == kind)
            .map_or(&[], |s| s.items.as_slice())
    }

    /// The checklist as the instruction lines a task stores, one per line: "Where: …",
    /// numbered steps "1. …", then "Tip: …", "Avoid: …" and "Proof: …".
    pub fn steps(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for section in &self.sections {
            for (n, item) in section.items.iter().enumerate() {
                lines.push(match section.kind {
                    SectionKind::Where => format!("Where: {item}"),
                    SectionKind::Steps => format!("{}. {item}", n + 1),
                    SectionKind::Tips => format!("Tip: {item}"),
                    SectionKind::Avoid => format!("Avoid: {item}"),
                    SectionKind::Proof => format!("Proof: {item}"),
                });
            }
        }
        lines
    }

    /// A checklist with every section present and empty; the data modules fill it.
    fn new(platform: Platform, content_type: ContentType, proof: ProofKind) -> Self {
        let kinds = [
            SectionKind::Where,
            SectionKind::Steps,
            SectionKind::Tips,
            SectionKind::Avoid,
            SectionKind::Proof,
        ];
        Checklist {
            platform,
            content_type,
            sections: kinds
                .map(|kind| ChecklistSection {
                    kind,
                    items: Vec::new(),
                })
                .into(),
            proof,
        }
    }

    fn add<I, S>(mut self, kind: SectionKind, items: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let section = self
            .sections
            .iter_mut()
            .find(|s| s.kind == kind)
            .expect("Checklist::new creates every section");
        section.items.extend(items.into_iter().map(Into::into));
        self
    }

    fn place(self, item: impl Into<String>) -> Self {
        self.add(SectionKind::Where, [item])
    }

    fn how<I: IntoIterator<Item = S>, S: Into<String>>(self, items: I) -> Self {
        self.add(SectionKind::Steps, items)
    }

    fn tips<I: IntoIterator<Item = S>, S: Into<String>>(self, items: I) -> Self {
        self.add(SectionKind::Tips, items)
    }

    fn avoid<I: IntoIterator<Item = S>, S: Into<String>>(self, items: I) -> Self {
        self.add(SectionKind::Avoid, items)
    }

    fn proven_by(self, item: impl Into<String>) -> Self {
        self.add(SectionKind::Proof, [item])
    }
}

/// The checklists of `platform` for the content types in `content_types` (a test makes
/// sure every supported type has one).
pub(crate) fn checklists(
    platform: Platform,
    content_types: &[ContentType],
    limits: &ContentLimits,
) -> Vec<Checklist> {
    content_types
        .iter()
        .filter_map(|&ct| match platform {
            Platform::LinkedIn => linkedin::checklist(ct, limits),
            Platform::Instagram => instagram::checklist(ct, limits),
            Platform::X => x::checklist(ct, limits),
            Platform::Email => email::checklist(ct, limits),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::Error;
    use crate::model::{ContentType, Platform, ProofKind};
    use crate::platform::{SectionKind, sop};

    const ALL_TYPES: [ContentType; 6] = [
        ContentType::Post,
        ContentType::Carousel,
        ContentType::Reel,
        ContentType::Story,
        ContentType::Thread,
        ContentType::Email,
    ];

    #[test]
    fn every_supported_content_type_has_a_full_checklist() {
        for platform in Platform::ALL {
            let sop = sop(platform);
            assert_eq!(sop.checklists.len(), sop.content_types.len(), "{platform}");
            for &ct in &sop.content_types {
                let checklist = sop.checklist(ct).expect("supported type has a checklist");
                assert_eq!((checklist.platform, checklist.content_type), (platform, ct));
                for kind in [
                    SectionKind::Where,
                    SectionKind::Steps,
                    SectionKind::Tips,
                    SectionKind::Avoid,
                    SectionKind::Proof,
                ] {
                    assert!(
                        !checklist.items(kind).is_empty(),
                        "{platform} {ct}: no {kind:?}"
                    );
                }
                let steps = checklist.steps();
                assert!(steps[0].starts_with("Where: "), "{steps:?}");
                assert!(steps.iter().any(|s| s.starts_with("1. ")));
                assert!(steps.iter().any(|s| s.starts_with("Tip: ")));
                assert!(steps.iter().any(|s| s.starts_with("Avoid: ")));
                assert!(steps.last().is_some_and(|s| s.starts_with("Proof: ")));
                assert!(
                    steps
                        .iter()
                        .all(|s| !s.trim().is_empty() && !s.contains("  "))
                );
            }
        }
    }

    #[test]
    fn cached_steps_are_the_checklist_steps() {
        use crate::platform::checklist_steps;
        for platform in Platform::ALL {
            for ct in ALL_TYPES {
                let fresh = sop(platform).checklist(ct).map(|c| c.steps());
                let cached = checklist_steps(platform, ct).map(<[String]>::to_vec);
                assert_eq!(cached, fresh, "{platform} {ct}");
            }
        }
    }

    #[test]
    fn an_unsupported_content_type_is_a_validation_error() {
        for platform in Platform::ALL {
            let sop = sop(platform);
            for ct in ALL_TYPES
                .into_iter()
                .filter(|ct| !sop.content_types.contains(ct))
            {
                match sop.checklist(ct) {
                    Err(Error::Validation { field, rule }) => {
                        assert_eq!(field, "content_type");
                        assert!(rule.contains(ct.key()), "{rule}");
                    }
                    other => panic!("{platform} {ct}: {other:?}"),
                }
            }
        }
    }

    #[test]
    fn checklists_carry_the_platform_facts() {
        let text = |p, ct| sop(p).checklist(ct).unwrap().steps().join("\n");
        let linkedin = text(Platform::LinkedIn, ContentType::Post);
        assert!(linkedin.contains("~210 characters") && linkedin.contains("first comment"));
        let instagram = text(Platform::Instagram, ContentType::Post);
        for fact in [
            "1080×1350",
            "4:5",
            "at most 5 hashtags",
            "alt text",
            "link in bio",
        ] {
            assert!(instagram.contains(fact), "{fact}");
        }
        assert!(text(Platform::Instagram, ContentType::Reel).contains("9:16"));
        // Stories have no alt-text field: the checklist must not send operators looking.
        let story_text = text(Platform::Instagram, ContentType::Story);
        assert!(!story_text.contains("\"Alt text\""), "{story_text}");
        assert!(story_text.contains("no alt-text field") && story_text.contains("captions"));
        let thread = text(Platform::X, ContentType::Thread);
        assert!(thread.contains("280 weighted") && thread.contains("\"1/7\""));
        assert!(text(Platform::X, ContentType::Post).contains("counts 23"));
        let email = text(Platform::Email, ContentType::Email);
        for fact in [
            "50 characters",
            "40–70",
            "{{unsubscribe}}",
            "one colleague",
            "fallback",
        ] {
            assert!(email.contains(fact), "{fact}");
        }
        let story = sop(Platform::Instagram)
            .checklist(ContentType::Story)
            .unwrap();
        assert_eq!(story.proof, ProofKind::Upload);
        let post = sop(Platform::LinkedIn)
            .checklist(ContentType::Post)
            .unwrap();
        assert_eq!(post.proof, ProofKind::Url);
    }
}
