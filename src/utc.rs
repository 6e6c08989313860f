//! Wall-clock instants written as RFC 3339 in UTC, for the log line and the exception message.
//! Defined for every instant an `i64` of microseconds holds: years outside 0 to 9999 are
//! written with a sign and more digits, as ISO 8601's expanded form, so that no value a clock
//! or a table file may hold can make formatting fail.

use std::fmt::Write;

use crate::window::{Micros, MICROS_PER_SECOND};

/// Whole seconds, rounded up so that the text is never earlier than `at`:
/// `2026-11-24T10:15:03Z`.
pub fn seconds_rounded_up(at: Micros) -> String {
    let seconds =
        at.div_euclid(MICROS_PER_SECOND) + i64::from(at.rem_euclid(MICROS_PER_SECOND) > 0);
    let mut text = date_time(seconds);
    text.push('Z');
    text
}

/// Whole seconds, rounded down: the second `at` falls in, as a reading of a clock is shown.
pub fn seconds_rounded_down(at: Micros) -> String {
    let mut text = date_time(at.div_euclid(MICROS_PER_SECOND));
    text.push('Z');
    text
}

/// Exact to the microsecond, with PHP's `DATE_RFC3339_EXTENDED` offset:
/// `2026-11-23T05:21:38.123456+00:00`.
pub fn with_micros(at: Micros) -> String {
    let mut text = date_time(at.div_euclid(MICROS_PER_SECOND));
    // Writing to a String cannot fail.
    let _ = write!(text, ".{:06}+00:00", at.rem_euclid(MICROS_PER_SECOND));
    text
}

/// `YYYY-MM-DDTHH:MM:SS` of a second counted from 1970-01-01T00:00:00.
fn date_time(seconds: i64) -> String {
    let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
    let of_day = seconds.rem_euclid(86_400);
    let mut text = String::with_capacity(32);
    // Writing to a String cannot fail.
    let _ = if (0..=9999).contains(&year) {
        write!(text, "{year:04}")
    } else {
        write!(text, "{year:+05}")
    };
    let _ = write!(
        text,
        "-{month:02}-{day:02}T{:02}:{:02}:{:02}",
        of_day / 3600,
        of_day / 60 % 60,
        of_day % 60
    );
    text
}

/// The proleptic Gregorian date of a day counted from 1970-01-01 (Howard Hinnant's
/// `civil_from_days`). Exact for every day an `i64` of microseconds can reach.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
#[path = "utc_tests.rs"]
mod tests;
