//! The content calendar as an iCalendar (RFC 5545) document that Google Calendar, Outlook
//! and Apple Calendar import or subscribe to.
//!
//! - One VEVENT per calendar item. Its UID (`item-42.campaign-7.<workspace>@campaign-ops`)
//!   depends only on the item and campaign ids and the workspace's id (random, made with the
//!   database: `ReadTx::workspace_id`), so a re-export updates events instead of duplicating
//!   them, and two installs exporting into one calendar never overwrite each other's events.
//!   DTSTAMP is the `generated_at` the caller passes (core reads no clock).
//! - Start times are local wall-clock times in the campaign's zone (`DTSTART;TZID=…`), the
//!   way operators think of a slot. A local time that occurs twice (the hour repeated when
//!   daylight saving ends) is written in UTC instead when the item is at the second
//!   occurrence, because `TZID` times resolve to the first.
//! - The VTIMEZONE lists the zone's actual offset changes, computed from chrono-tz, for
//!   every year that holds an item (plus a day either side): one STANDARD or DAYLIGHT
//!   observance per change, with no RRULE. That is exact for past rule changes too, where
//!   a "current rules" RRULE would be wrong, and it stays short: two observances a year.
//! - An event lasts 30 minutes (15 for an email send): the operator's time to publish and
//!   check, not the post's lifetime.
//! - Text is escaped (`\\`, `\;`, `\,`, newlines as `\n`; other control characters are
//!   dropped, RFC 5545 forbids them), lines are folded at 75 octets on UTF-8 character
//!   boundaries, and every line ends in CRLF.

use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc,
};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

use crate::model::{CalendarItem, CalendarItemStatus, Campaign, ContentType, Platform};

/// Domain part of every UID, so ours never clash with another producer's.
const UID_DOMAIN: &str = "campaign-ops";

/// Longest content line, in octets, before folding (RFC 5545 §3.1).
const MAX_LINE_OCTETS: usize = 75;

/// The campaign's calendar items as an RFC 5545 VCALENDAR, sorted by start time; UIDs carry
/// `workspace` (the store's [`crate::ReadTx::workspace_id`]).
pub fn calendar_ics(
    workspace: &str,
    campaign: &Campaign,
    items: &[CalendarItem],
    generated_at: DateTime<Utc>,
) -> String {
    let tz = campaign.time_zone;
    let mut out = String::new();
    let mut line = |text: &str| push_folded(&mut out, text);

    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line(&format!(
        "PRODID:-//campaign-ops//campaign-ops {}//EN",
        env!("CARGO_PKG_VERSION")
    ));
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    line(&format!("X-WR-CALNAME:{}", escape_text(&campaign.name)));
    line(&format!("X-WR-TIMEZONE:{}", tz.name()));
    if !campaign.description.trim().is_empty() {
        line(&format!(
            "X-WR-CALDESC:{}",
            escape_text(&campaign.description)
        ));
    }

    let mut years: Vec<i32> = items
        .iter()
        .map(|i| i.scheduled_at.with_timezone(&tz).year())
        .collect();
    if years.is_empty() {
        years.push(generated_at.with_timezone(&tz).year());
    }
    years.sort_unstable();
    years.dedup();
    for l in vtimezone(tz, &years) {
        line(&l);
    }

    let mut sorted: Vec<&CalendarItem> = items.iter().collect();
    sorted.sort_by_key(|i| (i.scheduled_at, i.id));
    for item in sorted {
        for l in vevent(item, tz, generated_at, workspace) {
            line(&l);
        }
    }
    line("END:VCALENDAR");
    out
}

