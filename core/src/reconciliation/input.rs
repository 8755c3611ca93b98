//! The tie-out's inputs: orders as the channels recorded them, settlement
//! lines as the processors reported them, stock movements as the ledger
//! wrote them. Plain records; every amount exact and in a stated currency.

use crate::currency::Currency;
use crate::ids::{ChannelId, CustomerId, LocationId, OrderId, ProcessorId, RecordId, Sku};
use crate::instant::Instant;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// How a payment or refund was tendered.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    /// A card through a processor.
    Card,
    /// A wallet (Apple Pay, PayPal, …) through a processor.
    Wallet,
    /// Cash at the counter.
    Cash,
    /// A gift card.
    GiftCard,
    /// Store credit.
    StoreCredit,
}

impl PaymentMethod {
    /// Whether a processor settles it (card and wallet); other tenders have
    /// no settlement to wait for.
    pub fn settles(self) -> bool {
        matches!(self, PaymentMethod::Card | PaymentMethod::Wallet)
    }

    /// The wire name (`"gift_card"`).
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentMethod::Card => "card",
            PaymentMethod::Wallet => "wallet",
            PaymentMethod::Cash => "cash",
            PaymentMethod::GiftCard => "gift_card",
            PaymentMethod::StoreCredit => "store_credit",
        }
    }
}

/// Money taken for an order, in the order's currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Payment {
    /// The payment, unique within its order.
    pub payment_id: RecordId,
    /// The tender.
    pub method: PaymentMethod,
    /// The processor (card and wallet), lower case as in its settlement report (`"stripe"`).
    #[serde(default)]
    pub processor: Option<ProcessorId>,
    /// The processor's reference for the charge, when the till or site kept it.
    #[serde(default)]
    pub processor_reference: Option<String>,
    /// Amount captured (> 0).
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(with = "crate::money::amount_text")]
    pub amount: Decimal,
    /// When it was captured.
    pub captured_at: Instant,
}

/// Units of one order line that left a location (several per line for a split shipment).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FulfilledLine {
    /// The order line.
    pub line_id: RecordId,
    /// The canonical SKU.
    pub sku: Sku,
    /// Units (> 0).
    pub quantity: i64,
    /// Where they left from.
    pub location: LocationId,
    /// When.
    pub fulfilled_at: Instant,
}

/// One line of goods that came back. A return that spans several lines or
/// SKUs is several records with one `return_id`; its restocks are matched
/// per SKU and its refunds per return.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ReturnRecord {
    /// The return, unique within its order (shared by its lines).
    pub return_id: RecordId,
    /// The order line, unique within its return (with `restock`: one line
    /// may come back partly sellable, partly not).
    pub line_id: RecordId,
    /// The canonical SKU.
    pub sku: Sku,
    /// Units (> 0).
    pub quantity: i64,
    /// Whether the goods go back to sellable stock.
    pub restock: bool,
    /// Where they were received (possibly another channel's store).
    pub location: LocationId,
    /// When.
    pub received_at: Instant,
}

/// Money given back, in the order's currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Refund {
    /// The refund, unique within its order.
    pub refund_id: RecordId,
    /// The return it credits; none for a goodwill refund.
    #[serde(default)]
    pub return_id: Option<RecordId>,
    /// The tender refunded to.
    pub method: PaymentMethod,
    /// The processor (card and wallet).
    #[serde(default)]
    pub processor: Option<ProcessorId>,
    /// The processor's reference for the refund.
    #[serde(default)]
    pub processor_reference: Option<String>,
    /// Amount (> 0).
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(with = "crate::money::amount_text")]
    pub amount: Decimal,
    /// When it was issued.
    pub issued_at: Instant,
}

