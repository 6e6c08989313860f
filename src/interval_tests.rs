use proptest::prelude::*;

use super::*;

#[test]
fn php_relative_forms_give_php_seconds() {
    for (text, seconds) in [
        ("15 minutes", 900),
        ("15 min", 900),
        ("15min", 900),
        ("15 mins", 900),
        ("900 seconds", 900),
        ("900 sec", 900),
        ("2 hours 30 minutes", 9000),
        ("1 hour", 3600),
        ("1 day", 86_400),
        ("1 week", 604_800),
        ("1 fortnight", 1_209_600),
        ("+15 minutes", 900),
        ("+1 hour -30 minutes", 1800),
        ("  5 Minutes ", 300),
        ("1 minute 1 second", 61),
        ("30 MINUTES", 1800),
    ] {
        assert_eq!(parse_interval(text), Ok(seconds), "{text}");
    }
}

#[test]
fn humantime_forms_are_accepted() {
    for (text, seconds) in [
        ("15m", 900),
        ("1h 30m", 5400),
        ("90s", 90),
        ("2days", 172_800),
    ] {
        assert_eq!(parse_interval(text), Ok(seconds), "{text}");
    }
}

#[test]
fn intervals_that_are_no_length_are_refused() {
    for (text, error) in [
        ("", IntervalError::Empty),
        ("   ", IntervalError::Empty),
        ("tomorrow", IntervalError::Unparsable),
        ("next monday", IntervalError::Unparsable),
        ("PT15M", IntervalError::Unparsable),
        ("foo", IntervalError::Unparsable),
        ("15", IntervalError::Unparsable),
        ("15 minutes ago", IntervalError::Unparsable),
        ("1.5 hours", IntervalError::Unparsable),
        ("0 minutes", IntervalError::NotPositive),
        ("-5 minutes", IntervalError::NotPositive),
        ("1 month", IntervalError::CalendarDependent),
        ("2 years", IntervalError::CalendarDependent),
        ("1M", IntervalError::CalendarDependent),
        ("1500 msec", IntervalError::SubSecond),
        ("1500ms", IntervalError::SubSecond),
        ("367 days", IntervalError::TooLong),
        ("999999999999 weeks", IntervalError::TooLong),
    ] {
        assert_eq!(parse_interval(text), Err(error), "{text}");
    }
}

proptest! {
    #[test]
    fn any_input_gives_an_answer_not_a_panic(text in "\\PC{0,40}") {
        let _ = parse_interval(&text);
    }

    #[test]
    fn summed_parts_add_up(minutes in 0u64..500, seconds in 0u64..500) {
        prop_assume!(minutes + seconds > 0);
        let text = format!("{minutes} minutes {seconds} seconds");
        prop_assert_eq!(parse_interval(&text), Ok(minutes * 60 + seconds));
    }

    #[test]
    fn accepted_intervals_are_positive_and_bounded(text in "[0-9 +a-z-]{0,24}") {
        if let Ok(seconds) = parse_interval(&text) {
            prop_assert!((1..=MAX_INTERVAL_SECONDS).contains(&seconds));
        }
    }
}
