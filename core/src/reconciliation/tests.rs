use super::*;
use crate::instant::Instant;
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use std::str::FromStr;

fn at(text: &str) -> Instant {
    Instant::parse(text).unwrap()
}

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

/// A web order of 100.00 USD paid by card through Stripe (ch_1), two units
/// of A shipped, one sale movement; its charge settled a day later with the
/// scheduled fee (2.9 % + 0.30 = 3.20).
fn base() -> Value {
    json!({
        "orders": [{
            "order_id": "W1", "channel": "web", "currency": "USD", "total": "100.00",
            "placed_at": "2026-11-20T10:00:00Z", "customer": "C-9",
            "payments": [{"payment_id": "p1", "method": "card", "processor": "stripe",
                          "processor_reference": "ch_1", "amount": "100.00",
                          "captured_at": "2026-11-20T10:00:00Z"}],
            "fulfilments": [{"line_id": "l1", "sku": "A", "quantity": 2, "location": "WH",
                             "fulfilled_at": "2026-11-20T12:00:00Z"}]
        }],
        "settlements": [{"id": "s1", "kind": "charge", "processor": "stripe",
                         "processor_reference": "ch_1", "merchant_reference": "W1",
                         "gross": "100.00", "fee": "3.20", "net": "96.80", "currency": "USD",
                         "settled_at": "2026-11-21T02:00:00Z", "batch_id": "po_1"}],
        "movements": [{"id": "m1", "sku": "A", "location": "WH", "delta": -2, "kind": "sale",
                       "order_reference": "W1", "occurred_at": "2026-11-20T12:00:00Z"}]
    })
}

pub(super) fn config(as_of: &str) -> Config {
    let mut c = Config::new(at(as_of));
    c.fee_schedule.push(FeeRule {
        processor: crate::ProcessorId::new("stripe").unwrap(),
        channel: None,
        method: None,
        percent: dec("2.9"),
        fixed: dec("0.30"),
    });
    c
}

fn run_at(input: &Value, as_of: &str) -> Report {
    let input: Input = serde_json::from_value(input.clone()).unwrap();
    reconcile(&input, &config(as_of)).unwrap()
}

fn run(input: &Value) -> Report {
    run_at(input, "2026-11-26T00:00:00Z")
}

fn reasons(r: &Report) -> Vec<&'static str> {
    let mut out: Vec<_> = r.exceptions.iter().map(|e| e.reason.as_str()).collect();
    out.sort();
    out
}

fn only(r: &Report, reason: ReasonCode) -> &Exception {
    assert_eq!(
        r.exceptions.len(),
        1,
        "{:#?}",
        r.exceptions.iter().map(|e| &e.message).collect::<Vec<_>>()
    );
    assert_eq!(r.exceptions[0].reason, reason);
    &r.exceptions[0]
}

fn settlement(input: &mut Value, i: usize) -> &mut Value {
    &mut input["settlements"][i]
}

fn assert_every_row_counted(input: &Input, r: &Report) {
    let o = &input.orders;
    let expect = [
        (r.rows.orders, o.len()),
        (r.rows.payments, o.iter().map(|o| o.payments.len()).sum()),
        (r.rows.refunds, o.iter().map(|o| o.refunds.len()).sum()),
        (r.rows.returns, o.iter().map(|o| o.returns.len()).sum()),
        (
            r.rows.fulfilments,
            o.iter().map(|o| o.fulfilments.len()).sum(),
        ),
        (r.rows.settlements, input.settlements.len()),
        (r.rows.movements, input.movements.len()),
    ];
    for (i, (buckets, n)) in expect.into_iter().enumerate() {
        assert_eq!(buckets.total(), n as u64, "row kind #{i}: {buckets:?}");
    }
}

#[test]
fn a_clean_day_ties_out_with_every_row_matched() {
    let r = run(&base());
    assert!(r.exceptions.is_empty(), "{:?}", r.exceptions);
    assert!(r.pending.is_empty());
    let kinds: Vec<_> = r.matches.iter().map(|m| m.kind).collect();
    assert!(kinds.contains(&MatchKind::ChargeByProcessorReference));
    assert!(kinds.contains(&MatchKind::Inventory));
    assert_eq!(r.rows.payments.matched, 1);
    assert_eq!(r.rows.settlements.matched, 1);
    assert_eq!(r.rows.movements.matched, 1);
    let s = &r.summary[0];
    assert_eq!(
        (s.settled_gross, s.actual_fees, s.expected_fees),
        (dec("100"), dec("3.20"), dec("3.20"))
    );
    assert_eq!(s.settlement_net, dec("96.80"));
}

#[test]
fn a_settlement_a_day_late_inside_the_window_is_pending_not_an_exception() {
    let mut input = base();
    input["settlements"] = json!([]);
    let r = run_at(&input, "2026-11-22T00:00:00Z");
    assert!(r.exceptions.is_empty());
    assert_eq!(r.pending.len(), 1);
    assert_eq!(r.pending[0].reason, PendingReason::AwaitingSettlement);
    assert_eq!(r.pending[0].due, at("2026-11-23T10:00:00Z"));
    assert_eq!(r.summary[0].pending_settlement, dec("100.00"));
    // After the window it is missing, keyed on the payment.
    let r = run(&input);
    let e = only(&r, ReasonCode::MissingSettlement);
    assert_eq!(e.key.kind, RowKind::Payment);
    assert_eq!(e.amount_at_risk, Some(dec("100.00")));
    assert_eq!(r.summary[0].missing_settlement, dec("100.00"));
}

#[test]
fn an_amount_mismatch_does_not_also_raise_a_fee_variance() {
    let mut input = base();
    // 99.00 settled with the fee the schedule expects on 99.00: 2.871 → 2.87 + 0.30.
    *settlement(&mut input, 0) = json!({"id": "s1", "kind": "charge", "processor": "stripe",
        "processor_reference": "ch_1", "gross": "99.00", "fee": "3.17", "net": "95.83",
        "currency": "USD", "settled_at": "2026-11-21T02:00:00Z"});
    let r = run(&input);
    let e = only(&r, ReasonCode::AmountMismatch);
    assert_eq!(
        (e.expected, e.actual, e.difference),
        (Some(dec("100.00")), Some(dec("99.00")), Some(dec("-1.00")))
    );
    assert_eq!(e.key.kind, RowKind::Payment);
    let s = &r.summary[0];
    assert_eq!(s.processor_captured, s.settled_gross - s.amount_differences);
}

#[test]
fn a_currency_mismatch_is_reported_alone() {
    let mut input = base();
    settlement(&mut input, 0)["currency"] = json!("EUR");
    settlement(&mut input, 0)["fee"] = json!("9.00");
    settlement(&mut input, 0)["net"] = json!("91.00");
    let r = run(&input);
    let e = only(&r, ReasonCode::CurrencyMismatch);
    assert_eq!(e.key.kind, RowKind::Payment);
    assert_eq!(
        r.summary
            .iter()
            .find(|s| s.currency.code() == "USD")
            .unwrap()
            .currency_mismatched,
        dec("100.00")
    );
}

#[test]
fn a_fee_exactly_at_the_tolerance_does_not_flag_and_a_cent_more_does() {
    let mut input = base();
    settlement(&mut input, 0)["fee"] = json!("3.21");
    settlement(&mut input, 0)["net"] = json!("96.79");
    assert!(run(&input).exceptions.is_empty());
    settlement(&mut input, 0)["fee"] = json!("3.22");
    settlement(&mut input, 0)["net"] = json!("96.78");
    let r = run(&input);
    let e = only(&r, ReasonCode::FeeVariance);
    assert_eq!(e.key.kind, RowKind::Settlement);
    assert_eq!(
        (e.expected, e.actual),
        (Some(dec("3.20")), Some(dec("3.22")))
    );
}

#[test]
fn a_net_only_line_is_checked_against_the_expected_fee_never_read_as_fee_zero() {
    let mut input = base();
    let s = settlement(&mut input, 0);
    s["gross"] = Value::Null;
    s["fee"] = Value::Null;
    assert!(
        run(&input).exceptions.is_empty(),
        "amount − net = 3.20 is the expected fee"
    );
    settlement(&mut input, 0)["net"] = json!("96.70");
    let e = run(&input);
    let e = only(&e, ReasonCode::FeeVariance);
    assert_eq!(e.actual, Some(dec("3.30")));
}

#[test]
fn net_must_be_gross_minus_fee_on_every_row() {
    let mut input = base();
    settlement(&mut input, 0)["net"] = json!("96.00");
    let r = run(&input);
    let e = only(&r, ReasonCode::SettlementArithmetic);
    assert_eq!(
        (e.expected, e.actual),
        (Some(dec("96.80")), Some(dec("96.00")))
    );
}

#[test]
fn the_later_of_two_settlements_for_one_reference_is_the_duplicate() {
    let mut input = base();
    let mut second = settlement(&mut input, 0).clone();
    second["id"] = json!("s0");
    second["settled_at"] = json!("2026-11-22T02:00:00Z");
    input["settlements"].as_array_mut().unwrap().push(second);
    let r = run(&input);
    let e = only(&r, ReasonCode::DuplicateSettlement);
    assert_eq!(&*e.key.id, "s0", "later by settled_at, whatever the id");
    assert_eq!(r.rows.payments.matched, 1);
}

#[test]
fn without_references_the_merchant_reference_matches() {
    let mut input = base();
    input["orders"][0]["payments"][0]["processor_reference"] = Value::Null;
    settlement(&mut input, 0)["processor_reference"] = Value::Null;
    let r = run(&input);
    assert!(r.exceptions.is_empty(), "{:?}", reasons(&r));
    assert!(r
        .matches
        .iter()
        .any(|m| m.kind == MatchKind::ChargeByMerchantReference));
}

#[test]
fn an_unreferenced_settlement_gets_one_suggestion_never_counted_as_matched() {
    let mut input = base();
    input["orders"][0]["payments"][0]["processor_reference"] = Value::Null;
    let s = settlement(&mut input, 0);
    s["processor_reference"] = Value::Null;
    s["merchant_reference"] = Value::Null;
    let r = run_at(&input, "2026-11-22T00:00:00Z");
    let e = only(&r, ReasonCode::UnmatchedSettlement);
    let suggestion = e.suggestion.as_ref().expect("one candidate");
    assert_eq!(&*suggestion.record.id, "p1");
    assert_eq!(
        r.rows.payments.pending, 1,
        "still waiting until a person confirms"
    );

    // Confirmed, it counts as matched.
    let mut c = config("2026-11-22T00:00:00Z");
    c.confirmed_matches.push(ConfirmedMatch {
        settlement_id: crate::RecordId::new("s1").unwrap(),
        order_id: "W1".into(),
        record_id: crate::RecordId::new("p1").unwrap(),
    });
    let parsed: Input = serde_json::from_value(input.clone()).unwrap();
    let r = reconcile(&parsed, &c).unwrap();
    assert!(r.exceptions.is_empty());
    assert!(r.matches.iter().any(|m| m.kind == MatchKind::Confirmed));

    // Two open payments of the same amount: listed, not guessed.
    let mut other = input["orders"][0].clone();
    other["order_id"] = json!("W2");
    other["fulfilments"] = json!([]);
    input["orders"].as_array_mut().unwrap().push(other);
    let r = run_at(&input, "2026-11-22T00:00:00Z");
    let e = only(&r, ReasonCode::UnmatchedSettlement);
    assert!(e.suggestion.is_none());
    assert_eq!(e.candidates.len(), 2);
}