/// Where an order stands, and so what its payments must add up to.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "ReconOrderStatus")]
pub enum OrderStatus {
    /// Still being fulfilled (buy online, pick up in store; a split
    /// shipment captured parcel by parcel): what is captured may fall short
    /// of the total. The rest is pending capture until the configured
    /// capture window after the order was placed; more than the total is a
    /// mismatch at once.
    Open,
    /// Complete (the default: a till sale, a shipped order): the payments
    /// must add up to the total.
    #[default]
    Fulfilled,
    /// Cancelled: the customer owes nothing. Its `total` stays as placed, for
    /// the record; what was captured, less what was refunded, must be 0.
    Cancelled,
}

impl OrderStatus {
    /// The wire name (`"open"`).
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Open => "open",
            OrderStatus::Fulfilled => "fulfilled",
            OrderStatus::Cancelled => "cancelled",
        }
    }
}

/// An order with everything that happened to its money and goods.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
// Named as the records declare it (`ReconOrder`), which the generated types reuse.
#[schemars(rename = "ReconOrder")]
pub struct Order {
    /// The order.
    pub order_id: OrderId,
    /// The channel that took it.
    pub channel: ChannelId,
    /// Its currency: payments and refunds are in it.
    pub currency: Currency,
    /// What the customer owes (≥ 0): what the payments must add up to
    /// (see [`OrderStatus`] for an open or cancelled order).
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(with = "crate::money::amount_text")]
    pub total: Decimal,
    /// When it was placed.
    pub placed_at: Instant,
    /// The customer, when known (carried into chargeback evidence).
    #[serde(default)]
    pub customer: Option<CustomerId>,
    /// Where it stands (fulfilled when not given).
    #[serde(default)]
    pub status: OrderStatus,
    /// Payments, split tenders included.
    #[serde(default)]
    pub payments: Vec<Payment>,
    /// Fulfilled units.
    #[serde(default)]
    pub fulfilments: Vec<FulfilledLine>,
    /// Returned lines: one row per line of a return, several rows sharing a
    /// `return_id` for a return that spans lines or SKUs.
    #[serde(default)]
    pub returns: Vec<ReturnRecord>,
    /// Refunds.
    #[serde(default)]
    pub refunds: Vec<Refund>,
}

/// What a settlement line records.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum SettlementKind {
    /// A captured payment settled.
    Charge,
    /// A refund settled.
    Refund,
    /// The cardholder's bank took the money back.
    Chargeback,
    /// A chargeback was won: the money came back.
    ChargebackReversal,
    /// A processor fee not tied to one transaction.
    Fee,
    /// A correction.
    Adjustment,
    /// Money paid out to the merchant's bank: the batch's total.
    Payout,
}

impl SettlementKind {
    /// The wire name (`"chargeback_reversal"`).
    pub fn as_str(self) -> &'static str {
        match self {
            SettlementKind::Charge => "charge",
            SettlementKind::Refund => "refund",
            SettlementKind::Chargeback => "chargeback",
            SettlementKind::ChargebackReversal => "chargeback_reversal",
            SettlementKind::Fee => "fee",
            SettlementKind::Adjustment => "adjustment",
            SettlementKind::Payout => "payout",
        }
    }
}

