//! Exact money: a decimal amount in one ISO 4217 currency.

use crate::currency::Currency;
use crate::error::{Error, Result};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// How an amount is rounded to its currency's minor unit.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RoundingMode {
    /// Ties go away from zero (2.345 → 2.35, −2.345 → −2.35): the commercial default.
    #[default]
    HalfUp,
    /// Ties go to the even digit (2.345 → 2.34, 2.355 → 2.36): banker's rounding.
    HalfEven,
    /// Ties go toward zero (2.345 → 2.34).
    HalfDown,
    /// Always toward zero (truncation).
    Down,
    /// Always away from zero.
    Up,
}

impl RoundingMode {
    /// Every mode, for bindings and tests.
    pub const ALL: [RoundingMode; 5] = [
        RoundingMode::HalfUp,
        RoundingMode::HalfEven,
        RoundingMode::HalfDown,
        RoundingMode::Down,
        RoundingMode::Up,
    ];

    /// The stable name, e.g. `"half_up"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            RoundingMode::HalfUp => "half_up",
            RoundingMode::HalfEven => "half_even",
            RoundingMode::HalfDown => "half_down",
            RoundingMode::Down => "down",
            RoundingMode::Up => "up",
        }
    }

    fn strategy(self) -> RoundingStrategy {
        match self {
            RoundingMode::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            RoundingMode::HalfEven => RoundingStrategy::MidpointNearestEven,
            RoundingMode::HalfDown => RoundingStrategy::MidpointTowardZero,
            RoundingMode::Down => RoundingStrategy::ToZero,
            RoundingMode::Up => RoundingStrategy::AwayFromZero,
        }
    }
}

impl FromStr for RoundingMode {
    type Err = Error;
    /// Parses `half_up`, `half-even`, `HALF_UP`, … (case and `-`/`_` insensitive).
    fn from_str(s: &str) -> Result<Self> {
        let norm = s.trim().to_ascii_lowercase().replace('-', "_");
        RoundingMode::ALL
            .into_iter()
            .find(|m| m.as_str() == norm)
            .ok_or_else(|| {
                Error::invalid_argument(
                    "rounding_mode",
                    format!("{s:?}"),
                    "expected one of half_up, half_even, half_down, down, up",
                )
            })
    }
}

/// An exact amount of money in one currency.
///
/// The amount keeps the scale it was given (`10.5` stays `10.5`) until it is
/// [rounded](Money::round); arithmetic is allowed only within one currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Money {
    #[schemars(with = "crate::wire_types::DecimalText")]
    #[serde(with = "rust_decimal::serde::str")]
    amount: Decimal,
    currency: Currency,
}

impl Money {
    /// Money from an exact decimal amount.
    pub fn new(amount: Decimal, currency: Currency) -> Self {
        Money { amount, currency }
    }

    /// Parses a decimal string (`"12.34"`, `"-0.5"`) and a currency code.
    ///
    /// Exponent notation and thousands separators are refused: money crosses
    /// systems as plain decimal text.
    pub fn parse(amount: &str, currency: &str) -> Result<Self> {
        let currency = Currency::from_code(currency)?;
        Ok(Money::new(parse_decimal("amount", amount)?, currency))
    }

    /// Zero in `currency`.
    pub fn zero(currency: Currency) -> Self {
        Money::new(Decimal::ZERO, currency)
    }

    /// The exact amount.
    pub fn amount(&self) -> Decimal {
        self.amount
    }

    /// The currency.
    pub fn currency(&self) -> Currency {
        self.currency
    }

