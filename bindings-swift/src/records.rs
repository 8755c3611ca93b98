//! Generated from core's table schemas by `cargo run -p seamline-typegen`:
//! do not edit (the test command fails when this file drifts from core).
//!
//! The records the tie-out reads, as Swift structs: amounts are `Decimal`,
//! instants `Date`, each set of choices an enum. A record crosses with
//! core's field names and is read by core's schema reader, so a bad field
//! is named the same way from Swift as from any language.

use crate::DecimalText;
use std::time::SystemTime;

/// Where an order stands: `fulfilled` (the default) must be paid in full; `open` may fall short until its capture window ends; `cancelled` owes nothing, so what was captured less what was refunded must be 0.
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
pub enum ReconOrderStatus {
    #[serde(rename = "open")]
    Open,
    #[serde(rename = "fulfilled")]
    Fulfilled,
    #[serde(rename = "cancelled")]
    Cancelled,
}

/// How a payment or refund was tendered.
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
pub enum PaymentMethod {
    #[serde(rename = "card")]
    Card,
    #[serde(rename = "wallet")]
    Wallet,
    #[serde(rename = "cash")]
    Cash,
    #[serde(rename = "gift_card")]
    GiftCard,
    #[serde(rename = "store_credit")]
    StoreCredit,
}

/// What a settlement line records.
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
pub enum SettlementKind {
    #[serde(rename = "charge")]
    Charge,
    #[serde(rename = "refund")]
    Refund,
    #[serde(rename = "chargeback")]
    Chargeback,
    #[serde(rename = "chargeback_reversal")]
    ChargebackReversal,
    #[serde(rename = "fee")]
    Fee,
    #[serde(rename = "adjustment")]
    Adjustment,
    #[serde(rename = "payout")]
    Payout,
}

/// What a stock movement records.
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
pub enum MovementKind {
    #[serde(rename = "sale")]
    Sale,
    #[serde(rename = "return_restock")]
    ReturnRestock,
    #[serde(rename = "receipt")]
    Receipt,
    #[serde(rename = "adjustment")]
    Adjustment,
    #[serde(rename = "count")]
    Count,
    #[serde(rename = "transfer")]
    Transfer,
}

/// A payment taken for an order.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct Payment {
    pub payment_id: String,
    pub method: PaymentMethod,
    /// Card and wallet: the processor, lower case as its report names it.
    #[uniffi(default = None)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub processor: Option<String>,
    #[uniffi(default = None)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub processor_reference: Option<String>,
    pub amount: DecimalText,
    #[serde(with = "crate::instant::instant_serde")]
    pub captured_at: SystemTime,
}

/// A line of an order handed over or shipped.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct FulfilledLine {
    pub line_id: String,
    pub sku: String,
    pub quantity: i64,
    pub location: String,
    #[serde(with = "crate::instant::instant_serde")]
    pub fulfilled_at: SystemTime,
}

/// Goods of an order brought back.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct ReturnRecord {
    pub return_id: String,
    pub line_id: String,
    pub sku: String,
    pub quantity: i64,
    /// Whether the goods go back to sellable stock.
    pub restock: bool,
    pub location: String,
    #[serde(with = "crate::instant::instant_serde")]
    pub received_at: SystemTime,
}

/// Money given back for an order.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct Refund {
    pub refund_id: String,
    /// The return it credits; none for a goodwill refund.
    #[uniffi(default = None)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_id: Option<String>,
    pub method: PaymentMethod,
    #[uniffi(default = None)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub processor: Option<String>,
    #[uniffi(default = None)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub processor_reference: Option<String>,
    pub amount: DecimalText,
    #[serde(with = "crate::instant::instant_serde")]
    pub issued_at: SystemTime,
}

/// A line of a processor's settlement report, signed from the merchant's balance: refunds, chargebacks and payouts are negative.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct SettlementLine {
    /// Also read as `settlementId`.
    pub id: String,
    pub kind: SettlementKind,
    pub processor: String,
    #[uniffi(default = None)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub processor_reference: Option<String>,
    #[uniffi(default = None)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merchant_reference: Option<String>,
    /// Absent when the processor reports only net.
    #[uniffi(default = None)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gross: Option<DecimalText>,
    /// Absent when the processor reports only net (never read as 0).
    #[uniffi(default = None)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fee: Option<DecimalText>,
    pub net: DecimalText,
    pub currency: String,
    #[serde(with = "crate::instant::instant_serde")]
    pub settled_at: SystemTime,
    #[uniffi(default = None)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub batch_id: Option<String>,
    /// Settled in another currency: the gross as charged, in `original_currency`.
    #[uniffi(default = None)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original_gross: Option<DecimalText>,
    #[uniffi(default = None)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original_currency: Option<String>,
    /// The processor's exchange rate, where stated (evidence).
    #[uniffi(default = None)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exchange_rate: Option<DecimalText>,
}

/// A stock movement, naming the order or return it belongs to.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct Movement {
    /// Also read as `movementId`.
    pub id: String,
    pub sku: String,
    pub location: String,
    pub delta: i64,
    pub kind: MovementKind,
    #[uniffi(default = None)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_reference: Option<String>,
    #[uniffi(default = None)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_reference: Option<String>,
    #[serde(with = "crate::instant::instant_serde")]
    pub occurred_at: SystemTime,
}

/// An order as the tie-out reads it, with its payments, fulfilled lines, returns and refunds nested.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct ReconOrder {
    pub order_id: String,
    pub channel: String,
    pub currency: String,
    /// What the payments must add up to (see `status`).
    pub total: DecimalText,
    #[serde(with = "crate::instant::instant_serde")]
    pub placed_at: SystemTime,
    /// Also read as `customerId`.
    /// Personal data: an error never shows it in clear.
    #[uniffi(default = None)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
    /// Where the order stands: `fulfilled` (the default) must be paid in full; `open` may fall short until its capture window ends; `cancelled` owes nothing, so what was captured less what was refunded must be 0.
    /// Also read as `orderStatus`.
    #[uniffi(default = None)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<ReconOrderStatus>,
    #[uniffi(default = [])]
    #[serde(default)]
    pub payments: Vec<Payment>,
    #[uniffi(default = [])]
    #[serde(default)]
    pub fulfilments: Vec<FulfilledLine>,
    #[uniffi(default = [])]
    #[serde(default)]
    pub returns: Vec<ReturnRecord>,
    #[uniffi(default = [])]
    #[serde(default)]
    pub refunds: Vec<Refund>,
}
