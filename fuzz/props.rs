//! The properties the fuzz targets check, one function per target, each taking the raw
//! fuzz input. Shared with the regression tests: `tests/it/fuzz_regressions.rs` includes
//! this file and replays every input kept in `fuzz/regressions/<target>/` through it, so
//! what a fuzz run once found keeps being checked by `cargo test`.
//!
//! A property fails by panicking (that is what libFuzzer reports as a crash).

use campaign_ops_core::platform::{Draft, check_content as check, x_weighted_length};
use campaign_ops_core::service::NewCampaign;
use campaign_ops_core::testing::MemoryStore;
use campaign_ops_core::{
    Actor, CalendarItem, CalendarItemId, CalendarItemStatus, Campaign, CampaignId, CampaignOps,
    CampaignStatus, ContentType, Error, FixedClock, Objective, PlanId, Platform,
};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use serde::Deserialize;

/// Splits the input into its first bytes (choices) and the rest cut at 0xFF into strings.
struct Input<'a> {
    data: &'a [u8],
}

impl<'a> Input<'a> {
    fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((&b, rest)) => {
                self.data = rest;
                b
            }
            None => 0,
        }
    }

    fn u64(&mut self) -> u64 {
        (0..8).fold(0, |n, _| (n << 8) | u64::from(self.byte()))
    }

    /// The bytes up to the next 0xFF (which no UTF-8 text contains), as text.
    fn text(&mut self) -> String {
        let end = self
            .data
            .iter()
            .position(|&b| b == 0xFF)
            .unwrap_or(self.data.len());
        let s = String::from_utf8_lossy(&self.data[..end]).into_owned();
        self.data = self.data.get(end + 1..).unwrap_or(&[]);
        s
    }

    fn pick<T: Copy>(&mut self, all: &[T]) -> T {
        all[usize::from(self.byte()) % all.len()]
    }
}

const CONTENT_TYPES: [ContentType; 6] = [
    ContentType::Post,
    ContentType::Carousel,
    ContentType::Reel,
    ContentType::Story,
    ContentType::Thread,
    ContentType::Email,
];

/// `check_content` and the X weighted counter: no panic on any text, and the counter is
/// monotone under appending plain text (a longer post never counts less).
pub fn check_content(data: &[u8]) {
    let mut input = Input { data };
    let platform = input.pick(&Platform::ALL);
    let content_type = input.pick(&CONTENT_TYPES);
    let text = input.text();
    let subject = input.text();
    let preheader = input.text();
    let mut draft = Draft::new(text.clone());
    if input.byte() % 2 == 1 {
        draft.subject = Some(subject);
        draft.preheader = Some(preheader);
    }
    let issues = check(platform, content_type, &draft);
    for issue in &issues {
        assert!(!issue.message.is_empty(), "an issue without a message");
    }
    let n = x_weighted_length(&text);
    let longer = x_weighted_length(&format!("{text} a"));
    assert!(
        longer >= n,
        "appending \" a\" lowered the X count from {n} to {longer}"
    );
}

/// Every decoder of stored records: no panic on any bytes, and a record that decodes
/// round-trips (checked inside `decode_any`).
pub fn decode_records(data: &[u8]) {
    let mut input = Input { data };
    let kind = input.byte();
    let key = input.u64();
    let _ = campaign_ops_store::decode_any(kind, key, input.data);
}

fn instant(input: &mut Input<'_>) -> DateTime<Utc> {
    // Any second of the years 1970 to 9999, the range the service lets in.
    let span = 253_402_300_799u64;
    Utc.timestamp_opt((input.u64() % span) as i64, 0).unwrap()
}

/// The iCalendar export of a campaign built from public fields (any text in any field, any
/// zone, times across 1970 to 9999): the output is strict RFC 5545 framing (CRLF lines of
/// at most 75 octets, folded lines starting with a space, no control characters but tab
/// in a content line, every line `NAME[;PARAM]:VALUE`) and parses back, one VEVENT per
/// item.
pub fn ics_export(data: &[u8]) {
    let mut input = Input { data };
    let tz = chrono_tz::TZ_VARIANTS[usize::from(input.byte()) * 2 % chrono_tz::TZ_VARIANTS.len()];
    let created = instant(&mut input);
    let campaign = Campaign {
        id: CampaignId(input.u64()),
        name: input.text(),
        client_name: input.text(),
        objective: Objective::Awareness,
        description: input.text(),
        platforms: Platform::ALL.to_vec(),
        start_date: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        end_date: None,
        time_zone: tz,
        cadence: Default::default(),
        primary_cta: Some(input.text()),
        owner: input.text(),
        status: CampaignStatus::Active,
        metadata: Default::default(),
        created_at: created,
        updated_at: created,
    };
    let count = usize::from(input.byte() % 4);
    let items: Vec<CalendarItem> = (0..count)
        .map(|i| CalendarItem {
            id: CalendarItemId(i as u64 + 1),
            campaign_id: campaign.id,
            plan_id: PlanId(1),
            platform: input.pick(&Platform::ALL),
            content_type: input.pick(&CONTENT_TYPES),
            scheduled_at: instant(&mut input),
            title: input.text(),
            copy: input.text(),
            asset_ref: Some(input.text()),
            cta: Some(input.text()),
            theme: input.text(),
            status: input.pick(&[
                CalendarItemStatus::Planned,
                CalendarItemStatus::InProgress,
                CalendarItemStatus::Published,
                CalendarItemStatus::Cancelled,
            ]),
            notes: Some(input.text()),
            created_at: created,
            updated_at: created,
        })
        .collect();
    // The store's workspace id is 16 hex digits; what else the UID writer does with it
    // (the first finding of this target) is a unit test of core's ICS writer.
    let workspace = format!("{:016x}", input.u64());
    let ics = campaign_ops_core::export::calendar_ics(&workspace, &campaign, &items, created);
    check_ics_framing(&ics);
    let unfolded = icalendar::parser::unfold(&ics);
    let calendar = icalendar::parser::read_calendar(&unfolded)
        .unwrap_or_else(|e| panic!("the export does not parse back: {e}"));
    let events = calendar
        .components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .count();
    assert_eq!(events, items.len(), "one VEVENT per item");
}

