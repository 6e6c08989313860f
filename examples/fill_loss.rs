//! How much a shared table holds before it loses a live client: fills tables with distinct
//! clients (one login attempt each, all live) and prints the share of clients whose state was
//! evicted at each fill level, and how far each table filled before its first loss.
//!
//! `cargo run --release --no-default-features --example fill_loss` (part of `make bench`).

use login_ratelimit::store::shm::SharedTable;
use login_ratelimit::store::{Key, Namespace, StateStore, Update};
use login_ratelimit::window::{Micros, Policy};

const T0: Micros = 1_800_000_000_000_000;
const POLICY: Policy = Policy {
    limit: 5,
    interval: 900_000_000,
};
const LEVELS: [f64; 5] = [0.25, 0.50, 0.75, 0.90, 1.00];
/// Tables per size: each has its own random hash key, so the figures are averages.
const TABLES: u32 = 5;

fn attempt(table: &SharedTable, client: u32) {
    let [a, b, c, d] = client.to_be_bytes();
    table.measure_and_replace(
        Key {
            user: 0,
            namespace: Namespace::Login,
            limiter: "BE",
            subject: &[4, a, b, c, d],
            interval: POLICY.interval,
        },
        T0,
        &mut |state, now| {
            POLICY
                .consume(state, now, 1)
                .store
                .map_or(Update::Keep, Update::Put)
        },
    );
}

/// Live states lost at each level (share of clients inserted so far), and the share of the
/// capacity filled before the first loss (to a thousandth of the capacity).
fn fill(bytes: u64) -> ([f64; LEVELS.len()], f64) {
    let table = SharedTable::anonymous(bytes).expect("a table");
    let capacity = table.capacity();
    let mut lost = [0.0; LEVELS.len()];
    let mut first_loss = None;
    let mut inserted = 0u64;
    for (level, share) in LEVELS.iter().enumerate() {
        let until = (capacity as f64 * share).round() as u64;
        while inserted < until {
            // Reading the eviction count scans the table: look once per thousandth of it.
            let step = (until - inserted).min(capacity.div_ceil(1000));
            for client in inserted..inserted + step {
                attempt(&table, client as u32);
            }
            if first_loss.is_none() && table.stats(T0).evictions > 0 {
                first_loss = Some(inserted);
            }
            inserted += step;
        }
        lost[level] = table.stats(T0).evictions as f64 / inserted as f64;
    }
    let first_loss = first_loss.unwrap_or(capacity) as f64 / capacity as f64;
    (lost, first_loss)
}

fn main() {
    let levels: Vec<String> = LEVELS
        .iter()
        .map(|l| format!("{:.0} %", l * 100.0))
        .collect();
    println!(
        "| table | capacity | live states lost at {} | filled before the first loss (min / mean of {TABLES}) |",
        levels.join(" / ")
    );
    println!("|---|---:|---|---|");
    for (name, bytes) in [
        ("64 KiB", 64u64 << 10),
        ("1 MiB", 1 << 20),
        ("16 MiB", 16 << 20),
    ] {
        let capacity = SharedTable::anonymous(bytes).expect("a table").capacity();
        let mut lost = [0.0; LEVELS.len()];
        let mut first = Vec::new();
        for _ in 0..TABLES {
            let (table_lost, table_first) = fill(bytes);
            for (sum, one) in lost.iter_mut().zip(table_lost) {
                *sum += one / f64::from(TABLES);
            }
            first.push(table_first);
        }
        let min = first.iter().copied().fold(f64::MAX, f64::min);
        let mean = first.iter().sum::<f64>() / first.len() as f64;
        let shares: Vec<String> = lost.iter().map(|l| format!("{:.3} %", l * 100.0)).collect();
        println!(
            "| {name} | {capacity} | {} | {:.1} % / {:.1} % ({} / {} clients) |",
            shares.join(" / "),
            min * 100.0,
            mean * 100.0,
            (min * capacity as f64) as u64,
            (mean * capacity as f64) as u64
        );
    }
}
