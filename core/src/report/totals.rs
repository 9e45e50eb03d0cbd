//! Summing metric entries: raw totals per [`MetricKind`], the engagements figure and the
//! engagement rate.
//!
//! Every entry adds to its kind's total; nothing is ever overwritten (the system this
//! replaces let a later weekly value replace an earlier one).

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

use crate::model::{MetricEntry, MetricKind, Platform, TaskId};

/// The sum of the reported values of each [`MetricKind`], exactly as entered. A kind with no
/// entry is 0.
///
/// Every kind is summed alike: `reach` is therefore the sum of the reach values reported,
/// not a count of distinct people.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct KindTotals {
    /// Sum of [`MetricKind::Impressions`].
    pub impressions: f64,
    /// Sum of [`MetricKind::Reach`].
    pub reach: f64,
    /// Sum of [`MetricKind::Engagements`] as reported (see [`MetricTotals::total_engagements`]
    /// for the figure rates use).
    pub engagements: f64,
    /// Sum of [`MetricKind::Clicks`].
    pub clicks: f64,
    /// Sum of [`MetricKind::Likes`].
    pub likes: f64,
    /// Sum of [`MetricKind::Comments`].
    pub comments: f64,
    /// Sum of [`MetricKind::Shares`].
    pub shares: f64,
    /// Sum of [`MetricKind::Saves`].
    pub saves: f64,
    /// Sum of [`MetricKind::Conversions`].
    pub conversions: f64,
}

impl KindTotals {
    /// The total of one kind.
    pub fn get(&self, kind: MetricKind) -> f64 {
        match kind {
            MetricKind::Impressions => self.impressions,
            MetricKind::Reach => self.reach,
            MetricKind::Engagements => self.engagements,
            MetricKind::Clicks => self.clicks,
            MetricKind::Likes => self.likes,
            MetricKind::Comments => self.comments,
            MetricKind::Shares => self.shares,
            MetricKind::Saves => self.saves,
            MetricKind::Conversions => self.conversions,
        }
    }

    /// Sets the sum of `kind` to `value` (a stored total read back exactly).
    pub fn set(&mut self, kind: MetricKind, value: f64) {
        *self.slot(kind) = value;
    }

    fn slot(&mut self, kind: MetricKind) -> &mut f64 {
        match kind {
            MetricKind::Impressions => &mut self.impressions,
            MetricKind::Reach => &mut self.reach,
            MetricKind::Engagements => &mut self.engagements,
            MetricKind::Clicks => &mut self.clicks,
            MetricKind::Likes => &mut self.likes,
            MetricKind::Comments => &mut self.comments,
            MetricKind::Shares => &mut self.shares,
            MetricKind::Saves => &mut self.saves,
            MetricKind::Conversions => &mut self.conversions,
        }
    }

    /// Adds `value` to the total of `kind`.
    pub fn add(&mut self, kind: MetricKind, value: f64) {
        *self.slot(kind) += value;
    }

    /// likes + comments + shares + saves + clicks: the interactions that make up
    /// engagements when a source does not report them as one number.
    pub fn component_engagements(&self) -> f64 {
        self.likes + self.comments + self.shares + self.saves + self.clicks
    }
}

/// Aggregated metrics of a set of entries (a week, a platform, a whole campaign).
///
/// # Engagements
/// An entry's *source* is its platform and task (either may be absent). For each source,
/// its engagements are the sum of its [`MetricKind::Engagements`] entries if it has at
/// least one, otherwise the sum of its likes, comments, shares, saves and clicks.
/// [`Self::total_engagements`] is the sum over sources. Deciding per source means that a
/// post reporting both the total and its parts is not counted twice, and that one platform
/// reporting a total does not hide another platform's parts.
///
/// # Engagement rate
/// `engagement_rate = total_engagements / by_kind.impressions`, a fraction (0.031 is
/// 3.1 %), and `None` when impressions are 0 (never NaN or infinite).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct MetricTotals {
    /// Number of metric entries summed.
    pub entries: u32,
    /// Sum of each kind as reported.
    pub by_kind: KindTotals,
    /// Engagements used for rates and rankings (see the type's docs).
    pub total_engagements: f64,
    /// `total_engagements / impressions`; `None` when impressions are 0.
    pub engagement_rate: Option<f64>,
}

impl MetricTotals {
    /// Sums `entries` (see the type's docs for engagements and the rate).
    pub fn from_entries<'a>(entries: impl IntoIterator<Item = &'a MetricEntry>) -> Self {
        let mut totals = MetricTotals::default();
        // Sources in a BTreeMap: the engagements sum then adds up in a fixed order.
        let mut sources: BTreeMap<(Option<Platform>, Option<TaskId>), KindTotals> = BTreeMap::new();
        let mut reports_total = BTreeSet::new();
        for entry in entries {
            totals.entries += 1;
            totals.by_kind.add(entry.kind, entry.value);
            let source = (entry.platform, entry.task_id);
            sources
                .entry(source)
                .or_default()
                .add(entry.kind, entry.value);
            if entry.kind == MetricKind::Engagements {
                reports_total.insert(source);
            }
        }
        totals.total_engagements = sources
            .iter()
            .map(|(source, sums)| {
                if reports_total.contains(source) {
                    sums.engagements
                } else {
                    sums.component_engagements()
                }
            })
            // Not `sum()`: an empty f64 sum is -0.0, which reports print as "-0".
            .fold(0.0, |total, e| total + e);
        totals.engagement_rate = rate(totals.total_engagements, totals.by_kind.impressions);
        totals
    }
}

