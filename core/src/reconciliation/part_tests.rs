//! A partitioned run equals one run over every row: routed as `ROUTES`
//! says or at random, with batches, references and duplicates that cross
//! partitions.

use super::tests::{config, day};
use super::*;
use proptest::prelude::*;

/// FNV-1a: a stable hash of a route value, as a cluster's partitioner.
fn bucket(value: &str, parts: usize) -> usize {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in value.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h % parts as u64) as usize
}

/// The day split into `parts` partitions: by `ROUTES`, or (`scatter`) each
/// settlement line and movement wherever its id hashes, ignoring the order.
fn split(input: &Input, parts: usize, scatter: bool) -> Vec<Input> {
    let mut out = vec![Input::default(); parts];
    for o in &input.orders {
        out[bucket(o.order_id.as_str(), parts)]
            .orders
            .push(o.clone());
    }
    for s in &input.settlements {
        let route = match (&s.merchant_reference, scatter) {
            (Some(m), false) => m.as_str(),
            _ => s.id.as_str(),
        };
        out[bucket(route, parts)].settlements.push(s.clone());
    }
    for m in &input.movements {
        let route = match (&m.order_reference, scatter) {
            (Some(o), false) => o.as_str(),
            _ => m.id.as_str(),
        };
        out[bucket(route, parts)].movements.push(m.clone());
    }
    out
}

/// Steps 1–3 over the partitions, the parts merged in the order given.
fn partitioned(inputs: &[Input], c: &Config, reverse: bool) -> (Report, usize) {
    let mut seen: std::collections::BTreeMap<u64, usize> = Default::default();
    for input in inputs {
        for k in partition_keys(input, c) {
            *seen.entry(k).or_default() += 1;
        }
    }
    let shared: Vec<u64> = seen.into_iter().filter(|e| e.1 > 1).map(|e| e.0).collect();
    let mut parts: Vec<Part> = inputs
        .iter()
        .map(|i| {
            let p = reconcile_part(i, c, &shared).unwrap();
            // What a worker sends reads back the same.
            Part::from_json(&p.to_json()).unwrap()
        })
        .collect();
    if reverse {
        parts.reverse();
    }
    let closed = parts.iter().map(Part::closed_matches).sum();
    (merge_parts(&parts, c).unwrap(), closed)
}

/// The day with some lines read twice, or twice under another id.
fn with_repeats(mut input: Input, repeat: u8) -> Input {
    if let Some(first) = input.settlements.first().cloned() {
        if repeat & 1 == 1 {
            input.settlements.push(first.clone());
        }
        if repeat & 2 == 2 {
            let mut other = first;
            other.id = crate::ids::RecordId::new("another-id").unwrap();
            input.settlements.push(other);
        }
    }
    if let (true, Some(m)) = (repeat & 4 == 4, input.movements.first().cloned()) {
        input.movements.push(m);
    }
    input
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(192))]

    #[test]
    fn a_partitioned_run_equals_one_run(
        input in day(),
        parts in 1usize..5,
        scatter in any::<bool>(),
        repeat in 0u8..8,
        reverse in any::<bool>(),
    ) {
        let input = with_repeats(input, repeat);
        let c = config("2026-11-26T00:00:00Z");
        let one = reconcile(&input, &c).unwrap();
        let (merged, _) = partitioned(&split(&input, parts, scatter), &c, reverse);
        prop_assert_eq!(&merged, &one);
        // Byte for byte, as saved.
        let (a, b) = (serde_json::to_vec(&merged).unwrap(), serde_json::to_vec(&one).unwrap());
        let at = a.iter().zip(&b).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
        let show = |t: &[u8]| String::from_utf8_lossy(&t[at.saturating_sub(300)..(at + 200).min(t.len())]).to_string();
        prop_assert!(a == b, "merged: {}\none: {}", show(&a), show(&b));
    }
}

