//! The process-wide parts every limiter uses, made once at module start: the store (the shared
//! table, or a process-local map if no table can be mapped), the clock, and the INI settings.

use std::path::PathBuf;
use std::sync::OnceLock;

use ext_php_rs::error::php_error;
use ext_php_rs::flags::ErrorType;

use crate::clock::{wall_micros, AnchoredClock, Clock, ManualClock};
use crate::config::parse_size;
use crate::limiter::Engine;
use crate::store::memory::MemoryStore;
use crate::store::shm::SharedTable;
use crate::store::{StateStore, StoreStats};

use super::log::log_line;

const DEFAULT_SHM_SIZE: u64 = 16 << 20;
const DEFAULT_IPV6_PREFIX: u8 = 64;
/// Entries the process-local fallback keeps: about what a default table holds.
const FALLBACK_CAPACITY: usize = 1 << 20;

pub struct IniSettings {
    pub shm_size: String,
    pub shm_path: String,
    pub ipv6_prefix: String,
    pub test_clock: String,
}

enum Store {
    Shared(SharedTable),
    Local(MemoryStore, AnchoredClock),
}

pub struct Runtime {
    store: Store,
    /// Set when `login_ratelimit.test_clock` is on: time then stands still unless moved.
    manual_clock: Option<ManualClock>,
    ipv6_prefix: u8,
    /// Why the runtime is not what the settings asked for, if it is not.
    degraded: Option<String>,
}

static RUNTIME: OnceLock<Runtime> = OnceLock::new();

impl Runtime {
    pub fn engine(&self) -> Engine<'_> {
        Engine {
            store: self.store(),
            clock: self.clock(),
            ipv6_prefix: self.ipv6_prefix,
        }
    }

    pub fn store(&self) -> &dyn StateStore {
        match &self.store {
            Store::Shared(table) => table,
            Store::Local(map, _) => map,
        }
    }

    pub fn clock(&self) -> &dyn Clock {
        match (&self.manual_clock, &self.store) {
            (Some(manual), _) => manual,
            (None, Store::Shared(table)) => table,
            (None, Store::Local(_, clock)) => clock,
        }
    }

    pub fn manual_clock(&self) -> Option<&ManualClock> {
        self.manual_clock.as_ref()
    }

    pub fn stats(&self) -> StoreStats {
        self.store().stats(self.clock().now())
    }

    /// Writes the shared table's full-table warning to PHP's error log if this process is the
    /// one to give it out now; to be called after each decision that may have stored a state.
    pub fn report_full_table(&self) {
        let Store::Shared(table) = &self.store else {
            return;
        };
        if let Some(full) = table.take_full_warning(self.clock().now()) {
            log_line(&format!(
                "login_ratelimit: shared table full ({} clients, capacity {}): raise \
                 login_ratelimit.shm_size (now {})",
                full.entries,
                full.capacity,
                php_size(full.memory_bytes)
            ));
        }
    }
}

/// A size as php.ini would write it: `16M`, `64K`, or bytes.
fn php_size(bytes: u64) -> String {
    [("G", 30), ("M", 20), ("K", 10)]
        .iter()
        .find(|(_, shift)| bytes >= 1 << shift && bytes.is_multiple_of(1 << shift))
        .map_or_else(
            || bytes.to_string(),
            |(unit, shift)| format!("{}{unit}", bytes >> shift),
        )
}

/// The runtime, made at module start. `None` only if module start never ran.
pub fn get() -> Option<&'static Runtime> {
    RUNTIME.get()
}