#[test]
fn a_cash_and_card_split_tender_adds_up_and_cash_needs_no_settlement() {
    let mut input = base();
    input["orders"][0]["payments"][0]["amount"] = json!("60.00");
    input["orders"][0]["payments"].as_array_mut().unwrap().push(json!(
        {"payment_id": "p2", "method": "cash", "amount": "40.00", "captured_at": "2026-11-20T10:00:00Z"}));
    let s = settlement(&mut input, 0);
    s["gross"] = json!("60.00");
    s["fee"] = json!("2.04");
    s["net"] = json!("57.96");
    let r = run(&input);
    assert!(r.exceptions.is_empty(), "{:?}", reasons(&r));
    assert_eq!(r.rows.payments.matched, 2);
    assert_eq!(r.summary[0].payments_captured, dec("100.00"));
    assert_eq!(r.summary[0].processor_captured, dec("60.00"));

    input["orders"][0]["payments"][1]["amount"] = json!("30.00");
    let r = run(&input);
    let e = only(&r, ReasonCode::PaymentTotalMismatch);
    assert_eq!(e.key.kind, RowKind::Order);
    assert_eq!(e.difference, Some(dec("-10.00")));
}

#[test]
fn inventory_is_matched_per_order_and_sku_summing_split_shipments() {
    let mut input = base();
    input["orders"][0]["fulfilments"] = json!([
        {"line_id": "l1", "sku": "A", "quantity": 1, "location": "WH", "fulfilled_at": "2026-11-20T12:00:00Z"},
        {"line_id": "l1", "sku": "A", "quantity": 1, "location": "S1", "fulfilled_at": "2026-11-21T12:00:00Z"}]);
    input["movements"] = json!([
        {"id": "m1", "sku": "A", "location": "WH", "delta": -1, "kind": "sale", "order_reference": "W1", "occurred_at": "2026-11-20T12:00:00Z"},
        {"id": "m2", "sku": "A", "location": "S1", "delta": -1, "kind": "sale", "order_reference": "W1", "occurred_at": "2026-11-21T12:00:00Z"},
        {"id": "m3", "sku": "B", "location": "S1", "delta": 10, "kind": "receipt", "occurred_at": "2026-11-21T12:00:00Z"}]);
    let r = run(&input);
    assert!(r.exceptions.is_empty(), "{:?}", reasons(&r));
    assert_eq!(r.rows.movements.matched, 3);

    input["movements"].as_array_mut().unwrap().remove(1);
    let r = run(&input);
    let e = only(&r, ReasonCode::InventoryQuantityMismatch);
    assert_eq!((e.key.kind, &*e.key.id), (RowKind::OrderSku, "A"));
    assert_eq!((e.expected, e.actual), (Some(dec("2")), Some(dec("1"))));
    assert_eq!(e.currency, None);

    input["movements"].as_array_mut().unwrap().remove(0);
    let r = run(&input);
    only(&r, ReasonCode::MissingInventoryMovement);
}

#[test]
fn a_movement_naming_an_order_that_does_not_exist_is_unmatched() {
    let mut input = base();
    input["movements"].as_array_mut().unwrap().push(json!(
        {"id": "m9", "sku": "A", "location": "S1", "delta": -1, "kind": "sale", "order_reference": "W404", "occurred_at": "2026-11-21T12:00:00Z"}));
    let r = run(&input);
    let e = only(&r, ReasonCode::UnmatchedMovement);
    assert_eq!(&*e.key.id, "m9");
}

#[test]
fn movements_find_their_order_whether_or_not_order_ids_repeat() {
    let cash_order = |id: &str, sku: &str| {
        json!({"order_id": id, "channel": "pos", "currency": "USD", "total": "5.00",
               "placed_at": "2026-11-20T10:00:00Z",
               "payments": [{"payment_id": "p", "method": "cash", "amount": "5.00",
                             "captured_at": "2026-11-20T10:00:00Z"}],
               "fulfilments": [{"line_id": "l", "sku": sku, "quantity": 1, "location": "S1",
                                "fulfilled_at": "2026-11-20T10:00:00Z"}]})
    };
    let sale = |id: &str, order: &str, sku: &str| {
        json!({"id": id, "sku": sku, "location": "S1", "delta": -1, "kind": "sale",
               "order_reference": order, "occurred_at": "2026-11-20T10:00:00Z"})
    };
    // Movements in the orders' own order, then out of it, and one naming no order.
    let movements = json!([
        sale("m1", "P1", "A"),
        sale("m2", "P2", "B"),
        sale("m3", "P3", "C"),
        sale("m4", "P2", "D"),
        sale("m5", "P9", "A")
    ]);
    let mut input = json!({"orders": [cash_order("P1", "A"), cash_order("P2", "B"),
                                      cash_order("P3", "C")],
                           "movements": movements});
    input["orders"][1]["fulfilments"]
        .as_array_mut()
        .unwrap()
        .push(
            json!({"line_id": "l2", "sku": "D", "quantity": 1, "location": "S1",
               "fulfilled_at": "2026-11-20T10:00:00Z"}),
        );
    let r = run(&input);
    let e = only(&r, ReasonCode::UnmatchedMovement);
    assert_eq!(&*e.key.id, "m5");
    assert_eq!(r.rows.movements.matched, 4);

    // P2 read twice, its copy last: the order after P3 is that copy, but m4
    // belongs to the P2 that is kept.
    let copy = input["orders"][1].clone();
    input["orders"].as_array_mut().unwrap().push(copy);
    let r = run(&input);
    assert_eq!(reasons(&r), ["INVALID_ROW", "UNMATCHED_MOVEMENT"]);
    assert_eq!(r.rows.movements.matched, 4);
    let parsed: Input = serde_json::from_value(input).unwrap();
    assert_every_row_counted(&parsed, &r);
}

use crate::input::JsonColumns;

/// Records flattened into tables of columns: children name their order.
fn flatten(input: &Value) -> Vec<JsonColumns> {
    let mut tables: Vec<Vec<serde_json::Map<String, Value>>> = vec![Vec::new(); 7];
    let children = ["payments", "fulfilments", "returns", "refunds"];
    for order in input["orders"].as_array().unwrap() {
        let mut header = order.as_object().unwrap().clone();
        for (c, name) in children.iter().enumerate() {
            for child in header
                .remove(*name)
                .and_then(|v| v.as_array().cloned())
                .unwrap_or_default()
            {
                let mut row = serde_json::Map::new();
                row.insert("order_id".into(), order["order_id"].clone());
                row.extend(child.as_object().unwrap().clone());
                tables[c + 1].push(row);
            }
        }
        tables[0].push(header);
    }
    for (t, key) in [(5, "settlements"), (6, "movements")] {
        for row in input[key].as_array().cloned().unwrap_or_default() {
            tables[t].push(row.as_object().unwrap().clone());
        }
    }
    tables
        .into_iter()
        .enumerate()
        .map(|(t, rows)| {
            let mut names: Vec<String> = Vec::new();
            for row in &rows {
                for k in row.keys() {
                    if !names.contains(k) {
                        names.push(k.clone());
                    }
                }
            }
            if names.is_empty() && t == 0 {
                names.push("order_id".into());
            }
            JsonColumns::new(
                names
                    .into_iter()
                    .map(|n| {
                        let cells = rows
                            .iter()
                            .map(|r| r.get(&n).cloned().unwrap_or(Value::Null))
                            .collect();
                        (n, cells)
                    })
                    .collect(),
            )
        })
        .collect()
}

fn by_columns(input: &Value, extras: crate::input::Extras) -> Result<Input, crate::Error> {
    by_columns_on(input, extras, 1)
}

fn by_columns_on(
    input: &Value,
    extras: crate::input::Extras,
    threads: usize,
) -> Result<Input, crate::Error> {
    let t = flatten(input);
    read_columns_on(
        &ColumnTables {
            orders: Some(&t[0]),
            payments: Some(&t[1]),
            fulfilments: Some(&t[2]),
            returns: Some(&t[3]),
            refunds: Some(&t[4]),
            settlements: Some(&t[5]),
            movements: Some(&t[6]),
        },
        extras,
        threads,
    )
}

fn by_records(input: &Value) -> Input {
    let list = |k: &str| {
        let rows = input[k].as_array().cloned().unwrap_or_default();
        rows.into_iter().map(Ok).collect::<Vec<_>>()
    };
    read_records(
        &list("orders"),
        &list("settlements"),
        &list("movements"),
        Default::default(),
    )
}

/// Every kind of bad row: a float for money, an unknown currency with a
/// payment, a missing id, an integer id, a flag as text, an enum as an
/// integer, a nested list where text goes, an unknown key, a personal
/// value of the wrong type.
fn hostile_day() -> Value {
    let mut input = with_return(true);
    let good = input["orders"][0].clone();
    let mut orders = vec![good.clone()];
    let mut float = good.clone();
    float["order_id"] = json!("W2");
    float["total"] = json!(99.5);
    orders.push(float);
    let mut zzz = good.clone();
    zzz["order_id"] = json!("W3");
    zzz["currency"] = json!("ZZZ");
    orders.push(zzz);
    let mut no_id = good.clone();
    no_id.as_object_mut().unwrap().remove("order_id");
    no_id["payments"] = json!([]);
    orders.push(no_id.clone());
    orders.push(no_id);
    let mut int_id = good.clone();
    int_id["order_id"] = json!(1234);
    int_id["customer"] = json!(4155552671_i64);
    orders.push(int_id);
    let mut texts = good.clone();
    texts["order_id"] = json!("W5");
    texts["returns"][0]["restock"] = json!("false");
    texts["returns"][0]["return_id"] = json!("r5");
    texts["payments"][0]["method"] = json!(1);
    texts["fulfilments"][0]["sku"] = json!(["A"]);
    orders.push(texts);
    let mut extra = good;
    extra["order_id"] = json!("W6");
    extra["colour"] = json!("red");
    orders.push(extra);
    input["orders"] = Value::Array(orders);
    input["movements"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": 7, "sku": "A", "location": "WH",
        "delta": 0, "kind": "count", "occurred_at": "2026-11-20T12:00:00Z"}));
    input
}

#[test]
fn two_threads_read_the_same_input_as_one() {
    // Unread rows in every table, children and sales of orders that are not
    // there or could not be read, and movements of a return.
    let mut orphans = hostile_day();
    orphans["settlements"].as_array_mut().unwrap().push(
        json!({"id": "bad", "kind": "charge", "processor": "stripe", "net": 1.5,
            "currency": "USD", "settled_at": "2026-11-21T10:00:00Z"}),
    );
    orphans["movements"].as_array_mut().unwrap().extend([
        json!({"id": "m-x", "sku": "A", "location": "WH", "delta": -1, "kind": "sale",
                "order_reference": "NOPE", "occurred_at": "2026-11-20T12:00:00Z"}),
        json!({"id": "m-y", "sku": "A", "location": "WH", "delta": "two", "kind": "sale",
                "order_reference": "W1", "occurred_at": "2026-11-20T12:00:00Z"}),
    ]);
    for input in [base(), with_return(true), hostile_day(), orphans] {
        let one = by_columns_on(&input, crate::input::Extras::Ignore, 1).unwrap();
        let two = by_columns_on(&input, crate::input::Extras::Ignore, 2).unwrap();
        assert_eq!(one, two);
        assert!(!one.unread.is_empty() || input == base() || input == with_return(true));
    }
    // A header error is the same error, raised before either thread reads a row.
    let mut misnamed = base();
    misnamed["movements"][0]["colour"] = json!("red");
    let one = by_columns_on(&misnamed, crate::input::Extras::Refuse, 1).unwrap_err();
    let two = by_columns_on(&misnamed, crate::input::Extras::Refuse, 2).unwrap_err();
    assert_eq!(one.to_string(), two.to_string());
}