/// `n` orders paid by card, each settled cleanly in batch b1, and the
/// batch's payout.
fn clean_day(n: usize) -> Input {
    let mut input = Input::default();
    let mut net = rust_decimal::Decimal::ZERO;
    for i in 0..n {
        let order: Input = serde_json::from_value(serde_json::json!({
            "orders": [{"order_id": format!("O{i}"), "channel": "web", "currency": "USD",
                "total": "10.00", "placed_at": "2026-11-20T09:00:00Z",
                "payments": [{"payment_id": "p", "method": "card", "processor": "stripe",
                    "processor_reference": format!("ch_{i}"), "amount": "10.00",
                    "captured_at": "2026-11-20T09:00:00Z"}]}],
            "settlements": [{"id": format!("s{i}"), "kind": "charge", "processor": "stripe",
                "processor_reference": format!("ch_{i}"), "merchant_reference": format!("O{i}"),
                "gross": "10.00", "fee": "0.59", "net": "9.41", "currency": "USD",
                "settled_at": "2026-11-21T09:00:00Z", "batch_id": "b1"}]
        }))
        .unwrap();
        net += order.settlements[0].net;
        input.orders.extend(order.orders);
        input.settlements.extend(order.settlements);
    }
    input.settlements.push(
        serde_json::from_value(serde_json::json!({"id": "po", "kind": "payout",
            "processor": "stripe", "net": (-net).to_string(), "currency": "USD",
            "settled_at": "2026-11-25T10:00:00Z", "batch_id": "b1"}))
        .unwrap(),
    );
    input
}

#[test]
fn clean_orders_close_in_their_partition_and_the_batch_ties_out_at_the_merge() {
    // Orders whose lines all match: only the payout is left for the merge,
    // and its batch's net comes from lines closed in four partitions.
    let c = config("2026-11-26T00:00:00Z");
    let input = clean_day(40);
    let one = reconcile(&input, &c).unwrap();
    assert!(one.exceptions.is_empty(), "{:?}", one.exceptions.first());
    let (merged, closed) = partitioned(&split(&input, 4, false), &c, false);
    assert_eq!(merged, one);
    assert_eq!(closed, 40, "every charge closed where its order is");
    let payout = merged.matches.iter().find(|m| m.kind == MatchKind::Payout);
    assert_eq!(
        payout.map(|m| m.rows.len()),
        Some(41),
        "the payout and its 40 lines"
    );
}

/// Partitions 0 and 1 of the clean day, and `extra` added to partition 1.
fn two_partitions_with(extra: impl FnOnce(&mut Input, &Input)) -> (Input, Vec<Input>) {
    let mut input = clean_day(6);
    let mut inputs = vec![Input::default(), Input::default()];
    for (i, o) in input.orders.iter().enumerate() {
        inputs[i % 2].orders.push(o.clone());
        inputs[i % 2].settlements.push(input.settlements[i].clone());
    }
    inputs[1].settlements.push(input.settlements[6].clone());
    let before = input.clone();
    extra(&mut inputs[1], &before);
    // The whole day: what the partitions hold between them.
    input.settlements = inputs.iter().flat_map(|p| p.settlements.clone()).collect();
    input.orders = inputs.iter().flat_map(|p| p.orders.clone()).collect();
    (input, inputs)
}

#[test]
fn rows_that_join_across_partitions_are_tied_out_at_the_merge() {
    let c = config("2026-11-26T00:00:00Z");
    type Extra = Box<dyn Fn(&mut Input, &Input)>;
    let cases: Vec<(&str, Extra)> = vec![
        // O0's charge line read again, in the other partition: the copy.
        (
            "read twice",
            Box::new(|p, day| p.settlements.push(day.settlements[0].clone())),
        ),
        // O0's reference settled again under another id: a duplicate.
        (
            "another id",
            Box::new(|p, day| {
                let mut again = day.settlements[0].clone();
                again.id = crate::ids::RecordId::new("s0-again").unwrap();
                again.merchant_reference = None;
                p.settlements.push(again);
            }),
        ),
        // An order in partition 1 pays with O0's processor reference.
        (
            "shared reference",
            Box::new(|p, day| {
                let mut twin = day.orders[0].clone();
                twin.order_id = crate::OrderId::new("twin").unwrap();
                p.orders.push(twin);
            }),
        ),
        // A settlement id O0's line has, on another charge.
        (
            "same id",
            Box::new(|p, day| {
                let mut other = day.settlements[1].clone();
                other.id = day.settlements[0].id.clone();
                p.settlements.push(other);
            }),
        ),
    ];
    for (name, extra) in cases {
        let (input, inputs) = two_partitions_with(extra);
        let one = reconcile(&input, &c).unwrap();
        assert!(
            !one.exceptions.is_empty(),
            "{name}: the case raises something"
        );
        let (merged, closed) = partitioned(&inputs, &c, false);
        assert_eq!(merged, one, "{name}");
        assert!(closed > 0, "{name}: the orders not involved still close");
    }
}

