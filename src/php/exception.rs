//! `LoginRateLimit\RateLimitExceededException`, thrown by `RateLimit::ensureAccepted()`.

use ext_php_rs::binary::Binary;
use ext_php_rs::convert::IntoZval;
use ext_php_rs::exception::{throw_object, PhpException};
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendClassObject, ZendHashTable, ZendObject, Zval};
use ext_php_rs::zend::{ce, ClassEntry, ExecutorGlobals};

use super::args::{Bytes, Int, OptionalThrowable};
use super::engine;
use super::errors::runtime;
use super::rate_limit::{on_wall_clock, RateLimit};
use crate::limiter;
use crate::utc;

extern "C" {
    /// SPL's `\RuntimeException`, exported by every PHP 8 binary.
    static spl_ce_RuntimeException: *mut ClassEntry;
}

/// The parent class of `RateLimitExceededException`. It is needed while the module starts, when
/// PHP's class lookup does not work yet and ext-php-rs offers no safe way to name an SPL class.
#[allow(unsafe_code)]
fn runtime_exception_ce() -> &'static ClassEntry {
    // SAFETY: SPL is built into PHP 8 and sets this global during its own module start, which
    // precedes every shared extension's; it stays valid until module shutdown. A null pointer
    // (never seen) falls back to `\Exception`.
    unsafe { spl_ce_RuntimeException.as_ref() }.unwrap_or_else(ce::exception)
}

/// Thrown by `RateLimit::ensureAccepted()` when the attempt was not accepted; PHP code may also
/// make and extend it like any exception.
///
/// Not `Default`: ext-php-rs gives objects of a class with a default value the class itself,
/// whatever subclass PHP asked for, so objects start uninitialized and every constructor,
/// including `for_rate_limit`, initializes them.
#[php_class]
#[php(name = "LoginRateLimit\\RateLimitExceededException")]
#[php(extends(ce = runtime_exception_ce, stub = "\\RuntimeException"))]
pub struct RateLimitExceededException {
    rate_limit: Option<limiter::RateLimit>,
}

impl RateLimitExceededException {
    /// Throws the exception for `rate_limit`, as if PHP had made it where the PHP code called
    /// into the extension; the returned value only tells the caller to stop.
    pub fn for_rate_limit(rate_limit: limiter::RateLimit) -> PhpException {
        const TOO_MANY_REQUESTS: i64 = 429;
        let message = format!(
            "Rate limit exceeded: retry after {}",
            utc::with_micros(on_wall_clock(rate_limit.retry_after))
        );
        let mut exception = ZendClassObject::new(Self {
            rate_limit: Some(rate_limit),
        });
        let object = exception.get_mut_zend_obj();
        in_exception_scope(|| {
            let _ = object.set_property("message", message.as_str());
            let _ = object.set_property("code", TOO_MANY_REQUESTS);
        });
        place_at_caller(object);
        if exception.into_zval(false).map(throw_object).is_err() {
            return runtime(message);
        }
        // An exception is now pending, so this one is never thrown.
        runtime(message)
    }
}

/// `debug_backtrace()`'s frames as seen from the extension (without calling `debug_backtrace()`,
/// which `disable_functions` may remove): frame 0 is the extension's own method, called at the
/// file and line of the PHP code that called it.
fn backtrace(provide_object: bool) -> Option<Zval> {
    const DEBUG_BACKTRACE_PROVIDE_OBJECT: i64 = 1;
    const DEBUG_BACKTRACE_IGNORE_ARGS: i64 = 2;
    let options = DEBUG_BACKTRACE_IGNORE_ARGS
        | if provide_object {
            DEBUG_BACKTRACE_PROVIDE_OBJECT
        } else {
            0
        };
    Some(engine::backtrace(options)).filter(Zval::is_array)
}

/// Runs `write` in the scope of `\Exception`, whose own properties may only be written there.
fn in_exception_scope<R>(write: impl FnOnce() -> R) -> R {
    let previous_scope = std::mem::replace(
        &mut ExecutorGlobals::get_mut().fake_scope,
        std::ptr::from_ref(ce::exception()).cast_mut(),
    );
    let result = write();
    ExecutorGlobals::get_mut().fake_scope = previous_scope;
    result
}