/// `part / whole`, or `None` unless `whole` is positive (so never NaN or infinite).
pub(crate) fn rate(part: f64, whole: f64) -> Option<f64> {
    (whole > 0.0).then(|| part / whole)
}

/// Totals per platform of `entries`: every platform in `always` (zero totals when it has no
/// entry) and every platform an entry names. Entries without a platform are left out here;
/// they count only in overall totals.
pub(crate) fn per_platform(
    entries: &[&MetricEntry],
    always: &[Platform],
) -> BTreeMap<Platform, MetricTotals> {
    let named: BTreeSet<Platform> = always
        .iter()
        .copied()
        .chain(entries.iter().filter_map(|e| e.platform))
        .collect();
    named
        .into_iter()
        .map(|p| {
            let totals = MetricTotals::from_entries(
                entries.iter().copied().filter(|e| e.platform == Some(p)),
            );
            (p, totals)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::test_support::metric;

    #[test]
    fn same_kind_sums_never_overwrites() {
        let entries = [
            metric(
                1,
                Some(Platform::LinkedIn),
                None,
                MetricKind::Impressions,
                1000.0,
            ),
            metric(
                2,
                Some(Platform::LinkedIn),
                None,
                MetricKind::Impressions,
                500.0,
            ),
            metric(3, Some(Platform::LinkedIn), None, MetricKind::Likes, 20.0),
            metric(4, Some(Platform::LinkedIn), None, MetricKind::Likes, 10.0),
        ];
        let t = MetricTotals::from_entries(&entries);
        assert_eq!(t.entries, 4);
        assert_eq!(t.by_kind.impressions, 1500.0);
        assert_eq!(t.by_kind.likes, 30.0);
        assert_eq!(t.total_engagements, 30.0);
        assert_eq!(t.engagement_rate, Some(0.02));
    }

    #[test]
    fn zero_impressions_give_no_rate() {
        let entries = [metric(1, Some(Platform::X), None, MetricKind::Likes, 7.0)];
        let t = MetricTotals::from_entries(&entries);
        assert_eq!(t.total_engagements, 7.0);
        assert_eq!(t.engagement_rate, None);
        let empty = MetricTotals::from_entries(&[]);
        assert_eq!(empty, MetricTotals::default());
        assert!(
            empty.total_engagements.is_sign_positive(),
            "no engagements are 0, not -0"
        );
        assert_eq!(empty.engagement_rate, None);
    }

    #[test]
    fn reported_engagements_win_per_source_and_parts_elsewhere_still_count() {
        let li = Some(Platform::LinkedIn);
        let ig = Some(Platform::Instagram);
        let post_a = Some(TaskId(1));
        let post_b = Some(TaskId(2));
        let entries = [
            // Post A reports the total and its parts: only the total counts (no double count).
            metric(1, li, post_a, MetricKind::Engagements, 40.0),
            metric(2, li, post_a, MetricKind::Likes, 30.0),
            metric(3, li, post_a, MetricKind::Comments, 10.0),
            // Post B on the same platform reports parts only: they count.
            metric(4, li, post_b, MetricKind::Likes, 5.0),
            metric(5, li, post_b, MetricKind::Clicks, 3.0),
            // Instagram, no task: parts.
            metric(6, ig, None, MetricKind::Saves, 2.0),
            metric(7, ig, None, MetricKind::Shares, 1.0),
            // Conversions, reach and impressions are never engagements.
            metric(8, ig, None, MetricKind::Conversions, 9.0),
            metric(9, ig, None, MetricKind::Reach, 90.0),
            metric(10, li, None, MetricKind::Impressions, 2000.0),
        ];
        let t = MetricTotals::from_entries(&entries);
        assert_eq!(t.by_kind.engagements, 40.0);
        assert_eq!(t.by_kind.likes, 35.0);
        assert_eq!(t.total_engagements, 40.0 + 8.0 + 3.0);
        assert_eq!(t.engagement_rate, Some(51.0 / 2000.0));

        let refs: Vec<&MetricEntry> = entries.iter().collect();
        let by_platform = per_platform(&refs, &[Platform::Email]);
        assert_eq!(
            by_platform.keys().copied().collect::<Vec<_>>(),
            [Platform::LinkedIn, Platform::Instagram, Platform::Email]
        );
        assert_eq!(by_platform[&Platform::LinkedIn].total_engagements, 48.0);
        assert_eq!(
            by_platform[&Platform::LinkedIn].engagement_rate,
            Some(0.024)
        );
        assert_eq!(by_platform[&Platform::Instagram].total_engagements, 3.0);
        assert_eq!(by_platform[&Platform::Instagram].engagement_rate, None);
        assert_eq!(by_platform[&Platform::Email], MetricTotals::default());
    }
}