/// The unfolded content lines of one item's VEVENT.
fn vevent(
    item: &CalendarItem,
    tz: Tz,
    generated_at: DateTime<Utc>,
    workspace: &str,
) -> Vec<String> {
    let status = match item.status {
        CalendarItemStatus::Cancelled => "CANCELLED",
        CalendarItemStatus::Planned
        | CalendarItemStatus::InProgress
        | CalendarItemStatus::Published => "CONFIRMED",
    };
    let minutes = match item.content_type {
        ContentType::Email => 15,
        _ => 30,
    };
    vec![
        "BEGIN:VEVENT".to_owned(),
        format!(
            "UID:item-{}.campaign-{}.{}@{UID_DOMAIN}",
            item.id,
            item.campaign_id,
            uid_part(workspace)
        ),
        format!("DTSTAMP:{}", utc_stamp(generated_at)),
        format!("CREATED:{}", utc_stamp(item.created_at)),
        format!("LAST-MODIFIED:{}", utc_stamp(item.updated_at)),
        dtstart(item.scheduled_at, tz),
        format!("DURATION:PT{minutes}M"),
        format!(
            "SUMMARY:{}",
            escape_text(&format!(
                "[{}] {}",
                platform_name(item.platform),
                item.title
            ))
        ),
        format!("DESCRIPTION:{}", escape_text(&description(item))),
        format!("CATEGORIES:{}", escape_text(platform_name(item.platform))),
        format!("STATUS:{status}"),
        "END:VEVENT".to_owned(),
    ]
}

/// The platform as a calendar shows it (short: "X", not "X (Twitter)").
fn platform_name(platform: Platform) -> &'static str {
    match platform {
        Platform::LinkedIn => "LinkedIn",
        Platform::Instagram => "Instagram",
        Platform::X => "X",
        Platform::Email => "Email",
    }
}

/// The copy, then the call to action and what the operator needs at hand.
fn description(item: &CalendarItem) -> String {
    let mut details = Vec::new();
    if let Some(cta) = item.cta.as_deref().filter(|c| !c.trim().is_empty()) {
        details.push(format!("CTA: {cta}"));
    }
    details.push(match item.content_type {
        ContentType::Email => "Format: email send".to_owned(),
        ct => format!("Format: {} {ct}", platform_name(item.platform)),
    });
    if let Some(asset) = item.asset_ref.as_deref().filter(|a| !a.trim().is_empty()) {
        details.push(format!("Asset: {asset}"));
    }
    if let Some(notes) = item.notes.as_deref().filter(|n| !n.trim().is_empty()) {
        details.push(format!("Notes: {notes}"));
    }
    let copy = item.copy.trim_end();
    if copy.is_empty() {
        details.join("\n")
    } else {
        format!("{copy}\n\n{}", details.join("\n"))
    }
}

/// `DTSTART;TZID=<zone>:<local time>`, or `DTSTART:<utc>Z` for the second occurrence of a
/// repeated local hour, which a TZID time cannot express.
fn dtstart(at: DateTime<Utc>, tz: Tz) -> String {
    let local = at.with_timezone(&tz).naive_local();
    match tz.from_local_datetime(&local) {
        LocalResult::Ambiguous(first, _) if first.with_timezone(&Utc) != at => {
            format!("DTSTART:{}", utc_stamp(at))
        }
        _ => format!("DTSTART;TZID={}:{}", tz.name(), local_stamp(local)),
    }
}

fn utc_stamp(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

fn local_stamp(local: NaiveDateTime) -> String {
    local.format("%Y%m%dT%H%M%S").to_string()
}

/// UTC offset as RFC 5545 writes it: `+0100`, `-0330`, `+052045` (seconds only if any).
fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    if sec == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{sec:02}")
    }
}

/// The offset in effect at an instant: total seconds east of UTC, whether it is daylight
/// saving time, and its abbreviation.
fn offset_at(tz: Tz, at: DateTime<Utc>) -> (i32, bool, Option<String>) {
    let offset = tz.offset_from_utc_datetime(&at.naive_utc());
    (
        offset.fix().local_minus_utc(),
        offset.dst_offset() != Duration::zero(),
        offset.abbreviation().map(str::to_owned),
    )
}

