//! Parameter types that take PHP arguments as PHP's own functions do: coerced outside
//! `strict_types` (`consume('10.0.0.1', '2')`), refused in strict mode, and refused with PHP's
//! own `TypeError` ("...: Argument #2 ($tokens) must be of type int, array given"). Each still
//! declares its plain type (`int`, `string`, `float`) to reflection and static analysis.

use ext_php_rs::convert::{FromZvalMut, StubLiteral};
use ext_php_rs::flags::DataType;
use ext_php_rs::types::{ZendHashTable, Zval};
use ext_php_rs::zend::ce;

use super::engine;

/// A `string` parameter as its bytes, so that a value that is not UTF-8 reaches the code that
/// refuses it naming it (or keeps it as PHP would) rather than failing as a type error.
pub struct Bytes<'a>(pub &'a [u8]);

impl<'a> FromZvalMut<'a> for Bytes<'a> {
    const TYPE: DataType = DataType::String;

    fn from_zval_mut(zval: &'a mut Zval) -> Option<Self> {
        engine::str_arg(zval).map(|text| Self(text.as_bytes()))
    }
}

impl From<&'static str> for Bytes<'_> {
    fn from(text: &'static str) -> Self {
        Self(text.as_bytes())
    }
}

impl StubLiteral for Bytes<'_> {
    fn stub_literal(&self) -> String {
        String::from_utf8_lossy(self.0).stub_literal()
    }
}

/// An `int` parameter.
pub struct Int(pub i64);

impl FromZvalMut<'_> for Int {
    const TYPE: DataType = DataType::Long;

    fn from_zval_mut(zval: &mut Zval) -> Option<Self> {
        engine::long_arg(zval).map(Self)
    }
}

impl From<i64> for Int {
    fn from(value: i64) -> Self {
        Self(value)
    }
}

impl StubLiteral for Int {
    fn stub_literal(&self) -> String {
        self.0.to_string()
    }
}

/// A `float` parameter: an int is taken in both modes, as PHP does.
pub struct Float(pub f64);

impl FromZvalMut<'_> for Float {
    const TYPE: DataType = DataType::Double;

    fn from_zval_mut(zval: &mut Zval) -> Option<Self> {
        engine::double_arg(zval).map(Self)
    }
}

/// A `?array` parameter that may be omitted.
pub struct OptionalArray<'a>(pub Option<&'a ZendHashTable>);

impl<'a> FromZvalMut<'a> for OptionalArray<'a> {
    const TYPE: DataType = DataType::Array;
    const NULLABLE: bool = true;

    fn from_zval_mut(zval: &'a mut Zval) -> Option<Self> {
        if zval.is_null() {
            return Some(Self(None));
        }
        if zval.is_array() {
            return zval.array().map(|array| Self(Some(array)));
        }
        engine::wrong_type_or_null_array(zval);
        None
    }

    fn from_missing() -> Option<Self> {
        Some(Self(None))
    }
}

/// A `?Throwable` parameter that may be omitted.
pub struct OptionalThrowable<'a>(pub Option<&'a Zval>);

impl<'a> FromZvalMut<'a> for OptionalThrowable<'a> {
    const TYPE: DataType = DataType::object("Throwable");
    const NULLABLE: bool = true;

    fn from_zval_mut(zval: &'a mut Zval) -> Option<Self> {
        if zval.is_null() {
            return Some(Self(None));
        }
        if zval
            .object()
            .is_some_and(|object| object.instance_of(ce::throwable()))
        {
            return Some(Self(Some(zval)));
        }
        engine::wrong_class_or_null(zval, c"Throwable");
        None
    }

    fn from_missing() -> Option<Self> {
        Some(Self(None))
    }
}