/// Makes the runtime from the INI settings. Never fails: a setting that cannot be honoured is
/// logged in one line and the closest safe choice is used instead.
pub fn start(settings: IniSettings) {
    RUNTIME.get_or_init(|| {
        let mut problems = Vec::new();
        let shm_size = parse_size(&settings.shm_size).unwrap_or_else(|| {
            problems.push(format!(
                "login_ratelimit.shm_size \"{}\" is not a size (like 16M); using 16M",
                settings.shm_size
            ));
            DEFAULT_SHM_SIZE
        });
        let ipv6_prefix = settings
            .ipv6_prefix
            .trim()
            .parse::<u8>()
            .ok()
            .filter(|p| (1..=128).contains(p))
            .unwrap_or_else(|| {
                problems.push(format!(
                    "login_ratelimit.ipv6_prefix \"{}\" is not a prefix length from 1 to 128; \
                     using {DEFAULT_IPV6_PREFIX}",
                    settings.ipv6_prefix
                ));
                DEFAULT_IPV6_PREFIX
            });
        let store = open_store(shm_size, settings.shm_path.trim(), &mut problems);
        let manual_clock = is_on(&settings.test_clock).then(|| ManualClock::new(wall_micros()));
        for problem in &problems {
            php_error(
                &ErrorType::CoreWarning,
                &format!("login_ratelimit: {problem}"),
            );
        }
        Runtime {
            store,
            manual_clock,
            ipv6_prefix,
            degraded: (!problems.is_empty()).then(|| problems.join("; ")),
        }
    });
}

fn open_store(size: u64, path: &str, problems: &mut Vec<String>) -> Store {
    if !path.is_empty() {
        match SharedTable::file(PathBuf::from(path), size) {
            Ok(table) => return Store::Shared(table),
            Err(error) => problems.push(format!(
                "{error}; using an anonymous table instead, which processes of other masters \
                 do not share"
            )),
        }
    }
    match SharedTable::anonymous(size) {
        Ok(table) => Store::Shared(table),
        Err(error) => {
            problems.push(format!(
                "{error}; counting per process instead, which workers do not share"
            ));
            Store::Local(
                MemoryStore::new(FALLBACK_CAPACITY),
                AnchoredClock::anchored_now(),
            )
        }
    }
}

fn is_on(value: &str) -> bool {
    matches!(
        value.trim().to_ascii_lowercase().as_str(),
        "1" | "on" | "yes" | "true"
    )
}

/// The phpinfo() rows.
pub fn info_rows() -> Vec<(String, String)> {
    let mut rows = vec![("login_ratelimit support".to_owned(), "enabled".to_owned())];
    rows.push(("Version".to_owned(), env!("CARGO_PKG_VERSION").to_owned()));
    let Some(runtime) = get() else {
        rows.push(("Status".to_owned(), "not started".to_owned()));
        return rows;
    };
    let stats = runtime.stats();
    let load = load(&stats);
    rows.extend([
        ("Backend".to_owned(), stats.backend.to_owned()),
        ("Location".to_owned(), stats.location),
        ("Capacity (clients)".to_owned(), stats.capacity.to_string()),
        ("Entries".to_owned(), stats.entries.to_string()),
        ("Load".to_owned(), format!("{:.1} %", 100.0 * load)),
        ("Evictions".to_owned(), stats.evictions.to_string()),
        ("Memory (bytes)".to_owned(), stats.memory_bytes.to_string()),
        (
            "IPv6 prefix".to_owned(),
            format!("/{}", runtime.ipv6_prefix),
        ),
        (
            "Clock".to_owned(),
            if runtime.manual_clock.is_some() {
                "manual (login_ratelimit.test_clock=1)".to_owned()
            } else {
                "boot time, anchored to the wall clock".to_owned()
            },
        ),
    ]);
    if let Some(problem) = &runtime.degraded {
        rows.push(("Warning".to_owned(), problem.clone()));
    }
    rows
}

/// Live states per slot of capacity.
pub fn load(stats: &StoreStats) -> f64 {
    stats.entries as f64 / stats.capacity.max(1) as f64
}

pub fn ipv6_prefix() -> u8 {
    get().map_or(DEFAULT_IPV6_PREFIX, |r| r.ipv6_prefix)
}

/// The runtime, or the exception a PHP call gets if module start never ran.
pub fn started() -> ext_php_rs::prelude::PhpResult<&'static Runtime> {
    get().ok_or_else(|| {
        super::errors::runtime("login_ratelimit did not start: see the PHP startup log")
    })
}
