//! The PHP binding: module registration, INI entries, phpinfo, and the classes. It converts PHP
//! values to the core's types and the core's errors to PHP exceptions, and decides nothing.

mod args;
mod engine;
mod errors;
mod exception;
mod keyed_limiter;
mod log;
mod login_limiter;
mod misplaced_settings;
mod rate_limit;
mod redis;
mod runtime;
mod test_clock;

use std::ffi::CStr;

use ext_php_rs::flags::IniEntryPermission;
use ext_php_rs::prelude::*;
use ext_php_rs::zend::{ExecutorGlobals, IniEntryDef, IniEntryDefs, ModuleEntry};
use ext_php_rs::{info_table_end, info_table_header, info_table_row, info_table_start};

use std::collections::BTreeMap;
use std::sync::OnceLock;

use runtime::IniSettings;

/// System-wide, since the table is mapped once at module start before workers are forked (a
/// change after that is noted, to be warned about); except `log_blocked`, read whenever there is
/// something to log, so a pool, a directory or a script may set its own.
static INI_ENTRIES: IniEntryDefs<9> = IniEntryDefs::new([
    system_entry(c"login_ratelimit.shm_size", c"16M", 0),
    system_entry(c"login_ratelimit.shm_path", c"", 1),
    system_entry(c"login_ratelimit.ipv6_prefix", c"64", 2),
    system_entry(c"login_ratelimit.test_clock", c"0", 3),
    IniEntryDef::new(
        c"login_ratelimit.log_blocked",
        c"1",
        IniEntryPermission::All,
    ),
    IniEntryDef::new(
        c"login_ratelimit.redis_url",
        c"",
        IniEntryPermission::System,
    ),
    IniEntryDef::new(
        c"login_ratelimit.redis_timeout_ms",
        c"50",
        IniEntryPermission::System,
    ),
    IniEntryDef::new(
        c"login_ratelimit.redis_prefix",
        c"login_ratelimit:",
        IniEntryPermission::System,
    ),
    IniEntryDef::end(),
]);

/// A system setting, number `index` of `system_settings::NAMES`.
const fn system_entry(name: &'static CStr, default: &'static CStr, index: usize) -> IniEntryDef {
    let mut entry = IniEntryDef::new(name, default, IniEntryPermission::System);
    entry.on_modify = Some(misplaced_settings::ON_MODIFY[index]);
    entry
}

pub fn startup(_ty: i32, module_number: i32) -> i32 {
    IniEntryDef::register(INI_ENTRIES.as_slice(), module_number);
    let values = ExecutorGlobals::get().ini_values();
    let setting = |name: &str| values.get(name).cloned().flatten().unwrap_or_default();
    let _ = MASTER_VALUES.set(
        values
            .iter()
            .filter(|(name, _)| name.starts_with("login_ratelimit."))
            .map(|(name, value)| (name.clone(), value.clone()))
            .collect(),
    );
    misplaced_settings::started_with(crate::system_settings::NAMES.map(setting));
    runtime::start(
        IniSettings {
            shm_size: setting("login_ratelimit.shm_size"),
            shm_path: setting("login_ratelimit.shm_path"),
            ipv6_prefix: setting("login_ratelimit.ipv6_prefix"),
            test_clock: setting("login_ratelimit.test_clock"),
            redis: redis::RedisSettings {
                url: setting("login_ratelimit.redis_url"),
                timeout_ms: setting("login_ratelimit.redis_timeout_ms"),
                prefix: setting("login_ratelimit.redis_prefix"),
            },
        },
        &sapi_name(),
    );
    0
}

/// The module's INI values at module start: what phpinfo() calls the master values.
static MASTER_VALUES: OnceLock<BTreeMap<String, Option<String>>> = OnceLock::new();

/// Request start: the user id is read again (a process may have switched users between
/// requests), and system settings given for this pool, directory or request are warned about.
pub extern "C" fn request_startup(_ty: i32, _module_number: i32) -> i32 {
    crate::store::user::renew();
    // A panic must not unwind into PHP; at worst a warning is not given.
    let _ = std::panic::catch_unwind(misplaced_settings::check);
    0
}

