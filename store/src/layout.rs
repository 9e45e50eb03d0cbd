//! The three tables of schema version 6 (and later) and the kind bytes that lead their keys (see the
//! crate docs for the whole layout). Table names, kind bytes and meta keys are part of the
//! file format: never change or reuse one.

use campaign_ops_core::Sequence;
use redb::TableDefinition;

use crate::keys::Key;
use crate::record::Time;

/// Bookkeeping: schema version, id sequences, audit head, campaign counts per status.
pub(crate) const META: TableDefinition<&str, &[u8]> = TableDefinition::new("meta");
/// Every record: `[record kind][key fields] -> [format][postcard]`.
pub(crate) const RECORDS: TableDefinition<&[u8], &[u8]> = TableDefinition::new("records");
/// Every index entry: `[index kind][key fields] -> small value`.
pub(crate) const INDEX: TableDefinition<&[u8], &[u8]> = TableDefinition::new("index");

/// Record kinds: the first byte of a `records` key.
pub(crate) mod rk {
    /// `[1][id u64]`.
    pub(crate) const CAMPAIGN: u8 = 1;
    /// `[2][id u64]`.
    pub(crate) const PLAN: u8 = 2;
    /// `[3][id u64]`.
    pub(crate) const CALENDAR_ITEM: u8 = 3;
    /// `[4][id u64]`.
    pub(crate) const TASK: u8 = 4;
    /// `[5][id u64]`.
    pub(crate) const METRIC: u8 = 5;
    /// `[6][campaign u64][ISO year i32][ISO week u8]`.
    pub(crate) const SUMMARY: u8 = 6;
    /// `[7][run key bytes]`.
    pub(crate) const ACTION_RUN: u8 = 7;
    /// `[8][seq u64]`.
    pub(crate) const AUDIT: u8 = 8;
    /// `[9][id u64]`: a dashboard user.
    pub(crate) const USER: u8 = 9;
    /// `[10][token hash, 32 bytes]`: a session.
    pub(crate) const SESSION: u8 = 10;
    /// `[11][action name bytes]`: an action's on/off switch (absent: enabled).
    pub(crate) const ACTION_SETTING: u8 = 11;
}

/// Index kinds: the first byte of an `index` key (see the crate docs for what each serves).
pub(crate) mod ik {
    /// `[1][name key bytes] -> campaign id u64`.
    pub(crate) const CAMPAIGN_NAME: u8 = 1;
    /// `[2][status code][campaign id] -> ()`.
    pub(crate) const CAMPAIGN_STATUS: u8 = 2;
    /// `[3][folded client str][campaign id] -> [status code]`.
    pub(crate) const CAMPAIGN_CLIENT: u8 = 3;
    /// `[4][campaign id] -> [status code][search text]`: schema 6 only (the v6 → v7 step
    /// replaces these entries with [`CAMPAIGN_SEARCH_BLOCK`]s).
    pub(crate) const CAMPAIGN_SEARCH: u8 = 4;
    /// `[5][campaign id][plan id] -> ()`.
    pub(crate) const PLAN_BY_CAMPAIGN: u8 = 5;
    /// `[6][campaign id][scheduled_at][item id] -> ()`.
    pub(crate) const ITEM_BY_CAMPAIGN: u8 = 6;
    /// `[7][scheduled_at][item id] -> ()`, planned items with an id up to the merge mark
    /// ([`super::mk::PLANNED_MERGED`]; schema 8: newer ones are in [`ITEM_PLANNED_RECENT`]).
    pub(crate) const ITEM_PLANNED: u8 = 7;
    /// `[8][campaign id][task id] -> ()`.
    pub(crate) const TASK_BY_CAMPAIGN: u8 = 8;
    /// `[9][calendar item id][task id] -> ()`.
    pub(crate) const TASK_BY_ITEM: u8 = 9;
    /// `[10][campaign id][open 1 / closed 0][due_at][task id] -> [status code]`.
    pub(crate) const TASK_DUE: u8 = 10;
    /// `[11][assignee str][due_at][task id] -> brief`, open assigned tasks only.
    pub(crate) const TASK_QUEUE: u8 = 11;
    /// `[12][campaign id][metric id] -> ()`.
    pub(crate) const METRIC_BY_CAMPAIGN: u8 = 12;
    /// `[13][campaign id][recorded_at][metric id] -> ()`.
    pub(crate) const METRIC_BY_TIME: u8 = 13;
    /// `[14][run key bytes] -> ()`, runs not final only.
    pub(crate) const RUN_OPEN: u8 = 14;
    /// `[15][campaign id][seq] -> ()`.
    pub(crate) const AUDIT_BY_CAMPAIGN: u8 = 15;
    /// `[16][login name bytes] -> user id u64`.
    pub(crate) const USER_NAME: u8 = 16;
    /// `[17][user id][token hash] -> ()`.
    pub(crate) const SESSION_BY_USER: u8 = 17;
    /// `[18][expires_at][token hash] -> ()`.
    pub(crate) const SESSION_EXPIRY: u8 = 18;
    /// `[19][block u64] -> [format][id, status, search text of up to 64 campaigns]`
    /// (schema 7, `search.rs`).
    pub(crate) const CAMPAIGN_SEARCH_BLOCK: u8 = 19;
    /// `[20][scheduled_at][item id] -> ()`, planned items with an id past the merge mark
    /// (schema 8, `planned.rs`): a small run that a new campaign's items share leaves in,
    /// merged into [`ITEM_PLANNED`] once it spans [`crate::planned::RECENT_SPAN`] ids.
    pub(crate) const ITEM_PLANNED_RECENT: u8 = 20;
}