/// A table as a file reader streams it: every cell as its text.
struct TextStream {
    names: Vec<String>,
    rows: Vec<Vec<String>>,
    /// A malformed line after this many rows.
    broken_after: Option<usize>,
}

impl crate::input::RowStream for TextStream {
    fn names(&self) -> &[String] {
        &self.names
    }

    fn each_row(
        &mut self,
        row: &mut dyn FnMut(&dyn crate::input::Cells),
    ) -> Result<(), crate::Error> {
        for (i, cells) in self.rows.iter().enumerate() {
            if self.broken_after == Some(i) {
                return Err(crate::Error::invalid_argument(
                    format!("file of {}:{}", self.names[0], i + 2),
                    "",
                    "malformed",
                ));
            }
            row(cells);
        }
        Ok(())
    }
}

/// The day's tables as text streams (numbers and booleans as their text, null as empty).
fn text_streams(input: &Value) -> Vec<Option<TextStream>> {
    use crate::input::{Cell, Columns};
    flatten(input)
        .into_iter()
        .map(|t| {
            let names = t.names();
            let len = if names.is_empty() { 0 } else { t.column_len(0) };
            let rows = (0..len)
                .map(|i| {
                    (0..names.len())
                        .map(|c| {
                            t.with_cell(c, i, |cell| match cell {
                                Cell::Text(x) | Cell::BigInt(x) | Cell::Other(x) => x.to_string(),
                                Cell::Int(n) => n.to_string(),
                                Cell::Decimal(d) => d.to_string(),
                                Cell::Float(f) => f.to_string(),
                                Cell::Bool(b) => b.to_string(),
                                _ => String::new(),
                            })
                        })
                        .collect()
                })
                .collect();
            Some(TextStream {
                names,
                rows,
                broken_after: None,
            })
        })
        .collect()
}

#[test]
fn streamed_tables_read_alike_on_one_thread_and_two() {
    let mut orphans = hostile_day();
    orphans["movements"].as_array_mut().unwrap().push(
        json!({"id": "m-x", "sku": "A", "location": "WH", "delta": -1, "kind": "sale",
            "order_reference": "NOPE", "occurred_at": "2026-11-20T12:00:00Z"}),
    );
    for input in [base(), with_return(true), hostile_day(), orphans] {
        let one = read_streams_on(text_streams(&input), crate::input::Extras::Ignore, 1).unwrap();
        let two = read_streams_on(text_streams(&input), crate::input::Extras::Ignore, 2).unwrap();
        assert_eq!(one, two);
        assert!(!one.orders.is_empty());
    }
    // Text streams of a clean day read as its columns do.
    let clean = with_return(true);
    assert_eq!(
        read_streams_on(text_streams(&clean), crate::input::Extras::Refuse, 2).unwrap(),
        by_columns(&clean, crate::input::Extras::Refuse).unwrap()
    );
}

#[test]
fn a_malformed_file_fails_the_read_with_the_first_table_s_error_whatever_the_threads() {
    let input = with_return(true);
    for threads in [1, 2] {
        // Movements (read beside the children on two threads) and payments both broken:
        // payments come first in the tables' order.
        let mut streams = text_streams(&input);
        streams[6].as_mut().unwrap().broken_after = Some(0);
        streams[1].as_mut().unwrap().broken_after = Some(0);
        let e = read_streams_on(streams, crate::input::Extras::Refuse, threads).unwrap_err();
        assert!(e.to_string().contains("file of order_id:2"), "{e}");
        let mut streams = text_streams(&input);
        streams[6].as_mut().unwrap().broken_after = Some(0);
        let e = read_streams_on(streams, crate::input::Extras::Refuse, threads).unwrap_err();
        assert!(e.to_string().contains("file of id:2"), "{e}");
    }
}

#[test]
fn records_and_columns_read_the_same_rows_alike() {
    for input in [base(), with_return(true), hostile_day()] {
        let records = by_records(&input);
        let columns = by_columns(&input, crate::input::Extras::Ignore).unwrap();
        // Column form has no record to hold an unknown key: compare rows only.
        if input == hostile_day() {
            assert_eq!(records.orders.len(), columns.orders.len() - 1);
        } else {
            assert_eq!(records, columns);
        }
    }
    let mut clean = hostile_day();
    clean["orders"].as_array_mut().unwrap().pop();
    let records = by_records(&clean);
    let columns = by_columns(&clean, crate::input::Extras::Refuse).unwrap();
    assert_eq!(records, columns);
    let config = config("2026-11-26T00:00:00Z");
    assert_eq!(
        reconcile(&records, &config).unwrap(),
        reconcile(&columns, &config).unwrap()
    );
}

#[test]
fn every_bad_row_names_its_table_row_and_field_and_never_shows_a_phone() {
    let input = by_records(&hostile_day());
    let reasons: Vec<(String, String)> = input
        .unread
        .iter()
        .map(|u| (u.id.clone(), u.reason.clone()))
        .collect();
    let find = |id: &str| {
        reasons
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, r)| r.as_str())
            .unwrap_or_else(|| panic!("no unread row {id} in {reasons:?}"))
    };
    assert!(find("W2").contains("orders[1].total"), "{}", find("W2"));
    assert!(find("W2").contains("read the column as decimal or text"));
    assert!(find("W3").contains("orders[2].currency"));
    // Two orders without ids: each its own place, so two distinct rows.
    assert!(find("#3").contains("orders[3].order_id"));
    assert!(find("#4").contains("orders[4].order_id"));
    // An integer id is its decimal text; a clear phone number never shows.
    assert!(input.orders.iter().any(|o| o.order_id.as_str() == "1234"));
    assert!(reasons
        .iter()
        .all(|(_, r)| !r.contains("4155552671") && !r.contains("555")));
    // The payment of the order with an unknown currency says why it is unread.
    let w3_payment = input
        .unread
        .iter()
        .find(|u| u.kind == RowKind::Payment && u.order_id.as_deref() == Some("W3"))
        .unwrap();
    assert!(
        w3_payment.reason.contains("could not be read"),
        "{}",
        w3_payment.reason
    );
    // "false" is false; an enum as an integer and a list for a SKU are refused by field.
    let w5 = input.orders.iter().find(|o| o.order_id.as_str() == "W5");
    assert!(w5.is_some());
    assert!(reasons
        .iter()
        .any(|(_, r)| r.contains("payments[") && r.contains(".method")));
    assert!(reasons
        .iter()
        .any(|(_, r)| r.contains("fulfilments[") && r.contains(".sku") && r.contains("a list")));
    assert!(find("W6").contains("orders[7].colour"), "{}", find("W6"));
    assert!(reasons
        .iter()
        .all(|(_, r)| r.chars().count() <= crate::input::MAX_MESSAGE));
    // A stock count that confirms stock reads (delta 0).
    assert_eq!(input.movements.len(), 2);
}