#[test]
fn a_changed_part_is_refused() {
    let c = config("2026-11-26T00:00:00Z");
    let part = reconcile_part(&Input::default(), &c, &[]).unwrap();
    let mut text = part.to_json();
    let at = text.len() - 3;
    text[at] ^= 1;
    let err = Part::from_json(&text).unwrap_err();
    assert_eq!(err.code(), crate::ErrorCode::InvalidSnapshot);
    let err = Part::from_json(br#"{"format":"x","sha256":"","part":{}}"#).unwrap_err();
    assert_eq!(err.code(), crate::ErrorCode::InvalidSnapshot);
}

#[test]
fn a_part_sealed_anew_around_columns_that_do_not_fit_is_refused_not_a_panic() {
    use sha2::{Digest, Sha256};
    let c = config("2026-11-26T00:00:00Z");
    let part = reconcile_part(&clean_day(3), &c, &[]).unwrap();
    assert_eq!(part.closed_matches(), 3);
    let text = part.to_json();
    let at = text.windows(8).position(|w| w == b"\"part\":{").unwrap() + 7;
    let mut body: serde_json::Value = serde_json::from_slice(&text[at..text.len() - 1]).unwrap();
    for ends in [
        serde_json::json!([1, 2, 9]),
        serde_json::json!([0, 2, 4]),
        serde_json::json!([2, 4]),
    ] {
        body["matches"]["matches"]["ends"] = ends.clone();
        let bytes = serde_json::to_vec(&body).unwrap();
        let seal: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let mut forged = format!(
            "{{\"format\":\"seamline.reconciliation-part/1\",\"sha256\":\"{seal}\",\"part\":"
        )
        .into_bytes();
        forged.extend_from_slice(&bytes);
        forged.push(b'}');
        let err = Part::from_json(&forged).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::InvalidSnapshot, "{ends}");
    }
}

#[test]
fn the_orders_own_matches_come_by_order_id_whatever_order_the_orders_came_in() {
    // Orders given B, A (no returns): their inventory matches come A, B, as a
    // partitioned run (which sees them in another order) places them too.
    let c = config("2026-11-26T00:00:00Z");
    let mut input = clean_day(2);
    for (i, id) in ["B", "A"].into_iter().enumerate() {
        input.orders[i].order_id = crate::OrderId::new(id).unwrap();
        input.settlements[i].merchant_reference = Some(id.into());
        input.orders[i].fulfilments = serde_json::from_value(serde_json::json!([{
            "line_id": "l1", "sku": "S", "quantity": 1, "location": "WH",
            "fulfilled_at": "2026-11-20T12:00:00Z"}]))
        .unwrap();
        input.movements.push(
            serde_json::from_value(serde_json::json!({"id": format!("m{id}"), "sku": "S",
                "location": "WH", "delta": -1, "kind": "sale", "order_reference": id,
                "occurred_at": "2026-11-20T12:00:00Z"}))
            .unwrap(),
        );
    }
    let one = reconcile(&input, &c).unwrap();
    let owners: Vec<Option<String>> = one
        .matches
        .iter()
        .filter(|m| m.kind == MatchKind::Inventory)
        .map(|m| m.rows[0].order_id.as_deref().map(str::to_string))
        .collect();
    assert_eq!(owners, [Some("A".to_string()), Some("B".to_string())]);
    let (merged, _) = partitioned(&split(&input, 2, false), &c, false);
    assert_eq!(merged, one);
}
