//! Orders for Swift: records and enums mirror core's,
//! `Decimal` for amounts (in the order's currency), `Date` for instants.

use crate::instant::instant;
use crate::ledger::Ledger;
use crate::results::{
    ApplyReport, Disposition, Fulfilment, OrderStatus, ShippingRefund, Transition,
};
use crate::{decimal, swift, DecimalText, SeamlineError};
use seamline::orders as core;
use seamline::{ChannelId, Currency, CustomerId, EventId, LocationId, OrderId, Sku};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// One line of an order.
#[derive(uniffi::Record)]
pub struct OrderLine {
    pub line_id: String,
    pub sku: String,
    pub quantity: i64,
    pub unit_price: DecimalText,
    /// Discount on the whole line.
    #[uniffi(default = None)]
    pub discount: Option<DecimalText>,
    #[uniffi(default = None)]
    pub tax: Option<DecimalText>,
}

/// An order from any channel; every amount is in `currency`.
#[derive(uniffi::Record)]
pub struct Order {
    pub order_id: String,
    pub channel: String,
    /// The store for a counter sale or pickup; the planned node for a shipped order.
    pub location: Option<String>,
    pub currency: String,
    pub lines: Vec<OrderLine>,
    #[uniffi(default = None)]
    pub order_discount: Option<DecimalText>,
    #[uniffi(default = None)]
    pub shipping: Option<DecimalText>,
    #[uniffi(default = None)]
    pub customer: Option<String>,
    pub fulfilment: Fulfilment,
}

/// Units of one line to hold at one node (`Allocation` in core; the
/// sourcing plan's `Allocation` already has the Swift name).
#[derive(uniffi::Record)]
pub struct LineAllocation {
    pub line_id: String,
    pub location: String,
    pub quantity: i64,
}

/// Units of one line.
#[derive(uniffi::Record)]
pub struct LineQuantity {
    pub line_id: String,
    pub quantity: i64,
}

/// Units of one line coming back.
#[derive(uniffi::Record)]
pub struct ReturnLine {
    pub line_id: String,
    pub quantity: i64,
    pub disposition: Disposition,
}

/// What happened to an order.
#[derive(uniffi::Enum)]
pub enum OrderEventKind {
    Placed {
        order: Order,
    },
    Allocated {
        allocations: Vec<LineAllocation>,
    },
    Captured {
        payment_id: String,
        amount: DecimalText,
    },
    Fulfilled {
        shipment_id: String,
        location: String,
        lines: Vec<LineQuantity>,
    },
    Cancelled {
        reason: Option<String>,
    },
    /// Received at `location` through `channel` (the order's when nil).
    Returned {
        return_id: String,
        location: String,
        channel: Option<String>,
        lines: Vec<ReturnLine>,
    },
    /// Money back; `return_id` is nil for a goodwill refund.
    Refunded {
        refund_id: String,
        return_id: Option<String>,
        amount: DecimalText,
    },
    Closed,
}

/// One order event from any channel or till.
#[derive(uniffi::Record)]
pub struct OrderEvent {
    pub event_id: String,
    pub order_id: String,
    pub occurred_at: SystemTime,
    pub source: String,
    pub kind: OrderEventKind,
}

fn amount(text: Option<&DecimalText>, field: &str) -> Result<seamline::Decimal, SeamlineError> {
    text.map_or(Ok(seamline::Decimal::ZERO), |t| decimal(t, field))
}

impl Order {
    fn into_core(self) -> Result<core::Order, SeamlineError> {
        Ok(core::Order {
            order_id: OrderId::new(&self.order_id)?,
            channel: ChannelId::new(&self.channel)?,
            location: self.location.as_deref().map(LocationId::new).transpose()?,
            currency: Currency::from_code(&self.currency)?,
            lines: self
                .lines
                .into_iter()
                .map(|l| {
                    Ok(core::OrderLine {
                        sku: Sku::new(&l.sku)?,
                        quantity: l.quantity,
                        unit_price: decimal(&l.unit_price, "unit_price")?,
                        discount: amount(l.discount.as_ref(), "discount")?,
                        tax: amount(l.tax.as_ref(), "tax")?,
                        line_id: l.line_id,
                    })
                })
                .collect::<Result<_, SeamlineError>>()?,
            order_discount: amount(self.order_discount.as_ref(), "order_discount")?,
            shipping: amount(self.shipping.as_ref(), "shipping")?,
            customer: self.customer.as_deref().map(CustomerId::new).transpose()?,
            fulfilment: match self.fulfilment {
                Fulfilment::CarryOut => core::Fulfilment::CarryOut,
                Fulfilment::Ship => core::Fulfilment::Ship,
                Fulfilment::Pickup => core::Fulfilment::Pickup,
            },
        })
    }
}