#[test]
fn a_column_header_that_is_not_the_tables_fails_before_any_row() {
    let t = JsonColumns::new(vec![
        ("Order ID".into(), vec![json!("W1")]),
        ("Total".into(), vec![json!("1")]),
    ]);
    let e = read_columns(
        &ColumnTables {
            orders: Some(&t),
            ..Default::default()
        },
        Default::default(),
    )
    .unwrap_err();
    assert_eq!(e.code(), crate::ErrorCode::InvalidArgument);
    assert!(e.to_string().contains("orders.channel"), "{e}");
    let floats = JsonColumns::new(vec![
        ("order_id".into(), vec![json!("W1")]),
        ("colour".into(), vec![json!("red")]),
    ]);
    let e = read_columns(
        &ColumnTables {
            orders: Some(&floats),
            ..Default::default()
        },
        Default::default(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("unknown column"), "{e}");
    let ragged = JsonColumns::new(vec![
        ("order_id".into(), vec![json!("W1")]),
        ("channel".into(), vec![]),
    ]);
    let e = read_columns(
        &ColumnTables {
            orders: Some(&ragged),
            ..Default::default()
        },
        crate::input::Extras::Ignore,
    )
    .unwrap_err();
    assert!(e.to_string().contains("must have 1 rows"), "{e}");
    let huge = JsonColumns::new(vec![("x".repeat(100_000), vec![json!("W1")])]);
    let e = read_columns(
        &ColumnTables {
            orders: Some(&huge),
            ..Default::default()
        },
        Default::default(),
    )
    .unwrap_err();
    assert!(e.to_string().chars().count() <= crate::input::MAX_MESSAGE);
}

fn with_return(restock: bool) -> Value {
    let mut input = base();
    input["orders"][0]["returns"] = json!([{"return_id": "r1", "line_id": "l1", "sku": "A",
        "quantity": 1, "restock": restock, "location": "S1", "received_at": "2026-11-22T09:00:00Z"}]);
    input
}

fn restock_movement() -> Value {
    json!({"id": "m2", "sku": "A", "location": "S1", "delta": 1, "kind": "return_restock",
           "order_reference": "W1", "return_reference": "r1", "occurred_at": "2026-11-22T09:00:00Z"})
}

fn refund(return_id: Option<&str>, method: &str) -> Value {
    json!({"refund_id": "f1", "return_id": return_id, "method": method, "processor": "stripe",
           "processor_reference": "re_1", "amount": "50.00", "issued_at": "2026-11-22T10:00:00Z"})
}

fn refund_settlement() -> Value {
    json!({"id": "s2", "kind": "refund", "processor": "stripe", "processor_reference": "re_1",
           "gross": "-50.00", "fee": "0", "net": "-50.00", "currency": "USD",
           "settled_at": "2026-11-23T02:00:00Z"})
}

#[test]
fn a_restocked_return_never_credited_is_a_leak_after_the_grace_period() {
    let mut input = with_return(true);
    input["movements"]
        .as_array_mut()
        .unwrap()
        .push(restock_movement());
    let r = run_at(&input, "2026-11-22T20:00:00Z");
    assert!(r.exceptions.is_empty(), "the next morning is normal");
    assert!(r
        .pending
        .iter()
        .any(|p| p.reason == PendingReason::AwaitingCredit));
    let r = run(&input);
    let e = only(&r, ReasonCode::ReturnWithoutCredit);
    assert_eq!(e.key.kind, RowKind::Return);
    assert_eq!(e.severity, Severity::Medium, "2 days past its grace");

    input["orders"][0]["refunds"] = json!([refund(Some("r1"), "card")]);
    input["settlements"]
        .as_array_mut()
        .unwrap()
        .push(refund_settlement());
    let r = run(&input);
    assert!(r.exceptions.is_empty(), "{:?}", reasons(&r));
    assert!(r.matches.iter().any(|m| m.kind == MatchKind::Return));
    assert!(r
        .matches
        .iter()
        .any(|m| m.kind == MatchKind::RefundByProcessorReference));
}

#[test]
fn a_credit_for_goods_that_never_came_back_is_the_leak_in_reverse() {
    let mut input = with_return(true);
    input["orders"][0]["refunds"] = json!([refund(Some("r1"), "card")]);
    input["settlements"]
        .as_array_mut()
        .unwrap()
        .push(refund_settlement());
    let r = run(&input);
    let e = only(&r, ReasonCode::CreditWithoutReturn);
    assert_eq!(e.key.kind, RowKind::Refund);

    // Goods marked not restockable: a refund with no restock is fine.
    let mut input = with_return(false);
    input["orders"][0]["refunds"] = json!([refund(Some("r1"), "card")]);
    input["settlements"]
        .as_array_mut()
        .unwrap()
        .push(refund_settlement());
    assert!(run(&input).exceptions.is_empty());
}

#[test]
fn refunds_beyond_payment_unknown_returns_and_unsettled_refunds_flag() {
    let mut input = base();
    let mut big = refund(None, "store_credit");
    big["amount"] = json!("120.00");
    input["orders"][0]["refunds"] = json!([big]);
    let r = run(&input);
    let e = only(&r, ReasonCode::OverRefund);
    assert_eq!(e.amount_at_risk, Some(dec("20.00")));
    assert_eq!(e.severity, Severity::High);

    input["orders"][0]["refunds"] = json!([refund(Some("r404"), "cash")]);
    only(&run(&input), ReasonCode::UnknownReturn);

    input["orders"][0]["refunds"] = json!([refund(None, "card")]);
    only(&run(&input), ReasonCode::MissingRefundSettlement);
    let r = run_at(&input, "2026-11-23T00:00:00Z");
    assert!(r.exceptions.is_empty());
    assert_eq!(r.pending[0].reason, PendingReason::AwaitingRefundSettlement);
}

#[test]
fn a_payout_must_equal_the_net_of_its_batch() {
    let mut input = base();
    input["settlements"].as_array_mut().unwrap().push(json!(
        {"id": "po_1", "kind": "payout", "processor": "stripe", "net": "-96.80",
         "currency": "USD", "settled_at": "2026-11-23T00:00:00Z", "batch_id": "po_1"}));
    let r = run(&input);
    assert!(r.exceptions.is_empty());
    assert!(r
        .matches
        .iter()
        .any(|m| m.kind == MatchKind::Payout && m.rows.len() == 2));
    assert_eq!(r.summary[0].payouts, dec("96.80"));
    settlement(&mut input, 1)["net"] = json!("-90.00");
    let r = run(&input);
    let e = only(&r, ReasonCode::BatchTotalMismatch);
    assert_eq!(e.difference, Some(dec("-6.80")));
}

#[test]
fn a_chargeback_carries_its_evidence_and_closes_when_reversed() {
    let mut input = base();
    input["settlements"].as_array_mut().unwrap().push(json!(
        {"id": "cb1", "kind": "chargeback", "processor": "stripe", "processor_reference": "ch_1",
         "gross": "-100.00", "fee": "15.00", "net": "-115.00", "currency": "USD",
         "settled_at": "2026-11-24T00:00:00Z"}));
    let r = run(&input);
    let e = only(&r, ReasonCode::Chargeback);
    assert_eq!(e.severity, Severity::High);
    let evidence = e.evidence.as_ref().unwrap();
    assert_eq!(evidence.order_id.as_str(), "W1");
    assert_eq!(evidence.customer.as_ref().unwrap().as_str(), "C-9");
    assert_eq!(evidence.payments.len(), 1);
    assert_eq!(r.summary[0].chargebacks, dec("100.00"));

    input["settlements"].as_array_mut().unwrap().push(json!(
        {"id": "cb1r", "kind": "chargeback_reversal", "processor": "stripe", "processor_reference": "ch_1",
         "gross": "100.00", "fee": "0", "net": "100.00", "currency": "USD",
         "settled_at": "2026-11-25T00:00:00Z"}));
    let r = run(&input);
    assert!(r.exceptions.is_empty());
    assert!(r
        .matches
        .iter()
        .any(|m| m.kind == MatchKind::ChargebackReversed));
}

#[test]
fn repeated_rows_are_invalid_and_nothing_is_dropped() {
    let mut input = base();
    let copy = settlement(&mut input, 0).clone();
    input["settlements"].as_array_mut().unwrap().push(copy);
    let r = run(&input);
    let e = only(&r, ReasonCode::InvalidRow);
    assert!(e.message.contains("one copy is used"), "{}", e.message);
    assert_eq!(r.rows.settlements.matched, 1);
    assert_eq!(r.rows.settlements.exceptions, 1);

    settlement(&mut input, 1)["fee"] = json!("3.00");
    settlement(&mut input, 1)["net"] = json!("97.00");
    let r = run(&input);
    assert_eq!(
        r.rows.settlements.exceptions, 2,
        "two different rows, one id: neither is used"
    );
    let parsed: Input = serde_json::from_value(input).unwrap();
    assert_every_row_counted(&parsed, &r);
}

#[test]
fn rows_stamped_after_as_of_wait_for_a_later_run() {
    let mut input = base();
    settlement(&mut input, 0)["settled_at"] = json!("2026-11-21T02:00:00Z");
    let r = run_at(&input, "2026-11-21T00:00:00Z");
    assert!(r.exceptions.is_empty());
    assert!(r
        .pending
        .iter()
        .any(|p| p.reason == PendingReason::AfterAsOf));
}

#[test]
fn exception_ids_are_stable_and_severity_follows_amount_and_age() {
    let mut input = base();
    input["settlements"] = json!([]);
    let a = run(&input);
    let b = run(&input);
    assert_eq!(a.exceptions[0].id, b.exceptions[0].id);
    assert!(a.exceptions[0].id.starts_with("X-"));
    // Missing since 2026-11-23T10:00: 2 days old on the 26th (medium), 3 on the 27th (high).
    assert_eq!(a.exceptions[0].severity, Severity::Medium);
    assert_eq!(
        run_at(&input, "2026-11-26T10:00:00Z").exceptions[0].severity,
        Severity::High
    );
    input["orders"][0]["payments"][0]["amount"] = json!("1500.00");
    input["orders"][0]["total"] = json!("1500.00");
    assert_eq!(
        run_at(&input, "2026-11-23T11:00:00Z").exceptions[0].severity,
        Severity::High
    );
}

#[test]
fn the_queue_follows_exceptions_across_days() {
    let mut input = base();
    input["settlements"] = json!([]);
    let day1 = run(&input);
    let q1 = update_queue(&[], &day1, &[]).unwrap();
    assert_eq!(q1[0].status, QueueStatus::New);
    let day2 = run_at(&input, "2026-11-27T00:00:00Z");
    let q2 = update_queue(&q1, &day2, &[]).unwrap();
    assert_eq!(q2[0].status, QueueStatus::Persisting);
    assert_eq!(q2[0].first_seen, day1.as_of);

    let accept = Acceptance {
        exception_id: q2[0].exception_id.clone(),
        fingerprint: q2[0].fingerprint.clone(),
        by: "ana".into(),
        note: "processor confirmed it settles with the next batch".into(),
        at: at("2026-11-27T09:00:00Z"),
    };
    let q3 = update_queue(&q2, &day2, std::slice::from_ref(&accept)).unwrap();
    assert_eq!(q3[0].status, QueueStatus::Accepted);
    let q4 = update_queue(&q3, &run_at(&input, "2026-11-28T00:00:00Z"), &[]).unwrap();
    assert_eq!(
        q4[0].status,
        QueueStatus::Accepted,
        "inputs unchanged: stays closed"
    );

    input["orders"][0]["payments"][0]["amount"] = json!("90.00");
    input["orders"][0]["total"] = json!("90.00");
    let q5 = update_queue(&q4, &run_at(&input, "2026-11-28T00:00:00Z"), &[]).unwrap();
    assert_eq!(q5[0].status, QueueStatus::Reopened);

    let q6 = update_queue(&q5, &run(&base()), &[]).unwrap();
    assert_eq!(q6[0].status, QueueStatus::Resolved);
    let mut blank = accept;
    blank.note = " ".into();
    assert!(update_queue(&[], &day1, &[blank]).is_err());
}

#[test]
fn an_invalid_configuration_is_refused() {
    let mut c = config("2026-11-26T00:00:00Z");
    c.fee_schedule.push(c.fee_schedule[0].clone());
    let err = reconcile(&Input::default(), &c).unwrap_err();
    assert_eq!(err.code(), crate::ErrorCode::InvalidConfiguration);
}

#[test]
fn the_most_specific_fee_rule_applies() {
    let mut c = config("2026-11-26T00:00:00Z");
    c.fee_schedule.push(FeeRule {
        processor: crate::ProcessorId::new("stripe").unwrap(),
        channel: Some(crate::ChannelId::new("pos").unwrap()),
        method: Some(PaymentMethod::Card),
        percent: dec("2.7"),
        fixed: dec("0.05"),
    });
    let pos = crate::ChannelId::new("pos").unwrap();
    let usd = crate::Currency::from_code("USD").unwrap();
    let rule = c
        .fee_rule("stripe", Some(&pos), Some(PaymentMethod::Card))
        .unwrap();
    assert_eq!(rule.fee(dec("10.00"), usd), dec("0.32"));
    let web = crate::ChannelId::new("web").unwrap();
    assert_eq!(
        c.fee_rule("stripe", Some(&web), Some(PaymentMethod::Card))
            .unwrap()
            .fee(dec("10.00"), usd),
        dec("0.59")
    );
    // Half-up at the minor unit: 2.9 % of 0.50 + 0.30 = 0.3145 → 0.31; of 1.50 → 0.3435 → 0.34.
    assert_eq!(c.fee_schedule[0].fee(dec("0.50"), usd), dec("0.31"));
    assert_eq!(c.fee_schedule[0].fee(dec("5.00"), usd), dec("0.45"));
}

#[test]
fn the_queue_is_csv_most_urgent_first_and_the_summary_reads_first() {
    let mut input = base();
    input["settlements"] = json!([]);
    input["orders"][0]["payments"][0]["amount"] = json!("100.50");
    input["orders"][0]["total"] = json!("100.50");
    let r = run(&input);
    let csv = exceptions_csv(&r);
    let mut lines = csv.split("\r\n");
    assert_eq!(lines.next().unwrap(), CSV_COLUMNS.join(","));
    let first = lines.next().unwrap();
    assert!(
        first.contains(",MISSING_SETTLEMENT,payment,W1,p1,USD,100.50,0,-100.50,100.50,"),
        "{first}"
    );
    let text = summary_text(&r);
    assert!(
        text.contains("1 exception(s): 0 high, 1 medium, 0 low"),
        "{text}"
    );
    assert!(text.contains("missing 100.50"), "{text}");
    assert!(text.contains("Work first:"), "{text}");

    // Each kind of record referenced has a column of its own: the settlement
    // behind an amount mismatch is not buried in free text.
    let mut input = base();
    input["settlements"][0]["gross"] = json!("99.99");
    input["settlements"][0]["net"] = json!("96.79");
    let csv = exceptions_csv(&run(&input));
    let rows: Vec<Vec<&str>> = csv
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|l| l.split(',').collect())
        .collect();
    let column = |name: &str| CSV_COLUMNS.iter().position(|c| *c == name).unwrap();
    let mismatch = rows.iter().find(|r| r[2] == "AMOUNT_MISMATCH").unwrap();
    assert_eq!(mismatch[column("settlements")], "s1");
    assert_eq!(mismatch[column("payments")], "W1/p1");
    assert_eq!(mismatch[column("movements")], "");
    assert_eq!(rows[0].len(), CSV_COLUMNS.len());
}

