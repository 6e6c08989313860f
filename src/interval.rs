//! `loginRateLimitInterval`: PHP relative-time strings (what TYPO3 passes to Symfony), and
//! humantime's duration forms, to a whole number of seconds.
//!
//! Symfony measures an interval as `(now + "+$interval") - now` with PHP's relative-time
//! parser. The forms that give a fixed length are numbers with the units sec, second, min,
//! minute, hour, day, week and fortnight (plurals and abbreviations, with or without a space,
//! several parts summed, optional signs). Months and years depend on the calendar date, weekday
//! names and words like `tomorrow` are instants rather than lengths, and a bare number is read
//! by PHP as a time-zone offset: all of these are refused instead of being guessed.

use std::fmt;

/// The longest interval accepted: one leap year. Longer windows make no sense for logins and
/// would only risk overflowing the table's time fields.
pub const MAX_INTERVAL_SECONDS: u64 = 366 * 24 * 3600;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IntervalError {
    Empty,
    Unparsable,
    CalendarDependent,
    SubSecond,
    NotPositive,
    TooLong,
}

impl fmt::Display for IntervalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Empty => "it is empty",
            Self::Unparsable => {
                "it is not a duration such as '15 minutes', '1 hour 30 minutes' or '900 seconds'"
            }
            Self::CalendarDependent => {
                "months and years have no fixed length; use days or weeks instead"
            }
            Self::SubSecond => "it must be a whole number of seconds",
            Self::NotPositive => "it must be longer than zero seconds",
            Self::TooLong => "it must not be longer than 366 days",
        })
    }
}

/// Parses an interval to whole seconds.
pub fn parse_interval(text: &str) -> Result<u64, IntervalError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(IntervalError::Empty);
    }
    let seconds = match parse_php_relative(text) {
        Ok(seconds) => seconds,
        Err(IntervalError::Unparsable) => parse_humantime(text)?,
        Err(other) => return Err(other),
    };
    if seconds <= 0 {
        return Err(IntervalError::NotPositive);
    }
    let seconds = seconds as u64;
    if seconds > MAX_INTERVAL_SECONDS {
        return Err(IntervalError::TooLong);
    }
    Ok(seconds)
}

/// PHP's relative form: `[+-]?N ?unit` parts separated by optional blanks, summed.
fn parse_php_relative(text: &str) -> Result<i128, IntervalError> {
    let bytes = text.as_bytes();
    let mut pos = 0;
    let mut total: i128 = 0;
    let mut parts = 0;
    while pos < bytes.len() {
        while pos < bytes.len() && is_blank(bytes[pos]) {
            pos += 1;
        }
        if pos == bytes.len() {
            break;
        }
        let mut sign = 1;
        while pos < bytes.len() && (bytes[pos] == b'+' || bytes[pos] == b'-') {
            if bytes[pos] == b'-' {
                sign = -sign;
            }
            pos += 1;
        }
        let digits_start = pos;
        while pos < bytes.len() && bytes[pos].is_ascii_digit() {
            pos += 1;
        }
        if pos == digits_start || pos - digits_start > 12 {
            return Err(IntervalError::Unparsable);
        }
        let number: i128 = text[digits_start..pos]
            .parse()
            .map_err(|_| IntervalError::Unparsable)?;
        while pos < bytes.len() && is_blank(bytes[pos]) {
            pos += 1;
        }
        let unit_start = pos;
        while pos < bytes.len() && bytes[pos].is_ascii_alphabetic() {
            pos += 1;
        }
        let unit = text[unit_start..pos].to_ascii_lowercase();
        let seconds_per_unit = php_unit_seconds(&unit)?;
        total += sign * number * seconds_per_unit;
        parts += 1;
        if pos < bytes.len() && !is_blank(bytes[pos]) {
            return Err(IntervalError::Unparsable);
        }
    }
    if parts == 0 {
        return Err(IntervalError::Unparsable);
    }
    Ok(total)
}

fn php_unit_seconds(unit: &str) -> Result<i128, IntervalError> {
    Ok(match unit {
        "sec" | "secs" | "second" | "seconds" => 1,
        "min" | "mins" | "minute" | "minutes" => 60,
        "hour" | "hours" => 3600,
        "day" | "days" => 86_400,
        "week" | "weeks" => 7 * 86_400,
        "fortnight" | "fortnights" | "forthnight" | "forthnights" => 14 * 86_400,
        "month" | "months" | "year" | "years" => return Err(IntervalError::CalendarDependent),
        "ms" | "msec" | "msecs" | "millisecond" | "milliseconds" | "usec" | "usecs"
        | "microsecond" | "microseconds" => return Err(IntervalError::SubSecond),
        _ => return Err(IntervalError::Unparsable),
    })
}

fn is_blank(byte: u8) -> bool {
    byte == b' ' || byte == b'\t'
}

/// humantime's forms (`15m`, `1h 30m`, `90s`, `2days`), for administrators used to them.
fn parse_humantime(text: &str) -> Result<i128, IntervalError> {
    // PHP reads `1.5 hours` as a time of day, not as 90 minutes: refuse rather than disagree.
    if text.contains('.') {
        return Err(IntervalError::Unparsable);
    }
    let duration = humantime::parse_duration(text).map_err(|_| IntervalError::Unparsable)?;
    // humantime gives months and years an average length; PHP a calendar one.
    if text
        .split(|c: char| c.is_ascii_digit() || c.is_whitespace())
        .any(|unit| matches!(unit, "M" | "month" | "months" | "y" | "year" | "years"))
    {
        return Err(IntervalError::CalendarDependent);
    }
    if duration.subsec_nanos() != 0 {
        return Err(IntervalError::SubSecond);
    }
    Ok(i128::from(duration.as_secs()))
}

#[cfg(test)]
#[path = "interval_tests.rs"]
mod tests;
