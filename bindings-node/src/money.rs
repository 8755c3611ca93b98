//! Money for JS: `{ amount: string, currency: string }` objects and pure functions.

use crate::convert;
use crate::error::{IntoJs, Result};
use napi::bindgen_prelude::Unknown;
use napi_derive::napi;
use seamline::{Money as CoreMoney, RoundingMode};

/// Exact money: the amount is always a decimal string, never a JS number.
#[napi(object)]
pub struct Money {
    /// Exact decimal text, e.g. `"12.30"`.
    pub amount: String,
    /// ISO 4217 code, e.g. `"USD"`.
    pub currency: String,
}

impl From<CoreMoney> for Money {
    fn from(m: CoreMoney) -> Self {
        Money {
            amount: m.amount().to_string(),
            currency: m.currency().code().to_string(),
        }
    }
}

/// `a + b`; `CURRENCY_MISMATCH` across currencies.
#[seamline_guard::guard]
#[napi(ts_args_type = "a: Money, b: Money")]
pub fn add_money(a: Unknown, b: Unknown) -> Result<Money> {
    let sum = convert::money(&a, "a")?
        .checked_add(&convert::money(&b, "b")?)
        .js()?;
    Ok(sum.into())
}

/// `a − b`; `CURRENCY_MISMATCH` across currencies.
#[seamline_guard::guard]
#[napi(ts_args_type = "a: Money, b: Money")]
pub fn subtract_money(a: Unknown, b: Unknown) -> Result<Money> {
    let difference = convert::money(&a, "a")?
        .checked_sub(&convert::money(&b, "b")?)
        .js()?;
    Ok(difference.into())
}

/// Rounds to the currency's minor unit (`half_up` unless a mode is given).
#[seamline_guard::guard]
#[napi(ts_args_type = "money: Money, mode?: 'half_up' | 'half_even' | 'half_down' | 'down' | 'up'")]
pub fn round_money(money: Unknown, mode: Option<Unknown>) -> Result<Money> {
    let money = convert::money(&money, "money")?;
    let mode = match mode {
        Some(m) if !matches!(m.get_type(), Ok(napi::ValueType::Undefined)) => {
            convert::string(&m, "mode")?.parse::<RoundingMode>().js()?
        }
        _ => RoundingMode::HalfUp,
    };
    Ok(money.round(mode).into())
}

/// Splits `total` across `weights` by largest remainder; the parts sum exactly to `total`.
#[seamline_guard::guard]
#[napi(ts_args_type = "total: Money, weights: Array<string | number>")]
pub fn allocate_money(total: Unknown, weights: Unknown) -> Result<Vec<Money>> {
    let total = convert::money(&total, "total")?;
    let weights = convert::elements(&weights, "weights")?;
    let weights = weights
        .iter()
        .enumerate()
        .map(|(i, w)| convert::decimal(w, &format!("weights[{i}]")))
        .collect::<Result<Vec<_>>>()?;
    Ok(total
        .allocate(&weights)
        .js()?
        .into_iter()
        .map(Money::from)
        .collect())
}
