//! The PHP binding: module registration, INI entries, phpinfo, and the classes. It converts PHP
//! values to the core's types and the core's errors to PHP exceptions, and decides nothing.

mod errors;
mod exception;
mod log;
mod login_limiter;
mod rate_limit;
mod redis;
mod runtime;
mod test_clock;

use ext_php_rs::flags::IniEntryPermission;
use ext_php_rs::prelude::*;
use ext_php_rs::zend::{ExecutorGlobals, IniEntryDef, IniEntryDefs, ModuleEntry};
use ext_php_rs::{info_table_end, info_table_header, info_table_row, info_table_start};

use runtime::IniSettings;

/// All system-wide: the table is mapped once, at module start, before workers are forked.
static INI_ENTRIES: IniEntryDefs<8> = IniEntryDefs::new([
    IniEntryDef::new(
        c"login_ratelimit.shm_size",
        c"16M",
        IniEntryPermission::System,
    ),
    IniEntryDef::new(c"login_ratelimit.shm_path", c"", IniEntryPermission::System),
    IniEntryDef::new(
        c"login_ratelimit.ipv6_prefix",
        c"64",
        IniEntryPermission::System,
    ),
    IniEntryDef::new(
        c"login_ratelimit.test_clock",
        c"0",
        IniEntryPermission::System,
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

pub fn startup(_ty: i32, module_number: i32) -> i32 {
    IniEntryDef::register(INI_ENTRIES.as_slice(), module_number);
    let values = ExecutorGlobals::get().ini_values();
    let setting = |name: &str| values.get(name).cloned().flatten().unwrap_or_default();
    let runtime = runtime::start(IniSettings {
        shm_size: setting("login_ratelimit.shm_size"),
        shm_path: setting("login_ratelimit.shm_path"),
        ipv6_prefix: setting("login_ratelimit.ipv6_prefix"),
        test_clock: setting("login_ratelimit.test_clock"),
    });
    redis::start(
        redis::RedisSettings {
            url: setting("login_ratelimit.redis_url"),
            timeout_ms: setting("login_ratelimit.redis_timeout_ms"),
            prefix: setting("login_ratelimit.redis_prefix"),
        },
        runtime,
    );
    0
}

/// The INI directives as phpinfo() lists them (all are system settings, so the local value is
/// the master value), with any password in `redis_url` replaced by `***`.
fn directive_rows() -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = ExecutorGlobals::get()
        .ini_values()
        .into_iter()
        .filter(|(name, _)| name.starts_with("login_ratelimit."))
        .map(|(name, value)| {
            let value = value.filter(|v| !v.is_empty());
            let value = match (name.as_str(), value) {
                (_, None) => "no value".to_owned(),
                ("login_ratelimit.redis_url", Some(url)) => redis::shown_url(&url),
                (_, Some(value)) => value,
            };
            (name, value)
        })
        .collect();
    rows.sort();
    rows
}

/// The phpinfo() section: the table's figures, then the INI directives.
pub extern "C" fn module_info(_module: *mut ModuleEntry) {
    // A NUL byte would make the macros below panic, which must not happen in an extern "C" fn.
    let clean = |rows: Vec<(String, String)>| -> Vec<(String, String)> {
        rows.into_iter()
            .map(|(name, value)| (name.replace('\0', ""), value.replace('\0', "")))
            .collect()
    };
    let rows = clean(runtime::info_rows());
    let directives = clean(directive_rows());
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
        for (name, value) in &directives {
            info_table_row!(name.as_str(), value.as_str(), value.as_str());
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
        .class::<test_clock::TestClock>()
        .info_function(module_info)
}
