use std::sync::atomic::AtomicU64;
use std::sync::Barrier;

use super::*;
use crate::window::MICROS_PER_SECOND;

const SECOND: Micros = MICROS_PER_SECOND;

fn registry() -> [AtomicU64; INTERVAL_ENTRIES] {
    std::array::from_fn(|_| AtomicU64::new(0))
}

fn state(interval: Micros) -> State {
    State {
        expires: 1_800_000_000 * SECOND,
        interval,
        prev: 1,
        cur: 2,
        blocking: true,
        reported: false,
    }
}

#[test]
fn an_interval_gets_one_entry_and_keeps_it() {
    let entries = registry();
    let intervals = Intervals::new(&entries);
    assert_eq!(intervals.index_of(900 * SECOND), 1);
    assert_eq!(intervals.index_of(86_400 * SECOND), 2);
    assert_eq!(intervals.index_of(900 * SECOND), 1);
    assert_eq!(entries[0].load(Ordering::Relaxed), 900_000_000);
    assert_eq!(entries[2].load(Ordering::Relaxed), 0);
}

#[test]
fn a_state_reads_back_with_its_interval_whoever_reads_it() {
    let entries = registry();
    let intervals = Intervals::new(&entries);
    let (short, long) = (900 * SECOND, 86_400 * SECOND);
    let index = intervals.index_of(short);
    let word = intervals.encode(7, &state(short), short, index);
    assert_eq!(intervals.decode(word, long), state(short));
    // Stored by a reader of another interval: the state's own is named.
    let long_index = intervals.index_of(long);
    let word = intervals.encode(7, &state(short), long, long_index);
    assert_eq!(layout::interval_index_of(word), index);
    assert_eq!(intervals.decode(word, long), state(short));
}

#[test]
fn a_full_registry_keeps_further_intervals_apart_for_good() {
    let entries = registry();
    let intervals = Intervals::new(&entries);
    for n in 1..=INTERVAL_ENTRIES as i64 {
        assert_eq!(intervals.index_of(n * SECOND), n as u8);
    }
    let further = 1000 * SECOND;
    assert_eq!(intervals.index_of(further), KEPT_APART);
    assert_eq!(intervals.index_of(further), KEPT_APART);
    assert_eq!(intervals.index_of(5 * SECOND), 5);
    // Such a state is named by index 0 and read back with the interval of its key's reader.
    let word = intervals.encode(7, &state(further), further, KEPT_APART);
    assert_eq!(layout::interval_index_of(word), KEPT_APART);
    assert_eq!(intervals.decode(word, further), state(further));
}

#[test]
fn what_is_not_an_interval_claims_nothing() {
    let entries = registry();
    let intervals = Intervals::new(&entries);
    for interval in [0, -SECOND, MAX_INTERVAL + 1, Micros::MIN, Micros::MAX] {
        assert_eq!(intervals.index_of(interval), KEPT_APART);
    }
    assert!(entries.iter().all(|e| e.load(Ordering::Relaxed) == 0));
}

#[test]
fn a_damaged_entry_reads_as_the_readers_interval() {
    let entries = registry();
    entries[0].store(u64::MAX, Ordering::Relaxed);
    entries[1].store(MAX_INTERVAL as u64 + 1, Ordering::Relaxed);
    let intervals = Intervals::new(&entries);
    let reader = 60 * SECOND;
    for index in [1, 2, 3, 63] {
        let word = layout::encode(7, index, &state(0));
        assert_eq!(intervals.decode(word, reader).interval, reader);
    }
    // A damaged entry is another interval to a claim: the next free one is taken.
    assert_eq!(intervals.index_of(reader), 3);
}

#[test]
fn processes_racing_to_claim_agree_on_one_entry_per_interval() {
    let entries = registry();
    let intervals = Intervals::new(&entries);
    let threads = 8;
    let barrier = Barrier::new(threads);
    let seen: Vec<Vec<u8>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (intervals, barrier) = (&intervals, &barrier);
                scope.spawn(move || {
                    barrier.wait();
                    // Each thread claims the same 40 intervals, in its own order.
                    (0..40)
                        .map(|n| (n * 7 + t as i64 * 3) % 40 + 1)
                        .map(|n| (n, intervals.index_of(n * SECOND)))
                        .collect::<Vec<_>>()
                        .into_iter()
                        .fold(vec![0u8; 41], |mut seen, (n, index)| {
                            seen[n as usize] = index;
                            seen
                        })
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(seen.windows(2).all(|pair| pair[0] == pair[1]));
    let mut held: Vec<u64> = entries.iter().map(|e| e.load(Ordering::Relaxed)).collect();
    held.retain(|&v| v != 0);
    assert_eq!(held.len(), 40);
    held.sort_unstable();
    held.dedup();
    assert_eq!(held.len(), 40);
}
