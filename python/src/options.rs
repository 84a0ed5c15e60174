//! Keyword options from Python into the library's `ScanOptions` builder: each name is one of
//! `copydesk::options::OPTION_NAMES`, each value checked by the builder like the command
//! line's. An unknown name is a `TypeError` listing the known ones, as Python's own keyword
//! errors are; a value of the wrong type or out of range is a `ValueError` naming the option.

use copydesk::options::{OPTION_NAMES, ScanOptions};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// The options in `dict`, for the function `function` (named in messages).
pub fn from_dict(dict: &Bound<'_, PyDict>, function: &str) -> PyResult<ScanOptions> {
    let mut b = ScanOptions::builder();
    for (key, value) in dict.iter() {
        let name: String = key
            .extract()
            .map_err(|_| PyTypeError::new_err(format!("{function}(): option names are strings")))?;
        let wrong = |what: &str| {
            PyValueError::new_err(format!("{function}(): option {name} expects {what}"))
        };
        let number = || -> PyResult<f64> {
            if value.is_instance_of::<pyo3::types::PyBool>() {
                return Err(wrong("a number"));
            }
            value.extract::<f64>().map_err(|_| wrong("a number"))
        };
        let count = || -> PyResult<usize> {
            if value.is_instance_of::<pyo3::types::PyBool>() {
                return Err(wrong("a whole number"));
            }
            value
                .extract::<usize>()
                .map_err(|_| wrong("a whole number"))
        };
        let flag = || -> PyResult<bool> {
            if !value.is_instance_of::<pyo3::types::PyBool>() {
                return Err(wrong("True or False"));
            }
            value.extract::<bool>().map_err(|_| wrong("True or False"))
        };
        let text =
            || -> PyResult<String> { value.extract::<String>().map_err(|_| wrong("a string")) };
        match name.as_str() {
            "coverage" => b.coverage(number()?),
            "threshold" => b.threshold(number()?),
            "containment" => b.containment(number()?),
            "keep" => b.keep(text()?.parse().map_err(|e: String| wrong(&e))?),
            "min_words" => b.min_words(count()?),
            "boilerplate_docs" => b.boilerplate_docs(count()?),
            "spin" => b.spin(flag()?),
            "spun_pairs" => b.spun_pairs(flag()?),
            "every_substitution" => b.every_substitution(flag()?),
            "format" => b.format(text()?.parse().map_err(|e: String| wrong(&e))?),
            "text_field" => b.text_field(text()?),
            "id_field" => b.id_field(text()?),
            _ => {
                return Err(PyTypeError::new_err(format!(
                    "{function}() got an unknown option {name:?}; the options are {}",
                    OPTION_NAMES.join(", ")
                )));
            }
        };
    }
    b.build()
        .map_err(|e| PyValueError::new_err(format!("{function}(): {e}")))
}
