//! The stored campaign.

use std::collections::BTreeMap;

use campaign_ops_core::model::{Campaign, CampaignId};
use serde::{Deserialize, Serialize};

use super::codes::{campaign_status, objective, platform};
use super::time::{date, to_date, to_zone, zone};
use super::{Stored, Time, all};

/// A [`Campaign`] as stored (key: its id).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct CampaignRecord {
    name: String,
    client_name: String,
    objective: u8,
    description: String,
    platforms: Vec<u8>,
    start_date: i32,
    end_date: Option<i32>,
    time_zone: String,
    cadence: Vec<(u8, u32)>,
    primary_cta: Option<String>,
    owner: String,
    /// Public to the crate: the status counters in `meta` follow it.
    pub(crate) status: u8,
    metadata: Vec<(String, String)>,
    created_at: Time,
    updated_at: Time,
}

impl Stored for CampaignRecord {
    const KIND: &'static str = "campaign";
    const FORMAT: u8 = 1;
}

impl CampaignRecord {
    /// The stored form of `c`.
    pub(crate) fn of(c: &Campaign) -> Self {
        Self {
            name: c.name.clone(),
            client_name: c.client_name.clone(),
            objective: objective::code(c.objective),
            description: c.description.clone(),
            platforms: c.platforms.iter().map(|&p| platform::code(p)).collect(),
            start_date: date(c.start_date),
            end_date: c.end_date.map(date),
            time_zone: zone(c.time_zone),
            cadence: c
                .cadence
                .iter()
                .map(|(&p, &n)| (platform::code(p), n))
                .collect(),
            primary_cta: c.primary_cta.clone(),
            owner: c.owner.clone(),
            status: campaign_status::code(c.status),
            metadata: c
                .metadata
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            created_at: Time::of(c.created_at),
            updated_at: Time::of(c.updated_at),
        }
    }

    /// The campaign `id` this record stores.
    pub(crate) fn into_domain(self, id: u64) -> Result<Campaign, String> {
        let cadence = all(self.cadence, |(p, n)| Ok((platform::from_code(p)?, n)))?;
        Ok(Campaign {
            id: CampaignId(id),
            name: self.name,
            client_name: self.client_name,
            objective: objective::from_code(self.objective)?,
            description: self.description,
            platforms: all(self.platforms, platform::from_code)?,
            start_date: to_date(self.start_date)?,
            end_date: self.end_date.map(to_date).transpose()?,
            time_zone: to_zone(&self.time_zone)?,
            cadence: cadence.into_iter().collect(),
            primary_cta: self.primary_cta,
            owner: self.owner,
            status: campaign_status::from_code(self.status)?,
            metadata: self.metadata.into_iter().collect::<BTreeMap<_, _>>(),
            created_at: self.created_at.to_utc()?,
            updated_at: self.updated_at.to_utc()?,
        })
    }
}