/// One line of a processor's settlement report, signed from the merchant's
/// balance: a charge's gross is positive, a refund's or chargeback's
/// negative, a payout's negative (money leaving the balance for the bank);
/// `fee` is a cost (positive when charged), and `net = gross − fee`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SettlementLine {
    /// The row's own id (or one derived stably by the report adapter).
    pub id: RecordId,
    /// What it records.
    pub kind: SettlementKind,
    /// The processor, lower case (`"stripe"`, `"adyen"`).
    pub processor: ProcessorId,
    /// The processor's reference for the charge or refund.
    #[serde(default)]
    pub processor_reference: Option<String>,
    /// The merchant's reference: the order id, when the processor carried it.
    #[serde(default)]
    pub merchant_reference: Option<String>,
    /// Gross amount; absent when the processor reports only net.
    #[schemars(with = "Option<crate::wire_types::Amount>")]
    #[serde(default, with = "crate::money::optional_amount_text")]
    pub gross: Option<Decimal>,
    /// Fee; absent when the processor reports only net (never read as 0).
    #[schemars(with = "Option<crate::wire_types::Amount>")]
    #[serde(default, with = "crate::money::optional_amount_text")]
    pub fee: Option<Decimal>,
    /// Net amount.
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(with = "crate::money::amount_text")]
    pub net: Decimal,
    /// The currency of gross, fee and net.
    pub currency: Currency,
    /// When it settled.
    pub settled_at: Instant,
    /// The batch or payout it belongs to.
    #[serde(default)]
    pub batch_id: Option<RecordId>,
    /// For a line settled in another currency than it was charged in: the
    /// gross as charged (Adyen's `Gross Credit (GC)`), compared with the
    /// payment when the payment is in [`original_currency`](Self::original_currency).
    #[schemars(with = "Option<crate::wire_types::Amount>")]
    #[serde(
        default,
        with = "crate::money::optional_amount_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub original_gross: Option<Decimal>,
    /// The currency it was charged in, when not `currency`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_currency: Option<Currency>,
    /// The processor's exchange rate, where it states one (evidence only).
    #[schemars(with = "Option<crate::wire_types::Amount>")]
    #[serde(
        default,
        with = "crate::money::optional_amount_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub exchange_rate: Option<Decimal>,
}

/// What a stock movement records.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum MovementKind {
    /// Goods sold (delta < 0), naming the order.
    Sale,
    /// Returned goods back on the shelf (delta > 0), naming the order and return.
    ReturnRestock,
    /// Goods received from a supplier.
    Receipt,
    /// A manual correction.
    Adjustment,
    /// A cycle count.
    Count,
    /// A transfer between locations.
    Transfer,
}

/// One movement of the stock ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Movement {
    /// The movement.
    pub id: RecordId,
    /// The canonical SKU.
    pub sku: Sku,
    /// The location.
    pub location: LocationId,
    /// Units in (> 0) or out (< 0).
    pub delta: i64,
    /// What it records.
    pub kind: MovementKind,
    /// The order, for sales and return restocks.
    #[serde(default)]
    pub order_reference: Option<OrderId>,
    /// The return, for return restocks.
    #[serde(default)]
    pub return_reference: Option<RecordId>,
    /// When it happened.
    pub occurred_at: Instant,
}

/// A row the tie-out could not read: a child naming an order the orders
/// table lacks, or a record a binding could not parse. It is an
/// `INVALID_ROW` exception, counted in its table: never dropped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct UnreadRow {
    /// The table it came from ([`RowKind::OrderSku`](super::RowKind) for a fulfilment).
    pub kind: super::exception::RowKind,
    /// The order it names, when known.
    #[serde(default)]
    pub order_id: Option<String>,
    /// Its id, or `#` and its position when it has none that can be read.
    pub id: String,
    /// When it happened, when known (its age counts from here; else from as-of).
    #[serde(default)]
    pub at: Option<Instant>,
    /// Why it could not be read.
    pub reason: String,
}

/// The order header of the columnar form: an [`Order`] without its children.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OrderHeader {
    /// The order.
    pub order_id: OrderId,
    /// The channel that took it.
    pub channel: ChannelId,
    /// Its currency.
    pub currency: Currency,
    /// What the payments must add up to.
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(with = "crate::money::amount_text")]
    pub total: Decimal,
    /// When it was placed.
    pub placed_at: Instant,
    /// The customer, when known.
    #[serde(default)]
    pub customer: Option<CustomerId>,
    /// Where it stands (fulfilled when not given).
    #[serde(default)]
    pub status: OrderStatus,
}

/// Builds an [`Input`] from flat rows as they stream in: order headers
/// first, then children naming their order by id. A child naming an order
/// not added becomes an [`UnreadRow`]; when two orders share an id the
/// children go to the first (the tie-out rejects both anyway). Rows of one
/// order usually come together, and exports list child rows in the orders'
/// own order: the last order found, then the one after it, are checked
/// before a lookup by id.
#[derive(Debug, Default)]
pub struct Assembler {
    orders: Vec<Order>,
    /// Shared (read only) with a reader of movements on another thread once
    /// every order is in; until then this assembler holds the only handle.
    index: std::sync::Arc<OrderIndex>,
    last: Option<u32>,
    pub(super) unread: Vec<UnreadRow>,
    /// Ids of orders whose rows could not be read: their children say so.
    unreadable: rustc_hash::FxHashSet<String>,
}

