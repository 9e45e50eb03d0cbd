//! The bad-input table (issue 10): every row is one call with input that must be refused,
//! the typed error it must return (for a validation error: the field it names and words
//! of the rule), and the checks every row gets: no panic, the store unchanged (its logical
//! dump and the redb file's bytes), and an error message that neither echoes a megabyte of
//! input back nor carries control or bidi characters.
//!
//! Rows live in one module per area; `world.rs` builds the one store they all run against.

mod campaign_rows;
mod clock_rows;
mod harness;
mod metric_rows;
mod misc_rows;
mod task_rows;
mod text_rows;
mod world;

use harness::{Row, run_table};

/// Every row of every area, in one list (so the count is checked in one place).
fn all_rows() -> Vec<Row> {
    let mut rows = Vec::new();
    rows.extend(campaign_rows::rows());
    rows.extend(text_rows::rows());
    rows.extend(task_rows::rows());
    rows.extend(metric_rows::rows());
    rows.extend(clock_rows::rows());
    rows.extend(misc_rows::rows());
    rows
}

#[test]
fn every_bad_input_is_refused_with_a_typed_error_and_changes_nothing() {
    let rows = all_rows();
    assert!(rows.len() >= 80, "only {} bad inputs", rows.len());
    run_table(rows);
}

/// A schedule built from its public fields with a minute its constructor refuses: the
/// registry refuses it by name, instead of the daemon panicking when it looks for the
/// next due time.
#[test]
fn a_schedule_built_past_its_constructor_is_refused_at_registration() {
    use campaign_ops::actions::{ActionReport, ActionSpec, Registry, RegistryError, Schedule};
    let spec = ActionSpec::new("BAD_MINUTE", Schedule::Hourly { minute: 75 }, |_| {
        Ok(ActionReport::new("never runs"))
    });
    let err = Registry::from_specs([spec]).unwrap_err();
    assert!(
        matches!(&err, RegistryError::InvalidSchedule { name, rule }
            if name == "BAD_MINUTE" && rule.contains("0 to 59")),
        "{err:?}"
    );
}