#[test]
fn flat_tables_nest_under_their_orders_and_orphans_are_reported() {
    let nested: Input = serde_json::from_value(base()).unwrap();
    let order = &nested.orders[0];
    let header = OrderHeader {
        order_id: order.order_id.clone(),
        channel: order.channel.clone(),
        currency: order.currency,
        total: order.total,
        placed_at: order.placed_at,
        customer: order.customer.clone(),
        status: order.status,
    };
    let stray = crate::OrderId::new("W404").unwrap();
    let tables = Tables {
        orders: vec![header],
        payments: vec![
            (order.order_id.clone(), order.payments[0].clone()),
            (stray, order.payments[0].clone()),
        ],
        fulfilments: vec![(order.order_id.clone(), order.fulfilments[0].clone())],
        settlements: nested.settlements.clone(),
        movements: nested.movements.clone(),
        ..Tables::default()
    };
    let input = Input::from_tables(tables);
    assert_eq!(input.orders, nested.orders);
    let r = reconcile(&input, &config("2026-11-26T00:00:00Z")).unwrap();
    let e = only(&r, ReasonCode::InvalidRow);
    assert_eq!(e.key.order_id.as_deref(), Some("W404"));
    assert_eq!(r.rows.payments.total(), 2);
    assert_eq!(r.rows.payments.exceptions, 1);
}

#[test]
fn a_record_that_does_not_parse_is_an_invalid_row_and_the_rest_still_count() {
    let mut input = base();
    let mut bad = input["orders"][0].clone();
    bad["order_id"] = json!("W2");
    bad["currency"] = json!("XXX");
    let orders = vec![input["orders"][0].clone(), bad];
    let settlements = input["settlements"].as_array().unwrap().clone();
    input["movements"][0]["delta"] = json!(-2);
    let movements = vec![input["movements"][0].clone(), json!({"id": 7})];
    let ok = |rows: Vec<Value>| rows.into_iter().map(Ok).collect::<Vec<_>>();
    let parsed = read_records(
        &ok(orders),
        &ok(settlements),
        &ok(movements),
        Default::default(),
    );
    let r = reconcile(&parsed, &config("2026-11-26T00:00:00Z")).unwrap();
    let mut keys: Vec<String> = r.exceptions.iter().map(|e| e.key.label()).collect();
    keys.sort();
    // The order's payment and fulfilment are counted too, each saying why.
    assert_eq!(
        keys,
        ["movement 7", "order SKU W2/A", "order W2", "payment W2/p1"]
    );
    assert!(r
        .exceptions
        .iter()
        .all(|e| e.reason == ReasonCode::InvalidRow));
    assert_eq!((r.rows.orders.matched, r.rows.orders.exceptions), (1, 1));
    assert_eq!(
        (r.rows.movements.matched, r.rows.movements.exceptions),
        (1, 1)
    );
}

#[test]
fn a_queue_that_lists_one_exception_twice_is_refused() {
    let mut input = base();
    input["settlements"] = json!([]);
    let day = run(&input);
    let items = update_queue(&[], &day, &[]).unwrap();
    let twice = [items[0].clone(), items[0].clone()];
    let err = update_queue(&twice, &day, &[]).unwrap_err();
    assert_eq!(err.code(), crate::ErrorCode::InvalidArgument);
}

// ---- properties ----

prop_compose! {
    fn day_order(i: usize)(
        cents in 100i64..50_000,
        card_share in 0i64..=100,
        settle in 0u8..6,
        settle_day in 0i64..6,
        fee_cents in 0i64..400,
        units in 1i64..4,
        moved in 0i64..5,
        refund_cents in 0i64..60_000,
        restock in any::<bool>(),
        restocked in any::<bool>(),
        more in (0u8..3, 0u8..4, any::<bool>()),
    ) -> (Value, Vec<Value>, Vec<Value>) {
        let (status, second_line, card_refund) = more;
        let id = format!("O{i}");
        let card = cents * card_share / 100;
        let cash = cents - card;
        let money = |c: i64| Decimal::new(c, 2).to_string();
        let mut payments = vec![];
        if card > 0 {
            payments.push(json!({"payment_id": "card", "method": "card", "processor": "stripe",
                "processor_reference": if settle == 1 { Value::Null } else { json!(format!("ch_{i}")) },
                "amount": money(card), "captured_at": format!("2026-11-2{}T10:00:00Z", i % 4)}));
        }
        if cash > 0 {
            payments.push(json!({"payment_id": "cash", "method": "cash", "amount": money(cash),
                "captured_at": "2026-11-20T10:00:00Z"}));
        }
        let mut settlements = vec![];
        if card > 0 && settle >= 1 {
            let gross = if settle == 2 { card + 1 } else { card };
            settlements.push(json!({"id": format!("s{i}"), "kind": "charge", "processor": "stripe",
                "processor_reference": format!("ch_{i}"), "merchant_reference": if settle == 3 { Value::Null } else { json!(id) },
                "gross": money(gross), "fee": money(fee_cents), "net": money(gross - fee_cents - i64::from(settle == 4)),
                "currency": if settle == 5 { "EUR" } else { "USD" },
                "settled_at": format!("2026-11-2{}T10:00:00Z", settle_day), "batch_id": "b1"}));
        }
        let mut movements = vec![];
        if moved > 0 {
            movements.push(json!({"id": format!("m{i}"), "sku": "A", "location": "S1", "delta": -moved,
                "kind": "sale", "order_reference": if moved == 4 { format!("X{i}") } else { id.clone() },
                "occurred_at": "2026-11-20T11:00:00Z"}));
        }
        if restocked {
            movements.push(json!({"id": format!("r{i}"), "sku": "A", "location": "S2", "delta": 1,
                "kind": "return_restock", "order_reference": id, "return_reference": "ret",
                "occurred_at": "2026-11-22T11:00:00Z"}));
        }
        let mut refunds = if refund_cents > 0 && refund_cents % 3 == 0 {
            vec![json!({"refund_id": "f", "return_id": "ret", "method": "store_credit",
                "amount": money(refund_cents), "issued_at": "2026-11-22T12:00:00Z"})]
        } else { vec![] };
        // A second part of the refund, to the card, settled unless the
        // refund is large (then missing).
        if card_refund && card > 0 {
            let part = card.min(refund_cents % 5_000 + 1);
            refunds.push(json!({"refund_id": "f2", "return_id": "ret", "method": "card",
                "processor": "stripe", "processor_reference": format!("re_{i}"),
                "amount": money(part), "issued_at": "2026-11-22T13:00:00Z"}));
            if part % 7 != 0 {
                settlements.push(json!({"id": format!("sr{i}"), "kind": "refund", "processor": "stripe",
                    "processor_reference": format!("re_{i}"), "gross": money(-part - i64::from(part % 11 == 0)),
                    "fee": "0", "net": money(-part - i64::from(part % 11 == 0)), "currency": "USD",
                    "settled_at": "2026-11-23T10:00:00Z", "batch_id": "b1"}));
            }
        }
        // A return spanning a second line and SKU: restocked with its
        // movement, restocked without one, or not restocked.
        let mut returns = vec![json!({"return_id": "ret", "line_id": "l", "sku": "A", "quantity": 1,
            "restock": restock, "location": "S2", "received_at": "2026-11-22T11:00:00Z"})];
        if second_line > 0 {
            returns.push(json!({"return_id": "ret", "line_id": "l2", "sku": "B", "quantity": 2,
                "restock": second_line < 3, "location": "S2", "received_at": "2026-11-22T11:30:00Z"}));
        }
        if second_line == 1 {
            movements.push(json!({"id": format!("rb{i}"), "sku": "B", "location": "S2", "delta": 2,
                "kind": "return_restock", "order_reference": id, "return_reference": "ret",
                "occurred_at": "2026-11-22T11:30:00Z"}));
        }
        let status = ["fulfilled", "open", "cancelled"][usize::from(status)];
        let order = json!({"order_id": id, "channel": "web", "currency": "USD",
            "status": status,
            "total": money(cents + i64::from(settle_day == 5)), "placed_at": "2026-11-20T09:00:00Z",
            "payments": payments,
            "fulfilments": [{"line_id": "l", "sku": "A", "quantity": units, "location": "S1",
                             "fulfilled_at": "2026-11-20T11:00:00Z"}],
            "returns": returns,
            "refunds": refunds});
        (order, settlements, movements)
    }
}

