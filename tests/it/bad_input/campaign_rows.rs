//! Campaign calls: create, update and the status moves.

use campaign_ops::service::{CampaignUpdate, NewCampaign};
use campaign_ops::{CampaignId, EntityKind, Platform};
use chrono::NaiveDate;

use super::harness::{Expect, Row, invalid, row};
use crate::support::{alice, date, new_campaign, with};

/// A megabyte of text: what an error message must not echo back.
pub fn megabyte(unit: &str) -> String {
    unit.repeat((1 << 20) / unit.len().max(1))
}

/// A create with one thing changed from a valid campaign named "Fresh".
fn create(what: &str, expect: Expect, set: impl Fn(&mut NewCampaign) + 'static) -> Row {
    row(format!("create_campaign: {what}"), expect, move |w| {
        w.ops
            .create_campaign(&alice(), with(new_campaign("Fresh"), &set))
    })
}

fn update(what: &str, expect: Expect, set: impl Fn(&mut CampaignUpdate) + 'static) -> Row {
    row(format!("update_campaign: {what}"), expect, move |w| {
        w.ops
            .update_campaign(&alice(), w.active, with(CampaignUpdate::default(), &set))
    })
}

fn name(what: &str, expect: Expect, value: impl Into<String>) -> Row {
    let value = value.into();
    create(&format!("name {what}"), expect, move |n| {
        n.name = value.clone()
    })
}

fn zone(what: &str, value: impl Into<String>) -> Row {
    let value = value.into();
    create(
        &format!("time zone {what}"),
        invalid("time_zone", "IANA time zone"),
        move |n| n.time_zone = value.clone(),
    )
}

