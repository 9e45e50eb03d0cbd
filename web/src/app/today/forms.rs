//! A task's move forms: Start, Complete (outcome, proof, metrics), Fail, Block, Skip.
//! Each is an `ActionForm`, a real `<form>` posting `task_id` and its fields by the names
//! the server function takes, so it works before the WASM has loaded; the forms with
//! fields sit in a `<details>` that opens itself when the move failed, with each field's
//! error next to the field.

use leptos::prelude::*;

use super::TaskActions;
use crate::api::{
    AppError, BlockTask, CompleteTask, FailTask, METRIC_FIELDS, ScopedError, SkipTask, StartTask,
};

/// One of the open task's moves (and the checklist's tick), naming a slot of [`CardErrors`].
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Move {
    Start,
    Complete,
    Fail,
    Block,
    Skip,
    Tick,
}

/// The last error of each move about one task: one memo per card, which every form and
/// field of the card reads (a signal per form and field cost more than the card's HTML).
#[derive(Clone, Copy)]
pub(super) struct CardErrors(Memo<[Option<AppError>; 6]>);

impl CardErrors {
    /// The errors of `actions` that name task `id`.
    pub(super) fn new(actions: TaskActions, id: u64) -> Self {
        fn about<T>(value: &Option<Result<T, ScopedError>>, id: u64) -> Option<AppError> {
            match value {
                Some(Err(e)) => e.for_record(id).cloned(),
                _ => None,
            }
        }
        Self(Memo::new(move |_| {
            [
                actions.start.value().with(|v| about(v, id)),
                actions.complete.value().with(|v| about(v, id)),
                actions.fail.value().with(|v| about(v, id)),
                actions.block.value().with(|v| about(v, id)),
                actions.skip.value().with(|v| about(v, id)),
                actions.tick.value().with(|v| about(v, id)),
            ]
        }))
    }

    /// The last error of `m`, if it is about this card's task.
    pub(super) fn of(self, m: Move) -> Option<AppError> {
        self.0.with(|all| all[m as usize].clone())
    }

    fn failed(self, m: Move) -> bool {
        self.0.with(|all| all[m as usize].is_some())
    }
}

/// The error of `field` (ids like `complete-7-proof-error`), if there is one.
fn field_error(
    errors: CardErrors,
    m: Move,
    form: &'static str,
    id: u64,
    field: &'static str,
) -> impl IntoView {
    move || {
        errors.of(m).and_then(|e| e.field_message(field)).map(|message| {
            view! {
                <p class="field-error" id=format!("{form}-{id}-{field}-error") role="alert">{message}</p>
            }
        })
    }
}

/// The error that no field of `fields` shows (a refused move, a missing task).
fn form_error(
    errors: CardErrors,
    m: Move,
    form: &'static str,
    id: u64,
    fields: &'static [&'static str],
) -> impl IntoView {
    move || {
        errors.of(m).and_then(|e| e.form_message(fields)).map(|message| {
            view! { <p class="error" id=format!("{form}-{id}-error") role="alert">{message}</p> }
        })
    }
}

/// Start: one button.
#[component]
pub(super) fn StartForm(
    id: u64,
    action: ServerAction<StartTask>,
    errors: CardErrors,
) -> impl IntoView {
    let m = Move::Start;
    view! {
        <div class="act act-start">
            <ActionForm action attr:id=format!("start-{id}")>
                <input type="hidden" name="task_id" value=id/>
                <button type="submit">"Start"</button>
            </ActionForm>
            {form_error(errors, m, "start", id, &[])}
        </div>
    }
}