/// Gives an exception the file and line of frame `location` of `frames` and the trace from
/// frame `trace_from` on: what PHP records by itself only for exceptions it creates.
fn place(exception: &mut ZendObject, frames: &Zval, location: usize, trace_from: usize) {
    let Some(frames) = frames.array() else {
        return;
    };
    let caller = frames.get_index(location as i64).and_then(Zval::array);
    let file = caller.and_then(|f| f.get("file")?.str().map(str::to_owned));
    let line = caller.and_then(|f| f.get("line")?.long());
    let mut trace = ZendHashTable::new();
    for frame in frames.values().skip(trace_from) {
        let _ = trace.push(frame.shallow_clone());
    }
    in_exception_scope(|| {
        if let (Some(file), Some(line)) = (file, line) {
            let _ = exception.set_property("file", file);
            let _ = exception.set_property("line", line);
        }
        let _ = exception.set_property("trace", trace);
    });
}

/// Gives an exception thrown by the extension the file, line and trace of the PHP code that
/// called into it.
fn place_at_caller(exception: &mut ZendObject) {
    if let Some(frames) = backtrace(false) {
        place(exception, &frames, 0, 0);
    }
}

/// Does for an exception made with `new` from PHP what `\Exception::__construct()` and PHP's
/// object creation do: sets the message, code and previous exception, and the first time, the
/// file and line of the `new` and the trace from there. The object is the `$this` of the
/// running constructor; a subclass's constructors calling it (`parent::__construct()`) are
/// part of the construction, not of the trace.
fn construct_from_php(message: &[u8], code: i64, previous: Option<&Zval>) {
    let (Some(mut with_objects), Some(frames)) = (backtrace(true), backtrace(false)) else {
        return;
    };
    let constructors = constructor_frames(&with_objects);
    let Some(this) = with_objects
        .array_mut()
        .and_then(|frames| frames.get_index_mut(0))
        .and_then(Zval::array_mut)
        .and_then(|frame| frame.get_mut("object"))
        .and_then(Zval::object_mut)
        .filter(|_| constructors > 0)
    else {
        return;
    };
    let placed = in_exception_scope(|| {
        // PHP's own constructor leaves a default in place, as a subclass may declare another.
        if !message.is_empty() {
            let _ = this.set_property("message", Binary::from(message.to_vec()));
        }
        if code != 0 {
            let _ = this.set_property("code", code);
        }
        if let Some(previous) = previous {
            let _ = this.set_property("previous", previous.shallow_clone());
        }
        this.get_property::<&str>("file")
            .is_ok_and(|file| !file.is_empty())
    });
    if !placed {
        place(this, &frames, constructors - 1, constructors);
    }
}

/// How many frames, from the innermost out, are constructors running on the first frame's
/// object.
fn constructor_frames(frames: &Zval) -> usize {
    let object_of = |frame: &Zval| -> Option<*const ZendObject> {
        let frame = frame.array()?;
        if frame.get("function")?.str()? != "__construct" {
            return None;
        }
        frame.get("object")?.object().map(std::ptr::from_ref)
    };
    let Some(frames) = frames.array() else {
        return 0;
    };
    let this = frames.get_index(0).and_then(object_of);
    frames
        .values()
        .take_while(|frame| this.is_some() && object_of(frame) == this)
        .count()
}

#[php_impl]
impl RateLimitExceededException {
    /// As `\Exception::__construct()`; an exception made this way carries no rate limit.
    #[php(defaults(message = "\"\"", code = 0))]
    pub fn __construct(message: Bytes, code: Int, previous: OptionalThrowable) -> Self {
        construct_from_php(message.0, code.0, previous.0);
        Self { rate_limit: None }
    }

    /// The rate limit that was exceeded; `null` for an exception made with `new`.
    pub fn get_rate_limit(&self) -> Option<RateLimit> {
        self.rate_limit.map(RateLimit::from)
    }
}
