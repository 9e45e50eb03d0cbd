//! The checker's one pass: every record of `records` (decoded, its index entries derived,
//! the records it names noted), then `index` compared with what the records imply, then the
//! counts and sequences of `meta`.

use std::collections::{BTreeMap, BTreeSet};

use campaign_ops_core::model::ActionRun;
use campaign_ops_core::{Result, Sequence};
use redb::{ReadTransaction, ReadableTable};

use super::{ChainWalk, Finding, IntegrityReport};
use crate::error::Context;
use crate::index::{self, Entry};
use crate::keys::{KeyReader, last_u64};
use crate::layout::{INDEX, META, RECORDS, ik, rk, sequence_key};
use crate::meta;
use crate::record::codes::campaign_status;
use crate::record::{
    ActionRunRecord, ActionSettingRecord, AuditRecord, CalendarItemRecord, CampaignRecord,
    MetricRecord, PlanRecord, Stored, SummaryRecord, TaskRecord, decode,
};
use crate::schema;
use crate::search;
use crate::tx::read_table;

/// A record another one names.
#[derive(Debug, Clone, Copy)]
enum Ref {
    Campaign(u64),
    Plan(u64),
    Item(u64),
    Task(u64),
}

/// What the pass gathers before it compares.
#[derive(Default)]
struct Pass {
    report: IntegrityReport,
    /// Index entries the records imply: key → (value, the record that implies it).
    expected: BTreeMap<Vec<u8>, (Vec<u8>, String)>,
    /// Campaign id → status code.
    campaigns: BTreeMap<u64, u8>,
    plans: BTreeSet<u64>,
    items: BTreeSet<u64>,
    tasks: BTreeSet<u64>,
    metrics_max: u64,
    /// The planned-items merge mark (`planned.rs`): which run an item's entry is in.
    planned_merged: Option<u64>,
    /// Search block parts of the campaigns, ascending id.
    search: Vec<search::Part>,
    refs: Vec<(String, Ref)>,
    walk: ChainWalk,
}

/// The name of an index kind, for messages.
fn index_name(kind: u8) -> &'static str {
    match kind {
        ik::CAMPAIGN_NAME => "CAMPAIGN_NAME",
        ik::CAMPAIGN_STATUS => "CAMPAIGN_STATUS",
        ik::CAMPAIGN_CLIENT => "CAMPAIGN_CLIENT",
        ik::CAMPAIGN_SEARCH => "CAMPAIGN_SEARCH",
        ik::PLAN_BY_CAMPAIGN => "PLAN_BY_CAMPAIGN",
        ik::ITEM_BY_CAMPAIGN => "ITEM_BY_CAMPAIGN",
        ik::ITEM_PLANNED => "ITEM_PLANNED",
        ik::TASK_BY_CAMPAIGN => "TASK_BY_CAMPAIGN",
        ik::TASK_BY_ITEM => "TASK_BY_ITEM",
        ik::TASK_DUE => "TASK_DUE",
        ik::TASK_QUEUE => "TASK_QUEUE",
        ik::METRIC_BY_CAMPAIGN => "METRIC_BY_CAMPAIGN",
        ik::METRIC_BY_TIME => "METRIC_BY_TIME",
        ik::RUN_OPEN => "RUN_OPEN",
        ik::AUDIT_BY_CAMPAIGN => "AUDIT_BY_CAMPAIGN",
        ik::CAMPAIGN_SEARCH_BLOCK => "CAMPAIGN_SEARCH_BLOCK",
        ik::ITEM_PLANNED_RECENT => "ITEM_PLANNED_RECENT",
        _ => "unknown index kind",
    }
}

impl Pass {
    fn find(&mut self, f: Finding) {
        self.report.findings.push(f);
    }

    fn undecodable(&mut self, record: String, message: impl Into<String>) {
        self.find(Finding::Undecodable {
            record,
            message: message.into(),
        });
    }

    fn implies(&mut self, owner: &str, entries: Vec<Entry>) {
        for (k, v) in entries {
            self.expected.insert(k, (v, owner.to_owned()));
        }
    }

