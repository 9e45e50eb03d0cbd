//! campaign-ops-actions: the registry of scheduled actions, the campaign handlers (feature
//! `campaign-ops`) and the daemon that runs them. Filled by the action-registry issue.
