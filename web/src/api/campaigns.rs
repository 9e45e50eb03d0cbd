//! Campaign server functions: the filtered, paged list; create and edit; the lifecycle
//! moves (activate, pause, resume, complete, archive). Reads need the viewer role,
//! changes the operator role.

// One server-function argument per form field (an ActionForm, or a plain form, posts them
// by name); #[server] does not pass a function's own allow on to the client stub it
// generates, so the allow is the module's.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::{AppError, ScopedError};

/// Most campaigns one page of the list shows.
pub const PAGE_SIZE: usize = 50;

/// The lifecycle moves, as [`change_campaign_status`] takes them, with their button labels.
pub const CAMPAIGN_MOVES: [(&str, &str); 5] = [
    ("activate", "Activate"),
    ("pause", "Pause"),
    ("resume", "Resume"),
    ("complete", "Complete"),
    ("archive", "Archive"),
];

/// One campaign as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignRow {
    /// The campaign's id.
    pub id: u64,
    /// Its unique name.
    pub name: String,
    /// The client.
    pub client_name: String,
    /// Status key (`draft`, `active`, ...).
    pub status: String,
    /// Objective key (`awareness`, `lead_generation`, ...).
    pub objective: String,
    /// Platform labels, e.g. `LinkedIn`.
    pub platforms: Vec<String>,
    /// First day, `YYYY-MM-DD`.
    pub start_date: String,
    /// Last day, `YYYY-MM-DD`, if any.
    pub end_date: Option<String>,
    /// IANA time zone.
    pub time_zone: String,
    /// The lifecycle moves the status machine allows from the current status (keys of
    /// [`CAMPAIGN_MOVES`]); the server refuses the others anyway.
    pub moves: Vec<String>,
}

/// One page of campaigns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignList {
    /// The campaigns, ascending id.
    pub items: Vec<CampaignRow>,
    /// How many campaigns match the filter in all.
    pub total: u64,
    /// The cursor of the next page (`after`), `None` on the last page.
    pub next: Option<u64>,
}

/// A campaign as the edit form shows it: every editable field in the form's own terms
/// (keys, `YYYY-MM-DD` dates, empty strings for what is unset).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignForm {
    /// The campaign's id.
    pub id: u64,
    /// Name.
    pub name: String,
    /// Client.
    pub client_name: String,
    /// Objective key.
    pub objective: String,
    /// Description (may be empty).
    pub description: String,
    /// Platform keys (`linkedin`, `x`, ...).
    pub platforms: Vec<String>,
    /// First day.
    pub start_date: String,
    /// Last day, or empty.
    pub end_date: String,
    /// IANA time zone.
    pub time_zone: String,
    /// Call to action, or empty.
    pub primary_cta: String,
    /// Status key.
    pub status: String,
    /// Whether the campaign can still be edited (completed and archived ones cannot).
    pub editable: bool,
    /// The lifecycle moves allowed from the current status.
    pub moves: Vec<String>,
}

#[cfg(feature = "ssr")]
mod convert {
    use campaign_ops_core::{Campaign, CampaignStatus};

    use super::{CampaignForm, CampaignRow};

    /// The moves of [`super::CAMPAIGN_MOVES`] the status machine allows from `status`.
    /// Activate and resume both reach Active, from Draft and Paused respectively.
    pub(super) fn moves(status: CampaignStatus) -> Vec<String> {
        use CampaignStatus::*;
        [
            ("activate", status == Draft),
            ("pause", status.can_move_to(Paused)),
            ("resume", status == Paused),
            ("complete", status.can_move_to(Completed)),
            ("archive", status.can_move_to(Archived)),
        ]
        .into_iter()
        .filter(|(_, allowed)| *allowed)
        .map(|(key, _)| key.to_owned())
        .collect()
    }

    impl From<&Campaign> for CampaignRow {
        fn from(c: &Campaign) -> Self {
            Self {
                id: c.id.0,
                name: c.name.clone(),
                client_name: c.client_name.clone(),
                status: c.status.key().to_owned(),
                objective: c.objective.key().to_owned(),
                platforms: c.platforms.iter().map(|p| p.label().to_owned()).collect(),
                start_date: c.start_date.to_string(),
                end_date: c.end_date.map(|d| d.to_string()),
                time_zone: c.time_zone.name().to_owned(),
                moves: moves(c.status),
            }
        }
    }