impl OrderEvent {
    fn into_core(self) -> Result<core::OrderEvent, SeamlineError> {
        use core::OrderEventKind as K;
        let kind = match self.kind {
            OrderEventKind::Placed { order } => K::Placed {
                order: Arc::new(order.into_core()?),
            },
            OrderEventKind::Allocated { allocations } => K::Allocated {
                allocations: allocations
                    .into_iter()
                    .map(|a| {
                        Ok(core::Allocation {
                            location: LocationId::new(&a.location)?,
                            line_id: a.line_id,
                            quantity: a.quantity,
                        })
                    })
                    .collect::<Result<_, SeamlineError>>()?,
            },
            OrderEventKind::Captured { payment_id, amount } => K::Captured {
                payment_id,
                amount: decimal(&amount, "amount")?,
            },
            OrderEventKind::Fulfilled {
                shipment_id,
                location,
                lines,
            } => K::Fulfilled {
                shipment_id,
                location: LocationId::new(&location)?,
                lines: lines
                    .into_iter()
                    .map(|l| core::LineQuantity {
                        line_id: l.line_id,
                        quantity: l.quantity,
                    })
                    .collect(),
            },
            OrderEventKind::Cancelled { reason } => K::Cancelled { reason },
            OrderEventKind::Returned {
                return_id,
                location,
                channel,
                lines,
            } => K::Returned {
                return_id,
                location: LocationId::new(&location)?,
                channel: channel.as_deref().map(ChannelId::new).transpose()?,
                lines: lines
                    .into_iter()
                    .map(|l| core::ReturnLine {
                        line_id: l.line_id,
                        quantity: l.quantity,
                        disposition: match l.disposition {
                            Disposition::Restocked => core::Disposition::Restocked,
                            Disposition::Damaged => core::Disposition::Damaged,
                            Disposition::NeedsInspection => core::Disposition::NeedsInspection,
                            Disposition::Missing => core::Disposition::Missing,
                        },
                    })
                    .collect(),
            },
            OrderEventKind::Refunded {
                refund_id,
                return_id,
                amount,
            } => K::Refunded {
                refund_id,
                return_id,
                amount: decimal(&amount, "amount")?,
            },
            OrderEventKind::Closed => K::Closed,
        };
        Ok(core::OrderEvent {
            event_id: EventId::new(&self.event_id)?,
            order_id: OrderId::new(&self.order_id)?,
            occurred_at: instant(self.occurred_at)?,
            source: self.source.into(),
            kind,
        })
    }
}

/// The ledger's answer to one stock event: its report, or why it refused it.
#[derive(uniffi::Record)]
pub struct StockOutcome {
    pub report: Option<ApplyReport>,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
}

/// An order event applied together with its stock events.
#[derive(uniffi::Record)]
pub struct LedgerTransition {
    pub transition: Transition,
    /// One per stock event, in order.
    pub stock: Vec<StockOutcome>,
}

/// Every order's lifecycle, and the stock events each transition means.
#[derive(uniffi::Object)]
pub struct OrderBook {
    inner: Mutex<core::OrderBook>,
}

impl OrderBook {
    fn lock(&self) -> std::sync::MutexGuard<'_, core::OrderBook> {
        // Transitions check before they change, so a poisoned lock is still consistent.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[seamline_guard::guard]
#[uniffi::export]
impl OrderBook {
    /// An empty book with the given shipping-refund rule.
    #[uniffi::constructor]
    pub fn new(shipping_refund: ShippingRefund) -> Arc<Self> {
        let shipping = match shipping_refund {
            ShippingRefund::Never => core::ShippingRefund::Never,
            ShippingRefund::OnFullReturn => core::ShippingRefund::OnFullReturn,
            ShippingRefund::Prorated => core::ShippingRefund::Prorated,
        };
        Arc::new(OrderBook {
            inner: Mutex::new(core::OrderBook::new(core::RefundPolicy { shipping })),
        })
    }

    /// Applies one order event; a refused one throws and changes nothing.
    pub fn apply(&self, event: OrderEvent) -> Result<Transition, SeamlineError> {
        swift(&self.lock().apply(event.into_core()?)?)
    }

    /// Applies an order event and its stock events to `ledger`. A hold the
    /// ledger refuses is given up by the order (its units stay open).
    pub fn apply_with_ledger(
        &self,
        ledger: Arc<Ledger>,
        event: OrderEvent,
    ) -> Result<LedgerTransition, SeamlineError> {
        let event = event.into_core()?;
        let (t, reports) = self.lock().apply_with_ledger(&mut ledger.lock(), event)?;
        let stock = reports
            .into_iter()
            .map(|r| match r {
                Ok(report) => Ok(StockOutcome {
                    report: Some(swift(&report)?),
                    error_code: None,
                    error_message: None,
                }),
                Err(e) => Ok(StockOutcome {
                    report: None,
                    error_code: Some(e.code().as_str().to_string()),
                    error_message: Some(e.to_string()),
                }),
            })
            .collect::<Result<_, SeamlineError>>()?;
        Ok(LedgerTransition {
            transition: swift(&t)?,
            stock,
        })
    }

    /// An order's state, lines and money, or nil.
    pub fn order(&self, order_id: String) -> Result<Option<OrderStatus>, SeamlineError> {
        let id = OrderId::new(&order_id)?;
        self.lock().order(&id).map(|s| swift(&s)).transpose()
    }

    /// Every order id, sorted.
    pub fn order_ids(&self) -> Vec<String> {
        self.lock()
            .order_ids()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    /// The book as versioned bytes (its rules and history).
    pub fn to_snapshot(&self) -> Vec<u8> {
        self.lock().to_snapshot()
    }

    /// A book restored from `toSnapshot()` bytes.
    #[uniffi::constructor]
    pub fn from_snapshot(data: Vec<u8>) -> Result<Arc<Self>, SeamlineError> {
        Ok(Arc::new(OrderBook {
            inner: Mutex::new(core::OrderBook::from_snapshot(&data)?),
        }))
    }
}