/// The orders' ids in the order they were added, and where each id is.
#[derive(Debug, Default, Clone)]
struct OrderIndex {
    ids: Vec<OrderId>,
    /// Per order: whether it is the first with its id (the one children join).
    first: Vec<bool>,
    at: rustc_hash::FxHashMap<OrderId, u32>,
}

impl OrderIndex {
    /// The order added under `id`: its shared id and position. `last` is
    /// the caller's cursor: the last order found, and the one after it, are
    /// checked before a lookup by id.
    #[allow(
        clippy::arithmetic_side_effects,
        reason = "neighbouring indexes of a sorted vector, checked against its length by get"
    )]
    fn find(&self, id: &str, last: &mut Option<u32>) -> Option<(OrderId, usize)> {
        if let Some(l) = *last {
            for i in [l, l + 1] {
                let at = i as usize;
                match self.ids.get(at) {
                    Some(o) if self.first[at] && o.as_str() == id => {
                        *last = Some(i);
                        return Some((o.clone(), at));
                    }
                    _ => {}
                }
            }
        }
        let (order, &i) = self.at.get_key_value(id)?;
        *last = Some(i);
        Some((order.clone(), i as usize))
    }
}

impl Assembler {
    /// An assembler for about `orders` orders.
    pub fn with_capacity(orders: usize) -> Self {
        let mut at = rustc_hash::FxHashMap::default();
        at.reserve(orders);
        Assembler {
            orders: Vec::with_capacity(orders),
            index: std::sync::Arc::new(OrderIndex {
                ids: Vec::with_capacity(orders),
                first: Vec::with_capacity(orders),
                at,
            }),
            last: None,
            unread: Vec::new(),
            unreadable: Default::default(),
        }
    }

    /// An assembler that only finds the orders added to this one so far
    /// (for movements read on another thread while this one places children):
    /// it shares their index, and holds no orders of its own.
    pub(super) fn lookup(&self) -> Assembler {
        Assembler {
            index: std::sync::Arc::clone(&self.index),
            ..Assembler::default()
        }
    }

    /// Adds an order header.
    pub fn order(&mut self, h: OrderHeader) {
        let at = self.orders.len() as u32;
        // Orders are all added before `lookup` shares the index: the handle is unique here and
        // `make_mut` never copies.
        let index = std::sync::Arc::make_mut(&mut self.index);
        let entry = index.at.entry(h.order_id.clone());
        index.first.push(matches!(
            entry,
            std::collections::hash_map::Entry::Vacant(_)
        ));
        entry.or_insert(at);
        index.ids.push(h.order_id.clone());
        self.orders.push(Order {
            order_id: h.order_id,
            channel: h.channel,
            currency: h.currency,
            total: h.total,
            placed_at: h.placed_at,
            customer: h.customer,
            status: h.status,
            payments: Vec::new(),
            fulfilments: Vec::new(),
            returns: Vec::new(),
            refunds: Vec::new(),
        });
    }

    /// The order added under `id`: its shared id and position.
    pub fn known(&mut self, id: &str) -> Option<(OrderId, usize)> {
        self.index.find(id, &mut self.last)
    }

    fn place(
        &mut self,
        order: &str,
        kind: super::exception::RowKind,
        id: &str,
        at: Instant,
    ) -> Option<usize> {
        let found = self.known(order).map(|(_, i)| i);
        if found.is_none() {
            let shown = crate::input::shown(order, false);
            let reason = if self.unreadable.contains(order) {
                format!("its order {shown} could not be read")
            } else {
                format!("it names order {shown}, which is not among the orders")
            };
            self.unread.push(UnreadRow {
                kind,
                reason,
                order_id: Some(order.to_string()),
                id: id.to_string(),
                at: Some(at),
            });
        }
        found
    }