    fn refers(&mut self, owner: &str, to: Ref) {
        self.refs.push((owner.to_owned(), to));
    }

    /// Decodes `bytes` as `R`, or notes why not.
    fn decoded<R: Stored>(&mut self, what: &str, bytes: &[u8]) -> Option<R> {
        decode(bytes)
            .map_err(|m| self.undecodable(what.to_owned(), m))
            .ok()
    }

    fn record(&mut self, key: &[u8], value: &[u8]) {
        let Some(&kind) = key.first() else {
            return self.undecodable("a record with an empty key".to_owned(), "no kind byte");
        };
        if kind == rk::ACTION_SETTING {
            let name = String::from_utf8_lossy(KeyReader::new(key).tail()).into_owned();
            let what = format!("action setting {name:?}");
            if let Some(r) = self.decoded::<ActionSettingRecord>(&what, value)
                && let Err(m) = r.into_domain(name)
            {
                self.undecodable(what, m);
            }
            return;
        }
        if kind == rk::SUMMARY || kind == rk::ACTION_RUN {
            return self.keyed_by_fields(kind, key, value);
        }
        let id = match last_u64(key) {
            Ok(id) => id,
            Err(m) => return self.undecodable(format!("record kind {kind}"), m),
        };
        match kind {
            rk::CAMPAIGN => {
                let what = format!("campaign {id}");
                self.report.records.campaigns += 1;
                let Some(r) = self.decoded::<CampaignRecord>(&what, value) else {
                    return;
                };
                match r.into_domain(id) {
                    Ok(c) => {
                        self.campaigns.insert(id, campaign_status::code(c.status));
                        self.implies(&what, index::campaign(&c));
                        self.search.push(search::Part::of(&c));
                    }
                    Err(m) => self.undecodable(what, m),
                }
            }
            rk::PLAN => {
                let what = format!("plan {id}");
                self.report.records.plans += 1;
                self.plans.insert(id);
                let Some(p) = self.decoded::<PlanRecord>(&what, value) else {
                    return;
                };
                self.implies(&what, index::plan(id, &p));
                self.refers(&what, Ref::Campaign(p.campaign_id));
            }
            rk::CALENDAR_ITEM => {
                let what = format!("calendar item {id}");
                self.report.records.calendar_items += 1;
                self.items.insert(id);
                let Some(i) = self.decoded::<CalendarItemRecord>(&what, value) else {
                    return;
                };
                self.implies(&what, index::item(id, &i, self.planned_merged));
                self.refers(&what, Ref::Campaign(i.campaign_id));
                match i.into_domain(id) {
                    Ok(item) => self.refers(&what, Ref::Plan(item.plan_id.0)),
                    Err(m) => self.undecodable(what, m),
                }
            }
            rk::TASK => {
                let what = format!("task {id}");
                self.report.records.tasks += 1;
                self.tasks.insert(id);
                let Some(t) = self.decoded::<TaskRecord>(&what, value) else {
                    return;
                };
                match index::task(id, &t) {
                    Ok(entries) => self.implies(&what, entries),
                    Err(e) => self.undecodable(what.clone(), e.to_string()),
                }
                self.refers(&what, Ref::Campaign(t.campaign_id));
                if let Some(item) = t.calendar_item_id {
                    self.refers(&what, Ref::Item(item));
                }
            }
            rk::METRIC => {
                let what = format!("metric {id}");
                self.report.records.metrics += 1;
                self.metrics_max = self.metrics_max.max(id);
                let Some(m) = self.decoded::<MetricRecord>(&what, value) else {
                    return;
                };
                // The write path's own derivation: the `METRIC_BY_TIME` value included.
                match index::metric(id, &m) {
                    Ok(entries) => self.implies(&what, entries),
                    Err(e) => self.undecodable(what.clone(), e.to_string()),
                }
                self.refers(&what, Ref::Campaign(m.campaign_id));
                match m.into_domain(id) {
                    Ok(entry) => {
                        if let Some(task) = entry.task_id {
                            self.refers(&what, Ref::Task(task.0));
                        }
                    }
                    Err(msg) => self.undecodable(what, msg),
                }
            }
            rk::AUDIT => {
                let what = format!("audit entry {id}");
                self.report.records.audit_entries += 1;
                let Some(a) = self.decoded::<AuditRecord>(&what, value) else {
                    return;
                };
                self.implies(&what, index::audit(id, &a));
                match a.into_domain(id) {
                    Ok(entry) => self.walk.visit(&entry),
                    Err(m) => self.undecodable(what, m),
                }
            }
            other => self.undecodable(format!("record of unknown kind {other}"), "no such kind"),
        }
    }

