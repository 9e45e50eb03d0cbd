//! Campaign calls: create, get, list, update, and the lifecycle moves.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::CampaignOps;
use super::audit::{self, Change};
use crate::model::*;
use crate::platform::sop;
use crate::store::{CampaignPage, CampaignQuery, Sequence};
use crate::{Clock, Error, Result, Store, Transition, validate};

/// Longest campaign name, in characters.
pub const MAX_NAME_LEN: usize = 120;
/// Longest client name, in characters.
pub const MAX_CLIENT_LEN: usize = 120;
/// Longest description, in characters.
pub const MAX_DESCRIPTION_LEN: usize = 5000;
/// Longest call to action, in characters.
pub const MAX_CTA_LEN: usize = 200;
/// Highest cadence for one platform, in posts per week.
pub const MAX_CADENCE: u32 = 100;
/// Most campaigns one list call returns.
pub const MAX_PAGE: usize = 500;

/// Posts per week used for a platform when the caller gives none.
pub fn default_cadence(platform: Platform) -> u32 {
    match platform {
        Platform::LinkedIn => 3,
        Platform::Instagram => 4,
        Platform::X => 5,
        Platform::Email => 1,
    }
}

/// Input of [`CampaignOps::create_campaign`]: [`NewCampaign::new`] with the required fields,
/// then set the optional ones (`#[non_exhaustive]`, so fields can be added without breaking
/// callers).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NewCampaign {
    /// Unique name (case-insensitive), 1 to 120 characters.
    pub name: String,
    /// Client, 1 to 120 characters.
    pub client_name: String,
    /// What the campaign is for.
    pub objective: Objective,
    /// Free description, up to 5000 characters.
    #[serde(default)]
    pub description: String,
    /// At least one platform, none twice.
    pub platforms: Vec<Platform>,
    /// First day.
    pub start_date: NaiveDate,
    /// Last day (inclusive), not before the start; open-ended when `None`.
    #[serde(default)]
    pub end_date: Option<NaiveDate>,
    /// IANA time zone, e.g. `Europe/Berlin`.
    pub time_zone: String,
    /// Posts per week per platform (1 to 100, and no more than the platform's posting
    /// windows hold); platforms left out get [`default_cadence`].
    #[serde(default)]
    pub cadence: BTreeMap<Platform, u32>,
    /// Main call to action.
    #[serde(default)]
    pub primary_cta: Option<String>,
    /// Campaign owner; the creating actor when `None`.
    #[serde(default)]
    pub owner: Option<String>,
    /// Free metadata.
    #[serde(default)]
    pub metadata: BTreeMap<String, String>,
    /// Start as `Active` instead of `Draft`.
    #[serde(default)]
    pub activate: bool,
}

impl NewCampaign {
    /// A campaign with the required fields and everything else defaulted.
    pub fn new(
        name: impl Into<String>,
        client_name: impl Into<String>,
        objective: Objective,
        platforms: Vec<Platform>,
        start_date: NaiveDate,
        time_zone: impl Into<String>,
    ) -> Self {
        Self {
            name: name.into(),
            client_name: client_name.into(),
            objective,
            description: String::new(),
            platforms,
            start_date,
            end_date: None,
            time_zone: time_zone.into(),
            cadence: BTreeMap::new(),
            primary_cta: None,
            owner: None,
            metadata: BTreeMap::new(),
            activate: false,
        }
    }
}

/// A partial update: `None` leaves a field as it is; for optional fields `Some(None)` clears.
/// Start from `CampaignUpdate::default()` and set the fields to change.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct CampaignUpdate {
    /// New name.
    pub name: Option<String>,
    /// New client.
    pub client_name: Option<String>,
    /// New objective.
    pub objective: Option<Objective>,
    /// New description (`Some(String::new())` empties it).
    pub description: Option<String>,
    /// New platform list; cadence of removed platforms is dropped, added ones get defaults.
    pub platforms: Option<Vec<Platform>>,
    /// New start date.
    pub start_date: Option<NaiveDate>,
    /// New end date, or `Some(None)` to make the campaign open-ended.
    pub end_date: Option<Option<NaiveDate>>,
    /// New time zone.
    pub time_zone: Option<String>,
    /// Cadence changes, merged into the current cadence.
    pub cadence: Option<BTreeMap<Platform, u32>>,
    /// New call to action, or `Some(None)` to clear it.
    pub primary_cta: Option<Option<String>>,
    /// New owner.
    pub owner: Option<String>,
    /// Metadata entries to set (added or overwritten).
    pub metadata_set: BTreeMap<String, String>,
    /// Metadata keys to remove.
    pub metadata_remove: Vec<String>,
}