    /// Adds a payment of the order `order`.
    pub fn payment(&mut self, order: &str, p: Payment) {
        let kind = super::exception::RowKind::Payment;
        if let Some(i) = self.place(order, kind, p.payment_id.as_str(), p.captured_at) {
            self.orders[i].payments.push(p);
        }
    }

    /// Adds a fulfilled line of the order `order`.
    pub fn fulfilment(&mut self, order: &str, f: FulfilledLine) {
        let kind = super::exception::RowKind::OrderSku;
        if let Some(i) = self.place(order, kind, f.sku.as_str(), f.fulfilled_at) {
            self.orders[i].fulfilments.push(f);
        }
    }

    /// Adds a return of the order `order`.
    pub fn return_record(&mut self, order: &str, r: ReturnRecord) {
        let kind = super::exception::RowKind::Return;
        if let Some(i) = self.place(order, kind, r.return_id.as_str(), r.received_at) {
            self.orders[i].returns.push(r);
        }
    }

    /// Adds a refund of the order `order`.
    pub fn refund(&mut self, order: &str, r: Refund) {
        let kind = super::exception::RowKind::Refund;
        if let Some(i) = self.place(order, kind, r.refund_id.as_str(), r.issued_at) {
            self.orders[i].refunds.push(r);
        }
    }

    /// Notes that an order row with this id could not be read, so that its
    /// children say so rather than that the order is unknown.
    pub fn unreadable(&mut self, order: &str) {
        self.unreadable.insert(order.to_string());
    }

    /// Records a row that could not be read.
    pub fn unread(&mut self, row: UnreadRow) {
        self.unread.push(row);
    }

    /// The input, with the settlement lines and movements.
    pub fn finish(self, settlements: Vec<SettlementLine>, movements: Vec<Movement>) -> Input {
        Input {
            orders: self.orders,
            settlements,
            movements,
            unread: self.unread,
        }
    }
}

/// The tie-out's input as flat tables, as a warehouse or a CSV export holds
/// them: each child row names its order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tables {
    /// Orders.
    pub orders: Vec<OrderHeader>,
    /// Payments, each with its order.
    pub payments: Vec<(OrderId, Payment)>,
    /// Fulfilled lines, each with its order.
    pub fulfilments: Vec<(OrderId, FulfilledLine)>,
    /// Returns, each with its order.
    pub returns: Vec<(OrderId, ReturnRecord)>,
    /// Refunds, each with its order.
    pub refunds: Vec<(OrderId, Refund)>,
    /// Settlement lines.
    pub settlements: Vec<SettlementLine>,
    /// Stock movements.
    pub movements: Vec<Movement>,
    /// Rows a binding could not read into the tables.
    pub unread: Vec<UnreadRow>,
}

/// Everything one tie-out reads.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Input {
    /// Orders with their payments, fulfilments, returns and refunds.
    #[serde(default)]
    pub orders: Vec<Order>,
    /// Settlement lines from every processor.
    #[serde(default)]
    pub settlements: Vec<SettlementLine>,
    /// Stock movements.
    #[serde(default)]
    pub movements: Vec<Movement>,
    /// Rows that could not be read (see [`UnreadRow`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unread: Vec<UnreadRow>,
}

impl Input {
    /// Nests flat tables under their orders (through an [`Assembler`]).
    pub fn from_tables(tables: Tables) -> Input {
        let mut a = Assembler::with_capacity(tables.orders.len());
        for h in tables.orders {
            a.order(h);
        }
        for (o, p) in tables.payments {
            a.payment(o.as_str(), p);
        }
        for (o, f) in tables.fulfilments {
            a.fulfilment(o.as_str(), f);
        }
        for (o, r) in tables.returns {
            a.return_record(o.as_str(), r);
        }
        for (o, r) in tables.refunds {
            a.refund(o.as_str(), r);
        }
        for row in tables.unread {
            a.unread(row);
        }
        a.finish(tables.settlements, tables.movements)
    }
}
