//! The create page (`/campaigns/new`) and the edit page (`/campaigns/:id/edit`, with the
//! lifecycle buttons). Both forms are `ActionForm`s that work before the WASM has loaded;
//! on success the server sends the browser to the edit page with a notice.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::fields::{CampaignFields, blank, form_error};
use super::status::StatusButtons;
use crate::api::{
    AppError, CampaignForm, ChangeCampaignStatus, CreateCampaign, UpdateCampaign, get_campaign_form,
};

/// The create-campaign page.
#[component]
pub fn NewCampaignPage() -> impl IntoView {
    let hydrated = crate::app::hydrated();
    let create = ServerAction::<CreateCampaign>::new();
    let error = Signal::derive(move || create.value().get().and_then(Result::err));
    view! {
        <main class="page" data-hydrated=move || hydrated.get().to_string()>
            <p class="back"><a href="/campaigns">"← Campaigns"</a></p>
            <h1>"New campaign"</h1>
            <section class="form-card">
                {form_error(error)}
                <ActionForm action=create attr:id="create-campaign">
                    <CampaignFields initial=blank() error/>
                    <button type="submit">"Create campaign"</button>
                </ActionForm>
            </section>
        </main>
    }
}

/// The edit page of one campaign.
#[component]
pub fn EditCampaignPage() -> impl IntoView {
    let hydrated = crate::app::hydrated();
    let params = use_params_map();
    let query = use_query_map();
    let update = ServerAction::<UpdateCampaign>::new();
    let moves = ServerAction::<ChangeCampaignStatus>::new();
    let id = move || params.read().get("id").and_then(|s| s.parse::<u64>().ok());
    let campaign = Resource::new(
        move || (id(), update.version().get(), moves.version().get()),
        |(id, _, _)| async move {
            match id {
                Some(id) => get_campaign_form(id).await,
                None => Err(AppError::NotFound("no such campaign".to_owned())),
            }
        },
    );
    let notice = move || match query.read().get("saved").as_deref() {
        Some("created") => Some("Campaign created."),
        Some(_) => Some("Saved."),
        None => None,
    };
    view! {
        <main class="page" data-hydrated=move || hydrated.get().to_string()>
            <p class="back"><a href="/campaigns">"← Campaigns"</a></p>
            <Suspense fallback=|| view! { <p>"Loading the campaign…"</p> }>
                {move || Suspend::new(async move {
                    match campaign.await {
                        Ok(c) => view! { <EditForm c update moves notice=notice()/> }.into_any(),
                        Err(e) => {
                            view! {
                                <h1>"Campaign"</h1>
                                <crate::app::LoadError error=e id="load-error"/>
                            }
                                .into_any()
                        }
                    }
                })}
            </Suspense>
        </main>
    }
}

/// The edit form with the campaign's status and lifecycle buttons.
#[component]
fn EditForm(
    c: CampaignForm,
    update: ServerAction<UpdateCampaign>,
    moves: ServerAction<ChangeCampaignStatus>,
    notice: Option<&'static str>,
) -> impl IntoView {
    let error = Signal::derive(move || update.value().get().and_then(Result::err));
    let (id, editable) = (c.id, c.editable);
    let (title, status, allowed) = (
        format!("Edit “{}”", c.name),
        c.status.clone(),
        c.moves.clone(),
    );
    view! {
        <div class="title-row">
            <h1>{title}</h1>
            <span class=format!("status status-{status}") id="campaign-status">{status.clone()}</span>
        </div>
        <p><a href=format!("/campaigns/{id}")>"Open the campaign’s plan, calendar and tasks →"</a></p>
        {notice.map(|n| view! { <p class="created" id="saved" role="status">{n}</p> })}
        <section class="lifecycle" aria-label="Status">
            <StatusButtons id moves=allowed action=moves with_reason=true/>
        </section>
        <section class="form-card">
            {form_error(error)}
            {(!editable).then(|| view! { <p class="note">"Completed and archived campaigns are read-only."</p> })}
            <ActionForm action=update attr:id="edit-campaign">
                <input type="hidden" name="campaign_id" value=id/>
                <fieldset class="plain" disabled={!editable}>
                    <CampaignFields initial=c error/>
                    <button type="submit">"Save changes"</button>
                </fieldset>
            </ActionForm>
        </section>
    }
}
