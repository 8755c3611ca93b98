//! The uniffi layer behind the Swift package `Seamline`. Thin by design:
//! the tie-out's records are generated from core's schemas (`records.rs`),
//! other records and enums restate core's types, and functions convert and
//! call core.

uniffi::setup_scaffolding!();

mod catalog;
mod customers;
mod error;
mod instant;
mod ledger;
mod orders;
mod prices;
mod reconciliation;
mod records;
mod results;
mod sourcing;
mod sync_health;
mod systems_of_record;

pub use error::SeamlineError;

use results::{BufferPolicy, GtinRange, Rounding};
use seamline::{parse_decimal, Currency, Money as CoreMoney, RoundingMode, Sku};

/// Exact decimal text; `Foundation.Decimal` in Swift (see uniffi.toml).
#[derive(Clone, Debug, serde::Deserialize, serde::Serialize)]
#[serde(transparent)]
pub struct DecimalText(pub String);
uniffi::custom_newtype!(DecimalText, String);

fn decimal(text: &DecimalText, field: &str) -> Result<seamline::Decimal, SeamlineError> {
    Ok(parse_decimal(field, &text.0)?)
}

/// A value core hands out as the Swift type generated from its schema
/// (`results.rs`, `records.rs`): through its serialized form, so every
/// field is core's. A value that does not read is the generator's fault,
/// reported as `INTERNAL`, never a panic.
pub(crate) fn swift<T: serde::de::DeserializeOwned>(
    value: &impl serde::Serialize,
) -> Result<T, SeamlineError> {
    let internal = |e: serde_json::Error| seamline::Error::Internal {
        detail: format!("a result did not convert for Swift: {e}"),
    };
    Ok(serde_json::from_value(serde_json::to_value(value).map_err(internal)?).map_err(internal)?)
}

/// A value a Swift app gives back (yesterday's queue, a policy, a cart),
/// read by core's own reader as any language's is, errors named under `field`.
pub(crate) fn from_swift<T: serde::de::DeserializeOwned>(
    value: &impl serde::Serialize,
    field: &str,
) -> Result<T, SeamlineError> {
    Ok(seamline::input::from_value(
        wire_value(value, field)?,
        field,
    )?)
}

/// A value a Swift app gives, in core's wire form, for whichever of core's
/// readers takes it (serde's, or a table schema's).
pub(crate) fn wire_value(
    value: &impl serde::Serialize,
    field: &str,
) -> seamline::Result<serde_json::Value> {
    serde_json::to_value(value).map_err(|e| {
        seamline::Error::invalid_argument(field, "(a value)", format!("could not be written: {e}"))
    })
}

/// Exact money in one ISO 4217 currency.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct Money {
    /// The exact amount.
    pub amount: DecimalText,
    /// ISO 4217 code, e.g. `"USD"`.
    pub currency: String,
}

impl Money {
    fn to_core(&self, field: &str) -> Result<CoreMoney, SeamlineError> {
        Ok(CoreMoney::new(
            decimal(&self.amount, field)?,
            Currency::from_code(&self.currency)?,
        ))
    }
}

impl From<CoreMoney> for Money {
    fn from(m: CoreMoney) -> Self {
        Money {
            amount: DecimalText(m.amount().to_string()),
            currency: m.currency().code().to_string(),
        }
    }
}

/// Panics on purpose, for the test that proves a panic reaches Swift as
/// `SeamlineError.Internal` and the app lives on.
#[seamline_guard::guard]
#[uniffi::export]
pub fn force_panic_for_testing(message: String) {
    panic!("{message}");
}

/// The smallest buffer b with P(demand ≤ b) ≥ service level.
#[seamline_guard::guard]
#[uniffi::export]
pub fn recommend_buffer(
    velocity_per_hour: f64,
    exposure_hours: f64,
    service_level: f64,
) -> Result<u64, SeamlineError> {
    Ok(seamline::recommend_buffer(
        velocity_per_hour,
        exposure_hours,
        service_level,
    )?)
}

/// P(demand over the exposure window > buffer).
#[seamline_guard::guard]
#[uniffi::export]
pub fn oversell_probability(
    buffer: u64,
    velocity_per_hour: f64,
    exposure_hours: f64,
) -> Result<f64, SeamlineError> {
    Ok(seamline::oversell_probability(
        buffer,
        velocity_per_hour,
        exposure_hours,
    )?)
}

/// The longest exposure window, in hours, for which `buffer` meets the
/// service level; `.infinity` at zero velocity.
#[seamline_guard::guard]
#[uniffi::export]
pub fn max_exposure(
    buffer: u64,
    velocity_per_hour: f64,
    service_level: f64,
) -> Result<f64, SeamlineError> {
    Ok(seamline::max_exposure(
        buffer,
        velocity_per_hour,
        service_level,
    )?)
}

