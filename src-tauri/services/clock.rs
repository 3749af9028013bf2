//! The app's clock, read in one place so the rest of the code takes time as an argument: wall time
//! for the record, and monotonic time for a round's time used.

use crate::domain::round::Ms;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// Today's date in UTC as `YYYY-MM-DD`, for naming files.
pub fn today() -> String {
    date(now_ms())
}

/// A time's date in UTC as `YYYY-MM-DD` (the civil-from-days algorithm, proleptic Gregorian).
pub fn date(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// A time in UTC as RFC 3339, to the second: `2026-12-01T09:00:00Z`.
pub fn date_time(ms: i64) -> String {
    let s = ms.div_euclid(1000).rem_euclid(86_400);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        date(ms),
        s / 3600,
        s % 3600 / 60,
        s % 60
    )
}

/// A moment by the two clocks a round needs: monotonic (for time used) and wall (for the record).
#[derive(Debug, Clone, Copy)]
pub struct Now {
    pub mono: Ms,
    pub wall: i64,
}

/// The app's clock for rounds and reviews: monotonic from start-up, and the wall time.
///
/// A debug build started with `ONSITE_TEST_DAYS_LATER=FILE` reads the wall time as many days later
/// than it is as FILE says when the app starts (a whole or fractional number; no file, none), so
/// end-to-end tests can see what the schedule brings back on a later day. Release builds ignore the
/// variable, like the file-dialog hook (`ONSITE_TEST_PICKS`).
pub struct Clock {
    started: Instant,
    shift_ms: i64,
}

impl Default for Clock {
    fn default() -> Self {
        let days = std::env::var_os("ONSITE_TEST_DAYS_LATER")
            .filter(|_| cfg!(debug_assertions))
            .and_then(|file| std::fs::read_to_string(file).ok())
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|d| d.is_finite())
            .unwrap_or(0.0);
        Clock {
            started: Instant::now(),
            shift_ms: (days * 86_400_000.0) as i64,
        }
    }
}

impl Clock {
    pub fn now(&self) -> Now {
        Now {
            mono: self.started.elapsed().as_millis() as Ms,
            wall: now_ms() + self.shift_ms,
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_are_civil_utc() {
        assert_eq!(super::date(0), "1970-01-01");
        assert_eq!(super::date(951_782_400_000), "2000-02-29");
        assert_eq!(super::date(1_795_651_199_000), "2026-11-25");
        assert_eq!(super::date(-1), "1969-12-31");
        assert_eq!(super::date_time(1_796_115_600_000), "2026-12-01T09:00:00Z");
        assert_eq!(super::date_time(1_795_651_199_000), "2026-11-25T23:59:59Z");
    }
}