pub(super) fn day() -> impl Strategy<Value = Input> {
    (1usize..12)
        .prop_flat_map(|n| (0..n).map(day_order).collect::<Vec<_>>())
        .prop_map(|rows| {
            let mut input = Input::default();
            for (order, settlements, movements) in rows {
                input.orders.push(serde_json::from_value(order).unwrap());
                for s in settlements {
                    input.settlements.push(serde_json::from_value(s).unwrap());
                }
                for m in movements {
                    input.movements.push(serde_json::from_value(m).unwrap());
                }
            }
            // The batch's payout, a cent short when its lines net to an odd cent.
            let net: Decimal = input
                .settlements
                .iter()
                .filter(|s| s.currency.code() == "USD")
                .map(|s| s.net)
                .sum();
            let short = if (net * Decimal::ONE_HUNDRED) % Decimal::TWO == Decimal::ONE {
                dec("0.01")
            } else {
                Decimal::ZERO
            };
            input.settlements.push(
                serde_json::from_value(json!({"id": "po", "kind": "payout",
                "processor": "stripe", "net": (short - net).to_string(), "currency": "USD",
                "settled_at": "2026-11-25T10:00:00Z", "batch_id": "b1"}))
                .unwrap(),
            );
            input
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn every_row_lands_in_exactly_one_bucket_and_the_identity_holds(input in day()) {
        let r = reconcile(&input, &config("2026-11-26T00:00:00Z")).unwrap();
        assert_every_row_counted(&input, &r);
        for s in &r.summary {
            let raised = |reason: ReasonCode| {
                r.exceptions.iter().any(|e| e.reason == reason && e.currency == Some(s.currency))
            };
            prop_assert_eq!(
                s.processor_captured,
                s.settled_gross - s.amount_differences + s.currency_mismatched
                    + s.pending_settlement + s.missing_settlement,
                "{:?}", s
            );
            prop_assert_eq!(s.exceptions, s.by_reason.values().sum::<u64>());
            // Money identities always hold; the report's own arithmetic and
            // its payouts break exactly when an exception says so.
            let holds = |name: &str| s.identities.iter().any(|i| i.name == name && i.ok);
            prop_assert!(holds("captured_settles"), "{:?}", s.identities);
            prop_assert!(holds("refunds_settle"), "{:?}", s.identities);
            prop_assert_eq!(
                holds("gross_less_fees_is_net"),
                !raised(ReasonCode::SettlementArithmetic)
            );
            prop_assert_eq!(
                holds("payouts_equal_batches"),
                !raised(ReasonCode::BatchTotalMismatch)
            );
        }
        let mut ids: Vec<_> = r.exceptions.iter().map(|e| &e.id).collect();
        ids.sort();
        ids.dedup();
        prop_assert_eq!(ids.len(), r.exceptions.len(), "one exception per reason and record");
        // Any queue a run produced reads back as yesterday's.
        let today = update_queue(&[], &r, &[]).unwrap();
        let again = update_queue(&today, &r, &[]).unwrap();
        prop_assert!(again.iter().all(|i| i.status == QueueStatus::Persisting));
    }

    #[test]
    fn the_result_does_not_depend_on_the_thread_count(input in day()) {
        let value = serde_json::to_value(&input).unwrap();
        let one = by_columns_on(&value, crate::input::Extras::Refuse, 1).unwrap();
        let two = by_columns_on(&value, crate::input::Extras::Refuse, 2).unwrap();
        prop_assert_eq!(&one, &two);
        let c = config("2026-11-26T00:00:00Z");
        let report = reconcile(&one, &c).unwrap();
        // The tie-out on two threads (stock checks beside money checks) too,
        // down to the order of its matches and the bytes it saves.
        let beside = reconcile_on(&two, &c, 2).unwrap();
        prop_assert_eq!(report.to_json(), beside.to_json());
        prop_assert_eq!(&report, &beside);
    }

    #[test]
    fn the_result_does_not_depend_on_row_order(input in day(), seed in any::<u64>()) {
        let c = config("2026-11-26T00:00:00Z");
        let a = reconcile(&input, &c).unwrap();
        let mut shuffled = input.clone();
        let mut state = seed | 1;
        let mut next = |n: usize| { state ^= state << 13; state ^= state >> 7; state ^= state << 17; (state % n as u64) as usize };
        for i in (1..shuffled.orders.len()).rev() { let j = next(i + 1); shuffled.orders.swap(i, j); }
        for i in (1..shuffled.settlements.len()).rev() { let j = next(i + 1); shuffled.settlements.swap(i, j); }
        for i in (1..shuffled.movements.len()).rev() { let j = next(i + 1); shuffled.movements.swap(i, j); }
        let b = reconcile(&shuffled, &c).unwrap();
        prop_assert_eq!(a, b);
    }
}

#[test]
fn children_in_the_orders_own_order_join_the_first_order_with_their_id() {
    let nested: Input = serde_json::from_value(base()).unwrap();
    let template = &nested.orders[0];
    let header = |id: &str| OrderHeader {
        order_id: crate::OrderId::new(id).unwrap(),
        channel: template.channel.clone(),
        currency: template.currency,
        total: template.total,
        placed_at: template.placed_at,
        customer: None,
        status: OrderStatus::Fulfilled,
    };
    let payment = template.payments[0].clone();
    let mut a = Assembler::with_capacity(4);
    for id in ["B", "A", "B", "C"] {
        a.order(header(id));
    }
    // After A, the next order is the second B: the shortcut must not take it,
    // children join the first B.
    for id in ["A", "B", "C", "B", "A"] {
        a.payment(id, payment.clone());
    }
    let input = a.finish(Vec::new(), Vec::new());
    let counts: Vec<(&str, usize)> = input
        .orders
        .iter()
        .map(|o| (o.order_id.as_str(), o.payments.len()))
        .collect();
    assert_eq!(counts, [("B", 2), ("A", 2), ("B", 0), ("C", 1)]);
}

#[test]
fn amounts_of_28_digits_are_row_errors_and_the_run_goes_on() {
    // Two such totals (or payouts) used to overflow a summary sum and panic.
    let big = "9999999999999999999999999999";
    let mut input = base();
    let mut second = input["orders"][0].clone();
    second["order_id"] = json!("W2");
    second["payments"][0]["payment_id"] = json!("p2");
    second["payments"][0]["processor_reference"] = json!("ch_2");
    for order in [&mut input["orders"][0], &mut second] {
        order["total"] = json!(big);
        order["payments"][0]["amount"] = json!(big);
    }
    input["orders"].as_array_mut().unwrap().push(second);
    for (i, id) in ["po_1", "po_2"].into_iter().enumerate() {
        input["settlements"].as_array_mut().unwrap().push(json!({
            "id": format!("payout-{i}"), "kind": "payout", "processor": "stripe", "net": format!("-{big}"),
            "currency": "USD", "settled_at": "2026-11-22T02:00:00Z", "batch_id": id
        }));
    }
    let r = run(&input);
    let invalid: Vec<&Exception> = r
        .exceptions
        .iter()
        .filter(|e| e.reason == ReasonCode::InvalidRow)
        .collect();
    assert_eq!(invalid.len(), 4, "{:?}", reasons(&r));
    assert!(invalid.iter().all(|e| e
        .message
        .contains("beyond the largest amount a tie-out accepts (10^18)")));
}

// ---- returns that span lines, order statuses, identities (issue 10) ----

/// Order W1 with a return r1 of two lines: one unit of A restocked, two of
/// B (line l2) restocked; restock movements as given.
fn two_line_return(restocks: &[(&str, &str, i64)]) -> Value {
    let mut input = base();
    input["orders"][0]["returns"] = json!([
        {"return_id": "r1", "line_id": "l1", "sku": "A", "quantity": 1, "restock": true,
         "location": "S1", "received_at": "2026-11-22T09:00:00Z"},
        {"return_id": "r1", "line_id": "l2", "sku": "B", "quantity": 2, "restock": true,
         "location": "S1", "received_at": "2026-11-22T09:05:00Z"}
    ]);
    for (id, sku, delta) in restocks {
        input["movements"].as_array_mut().unwrap().push(json!({
            "id": id, "sku": sku, "location": "S1", "delta": delta, "kind": "return_restock",
            "order_reference": "W1", "return_reference": "r1",
            "occurred_at": "2026-11-22T09:10:00Z"}));
    }
    input
}

fn credit(input: &mut Value, parts: &[(&str, &str)]) {
    let refunds: Vec<Value> = parts
        .iter()
        .map(|(id, amount)| {
            json!({"refund_id": id, "return_id": "r1", "method": "store_credit",
                   "amount": amount, "issued_at": "2026-11-22T10:00:00Z"})
        })
        .collect();
    input["orders"][0]["refunds"] = json!(refunds);
}

#[test]
fn a_return_of_several_lines_restocked_per_sku_and_refunded_in_parts_ties_out() {
    let mut input = two_line_return(&[("m2", "A", 1), ("m3", "B", 1), ("m4", "B", 1)]);
    credit(&mut input, &[("f1", "30.00"), ("f2", "20.00")]);
    let r = run(&input);
    assert!(r.exceptions.is_empty(), "{:?}", reasons(&r));
    assert_eq!(
        r.rows.returns.matched, 2,
        "both lines of the return counted"
    );
    let m = r
        .matches
        .iter()
        .find(|m| m.kind == MatchKind::Return)
        .unwrap();
    let labels: Vec<String> = m.rows.iter().map(RowRef::label).collect();
    assert_eq!(
        labels,
        [
            "return W1/r1",
            "movement m2",
            "movement m3",
            "movement m4",
            "refund W1/f1",
            "refund W1/f2"
        ]
    );
}

#[test]
fn a_sku_of_a_return_restocked_short_is_its_own_mismatch() {
    let mut input = two_line_return(&[("m2", "A", 1), ("m3", "B", 1)]);
    credit(&mut input, &[("f1", "50.00")]);
    let r = run(&input);
    let e = only(&r, ReasonCode::InventoryQuantityMismatch);
    assert_eq!(e.key.label(), "return W1/r1");
    assert_eq!((e.expected, e.actual), (Some(dec("2")), Some(dec("1"))));
    assert!(e.message.contains("of B"), "{}", e.message);
    let refs: Vec<String> = e.references.iter().map(RowRef::label).collect();
    assert_eq!(refs, ["return W1/r1", "movement m3"]);
    assert_eq!(r.rows.returns.exceptions, 1, "only B's line");
    assert_eq!(r.rows.returns.matched, 1);

    // Both SKUs short: two exceptions on one return, with their own ids.
    let mut input = two_line_return(&[("m2", "A", 2), ("m3", "B", 1)]);
    credit(&mut input, &[("f1", "50.00")]);
    let r = run(&input);
    assert_eq!(reasons(&r), ["INVENTORY_QUANTITY_MISMATCH"; 2]);
    assert_ne!(r.exceptions[0].id, r.exceptions[1].id);
}

#[test]
fn mixed_restock_lines_expect_restocks_only_for_the_sellable_units() {
    // Line l1: one unit back on the shelf, one damaged (same line, two rows).
    let mut input = base();
    input["orders"][0]["returns"] = json!([
        {"return_id": "r1", "line_id": "l1", "sku": "A", "quantity": 1, "restock": true,
         "location": "S1", "received_at": "2026-11-22T09:00:00Z"},
        {"return_id": "r1", "line_id": "l1", "sku": "A", "quantity": 1, "restock": false,
         "location": "S1", "received_at": "2026-11-22T09:00:00Z"}
    ]);
    input["movements"]
        .as_array_mut()
        .unwrap()
        .push(restock_movement());
    credit(&mut input, &[("f1", "100.00")]);
    let r = run(&input);
    assert!(r.exceptions.is_empty(), "{:?}", reasons(&r));

    // Restocking the damaged unit too puts it back on the shelf: a mismatch.
    input["movements"][1]["delta"] = json!(2);
    let e = only(&run(&input), ReasonCode::InventoryQuantityMismatch).clone();
    assert_eq!((e.expected, e.actual), (Some(dec("1")), Some(dec("2"))));

    // Goods not restockable at all, but restocked.
    let mut input = with_return(false);
    input["movements"]
        .as_array_mut()
        .unwrap()
        .push(restock_movement());
    credit(&mut input, &[("f1", "50.00")]);
    let e = only(&run(&input), ReasonCode::InventoryQuantityMismatch).clone();
    assert_eq!((e.expected, e.actual), (Some(dec("0")), Some(dec("1"))));
}

#[test]
fn leaks_are_found_on_returns_of_several_lines() {
    // Restocked, never credited: one RETURN_WITHOUT_CREDIT for the return.
    let input = two_line_return(&[("m2", "A", 1), ("m3", "B", 2)]);
    let r = run(&input);
    let e = only(&r, ReasonCode::ReturnWithoutCredit);
    assert_eq!(e.expected, Some(dec("3")), "three units restocked");
    assert!(
        e.message.contains("1 × A") && e.message.contains("2 × B"),
        "{}",
        e.message
    );
    assert_eq!(r.rows.returns.exceptions, 2);
    // Credited in two parts, nothing came back: one leak per credit.
    let mut input = two_line_return(&[]);
    credit(&mut input, &[("f1", "30.00"), ("f2", "20.00")]);
    let r = run(&input);
    assert_eq!(reasons(&r), ["CREDIT_WITHOUT_RETURN"; 2]);
    // Inside the grace period both wait, once each.
    let r = run_at(&input, "2026-11-22T20:00:00Z");
    assert!(r.exceptions.is_empty());
    assert_eq!(
        r.pending
            .iter()
            .filter(|p| p.reason == PendingReason::AwaitingRestock)
            .count(),
        2
    );
}

#[test]
fn a_return_line_repeated_is_refused_with_an_id_of_its_own_and_the_queue_reads_back() {
    let mut input = two_line_return(&[("m2", "A", 1), ("m3", "B", 2)]);
    let line = input["orders"][0]["returns"][1].clone();
    let mut other = input["orders"][0]["returns"][0].clone();
    other["quantity"] = json!(0);
    input["orders"][0]["returns"]
        .as_array_mut()
        .unwrap()
        .extend([line, other]);
    let r = run(&input);
    let invalid: Vec<&Exception> = r
        .exceptions
        .iter()
        .filter(|e| e.reason == ReasonCode::InvalidRow)
        .collect();
    assert_eq!(invalid.len(), 4, "{:?}", reasons(&r));
    let mut ids: Vec<&str> = r.exceptions.iter().map(|e| e.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), r.exceptions.len());
    assert_eq!(r.rows.returns.exceptions, 4);
    assert_eq!(r.rows.returns.total(), 4);
    let today = update_queue(&[], &r, &[]).unwrap();
    let tomorrow = update_queue(&today, &r, &[]).unwrap();
    assert!(tomorrow.iter().all(|i| i.status == QueueStatus::Persisting));
}

#[test]
fn two_rows_a_binding_names_alike_get_ids_of_their_own_whatever_their_order() {
    let mut input: Input = serde_json::from_value(base()).unwrap();
    for reason in ["bad total", "bad currency"] {
        input.unread.push(UnreadRow {
            kind: RowKind::Order,
            order_id: None,
            id: "#0".into(),
            at: None,
            reason: reason.into(),
        });
    }
    let c = config("2026-11-26T00:00:00Z");
    let a = reconcile(&input, &c).unwrap();
    input.unread.reverse();
    let b = reconcile(&input, &c).unwrap();
    assert_eq!(a.exceptions, b.exceptions);
    let ids: Vec<&str> = a.exceptions.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), 2);
    assert_ne!(ids[0], ids[1]);
    assert!(ids.iter().any(|id| id.ends_with("-2")), "{ids:?}");
    update_queue(&update_queue(&[], &a, &[]).unwrap(), &b, &[]).unwrap();
}

