//! Warns when a system setting is given after module start, where it has no effect (see
//! `crate::system_settings`). PHP calls a setting's `on_modify` handler for every change; the
//! handler only notes which setting changed, and the next request start compares it with the
//! value module start used: nothing is read or compared in a request unless a system setting
//! was changed for it. Each warning is given once per process and setting, and once between all
//! the processes a server forked (the workers of every pool of a php-fpm master, the children
//! of an Apache parent) for each setting and value.

use std::ffi::{c_int, c_void};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock, PoisonError};

use ext_php_rs::ffi::{zend_ini_entry, zend_string};
use ext_php_rs::zend::ExecutorGlobals;

use super::log::log_line;
use crate::store::shm::SharedOnce;
use crate::system_settings::{is_misplaced, notice, warning, NAMES};

/// PHP's `ZEND_INI_STAGE_*` in which a change comes from configuration given after module
/// start: a worker's activation (php-fpm's pool values), `ini_set()`, and per-directory or
/// per-request values of the web server.
const ZEND_INI_STAGE_ACTIVATE: c_int = 1 << 2;
const ZEND_INI_STAGE_RUNTIME: c_int = 1 << 4;
const ZEND_INI_STAGE_HTACCESS: c_int = 1 << 5;
const SUCCESS: c_int = 0;

pub type OnModify = unsafe extern "C" fn(
    *mut zend_ini_entry,
    *mut zend_string,
    *mut c_void,
    *mut c_void,
    *mut c_void,
    c_int,
) -> c_int;

/// The `on_modify` handler of each setting of `NAMES`, in that order.
pub const ON_MODIFY: [OnModify; 4] = [changed::<0>, changed::<1>, changed::<2>, changed::<3>];

static CHANGED: [AtomicBool; 4] = [const { AtomicBool::new(false) }; 4];
/// Settings this process has warned about.
static WARNED: [AtomicBool; 4] = [const { AtomicBool::new(false) }; 4];
/// The values module start used.
static STARTED_WITH: Mutex<Option<[String; 4]>> = Mutex::new(None);
/// Shared by the processes forked after module start; `None` if it could not be mapped.
static SHARED: OnceLock<Option<SharedOnce>> = OnceLock::new();

/// Notes a change of setting `SETTING`; accepts it, as PHP would without a handler.
extern "C" fn changed<const SETTING: usize>(
    _entry: *mut zend_ini_entry,
    _value: *mut zend_string,
    _arg1: *mut c_void,
    _arg2: *mut c_void,
    _arg3: *mut c_void,
    stage: c_int,
) -> c_int {
    if stage & (ZEND_INI_STAGE_ACTIVATE | ZEND_INI_STAGE_RUNTIME | ZEND_INI_STAGE_HTACCESS) != 0 {
        CHANGED[SETTING].store(true, Ordering::Relaxed);
    }
    SUCCESS
}

/// Module start: the values in effect from now on, in the order of `NAMES`.
pub fn started_with(values: [String; 4]) {
    *STARTED_WITH.lock().unwrap_or_else(PoisonError::into_inner) = Some(values);
    for (changed, warned) in CHANGED.iter().zip(&WARNED) {
        changed.store(false, Ordering::Relaxed);
        warned.store(false, Ordering::Relaxed);
    }
    // Made once per process and reused, so that a server restarting its modules (Apache's
    // graceful restart) does not pile up pages; each start gives every warning again.
    if let Some(shared) = SHARED.get_or_init(|| SharedOnce::new().ok()) {
        shared.clear();
    }
}

/// Request start: warns about each system setting changed for this request or process.
pub fn check() {
    let pending: Vec<usize> = (0..NAMES.len())
        .filter(|&i| {
            // A load first: a request without changes writes nothing.
            CHANGED[i].load(Ordering::Relaxed)
                && !WARNED[i].load(Ordering::Relaxed)
                && CHANGED[i].swap(false, Ordering::Relaxed)
        })
        .collect();
    if pending.is_empty() {
        return;
    }
    let Some(started) = STARTED_WITH
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone()
    else {
        return;
    };
    let current = ExecutorGlobals::get().ini_values();
    for i in pending {
        let now = current.get(NAMES[i]).cloned().flatten();
        if !is_misplaced(&started[i], now.as_deref()) {
            continue;
        }
        let now = now.unwrap_or_default();
        WARNED[i].store(true, Ordering::Relaxed);
        let first = SHARED
            .get()
            .and_then(Option::as_ref)
            .is_none_or(|shared| shared.first(notice(NAMES[i], &now)));
        if first {
            log_line(&warning(NAMES[i], &now, &started[i]));
        }
    }
}
