//! Campaign queries: by id, by name, the filtered page and the ids by status.
//!
//! The page's total comes from the status counters in `meta` when only a status (or
//! nothing) filters; a client filter scans that client's index range; a text filter is
//! the one query that reads a whole index range, the search blocks (status code and folded
//! search text of 64 campaigns per entry, no record decoding: `search.rs`), because a
//! substring can be anywhere and the total counts every match.

use memchr::memmem::Finder;

use campaign_ops_core::model::{Campaign, CampaignId, CampaignStatus};
use campaign_ops_core::{CampaignPage, CampaignQuery, Result};

use super::{id_of, index_ids, load_campaigns};
use crate::keys::{Key, Span};
use crate::layout::{INDEX, RECORDS, ik, record_key, rk};
use crate::meta;
use crate::record::codes::campaign_status;
use crate::record::{CampaignRecord, corrupt};
use crate::search;
use crate::tx::{Source, decode_record, get_raw, get_record, scan};

/// A campaign by id.
pub(crate) fn campaign<S: Source>(src: &S, id: u64) -> Result<Option<Campaign>> {
    let what = format!("campaign {id}");
    get_record::<S, CampaignRecord>(src, &record_key(rk::CAMPAIGN, id), &what)?
        .map(|r| {
            r.into_domain(id)
                .map_err(|m| corrupt("records", format!("{what}: {m}")))
        })
        .transpose()
}

/// The id holding the name key of `name`.
pub(crate) fn id_by_name<S: Source>(src: &S, name: &str) -> Result<Option<CampaignId>> {
    let key = Key::new(ik::CAMPAIGN_NAME)
        .tail(Campaign::name_key(name).as_bytes())
        .done();
    get_raw(src, INDEX, &key)?
        .map(|v| {
            <[u8; 8]>::try_from(v.as_slice())
                .map(|b| CampaignId(u64::from_be_bytes(b)))
                .map_err(|_| corrupt("index", "campaign name entry without an id"))
        })
        .transpose()
}

/// Ids of campaigns in `status` after `after`, ascending, at most `limit`.
pub(crate) fn ids<S: Source>(
    src: &S,
    status: CampaignStatus,
    after: Option<CampaignId>,
    limit: usize,
) -> Result<Vec<CampaignId>> {
    let code = campaign_status::code(status);
    let prefix = || Key::new(ik::CAMPAIGN_STATUS).u8(code);
    let span = Span::prefix(prefix().done()).after(after.map(|a| prefix().u64(a.0).done()));
    Ok(index_ids(src, &span, limit)?
        .into_iter()
        .map(CampaignId)
        .collect())
}

/// The page of `q`.
pub(crate) fn page<S: Source>(src: &S, q: &CampaignQuery) -> Result<CampaignPage> {
    let status = q.status.map(campaign_status::code);
    let text = q.text.as_deref().filter(|t| !t.is_empty());
    let after = q.after.map_or(0, |a| a.0);
    // One more than a page: whether it exists decides `next`.
    let want = q.limit.saturating_add(1);
    let (total, ids) = match (q.client.as_deref(), text) {
        (None, None) => match status {
            None => return all(src, q),
            Some(code) => by_status(src, code, q.after, want)?,
        },
        (client, text) => {
            let mut total = 0u64;
            let mut ids = Vec::new();
            let mut hit = |id: u64| {
                total += 1;
                if id > after && ids.len() < want {
                    ids.push(id);
                }
            };
            match client {
                Some(client) => {
                    let span = Span::prefix(Key::new(ik::CAMPAIGN_CLIENT).str(client).done());
                    let mut found = Vec::new();
                    scan(src, INDEX, &span, false, |k, v| {
                        let id = id_of(k)?;
                        if status.is_none_or(|s| v.first() == Some(&s)) {
                            found.push(id);
                        }
                        Ok(true)
                    })?;
                    let finder = text.map(|t| Finder::new(t.as_bytes()));
                    for id in found {
                        let matched = match &finder {
                            Some(f) => search_matches(src, id, f)?,
                            None => true,
                        };
                        if matched {
                            hit(id);
                        }
                    }
                }
                None => {
                    // One searcher for the whole scan (SIMD substring search).
                    let finder = Finder::new(text.unwrap_or("").as_bytes());
                    let span = Span::prefix(vec![ik::CAMPAIGN_SEARCH_BLOCK]);
                    scan(src, INDEX, &span, false, |_, v| {
                        search::for_each(v, |id, code, searched| {
                            if status.is_none_or(|s| code == s) && finder.find(searched).is_some() {
                                hit(id);
                            }
                            true
                        })
                        .map_err(|m| corrupt("index", m))?;
                        Ok(true)
                    })?;
                }
            }
            (total, ids)
        }
    };
    let more = ids.len() > q.limit;
    let mut items = load_campaigns(src, ids.into_iter().take(q.limit).collect())?;
    items.truncate(q.limit);
    let next = if more {
        items.last().map(|c| c.id)
    } else {
        None
    };
    Ok(CampaignPage { items, total, next })
}

/// No filter at all: the counters give the total, the records themselves the page, decoded
/// as the scan meets them (no second look-up per campaign).
fn all<S: Source>(src: &S, q: &CampaignQuery) -> Result<CampaignPage> {
    let mut total = 0;
    for &s in &CampaignStatus::ALL {
        total += meta::status_count(src, campaign_status::code(s))?;
    }
    let span =
        Span::prefix(vec![rk::CAMPAIGN]).after(q.after.map(|a| record_key(rk::CAMPAIGN, a.0)));
    let mut items = Vec::with_capacity(q.limit.min(1024));
    let mut more = false;
    scan(src, RECORDS, &span, false, |k, v| {
        if items.len() == q.limit {
            more = true;
            return Ok(false);
        }
        let id = id_of(k)?;
        let record: CampaignRecord = decode_record(v, format_args!("campaign {id}"))?;
        let campaign = record
            .into_domain(id)
            .map_err(|m| corrupt("records", format!("campaign {id}: {m}")))?;
        items.push(campaign);
        Ok(true)
    })?;
    let next = if more {
        items.last().map(|c| c.id)
    } else {
        None
    };
    Ok(CampaignPage { items, total, next })
}

/// A status filter alone: its counter gives the total, the status index the page.
fn by_status<S: Source>(
    src: &S,
    code: u8,
    after: Option<CampaignId>,
    want: usize,
) -> Result<(u64, Vec<u64>)> {
    let total = meta::status_count(src, code)?;
    let status = campaign_status::from_code(code).map_err(|m| corrupt("meta", m))?;
    let ids = ids(src, status, after, want)?.into_iter().map(|c| c.0);
    Ok((total, ids.collect()))
}

/// Whether campaign `id`'s search text contains what `finder` looks for (a substring test
/// on UTF-8 bytes, equal to `str::contains` on valid UTF-8).
fn search_matches<S: Source>(src: &S, id: u64, finder: &Finder<'_>) -> Result<bool> {
    let key = search::block_key(search::block_of(id));
    let value = get_raw(src, INDEX, &key)?
        .ok_or_else(|| corrupt("index", format!("campaign {id} has no search block")))?;
    let mut found = None;
    search::for_each(&value, |part, _, text| {
        if part == id {
            found = Some(finder.find(text).is_some());
        }
        part < id
    })
    .map_err(|m| corrupt("index", m))?;
    found.ok_or_else(|| corrupt("index", format!("campaign {id} is not in its search block")))
}