    impl From<&Campaign> for CampaignForm {
        fn from(c: &Campaign) -> Self {
            Self {
                id: c.id.0,
                name: c.name.clone(),
                client_name: c.client_name.clone(),
                objective: c.objective.key().to_owned(),
                description: c.description.clone(),
                platforms: c.platforms.iter().map(|p| p.key().to_owned()).collect(),
                start_date: c.start_date.to_string(),
                end_date: c.end_date.map(|d| d.to_string()).unwrap_or_default(),
                time_zone: c.time_zone.name().to_owned(),
                primary_cta: c.primary_cta.clone().unwrap_or_default(),
                status: c.status.key().to_owned(),
                editable: !matches!(
                    c.status,
                    CampaignStatus::Completed | CampaignStatus::Archived
                ),
                moves: moves(c.status),
            }
        }
    }
}

/// The form's fields parsed into the service's types.
#[cfg(feature = "ssr")]
mod parse {
    use campaign_ops_core::{Error, Objective, Platform, Result};
    use chrono::NaiveDate;

    /// `None` for an absent or blank field, else the trimmed text.
    pub(crate) fn non_blank(value: Option<String>) -> Option<String> {
        value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
    }

    pub(super) fn objective(key: &str) -> Result<Objective> {
        key.parse()
    }

    pub(super) fn platforms(keys: Option<Vec<String>>) -> Result<Vec<Platform>> {
        keys.unwrap_or_default()
            .iter()
            .map(|p| p.parse::<Platform>())
            .collect::<Result<Vec<_>>>()
            .map_err(|_| Error::validation("platforms", "lists an unknown platform"))
    }

    pub(super) fn date(field: &str, value: &str) -> Result<NaiveDate> {
        NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
            .map_err(|_| Error::validation(field, "must be a date (YYYY-MM-DD)"))
    }

    pub(super) fn optional_date(field: &str, value: Option<String>) -> Result<Option<NaiveDate>> {
        non_blank(value).map(|v| date(field, &v)).transpose()
    }
}

#[cfg(feature = "ssr")]
pub(crate) use parse::non_blank;

/// One page of the campaigns matching the filters: at most `limit` (1 to 500) after the
/// cursor `after` (the `next` of the previous page), with the number of all matches
/// ([`campaign_ops_core::CampaignOps::list_campaigns`]). Blank filters match everything.
#[server]
pub async fn list_campaigns(
    /// Most campaigns returned, 1 to 500.
    limit: usize,
    /// The id after which the page starts (the previous page's `next`).
    after: Option<u64>,
    /// Only this status (`draft`, `active`, `paused`, `completed`, `archived`).
    status: Option<String>,
    /// Only this client (exact, ignoring case).
    client: Option<String>,
    /// Only campaigns whose name, client or description contains this (ignoring case).
    text: Option<String>,
) -> Result<CampaignList, AppError> {
    use campaign_ops_core::{CampaignId, CampaignStatus, Role, service::CampaignFilter};
    crate::server::context::call_as(Role::Viewer, move |ops, _| {
        let mut filter = CampaignFilter::default();
        filter.status = non_blank(status)
            .map(|s| s.parse::<CampaignStatus>())
            .transpose()?;
        filter.client = non_blank(client);
        filter.text = non_blank(text);
        let page = ops.list_campaigns(&filter, limit, after.map(CampaignId))?;
        Ok(CampaignList {
            items: page.items.iter().map(CampaignRow::from).collect(),
            total: page.total,
            next: page.next.map(|id| id.0),
        })
    })
    .await
}

/// Creates a campaign (status Draft) from the dashboard's form: the objective and platforms
/// as their keys (`lead_generation`; `linkedin`, `x`, ...), dates as `YYYY-MM-DD`. Bad
/// input is an [`AppError::Validation`] naming the form field. On success the browser goes
/// to the new campaign's edit page.
#[server]
#[allow(clippy::too_many_arguments)]
pub async fn create_campaign(
    /// The campaign's unique name.
    name: String,
    /// The client.
    client_name: String,
    /// The objective's key, e.g. `lead_generation`.
    objective: String,
    /// The platforms' keys (`linkedin`, `instagram`, `x`, `email`); none when no box is
    /// checked.
    platforms: Option<Vec<String>>,
    /// The first day, `YYYY-MM-DD`.
    start_date: String,
    /// The IANA time zone, e.g. `Europe/Berlin`.
    time_zone: String,
    /// The last day, `YYYY-MM-DD`; blank for open-ended.
    end_date: Option<String>,
    /// What the campaign is about.
    description: Option<String>,
    /// The call to action; blank for none.
    primary_cta: Option<String>,
) -> Result<CampaignRow, AppError> {
    use campaign_ops_core::Role;
    use campaign_ops_core::service::NewCampaign;
    let created = crate::server::context::call_as(Role::Operator, move |ops, caller| {
        let objective = parse::objective(&objective)?;
        let platforms = parse::platforms(platforms)?;
        let start_date = parse::date("start_date", &start_date)?;
        let mut new = NewCampaign::new(
            name,
            client_name,
            objective,
            platforms,
            start_date,
            time_zone.trim(),
        );
        new.end_date = parse::optional_date("end_date", end_date)?;
        new.description = description.unwrap_or_default();
        new.primary_cta = non_blank(primary_cta);
        let created = ops.create_campaign(&caller.actor, new)?;
        Ok(CampaignRow::from(&created))
    })
    .await?;
    leptos_axum::redirect(&format!("/campaigns/{}/edit?saved=created", created.id));
    Ok(created)
}