/// The instants in `[from, to)` at which `tz`'s UTC offset changes. Scans day by day and
/// bisects each day with a change down to the second (no zone changes twice a day).
fn transitions(tz: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<DateTime<Utc>> {
    let total = |at| offset_at(tz, at).0;
    let mut found = Vec::new();
    let mut day = from;
    while day < to {
        let next = day
            .checked_add_signed(Duration::days(1))
            .map_or(to, |n| n.min(to));
        if total(day) != total(next) {
            let (mut lo, mut hi) = (day, next);
            while hi - lo > Duration::seconds(1) {
                let mid = lo + (hi - lo) / 2;
                if total(mid) == total(lo) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            found.push(hi);
        }
        day = next;
    }
    found
}

/// The UTC spans a VTIMEZONE must cover for items in `years` (sorted, distinct): each year
/// plus a day either side, so that items at local midnight of New Year fall inside, with
/// overlapping spans merged. Only the years that hold items are scanned, so one stray item
/// decades away costs two years of work, not decades; spans are clamped to the instants
/// chrono can represent.
fn year_spans(years: &[i32]) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let utc = |y: i32, m, d| {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| t.and_utc())
    };
    let mut spans: Vec<(DateTime<Utc>, DateTime<Utc>)> = Vec::new();
    for &year in years {
        let from = year
            .checked_sub(1)
            .and_then(|y| utc(y, 12, 31))
            .unwrap_or(DateTime::<Utc>::MIN_UTC);
        let to = year
            .checked_add(1)
            .and_then(|y| utc(y, 1, 2))
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        match spans.last_mut() {
            Some(last) if last.1 >= from => last.1 = last.1.max(to),
            _ => spans.push((from, to)),
        }
    }
    spans
}

/// The VTIMEZONE of `tz` covering the items' `years` ([`year_spans`]): for each span an
/// observance for the offset in effect at its start, then one per change.
fn vtimezone(tz: Tz, years: &[i32]) -> Vec<String> {
    let mut lines = vec![
        "BEGIN:VTIMEZONE".to_owned(),
        format!("TZID:{}", tz.name()),
        format!("X-LIC-LOCATION:{}", tz.name()),
    ];
    let mut observance = |onset_utc: DateTime<Utc>, from_offset: i32, to_at: DateTime<Utc>| {
        let (to_offset, dst, name) = offset_at(tz, to_at);
        let kind = if dst { "DAYLIGHT" } else { "STANDARD" };
        let onset_local = onset_utc.naive_utc();
        let onset_local = onset_local
            .checked_add_signed(Duration::seconds(i64::from(from_offset)))
            .unwrap_or(onset_local);
        lines.push(format!("BEGIN:{kind}"));
        lines.push(format!("DTSTART:{}", local_stamp(onset_local)));
        lines.push(format!("TZOFFSETFROM:{}", utc_offset(from_offset)));
        lines.push(format!("TZOFFSETTO:{}", utc_offset(to_offset)));
        if let Some(name) = name {
            lines.push(format!("TZNAME:{}", escape_text(&name)));
        }
        lines.push(format!("END:{kind}"));
    };
    for (from, to) in year_spans(years) {
        observance(from, offset_at(tz, from).0, from);
        for at in transitions(tz, from, to) {
            let before = offset_at(tz, at - Duration::seconds(1)).0;
            observance(at, before, at);
        }
    }
    lines.push("END:VTIMEZONE".to_owned());
    lines
}

