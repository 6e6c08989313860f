use std::time::{Duration, UNIX_EPOCH};

use proptest::prelude::*;

use super::*;

const SECOND: Micros = MICROS_PER_SECOND;
/// 2026-11-24T10:00:03Z
const T0: Micros = 1_795_514_403 * SECOND;
/// 10000-01-01T00:00:00Z, the first instant with a five-digit year.
const YEAR_10000: Micros = 253_402_300_800 * SECOND;

#[test]
fn instants_are_rounded_up_to_whole_seconds() {
    assert_eq!(seconds_rounded_up(T0), "2026-11-24T10:00:03Z");
    assert_eq!(seconds_rounded_up(T0 + 1), "2026-11-24T10:00:04Z");
    assert_eq!(seconds_rounded_up(T0 - 1), "2026-11-24T10:00:03Z");
    assert_eq!(seconds_rounded_up(0), "1970-01-01T00:00:00Z");
    assert_eq!(seconds_rounded_up(-1), "1970-01-01T00:00:00Z");
    assert_eq!(seconds_rounded_up(-SECOND), "1969-12-31T23:59:59Z");
}

#[test]
fn readings_are_shown_as_the_second_they_fall_in() {
    assert_eq!(seconds_rounded_down(T0), "2026-11-24T10:00:03Z");
    assert_eq!(
        seconds_rounded_down(T0 + SECOND - 1),
        "2026-11-24T10:00:03Z"
    );
    assert_eq!(seconds_rounded_down(T0 - 1), "2026-11-24T10:00:02Z");
    assert_eq!(seconds_rounded_down(-1), "1969-12-31T23:59:59Z");
}

#[test]
fn instants_are_written_to_the_microsecond_with_an_offset() {
    assert_eq!(with_micros(T0), "2026-11-24T10:00:03.000000+00:00");
    assert_eq!(
        with_micros(T0 + 123_456),
        "2026-11-24T10:00:03.123456+00:00"
    );
    assert_eq!(with_micros(T0 - 1), "2026-11-24T10:00:02.999999+00:00");
    assert_eq!(with_micros(-SECOND / 2), "1969-12-31T23:59:59.500000+00:00");
}

#[test]
fn every_instant_can_be_written() {
    assert_eq!(seconds_rounded_up(Micros::MAX), "+294247-01-10T04:00:55Z");
    assert_eq!(seconds_rounded_up(Micros::MIN), "-290308-12-21T19:59:06Z");
    // The second before 0000-01-01.
    assert_eq!(
        seconds_rounded_up(-62_167_219_201 * SECOND),
        "-0001-12-31T23:59:59Z"
    );
    assert_eq!(seconds_rounded_up(YEAR_10000), "+10000-01-01T00:00:00Z");
    assert_eq!(
        with_micros(YEAR_10000 - 1),
        "9999-12-31T23:59:59.999999+00:00"
    );
    assert_eq!(
        with_micros(YEAR_10000),
        "+10000-01-01T00:00:00.000000+00:00"
    );
    assert_eq!(
        with_micros(Micros::MAX),
        "+294247-01-10T04:00:54.775807+00:00"
    );
    assert_eq!(
        with_micros(Micros::MIN),
        "-290308-12-21T19:59:05.224192+00:00"
    );
}

proptest! {
    #[test]
    fn whole_seconds_agree_with_rfc3339_and_are_never_early(at in 0..YEAR_10000 - SECOND) {
        let text = seconds_rounded_up(at);
        let parsed = humantime::parse_rfc3339(&text).unwrap();
        let shown = parsed.duration_since(UNIX_EPOCH).unwrap().as_micros() as Micros;
        prop_assert!(shown >= at && shown < at + SECOND);
        prop_assert_eq!(
            text,
            humantime::format_rfc3339_seconds(UNIX_EPOCH + Duration::from_micros(shown as u64))
                .to_string()
        );
    }

    #[test]
    fn microseconds_agree_with_rfc3339(at in 0..YEAR_10000) {
        let expected = humantime::format_rfc3339_micros(UNIX_EPOCH + Duration::from_micros(at as u64))
            .to_string()
            .replace('Z', "+00:00");
        prop_assert_eq!(with_micros(at), expected);
    }

    #[test]
    fn formatting_is_total(at in any::<Micros>()) {
        let whole = seconds_rounded_up(at);
        prop_assert!(whole.ends_with('Z') && whole.len() >= 20);
        let floor = seconds_rounded_down(at);
        prop_assert!(floor.ends_with('Z') && floor.len() >= 20);
        let exact = with_micros(at);
        prop_assert!(exact.ends_with("+00:00") && exact.len() >= 32);
    }
}
