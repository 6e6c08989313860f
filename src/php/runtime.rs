//! The process-wide parts every limiter uses, made at module start and released at module
//! shutdown: the store (the shared table, or the same table in private memory if no shared one can
//! be mapped; Redis over either when configured), the clock, and the INI settings.
//!
//! Apache's graceful restart shuts the module down and starts it again in the same parent
//! process, so the runtime is not made once for good: module start puts one in `RUNTIME`, module
//! shutdown takes it out and unmaps its table. Calls borrow it through a read guard
//! (`Started`), so the table cannot be unmapped while any call uses it: shutdown takes the
//! write lock without waiting and, should a call still hold the runtime (PHP never shuts a
//! module down during a call), leaves everything mapped instead.

use std::ops::Deref;
use std::sync::{PoisonError, RwLock, RwLockReadGuard};

use ext_php_rs::error::php_error;
use ext_php_rs::flags::ErrorType;
use rustix::process::geteuid;

use crate::clock::{
    implausible_wall_clock, starting_instant, wall_micros, AnchoredClock, Clock, ManualClock,
};
use crate::config::table_size;
use crate::limiter::Engine;
use crate::store::location::{table_location, TableLocation, ANONYMOUS};
use crate::store::memory::MemoryStore;
use crate::store::redis::RedisStore;
use crate::store::shm::SharedTable;
use crate::store::{Key, Plan, StateStore, StoreStats, Update};
use crate::window::{Micros, State};

use super::log::log_line;

const DEFAULT_SHM_SIZE: u64 = 16 << 20;
const DEFAULT_IPV6_PREFIX: u8 = 64;

pub struct IniSettings {
    pub shm_size: String,
    pub shm_path: String,
    pub ipv6_prefix: String,
    pub test_clock: String,
    pub redis: super::redis::RedisSettings,
}

/// The store of this server alone.
pub enum Store {
    Shared(SharedTable),
    Local(MemoryStore, AnchoredClock),
}

impl Store {
    fn as_dyn(&self) -> &dyn StateStore {
        match self {
            Self::Shared(table) => table,
            Self::Local(map, _) => map,
        }
    }
}

impl StateStore for Store {
    fn measure_and_replace(
        &self,
        key: Key<'_>,
        now: Micros,
        measure: &mut dyn FnMut(Option<State>, Micros) -> Update,
    ) {
        self.as_dyn().measure_and_replace(key, now, measure);
    }

    fn measure_and_replace_planned(
        &self,
        key: Key<'_>,
        now: Micros,
        measure: &mut dyn FnMut(Option<State>, Micros) -> Update,
        plan: Plan<'_>,
    ) {
        self.as_dyn()
            .measure_and_replace_planned(key, now, measure, plan);
    }

    fn remove(&self, key: Key<'_>, now: Micros) {
        self.as_dyn().remove(key, now);
    }

    fn stats(&self, now: Micros) -> StoreStats {
        self.as_dyn().stats(now)
    }
}

/// Where states are kept: this server's store, or Redis answering from it when Redis does not.
enum Backend {
    Local(Store),
    Redis(Box<RedisStore<Store>>),
}

pub struct Runtime {
    backend: Backend,
    /// Set when `login_ratelimit.test_clock` is on: time then stands still unless moved.
    manual_clock: Option<ManualClock>,
    ipv6_prefix: u8,
    /// Why the runtime is not what the settings asked for, if it is not.
    degraded: Option<String>,
}

static RUNTIME: RwLock<Option<Runtime>> = RwLock::new(None);