pub fn rows() -> Vec<Row> {
    let taken = Expect::Taken("name");
    let mut rows = vec![
        name("empty", invalid("name", "must not be empty"), ""),
        name(
            "whitespace only",
            invalid("name", "must not be empty"),
            " \t  ",
        ),
        name(
            "of Unicode spaces only",
            invalid("name", "must not be empty"),
            "\u{00A0}\u{2003}\u{3000}",
        ),
        name(
            "of 121 characters",
            invalid("name", "at most 120"),
            "n".repeat(121),
        ),
        name(
            "of a megabyte",
            invalid("name", "at most 120"),
            megabyte("n"),
        ),
        name("with NUL", invalid("name", "control"), "Win\0ter"),
        name("with a newline", invalid("name", "control"), "Win\nter"),
        name("with DEL", invalid("name", "control"), "Win\u{7f}ter"),
        name(
            "with an ESC sequence",
            invalid("name", "control"),
            "\u{1b}[31mRed",
        ),
        name(
            "with a C1 control",
            invalid("name", "control"),
            "Win\u{85}ter",
        ),
        name(
            "with a zero-width space",
            invalid("name", "invisible"),
            "Active\u{200B} one",
        ),
        name(
            "with a zero-width joiner",
            invalid("name", "invisible"),
            "Act\u{200D}ive one",
        ),
        name(
            "with a BOM",
            invalid("name", "invisible"),
            "\u{FEFF}Active one",
        ),
        name(
            "with a soft hyphen",
            invalid("name", "invisible"),
            "Ac\u{AD}tive one",
        ),
        name(
            "with a word joiner",
            invalid("name", "invisible"),
            "Active\u{2060} one",
        ),
        name(
            "with a variation selector",
            invalid("name", "invisible"),
            "Active one\u{FE0F}",
        ),
        name(
            "with tag characters",
            invalid("name", "invisible"),
            "Active one\u{E0041}",
        ),
        name(
            "with a Hangul filler",
            invalid("name", "invisible"),
            "Active\u{3164}one",
        ),
        name(
            "with an RTL override",
            invalid("name", "bidi"),
            "\u{202E}eno evitcA",
        ),
        name(
            "with an LTR isolate",
            invalid("name", "bidi"),
            "Active \u{2066}one\u{2069}",
        ),
        name(
            "with a right-to-left mark",
            invalid("name", "bidi"),
            "Active one\u{200F}",
        ),
        name("in another case", taken.clone(), "ACTIVE ONE"),
        name(
            "in NFD where the holder is NFC",
            taken.clone(),
            "Cafe\u{301} Noe\u{308}l",
        ),
        create(
            "client empty",
            invalid("client_name", "must not be empty"),
            |n| n.client_name = "  ".into(),
        ),
        create(
            "client with an RTL override",
            invalid("client_name", "bidi"),
            |n| n.client_name = "Acme \u{202E}HbmG".into(),
        ),
        create(
            "client of a megabyte",
            invalid("client_name", "at most 120"),
            |n| n.client_name = megabyte("c"),
        ),
        create(
            "description of 5001 characters",
            invalid("description", "at most 5000"),
            |n| n.description = "d".repeat(5001),
        ),
        create(
            "description with NUL",
            invalid("description", "control"),
            |n| n.description = "line one\0line two".into(),
        ),
        create(
            "description with an RTL override",
            invalid("description", "bidi"),
            |n| n.description = "see \u{202E}txt.exe".into(),
        ),
        create("no platforms", invalid("platforms", "at least one"), |n| {
            n.platforms.clear()
        }),
        create(
            "a platform twice",
            invalid("platforms", "more than once"),
            |n| n.platforms = vec![Platform::X, Platform::LinkedIn, Platform::X],
        ),
        create("cadence 0", invalid("cadence.linkedin", "1 to 100"), |n| {
            n.cadence.insert(Platform::LinkedIn, 0);
        }),
        create(
            "cadence 101",
            invalid("cadence.linkedin", "1 to 100"),
            |n| {
                n.cadence.insert(Platform::LinkedIn, 101);
            },
        ),
        create("cadence u32::MAX", invalid("cadence.x", "1 to 100"), |n| {
            n.cadence.insert(Platform::X, u32::MAX);
        }),
        create(
            "cadence of a platform not listed",
            invalid("cadence.email", "not one of the campaign's platforms"),
            |n| {
                n.cadence.insert(Platform::Email, 1);
            },
        ),
        create(
            "cadence beyond the posting windows",
            invalid("cadence.email", "posting windows"),
            |n| {
                n.platforms = vec![Platform::Email];
                n.cadence.insert(Platform::Email, 100);
            },
        ),
        create(
            "end before start",
            invalid("end_date", "before the start"),
            |n| n.end_date = Some(date(2026, 11, 30)),
        ),
        create(
            "start in 1969",
            invalid("start_date", "1970 to 9999"),
            |n| n.start_date = date(1969, 12, 31),
        ),
        create(
            "start in 10000",
            invalid("start_date", "1970 to 9999"),
            |n| {
                n.start_date = date(10000, 1, 1);
                n.end_date = None;
            },
        ),
        create(
            "start at NaiveDate::MIN",
            invalid("start_date", "1970 to 9999"),
            |n| n.start_date = NaiveDate::MIN,
        ),
        create(
            "end at NaiveDate::MAX",
            invalid("end_date", "1970 to 9999"),
            |n| n.end_date = Some(NaiveDate::MAX),
        ),
        zone("empty", ""),
        zone("as an offset", "+02:00"),
        zone("as UTC+2", "UTC+2"),
        zone("unknown", "Mars/Olympus_Mons"),
        zone("with NUL", "Europe/Berlin\0"),
        zone("of a megabyte", megabyte("Europe/")),
        zone("with an RTL override", "Europe/\u{202E}nilreB"),
        create(
            "call to action of 201 characters",
            invalid("primary_cta", "at most 200"),
            |n| n.primary_cta = Some("c".repeat(201)),
        ),
        create(
            "call to action with a bidi isolate",
            invalid("primary_cta", "bidi"),
            |n| n.primary_cta = Some("Buy \u{2067}now".into()),
        ),
        create("owner blank", invalid("owner", "must not be empty"), |n| {
            n.owner = Some(" ".into())
        }),
        create(
            "owner with an RTL override",
            invalid("owner", "bidi"),
            |n| n.owner = Some("\u{202E}ecila".into()),
        ),
        create(
            "owner with a zero-width space",
            invalid("owner", "invisible"),
            |n| n.owner = Some("ali\u{200B}ce".into()),
        ),
        create(
            "owner of 101 characters",
            invalid("owner", "at most 100"),
            |n| n.owner = Some("o".repeat(101)),
        ),
        create(
            "51 metadata entries",
            invalid("metadata", "at most 50"),
            |n| n.metadata = (0..51).map(|i| (format!("k{i}"), "v".into())).collect(),
        ),
        create("empty metadata key", invalid("metadata", "1 to 64"), |n| {
            n.metadata.insert(String::new(), "v".into());
        }),
        create(
            "metadata key of a megabyte",
            invalid("metadata", "1 to 64"),
            |n| {
                n.metadata.insert(megabyte("k"), "v".into());
            },
        ),
        create(
            "metadata key with a space",
            invalid("metadata", "may only contain"),
            |n| {
                n.metadata.insert("a b".into(), "v".into());
            },
        ),
        create(
            "metadata key with an RTL override",
            invalid("metadata", "may only contain"),
            |n| {
                n.metadata.insert("a\u{202E}b".into(), "v".into());
            },
        ),
        create(
            "metadata value of 1001 characters",
            invalid("metadata.src", "at most 1000"),
            |n| {
                n.metadata.insert("src".into(), "v".repeat(1001));
            },
        ),
        create(
            "metadata value with NUL",
            invalid("metadata.src", "control"),
            |n| {
                n.metadata.insert("src".into(), "a\0b".into());
            },
        ),
        create(
            "metadata value with an RTL override",
            invalid("metadata.src", "bidi"),
            |n| {
                n.metadata.insert("src".into(), "a\u{202E}b".into());
            },
        ),
        update("rename onto another campaign", taken.clone(), |u| {
            u.name = Some("other ONE".into())
        }),
        update(
            "rename onto an NFD spelling of another",
            taken.clone(),
            |u| u.name = Some("Cafe\u{301} Noe\u{308}l".into()),
        ),
        update(
            "rename to blank",
            invalid("name", "must not be empty"),
            |u| u.name = Some("   ".into()),
        ),
        update(
            "rename with a zero-width joiner",
            invalid("name", "invisible"),
            |u| u.name = Some("Other\u{200D} one".into()),
        ),
        update(
            "end before start",
            invalid("end_date", "before the start"),
            |u| u.end_date = Some(Some(date(2026, 1, 1))),
        ),
        update(
            "start past 9999",
            invalid("start_date", "1970 to 9999"),
            |u| {
                u.start_date = Some(date(12000, 1, 1));
                u.end_date = Some(None);
            },
        ),
        update("unknown time zone", invalid("time_zone", "IANA"), |u| {
            u.time_zone = Some("Nowhere/Else".into())
        }),
        update("no platforms", invalid("platforms", "at least one"), |u| {
            u.platforms = Some(vec![])
        }),
        update("cadence 0", invalid("cadence.x", "1 to 100"), |u| {
            u.cadence = Some([(Platform::X, 0)].into())
        }),
        update(
            "metadata key with a slash",
            invalid("metadata", "may only contain"),
            |u| {
                u.metadata_set.insert("a/b".into(), "v".into());
            },
        ),
        update("owner with a bidi mark", invalid("owner", "bidi"), |u| {
            u.owner = Some("bob\u{200E}".into())
        }),
        row(
            "update_campaign: unknown id",
            Expect::NotFound(EntityKind::Campaign),
            |w| {
                let _ = w;
                w.ops
                    .update_campaign(&alice(), CampaignId(9999), CampaignUpdate::default())
            },
        ),
        row(
            "update_campaign: completed campaign",
            Expect::ReadOnly(EntityKind::Campaign, "completed"),
            |w| {
                let u = with(CampaignUpdate::default(), |u| {
                    u.description = Some("x".into())
                });
                w.ops.update_campaign(&alice(), w.completed, u)
            },
        ),
        row(
            "update_campaign: archived campaign",
            Expect::ReadOnly(EntityKind::Campaign, "archived"),
            |w| {
                let u = with(CampaignUpdate::default(), |u| {
                    u.description = Some("x".into())
                });
                w.ops.update_campaign(&alice(), w.archived, u)
            },
        ),
        row(
            "pause_campaign: reason with NUL",
            invalid("reason", "control"),
            |w| w.ops.pause_campaign(&alice(), w.active, Some("a\0b")),
        ),
        row(
            "pause_campaign: reason of a megabyte",
            invalid("reason", "at most 500"),
            |w| {
                w.ops
                    .pause_campaign(&alice(), w.active, Some(&megabyte("r")))
            },
        ),
        row(
            "pause_campaign: unknown id",
            Expect::NotFound(EntityKind::Campaign),
            |w| {
                let _ = w;
                w.ops.pause_campaign(&alice(), CampaignId(u64::MAX), None)
            },
        ),
    ];
    // Every illegal move of the status machine.
    type Move =
        fn(&super::world::World, CampaignId) -> campaign_ops::Result<campaign_ops::Campaign>;
    let moves: [(&str, Move); 5] = [
        ("activate", |w, id| w.ops.activate_campaign(&alice(), id)),
        ("pause", |w, id| w.ops.pause_campaign(&alice(), id, None)),
        ("resume", |w, id| w.ops.resume_campaign(&alice(), id)),
        ("complete", |w, id| w.ops.complete_campaign(&alice(), id)),
        ("archive", |w, id| w.ops.archive_campaign(&alice(), id)),
    ];
    type Pick = fn(&super::world::World) -> CampaignId;
    let statuses: [(&str, Pick, &[&str]); 5] = [
        ("draft", |w| w.draft, &["pause", "resume", "complete"]),
        ("active", |w| w.active, &["activate", "resume", "archive"]),
        ("paused", |w| w.paused, &["activate", "pause", "archive"]),
        (
            "completed",
            |w| w.completed,
            &["activate", "pause", "resume", "complete"],
        ),
        (
            "archived",
            |w| w.archived,
            &["activate", "pause", "resume", "complete", "archive"],
        ),
    ];
    for (status, pick, illegal) in statuses {
        for (name, call) in moves {
            if illegal.contains(&name) {
                rows.push(row(
                    format!("{name}_campaign: from {status}"),
                    Expect::Illegal,
                    move |w| call(w, pick(w)),
                ));
            }
        }
    }
    rows
}