/// Filter of [`CampaignOps::list_campaigns`]; empty (`CampaignFilter::default()`) matches
/// all.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct CampaignFilter {
    /// Only this status.
    pub status: Option<CampaignStatus>,
    /// Only this client (case-insensitive exact match).
    pub client: Option<String>,
    /// Only campaigns whose name, client or description contains this (case-insensitive).
    pub text: Option<String>,
}

/// Checks and normalises the platform list and cadence; fills default cadences.
fn check_platforms_and_cadence(
    platforms: &[Platform],
    cadence: &BTreeMap<Platform, u32>,
) -> Result<(Vec<Platform>, BTreeMap<Platform, u32>)> {
    if platforms.is_empty() {
        return Err(Error::validation(
            "platforms",
            "must list at least one platform",
        ));
    }
    let mut sorted = platforms.to_vec();
    sorted.sort();
    if let Some(w) = sorted.windows(2).find(|w| w[0] == w[1]) {
        return Err(Error::validation(
            "platforms",
            format!("lists {} more than once", w[0]),
        ));
    }
    let mut full = BTreeMap::new();
    for (&platform, &per_week) in cadence {
        let field = format!("cadence.{platform}");
        if !sorted.contains(&platform) {
            return Err(Error::validation(
                field,
                format!("{platform} is not one of the campaign's platforms"),
            ));
        }
        if per_week == 0 || per_week > MAX_CADENCE {
            return Err(Error::validation(
                field,
                format!("must be 1 to {MAX_CADENCE} posts per week (got {per_week})"),
            ));
        }
        let capacity = sop(platform).weekly_capacity();
        if per_week > capacity {
            return Err(Error::validation(
                field,
                format!(
                    "{per_week} posts per week do not fit into {}'s posting windows, which hold {capacity}",
                    platform.label()
                ),
            ));
        }
        full.insert(platform, per_week);
    }
    for &platform in &sorted {
        full.entry(platform)
            .or_insert_with(|| default_cadence(platform));
    }
    Ok((sorted, full))
}

/// An owner follows the actor rules (it is who escalations are assigned to).
fn check_owner(owner: &str) -> Result<String> {
    validate::identifier("owner", owner, MAX_ACTOR_LEN)
}

fn check_dates(start: NaiveDate, end: Option<NaiveDate>) -> Result<()> {
    validate::date("start_date", start)?;
    if let Some(end) = end {
        validate::date("end_date", end)?;
    }
    match end {
        Some(end) if end < start => Err(Error::validation(
            "end_date",
            format!("must not be before the start date ({start}); got {end}"),
        )),
        _ => Ok(()),
    }
}

impl<S: Store, C: Clock> CampaignOps<S, C> {
    /// Creates a campaign (status Draft, or Active with `activate`). A name another campaign
    /// holds (names ignore case) is [`Error::AlreadyExists`].
    pub fn create_campaign(&self, actor: &Actor, new: NewCampaign) -> Result<Campaign> {
        let name = validate::identifier("name", &new.name, MAX_NAME_LEN)?;
        let client_name = validate::identifier("client_name", &new.client_name, MAX_CLIENT_LEN)?;
        let description = validate::text("description", &new.description, MAX_DESCRIPTION_LEN)?;
        let (platforms, cadence) = check_platforms_and_cadence(&new.platforms, &new.cadence)?;
        check_dates(new.start_date, new.end_date)?;
        let time_zone = validate::time_zone("time_zone", &new.time_zone)?;
        let primary_cta =
            validate::optional_line("primary_cta", new.primary_cta.as_deref(), MAX_CTA_LEN)?;
        let owner = match new.owner.as_deref() {
            Some(o) => check_owner(o)?,
            None => actor.as_str().to_owned(),
        };
        validate::metadata("metadata", &new.metadata)?;
        let now = self.now()?;
        self.store().write(|tx| {
            ensure_name_free(tx, &name, None)?;
            let campaign = Campaign {
                id: CampaignId(tx.next_id(Sequence::Campaign)?),
                name: name.clone(),
                client_name: client_name.clone(),
                objective: new.objective,
                description: description.clone(),
                platforms: platforms.clone(),
                start_date: new.start_date,
                end_date: new.end_date,
                time_zone,
                cadence: cadence.clone(),
                primary_cta: primary_cta.clone(),
                owner: owner.clone(),
                status: if new.activate {
                    CampaignStatus::Active
                } else {
                    CampaignStatus::Draft
                },
                metadata: new.metadata.clone(),
                created_at: now,
                updated_at: now,
            };
            tx.put_campaign(&campaign)?;
            audit::append(
                tx,
                now,
                Change::created(
                    actor,
                    AuditAction::CampaignCreate,
                    EntityKind::Campaign,
                    campaign.id.0,
                    Some(campaign.id),
                    &campaign,
                ),
            )?;
            Ok(campaign)
        })
    }