    /// Summaries (campaign, year, week) and action runs (their key string).
    fn keyed_by_fields(&mut self, kind: u8, key: &[u8], value: &[u8]) {
        if kind == rk::SUMMARY {
            self.report.records.summaries += 1;
            let mut reader = KeyReader::new(key);
            let campaign = match reader.u64() {
                Ok(c) => c,
                Err(m) => return self.undecodable("a weekly summary".to_owned(), m),
            };
            let what = format!("weekly summary of campaign {campaign}");
            if self.decoded::<SummaryRecord>(&what, value).is_some() {
                self.refers(&what, Ref::Campaign(campaign));
            }
            return;
        }
        self.report.records.action_runs += 1;
        let Ok(run_key) = std::str::from_utf8(KeyReader::new(key).tail()) else {
            return self.undecodable("an action run".to_owned(), "key is not UTF-8");
        };
        let what = format!("action run {run_key:?}");
        let Some(r) = self.decoded::<ActionRunRecord>(&what, value) else {
            return;
        };
        match index::run(run_key, &r) {
            Ok(entries) => self.implies(&what, entries),
            Err(e) => self.undecodable(what.clone(), e.to_string()),
        }
        match r.into_domain(run_key.to_owned()) {
            Ok(run) => {
                let expected = ActionRun::key_for(&run.action, &run.period);
                if expected != run_key {
                    self.find(Finding::LedgerKey {
                        key: run_key.to_owned(),
                        expected,
                    });
                }
            }
            Err(m) => self.undecodable(what, m),
        }
    }

    /// `index` against what the records imply.
    fn compare_index(&mut self, txn: &ReadTransaction) -> Result<()> {
        let mut expected = std::mem::take(&mut self.expected);
        if let Some(table) = read_table(txn, INDEX)? {
            for entry in table.iter().ctx("scanning index")? {
                let (k, v) = entry.ctx("scanning index")?;
                let (k, v) = (k.value(), v.value());
                self.report.index_entries += 1;
                let index = index_name(k.first().copied().unwrap_or(0));
                match expected.remove(k) {
                    None => self.find(Finding::StrayIndexEntry { index, key: hex(k) }),
                    Some((want, record)) if want != v => {
                        self.find(Finding::StaleIndexValue { index, record })
                    }
                    Some(_) => {}
                }
            }
        }
        for (k, (_, record)) in expected {
            self.find(Finding::MissingIndexEntry {
                index: index_name(k.first().copied().unwrap_or(0)),
                record,
            });
        }
        Ok(())
    }

    fn check_refs(&mut self) {
        for (record, to) in std::mem::take(&mut self.refs) {
            let missing = match to {
                Ref::Campaign(id) => {
                    (!self.campaigns.contains_key(&id)).then(|| format!("campaign {id}"))
                }
                Ref::Plan(id) => (!self.plans.contains(&id)).then(|| format!("plan {id}")),
                Ref::Item(id) => (!self.items.contains(&id)).then(|| format!("calendar item {id}")),
                Ref::Task(id) => (!self.tasks.contains(&id)).then(|| format!("task {id}")),
            };
            if let Some(missing) = missing {
                self.find(Finding::Orphan { record, missing });
            }
        }
    }

