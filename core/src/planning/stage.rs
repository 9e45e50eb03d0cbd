//! Funnel stages: what a plan phase is for, and how a plan's duration splits into them.

/// The funnel stage a phase works on. The template planner names its phases after these,
/// and the calendar recognises them again in any plan's phase names to pick fitting copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Stage {
    /// Awareness and engagement compressed into one phase (short plans).
    Launch,
    /// Get known.
    Awareness,
    /// Get interaction.
    Engagement,
    /// Turn attention into leads or sales.
    Conversion,
    /// Keep, grow and learn.
    Retention,
}

impl Stage {
    /// Every stage, in funnel order (the short-plan `Launch` first).
    pub(crate) const ALL: [Stage; 5] = [
        Stage::Launch,
        Stage::Awareness,
        Stage::Engagement,
        Stage::Conversion,
        Stage::Retention,
    ];

    /// The phase name the template planner gives this stage.
    pub(crate) fn phase_name(self) -> &'static str {
        match self {
            Stage::Launch => "Awareness & engagement",
            Stage::Awareness => "Awareness",
            Stage::Engagement => "Engagement",
            Stage::Conversion => "Conversion",
            Stage::Retention => "Retention & optimisation",
        }
    }

    /// Recognises a stage in a phase name written by any planner (template or language
    /// model); `None` when the name says nothing the calendar can use.
    ///
    /// Keywords match whole words or word stems ("engag" in "Engagement"), never the
    /// middle of a word, so "Thought leadership" is not a sales phase and "A closer look"
    /// is not a closing one.
    pub(crate) fn from_phase_name(name: &str) -> Option<Stage> {
        let lower = name.to_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let stem = |stems: &[&str]| words.iter().any(|w| stems.iter().any(|s| w.starts_with(s)));
        let word = |exact: &[&str]| words.iter().any(|w| exact.contains(w));
        let aware = stem(&["aware", "reach", "tease", "launch", "discover"]);
        let engage = stem(&["engag", "community", "consider", "nurtur"]);
        if stem(&["retention", "retain", "optimi", "loyal", "advoca"]) {
            Some(Stage::Retention)
        } else if stem(&["convers", "purchas", "offer"])
            || word(&["lead", "leads", "sale", "sales", "close", "closing"])
        {
            Some(Stage::Conversion)
        } else if aware && engage {
            Some(Stage::Launch)
        } else if engage {
            Some(Stage::Engagement)
        } else if aware {
            Some(Stage::Awareness)
        } else {
            None
        }
    }

    /// The stage of plan day `day` of `total` when a phase name is not recognised: the
    /// funnel order by elapsed share of the plan.
    pub(crate) fn by_position(day: u32, total: u32) -> Stage {
        let share = f64::from(day) / f64::from(total.max(1));
        if share < 0.3 {
            Stage::Awareness
        } else if share < 0.7 {
            Stage::Engagement
        } else {
            Stage::Conversion
        }
    }
}

/// The stages of a plan of `duration_days` and the days each gets.
///
/// Under 21 days there is no time to build an audience before asking for action, so
/// awareness and engagement run as one phase (60 %) before conversion (40 %). From 21 days:
/// awareness 30 %, engagement 40 %, conversion 30 %. From 60 days a retention and
/// optimisation phase closes the plan: 20 / 30 / 30 / 20 %. Days are handed out by largest
/// remainder so that they sum exactly to the duration; every phase gets at least one day.
pub(crate) fn split(duration_days: u32) -> Vec<(Stage, u32)> {
    let shares: &[(Stage, u32)] = if duration_days < 21 {
        &[(Stage::Launch, 60), (Stage::Conversion, 40)]
    } else if duration_days < 60 {
        &[
            (Stage::Awareness, 30),
            (Stage::Engagement, 40),
            (Stage::Conversion, 30),
        ]
    } else {
        &[
            (Stage::Awareness, 20),
            (Stage::Engagement, 30),
            (Stage::Conversion, 30),
            (Stage::Retention, 20),
        ]
    };
    let total_weight: u32 = shares.iter().map(|(_, w)| w).sum();
    let mut days: Vec<u32> = shares
        .iter()
        .map(|(_, w)| duration_days * w / total_weight)
        .collect();
    let mut left = duration_days - days.iter().sum::<u32>();
    // Largest remainder first; ties go to the earlier phase.
    let mut order: Vec<usize> = (0..shares.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(duration_days * shares[i].1 % total_weight));
    for &i in order.iter().cycle() {
        if left == 0 {
            break;
        }
        days[i] += 1;
        left -= 1;
    }
    // A one-day phase cannot happen for the supported durations (>= 7), but keep the rule
    // explicit: take a day from the longest phase.
    while let Some(i) = days.iter().position(|d| *d == 0) {
        let longest = (0..days.len()).max_by_key(|&j| days[j]).unwrap_or(0);
        days[longest] -= 1;
        days[i] += 1;
    }
    shares.iter().map(|(s, _)| *s).zip(days).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_sums_to_duration_and_sizes_phases() {
        for d in 7..=365 {
            let parts = split(d);
            assert_eq!(parts.iter().map(|(_, n)| n).sum::<u32>(), d, "{d}");
            assert!(parts.iter().all(|(_, n)| *n >= 1));
            let expected = if d < 21 {
                2
            } else if d < 60 {
                3
            } else {
                4
            };
            assert_eq!(parts.len(), expected, "{d}");
        }
        assert_eq!(split(7), vec![(Stage::Launch, 4), (Stage::Conversion, 3)]);
        assert_eq!(
            split(30),
            vec![
                (Stage::Awareness, 9),
                (Stage::Engagement, 12),
                (Stage::Conversion, 9)
            ]
        );
    }

    #[test]
    fn stage_names_round_trip() {
        for s in Stage::ALL {
            assert_eq!(Stage::from_phase_name(s.phase_name()), Some(s));
        }
        assert_eq!(
            Stage::from_phase_name("Lead capture"),
            Some(Stage::Conversion)
        );
        assert_eq!(Stage::from_phase_name("Phase 2"), None);
        assert_eq!(
            Stage::from_phase_name("Lead generation"),
            Some(Stage::Conversion)
        );
        // Keywords inside other words do not count.
        assert_eq!(Stage::from_phase_name("Thought leadership"), None);
        assert_eq!(Stage::from_phase_name("A closer look"), None);
        assert_eq!(
            Stage::from_phase_name("Thought leadership & reach"),
            Some(Stage::Awareness)
        );
    }
}