/// Meta keys and their value encodings.
pub(crate) mod mk {
    /// `u32` big-endian.
    pub(crate) const SCHEMA_VERSION: &str = "schema_version";
    /// `[seq u64 big-endian][hash as UTF-8]`; absent while the log is empty.
    pub(crate) const AUDIT_HEAD: &str = "audit_head";
    /// The workspace id as UTF-8 (32 hex digits), made when the file is created or first
    /// opened by schema v6.
    pub(crate) const WORKSPACE_ID: &str = "workspace_id";
    /// `u64` big-endian (schema 8): the highest calendar item id whose planned entry is in
    /// `ITEM_PLANNED`; planned items with a greater id are in `ITEM_PLANNED_RECENT`. Absent
    /// (files before schema 8, inside their migration): every entry is in `ITEM_PLANNED`.
    pub(crate) const PLANNED_MERGED: &str = "planned.merged_through";
}

/// The meta key of a sequence: `u64` big-endian, the last id handed out.
pub(crate) fn sequence_key(seq: Sequence) -> &'static str {
    match seq {
        Sequence::Campaign => "seq.campaign",
        Sequence::Plan => "seq.plan",
        Sequence::CalendarItem => "seq.calendar_item",
        Sequence::Task => "seq.task",
        Sequence::Metric => "seq.metric",
        Sequence::User => "seq.user",
        // `Sequence` is non-exhaustive: a new kind gets a key of its own here.
        _ => "seq.other",
    }
}

/// The meta key of the number of campaigns with status `code` (`u64` big-endian).
pub(crate) fn status_count_key(code: u8) -> String {
    format!("campaigns.status.{code}")
}

/// The `records` key of an id-keyed record of `kind`.
pub(crate) fn record_key(kind: u8, id: u64) -> Vec<u8> {
    Key::new(kind).u64(id).done()
}

/// The `records` key of a weekly summary.
pub(crate) fn summary_key(campaign: u64, year: i32, week: u32) -> Vec<u8> {
    // ISO weeks are 1 to 53: one byte orders them.
    let week = u8::try_from(week).unwrap_or(u8::MAX);
    Key::new(rk::SUMMARY)
        .u64(campaign)
        .i32(year)
        .u8(week)
        .done()
}

/// The `records` key of an action run.
pub(crate) fn run_key(key: &str) -> Vec<u8> {
    Key::new(rk::ACTION_RUN).tail(key.as_bytes()).done()
}

/// `[kind][parent][time]`: the prefix of the time-ordered index entries under `parent`.
pub(crate) fn timed(kind: u8, parent: u64, at: Time) -> Key {
    Key::new(kind).u64(parent).time(at)
}