    fn same_currency(&self, other: &Money, operation: &str) -> Result<()> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(Error::CurrencyMismatch {
                operation: operation.into(),
                left: self.currency.to_string(),
                right: other.currency.to_string(),
            })
        }
    }

    /// `self + other`; `CURRENCY_MISMATCH` across currencies.
    pub fn checked_add(&self, other: &Money) -> Result<Money> {
        self.same_currency(other, "add")?;
        let amount = self
            .amount
            .checked_add(other.amount)
            .ok_or_else(|| Error::overflow("add"))?;
        Ok(Money::new(amount, self.currency))
    }

    /// `self − other`; `CURRENCY_MISMATCH` across currencies.
    pub fn checked_sub(&self, other: &Money) -> Result<Money> {
        self.same_currency(other, "subtract")?;
        let amount = self
            .amount
            .checked_sub(other.amount)
            .ok_or_else(|| Error::overflow("subtract"))?;
        Ok(Money::new(amount, self.currency))
    }

    /// `−self`.
    pub fn negate(&self) -> Money {
        Money::new(negated(self.amount), self.currency)
    }

    /// Rounds to the currency's minor unit with `mode`; the result always
    /// carries exactly that many decimals (`5` USD becomes `5.00`).
    pub fn round(&self, mode: RoundingMode) -> Money {
        let dp = self.currency.minor_units();
        let mut amount = self.amount.round_dp_with_strategy(dp, mode.strategy());
        amount.rescale(dp);
        Money::new(amount, self.currency)
    }

    /// True when the amount has no digits below the minor unit.
    pub fn is_in_minor_units(&self) -> bool {
        self.amount.normalize().scale() <= self.currency.minor_units()
    }

    /// Splits `self` across `weights` by largest remainder, to the minor unit.
    ///
    /// The parts always sum exactly to `self`; each part is within one minor
    /// unit of its exact share; ties in remainder go to the earlier part, so
    /// the result is deterministic. `self` must already be in minor units
    /// (round it first); weights must be non-negative with a positive sum.
    pub fn allocate(&self, weights: &[Decimal]) -> Result<Vec<Money>> {
        if weights.is_empty() {
            return Err(Error::invalid_argument(
                "weights",
                "[]",
                "at least one weight is needed",
            ));
        }
        if let Some((i, w)) = weights
            .iter()
            .enumerate()
            .find(|(_, w)| w.is_sign_negative() && !w.is_zero())
        {
            return Err(Error::invalid_argument(
                format!("weights[{i}]"),
                w,
                "weights must not be negative",
            ));
        }
        if !self.is_in_minor_units() {
            return Err(Error::invalid_amount(
                "total",
                self.amount.to_string(),
                format!(
                    "has more decimals than {}'s {} minor units; round it first",
                    self.currency,
                    self.currency.minor_units()
                ),
            ));
        }
        let overflow = || Error::overflow("allocate");
        let sum = weights
            .iter()
            .try_fold(Decimal::ZERO, |acc, w| acc.checked_add(*w))
            .ok_or_else(overflow)?;
        if sum.is_zero() {
            return Err(Error::invalid_argument(
                "weights",
                "all zero",
                "the weights must have a positive sum",
            ));
        }
        let dp = self.currency.minor_units();
        let scale = Decimal::from(10u64.pow(dp));
        // Work in whole minor units of the absolute total; the sign is put back at the end.
        let units = self.amount.abs().checked_mul(scale).ok_or_else(overflow)?;
        let mut parts = Vec::with_capacity(weights.len());
        let mut remainders = Vec::with_capacity(weights.len());
        let mut given = Decimal::ZERO;
        for w in weights {
            let product = units.checked_mul(*w).ok_or_else(overflow)?;
            let share = product.checked_div(sum).ok_or_else(overflow)?.floor();
            let remainder = product
                .checked_sub(share.checked_mul(sum).ok_or_else(overflow)?)
                .ok_or_else(overflow)?;
            given = given.checked_add(share).ok_or_else(overflow)?;
            parts.push(share);
            remainders.push(remainder);
        }
        let leftover = units.checked_sub(given).ok_or_else(overflow)?;
        let mut order: Vec<usize> = (0..weights.len()).collect();
        // Largest remainder first; equal remainders keep input order (stable sort).
        order.sort_by(|&a, &b| remainders[b].cmp(&remainders[a]));
        let extra = leftover.to_usize().ok_or_else(overflow)?;
        for &i in order.iter().take(extra) {
            parts[i] = parts[i].checked_add(Decimal::ONE).ok_or_else(overflow)?;
        }
        let negative = self.amount.is_sign_negative();
        parts
            .into_iter()
            .map(|p| {
                let mut amount = p.checked_div(scale).ok_or_else(overflow)?;
                amount.rescale(dp);
                if negative {
                    amount = negated(amount);
                }
                Ok(Money::new(amount, self.currency))
            })
            .collect()
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.currency)
    }
}

/// `−d`, exactly: a decimal's range is symmetric, so flipping the sign never
/// overflows (the operator form panics on overflow in principle, so the
/// arithmetic lint refuses it).
pub(crate) fn negated(d: Decimal) -> Decimal {
    let mut out = d;
    out.set_sign_negative(!d.is_sign_negative());
    out
}