/// The runtime, borrowed for the length of a call.
pub struct Started(RwLockReadGuard<'static, Option<Runtime>>);

impl Deref for Started {
    type Target = Runtime;

    fn deref(&self) -> &Runtime {
        // Made only from a guard found holding a runtime, which nobody can take out while the
        // guard lives.
        self.0.as_ref().expect("a Started guard holds a runtime")
    }
}

impl Runtime {
    pub fn engine(&self) -> Engine<'_> {
        Engine {
            store: self.store(),
            clock: self.clock(),
            ipv6_prefix: self.ipv6_prefix,
            user: crate::store::user::effective_uid(),
        }
    }

    pub fn store(&self) -> &dyn StateStore {
        match &self.backend {
            Backend::Local(store) => store,
            Backend::Redis(redis) => redis.as_ref(),
        }
    }

    /// This server's own store: the shared table (or process-local map).
    fn local(&self) -> &Store {
        match &self.backend {
            Backend::Local(store) => store,
            Backend::Redis(redis) => redis.fallback(),
        }
    }

    /// Redis, when it is the store.
    pub fn redis(&self) -> Option<&RedisStore<Store>> {
        match &self.backend {
            Backend::Local(_) => None,
            Backend::Redis(redis) => Some(redis),
        }
    }

    /// The limiter's clock. With Redis, decisions use Redis's `TIME` instead, and this clock
    /// only places the answers' instants (`retryAfter`) on this server's time.
    pub fn clock(&self) -> &dyn Clock {
        match (&self.manual_clock, self.local()) {
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

    /// Unmaps the table in this process; other processes and a table file keep the state.
    fn release(self) {
        let store = match self.backend {
            Backend::Local(store) => store,
            Backend::Redis(redis) => redis.into_fallback(),
        };
        if let Store::Shared(table) = store {
            table.unmap();
        }
    }

    /// Writes the shared table's full-table warning to PHP's error log if this process is the
    /// one to give it out now; to be called after each decision that may have stored a state.
    pub fn report_full_table(&self) {
        let Store::Shared(table) = self.local() else {
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

/// The runtime, made at module start. `None` before module start and after module shutdown, or
/// when module start found no memory to count in at all (then every call throws, naming the
/// startup log).
pub fn get() -> Option<Started> {
    let guard = RUNTIME.read().unwrap_or_else(PoisonError::into_inner);
    guard.is_some().then(|| Started(guard))
}

/// Makes the runtime from the INI settings, for a process of the SAPI `sapi`. A setting that
/// cannot be honoured is logged in one line and the closest safe choice is used.
pub fn start(settings: IniSettings, sapi: &str) {
    let mut slot = RUNTIME.write().unwrap_or_else(PoisonError::into_inner);
    if slot.is_some() {
        // Started twice without a shutdown between: keep the table the workers already share.
        return;
    }
    let mut problems = Vec::new();
    *slot = make(&settings, sapi, &mut problems);
    drop(slot);
    for problem in &problems {
        php_error(
            &ErrorType::CoreWarning,
            &format!("login_ratelimit: {problem}"),
        );
    }
}

/// Module shutdown: takes the runtime out and unmaps its table in this process. It runs in
/// every process that exits (each php-fpm or Apache worker, each `pcntl_fork()` child) as well
/// as in a master that restarts, so it only detaches: it never clears or removes a table that
/// others still use.
pub fn shutdown() {
    let mut slot = match RUNTIME.try_write() {
        Ok(slot) => slot,
        Err(std::sync::TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
        // A call still holds the runtime: leave it mapped rather than pull it away.
        Err(std::sync::TryLockError::WouldBlock) => return,
    };
    if let Some(runtime) = slot.take() {
        runtime.release();
    }
}

fn make(settings: &IniSettings, sapi: &str, problems: &mut Vec<String>) -> Option<Runtime> {
    let shm_size = table_size(&settings.shm_size).unwrap_or_else(|problem| {
        problems.push(format!("login_ratelimit.shm_size {problem}; using 16M"));
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
    let location = table_location(&settings.shm_path, sapi, geteuid().as_raw());
    let store = open_store(shm_size, location, sapi, problems)?;
    let wall = wall_micros();
    let store_now = match &store {
        Store::Shared(table) => table.now(),
        Store::Local(_, clock) => clock.now(),
    };
    problems.extend(implausible_wall_clock(wall, store_now));
    let backend = match super::redis::open(&settings.redis, problems) {
        Some(redis) => Backend::Redis(Box::new(redis.over(store))),
        None => Backend::Local(store),
    };
    let manual_clock =
        is_on(&settings.test_clock).then(|| ManualClock::new(starting_instant(wall)));
    Some(Runtime {
        backend,
        manual_clock,
        ipv6_prefix,
        degraded: (!problems.is_empty()).then(|| problems.join("; ")),
    })
}

fn open_store(
    size: u64,
    location: TableLocation,
    sapi: &str,
    problems: &mut Vec<String>,
) -> Option<Store> {
    let file = match location {
        TableLocation::Anonymous => None,
        TableLocation::Configured(path) => Some((path, String::new())),
        TableLocation::ServerDefault(path) => Some((
            path,
            format!(
                " (the {sapi} SAPI keeps its table in this file unless \
                 login_ratelimit.shm_path names another file, or {ANONYMOUS})"
            ),
        )),
    };
    if let Some((path, why_this_file)) = file {
        match SharedTable::file(path, size) {
            Ok(table) => return Some(Store::Shared(table)),
            Err(error) => problems.push(format!(
                "{error}; using an anonymous table instead, which processes of other masters \
                 do not share{why_this_file}"
            )),
        }
    }
    let shared_error = match SharedTable::anonymous(size) {
        Ok(table) => return Some(Store::Shared(table)),
        Err(error) => error,
    };
    match MemoryStore::new(DEFAULT_SHM_SIZE) {
        Ok(local) => {
            problems.push(format!(
                "{shared_error}; counting per process instead, which workers do not share"
            ));
            Some(Store::Local(local, AnchoredClock::anchored_now()))
        }
        Err(error) => {
            problems.push(format!(
                "{shared_error}; nor can this process count alone: {error}; every limiter \
                 call throws a RuntimeException"
            ));
            None
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
            if runtime.manual_clock.is_some() && runtime.redis().is_some() {
                "Redis's TIME for decisions; manual (login_ratelimit.test_clock=1) for the \
                 instants shown"
                    .to_owned()
            } else if runtime.manual_clock.is_some() {
                "manual (login_ratelimit.test_clock=1)".to_owned()
            } else if runtime.redis().is_some() {
                "Redis's TIME".to_owned()
            } else {
                "boot time, anchored to the wall clock".to_owned()
            },
        ),
    ]);
    if let Some(redis) = runtime.redis() {
        rows.extend(super::redis::info_rows(redis));
    }
    if let Some(problem) = &runtime.degraded {
        rows.push(("Warning".to_owned(), problem.clone()));
    }
    rows
}

/// Entries per slot of capacity.
pub fn load(stats: &StoreStats) -> f64 {
    stats.entries as f64 / stats.capacity.max(1) as f64
}

pub fn ipv6_prefix() -> u8 {
    get().map_or(DEFAULT_IPV6_PREFIX, |r| r.ipv6_prefix)
}

/// The runtime, or the exception a PHP call gets if module start never ran.
pub fn started() -> ext_php_rs::prelude::PhpResult<Started> {
    get().ok_or_else(|| {
        super::errors::runtime("login_ratelimit did not start: see the PHP startup log")
    })
}
