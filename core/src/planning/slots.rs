//! Slot placement inside one week of one platform: which of the free posting slots the
//! week's new posts take, so that they spread over the days and across each day's windows
//! instead of bunching at the first free slot.

use chrono::{DateTime, Utc};

/// A usable posting slot: in range, not before "now", resolvable in the campaign's zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Slot {
    /// Day of the ISO week, 0 = Monday.
    pub day: usize,
    /// Index of the posting window among the platform's windows (orders windows in a day).
    pub window: usize,
    /// Its instant.
    pub at: DateTime<Utc>,
}

/// `count` positions spread evenly over `len` places: the centre of each of `count` equal
/// parts (`floor((2i + 1) · len / 2count)`), so 1 of 3 is the middle and 3 of 4 skips one.
fn spread(count: usize, len: usize) -> impl Iterator<Item = usize> {
    (0..count).map(move |i| (2 * i + 1) * len / (2 * count))
}

/// Chooses `n` free slots among `slots` (sorted by time; `occupied[i]` marks slots already
/// taken by kept items) and returns their indices in time order, or `None` if fewer than `n`
/// are free.
///
/// Days first: posts go to the least loaded days (kept items count as load) one level at a
/// time, and when a level cannot be filled completely the days are picked evenly spread over
/// the week. Then windows: a day's posts take its windows in turn, the turn carrying over
/// from day to day (so one-post days alternate morning and midday), and starting afresh each
/// week so that every week keeps the same local rhythm. Inside a window
/// posts sit at evenly spaced slots; a taken slot moves the post to the next free slot of
/// the window, then of the next window, wrapping within the day.
pub(crate) fn place(
    slots: &[Slot],
    occupied: &[bool],
    kept_per_day: &[u32; 7],
    n: u32,
) -> Option<Vec<usize>> {
    let n = n as usize;
    let mut free = [0usize; 7];
    for (s, taken) in slots.iter().zip(occupied) {
        if !taken {
            free[s.day] += 1;
        }
    }
    if free.iter().sum::<usize>() < n {
        return None;
    }
    // A week has seven days: the day lists live on the stack, not in a Vec per level.
    let mut days = [0usize; 7];
    let mut day_count = 0;
    for d in (0..7).filter(|&d| free[d] > 0) {
        days[day_count] = d;
        day_count += 1;
    }
    let days = &days[..day_count];
    let mut new = [0usize; 7];
    let mut left = n;
    let mut level = 0usize;
    while left > 0 {
        let mut eligible = [0usize; 7];
        let mut eligible_count = 0;
        for &d in days {
            if kept_per_day[d] as usize + new[d] <= level && new[d] < free[d] {
                eligible[eligible_count] = d;
                eligible_count += 1;
            }
        }
        let eligible = &eligible[..eligible_count];
        if eligible.len() <= left {
            for &d in eligible {
                new[d] += 1;
            }
            left -= eligible.len();
        } else {
            for i in spread(left, eligible.len()) {
                new[eligible[i]] += 1;
            }
            left = 0;
        }
        level += 1;
    }

    let mut taken = occupied.to_vec();
    let mut chosen = Vec::with_capacity(n);
    let mut turn = 0;
    // Buffers reused from day to day (a placement used to allocate five lists a day).
    let mut day_slots: Vec<usize> = Vec::new();
    let mut windows: Vec<usize> = Vec::new();
    let mut window_free: Vec<usize> = Vec::new();
    let mut per_window: Vec<usize> = Vec::new();
    let mut in_window: Vec<usize> = Vec::new();
    for &d in days {
        if new[d] == 0 {
            continue;
        }
        // Indices into `slots` of this day, in time order.
        day_slots.clear();
        day_slots.extend((0..slots.len()).filter(|&i| slots[i].day == d));
        windows.clear();
        windows.extend(day_slots.iter().map(|&i| slots[i].window));
        windows.dedup();
        window_free.clear();
        window_free.extend(windows.iter().map(|&w| {
            day_slots
                .iter()
                .filter(|&&i| slots[i].window == w && !taken[i])
                .count()
        }));
        // One post per window first (starting at the rotating window), then each further
        // post to the window with the most free slots per post, which keeps spacing wide.
        let k = windows.len();
        per_window.clear();
        per_window.resize(k, 0);
        for _ in 0..new[d] {
            let order = (0..k).map(|step| (turn + step) % k);
            let pick = order
                .clone()
                .find(|&w| per_window[w] == 0 && window_free[w] > 0)
                .or_else(|| {
                    order
                        .filter(|&w| per_window[w] < window_free[w])
                        .max_by(|&a, &b| {
                            // a/(pa+1) vs b/(pb+1) without floats; ties keep the earlier window.
                            let lhs = window_free[a] * (per_window[b] + 1);
                            let rhs = window_free[b] * (per_window[a] + 1);
                            lhs.cmp(&rhs).then(std::cmp::Ordering::Greater)
                        })
                })?;
            per_window[pick] += 1;
        }
        turn += new[d];
        for (wi, &count) in per_window.iter().enumerate() {
            in_window.clear();
            in_window.extend(
                (0..day_slots.len()).filter(|&k| slots[day_slots[k]].window == windows[wi]),
            );
            for pos in spread(count, in_window.len()) {
                let start = in_window[pos];
                let k = (0..day_slots.len())
                    .map(|step| (start + step) % day_slots.len())
                    .find(|&k| !taken[day_slots[k]])?;
                taken[day_slots[k]] = true;
                chosen.push(day_slots[k]);
            }
        }
    }
    chosen.sort_unstable();
    Some(chosen)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    /// Slots of `days` (day index, [(window, slot count)]) starting 09:00 UTC each day.
    fn week(days: &[(usize, &[(usize, usize)])]) -> Vec<Slot> {
        let monday = Utc.with_ymd_and_hms(2026, 3, 2, 0, 0, 0).unwrap();
        let mut out = Vec::new();
        for &(day, windows) in days {
            let mut t = monday + Duration::days(day as i64) + Duration::hours(8);
            for &(window, count) in windows {
                for _ in 0..count {
                    out.push(Slot { day, window, at: t });
                    t += Duration::minutes(15);
                }
                t += Duration::hours(2);
            }
        }
        out
    }

    fn per_day(slots: &[Slot], chosen: &[usize]) -> [usize; 7] {
        let mut counts = [0; 7];
        for &i in chosen {
            counts[slots[i].day] += 1;
        }
        counts
    }

    #[test]
    fn spread_picks_distinct_centred_positions() {
        assert_eq!(spread(1, 3).collect::<Vec<_>>(), [1]);
        assert_eq!(spread(3, 4).collect::<Vec<_>>(), [0, 2, 3]);
        assert_eq!(spread(2, 3).collect::<Vec<_>>(), [0, 2]);
        assert_eq!(spread(3, 12).collect::<Vec<_>>(), [2, 6, 10]);
    }

    #[test]
    fn three_posts_take_three_days() {
        let x = week(&[
            (1, &[(0, 12)]),
            (2, &[(1, 12)]),
            (3, &[(2, 12)]),
            (4, &[(3, 12)]),
        ]);
        let chosen = place(&x, &vec![false; x.len()], &[0; 7], 3).unwrap();
        assert_eq!(per_day(&x, &chosen), [0, 1, 0, 1, 1, 0, 0]);
    }

    #[test]
    fn five_over_three_days_is_two_two_one_across_windows() {
        let li = week(&[
            (1, &[(0, 8), (1, 4)]),
            (2, &[(2, 8), (3, 4)]),
            (3, &[(4, 8), (5, 4)]),
        ]);
        let chosen = place(&li, &vec![false; li.len()], &[0; 7], 5).unwrap();
        let counts = per_day(&li, &chosen);
        assert_eq!(counts, [0, 2, 1, 2, 0, 0, 0]);
        // A two-post day uses both of its windows.
        let tuesday: Vec<_> = chosen.iter().filter(|&&i| li[i].day == 1).collect();
        assert_ne!(li[*tuesday[0]].window, li[*tuesday[1]].window);
    }

    #[test]
    fn kept_posts_count_as_load_and_their_slots_are_skipped() {
        let x = week(&[(1, &[(0, 4)]), (2, &[(1, 4)]), (3, &[(2, 4)])]);
        let mut occupied = vec![false; x.len()];
        occupied[1] = true; // Tuesday, the window's centre-left slot
        let mut kept = [0; 7];
        kept[1] = 1;
        let chosen = place(&x, &occupied, &kept, 2).unwrap();
        assert_eq!(per_day(&x, &chosen), [0, 0, 1, 1, 0, 0, 0]);
        // Full days move to the next free slot.
        let chosen = place(&x, &occupied, &kept, 11).unwrap();
        assert_eq!(chosen.len(), 11);
        assert!(!chosen.contains(&1));
        assert!(place(&x, &occupied, &kept, 12).is_none());
    }

    #[test]
    fn many_posts_spread_inside_the_day() {
        let x = week(&[
            (1, &[(0, 12)]),
            (2, &[(1, 12)]),
            (3, &[(2, 12)]),
            (4, &[(3, 12)]),
        ]);
        let chosen = place(&x, &vec![false; x.len()], &[0; 7], 14).unwrap();
        assert_eq!(per_day(&x, &chosen), [0, 3, 4, 3, 4, 0, 0]);
        for pair in chosen.windows(2) {
            let (a, b) = (x[pair[0]], x[pair[1]]);
            if a.day == b.day {
                assert!(b.at - a.at >= Duration::minutes(45));
            }
        }
    }
}
