//! Host state for handlers: values the host hands the daemon (an HTTP client, credentials,
//! an outbox path), one per type, that every handler reaches through
//! [`ActionContext::state`](crate::ActionContext::state).
//!
//! Handlers submitted with `inventory::submit!` are plain functions and cannot capture
//! anything, so the daemon carries the host's values for them, keyed by their type: a host
//! defines a type of its own per concern (`struct Outbox(PathBuf)`), which keeps two
//! libraries' values apart and makes a lookup a typed one.
//!
//! ```
//! use campaign_ops_actions::StateMap;
//!
//! struct ApiToken(String);
//!
//! let mut state = StateMap::new();
//! state.insert(ApiToken("secret".into()));
//! assert_eq!(state.get::<ApiToken>().map(|t| t.0.as_str()), Some("secret"));
//! assert!(state.get::<String>().is_none());
//! ```

use std::any::{Any, TypeId, type_name};
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

/// One value of each type, shared by every handler run (read-only: a handler that needs to
/// change something keeps a `Mutex` or an atomic inside its value).
#[derive(Clone, Default)]
pub struct StateMap {
    values: HashMap<TypeId, Entry>,
}

/// A value and its type's name, kept for error messages and `Debug`.
#[derive(Clone)]
struct Entry {
    name: &'static str,
    value: Arc<dyn Any + Send + Sync>,
}

impl StateMap {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// Stores `value` as the map's `T`, replacing (and returning) the one stored before.
    pub fn insert<T: Send + Sync + 'static>(&mut self, value: T) -> Option<Arc<T>> {
        self.insert_shared(Arc::new(value))
    }

    /// Stores a shared `value` as the map's `T` (the host keeps its own handle on it),
    /// replacing (and returning) the one stored before.
    pub fn insert_shared<T: Send + Sync + 'static>(&mut self, value: Arc<T>) -> Option<Arc<T>> {
        let entry = Entry {
            name: type_name::<T>(),
            value,
        };
        let old = self.values.insert(TypeId::of::<T>(), entry)?;
        old.value.downcast().ok()
    }

    /// The map's `T`, if one was stored.
    pub fn get<T: Send + Sync + 'static>(&self) -> Option<&T> {
        self.values
            .get(&TypeId::of::<T>())
            .and_then(|e| e.value.downcast_ref())
    }

    /// A shared handle on the map's `T`, if one was stored.
    pub fn get_shared<T: Send + Sync + 'static>(&self) -> Option<Arc<T>> {
        let entry = self.values.get(&TypeId::of::<T>())?;
        Arc::clone(&entry.value).downcast().ok()
    }

    /// Whether the map holds a `T`.
    pub fn contains<T: Send + Sync + 'static>(&self) -> bool {
        self.values.contains_key(&TypeId::of::<T>())
    }

    /// How many values the map holds.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether the map holds no value.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

impl fmt::Debug for StateMap {
    /// The type names only: values may be secrets and need not be `Debug`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut names: Vec<_> = self.values.values().map(|e| e.name).collect();
        names.sort_unstable();
        f.debug_set().entries(names).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Token(&'static str);

    #[test]
    fn one_value_per_type_replaced_by_a_second_insert() {
        let mut map = StateMap::new();
        assert!(map.is_empty() && map.get::<Token>().is_none());
        assert!(map.insert(Token("a")).is_none());
        map.insert(7u32);
        let old = map.insert(Token("b")).unwrap();
        assert_eq!(*old, Token("a"));
        assert_eq!(map.get::<Token>(), Some(&Token("b")));
        assert_eq!(map.get::<u32>(), Some(&7));
        assert!(map.contains::<u32>() && !map.contains::<u64>());
        assert_eq!(map.len(), 2);
    }

    #[test]
    fn shared_values_are_the_hosts_own_handle() {
        let shared = Arc::new(std::sync::atomic::AtomicU32::new(0));
        let mut map = StateMap::new();
        map.insert_shared(Arc::clone(&shared));
        let got = map.get_shared::<std::sync::atomic::AtomicU32>().unwrap();
        got.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        assert_eq!(shared.load(std::sync::atomic::Ordering::SeqCst), 1);
        assert!(Arc::ptr_eq(&shared, &got));
    }

    #[test]
    fn debug_names_the_types_not_the_values() {
        let mut map = StateMap::new();
        map.insert(Token("secret"));
        let text = format!("{map:?}");
        assert!(text.contains("Token") && !text.contains("secret"), "{text}");
    }
}
