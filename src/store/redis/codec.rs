//! A state as Redis keeps it: its fields as decimal integers joined by `:`, in the order of
//! `FIELDS` (`1800000900000000:0:3:0:0:900000000` is expires, prev, cur, blocking, reported,
//! interval). Readable with `redis-cli GET`, and one entry of `FIELDS` per field of
//! `window::State`. `expires` stays first: the change script writes it itself for a window that
//! starts at its instant.
//!
//! Fields are only ever appended. A value with fewer fields (written by an older version)
//! reads the missing ones as 0; fields beyond `FIELDS` (written by a newer version) are
//! ignored, so servers of two versions can share one Redis during an upgrade. (A state without
//! its interval, 0, is judged by the reader's, as it was by the version that wrote it.)

use super::resp::Decimal;
use crate::window::{State, MAX_INTERVAL};

/// One field of `State` as an integer.
struct Field {
    get: fn(&State) -> i64,
    /// The state with the field set, or `None` when the integer is not a value it can hold.
    set: fn(State, i64) -> Option<State>,
}

const FIELDS: &[Field] = &[
    Field {
        get: |s| s.expires,
        set: |s, v| Some(State { expires: v, ..s }),
    },
    Field {
        get: |s| s.prev.into(),
        set: |s, v| {
            Some(State {
                prev: v.try_into().ok()?,
                ..s
            })
        },
    },
    Field {
        get: |s| s.cur.into(),
        set: |s, v| {
            Some(State {
                cur: v.try_into().ok()?,
                ..s
            })
        },
    },
    Field {
        get: |s| s.blocking.into(),
        set: |s, v| {
            Some(State {
                blocking: flag(v)?,
                ..s
            })
        },
    },
    Field {
        get: |s| s.reported.into(),
        set: |s, v| {
            Some(State {
                reported: flag(v)?,
                ..s
            })
        },
    },
    Field {
        get: |s| s.interval,
        set: |s, v| {
            (0..=MAX_INTERVAL)
                .contains(&v)
                .then_some(State { interval: v, ..s })
        },
    },
];

fn flag(value: i64) -> Option<bool> {
    match value {
        0 => Some(false),
        1 => Some(true),
        _ => None,
    }
}

pub fn encode(state: &State) -> Vec<u8> {
    let mut text = Vec::with_capacity(40);
    text.extend_from_slice(Decimal::of((FIELDS[0].get)(state)).as_bytes());
    text.extend_from_slice(&encode_after_expires(state));
    text
}

/// The encoding without its first field, `expires`: what follows the instant a state expires
/// at when the change script writes that instant itself (`link::Write::FromNow`).
pub fn encode_after_expires(state: &State) -> Vec<u8> {
    let mut text = Vec::with_capacity(24);
    for field in &FIELDS[1..] {
        text.push(b':');
        text.extend_from_slice(Decimal::of((field.get)(state)).as_bytes());
    }
    text
}

/// The state in `bytes`, or `None` if they are not one.
pub fn decode(bytes: &[u8]) -> Option<State> {
    let mut state = State::default();
    let mut parts = bytes.split(|&b| b == b':');
    for (index, field) in FIELDS.iter().enumerate() {
        match parts.next() {
            Some(part) => state = (field.set)(state, parse_integer(part)?)?,
            None if index > 0 => break,
            None => return None,
        }
    }
    parts
        .all(|part| parse_integer(part).is_some())
        .then_some(state)
}