/// RFC 5545 §3.1 framing, checked line by line.
pub fn check_ics_framing(ics: &str) {
    assert!(ics.ends_with("\r\n"), "the export ends with CRLF");
    let physical: Vec<&str> = ics[..ics.len() - 2].split("\r\n").collect();
    let mut logical: Vec<String> = Vec::new();
    for line in &physical {
        assert!(
            line.len() <= 75,
            "a line of {} octets: {line:?}",
            line.len()
        );
        assert!(!line.contains(['\r', '\n']), "a bare CR or LF in {line:?}");
        match line.strip_prefix(' ') {
            Some(rest) => logical
                .last_mut()
                .expect("the first line is not a continuation")
                .push_str(rest),
            None => logical.push((*line).to_owned()),
        }
    }
    for line in &logical {
        assert!(
            !line.chars().any(|c| c.is_control() && c != '\t'),
            "a control character in {line:?}"
        );
        let name_end = line
            .find([':', ';'])
            .unwrap_or_else(|| panic!("no ':' in {line:?}"));
        let name = &line[..name_end];
        assert!(
            !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-'),
            "bad property name in {line:?}"
        );
    }
    assert_eq!(logical.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
    assert_eq!(logical.last().map(String::as_str), Some("END:VCALENDAR"));
}

/// `create_campaign`'s arguments as the server function's generated struct has them.
#[derive(Debug, Deserialize)]
pub struct CreateCampaignArgs {
    pub name: String,
    pub client_name: String,
    pub objective: String,
    pub platforms: Option<Vec<String>>,
    pub start_date: String,
    pub time_zone: String,
}

/// `list_campaigns`'s arguments.
#[derive(Debug, Deserialize)]
pub struct ListCampaignsArgs {
    pub limit: usize,
    pub after: Option<u64>,
}

/// How the server functions decode a URL-encoded body (Leptos 0.8's `PostUrl` input
/// encoding: serde_qs with depth 5, non-strict).
fn decode_qs<T: for<'de> Deserialize<'de>>(body: &str) -> Option<T> {
    serde_qs::Config::new(5, false).deserialize_str(body).ok()
}

/// The server functions' argument decoding, then what their bodies do with the values
/// (the same conversions as `web/src/api/mod.rs`, on a MemoryStore): no panic on any body,
/// and every refusal is a typed error naming a form field, never a server failure.
pub fn server_fn_args(data: &[u8]) {
    let body = String::from_utf8_lossy(data.get(1..).unwrap_or(&[]));
    let ops = CampaignOps::new(
        MemoryStore::new(),
        FixedClock::new(Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap()),
    );
    if data.first().is_some_and(|b| b % 2 == 1) {
        if let Some(args) = decode_qs::<ListCampaignsArgs>(&body) {
            let filter = Default::default();
            match ops.list_campaigns(&filter, args.limit, args.after.map(CampaignId)) {
                Ok(_) => {}
                Err(Error::Validation { field, .. }) => assert_eq!(field, "limit"),
                Err(e) => panic!("list_campaigns failed with {e:?}"),
            }
        }
        return;
    }
    let Some(args) = decode_qs::<CreateCampaignArgs>(&body) else {
        return;
    };
    let result = create_from_form(&ops, args);
    match result {
        Ok(c) => {
            assert!(
                campaign_ops_core::validate::identifier("name", &c.name, 120).as_deref()
                    == Ok(c.name.as_str()),
                "a stored name does not pass its own rule: {:?}",
                c.name
            );
        }
        Err(Error::Validation { field, rule }) => {
            const FIELDS: [&str; 6] = [
                "name",
                "client_name",
                "objective",
                "platforms",
                "start_date",
                "time_zone",
            ];
            assert!(
                FIELDS
                    .iter()
                    .any(|f| field == *f || field.starts_with(&format!("{f}."))),
                "a refusal naming no form field: {field}: {rule}"
            );
            assert!(rule.chars().count() < 400, "a rule echoing its input");
        }
        Err(e) => panic!("create_campaign failed with {e:?}"),
    }
}

/// `create_campaign`'s server function body, on `ops`.
fn create_from_form(
    ops: &CampaignOps<MemoryStore, FixedClock>,
    args: CreateCampaignArgs,
) -> campaign_ops_core::Result<Campaign> {
    let objective: Objective = args.objective.parse()?;
    let platforms = args
        .platforms
        .unwrap_or_default()
        .iter()
        .map(|p| p.parse::<Platform>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| Error::validation("platforms", "lists an unknown platform"))?;
    let start_date = NaiveDate::parse_from_str(args.start_date.trim(), "%Y-%m-%d")
        .map_err(|_| Error::validation("start_date", "must be a date (YYYY-MM-DD)"))?;
    let new = NewCampaign::new(
        args.name,
        args.client_name,
        objective,
        platforms,
        start_date,
        args.time_zone.trim(),
    );
    ops.create_campaign(&Actor::new("dashboard").unwrap(), new)
}
