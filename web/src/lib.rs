//! campaign-ops-web: the operator dashboard. Filled by the dashboard issue.
