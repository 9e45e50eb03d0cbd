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

/// [`MetricTotals::from_entries`] of `entries`, and their totals per platform: every
/// platform in `always` (zero totals when it has no entry) and every platform an entry
/// names (entries without a platform count only in the overall totals). One
/// pass and one source map (a week of the 10,000-task campaign has 160 entries: a pass and
/// a map per platform cost a fifth of its summary). Every sum adds the same values in the
/// same order as [`MetricTotals::from_entries`] over each subset would (a platform's
/// entries in entry order; its sources, a contiguous run of the source map, in key
/// order), so the figures are bit for bit those.
pub(crate) fn totals_and_platforms(
    entries: &[&MetricEntry],
    always: &[Platform],
) -> (MetricTotals, BTreeMap<Platform, MetricTotals>) {
    let mut all = MetricTotals::default();
    let mut platforms: BTreeMap<Platform, MetricTotals> = always
        .iter()
        .map(|&p| (p, MetricTotals::default()))
        .collect();
    // Per source: its sums, and whether it reports engagements as one number.
    let mut sources: BTreeMap<(Option<Platform>, Option<TaskId>), (KindTotals, bool)> =
        BTreeMap::new();
    for entry in entries {
        all.entries += 1;
        all.by_kind.add(entry.kind, entry.value);
        if let Some(p) = entry.platform {
            let t = platforms.entry(p).or_default();
            t.entries += 1;
            t.by_kind.add(entry.kind, entry.value);
        }
        let (sums, reports_total) = sources.entry((entry.platform, entry.task_id)).or_default();
        sums.add(entry.kind, entry.value);
        *reports_total |= entry.kind == MetricKind::Engagements;
    }
    // Starting from 0.0, not an empty `sum()` (-0.0, which reports print as "-0").
    for ((platform, _), (sums, reports_total)) in &sources {
        let engagements = if *reports_total {
            sums.engagements
        } else {
            sums.component_engagements()
        };
        all.total_engagements += engagements;
        if let Some(t) = platform.and_then(|p| platforms.get_mut(&p)) {
            t.total_engagements += engagements;
        }
    }
    for t in std::iter::once(&mut all).chain(platforms.values_mut()) {
        t.engagement_rate = rate(t.total_engagements, t.by_kind.impressions);
    }
    (all, platforms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::test_support::metric;

    /// The one-pass totals equal `from_entries` over the whole set and over each platform's
    /// entries, bit for bit (values that round differently in another order).
    #[test]
    fn one_pass_totals_equal_a_pass_per_platform() {
        let kinds = MetricKind::ALL;
        let platforms = [
            None,
            Some(Platform::LinkedIn),
            Some(Platform::Instagram),
            Some(Platform::X),
        ];
        let entries: Vec<MetricEntry> = (0..200u64)
            .map(|i| {
                let platform = platforms[(i * 7 % 4) as usize];
                let task = (i % 5 != 0).then_some(TaskId(i % 13));
                let kind = kinds[(i * 5 % kinds.len() as u64) as usize];
                metric(
                    i,
                    platform,
                    task,
                    kind,
                    0.1 * i as f64 + 1e-9 * (i * i) as f64,
                )
            })
            .collect();
        let refs: Vec<&MetricEntry> = entries.iter().collect();
        let (all, by_platform) = totals_and_platforms(&refs, &[Platform::Email]);
        assert_eq!(all, MetricTotals::from_entries(&entries));
        assert_eq!(
            all.total_engagements.to_bits(),
            MetricTotals::from_entries(&entries)
                .total_engagements
                .to_bits()
        );
        let named: BTreeSet<Platform> = platforms.iter().flatten().copied().collect();
        assert_eq!(
            by_platform.keys().copied().collect::<BTreeSet<_>>(),
            named.iter().copied().chain([Platform::Email]).collect()
        );
        for (p, totals) in &by_platform {
            let one =
                MetricTotals::from_entries(refs.iter().copied().filter(|e| e.platform == Some(*p)));
            assert_eq!(*totals, one, "{p}");
            assert_eq!(
                totals.total_engagements.to_bits(),
                one.total_engagements.to_bits()
            );
        }
    }

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
        let (_, by_platform) = totals_and_platforms(&refs, &[Platform::Email]);
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
