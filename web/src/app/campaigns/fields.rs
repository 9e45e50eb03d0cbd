//! The campaign form's fields, shared by the create and the edit page, each with its error
//! next to it.

use leptos::prelude::*;

use crate::api::{AppError, CampaignForm};

/// Every field of the form, in the names the server functions take (an error about any
/// other field is shown above the form).
pub(super) const FIELDS: [&str; 9] = [
    "name",
    "client_name",
    "objective",
    "description",
    "platforms",
    "start_date",
    "end_date",
    "time_zone",
    "primary_cta",
];

/// Objectives offered in the form: key and label.
const OBJECTIVES: [(&str, &str); 5] = [
    ("awareness", "Awareness"),
    ("engagement", "Engagement"),
    ("lead_generation", "Lead generation"),
    ("conversion", "Conversion"),
    ("retention", "Retention"),
];

/// Platforms offered in the form: key and label.
const PLATFORMS: [(&str, &str); 4] = [
    ("linkedin", "LinkedIn"),
    ("instagram", "Instagram"),
    ("x", "X"),
    ("email", "Email"),
];

/// The values of an empty create form.
pub(super) fn blank() -> CampaignForm {
    CampaignForm {
        id: 0,
        name: String::new(),
        client_name: String::new(),
        objective: "awareness".to_owned(),
        description: String::new(),
        platforms: Vec::new(),
        start_date: String::new(),
        end_date: String::new(),
        time_zone: "UTC".to_owned(),
        primary_cta: String::new(),
        status: "draft".to_owned(),
        editable: true,
        moves: Vec::new(),
    }
}

/// The error above the form: one no field shows.
pub(super) fn form_error(error: Signal<Option<AppError>>) -> impl IntoView {
    move || {
        error
            .get()
            .and_then(|e| e.form_message(&FIELDS))
            .map(|message| view! { <p class="error" id="form-error" role="alert">{message}</p> })
    }
}

/// The fields, filled with `initial`.
#[component]
pub(super) fn CampaignFields(
    initial: CampaignForm,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let field_error = move |field: &'static str| {
        move || {
            error.get().and_then(|e| e.field_message(field)).map(|message| {
                view! { <p class="field-error" id=format!("{field}-error") role="alert">{message}</p> }
            })
        }
    };
    let CampaignForm {
        name,
        client_name,
        objective,
        description,
        platforms,
        start_date,
        end_date,
        time_zone,
        primary_cta,
        ..
    } = initial;
    view! {
        <label>"Name" <input type="text" name="name" autocomplete="off" value=name/></label>
        {field_error("name")}
        <label>"Client" <input type="text" name="client_name" value=client_name/></label>
        {field_error("client_name")}
        <label>
            "Objective"
            <select name="objective">
                {OBJECTIVES
                    .iter()
                    .map(|(key, label)| {
                        view! { <option value=*key selected={objective == *key}>{*label}</option> }
                    })
                    .collect_view()}
            </select>
        </label>
        {field_error("objective")}
        <label>"Description" <textarea name="description" rows="3">{description}</textarea></label>
        {field_error("description")}
        <fieldset>
            <legend>"Platforms"</legend>
            {PLATFORMS
                .iter()
                .map(|(key, label)| {
                    let checked = platforms.iter().any(|p| p == key);
                    view! {
                        <label class="check">
                            <input type="checkbox" name="platforms[]" value=*key checked=checked/>
                            {*label}
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
        {field_error("platforms")}
        <div class="two">
            <div>
                <label>"Start date" <input type="date" name="start_date" value=start_date/></label>
                {field_error("start_date")}
            </div>
            <div>
                <label>"End date (optional)" <input type="date" name="end_date" value=end_date/></label>
                {field_error("end_date")}
            </div>
        </div>
        <label>"Time zone" <input type="text" name="time_zone" value=time_zone/></label>
        {field_error("time_zone")}
        <label>"Call to action (optional)" <input type="text" name="primary_cta" value=primary_cta/></label>
        {field_error("primary_cta")}
    }
}
