//! The registry: every action of the program, by name, each enabled or disabled.
//!
//! Built once at start from the specs submitted with `inventory` ([`Registry::build`]), or
//! from an explicit list where inventory does not reach ([`Registry::from_specs`],
//! [`Registry::register`]), plus handlers a host builds at run time around state of its own
//! ([`Registry::register_handler`]). Two actions of one name are a startup error, never
//! resolved by picking one. Every action starts enabled; a host disables what it does not
//! want.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::Arc;

use chrono_tz::Tz;

use crate::context::ActionContext;
use crate::error::{ActionError, RegistryError};
use crate::schedule::Schedule;
use crate::spec::{ActionHandler, ActionReport, ActionSpec};

/// An action as the registry holds it: name, schedule and zone, and its handler (a spec's
/// function or a host's [`ActionHandler`] object).
#[derive(Clone)]
pub struct RegisteredAction {
    /// Unique name: letters, digits and `_` (it keys the ledger).
    pub name: &'static str,
    /// When it is due.
    pub schedule: Schedule,
    /// The zone the schedule is read in; `None` uses the daemon's zone.
    pub zone: Option<Tz>,
    handler: Arc<dyn ActionHandler>,
}

impl RegisteredAction {
    /// The handler.
    pub fn handler(&self) -> &dyn ActionHandler {
        self.handler.as_ref()
    }

    /// Runs the handler on `ctx`.
    pub fn run(&self, ctx: &ActionContext<'_>) -> Result<ActionReport, ActionError> {
        self.handler.run(ctx)
    }
}

impl From<ActionSpec> for RegisteredAction {
    fn from(spec: ActionSpec) -> Self {
        Self {
            name: spec.name,
            schedule: spec.schedule,
            zone: spec.zone,
            handler: Arc::new(spec.run),
        }
    }
}

impl fmt::Debug for RegisteredAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RegisteredAction")
            .field("name", &self.name)
            .field("schedule", &self.schedule)
            .field("zone", &self.zone)
            .finish_non_exhaustive()
    }
}

/// Actions by name, with the set of enabled ones.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    actions: BTreeMap<&'static str, RegisteredAction>,
    disabled: BTreeSet<&'static str>,
}

impl Registry {
    /// An empty registry (register specs explicitly).
    pub fn empty() -> Self {
        Self::default()
    }

    /// Every spec submitted with `inventory::submit!` in the program, all enabled.
    ///
    /// With the feature `campaign-ops` this references the campaign handlers' module, so the
    /// linker keeps their submissions even when nothing else names them.
    pub fn build() -> Result<Self, RegistryError> {
        crate::link();
        Self::from_specs(inventory::iter::<ActionSpec>.into_iter().copied())
    }

    /// A registry of exactly `specs`, all enabled.
    pub fn from_specs(specs: impl IntoIterator<Item = ActionSpec>) -> Result<Self, RegistryError> {
        let mut registry = Self::empty();
        for spec in specs {
            registry.register(spec)?;
        }
        Ok(registry)
    }

    /// Adds `spec` (enabled): the explicit registration path.
    pub fn register(&mut self, spec: ActionSpec) -> Result<(), RegistryError> {
        self.insert(spec.into())
    }

    /// Adds an action (enabled) whose handler is an object: for handlers a host builds at
    /// run time around state of its own. `zone` `None` reads `schedule` in the daemon's
    /// zone. A name made at run time can be given a `'static` life with `String::leak`
    /// (registries are built once per process).
    pub fn register_handler(
        &mut self,
        name: &'static str,
        schedule: Schedule,
        zone: Option<Tz>,
        handler: Arc<dyn ActionHandler>,
    ) -> Result<(), RegistryError> {
        self.insert(RegisteredAction {
            name,
            schedule,
            zone,
            handler,
        })
    }