/// Parses plain decimal text into an exact [`Decimal`], naming `field` on error.
///
/// Accepts an optional sign, digits and one decimal point; refuses exponents,
/// separators, `NaN` and anything beyond 28 significant digits.
pub fn parse_decimal(field: &str, text: &str) -> Result<Decimal> {
    // The value in a message is cut to 64 characters: a megabyte of digits
    // is refused in a line, not quoted back whole.
    let bad = |reason: &str| Error::invalid_amount(field, crate::input::shown(text, false), reason);
    let t = text.trim();
    let body = t.strip_prefix(['-', '+']).unwrap_or(t);
    // Counted with saturation: a text longer than usize::MAX cannot exist.
    let mut digits = 0usize;
    let mut points = 0usize;
    for c in body.chars() {
        match c {
            '0'..='9' => digits = digits.saturating_add(1),
            '.' => points = points.saturating_add(1),
            _ => return Err(bad("expected a plain decimal such as \"12.34\"")),
        }
    }
    if digits == 0 || points > 1 {
        return Err(bad("expected a plain decimal such as \"12.34\""));
    }
    Decimal::from_str_exact(t).map_err(|_| bad("too many digits for an exact decimal"))
}

/// The most significant digits a decimal holds (rust_decimal's 96-bit mantissa).
const MAX_DIGITS: usize = 29;

/// A decimal from its sign, digits (each 0–9, most significant first) and
/// base-10 exponent — the parts Python's `Decimal.as_tuple()` gives — read
/// exactly, with work bounded by the digits given: an exponent of 300
/// million is refused at once, never expanded into text first.
/// `INVALID_AMOUNT` names `field` when the value is not one a decimal holds
/// (beyond 28 decimal places or about 7.9e28).
pub fn decimal_from_parts(
    field: &str,
    negative: bool,
    digits: &[u8],
    exponent: i64,
) -> Result<Decimal> {
    let shown = || {
        let head: String = digits
            .iter()
            .take(20)
            .map(|d| char::from(b'0'.saturating_add(*d)))
            .collect();
        format!(
            "{}{head}{}E{exponent}",
            if negative { "-" } else { "" },
            if digits.len() > 20 { "…" } else { "" }
        )
    };
    if digits.iter().any(|d| *d > 9) {
        return Err(Error::invalid_amount(field, shown(), "a digit is not 0–9"));
    }
    let first = digits.iter().position(|d| *d != 0).unwrap_or(digits.len());
    let mut significant = &digits[first..];
    let mut exponent = exponent;
    // Trailing zeros after the point are kept (12.30 stays 12.30) unless a
    // decimal cannot hold them; then they go, which changes no value.
    while exponent < 0
        && significant.last() == Some(&0)
        && (significant.len() > MAX_DIGITS || exponent < -28)
    {
        significant = &significant[..significant.len().saturating_sub(1)];
        exponent = exponent.saturating_add(1);
    }
    if significant.is_empty() {
        let scale = exponent.clamp(-28, 0).unsigned_abs() as u32;
        return Ok(Decimal::new(0, scale));
    }
    let whole_digits = i64::try_from(significant.len())
        .unwrap_or(i64::MAX)
        .saturating_add(exponent.max(0));
    if whole_digits > MAX_DIGITS as i64 {
        return Err(Error::invalid_amount(
            field,
            shown(),
            "too large for an exact decimal",
        ));
    }
    let scale = exponent.min(0).unsigned_abs();
    if scale > 28 || significant.len() > MAX_DIGITS {
        return Err(Error::invalid_amount(
            field,
            shown(),
            "too many digits for an exact decimal",
        ));
    }
    // At most 29 digits and a shift of at most 29 places: fits an i128.
    let mut mantissa: i128 = 0;
    for d in significant {
        mantissa = mantissa * 10 + i128::from(*d);
    }
    for _ in 0..exponent.max(0) {
        mantissa *= 10;
    }
    if negative {
        mantissa = -mantissa;
    }
    Decimal::try_from_i128_with_scale(mantissa, scale as u32)
        .map_err(|_| Error::invalid_amount(field, shown(), "too large for an exact decimal"))
}

/// Serde form of an exact amount in a record: decimal text on the way out;
/// decimal text or a whole number on the way in. A float is refused with a
/// clear message, so no binding can slip a binary fraction into money.
pub mod amount_text {
    use super::parse_decimal;
    use rust_decimal::Decimal;
    use serde::de::{self, Visitor};
    use serde::{Deserializer, Serializer};
    use std::fmt;

    /// Writes the amount as decimal text.
    pub fn serialize<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(value)
    }

    /// Reads decimal text or a whole number; refuses floats.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        d.deserialize_any(AmountVisitor)
    }

    struct AmountVisitor;

    impl Visitor<'_> for AmountVisitor {
        type Value = Decimal;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an exact amount as decimal text, such as \"19.99\"")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
            parse_decimal("amount", v).map_err(E::custom)
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
            Ok(Decimal::from(v))
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
            Ok(Decimal::from(v))
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
            Err(E::custom(format!(
                "money must be exact: got the float {v}; send decimal text such as \"19.99\""
            )))
        }
    }
}