/// A decimal integer exactly as `encode` writes one: no sign but `-`, no spaces, no leading
/// zeros (nor `-0`), so that a value has one encoding and compare-and-set compares states.
fn parse_integer(text: &[u8]) -> Option<i64> {
    let (negative, digits) = match text {
        [b'-', rest @ ..] => (true, rest),
        _ => (false, text),
    };
    match digits {
        [] | [b'0', _, ..] => return None,
        [b'0'] if negative => return None,
        _ => {}
    }
    digits.iter().try_fold(0i64, |value, &digit| {
        let digit = i64::from(digit).checked_sub(i64::from(b'0'))?;
        if !(0..10).contains(&digit) {
            return None;
        }
        let value = value.checked_mul(10)?;
        if negative {
            value.checked_sub(digit)
        } else {
            value.checked_add(digit)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn state(expires: i64, prev: u32, cur: u32, blocking: bool) -> State {
        let mut state = State::default();
        (state.expires, state.prev, state.cur, state.blocking) = (expires, prev, cur, blocking);
        state
    }

    #[test]
    fn a_state_is_its_fields_in_order() {
        let with_interval = State {
            interval: 900_000_000,
            ..state(1_800_000_900_000_000, 2, 3, true)
        };
        assert_eq!(
            encode(&with_interval),
            b"1800000900000000:2:3:1:0:900000000"
        );
    }

    #[test]
    fn every_field_of_a_state_is_kept() {
        // Every field named and none at its default: a field added to `State` does not compile
        // here until it is added, and is not kept until it has its line in `FIELDS`.
        let all = State {
            expires: 1_800_000_900_000_000,
            interval: 900_000_000,
            prev: 2,
            cur: 3,
            blocking: true,
            reported: true,
        };
        let State {
            expires,
            interval,
            prev,
            cur,
            blocking,
            reported,
        } = all;
        assert!(expires != 0 && interval != 0 && prev != 0 && cur != 0 && blocking && reported);
        assert_eq!(decode(&encode(&all)), Some(all));
    }

    proptest! {
        #[test]
        fn decode_inverts_encode(expires in any::<i64>(), prev in any::<u32>(), cur in any::<u32>(), blocking in any::<bool>(), interval in 0..=MAX_INTERVAL) {
            let s = State { interval, ..state(expires, prev, cur, blocking) };
            prop_assert_eq!(decode(&encode(&s)), Some(s));
        }

        #[test]
        fn expires_then_the_rest_is_the_whole_encoding(expires in any::<i64>(), prev in any::<u32>(), cur in any::<u32>(), blocking in any::<bool>()) {
            let s = state(expires, prev, cur, blocking);
            let whole = [expires.to_string().into_bytes(), encode_after_expires(&s)].concat();
            prop_assert_eq!(whole, encode(&s));
        }

        #[test]
        fn integers_are_read_exactly_as_written(value in any::<i64>(), text in "-?[0-9]{0,21}") {
            prop_assert_eq!(parse_integer(value.to_string().as_bytes()), Some(value));
            // Any other text reads as the number whose encoding it is, or as none.
            let read = parse_integer(text.as_bytes());
            prop_assert_eq!(read, text.parse::<i64>().ok().filter(|v| v.to_string() == text));
        }

        #[test]
        fn any_bytes_decode_without_panicking(bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
            if let Some(s) = decode(&bytes) {
                prop_assert_eq!(decode(&encode(&s)), Some(s));
            }
        }
    }

    #[test]
    fn older_and_newer_values_are_read() {
        assert_eq!(
            decode(b"1800000900000000:2:3"),
            Some(state(1_800_000_900_000_000, 2, 3, false))
        );
        assert_eq!(
            decode(b"1800000900000000:2:3:1:0"),
            Some(state(1_800_000_900_000_000, 2, 3, true))
        );
        assert_eq!(
            decode(b"1800000900000000:2:3:1:0:7:0"),
            Some(State {
                interval: 7,
                ..state(1_800_000_900_000_000, 2, 3, true)
            })
        );
    }

    #[test]
    fn what_is_not_a_state_is_refused() {
        for bad in [
            &b""[..],
            b"x",
            b"1:2:3:2",
            b"1:2:3:0:2",
            b"1:-2:3:0",
            b"1:2:4294967296:0",
            b"1::3:0",
            b"01:2:3:0",
            b"+1:2:3:0",
            b" 1:2:3:0",
            b"1:2:3:0:0:",
            b"1:2:3:0:0:x",
            b"1:2:3:0:0:-1",
            b"1:2:3:0:0:31622400000001",
            b"\xff",
        ] {
            assert_eq!(decode(bad), None, "{:?}", String::from_utf8_lossy(bad));
        }
    }
}