/// Complete: outcome, proof (URL or text), metrics.
#[component]
pub(super) fn CompleteForm(
    id: u64,
    action: ServerAction<CompleteTask>,
    errors: CardErrors,
) -> impl IntoView {
    let m = Move::Complete;
    let open = move || errors.failed(m);
    let url_id = format!("complete-{id}-kind-url");
    let text_id = format!("complete-{id}-kind-text");
    view! {
        <details class="act act-complete" open=open>
            <summary>"Complete…"</summary>
            <ActionForm action attr:id=format!("complete-{id}")>
                <input type="hidden" name="task_id" value=id/>
                <label>"Outcome" <textarea name="outcome" rows="2"></textarea></label>
                {field_error(errors, m, "complete", id, "outcome")}
                <fieldset>
                    <legend>"Proof"</legend>
                    <input type="radio" name="proof_kind" value="url" id=url_id.clone() checked/>
                    <label class="check" for=url_id>"Link to the post"</label>
                    <input type="radio" name="proof_kind" value="text" id=text_id.clone()/>
                    <label class="check" for=text_id>"Note"</label>
                    <input type="text" name="proof" aria-label="Proof" placeholder="https://…"/>
                    {field_error(errors, m, "complete", id, "proof_kind")}
                    {field_error(errors, m, "complete", id, "proof")}
                </fieldset>
                <fieldset class="metrics">
                    <legend>"Metrics"</legend>
                    {METRIC_FIELDS
                        .iter()
                        .map(|(key, label)| {
                            let field: &'static str = metric_field(key);
                            // The error stays in its field's grid cell, under the input.
                            view! {
                                <div class="metric">
                                    <label>
                                        {*label}
                                        <input type="text" inputmode="decimal" name=format!("metrics[{key}]")/>
                                    </label>
                                    {field_error(errors, m, "complete", id, field)}
                                </div>
                            }
                        })
                        .collect_view()}
                </fieldset>
                {form_error(errors, m, "complete", id, COMPLETE_FIELDS)}
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
pub(super) fn FailForm(
    id: u64,
    action: ServerAction<FailTask>,
    errors: CardErrors,
) -> impl IntoView {
    let m = Move::Fail;
    view! {
        <details class="act act-fail" open=move || errors.failed(m)>
            <summary>"Fail…"</summary>
            <ActionForm action attr:id=format!("fail-{id}")>
                <input type="hidden" name="task_id" value=id/>
                <label>"Why did it fail?" <input type="text" name="reason"/></label>
                {field_error(errors, m, "fail", id, "reason")}
                {form_error(errors, m, "fail", id, &["reason"])}
                <button type="submit">"Mark failed"</button>
            </ActionForm>
        </details>
    }
}

/// Block: the reason (required).
#[component]
pub(super) fn BlockForm(
    id: u64,
    action: ServerAction<BlockTask>,
    errors: CardErrors,
) -> impl IntoView {
    let m = Move::Block;
    view! {
        <details class="act act-block" open=move || errors.failed(m)>
            <summary>"Block…"</summary>
            <ActionForm action attr:id=format!("block-{id}")>
                <input type="hidden" name="task_id" value=id/>
                <label>"What blocks it?" <input type="text" name="reason"/></label>
                {field_error(errors, m, "block", id, "reason")}
                {form_error(errors, m, "block", id, &["reason"])}
                <button type="submit">"Mark blocked"</button>
            </ActionForm>
        </details>
    }
}

/// Skip: an optional reason.
#[component]
pub(super) fn SkipForm(
    id: u64,
    action: ServerAction<SkipTask>,
    errors: CardErrors,
) -> impl IntoView {
    let m = Move::Skip;
    view! {
        <details class="act act-skip" open=move || errors.failed(m)>
            <summary>"Skip…"</summary>
            <ActionForm action attr:id=format!("skip-{id}")>
                <input type="hidden" name="task_id" value=id/>
                <label>"Why skip it? (optional)" <input type="text" name="reason"/></label>
                {field_error(errors, m, "skip", id, "reason")}
                {form_error(errors, m, "skip", id, &["reason"])}
                <button type="submit">"Skip task"</button>
            </ActionForm>
        </details>
    }
}
