//! The platforms campaign-ops posts to and the kinds of content they take.

use serde::{Deserialize, Serialize};
use std::str::FromStr;

use crate::Error;

/// A channel a campaign publishes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Platform {
    /// LinkedIn (professional network).
    #[serde(rename = "linkedin", alias = "linked_in")]
    LinkedIn,
    /// Instagram.
    Instagram,
    /// X, formerly Twitter.
    #[serde(alias = "twitter")]
    X,
    /// Email newsletter / campaign.
    Email,
}

impl Platform {
    /// Every platform, in a stable order.
    pub const ALL: [Platform; 4] = [
        Platform::LinkedIn,
        Platform::Instagram,
        Platform::X,
        Platform::Email,
    ];

    /// Stable lower-case key (`linkedin`, `instagram`, `x`, `email`).
    pub fn key(self) -> &'static str {
        match self {
            Platform::LinkedIn => "linkedin",
            Platform::Instagram => "instagram",
            Platform::X => "x",
            Platform::Email => "email",
        }
    }

    /// Name for people.
    pub fn label(self) -> &'static str {
        match self {
            Platform::LinkedIn => "LinkedIn",
            Platform::Instagram => "Instagram",
            Platform::X => "X (Twitter)",
            Platform::Email => "Email",
        }
    }
}

impl std::fmt::Display for Platform {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

impl FromStr for Platform {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.trim().to_ascii_lowercase().as_str() {
            "linkedin" | "linked_in" => Ok(Platform::LinkedIn),
            "instagram" | "ig" => Ok(Platform::Instagram),
            "x" | "twitter" => Ok(Platform::X),
            "email" | "e-mail" => Ok(Platform::Email),
            other => Err(Error::validation(
                "platform",
                format!(
                    "unknown platform '{}' (expected linkedin, instagram, x or email)",
                    crate::validate::shown(other)
                ),
            )),
        }
    }
}

/// The form a piece of content takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ContentType {
    /// A single feed post (text, image or link).
    Post,
    /// A multi-image / document carousel.
    Carousel,
    /// A short vertical video.
    Reel,
    /// An ephemeral story.
    Story,
    /// A chain of connected posts (X).
    Thread,
    /// An email send.
    Email,
}

impl ContentType {
    /// Stable lower-case key.
    pub fn key(self) -> &'static str {
        match self {
            ContentType::Post => "post",
            ContentType::Carousel => "carousel",
            ContentType::Reel => "reel",
            ContentType::Story => "story",
            ContentType::Thread => "thread",
            ContentType::Email => "email",
        }
    }
}

impl std::fmt::Display for ContentType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

impl FromStr for ContentType {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.trim().to_ascii_lowercase().as_str() {
            "post" => Ok(ContentType::Post),
            "carousel" => Ok(ContentType::Carousel),
            "reel" => Ok(ContentType::Reel),
            "story" => Ok(ContentType::Story),
            "thread" => Ok(ContentType::Thread),
            "email" => Ok(ContentType::Email),
            other => Err(Error::validation(
                "content_type",
                format!("unknown content type '{}'", crate::validate::shown(other)),
            )),
        }
    }
}
