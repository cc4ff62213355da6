use std::collections::BTreeMap;

use alloy_dyn_abi::{DynSolType, DynSolValue, Specifier};
use alloy_json_abi::Param;
use alloy_primitives::Address;
use serde_json::Value;

use crate::{Error, Result};

/// Turns the JSON values of a vector file into ABI values, resolving `@account` references.
pub(crate) struct Values<'a> {
    accounts: &'a BTreeMap<String, Address>,
}

impl<'a> Values<'a> {
    pub(crate) fn new(accounts: &'a BTreeMap<String, Address>) -> Self {
        Self { accounts }
    }

    /// The address named by `"@name"`, or a literal address.
    pub(crate) fn address(&self, reference: &str) -> Result<Address> {
        match reference.strip_prefix('@') {
            Some(name) => self.accounts.get(name).copied().ok_or_else(|| Error::UnknownAccount(name.to_owned())),
            None => reference.parse().map_err(|error: alloy_primitives::hex::FromHexError| Error::BadValue {
                value: reference.to_owned(),
                ty: "address".into(),
                reason: error.to_string(),
            }),
        }
    }

    /// Coerces one value per parameter; the counts must match.
    pub(crate) fn coerce_params(&self, params: &[Param], values: &[Value]) -> Result<Vec<DynSolValue>> {
        let types = params.iter().map(|param| param.resolve()).collect::<Result<Vec<_>, _>>()?;
        self.coerce_list(&types, values)
    }

    /// Coerces one value per type; the counts must match.
    pub(crate) fn coerce_list(&self, types: &[DynSolType], values: &[Value]) -> Result<Vec<DynSolValue>> {
        if types.len() != values.len() {
            return Err(Error::BadValue {
                value: Value::Array(values.to_vec()).to_string(),
                ty: format!("{} parameter(s)", types.len()),
                reason: format!("{} value(s) given", values.len()),
            });
        }
        types.iter().zip(values).map(|(ty, value)| self.coerce(ty, value)).collect()
    }

    /// Coerces `value` to `ty`.
    pub(crate) fn coerce(&self, ty: &DynSolType, value: &Value) -> Result<DynSolValue> {
        let bad = |reason: String| Error::BadValue { value: value.to_string(), ty: ty.to_string(), reason };
        match value {
            Value::String(text) if text.starts_with('@') => {
                let address = self.address(text)?;
                ty.coerce_str(&address.to_string()).map_err(|error| bad(error.to_string()))
            }
            Value::String(text) => ty.coerce_str(text).map_err(|error| bad(error.to_string())),
            Value::Number(number) => ty.coerce_str(&number.to_string()).map_err(|error| bad(error.to_string())),
            Value::Bool(flag) => ty.coerce_str(&flag.to_string()).map_err(|error| bad(error.to_string())),
            Value::Array(items) => match ty {
                DynSolType::Tuple(types) if types.len() == items.len() => Ok(DynSolValue::Tuple(
                    types.iter().zip(items).map(|(ty, item)| self.coerce(ty, item)).collect::<Result<_>>()?,
                )),
                DynSolType::Array(inner) => {
                    Ok(DynSolValue::Array(items.iter().map(|item| self.coerce(inner, item)).collect::<Result<_>>()?))
                }
                DynSolType::FixedArray(inner, len) if *len == items.len() => Ok(DynSolValue::FixedArray(
                    items.iter().map(|item| self.coerce(inner, item)).collect::<Result<_>>()?,
                )),
                _ => Err(bad("an array does not fit this type".into())),
            },
            Value::Null | Value::Object(_) => Err(bad("use a string, number, bool or array".into())),
        }
    }
}
