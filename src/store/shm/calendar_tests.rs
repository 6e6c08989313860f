use proptest::prelude::*;

use super::*;
use crate::interval::MAX_INTERVAL_SECONDS;
use crate::store::shm::layout::LAST_COUNTABLE;
use crate::window::MICROS_PER_SECOND;

const SECOND: Micros = MICROS_PER_SECOND;
const MINUTE: Micros = 60 * SECOND;
/// 2027-01-15T08:00:00Z
const T0: Micros = 1_800_000_000 * SECOND;
const LONGEST_LIFE: Micros = 2 * MAX_INTERVAL_SECONDS as Micros * SECOND;

fn new_calendar() -> Box<Calendar> {
    // As a new table has it: every word zero.
    Box::new(Calendar {
        levels: std::array::from_fn(|_| std::array::from_fn(|_| AtomicU64::new(0))),
    })
}

/// The longest a state stored `life` before it expires is counted after it expires.
fn counted_after_end(life: Micros) -> Micros {
    (1 << FINEST_SHIFT).max((2 * life + 6) / 7)
}

#[test]
fn a_state_counts_from_when_it_is_stored_until_it_is_forgotten() {
    let calendar = new_calendar();
    calendar.count(T0 + 15 * MINUTE, T0);
    calendar.count(T0 + 30 * MINUTE, T0);
    assert_eq!(calendar.live(T0), 2);
    calendar.forget(T0 + 15 * MINUTE, T0 + MINUTE);
    assert_eq!(calendar.live(T0 + MINUTE), 1);
    calendar.forget(T0 + 30 * MINUTE, T0 + 2 * MINUTE);
    assert_eq!(calendar.live(T0 + 2 * MINUTE), 0);
}

#[test]
fn a_replacement_with_the_same_expiry_changes_nothing_and_an_expired_state_is_not_counted() {
    let calendar = new_calendar();
    let word = |expires| {
        layout::encode(
            7,
            0,
            &crate::window::State {
                expires,
                interval: 0,
                prev: 0,
                cur: 1,
                blocking: false,
                reported: false,
            },
        )
    };
    calendar.replaced(0, word(T0 + MINUTE), T0);
    calendar.replaced(word(T0 + MINUTE), word(T0 + MINUTE) + 1, T0);
    assert_eq!(calendar.live(T0), 1);
    calendar.replaced(word(T0 + MINUTE), word(T0 + 2 * MINUTE), T0);
    assert_eq!(calendar.live(T0), 1);
    calendar.replaced(word(T0 + 2 * MINUTE), 0, T0);
    assert_eq!(calendar.live(T0), 0);
    calendar.count(T0, T0);
    calendar.count(T0 - SECOND, T0);
    assert_eq!(calendar.live(T0 - MINUTE), 0);
}

#[test]
fn a_state_of_the_default_interval_counts_at_most_four_and_a_half_minutes_after_it_ends() {
    for life in [15 * MINUTE, 16 * MINUTE, 30 * MINUTE] {
        let calendar = new_calendar();
        calendar.count(T0 + life, T0);
        let counted_after = (0..)
            .map(|s| s * SECOND)
            .find(|&after| calendar.live(T0 + life + after) == 0)
            .unwrap();
        assert!(
            counted_after <= 4 * MINUTE + 30 * SECOND,
            "{life}: {counted_after}"
        );
    }
}

#[test]
fn a_lost_update_ends_with_its_period() {
    // A process killed between its swap and counting it: the state it replaced is still
    // counted, the one it wrote is not. Each error ends when its own period does.
    let calendar = new_calendar();
    calendar.count(T0 + 15 * MINUTE, T0);
    // The state was replaced at T0 + 10 minutes by one expiring at T0 + 40 minutes: not counted.
    assert_eq!(calendar.live(T0 + 10 * MINUTE), 1);
    let ended = T0 + 15 * MINUTE + counted_after_end(15 * MINUTE);
    assert_eq!(calendar.live(ended), 0);
    // From then on the figure is right again for every state stored or forgotten.
    calendar.count(ended + 15 * MINUTE, ended);
    assert_eq!(calendar.live(ended), 1);
    calendar.forget(ended + 15 * MINUTE, ended + MINUTE);
    assert_eq!(calendar.live(ended + MINUTE), 0);
}

#[test]
fn a_ring_position_reused_for_a_later_period_starts_from_zero() {
    let calendar = new_calendar();
    for i in 0..100 {
        calendar.count(T0 + 2 * SECOND, T0 + i);
    }
    let later = T0 + PERIODS as Micros * (1 << FINEST_SHIFT);
    assert_eq!(
        period(T0 + 2 * SECOND, 0) % 16,
        period(later + 2 * SECOND, 0) % 16
    );
    calendar.count(later + 2 * SECOND, later);
    assert_eq!(calendar.live(later), 1);
    // A state of the old period is not taken from the new one.
    calendar.forget(T0 + 2 * SECOND, later);
    assert_eq!(calendar.live(later), 1);
}

