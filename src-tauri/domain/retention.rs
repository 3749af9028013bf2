//! Which automatic backups to keep. The rule, as the README states it: the newest three, the newest
//! of each of the last 12 days that have one, of the last 10 weeks, and of the last 9 months
//! (days, weeks from Monday and months in UTC). A backup kept by any part of the rule is kept.

use time::OffsetDateTime;

pub const RECENT: usize = 3;
pub const DAYS: usize = 12;
pub const WEEKS: usize = 10;
pub const MONTHS: usize = 9;

const DAY_MS: i64 = 86_400_000;

/// For each time in `made` (ms since the epoch, in any order), whether the rule keeps that backup.
pub fn keep(made: &[i64]) -> Vec<bool> {
    let mut newest_first: Vec<usize> = (0..made.len()).collect();
    newest_first.sort_by_key(|&i| std::cmp::Reverse(made[i]));
    let mut kept = vec![false; made.len()];
    for &i in newest_first.iter().take(RECENT) {
        kept[i] = true;
    }
    let day = |t: i64| t.div_euclid(DAY_MS);
    // 1970-01-01 was a Thursday: shifting by three days starts weeks on Mondays.
    let week = |t: i64| (day(t) + 3).div_euclid(7);
    let month = |t: i64| {
        let d = OffsetDateTime::from_unix_timestamp(t.div_euclid(1000))
            .unwrap_or(OffsetDateTime::UNIX_EPOCH);
        i64::from(d.year()) * 12 + i64::from(u8::from(d.month()))
    };
    for (period, count) in [
        (&day as &dyn Fn(i64) -> i64, DAYS),
        (&week, WEEKS),
        (&month, MONTHS),
    ] {
        let mut seen = Vec::new();
        for &i in &newest_first {
            let p = period(made[i]);
            if !seen.contains(&p) {
                if seen.len() == count {
                    break;
                }
                seen.push(p);
                kept[i] = true;
            }
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-12-02 12:00 UTC, a Wednesday.
    const NOW: i64 = 1_796_212_800_000;
    const HOUR: i64 = 3_600_000;

    #[test]
    fn keeps_everything_while_there_are_few() {
        let made: Vec<i64> = (0..3).map(|i| NOW - i * HOUR).collect();
        assert_eq!(keep(&made), vec![true; 3]);
    }

    #[test]
    fn a_day_of_half_hourly_backups_keeps_the_newest_three_and_the_days_newest() {
        // Every 30 minutes from 09:00 to 11:30: twelve in one day.
        let made: Vec<i64> = (0..6).map(|i| NOW - HOUR / 2 * (i + 1)).collect();
        let kept = keep(&made);
        assert_eq!(kept, vec![true, true, true, false, false, false]);
    }

    #[test]
    fn a_year_of_daily_backups_keeps_twelve_days_ten_weeks_and_nine_months() {
        let made: Vec<i64> = (0..365).map(|d| NOW - d * DAY_MS).collect();
        let kept = keep(&made);
        let kept_days: Vec<i64> = (0..365).filter(|&d| kept[d as usize]).collect();
        // The last twelve days, one per week back to ten weeks, one per month back to nine.
        assert!(kept_days.starts_with(&(0..12).collect::<Vec<_>>()));
        assert!(kept_days.len() <= RECENT + DAYS + WEEKS + MONTHS);
        let oldest = *kept_days.last().unwrap();
        // Nine months counting this one: December back to April, whose newest is 30 April.
        assert_eq!(oldest, 216, "the newest of the ninth month back");
        // Weeks: the newest backup of each week is a Sunday (or today, in this week).
        let sundays = kept_days
            .iter()
            .filter(|&&d| d > 12 && d < 70 && (d - 3) % 7 == 0)
            .count();
        assert!(sundays >= 7, "one per week beyond the days: {kept_days:?}");
    }

    #[test]
    fn order_of_input_does_not_matter() {
        let made: Vec<i64> = (0..100).map(|d| NOW - (d * 7919 % 100) * DAY_MS).collect();
        let kept = keep(&made);
        let mut sorted: Vec<(i64, bool)> = made.iter().copied().zip(kept).collect();
        sorted.sort();
        let again = keep(&sorted.iter().map(|p| p.0).collect::<Vec<_>>());
        assert_eq!(sorted.iter().map(|p| p.1).collect::<Vec<_>>(), again);
    }
}