    /// Campaign counts per status and the id sequences.
    fn check_meta(&mut self, txn: &ReadTransaction) -> Result<()> {
        let mut counted: BTreeMap<u8, u64> = BTreeMap::new();
        for code in self.campaigns.values() {
            *counted.entry(*code).or_default() += 1;
        }
        let mut stored: BTreeMap<u8, u64> = BTreeMap::new();
        if let Some(table) = read_table(txn, META)? {
            for entry in table.iter().ctx("scanning meta")? {
                let (k, _) = entry.ctx("scanning meta")?;
                let Some(code) = k.value().strip_prefix("campaigns.status.") else {
                    continue;
                };
                let key = k.value().to_owned();
                match (code.parse::<u8>(), meta::get_u64(txn, &key)) {
                    (Ok(code), Ok(Some(n))) => {
                        stored.insert(code, n);
                    }
                    (_, Err(e)) => self.undecodable(format!("meta {key}"), e.to_string()),
                    _ => self.undecodable(format!("meta {key}"), "not a status count"),
                }
            }
        }
        let codes: BTreeSet<u8> = counted.keys().chain(stored.keys()).copied().collect();
        for status in codes {
            let (s, c) = (
                stored.get(&status).copied().unwrap_or(0),
                counted.get(&status).copied().unwrap_or(0),
            );
            if s != c {
                self.find(Finding::StatusCount {
                    status,
                    stored: s,
                    counted: c,
                });
            }
        }
        let highest = |set: &BTreeSet<u64>| set.last().copied().unwrap_or(0);
        for (seq, high) in [
            (
                Sequence::Campaign,
                self.campaigns.keys().last().copied().unwrap_or(0),
            ),
            (Sequence::Plan, highest(&self.plans)),
            (Sequence::CalendarItem, highest(&self.items)),
            (Sequence::Task, highest(&self.tasks)),
            (Sequence::Metric, self.metrics_max),
        ] {
            let key = sequence_key(seq);
            match meta::get_u64(txn, key) {
                Ok(last) => {
                    let last = last.unwrap_or(0);
                    if last < high {
                        self.find(Finding::SequenceBehind {
                            sequence: key,
                            last_issued: last,
                            highest_id: high,
                        });
                    }
                }
                Err(e) => self.undecodable(format!("meta {key}"), e.to_string()),
            }
        }
        Ok(())
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The whole check in `txn`'s snapshot.
pub(super) fn run(txn: &ReadTransaction) -> Result<IntegrityReport> {
    let mut pass = Pass::default();
    match crate::planned::merged(txn) {
        Ok(mark) => pass.planned_merged = mark,
        Err(e) => pass.undecodable("meta planned.merged_through".to_owned(), e.to_string()),
    }
    match schema::stored_version(txn) {
        Ok(found) => {
            pass.report.schema_version = found;
            if found != Some(schema::CURRENT_VERSION) {
                pass.find(Finding::SchemaVersion {
                    found,
                    expected: schema::CURRENT_VERSION,
                });
            }
        }
        Err(e) => pass.undecodable("meta schema_version".to_owned(), e.to_string()),
    }
    if let Some(table) = read_table(txn, RECORDS)? {
        for entry in table.iter().ctx("scanning records")? {
            let (k, v) = entry.ctx("scanning records")?;
            pass.record(k.value(), v.value());
        }
    }
    // The search blocks, derived as the write path builds them.
    for (k, v) in search::blocks(std::mem::take(&mut pass.search)) {
        let owner = format!(
            "the campaigns of search block {}",
            last_u64(&k).unwrap_or(0)
        );
        pass.implies(&owner, vec![(k, v)]);
    }
    pass.compare_index(txn)?;
    pass.check_refs();
    pass.check_meta(txn)?;
    let head = match meta::audit_head(txn) {
        Ok(head) => head,
        Err(e) => {
            pass.undecodable("meta audit_head".to_owned(), e.to_string());
            None
        }
    };
    let walk = std::mem::take(&mut pass.walk);
    let (_, audit) = walk.finish(head);
    pass.report
        .findings
        .extend(audit.into_iter().map(Finding::Audit));
    Ok(pass.report)
}
