//! The PHP binding: module registration, INI entries, phpinfo, and the classes. It converts PHP
//! values to the core's types and the core's errors to PHP exceptions, and decides nothing.

mod errors;
mod exception;
mod log;
mod login_limiter;
mod rate_limit;
mod runtime;
mod test_clock;

use ext_php_rs::flags::IniEntryPermission;
use ext_php_rs::prelude::*;
use ext_php_rs::zend::{ExecutorGlobals, IniEntryDef, IniEntryDefs, ModuleEntry};
use ext_php_rs::{info_table_end, info_table_row, info_table_start};

use runtime::IniSettings;

/// All system-wide: the table is mapped once, at module start, before workers are forked.
static INI_ENTRIES: IniEntryDefs<5> = IniEntryDefs::new([
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
    IniEntryDef::end(),
]);

pub fn startup(_ty: i32, module_number: i32) -> i32 {
    IniEntryDef::register(INI_ENTRIES.as_slice(), module_number);
    let values = ExecutorGlobals::get().ini_values();
    let setting = |name: &str| values.get(name).cloned().flatten().unwrap_or_default();
    runtime::start(IniSettings {
        shm_size: setting("login_ratelimit.shm_size"),
        shm_path: setting("login_ratelimit.shm_path"),
        ipv6_prefix: setting("login_ratelimit.ipv6_prefix"),
        test_clock: setting("login_ratelimit.test_clock"),
    });
    0
}

extern "C" {
    /// PHP's own listing of a module's INI directives in phpinfo().
    fn display_ini_entries(module: *mut ModuleEntry);
}

/// The phpinfo() section: the table's figures, then the INI directives as every extension shows
/// them.
pub extern "C" fn module_info(module: *mut ModuleEntry) {
    // A NUL byte would make the macros below panic, which must not happen in an extern "C" fn.
    let rows: Vec<(String, String)> = runtime::info_rows()
        .into_iter()
        .map(|(name, value)| (name.replace('\0', ""), value.replace('\0', "")))
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
        // SAFETY: PHP passes its own entry for this module, whose INI entries were registered
        // at module start; this is what a C extension's DISPLAY_INI_ENTRIES() does.
        unsafe { display_ini_entries(module) };
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
