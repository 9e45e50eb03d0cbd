//! The registry: every [`ActionSpec`] of the program, by name, each enabled or disabled.
//!
//! Built once at start from the specs submitted with `inventory` ([`Registry::build`]), or
//! from an explicit list where inventory does not reach ([`Registry::from_specs`],
//! [`Registry::register`]). Two specs of one name are a startup error, never resolved by
//! picking one. Every action starts enabled; a host disables what it does not want.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::RegistryError;
use crate::spec::ActionSpec;

/// Actions by name, with the set of enabled ones.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    specs: BTreeMap<&'static str, ActionSpec>,
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
        let valid = !spec.name.is_empty()
            && spec
                .name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            return Err(RegistryError::InvalidName {
                name: spec.name.to_owned(),
            });
        }
        if self.specs.contains_key(spec.name) {
            return Err(RegistryError::DuplicateAction {
                name: spec.name.to_owned(),
            });
        }
        self.specs.insert(spec.name, spec);
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
            .specs
            .keys()
            .copied()
            .filter(|n| !keep.contains(n))
            .collect();
        Ok(())
    }

    /// The spec named `name`.
    pub fn get(&self, name: &str) -> Option<&ActionSpec> {
        self.specs.get(name)
    }

    /// Whether `name` is registered and enabled.
    pub fn is_enabled(&self, name: &str) -> bool {
        self.specs.contains_key(name) && !self.disabled.contains(name)
    }

    /// All registered names, ascending.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.specs.keys().copied()
    }

    /// The enabled specs, ascending name.
    pub fn enabled(&self) -> impl Iterator<Item = &ActionSpec> + '_ {
        self.specs
            .values()
            .filter(|s| !self.disabled.contains(s.name))
    }

    fn known(&self, name: &str) -> Result<&'static str, RegistryError> {
        self.specs
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
