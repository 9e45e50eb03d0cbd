//! Planning: the [`Planner`] trait and its deterministic default, and the placement of
//! calendar items into posting windows. Filled by the planning work.