/// max(0, on_hand − reserved − buffer).
#[seamline_guard::guard]
#[uniffi::export]
pub fn published_quantity(
    on_hand: i64,
    reserved: i64,
    policy: BufferPolicy,
) -> Result<u64, SeamlineError> {
    let policy: seamline::BufferPolicy = from_swift(&policy, "policy")?;
    Ok(seamline::published_quantity(on_hand, reserved, &policy)?)
}

/// The buffer in units a policy holds back from `available` units.
#[seamline_guard::guard]
#[uniffi::export]
pub fn buffer_units(policy: BufferPolicy, available: i64) -> Result<u64, SeamlineError> {
    let policy: seamline::BufferPolicy = from_swift(&policy, "policy")?;
    Ok(policy.buffer_units(available)?)
}

/// Parses a rounding mode name (`half_up`, `half-even`, …).
#[seamline_guard::guard]
#[uniffi::export]
pub fn rounding_named(name: String) -> Result<Rounding, SeamlineError> {
    swift(&name.parse::<RoundingMode>()?)
}

/// Money from decimal text, e.g. `money(amount: "12.30", currency: "USD")`.
#[seamline_guard::guard]
#[uniffi::export]
pub fn money_parse(amount: String, currency: String) -> Result<Money, SeamlineError> {
    Ok(CoreMoney::parse(&amount, &currency)?.into())
}

/// `a + b`; `currencyMismatch` across currencies.
#[seamline_guard::guard]
#[uniffi::export]
pub fn money_add(a: Money, b: Money) -> Result<Money, SeamlineError> {
    Ok(a.to_core("a")?.checked_add(&b.to_core("b")?)?.into())
}

/// `a − b`; `currencyMismatch` across currencies.
#[seamline_guard::guard]
#[uniffi::export]
pub fn money_subtract(a: Money, b: Money) -> Result<Money, SeamlineError> {
    Ok(a.to_core("a")?.checked_sub(&b.to_core("b")?)?.into())
}

/// Rounds to the currency's minor unit.
#[seamline_guard::guard]
#[uniffi::export]
pub fn money_round(money: Money, mode: Rounding) -> Result<Money, SeamlineError> {
    let mode: RoundingMode = from_swift(&mode, "mode")?;
    Ok(money.to_core("money")?.round(mode).into())
}

/// Splits `total` across `weights` by largest remainder; parts sum exactly to `total`.
#[seamline_guard::guard]
#[uniffi::export]
pub fn money_allocate(
    total: Money,
    weights: Vec<DecimalText>,
) -> Result<Vec<Money>, SeamlineError> {
    let weights = weights
        .iter()
        .enumerate()
        .map(|(i, w)| decimal(w, &format!("weights[{i}]")))
        .collect::<Result<Vec<_>, _>>()?;
    let parts = total.to_core("total")?.allocate(&weights)?;
    Ok(parts.into_iter().map(Money::from).collect())
}

/// Decimal places of a currency's minor unit (JPY 0, USD 2, KWD 3).
#[seamline_guard::guard]
#[uniffi::export]
pub fn minor_units(currency: String) -> Result<u32, SeamlineError> {
    Ok(Currency::from_code(&currency)?.minor_units())
}

/// The canonical form of a SKU (trimmed).
#[seamline_guard::guard]
#[uniffi::export]
pub fn normalize_sku(value: String) -> Result<String, SeamlineError> {
    Ok(Sku::new(&value)?.as_str().to_string())
}

/// Every stable error code.
#[seamline_guard::guard]
#[uniffi::export]
pub fn error_codes() -> Vec<String> {
    seamline::ErrorCode::ALL
        .iter()
        .map(|c| c.as_str().to_string())
        .collect()
}

/// The 14-digit form of a GTIN-8, -12, -13 or -14 (check digit verified).
#[seamline_guard::guard]
#[uniffi::export]
pub fn normalize_gtin(value: String) -> Result<String, SeamlineError> {
    Ok(seamline::catalog::Gtin::parse(&value)?.gtin14())
}

/// A UPC-E code expanded to its UPC-A GTIN, in 14 digits.
#[seamline_guard::guard]
#[uniffi::export]
pub fn expand_upc_e(value: String) -> Result<String, SeamlineError> {
    Ok(seamline::catalog::Gtin::from_upc_e(&value)?.gtin14())
}

/// What a GTIN's GS1 prefix says it is.
#[seamline_guard::guard]
#[uniffi::export]
pub fn gtin_range(value: String) -> Result<GtinRange, SeamlineError> {
    swift(&seamline::catalog::Gtin::parse(&value)?.range())
}