    fn insert(&mut self, action: RegisteredAction) -> Result<(), RegistryError> {
        let valid = !action.name.is_empty()
            && action
                .name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            return Err(RegistryError::InvalidName {
                name: action.name.to_owned(),
            });
        }
        if let Schedule::Hourly { minute } = action.schedule
            && minute > 59
        {
            return Err(RegistryError::InvalidSchedule {
                name: action.name.to_owned(),
                rule: format!("an hourly minute is 0 to 59 (got {minute})"),
            });
        }
        if self.actions.contains_key(action.name) {
            return Err(RegistryError::DuplicateAction {
                name: action.name.to_owned(),
            });
        }
        self.actions.insert(action.name, action);
        Ok(())
    }

    /// Enables the action `name`.
    pub fn enable(&mut self, name: &str) -> Result<(), RegistryError> {
        let name = self.known(name)?;
        self.disabled.remove(name);
        Ok(())
    }

    /// Disables the action `name`: the daemon neither schedules nor retries it (its ledger
    /// records stay as they are).
    pub fn disable(&mut self, name: &str) -> Result<(), RegistryError> {
        let name = self.known(name)?;
        self.disabled.insert(name);
        Ok(())
    }

    /// Enables only the actions in `names`, disabling all others.
    pub fn enable_only(&mut self, names: &[&str]) -> Result<(), RegistryError> {
        let keep = names
            .iter()
            .map(|n| self.known(n))
            .collect::<Result<BTreeSet<_>, _>>()?;
        self.disabled = self
            .actions
            .keys()
            .copied()
            .filter(|n| !keep.contains(n))
            .collect();
        Ok(())
    }

    /// The action named `name`.
    pub fn get(&self, name: &str) -> Option<&RegisteredAction> {
        self.actions.get(name)
    }

    /// Whether `name` is registered and enabled.
    pub fn is_enabled(&self, name: &str) -> bool {
        self.actions.contains_key(name) && !self.disabled.contains(name)
    }

    /// All registered names, ascending.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.actions.keys().copied()
    }

    /// The enabled actions, ascending name.
    pub fn enabled(&self) -> impl Iterator<Item = &RegisteredAction> + '_ {
        self.actions
            .values()
            .filter(|s| !self.disabled.contains(s.name))
    }

    fn known(&self, name: &str) -> Result<&'static str, RegistryError> {
        self.actions
            .get_key_value(name)
            .map(|(k, _)| *k)
            .ok_or_else(|| RegistryError::UnknownAction {
                name: name.to_owned(),
                known: self.names().collect::<Vec<_>>().join(", "),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ActionContext, ActionError, ActionReport, Schedule};

    fn noop(_: &ActionContext<'_>) -> Result<ActionReport, ActionError> {
        Ok(ActionReport::new("noop"))
    }

    const A: ActionSpec = ActionSpec::new("A_ONE", Schedule::daily(1, 0), noop);
    const B: ActionSpec = ActionSpec::new("B_TWO", Schedule::hourly(0), noop);

    #[test]
    fn duplicate_names_are_a_startup_error() {
        let err = Registry::from_specs([A, B, A]).unwrap_err();
        assert_eq!(
            err,
            RegistryError::DuplicateAction {
                name: "A_ONE".into()
            }
        );
    }

    #[test]
    fn names_must_key_the_ledger() {
        for bad in ["", "TWO WORDS", "ÄCTION", "A-B"] {
            let spec = ActionSpec::new(bad, Schedule::daily(1, 0), noop);
            assert!(matches!(
                Registry::from_specs([spec]),
                Err(RegistryError::InvalidName { .. })
            ));
        }
    }

    /// A handler built at run time around its own state.
    struct Counter(std::sync::atomic::AtomicU32);

    impl ActionHandler for Counter {
        fn run(&self, _: &ActionContext<'_>) -> Result<ActionReport, ActionError> {
            let n = self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Ok(ActionReport::new(format!("run {n}")))
        }
    }

    #[test]
    fn handler_objects_register_beside_specs_under_the_same_rules() {
        let mut r = Registry::from_specs([A]).unwrap();
        let counter = Arc::new(Counter(Default::default()));
        r.register_handler(
            "C_OBJECT",
            Schedule::hourly(5),
            Some(Tz::Europe__Berlin),
            counter,
        )
        .unwrap();
        let greeting = String::from("hi");
        let closure = move |_: &ActionContext<'_>| Ok(ActionReport::new(greeting.clone()));
        r.register_handler("D_CLOSURE", Schedule::daily(2, 0), None, Arc::new(closure))
            .unwrap();
        assert_eq!(
            r.names().collect::<Vec<_>>(),
            ["A_ONE", "C_OBJECT", "D_CLOSURE"]
        );
        let c = r.get("C_OBJECT").unwrap();
        assert_eq!(
            (c.schedule, c.zone),
            (Schedule::hourly(5), Some(Tz::Europe__Berlin))
        );
        let dup = r.register_handler("A_ONE", Schedule::hourly(0), None, Arc::new(noop));
        assert_eq!(
            dup.unwrap_err(),
            RegistryError::DuplicateAction {
                name: "A_ONE".into()
            }
        );
        let bad = r.register_handler("NO SPACES", Schedule::hourly(0), None, Arc::new(noop));
        assert!(matches!(bad, Err(RegistryError::InvalidName { .. })));
        r.disable("C_OBJECT").unwrap();
        assert_eq!(
            r.enabled().map(|a| a.name).collect::<Vec<_>>(),
            ["A_ONE", "D_CLOSURE"]
        );
    }

    #[test]
    fn enable_and_disable_by_name() {
        let mut r = Registry::from_specs([A, B]).unwrap();
        assert!(r.is_enabled("A_ONE") && r.is_enabled("B_TWO"));
        r.disable("A_ONE").unwrap();
        assert!(!r.is_enabled("A_ONE"));
        assert_eq!(r.enabled().map(|s| s.name).collect::<Vec<_>>(), ["B_TWO"]);
        r.enable("A_ONE").unwrap();
        assert!(r.is_enabled("A_ONE"));
        r.enable_only(&["B_TWO"]).unwrap();
        assert_eq!(r.enabled().map(|s| s.name).collect::<Vec<_>>(), ["B_TWO"]);
        let err = r.disable("NOPE").unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown action NOPE (registered: A_ONE, B_TWO)"
        );
        assert!(r.enable_only(&["B_TWO", "NOPE"]).is_err());
        assert!(!r.is_enabled("NOPE"));
    }

    #[test]
    fn build_collects_inventory_and_the_feature_decides_the_campaign_handlers() {
        let r = Registry::build().unwrap();
        let names: Vec<_> = r.names().collect();
        for name in crate::CAMPAIGN_ACTIONS {
            assert_eq!(
                names.contains(&name),
                cfg!(feature = "campaign-ops"),
                "{name} in {names:?}"
            );
        }
    }
}