/// Module shutdown, in every process that exits and in a master that restarts (Apache's
/// graceful restart runs module start again in the same process): gives back what module start
/// mapped, so that restarts do not pile up mappings. Never clears or removes shared state.
pub extern "C" fn shutdown(_ty: i32, _module_number: i32) -> i32 {
    // A panic must not unwind into PHP; at worst the table stays mapped until the process ends.
    let _ = std::panic::catch_unwind(runtime::shutdown);
    0
}

/// The running SAPI's name, as `PHP_SAPI` gives it: "cli", "fpm-fcgi", "apache2handler", ...
fn sapi_name() -> String {
    // ext-php-rs offers no safe read of the SAPI's descriptor.
    #[allow(unsafe_code)]
    // SAFETY: `sapi_module` is the running SAPI's descriptor, which the SAPI fills in before it
    // starts any module and does not change afterwards; `name` is null or points to the SAPI's
    // static NUL-terminated name. Only the pointer is copied out of the static, by value.
    let name = unsafe {
        let name = std::ptr::addr_of!(ext_php_rs::ffi::sapi_module.name).read();
        (!name.is_null()).then(|| std::ffi::CStr::from_ptr(name))
    };
    name.map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The INI directives as phpinfo() lists them: name, local value, master value; any password in
/// `redis_url` replaced by `***`.
fn directive_rows() -> Vec<(String, String, String)> {
    let local = ExecutorGlobals::get().ini_values();
    let shown = |name: &str, value: Option<&String>| match value.filter(|v| !v.is_empty()) {
        None => "no value".to_owned(),
        Some(url) if name == "login_ratelimit.redis_url" => redis::shown_url(url),
        Some(value) => value.clone(),
    };
    MASTER_VALUES
        .get()
        .into_iter()
        .flatten()
        .map(|(name, master)| {
            let local = local.get(name).cloned().flatten();
            (
                name.clone(),
                shown(name, local.as_ref()),
                shown(name, master.as_ref()),
            )
        })
        .collect()
}

/// The phpinfo() section: the table's figures, then the INI directives.
pub extern "C" fn module_info(_module: *mut ModuleEntry) {
    // A NUL byte would make the macros below panic, which must not happen in an extern "C" fn.
    let clean = |text: &str| text.replace('\0', "");
    let rows: Vec<(String, String)> = runtime::info_rows()
        .iter()
        .map(|(name, value)| (clean(name), clean(value)))
        .collect();
    let directives: Vec<(String, String, String)> = directive_rows()
        .iter()
        .map(|(name, local, master)| (clean(name), clean(local), clean(master)))
        .collect();
    // ext-php-rs offers phpinfo() tables only as macros around its FFI calls; the strings
    // they are given contain no NUL bytes, which is all those calls require.
    #[allow(unsafe_code)]
    {
        info_table_start!();
        for (name, value) in &rows {
            info_table_row!(name.as_str(), value.as_str());
        }
        info_table_end!();
        // PHP's own listing (DISPLAY_INI_ENTRIES) would show redis_url as written, password
        // and all.
        info_table_start!();
        info_table_header!("Directive", "Local Value", "Master Value");
        for (name, local, master) in &directives {
            info_table_row!(name.as_str(), local.as_str(), master.as_str());
        }
        info_table_end!();
    }
}

#[php_module]
#[php(startup = "startup")]
pub fn get_module(module: ModuleBuilder) -> ModuleBuilder {
    module
        .class::<rate_limit::RateLimit>()
        .class::<exception::RateLimitExceededException>()
        .class::<login_limiter::LoginRateLimiter>()
        .class::<keyed_limiter::RateLimiter>()
        .class::<test_clock::TestClock>()
        .info_function(module_info)
        .request_startup_function(request_startup)
        .shutdown_function(shutdown)
}