fn with_status(status: &str, paid: &str) -> Value {
    let mut input = base();
    input["orders"][0]["status"] = json!(status);
    input["orders"][0]["payments"][0]["amount"] = json!(paid);
    input["settlements"][0]["gross"] = json!(paid);
    input["settlements"][0]["fee"] = json!("0");
    input["settlements"][0]["net"] = json!(paid);
    input["settlements"][0]["batch_id"] = Value::Null;
    input
}

#[test]
fn an_open_order_short_of_its_total_waits_for_capture_then_flags() {
    let mut input = with_status("open", "40.00");
    input["orders"][0]["payments"] = json!([]);
    input["settlements"] = json!([]);
    let r = run(&input);
    assert!(r.exceptions.is_empty(), "{:?}", reasons(&r));
    let p = &r.pending[0];
    assert_eq!(
        (p.reason, p.amount, p.row.label()),
        (
            PendingReason::AwaitingCapture,
            Some(dec("100.00")),
            "order W1".into()
        )
    );
    assert_eq!(r.rows.orders.pending, 1);
    let s = &r.summary[0];
    assert_eq!((s.open_orders, s.awaiting_capture), (1, dec("100.00")));
    // Two weeks on, still uncaptured: the mismatch, due from the window's end.
    let r = run_at(&input, "2026-12-05T00:00:00Z");
    let e = only(&r, ReasonCode::PaymentTotalMismatch);
    assert!(e.message.starts_with("open order W1"), "{}", e.message);
    assert_eq!(e.since, at("2026-12-04T10:00:00Z"));
    // Partly captured is still pending; captured beyond the total is not.
    let r = run(&with_status("open", "40.00"));
    assert!(!reasons(&r).contains(&"PAYMENT_TOTAL_MISMATCH"));
    assert_eq!(r.summary[0].awaiting_capture, dec("60.00"));
    let r = run(&with_status("open", "120.00"));
    assert!(reasons(&r).contains(&"PAYMENT_TOTAL_MISMATCH"));
    // Captured in full: an open order ties out like any other.
    let mut input = with_status("open", "100.00");
    input["settlements"][0]["fee"] = json!("3.20");
    input["settlements"][0]["net"] = json!("96.80");
    assert!(run(&input).exceptions.is_empty());
}

#[test]
fn a_cancelled_order_owes_nothing_so_what_was_captured_must_go_back() {
    let mut input = with_status("cancelled", "100.00");
    input["settlements"][0]["fee"] = json!("3.20");
    input["settlements"][0]["net"] = json!("96.80");
    let r = run(&input);
    let e = only(&r, ReasonCode::PaymentTotalMismatch);
    assert_eq!(
        (e.expected, e.actual, e.amount_at_risk),
        (Some(dec("0")), Some(dec("100.00")), Some(dec("100.00")))
    );
    assert!(e.message.starts_with("cancelled order W1"), "{}", e.message);
    let s = &r.summary[0];
    assert_eq!(
        (s.cancelled_orders, s.order_total),
        (1, dec("0")),
        "a cancelled order's total is not owed"
    );
    // Refunded in full: nothing kept, nothing to flag.
    input["orders"][0]["refunds"] = json!([{"refund_id": "f1", "method": "store_credit",
        "amount": "100.00", "issued_at": "2026-11-21T10:00:00Z"}]);
    let r = run(&input);
    assert!(
        !reasons(&r).contains(&"PAYMENT_TOTAL_MISMATCH"),
        "{:?}",
        reasons(&r)
    );
    // Never captured: fine.
    let mut input = with_status("cancelled", "1");
    input["orders"][0]["payments"] = json!([]);
    input["settlements"] = json!([]);
    assert!(!reasons(&run(&input)).contains(&"PAYMENT_TOTAL_MISMATCH"));
}

#[test]
fn an_unknown_order_status_is_an_invalid_row_naming_the_choices() {
    let mut input = base();
    input["orders"][0]["status"] = json!("shipped");
    let read = by_columns(&input, crate::input::Extras::Refuse).unwrap();
    assert_eq!(read.unread, by_records(&input).unread);
    assert_eq!(read.unread[0].kind, RowKind::Order);
    assert!(
        read.unread[0].reason.contains("open, fulfilled, cancelled"),
        "{}",
        read.unread[0].reason
    );
}

#[test]
fn a_count_that_confirms_stock_is_a_valid_row() {
    let mut input = base();
    input["movements"].as_array_mut().unwrap().push(json!({
        "id": "c1", "sku": "A", "location": "S1", "delta": 0, "kind": "count",
        "occurred_at": "2026-11-21T08:00:00Z"}));
    let r = run(&input);
    assert!(r.exceptions.is_empty(), "{:?}", reasons(&r));
    assert_eq!(r.rows.movements.matched, 2);
    input["movements"][1]["kind"] = json!("adjustment");
    only(&run(&input), ReasonCode::InvalidRow);
}

#[test]
fn the_summary_states_every_identity_and_leads_with_what_is_broken() {
    let mut input = base();
    input["settlements"].as_array_mut().unwrap().push(json!({
        "id": "po1", "kind": "payout", "processor": "stripe", "net": "-96.00",
        "currency": "USD", "settled_at": "2026-11-23T02:00:00Z", "batch_id": "po_1"}));
    let r = run(&input);
    let s = &r.summary[0];
    let names: Vec<(&str, bool)> = s
        .identities
        .iter()
        .map(|i| (i.name.as_str(), i.ok))
        .collect();
    assert_eq!(
        names,
        [
            ("captured_settles", true),
            ("refunds_settle", true),
            ("gross_less_fees_is_net", true),
            ("payouts_equal_batches", false)
        ]
    );
    let broken = s.broken().next().unwrap();
    assert_eq!((broken.left, broken.right), (dec("96.00"), dec("96.80")));
    assert_eq!(
        (s.settlement_gross, s.fees_reported, s.settlement_net),
        (dec("100.00"), dec("3.20"), dec("96.80"))
    );
    let text = summary_text(&r);
    let first_lines: Vec<&str> = text.lines().take(3).collect();
    assert!(
        first_lines[1].starts_with("BROKEN USD payouts = batch_net_paid_out"),
        "{text}"
    );
    input["settlements"][1]["net"] = json!("-96.80");
    let text = summary_text(&run(&input));
    assert!(
        text.lines()
            .nth(1)
            .unwrap()
            .starts_with("Every identity holds"),
        "{text}"
    );
}

#[test]
fn the_html_report_leads_with_what_is_broken_and_its_numbers_are_the_reports() {
    let mut input = base();
    input["settlements"].as_array_mut().unwrap().push(json!({
        "id": "po1", "kind": "payout", "processor": "stripe", "net": "-96.00",
        "currency": "USD", "settled_at": "2026-11-23T02:00:00Z", "batch_id": "po_1"}));
    // A message with markup in it is shown as text.
    input["orders"][0]["payments"][0]["payment_id"] = json!("<b>p1</b>");
    input["settlements"][0]["processor_reference"] = json!("ch_other");
    input["settlements"][0]["merchant_reference"] = Value::Null;
    let r = run(&input);
    let html = report_html(&r, "Harbour & Goods");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<title>Harbour &amp; Goods"));
    assert!(!html.contains("<b>p1</b>"), "markup in data is escaped");
    assert!(html.contains("&lt;b&gt;p1&lt;/b&gt;"));
    let broken = html.find("id=\"broken\"").unwrap();
    assert!(broken < html.find("id=\"exceptions\"").unwrap());
    assert!(html.contains("data-broken=\"1\""));
    assert!(html.contains("payouts = batch_net_paid_out — 96.00 ≠ 96.80 (off by -0.80)"));
    for e in &r.exceptions {
        assert!(html.contains(&format!("data-exception=\"{}\"", e.id)));
    }
    let bars = |chart: &str| -> u64 {
        let at = html.find(&format!("data-chart=\"{chart}\"")).unwrap();
        let end = at + html[at..].find("</svg>").unwrap();
        html[at..end]
            .split("data-value=\"")
            .skip(1)
            .map(|s| s[..s.find('"').unwrap()].parse::<u64>().unwrap())
            .sum()
    };
    assert_eq!(bars("by-reason"), r.exceptions.len() as u64);
    assert_eq!(bars("by-age"), r.exceptions.len() as u64);
    assert_eq!(bars("pending-by-due"), r.pending.len() as u64);
    let s = &r.summary[0];
    assert!(html.contains(&format!(
        "data-field=\"settlement_net\" data-currency=\"USD\">{}<",
        s.settlement_net
    )));
    assert!(html.contains(
        "data-identity=\"payouts_equal_batches\" data-currency=\"USD\" data-ok=\"false\""
    ));
    // Deterministic: the same report, the same page.
    assert_eq!(html, report_html(&r, "Harbour & Goods"));
}

