//! The lifecycle buttons of a campaign: one small form per move the status machine allows
//! from its status (the server refuses the others too), each posting `campaign_id` and
//! `to` to [`change_campaign_status`](crate::api::change_campaign_status).

use leptos::prelude::*;

use crate::api::{CAMPAIGN_MOVES, ChangeCampaignStatus};

/// The buttons of campaign `id` for the allowed `moves`; `with_reason` adds the optional
/// reason field to Pause (the edit page has room for it, the list does not).
#[component]
pub(super) fn StatusButtons(
    id: u64,
    moves: Vec<String>,
    action: ServerAction<ChangeCampaignStatus>,
    with_reason: bool,
) -> impl IntoView {
    let error = Signal::derive(move || {
        action
            .value()
            .get()
            .and_then(Result::err)
            .and_then(|e| e.for_record(id).cloned())
    });
    view! {
        <div class="status-buttons">
            {CAMPAIGN_MOVES
                .iter()
                .filter(|(key, _)| moves.iter().any(|m| m == key))
                .map(|(key, label)| {
                    view! {
                        <ActionForm action attr:class="inline" attr:id=format!("{key}-{id}")>
                            <input type="hidden" name="campaign_id" value=id/>
                            <input type="hidden" name="to" value=*key/>
                            {(with_reason && *key == "pause")
                                .then(|| {
                                    view! {
                                        <label>"Reason (optional)" <input type="text" name="reason"/></label>
                                    }
                                })}
                            <button type="submit" class=format!("move move-{key}")>{*label}</button>
                        </ActionForm>
                    }
                })
                .collect_view()}
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! { <p class="error" id=format!("status-{id}-error") role="alert">{e.to_string()}</p> }
                    })
            }}
        </div>
    }
}