    /// A campaign by id.
    pub fn get_campaign(&self, id: CampaignId) -> Result<Campaign> {
        self.store().read(|tx| load_campaign(tx, id))
    }

    /// One page of the campaigns matching `filter`, ascending id: those after the cursor
    /// `after` (the `next` of the previous page), at most `limit` (1 to 500), with the number
    /// of all matches. The filtering, counting and paging happen in the store.
    pub fn list_campaigns(
        &self,
        filter: &CampaignFilter,
        limit: usize,
        after: Option<CampaignId>,
    ) -> Result<CampaignPage> {
        validate::page_limit(limit, MAX_PAGE)?;
        let client = validate::optional_line("client", filter.client.as_deref(), 200)?;
        let text = validate::optional_line("text", filter.text.as_deref(), 200)?;
        let mut query = CampaignQuery::first(limit);
        query.status = filter.status;
        query.client = client.as_deref().map(CampaignQuery::fold);
        query.text = text.as_deref().map(CampaignQuery::fold);
        query.after = after;
        self.store().read(|tx| tx.campaign_page(&query))
    }

    /// Applies a partial update. Completed and archived campaigns are read-only
    /// ([`Error::ReadOnly`]); renaming onto another campaign's name is
    /// [`Error::AlreadyExists`].
    pub fn update_campaign(
        &self,
        actor: &Actor,
        id: CampaignId,
        update: CampaignUpdate,
    ) -> Result<Campaign> {
        let now = self.now()?;
        self.store().write(|tx| {
            let before = load_campaign(tx, id)?;
            if matches!(
                before.status,
                CampaignStatus::Completed | CampaignStatus::Archived
            ) {
                return Err(Error::read_only(EntityKind::Campaign, id, before.status));
            }
            let mut c = before.clone();
            if let Some(name) = &update.name {
                c.name = validate::identifier("name", name, MAX_NAME_LEN)?;
                ensure_name_free(tx, &c.name, Some(id))?;
            }
            if let Some(client) = &update.client_name {
                c.client_name = validate::identifier("client_name", client, MAX_CLIENT_LEN)?;
            }
            if let Some(objective) = update.objective {
                c.objective = objective;
            }
            if let Some(d) = &update.description {
                c.description = validate::text("description", d, MAX_DESCRIPTION_LEN)?;
            }
            let platforms = update
                .platforms
                .clone()
                .unwrap_or_else(|| c.platforms.clone());
            // Keep the cadence of platforms that stay, then apply the requested changes.
            let mut cadence: BTreeMap<Platform, u32> = c
                .cadence
                .iter()
                .filter(|(p, _)| platforms.contains(p))
                .map(|(p, n)| (*p, *n))
                .collect();
            if let Some(changes) = &update.cadence {
                cadence.extend(changes.iter().map(|(p, n)| (*p, *n)));
            }
            (c.platforms, c.cadence) = check_platforms_and_cadence(&platforms, &cadence)?;
            if let Some(start) = update.start_date {
                c.start_date = start;
            }
            if let Some(end) = update.end_date {
                c.end_date = end;
            }
            check_dates(c.start_date, c.end_date)?;
            if let Some(tz) = &update.time_zone {
                c.time_zone = validate::time_zone("time_zone", tz)?;
            }
            if let Some(cta) = &update.primary_cta {
                c.primary_cta =
                    validate::optional_line("primary_cta", cta.as_deref(), MAX_CTA_LEN)?;
            }
            if let Some(owner) = &update.owner {
                c.owner = check_owner(owner)?;
            }
            for key in &update.metadata_remove {
                c.metadata.remove(key);
            }
            c.metadata.extend(
                update
                    .metadata_set
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone())),
            );
            validate::metadata("metadata", &c.metadata)?;
            if c == before {
                return Ok(c);
            }
            c.updated_at = now;
            tx.put_campaign(&c)?;
            audit::append(
                tx,
                now,
                Change {
                    actor,
                    action: AuditAction::CampaignUpdate,
                    entity: EntityKind::Campaign,
                    entity_id: id.0,
                    campaign_id: Some(id),
                    before: Some(&before),
                    after: Some(&c),
                    details: None,
                },
            )?;
            Ok(c)
        })
    }

    /// Draft → Active.
    pub fn activate_campaign(&self, actor: &Actor, id: CampaignId) -> Result<Campaign> {
        self.move_campaign(
            actor,
            id,
            Some(CampaignStatus::Draft),
            CampaignStatus::Active,
            AuditAction::CampaignActivate,
            None,
        )
    }

    /// Active → Paused, with an optional reason.
    pub fn pause_campaign(
        &self,
        actor: &Actor,
        id: CampaignId,
        reason: Option<&str>,
    ) -> Result<Campaign> {
        let reason = validate::optional_line("reason", reason, 500)?;
        self.move_campaign(
            actor,
            id,
            None,
            CampaignStatus::Paused,
            AuditAction::CampaignPause,
            reason,
        )
    }

    /// Paused → Active.
    pub fn resume_campaign(&self, actor: &Actor, id: CampaignId) -> Result<Campaign> {
        self.move_campaign(
            actor,
            id,
            Some(CampaignStatus::Paused),
            CampaignStatus::Active,
            AuditAction::CampaignResume,
            None,
        )
    }

    /// Active or Paused → Completed.
    pub fn complete_campaign(&self, actor: &Actor, id: CampaignId) -> Result<Campaign> {
        self.move_campaign(
            actor,
            id,
            None,
            CampaignStatus::Completed,
            AuditAction::CampaignComplete,
            None,
        )
    }

    /// Draft or Completed → Archived.
    pub fn archive_campaign(&self, actor: &Actor, id: CampaignId) -> Result<Campaign> {
        self.move_campaign(
            actor,
            id,
            None,
            CampaignStatus::Archived,
            AuditAction::CampaignArchive,
            None,
        )
    }

    /// Moves a campaign to `to` through the status machine. `only_from` narrows the legal
    /// starting status further: activating and resuming both reach Active, but from
    /// different places.
    fn move_campaign(
        &self,
        actor: &Actor,
        id: CampaignId,
        only_from: Option<CampaignStatus>,
        to: CampaignStatus,
        action: AuditAction,
        details: Option<String>,
    ) -> Result<Campaign> {
        let now = self.now()?;
        self.store().write(|tx| {
            let before = load_campaign(tx, id)?;
            if only_from.is_some_and(|from| before.status != from) {
                return Err(Error::IllegalTransition(Transition::Campaign {
                    from: before.status,
                    to,
                }));
            }
            let mut after = before.clone();
            after.status = before.status.move_to(to)?;
            after.updated_at = now;
            tx.put_campaign(&after)?;
            audit::append(
                tx,
                now,
                Change {
                    actor,
                    action,
                    entity: EntityKind::Campaign,
                    entity_id: id.0,
                    campaign_id: Some(id),
                    before: Some(&before),
                    after: Some(&after),
                    details: details.clone(),
                },
            )?;
            Ok(after)
        })
    }
}

/// Refuses a name another campaign already uses (case-insensitive), before any id is taken;
/// the store's name index refuses it too, with the same error, should a caller skip this.
fn ensure_name_free(tx: &dyn crate::ReadTx, name: &str, except: Option<CampaignId>) -> Result<()> {
    match tx.campaign_id_by_name(name)? {
        Some(other) if Some(other) != except => Err(Error::AlreadyExists {
            entity: EntityKind::Campaign,
            field: "name".to_owned(),
            value: name.trim().to_owned(),
        }),
        _ => Ok(()),
    }
}

pub(crate) fn load_campaign(tx: &dyn crate::ReadTx, id: CampaignId) -> Result<Campaign> {
    tx.campaign(id)?
        .ok_or_else(|| Error::not_found(EntityKind::Campaign, id))
}