#[test]
fn a_report_saves_and_reads_back_the_same_and_anything_else_is_refused() {
    let mut input = two_line_return(&[("m2", "A", 1)]);
    input["orders"][0]["status"] = json!("open");
    input["orders"][0]["payments"] = json!([]);
    let r = run(&input);
    assert!(!r.exceptions.is_empty() && !r.pending.is_empty() && !r.matches.is_empty());
    let saved = r.to_json();
    assert_eq!(Report::from_json(&saved).unwrap(), r);
    let text = String::from_utf8(saved.clone()).unwrap();
    assert!(
        text.contains("\"100.00\""),
        "the digit changed below is there"
    );
    let twice = {
        let mut v: Value = serde_json::from_str(&text).unwrap();
        let first = v["report"]["exceptions"][0].clone();
        v["report"]["exceptions"]
            .as_array_mut()
            .unwrap()
            .push(first);
        serde_json::to_vec(&v).unwrap()
    };
    for bad in [
        Vec::new(),
        saved[..saved.len() - 5].to_vec(),
        text.replace("reconciliation/1", "reconciliation/2")
            .into_bytes(),
        text.replacen("\"id\":\"A\"", "\"id\":{\"secret\":\"C-9\"}", 1)
            .into_bytes(),
        twice,
        // One digit of an amount changed: valid JSON, not the report sealed.
        text.replacen("\"100.00\"", "\"100.01\"", 1).into_bytes(),
    ] {
        let e = Report::from_json(&bad).unwrap_err();
        assert_eq!(e.code(), crate::ErrorCode::InvalidSnapshot);
        assert!(!e.to_string().contains("C-9"), "{e}");
    }
}

#[test]
fn every_amount_of_the_summary_and_its_identities_is_typed_as_an_amount() {
    // What the bindings turn into their decimals is what the schema marks:
    // each amount a summary serializes is decimal text marked so, each
    // count an integer.
    let r = run(&base());
    let value = serde_json::to_value(&r.summary[0]).unwrap();
    let schema = crate::wire_types::schema_of::<CurrencySummary>();
    let amount =
        |def: &str, key: &str| schema["$defs"][def]["properties"][key]["format"] == "decimal";
    let counts = ["orders", "open_orders", "cancelled_orders", "exceptions"];
    for (key, v) in value.as_object().unwrap() {
        if counts.contains(&key.as_str()) {
            assert!(v.is_u64() && !amount("CurrencySummary", key), "{key}");
        } else if !["currency", "by_reason", "identities"].contains(&key.as_str()) {
            let text = v.as_str().unwrap_or_default();
            assert!(
                text.parse::<Decimal>().is_ok() && amount("CurrencySummary", key),
                "{key}"
            );
        }
    }
    for key in ["left", "right"] {
        assert!(value["identities"][0][key].is_string() && amount("Identity", key));
    }
}

#[test]
fn a_summary_lists_each_amount_and_count_under_its_own_name() {
    let r = run(&base());
    let s = &r.summary[0];
    let json = serde_json::to_value(s).unwrap();
    for (name, value) in s.amounts() {
        assert_eq!(json[name], json!(value.to_string()), "{name}");
    }
    for (name, value) in s.counts() {
        assert_eq!(json[name], json!(value), "{name}");
    }
    // Every amount field of the summary is among them.
    let listed: Vec<&str> = CurrencySummary::AMOUNTS.to_vec();
    for (key, value) in json.as_object().unwrap() {
        if value.is_string() && key != "currency" {
            assert!(listed.contains(&key.as_str()), "{key} is not in AMOUNTS");
        }
    }
}

#[test]
fn summary_amounts_are_written_at_the_currencys_minor_units_whatever_order_they_were_added_in() {
    // No refunds at all: still "0.00" for USD (a sum of nothing, or of
    // "0" and "0.00" in either order, would otherwise print "0").
    let r = run(&base());
    let json = serde_json::to_value(&r.summary[0]).unwrap();
    assert_eq!(json["refunds_settled"], json!("0.00"));
    assert_eq!(json["order_total"], json!("100.00"));
    let mut jpy = base();
    jpy["orders"][0]["currency"] = json!("JPY");
    jpy["orders"][0]["total"] = json!("1200");
    jpy["orders"][0]["payments"][0]["amount"] = json!("1200");
    let r = run(&jpy);
    let s = r
        .summary
        .iter()
        .find(|s| s.currency.code() == "JPY")
        .unwrap();
    assert_eq!(
        serde_json::to_value(s).unwrap()["refunds_settled"],
        json!("0")
    );
}

#[test]
fn the_stock_checks_beside_the_money_checks_give_the_report_one_thread_gives() {
    // Returns (money side) and inventory (stock side) of one order, an
    // inventory mismatch, orphan and unreadable rows: each order's return
    // matches come before its inventory ones, on one thread or two.
    for input in [base(), with_return(true), with_return(false), hostile_day()] {
        let day = by_columns(&input, crate::input::Extras::Ignore).unwrap();
        let c = config("2026-11-26T00:00:00Z");
        let one = reconcile_on(&day, &c, 1).unwrap();
        let two = reconcile_on(&day, &c, 2).unwrap();
        assert_eq!(one.to_json(), two.to_json());
        assert_eq!(one, reconcile(&day, &c).unwrap());
    }
    // A return restocked and credited: a return match, then the order's inventory.
    let mut credited = with_return(true);
    credited["movements"]
        .as_array_mut()
        .unwrap()
        .push(restock_movement());
    credited["orders"][0]["refunds"] = json!([refund(Some("r1"), "card")]);
    credited["settlements"]
        .as_array_mut()
        .unwrap()
        .push(refund_settlement());
    let day = by_columns(&credited, crate::input::Extras::Ignore).unwrap();
    let r = reconcile_on(&day, &config("2026-11-26T00:00:00Z"), 2).unwrap();
    assert!(r.exceptions.is_empty(), "{:?}", reasons(&r));
    let kinds: Vec<MatchKind> = (0..r.matches.len())
        .map(|i| r.matches.get(i).unwrap().kind)
        .filter(|k| matches!(k, MatchKind::Return | MatchKind::Inventory))
        .collect();
    assert_eq!(kinds.first(), Some(&MatchKind::Return), "{kinds:?}");
    assert!(kinds.contains(&MatchKind::Inventory), "{kinds:?}");
}

#[test]
fn processor_references_join_on_the_whole_text_and_the_processor() {
    // Two references alike in their first 16 bytes, one reference used by
    // two processors, a reference two payments share, and a line repeated.
    let order = |id: &str, processor: &str, reference: &str| {
        json!({"order_id": id, "channel": "web", "currency": "USD", "total": "100.00",
               "placed_at": "2026-11-20T10:00:00Z",
               "payments": [{"payment_id": "p1", "method": "card", "processor": processor,
                             "processor_reference": reference, "amount": "100.00",
                             "captured_at": "2026-11-20T10:00:00Z"}]})
    };
    let line = |id: &str, processor: &str, reference: &str, at: &str| {
        json!({"id": id, "kind": "charge", "processor": processor,
               "processor_reference": reference, "gross": "100.00", "fee": "3.20",
               "net": "96.80", "currency": "USD", "settled_at": at})
    };
    let (a, b) = ("ch_3QxYzAbCdEfGhIj_0001", "ch_3QxYzAbCdEfGhIj_0002");
    let day = json!({
        "orders": [order("W1", "stripe", a), order("W2", "stripe", b),
                   order("W3", "adyen", "shared"), order("W4", "stripe", "shared"),
                   order("W5", "stripe", "twice"), order("W6", "stripe", "twice")],
        "settlements": [line("s1", "stripe", a, "2026-11-21T02:00:00Z"),
                        line("s2", "stripe", b, "2026-11-21T02:00:00Z"),
                        line("s3", "adyen", "shared", "2026-11-21T02:00:00Z"),
                        line("s4", "stripe", "shared", "2026-11-21T02:00:00Z"),
                        line("s5", "stripe", b, "2026-11-22T02:00:00Z"),
                        line("s6", "stripe", "twice", "2026-11-21T02:00:00Z")],
        "movements": []
    });
    for threads in [1, 2] {
        let input: Input = serde_json::from_value(day.clone()).unwrap();
        let r = reconcile_on(&input, &config("2026-11-26T00:00:00Z"), threads).unwrap();
        let paired: Vec<(String, String)> = r
            .matches
            .iter()
            .filter(|m| m.kind == MatchKind::ChargeByProcessorReference)
            .map(|m| {
                let order = m.rows[0]
                    .order_id
                    .as_deref()
                    .unwrap_or_default()
                    .to_string();
                (order, m.rows[1].id.to_string())
            })
            .collect();
        let pairs = [("W1", "s1"), ("W2", "s2"), ("W3", "s3"), ("W4", "s4")];
        assert_eq!(paired.len(), pairs.len(), "{paired:?}");
        for (o, s) in pairs {
            assert!(
                paired.contains(&(o.to_string(), s.to_string())),
                "{o} {s}: {paired:?}"
            );
        }
        // The later line with W2's reference repeats the first; the line whose
        // reference two payments share pairs with neither.
        let of = |reason: ReasonCode| r.exceptions.iter().filter(move |e| e.reason == reason);
        let dups: Vec<&Exception> = of(ReasonCode::DuplicateSettlement).collect();
        assert_eq!(dups.len(), 1, "{:?}", reasons(&r));
        let dup = dups[0];
        assert_eq!(&*dup.key.id, "s5");
        assert!(dup.message.contains("s2"), "{}", dup.message);
        assert!(
            r.exceptions.iter().any(|e| e.key.id.as_ref() == "s6"),
            "{:?}",
            reasons(&r)
        );
        assert_eq!(
            of(ReasonCode::MissingSettlement).count(),
            2,
            "W5 and W6 unpaired"
        );
    }
}

#[test]
fn the_thread_count_is_the_one_asked_for_else_the_machine_s() {
    let cores = std::num::NonZeroUsize::new(8);
    assert_eq!(thread_count(Some(3), cores).unwrap(), 3);
    assert_eq!(thread_count(None, cores).unwrap(), 8);
    assert_eq!(thread_count(None, None).unwrap(), 1, "unknown: one");
    let e = thread_count(Some(0), cores).unwrap_err();
    assert_eq!(e.code(), crate::error::ErrorCode::InvalidArgument);
    assert!(e.to_string().contains("threads"), "{e}");
}

#[test]
fn tables_named_in_any_order_are_placed_in_declared_order_and_a_typo_is_refused() {
    let given = |names: &[&str]| -> Vec<(String, usize)> {
        names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.to_string(), i))
            .collect()
    };
    let placed = tables_by_name(given(&["movements", "orders", "payments"]), "tables", true);
    assert_eq!(
        placed.unwrap(),
        vec![Some(1), Some(2), None, None, None, None, Some(0)]
    );
    let typo = tables_by_name(given(&["orders", "payment"]), "tables", true).unwrap_err();
    assert_eq!(typo.code(), crate::ErrorCode::InvalidArgument);
    assert!(
        typo.to_string().contains("the tables are orders, payments"),
        "{typo}"
    );
    let twice = tables_by_name(given(&["orders", "refunds", "refunds"]), "tables", false);
    assert!(twice.unwrap_err().to_string().contains("tables.refunds"));
    let no_orders = tables_by_name(given(&["payments"]), "files", true).unwrap_err();
    assert!(
        no_orders.to_string().contains("files.orders"),
        "{no_orders}"
    );
    // The record form nests payments in their orders: a payments table is no table of it.
    let nested = record_tables_by_name(given(&["orders", "payments"]), "input").unwrap_err();
    assert!(
        nested
            .to_string()
            .contains("the tables are orders, settlements, movements"),
        "{nested}"
    );
    assert_eq!(
        record_tables_by_name(given(&["movements"]), "input").unwrap(),
        vec![None, None, Some(0)]
    );
    // Where the orders may be elsewhere (a partition), none is fine.
    assert_eq!(
        tables_by_name(given(&[]), "tables", false).unwrap(),
        vec![None; 7]
    );
}
