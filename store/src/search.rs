//! Campaign search blocks (schema 7): the status and folded search text of up to 64
//! campaigns with neighbouring ids in one `index` entry.
//!
//! A text filter must look at every campaign (a substring can be anywhere, and the page
//! reports the total of matches). With one entry per campaign (`CAMPAIGN_SEARCH`, schema 6)
//! that walk cost about 230 ns per entry in redb at 10,000 campaigns (2.3 ms), against
//! 0.1 ms for the substring tests themselves; a block holds [`BLOCK_SIZE`] campaigns, so the
//! walk meets 157 entries instead (measured in `target/bench-report.md`, "Campaign list").
//! A campaign write that changes its status or search text rewrites its block (about 7 KiB).
//!
//! Value: `[format 1]`, then per campaign, ascending id:
//! `[id u64 BE][status code u8][text length u32 BE][search text bytes]`.

use campaign_ops_core::model::Campaign;
use campaign_ops_core::{CampaignQuery, Result};

use crate::error::Context;
use crate::index::Entry;
use crate::keys::Key;
use crate::layout::ik;
use crate::record::codes::campaign_status;
use crate::record::corrupt;
use crate::wal::TableWrite;

/// Campaigns per block: ids `64 n` to `64 n + 63` share block `n`.
pub(crate) const BLOCK_SIZE: u64 = 64;
/// The value format byte.
pub(crate) const FORMAT: u8 = 1;

/// One campaign's part of its block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Part {
    /// Campaign id.
    pub(crate) id: u64,
    /// Its status code.
    pub(crate) status: u8,
    /// [`CampaignQuery::search_text`] of the campaign.
    pub(crate) text: Vec<u8>,
}

impl Part {
    /// The part of `c`: what a text filter tests.
    pub(crate) fn of(c: &Campaign) -> Self {
        Self {
            id: c.id.0,
            status: campaign_status::code(c.status),
            text: CampaignQuery::search_text(c).into_bytes(),
        }
    }
}

/// The block of campaign `id`.
pub(crate) fn block_of(id: u64) -> u64 {
    id / BLOCK_SIZE
}

/// The `index` key of block `block`.
pub(crate) fn block_key(block: u64) -> Vec<u8> {
    Key::new(ik::CAMPAIGN_SEARCH_BLOCK).u64(block).done()
}

/// The value of a block holding `parts` (ascending id).
pub(crate) fn encode(parts: &[Part]) -> Vec<u8> {
    let size: usize = parts.iter().map(|p| 13 + p.text.len()).sum();
    let mut out = Vec::with_capacity(1 + size);
    out.push(FORMAT);
    for p in parts {
        out.extend_from_slice(&p.id.to_be_bytes());
        out.push(p.status);
        // A search text is a name, a client and a description, each bounded far below this.
        let len = u32::try_from(p.text.len()).unwrap_or(u32::MAX);
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(&p.text);
    }
    out
}

/// Calls `f(id, status, text)` for every part of a block value, in order; stops early when
/// `f` returns `false`. A malformed value is an error naming what is wrong.
pub(crate) fn for_each(
    value: &[u8],
    mut f: impl FnMut(u64, u8, &[u8]) -> bool,
) -> std::result::Result<(), String> {
    let Some((&format, mut rest)) = value.split_first() else {
        return Err("empty search block".to_owned());
    };
    if format != FORMAT {
        return Err(format!(
            "search block format {format} (this build reads {FORMAT})"
        ));
    }
    while !rest.is_empty() {
        if rest.len() < 13 {
            return Err("search block ends inside a part's header".to_owned());
        }
        let (head, tail) = rest.split_at(13);
        let id = u64::from_be_bytes(head[..8].try_into().expect("8 bytes"));
        let status = head[8];
        let len = u32::from_be_bytes(head[9..13].try_into().expect("4 bytes")) as usize;
        if tail.len() < len {
            return Err(format!("search block part of campaign {id} ends early"));
        }
        let (text, next) = tail.split_at(len);
        if !f(id, status, text) {
            return Ok(());
        }
        rest = next;
    }
    Ok(())
}

/// The parts of a block value.
pub(crate) fn decode(value: &[u8]) -> std::result::Result<Vec<Part>, String> {
    let mut parts = Vec::new();
    for_each(value, |id, status, text| {
        parts.push(Part {
            id,
            status,
            text: text.to_vec(),
        });
        true
    })?;
    Ok(parts)
}

/// Puts `part` into its block (replacing the campaign's old part), or with `None` removes
/// campaign `id`'s part; a block left empty is removed.
pub(crate) fn update(
    index: &mut impl TableWrite<&'static [u8]>,
    id: u64,
    part: Option<Part>,
) -> Result<()> {
    let key = block_key(block_of(id));
    let mut parts = match index.get(key.as_slice()).ctx("reading a search block")? {
        Some(v) => decode(v.value())
            .map_err(|m| corrupt("index", format!("search block of campaign {id}: {m}")))?,
        None => Vec::new(),
    };
    let at = parts.partition_point(|p| p.id < id);
    let here = parts.get(at).is_some_and(|p| p.id == id);
    match (part, here) {
        (Some(p), true) => parts[at] = p,
        (Some(p), false) => parts.insert(at, p),
        (None, true) => drop(parts.remove(at)),
        (None, false) => return Ok(()),
    }
    if parts.is_empty() {
        index.remove(key.as_slice()).ctx("writing a search block")?;
    } else {
        index
            .insert(key.as_slice(), encode(&parts).as_slice())
            .ctx("writing a search block")?;
    }
    Ok(())
}

/// The block entries that `parts` (ascending id) imply: what the migration writes and the
/// checker compares with.
pub(crate) fn blocks(parts: impl IntoIterator<Item = Part>) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut current: Option<(u64, Vec<Part>)> = None;
    for p in parts {
        let block = block_of(p.id);
        match &mut current {
            Some((b, ps)) if *b == block => ps.push(p),
            _ => {
                if let Some((b, ps)) = current.take() {
                    out.push((block_key(b), encode(&ps)));
                }
                current = Some((block, vec![p]));
            }
        }
    }
    if let Some((b, ps)) = current {
        out.push((block_key(b), encode(&ps)));
    }
    out
}

#[cfg(test)]
#[path = "search_tests.rs"]
mod tests;