/// A campaign's fields for the edit form.
#[server]
pub async fn get_campaign_form(
    /// The campaign's id.
    campaign_id: u64,
) -> Result<CampaignForm, AppError> {
    use campaign_ops_core::{CampaignId, Role};
    crate::server::context::call_as(Role::Viewer, move |ops, _| {
        Ok(CampaignForm::from(
            &ops.get_campaign(CampaignId(campaign_id))?,
        ))
    })
    .await
}

/// Saves the edit form: every field is set to the form's value (blank optional fields
/// clear them). Completed and archived campaigns are read-only. On success the browser
/// comes back to the edit page with a "saved" notice.
#[server]
#[allow(clippy::too_many_arguments)]
pub async fn update_campaign(
    /// The campaign's id.
    campaign_id: u64,
    /// Name.
    name: String,
    /// Client.
    client_name: String,
    /// Objective key.
    objective: String,
    /// Platform keys.
    platforms: Option<Vec<String>>,
    /// First day, `YYYY-MM-DD`.
    start_date: String,
    /// IANA time zone.
    time_zone: String,
    /// Last day; blank for open-ended.
    end_date: Option<String>,
    /// Description.
    description: Option<String>,
    /// Call to action; blank for none.
    primary_cta: Option<String>,
) -> Result<CampaignForm, AppError> {
    use campaign_ops_core::service::CampaignUpdate;
    use campaign_ops_core::{CampaignId, Role};
    let saved = crate::server::context::call_as(Role::Operator, move |ops, caller| {
        let mut update = CampaignUpdate::default();
        update.name = Some(name);
        update.client_name = Some(client_name);
        update.objective = Some(parse::objective(&objective)?);
        update.platforms = Some(parse::platforms(platforms)?);
        update.start_date = Some(parse::date("start_date", &start_date)?);
        update.end_date = Some(parse::optional_date("end_date", end_date)?);
        update.time_zone = Some(time_zone.trim().to_owned());
        update.description = Some(description.unwrap_or_default());
        update.primary_cta = Some(non_blank(primary_cta));
        let c = ops.update_campaign(&caller.actor, CampaignId(campaign_id), update)?;
        Ok(CampaignForm::from(&c))
    })
    .await?;
    leptos_axum::redirect(&format!("/campaigns/{}/edit?saved=1", saved.id));
    Ok(saved)
}

/// Moves a campaign through its lifecycle: `to` is `activate` (Draft → Active), `pause`
/// (Active → Paused, with an optional `reason`), `resume` (Paused → Active), `complete`
/// (Active or Paused → Completed) or `archive` (Draft or Completed → Archived). A move the
/// status machine does not allow is refused ([`AppError::Refused`]); the error names the
/// campaign, as the list shows one set of buttons per campaign.
#[server]
pub async fn change_campaign_status(
    /// The campaign's id.
    campaign_id: u64,
    /// The move: `activate`, `pause`, `resume`, `complete` or `archive`.
    to: String,
    /// Why (pausing only); blank for none.
    reason: Option<String>,
) -> Result<CampaignRow, ScopedError> {
    use campaign_ops_core::{CampaignId, Error, Role};
    crate::server::context::call_as(Role::Operator, move |ops, caller| {
        let (id, actor) = (CampaignId(campaign_id), &caller.actor);
        let moved = match to.trim() {
            "activate" => ops.activate_campaign(actor, id)?,
            "pause" => ops.pause_campaign(actor, id, non_blank(reason).as_deref())?,
            "resume" => ops.resume_campaign(actor, id)?,
            "complete" => ops.complete_campaign(actor, id)?,
            "archive" => ops.archive_campaign(actor, id)?,
            other => {
                return Err(Error::validation(
                    "to",
                    format!(
                        "unknown move '{other}' (expected activate, pause, resume, complete or archive)"
                    ),
                ));
            }
        };
        Ok(CampaignRow::from(&moved))
    })
    .await
    .map_err(|e| ScopedError::new(campaign_id, e))
}