/// [`amount_text`] for an amount that may be absent (`null` or missing).
pub mod optional_amount_text {
    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes the amount as decimal text, or `null`.
    pub fn serialize<S: Serializer>(value: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => s.collect_str(v),
            None => s.serialize_none(),
        }
    }

    /// Reads `null`, decimal text or a whole number; refuses floats.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        #[derive(Deserialize)]
        struct Exact(#[serde(with = "super::amount_text")] Decimal);
        Ok(Option::<Exact>::deserialize(d)?.map(|e| e.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_from_parts_are_exact_and_bounded() {
        let d = |neg, digits: &[u8], exp| decimal_from_parts("amount", neg, digits, exp);
        assert_eq!(d(false, &[1, 2, 3, 4], -2).unwrap().to_string(), "12.34");
        assert_eq!(d(true, &[5], 3).unwrap().to_string(), "-5000");
        assert_eq!(d(false, &[1, 0, 0], -2).unwrap().to_string(), "1.00");
        assert_eq!(d(false, &[0, 0], -2).unwrap().to_string(), "0.00");
        // Zeros a decimal cannot keep are dropped without changing the value.
        let mut long = vec![1u8];
        long.extend([0u8; 40]);
        assert_eq!(d(false, &long, -40).unwrap(), Decimal::ONE);
        assert_eq!(d(false, &[0, 0], 7).unwrap(), Decimal::ZERO);
        // 1e300000000 and 1e-300000000 are refused at once, not expanded.
        let err = d(false, &[1], 300_000_000).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::InvalidAmount);
        assert!(err.to_string().len() < 200, "{err}");
        assert!(d(false, &[1], -300_000_000).is_err());
        assert!(d(false, &[1], i64::MIN).is_err());
        assert!(d(false, &[1], i64::MAX).is_err());
        // The largest decimal is the boundary.
        let max: Vec<u8> = "79228162514264337593543950335"
            .bytes()
            .map(|b| b - b'0')
            .collect();
        assert_eq!(d(false, &max, 0).unwrap(), Decimal::MAX);
        assert!(d(false, &max, 1).is_err());
        assert!(d(false, &[10], 0).is_err());
    }

    proptest::proptest! {
        #[test]
        fn parts_agree_with_text(mantissa in proptest::num::i64::ANY, scale in 0u32..=18) {
            let value = Decimal::new(mantissa, scale);
            let text = value.to_string();
            let digits: Vec<u8> = mantissa.unsigned_abs().to_string().bytes().map(|b| b - b'0').collect();
            let from_parts = decimal_from_parts("x", mantissa < 0, &digits, -i64::from(scale)).unwrap();
            proptest::prop_assert_eq!(from_parts, parse_decimal("x", &text).unwrap());
        }
    }
    use proptest::prelude::*;

    fn usd(s: &str) -> Money {
        Money::parse(s, "USD").unwrap()
    }

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn add_and_subtract_within_a_currency() {
        assert_eq!(
            usd("1.10").checked_add(&usd("2.205")).unwrap(),
            usd("3.305")
        );
        assert_eq!(usd("1.10").checked_sub(&usd("2")).unwrap(), usd("-0.90"));
    }

    #[test]
    fn currency_mismatch_is_an_error() {
        let err = usd("1")
            .checked_add(&Money::parse("1", "EUR").unwrap())
            .unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::CurrencyMismatch);
        assert_eq!(err.to_string(), "currency mismatch in add: USD vs EUR");
    }

    #[test]
    fn rounding_modes() {
        let cases = [
            ("2.345", RoundingMode::HalfUp, "2.35"),
            ("2.345", RoundingMode::HalfEven, "2.34"),
            ("2.355", RoundingMode::HalfEven, "2.36"),
            ("2.345", RoundingMode::HalfDown, "2.34"),
            ("-2.345", RoundingMode::HalfUp, "-2.35"),
            ("2.349", RoundingMode::Down, "2.34"),
            ("2.341", RoundingMode::Up, "2.35"),
            ("5", RoundingMode::HalfUp, "5.00"),
        ];
        for (input, mode, expected) in cases {
            let rounded = usd(input).round(mode);
            assert_eq!(rounded.amount().to_string(), expected, "{input} {mode:?}");
        }
        let jpy = Money::parse("1234.5", "JPY")
            .unwrap()
            .round(RoundingMode::HalfUp);
        assert_eq!(jpy.amount().to_string(), "1235");
        let kwd = Money::parse("1.2345", "KWD")
            .unwrap()
            .round(RoundingMode::HalfEven);
        assert_eq!(kwd.amount().to_string(), "1.234");
    }

    #[test]
    fn rounding_mode_names_parse() {
        assert_eq!(
            "half-up".parse::<RoundingMode>().unwrap(),
            RoundingMode::HalfUp
        );
        assert_eq!(
            "HALF_EVEN".parse::<RoundingMode>().unwrap(),
            RoundingMode::HalfEven
        );
        assert!("nearest".parse::<RoundingMode>().is_err());
    }

    #[test]
    fn allocate_by_largest_remainder() {
        let parts = usd("100.00")
            .allocate(&[dec("1"), dec("1"), dec("1")])
            .unwrap();
        let amounts: Vec<String> = parts.iter().map(|m| m.amount().to_string()).collect();
        assert_eq!(amounts, ["33.34", "33.33", "33.33"]);
        let parts = usd("-0.05").allocate(&[dec("3"), dec("7")]).unwrap();
        let amounts: Vec<String> = parts.iter().map(|m| m.amount().to_string()).collect();
        assert_eq!(
            amounts,
            ["-0.02", "-0.03"],
            "equal remainders: the earlier part gets the cent"
        );
        let parts = Money::parse("10", "JPY")
            .unwrap()
            .allocate(&[dec("0.5"), dec("0"), dec("0.25")])
            .unwrap();
        let amounts: Vec<String> = parts.iter().map(|m| m.amount().to_string()).collect();
        assert_eq!(amounts, ["7", "0", "3"]);
    }

    #[test]
    fn allocate_rejects_bad_input() {
        let code = |r: Result<Vec<Money>>| r.unwrap_err().code();
        assert_eq!(
            code(usd("1").allocate(&[])),
            crate::ErrorCode::InvalidArgument
        );
        assert_eq!(
            code(usd("1").allocate(&[dec("0")])),
            crate::ErrorCode::InvalidArgument
        );
        assert_eq!(
            code(usd("1").allocate(&[dec("-1"), dec("2")])),
            crate::ErrorCode::InvalidArgument
        );
        assert_eq!(
            code(usd("1.005").allocate(&[dec("1")])),
            crate::ErrorCode::InvalidAmount
        );
    }

    #[test]
    fn parse_refuses_non_plain_decimals() {
        for bad in [
            "", "-", ".", "1e3", "1,000", "NaN", "1.2.3", "0x10", "12 34",
        ] {
            let err = parse_decimal("amount", bad).unwrap_err();
            assert_eq!(err.code(), crate::ErrorCode::InvalidAmount, "{bad:?}");
        }
        assert_eq!(parse_decimal("amount", " +12.50 ").unwrap(), dec("12.50"));
        assert_eq!(parse_decimal("amount", ".5").unwrap(), dec("0.5"));
    }

    #[test]
    fn serde_keeps_amount_as_string() {
        let m = usd("12.30");
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(json, r#"{"amount":"12.30","currency":"USD"}"#);
        assert_eq!(serde_json::from_str::<Money>(&json).unwrap(), m);
        // A JSON number is not money.
        assert!(serde_json::from_str::<Money>(r#"{"amount":12.3,"currency":"USD"}"#).is_err());
    }

    proptest! {
        #[test]
        fn allocation_sums_exactly_and_is_fair(
            cents in -10_000_000i64..10_000_000,
            weights in proptest::collection::vec(0u32..1000, 1..12),
        ) {
            prop_assume!(weights.iter().any(|w| *w > 0));
            let total = Money::new(Decimal::new(cents, 2), Currency::from_code("USD").unwrap());
            let ws: Vec<Decimal> = weights.iter().map(|w| Decimal::from(*w)).collect();
            let parts = total.allocate(&ws).unwrap();
            let sum = parts.iter().fold(Decimal::ZERO, |acc, p| acc + p.amount());
            prop_assert_eq!(sum, total.amount());
            let wsum: Decimal = ws.iter().copied().sum();
            for (p, w) in parts.iter().zip(&ws) {
                let exact = total.amount() * *w / wsum;
                prop_assert!((p.amount() - exact).abs() < Decimal::new(1, 2));
                prop_assert_eq!(p.amount().scale(), 2);
            }
        }

        #[test]
        fn rounding_is_idempotent(cents in -1_000_000_000i64..1_000_000_000, scale in 0u32..6) {
            let m = Money::new(Decimal::new(cents, scale), Currency::from_code("USD").unwrap());
            for mode in RoundingMode::ALL {
                let once = m.round(mode);
                prop_assert_eq!(once.round(mode), once);
                prop_assert!(once.is_in_minor_units());
            }
        }
    }
}
