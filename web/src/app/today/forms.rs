//! A task's move forms: Start, Complete (outcome, proof, metrics), Fail, Block, Skip.
//! Each is an `ActionForm`, a real `<form>` posting `task_id` and its fields by the names
//! the server function takes, so it works before the WASM has loaded; the forms with
//! fields sit in a `<details>` that opens itself when the move failed, with each field's
//! error next to the field.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::api::{
    AppError, BlockTask, CompleteTask, FailTask, METRIC_FIELDS, ScopedError, SkipTask, StartTask,
    TaskMoved,
};

/// The last error of `action` if it is about task `id`.
fn error_of<S>(action: ServerAction<S>, id: u64) -> Signal<Option<AppError>>
where
    S: ServerFn<Output = TaskMoved, Error = ScopedError> + Clone + Send + Sync + 'static,
{
    Signal::derive(move || {
        action
            .value()
            .get()
            .and_then(Result::err)
            .and_then(|e| e.for_record(id).cloned())
    })
}

/// The error of `field` (ids like `complete-7-proof-error`), if there is one.
fn field_error(
    error: Signal<Option<AppError>>,
    form: &'static str,
    id: u64,
    field: &'static str,
) -> impl IntoView {
    move || {
        error.get().and_then(|e| e.field_message(field)).map(|message| {
            view! {
                <p class="field-error" id=format!("{form}-{id}-{field}-error") role="alert">{message}</p>
            }
        })
    }
}

/// The error that no field of `fields` shows (a refused move, a missing task).
fn form_error(
    error: Signal<Option<AppError>>,
    form: &'static str,
    id: u64,
    fields: &'static [&'static str],
) -> impl IntoView {
    move || {
        error.get().and_then(|e| e.form_message(fields)).map(|message| {
            view! { <p class="error" id=format!("{form}-{id}-error") role="alert">{message}</p> }
        })
    }
}

/// Start: one button.
#[component]
pub(super) fn StartForm(id: u64, action: ServerAction<StartTask>) -> impl IntoView {
    let error = error_of(action, id);
    view! {
        <div class="act act-start">
            <ActionForm action attr:id=format!("start-{id}")>
                <input type="hidden" name="task_id" value=id/>
                <button type="submit">"Start"</button>
            </ActionForm>
            {form_error(error, "start", id, &[])}
        </div>
    }
}

/// Complete: outcome, proof (URL or text), metrics.
#[component]
pub(super) fn CompleteForm(id: u64, action: ServerAction<CompleteTask>) -> impl IntoView {
    let error = error_of(action, id);
    let open = move || error.get().is_some();
    let url_id = format!("complete-{id}-kind-url");
    let text_id = format!("complete-{id}-kind-text");
    view! {
        <details class="act act-complete" open=open>
            <summary>"Complete…"</summary>
            <ActionForm action attr:id=format!("complete-{id}")>
                <input type="hidden" name="task_id" value=id/>
                <label>"Outcome" <textarea name="outcome" rows="2"></textarea></label>
                {field_error(error, "complete", id, "outcome")}
                <fieldset>
                    <legend>"Proof"</legend>
                    <input type="radio" name="proof_kind" value="url" id=url_id.clone() checked/>
                    <label class="check" for=url_id>"Link to the post"</label>
                    <input type="radio" name="proof_kind" value="text" id=text_id.clone()/>
                    <label class="check" for=text_id>"Note"</label>
                    <input type="text" name="proof" aria-label="Proof" placeholder="https://…"/>
                    {field_error(error, "complete", id, "proof_kind")}
                    {field_error(error, "complete", id, "proof")}
                </fieldset>
                <fieldset class="metrics">
                    <legend>"Metrics"</legend>
                    {METRIC_FIELDS
                        .iter()
                        .map(|(key, label)| {
                            let field: &'static str = metric_field(key);
                            view! {
                                <label>
                                    {*label}
                                    <input type="text" inputmode="decimal" name=format!("metrics[{key}]")/>
                                </label>
                                {field_error(error, "complete", id, field)}
                            }
                        })
                        .collect_view()}
                </fieldset>
                {form_error(error, "complete", id, COMPLETE_FIELDS)}
                <button type="submit">"Complete task"</button>
            </ActionForm>
        </details>
    }
}

/// The complete form's fields, as errors name them.
const COMPLETE_FIELDS: &[&str] = &[
    "outcome",
    "proof_kind",
    "proof",
    "metrics.impressions",
    "metrics.reach",
    "metrics.engagements",
    "metrics.clicks",
    "metrics.likes",
    "metrics.comments",
    "metrics.shares",
    "metrics.saves",
    "metrics.conversions",
];

/// `metrics.<key>`, the field an error about that metric names.
fn metric_field(key: &str) -> &'static str {
    COMPLETE_FIELDS
        .iter()
        .find(|f| f.strip_prefix("metrics.") == Some(key))
        .copied()
        .unwrap_or("metrics")
}

/// Fail: the reason (required).
#[component]
pub(super) fn FailForm(id: u64, action: ServerAction<FailTask>) -> impl IntoView {
    let error = error_of(action, id);
    view! {
        <details class="act act-fail" open=move || error.get().is_some()>
            <summary>"Fail…"</summary>
            <ActionForm action attr:id=format!("fail-{id}")>
                <input type="hidden" name="task_id" value=id/>
                <label>"Why did it fail?" <input type="text" name="reason"/></label>
                {field_error(error, "fail", id, "reason")}
                {form_error(error, "fail", id, &["reason"])}
                <button type="submit">"Mark failed"</button>
            </ActionForm>
        </details>
    }
}

/// Block: the reason (required).
#[component]
pub(super) fn BlockForm(id: u64, action: ServerAction<BlockTask>) -> impl IntoView {
    let error = error_of(action, id);
    view! {
        <details class="act act-block" open=move || error.get().is_some()>
            <summary>"Block…"</summary>
            <ActionForm action attr:id=format!("block-{id}")>
                <input type="hidden" name="task_id" value=id/>
                <label>"What blocks it?" <input type="text" name="reason"/></label>
                {field_error(error, "block", id, "reason")}
                {form_error(error, "block", id, &["reason"])}
                <button type="submit">"Mark blocked"</button>
            </ActionForm>
        </details>
    }
}

/// Skip: an optional reason.
#[component]
pub(super) fn SkipForm(id: u64, action: ServerAction<SkipTask>) -> impl IntoView {
    let error = error_of(action, id);
    view! {
        <details class="act act-skip" open=move || error.get().is_some()>
            <summary>"Skip…"</summary>
            <ActionForm action attr:id=format!("skip-{id}")>
                <input type="hidden" name="task_id" value=id/>
                <label>"Why skip it? (optional)" <input type="text" name="reason"/></label>
                {field_error(error, "skip", id, "reason")}
                {form_error(error, "skip", id, &["reason"])}
                <button type="submit">"Skip task"</button>
            </ActionForm>
        </details>
    }
}