#[test]
fn each_level_reaches_the_states_it_is_for() {
    assert_eq!(level_of(T0 + SECOND, T0), 0);
    assert_eq!(level_of(T0 + 16 * SECOND, T0), 1);
    assert_eq!(level_of(T0 + 15 * MINUTE, T0), 3);
    assert_eq!(level_of(T0 + 30 * MINUTE, T0), 4);
    assert!(level_of(LAST_COUNTABLE - 1 + LONGEST_LIFE, LAST_COUNTABLE - 1) < LEVELS - 1);
}

#[test]
fn check_refuses_what_no_table_writes() {
    let calendar = new_calendar();
    calendar.count(T0 + MINUTE, T0);
    calendar.count(T0 + 300 * 86_400 * SECOND, T0);
    assert_eq!(calendar.check(2), Ok(()));
    assert!(calendar.check(0).is_err());
    for (level, index, word) in [
        (0, 0, join(1, 1)),
        (0, 3, join(3 + 16 * (1 << 27), 0)),
        (12, 0, join(16 * 1_000, 1)),
        (4, 5, join(5, 3)),
    ] {
        let garbage = new_calendar();
        garbage.levels[level][index].store(word, Ordering::Relaxed);
        let (found, why) = garbage.check(2).unwrap_err();
        assert_eq!(found, word);
        assert!(
            why.starts_with(&format!("level {level}, position {index} holds 0, ")),
            "{why}"
        );
    }
}

#[derive(Clone, Debug)]
enum Op {
    /// Store a state living this long.
    Store(Micros),
    /// Forget (reset, evict) the stored state at this index, modulo their number.
    Forget(usize),
    /// Replace the stored state at this index with one living this long (a window rolled).
    Replace(usize, Micros),
}

fn op() -> impl Strategy<Value = (Micros, Op)> {
    // Lives from a second to the longest, many of them close enough to share periods.
    let life = prop_oneof![
        SECOND..20 * SECOND,
        14 * MINUTE..31 * MINUTE,
        50 * MINUTE..130 * MINUTE,
        86_400 * SECOND..2 * 86_400 * SECOND,
        Just(LONGEST_LIFE),
    ];
    (
        0..3 * MINUTE,
        prop_oneof![
            life.clone().prop_map(Op::Store),
            any::<usize>().prop_map(Op::Forget),
            (any::<usize>(), life).prop_map(|(i, l)| Op::Replace(i, l)),
        ],
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A state counts while it is live, and stops counting at most 2/7 of its life (or a
    /// second) after its expiry.
    #[test]
    fn a_state_counts_while_live_and_briefly_after(
        life in 1..=LONGEST_LIFE,
        now in TIME_BASE..LAST_COUNTABLE,
    ) {
        let calendar = new_calendar();
        calendar.count(now + life, now);
        prop_assert_eq!(calendar.live(now), 1);
        prop_assert_eq!(calendar.live(now + life - 1), 1);
        // The table's clock never reads past MAX_TIME, where every later instant falls in the
        // last period: the bound is checked where the clock can be.
        let after = now + life + counted_after_end(life);
        if after <= MAX_TIME {
            prop_assert_eq!(calendar.live(after), 0);
        }
    }

    /// However stores, forgets and replacements of states of many lives interleave, every live
    /// state is counted, and nothing else but states that ended within a period of their expiry.
    #[test]
    fn no_live_state_is_ever_missed(ops in proptest::collection::vec(op(), 1..300)) {
        let calendar = new_calendar();
        let mut now = T0;
        let mut stored: Vec<Micros> = Vec::new();
        let mut ended: Vec<Micros> = Vec::new();
        for (step, op) in ops {
            now += step;
            let (live, gone): (Vec<_>, Vec<_>) = stored.iter().partition(|&&e| e > now);
            ended.extend(gone);
            stored = live;
            match op {
                Op::Store(life) => {
                    calendar.count(now + life, now);
                    stored.push(now + life);
                }
                Op::Forget(i) if !stored.is_empty() => {
                    let expires = stored.swap_remove(i % stored.len());
                    calendar.forget(expires, now);
                    ended.push(expires);
                }
                Op::Replace(i, life) if !stored.is_empty() => {
                    let i = i % stored.len();
                    calendar.forget(stored[i], now);
                    ended.push(stored[i]);
                    calendar.count(now + life, now);
                    stored[i] = now + life;
                }
                _ => {}
            }
            for at in [now, now + SECOND, now + MINUTE, now + 86_400 * SECOND] {
                let live = stored.iter().filter(|&&e| e > at).count() as u64;
                let recent = ended
                    .iter()
                    .chain(&stored)
                    .filter(|&&e| e <= at && e + counted_after_end(LONGEST_LIFE) > at)
                    .count() as u64;
                let counted = calendar.live(at);
                prop_assert!(counted >= live, "at {}: {} counted, {} live", at - T0, counted, live);
                prop_assert!(counted <= live + recent, "at {}: {} counted, {} live", at - T0, counted, live);
            }
        }
    }
}
