//! Orders for Swift: the events and results are the types generated from
//! core's schema (`results.rs`), `Decimal` for amounts (in the order's
//! currency), `Date` for instants.

use crate::ledger::Ledger;
use crate::results::{ApplyReport, OrderEvent, OrderStatus, ShippingRefund, Transition};
use crate::{swift, wire_value, SeamlineError};
use seamline::orders as core;
use seamline::OrderId;
use std::sync::{Arc, Mutex};

/// An event as core reads it from Python and Node (`OrderEvent::parse`):
/// ids, amounts and times checked by core's rules, not here.
fn event(event: &OrderEvent) -> Result<core::OrderEvent, SeamlineError> {
    Ok(core::OrderEvent::parse(wire_value(event, "event")?)?)
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
        swift(&self.lock().apply(self::event(&event)?)?)
    }

    /// Applies an order event and its stock events to `ledger`. A hold the
    /// ledger refuses is given up by the order (its units stay open).
    pub fn apply_with_ledger(
        &self,
        ledger: Arc<Ledger>,
        event: OrderEvent,
    ) -> Result<LedgerTransition, SeamlineError> {
        let event = self::event(&event)?;
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