/// A TEXT value escaped per RFC 5545 §3.3.11.
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                // CRLF and a lone CR are one line break, like LF.
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// `workspace` as a UID may carry it: letters, digits, `-`, `_` and `.` as they are (a
/// store's hex id is unchanged, so UIDs stay stable), every other byte as `%XX`, so no
/// workspace string can put a control character or a line break into the UID line (the
/// first finding of the `ics_export` fuzz target).
fn uid_part(workspace: &str) -> String {
    let mut out = String::with_capacity(workspace.len());
    for b in workspace.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Appends `line` folded at [`MAX_LINE_OCTETS`] octets, never inside a UTF-8 character;
/// each continuation starts with a space, which counts toward its 75.
fn push_folded(out: &mut String, line: &str) {
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf8() > MAX_LINE_OCTETS {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use chrono::{NaiveDateTime, TimeZone};
    use icalendar::parser::{Component, read_calendar, unfold};

    /// The workspace id the tests export as.
    const WS: &str = "0f1e2d3c";

    use super::*;
    use crate::model::{CalendarItemId, CampaignId, CampaignStatus, Objective, PlanId};

    fn campaign(tz: Tz) -> Campaign {
        let t = Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap();
        Campaign {
            id: CampaignId(7),
            name: "Spring launch, EU; \"beta\"".to_owned(),
            client_name: "Acme".to_owned(),
            objective: Objective::Awareness,
            description: "Launch of the new line".to_owned(),
            platforms: vec![Platform::LinkedIn, Platform::X, Platform::Email],
            start_date: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            end_date: None,
            time_zone: tz,
            cadence: BTreeMap::new(),
            primary_cta: None,
            owner: "olga".to_owned(),
            status: CampaignStatus::Active,
            metadata: BTreeMap::new(),
            created_at: t,
            updated_at: t,
        }
    }

    /// An item at a local time in `tz`.
    fn item(id: u64, platform: Platform, tz: Tz, local: &str) -> CalendarItem {
        let local = NaiveDateTime::parse_from_str(local, "%Y-%m-%d %H:%M").unwrap();
        let at = tz.from_local_datetime(&local).earliest().unwrap().to_utc();
        let t = Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap();
        CalendarItem {
            id: CalendarItemId(id),
            campaign_id: CampaignId(7),
            plan_id: PlanId(1),
            platform,
            content_type: if platform == Platform::Email {
                ContentType::Email
            } else {
                ContentType::Post
            },
            scheduled_at: at,
            title: format!("Item {id}"),
            copy: "Copy".to_owned(),
            asset_ref: None,
            cta: Some("Book a demo".to_owned()),
            theme: "Launch".to_owned(),
            status: CalendarItemStatus::Planned,
            notes: None,
            created_at: t,
            updated_at: t,
        }
    }

    fn stamp() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 2, 1, 12, 0, 0).unwrap()
    }

    /// A parsed property: name, parameters (key, value) and unescaped value.
    type Prop = (String, Vec<(String, Option<String>)>, String);

    /// A parsed component, owned, so that tests need not keep the parser's input alive.
    struct Comp {
        name: String,
        props: Vec<Prop>,
        components: Vec<Comp>,
    }

    fn own(c: &Component<'_>) -> Comp {
        Comp {
            name: c.name.as_str().to_owned(),
            props: c
                .properties
                .iter()
                .map(|p| {
                    let params = p
                        .params
                        .iter()
                        .map(|k| {
                            let val = k.val.as_ref().map(|v| v.as_str().to_owned());
                            (k.key.as_str().to_owned(), val)
                        })
                        .collect();
                    (
                        p.name.as_str().to_owned(),
                        params,
                        p.val.as_str().to_owned(),
                    )
                })
                .collect(),
            components: c.components.iter().map(own).collect(),
        }
    }

    /// Parses an export back with the `icalendar` crate's parser: (events, other
    /// components).
    fn events(ics: &str) -> (Vec<Comp>, Vec<Comp>) {
        let unfolded = unfold(ics);
        let calendar = read_calendar(&unfolded).expect("export parses as iCalendar");
        calendar
            .components
            .iter()
            .map(own)
            .partition(|c| c.name == "VEVENT")
    }

    fn prop<'a>(c: &'a Comp, name: &str) -> &'a str {
        c.props
            .iter()
            .find(|p| p.0 == name)
            .map(|p| p.2.as_str())
            .unwrap_or_else(|| panic!("{name} missing"))
    }

    fn param<'a>(c: &'a Comp, name: &str, key: &str) -> Option<&'a str> {
        let (_, params, _) = c.props.iter().find(|p| p.0 == name)?;
        params
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, v)| v.as_deref())
    }

    /// Resolves a `DTSTART;TZID` local time through the exported VTIMEZONE the way a
    /// calendar app does: the offset of the last observance that began before it.
    fn resolve(vtimezone: &Comp, local: &str) -> DateTime<Utc> {
        let local = NaiveDateTime::parse_from_str(local, "%Y%m%dT%H%M%S").unwrap();
        let offset = |s: &str| {
            let sign = if s.starts_with('-') { -1 } else { 1 };
            let h: i64 = s[1..3].parse().unwrap();
            let m: i64 = s[3..5].parse().unwrap();
            sign * (h * 3600 + m * 60)
        };
        let (_, to) = vtimezone
            .components
            .iter()
            .map(|o| {
                let onset =
                    NaiveDateTime::parse_from_str(prop(o, "DTSTART"), "%Y%m%dT%H%M%S").unwrap();
                (onset, offset(prop(o, "TZOFFSETTO")))
            })
            .filter(|(onset, _)| *onset <= local)
            .max_by_key(|(onset, _)| *onset)
            .expect("an observance covers the time");
        (local - Duration::seconds(to)).and_utc()
    }

    #[test]
    fn writes_a_calendar_with_one_event_per_item() {
        let tz: Tz = "Europe/Berlin".parse().unwrap();
        let items = [
            item(1, Platform::LinkedIn, tz, "2026-03-10 09:00"),
            item(2, Platform::X, tz, "2026-03-11 10:15"),
            item(3, Platform::Email, tz, "2026-03-12 12:00"),
        ];
        let ics = calendar_ics(WS, &campaign(tz), &items, stamp());
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        for header in [
            "CALSCALE:GREGORIAN\r\n",
            "METHOD:PUBLISH\r\n",
            "X-WR-TIMEZONE:Europe/Berlin\r\n",
            "X-WR-CALNAME:Spring launch\\, EU\\; \"beta\"\r\n",
        ] {
            assert!(ics.contains(header), "{header}");
        }
        let (events, others) = events(&ics);
        assert_eq!(events.len(), 3);
        assert_eq!(others.len(), 1);
        assert_eq!(others[0].name, "VTIMEZONE");

        let first = &events[0];
        assert_eq!(
            prop(first, "UID"),
            "item-1.campaign-7.0f1e2d3c@campaign-ops"
        );
        assert_eq!(prop(first, "DTSTAMP"), "20260201T120000Z");
        assert_eq!(prop(first, "SUMMARY"), "[LinkedIn] Item 1");
        assert_eq!(prop(first, "CATEGORIES"), "LinkedIn");
        assert_eq!(prop(first, "STATUS"), "CONFIRMED");
        assert_eq!(prop(first, "DURATION"), "PT30M");
        assert_eq!(
            prop(first, "DESCRIPTION"),
            "Copy\n\nCTA: Book a demo\nFormat: LinkedIn post"
        );
        assert_eq!(prop(&events[1], "SUMMARY"), "[X] Item 2");
        assert_eq!(prop(&events[2], "DURATION"), "PT15M");
    }

    #[test]
    fn a_workspace_id_cannot_break_the_uid_line() {
        let c = campaign(Tz::Europe__Berlin);
        let ics = calendar_ics(
            "ws\u{3}\r\nX-EVIL:1 é",
            &c,
            &[item(
                1,
                Platform::LinkedIn,
                Tz::Europe__Berlin,
                "2026-03-10 09:00",
            )],
            stamp(),
        );
        let uid = ics.lines().find(|l| l.starts_with("UID:")).unwrap();
        assert_eq!(
            uid,
            "UID:item-1.campaign-7.ws%03%0D%0AX-EVIL%3A1%20%C3%A9@campaign-ops"
        );
        assert!(!ics.contains("X-EVIL:"));
        assert_eq!(uid_part("0f1e2d3c"), "0f1e2d3c");
    }

    #[test]
    fn uids_are_stable_across_exports() {
        let tz: Tz = "America/New_York".parse().unwrap();
        let mut items = vec![
            item(42, Platform::LinkedIn, tz, "2026-04-07 08:00"),
            item(43, Platform::X, tz, "2026-04-08 09:00"),
        ];
        let uids = |ics: &str| {
            let mut uids: Vec<String> = events(ics)
                .0
                .iter()
                .map(|e| prop(e, "UID").to_owned())
                .collect();
            uids.sort();
            uids
        };
        let first = calendar_ics(WS, &campaign(tz), &items, stamp());
        // The same items in another order give the same document.
        let reversed: Vec<CalendarItem> = items.iter().rev().cloned().collect();
        assert_eq!(calendar_ics(WS, &campaign(tz), &reversed, stamp()), first);
        // A later export with an edited item keeps every UID.
        items[0].title = "Renamed".to_owned();
        let second = calendar_ics(WS, &campaign(tz), &items, stamp() + Duration::days(3));
        assert_ne!(first, second);
        assert_eq!(uids(&first), uids(&second));
        assert_eq!(
            uids(&first),
            [
                "item-42.campaign-7.0f1e2d3c@campaign-ops",
                "item-43.campaign-7.0f1e2d3c@campaign-ops"
            ]
        );
    }

    #[test]
    fn start_is_local_time_in_the_campaign_zone_across_dst() {
        let tz: Tz = "Europe/Berlin".parse().unwrap();
        // Europe/Berlin springs forward on 2026-03-29 and falls back on 2026-10-25.
        let items = [
            item(1, Platform::LinkedIn, tz, "2026-03-24 09:00"),
            item(2, Platform::LinkedIn, tz, "2026-03-31 09:00"),
            item(3, Platform::LinkedIn, tz, "2026-10-27 09:00"),
        ];
        assert_eq!(
            items[0].scheduled_at.to_rfc3339(),
            "2026-03-24T08:00:00+00:00"
        );
        assert_eq!(
            items[1].scheduled_at.to_rfc3339(),
            "2026-03-31T07:00:00+00:00"
        );
        let ics = calendar_ics(WS, &campaign(tz), &items, stamp());
        let (events, others) = events(&ics);
        let vtimezone = &others[0];
        assert_eq!(prop(vtimezone, "TZID"), "Europe/Berlin");
        for (event, item) in events.iter().zip(&items) {
            assert_eq!(param(event, "DTSTART", "TZID"), Some("Europe/Berlin"));
            let local = prop(event, "DTSTART");
            assert!(local.ends_with("T090000"), "{local}");
            assert_eq!(resolve(vtimezone, local), item.scheduled_at);
        }
        // The spring change as RFC 5545 writes it: onset in the old offset's local time.
        let daylight = vtimezone
            .components
            .iter()
            .find(|o| o.name == "DAYLIGHT" && prop(o, "DTSTART").starts_with("2026"))
            .expect("a DAYLIGHT observance for 2026");
        assert_eq!(prop(daylight, "DTSTART"), "20260329T020000");
        assert_eq!(prop(daylight, "TZOFFSETFROM"), "+0100");
        assert_eq!(prop(daylight, "TZOFFSETTO"), "+0200");
        assert_eq!(prop(daylight, "TZNAME"), "CEST");
        assert!(ics.contains("BEGIN:STANDARD\r\nDTSTART:20261025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n"));
    }

    #[test]
    fn the_second_of_a_repeated_hour_is_written_in_utc() {
        let tz: Tz = "Europe/Berlin".parse().unwrap();
        let mut late = item(1, Platform::X, tz, "2026-10-25 02:30");
        // 02:30 happens twice on 2026-10-25; take the second (CET, 01:30 UTC).
        late.scheduled_at = Utc.with_ymd_and_hms(2026, 10, 25, 1, 30, 0).unwrap();
        let early = item(2, Platform::X, tz, "2026-10-25 02:30");
        let ics = calendar_ics(WS, &campaign(tz), &[late, early], stamp());
        let (events, _) = events(&ics);
        assert_eq!(prop(&events[0], "DTSTART"), "20261025T023000");
        assert_eq!(param(&events[0], "DTSTART", "TZID"), Some("Europe/Berlin"));
        assert_eq!(prop(&events[1], "DTSTART"), "20261025T013000Z");
        assert_eq!(param(&events[1], "DTSTART", "TZID"), None);
    }

    #[test]
    fn a_zone_without_dst_has_one_standard_observance() {
        let tz: Tz = "Asia/Tokyo".parse().unwrap();
        let ics = calendar_ics(
            WS,
            &campaign(tz),
            &[item(1, Platform::X, tz, "2026-01-01 00:30")],
            stamp(),
        );
        let (events, others) = events(&ics);
        let observances = &others[0].components;
        assert_eq!(observances.len(), 1);
        assert_eq!(observances[0].name, "STANDARD");
        assert_eq!(prop(&observances[0], "TZOFFSETTO"), "+0900");
        assert_eq!(
            resolve(&others[0], prop(&events[0], "DTSTART")),
            Utc.with_ymd_and_hms(2025, 12, 31, 15, 30, 0).unwrap()
        );
    }

    #[test]
    fn text_round_trips_through_escaping_and_folding() {
        let tz: Tz = "Europe/Berlin".parse().unwrap();
        let mut it = item(9, Platform::Instagram, tz, "2026-05-05 10:00");
        it.title = "Sale; 50% off, today\\only 👨‍👩‍👧‍👦🇩🇪".to_owned();
        it.copy = format!(
            "Line one, with comma; and semicolon\r\nLine two: 日本語のテキスト {}\n\n{}",
            "🎉".repeat(30),
            "A very long line that certainly needs folding because it is much longer than \
             seventy-five octets, é e\u{301} ü."
        );
        it.cta = None;
        it.status = CalendarItemStatus::Cancelled;
        let ics = calendar_ics(WS, &campaign(tz), std::slice::from_ref(&it), stamp());
        for physical in ics.split_terminator("\r\n") {
            assert!(physical.len() <= MAX_LINE_OCTETS, "{physical:?} too long");
            assert!(!physical.contains('\n') && !physical.contains('\r'));
        }
        assert!(ics.contains("\r\n "), "long lines are folded");
        let (events, _) = events(&ics);
        let event = &events[0];
        assert_eq!(prop(event, "SUMMARY"), format!("[Instagram] {}", it.title));
        let expected_copy = it.copy.replace("\r\n", "\n");
        assert_eq!(
            prop(event, "DESCRIPTION"),
            format!("{expected_copy}\n\nFormat: Instagram post")
        );
        assert_eq!(prop(event, "STATUS"), "CANCELLED");
    }

    #[test]
    fn escapes_and_folds() {
        assert_eq!(
            escape_text("a\\b;c,d\ne\r\nf\rg\u{7}h\ti: j"),
            "a\\\\b\\;c\\,d\\ne\\nf\\ngh\ti: j"
        );
        let mut out = String::new();
        push_folded(&mut out, &"é".repeat(80));
        let lines: Vec<&str> = out.split_terminator("\r\n").collect();
        assert_eq!(
            lines[0].len(),
            74,
            "37 two-octet characters fit in 75 octets"
        );
        assert!(
            lines[1..]
                .iter()
                .all(|l| l.starts_with(' ') && l.len() <= 75)
        );
        assert_eq!(unfold(&out).trim_end(), "é".repeat(80));
        assert_eq!(utc_offset(3600), "+0100");
        assert_eq!(utc_offset(-12_600), "-0330");
        assert_eq!(utc_offset(3_208), "+005328");
    }

    #[test]
    fn distant_years_cost_only_their_own_years() {
        let tz: Tz = "Europe/Berlin".parse().unwrap();
        let items = [
            item(1, Platform::X, tz, "2026-03-10 10:00"),
            item(2, Platform::X, tz, "2026-12-31 23:30"),
            item(3, Platform::X, tz, "2400-07-04 10:00"),
        ];
        let started = std::time::Instant::now();
        let ics = calendar_ics(WS, &campaign(tz), &items, stamp());
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        let (events, others) = events(&ics);
        let vtimezone = &others[0];
        // 2026 and 2027 (New Year's Eve's span) merged, then 2400 on its own: no scan of
        // the four centuries between.
        assert!(
            vtimezone.components.len() <= 8,
            "{}",
            vtimezone.components.len()
        );
        for (event, item) in events.iter().zip(&items) {
            assert_eq!(
                resolve(vtimezone, prop(event, "DTSTART")),
                item.scheduled_at
            );
        }
    }

    #[test]
    fn extreme_dates_keep_a_vtimezone_and_do_not_panic() {
        let tz: Tz = "America/New_York".parse().unwrap();
        let mut early = item(1, Platform::X, tz, "2026-03-10 10:00");
        early.scheduled_at = DateTime::<Utc>::MIN_UTC + Duration::days(2);
        let mut late = item(2, Platform::X, tz, "2026-03-10 10:00");
        late.scheduled_at = DateTime::<Utc>::MAX_UTC - Duration::days(2);
        let ics = calendar_ics(WS, &campaign(tz), &[early, late], stamp());
        assert_eq!(ics.matches("BEGIN:VTIMEZONE").count(), 1);
        // One observance at least for each of the two far-apart spans.
        let observances =
            ics.matches("BEGIN:STANDARD").count() + ics.matches("BEGIN:DAYLIGHT").count();
        assert!(observances >= 2, "{observances}");
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 2);
    }
}
