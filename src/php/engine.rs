//! The few calls into the PHP engine that ext-php-rs has no safe wrapper for, in one place:
//! parsing a scalar argument as PHP parses the arguments of its own functions, and the call
//! stack of the running call. Each is an exported `ZEND_API` function that PHP's own
//! extensions call; none depends on a userland function that `disable_functions` can remove.
#![allow(unsafe_code)]

use std::ffi::{c_char, c_int, CStr};

use ext_php_rs::ffi::{
    _zend_expected_type, _zend_expected_type_Z_EXPECTED_ARRAY_OR_NULL,
    _zend_expected_type_Z_EXPECTED_DOUBLE, _zend_expected_type_Z_EXPECTED_LONG,
    _zend_expected_type_Z_EXPECTED_STRING, zend_long,
};
use ext_php_rs::types::{ZendStr, Zval};
use ext_php_rs::zend::{ExecuteData, ExecutorGlobals};

extern "C" {
    fn zend_parse_arg_long_slow(arg: *mut Zval, dest: *mut zend_long, arg_num: u32) -> bool;
    fn zend_parse_arg_double_slow(arg: *mut Zval, dest: *mut f64, arg_num: u32) -> bool;
    fn zend_parse_arg_str_slow(arg: *mut Zval, dest: *mut *mut ZendStr, arg_num: u32) -> bool;
    fn zend_wrong_parameter_type_error(num: u32, expected: _zend_expected_type, arg: *mut Zval);
    fn zend_wrong_parameter_class_or_null_error(num: u32, name: *const c_char, arg: *mut Zval);
    fn zend_fetch_debug_backtrace(
        return_value: *mut Zval,
        skip_last: c_int,
        options: c_int,
        limit: c_int,
    );
}

/// The position (from 1) of `arg` among the arguments of the running internal call, which PHP
/// needs to name the parameter in its messages; 0 (no name) if `arg` is not one of them.
fn arg_number(arg: &Zval) -> u32 {
    // ZEND_CALL_ARG(call, 1): the arguments follow the call frame, in slots of one zval.
    let slot = std::mem::size_of::<Zval>();
    let frame_slots = std::mem::size_of::<ExecuteData>().div_ceil(slot);
    let frame = ExecutorGlobals::get().current_execute_data as usize;
    let first = frame + frame_slots * slot;
    let at = std::ptr::from_ref(arg) as usize;
    if frame == 0 || at < first || !(at - first).is_multiple_of(slot) {
        return 0;
    }
    u32::try_from((at - first) / slot + 1).unwrap_or(0)
}

/// A PHP argument as PHP's own functions read an `int` parameter (`Z_PARAM_LONG`): coerced
/// outside `strict_types` (a numeric string, a float with no fraction, a bool; with PHP's
/// deprecations), refused in strict mode. `None` leaves PHP's own `TypeError` pending.
pub fn long_arg(arg: &mut Zval) -> Option<i64> {
    if arg.is_long() {
        return arg.long();
    }
    let number = arg_number(arg);
    let mut value: zend_long = 0;
    // SAFETY: `arg` is an argument of the running internal call (`EG(current_execute_data)`),
    // which PHP's parser may convert in place, as for its own functions; `value` outlives the
    // call. The parser reads the caller's strict_types from the current frame.
    if unsafe { zend_parse_arg_long_slow(arg, &raw mut value, number) } {
        return Some(value);
    }
    // SAFETY: as above; PHP reads `arg` to name its type, and throws nothing if an exception
    // (from a deprecation turned into one) is already pending.
    unsafe { zend_wrong_parameter_type_error(number, _zend_expected_type_Z_EXPECTED_LONG, arg) };
    None
}

/// As `long_arg`, for a `float` parameter (`Z_PARAM_DOUBLE`): an int is taken in both modes.
pub fn double_arg(arg: &mut Zval) -> Option<f64> {
    if arg.is_double() {
        return arg.double();
    }
    let number = arg_number(arg);
    let mut value = 0.0;
    // SAFETY: as in `long_arg`.
    if unsafe { zend_parse_arg_double_slow(arg, &raw mut value, number) } {
        return Some(value);
    }
    // SAFETY: as in `long_arg`.
    unsafe {
        zend_wrong_parameter_type_error(number, _zend_expected_type_Z_EXPECTED_DOUBLE, arg);
    };
    None
}

/// As `long_arg`, for a `string` parameter (`Z_PARAM_STR`): an int, a float, a bool or an
/// object with `__toString()` is converted in place outside `strict_types`.
pub fn str_arg(arg: &mut Zval) -> Option<&ZendStr> {
    if !arg.is_string() {
        let number = arg_number(arg);
        let mut converted: *mut ZendStr = std::ptr::null_mut();
        // SAFETY: as in `long_arg`; on success PHP has replaced `arg` by the string, which
        // `arg` holds for as long as it is borrowed here.
        if !unsafe { zend_parse_arg_str_slow(arg, &raw mut converted, number) } {
            // SAFETY: as in `long_arg`.
            unsafe {
                zend_wrong_parameter_type_error(number, _zend_expected_type_Z_EXPECTED_STRING, arg);
            };
            return None;
        }
    }
    arg.zend_str()
}

/// Leaves pending the `TypeError` PHP throws for an argument of a `?array` parameter that is
/// neither.
pub fn wrong_type_or_null_array(arg: &mut Zval) {
    let number = arg_number(arg);
    // SAFETY: as in `long_arg`.
    unsafe {
        zend_wrong_parameter_type_error(number, _zend_expected_type_Z_EXPECTED_ARRAY_OR_NULL, arg);
    };
}

/// Leaves pending the `TypeError` PHP throws for an argument of a `?Class` parameter that is
/// neither an instance of `class` nor null.
pub fn wrong_class_or_null(arg: &mut Zval, class: &CStr) {
    let number = arg_number(arg);
    // SAFETY: as in `long_arg`; `class` is a NUL-terminated string that outlives the call.
    unsafe { zend_wrong_parameter_class_or_null_error(number, class.as_ptr(), arg) };
}

/// The frames of the call stack, as `debug_backtrace($options)` called where this extension
/// was called would give them: frame 0 is the running method of this extension, at the file
/// and line of the PHP code that called it.
pub fn backtrace(options: i64) -> Zval {
    let mut frames = Zval::new();
    let options = c_int::try_from(options).unwrap_or(0);
    // SAFETY: PHP fills `frames`, a fresh zval, with a new array, reading only the frames of
    // the running request; a skip of 0 starts at the current (this extension's) frame.
    unsafe { zend_fetch_debug_backtrace(&raw mut frames, 0, options, 0) };
    frames
}
