//! The daily tie-out: `cargo bench -p seamline --bench reconciliation`.
//! A day of 1,000,000 orders (≈3 lines each, split tenders, split
//! shipments, returns, refunds, settlements with realistic gaps) is
//! reconciled on one thread and on two, each timed and printed with the
//! process's peak memory; criterion then measures a tie-out of 10,000 orders.

mod support;
use criterion::{criterion_group, criterion_main, Criterion};
use seamline::reconciliation::{
    reconcile, reconcile_on, Config, FeeRule, FulfilledLine, Input, Movement, MovementKind, Order,
    Payment, PaymentMethod, Refund, ReturnRecord, SettlementKind, SettlementLine,
};
use seamline::{
    ChannelId, Currency, Decimal, Instant, LocationId, OrderId, ProcessorId, RecordId, Sku,
};
use std::hint::black_box;
use std::time::Instant as Clock;
use support::peak_mib;

const DAY: i64 = 86_400_000_000;

/// A small deterministic generator (xorshift), so every run reads the same day.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn at(micros: i64) -> Instant {
    Instant::from_unix_micros(micros).unwrap()
}

/// 70% web orders paid by card, 30% counter sales (40% cash, 5% cash + card);
/// 1–5 lines; 10% of shipped lines split over two nodes; 8% of orders return
/// a line (90% restocked and refunded); 98.5% of card payments settle with
/// the scheduled fee, 1% settle late, 0.5% never; 1 in 2,000 charges off by a cent.
pub fn day(orders: usize) -> Input {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let usd = Currency::from_code("USD").unwrap();
    let start = 1_795_000_000_000_000i64;
    let (web, pos) = (
        ChannelId::new("web").unwrap(),
        ChannelId::new("pos").unwrap(),
    );
    let nodes: Vec<LocationId> = (0..20)
        .map(|i| LocationId::new(&format!("store-{i}")).unwrap())
        .collect();
    let skus: Vec<Sku> = (0..50_000)
        .map(|i| Sku::new(&format!("SKU-{i:05}")).unwrap())
        .collect();
    let stripe = ProcessorId::new("stripe").unwrap();
    let batch = RecordId::new("po_day").unwrap();
    let line_ids: Vec<RecordId> = (0..5)
        .map(|l| RecordId::new(&l.to_string()).unwrap())
        .collect();
    let (cash_id, card_id) = (
        RecordId::new("cash").unwrap(),
        RecordId::new("card").unwrap(),
    );
    let (return_id, refund_id) = (RecordId::new("r1").unwrap(), RecordId::new("f1").unwrap());
    let mut input = Input {
        orders: Vec::with_capacity(orders),
        settlements: Vec::with_capacity(orders),
        movements: Vec::with_capacity(orders * 3),
        unread: Vec::new(),
    };
    for i in 0..orders {
        let placed = start + (i as i64 * DAY) / orders as i64;
        let id = format!("O{i:07}");
        let order_id = OrderId::new(&id).unwrap();
        let is_web = rng.below(10) < 7;
        let lines = 1 + rng.below(5) as usize;
        let mut fulfilments = Vec::with_capacity(lines + 1);
        let mut total = Decimal::ZERO;
        for l in 0..lines {
            let sku = skus[rng.below(skus.len() as u64) as usize].clone();
            let qty = 1 + rng.below(3) as i64;
            total += Decimal::new(qty * (199 + rng.below(9_800) as i64), 2);
            let node = nodes[rng.below(20) as usize].clone();
            let split = is_web && qty > 1 && rng.below(10) == 0;
            let parts: &[i64] = if split { &[1, qty - 1] } else { &[qty] };
            for (k, &q) in parts.iter().enumerate() {
                let location = if k == 0 {
                    node.clone()
                } else {
                    nodes[(l + 1) % 20].clone()
                };
                fulfilments.push(FulfilledLine {
                    line_id: line_ids[l].clone(),
                    sku: sku.clone(),
                    quantity: q,
                    location: location.clone(),
                    fulfilled_at: at(placed + 3_600_000_000),
                });
                input.movements.push(Movement {
                    id: RecordId::new(&format!("M{i}-{l}-{k}")).unwrap(),
                    sku: sku.clone(),
                    location,
                    delta: -q,
                    kind: MovementKind::Sale,
                    order_reference: Some(order_id.clone()),
                    return_reference: None,
                    occurred_at: at(placed + 3_600_000_000),
                });
            }
        }
        let mut payments = Vec::with_capacity(2);
        let tender = if is_web { 0 } else { rng.below(20) };
        let (card, cash) = match tender {
            0..=10 => (total, Decimal::ZERO),
            11..=18 => (Decimal::ZERO, total),
            _ => {
                let cash = (total / Decimal::from(2)).round_dp(2);
                (total - cash, cash)
            }
        };
        if cash > Decimal::ZERO {
            payments.push(Payment {
                payment_id: cash_id.clone(),
                method: PaymentMethod::Cash,
                processor: None,
                processor_reference: None,
                amount: cash,
                captured_at: at(placed),
            });
        }
        if card > Decimal::ZERO {
            let reference = format!("ch_{i}");
            payments.push(Payment {
                payment_id: card_id.clone(),
                method: PaymentMethod::Card,
                processor: Some(stripe.clone()),
                processor_reference: Some(reference.clone()),
                amount: card,
                captured_at: at(placed),
            });
            let fate = rng.below(1000);
            if fate >= 15 {
                let gross = if rng.below(2000) == 0 {
                    card - Decimal::new(1, 2)
                } else {
                    card
                };
                let fee = (gross * Decimal::new(29, 3) + Decimal::new(30, 2)).round_dp(2);
                let late = if fate < 25 { 5 * DAY } else { DAY };
                input.settlements.push(SettlementLine {
                    id: RecordId::new(&format!("txn_{i}")).unwrap(),
                    kind: SettlementKind::Charge,
                    processor: stripe.clone(),
                    processor_reference: Some(reference),
                    merchant_reference: Some(id.clone()),
                    gross: Some(gross),
                    fee: Some(fee),
                    net: gross - fee,
                    currency: usd,
                    settled_at: at(placed + late),
                    batch_id: Some(batch.clone()),
                    original_gross: None,
                    original_currency: None,
                    exchange_rate: None,
                });
            }
        }
        let mut returns = Vec::new();
        let mut refunds = Vec::new();
        if rng.below(100) < 8 {
            let f = &fulfilments[0];
            let restock = rng.below(10) < 9;
            let received = placed + 2 * DAY;
            returns.push(ReturnRecord {
                return_id: return_id.clone(),
                line_id: f.line_id.clone(),
                sku: f.sku.clone(),
                quantity: 1,
                restock,
                location: f.location.clone(),
                received_at: at(received),
            });
            if restock {
                input.movements.push(Movement {
                    id: RecordId::new(&format!("R{i}")).unwrap(),
                    sku: f.sku.clone(),
                    location: f.location.clone(),
                    delta: 1,
                    kind: MovementKind::ReturnRestock,
                    order_reference: Some(order_id.clone()),
                    return_reference: Some(return_id.clone()),
                    occurred_at: at(received),
                });
            }
            let amount = (total / Decimal::from(3))
                .round_dp(2)
                .max(Decimal::new(1, 2));
            let by_card = card > Decimal::ZERO;
            refunds.push(Refund {
                refund_id: refund_id.clone(),
                return_id: Some(return_id.clone()),
                method: if by_card {
                    PaymentMethod::Card
                } else {
                    PaymentMethod::Cash
                },
                processor: by_card.then(|| stripe.clone()),
                processor_reference: by_card.then(|| format!("re_{i}")),
                amount,
                issued_at: at(received + 3_600_000_000),
            });
            if by_card {
                input.settlements.push(SettlementLine {
                    id: RecordId::new(&format!("txr_{i}")).unwrap(),
                    kind: SettlementKind::Refund,
                    processor: stripe.clone(),
                    processor_reference: Some(format!("re_{i}")),
                    merchant_reference: Some(id.clone()),
                    gross: Some(-amount),
                    fee: Some(Decimal::ZERO),
                    net: -amount,
                    currency: usd,
                    settled_at: at(received + DAY),
                    batch_id: Some(batch.clone()),
                    original_gross: None,
                    original_currency: None,
                    exchange_rate: None,
                });
            }
        }
        input.orders.push(Order {
            order_id,
            channel: if is_web { web.clone() } else { pos.clone() },
            currency: usd,
            total,
            placed_at: at(placed),
            customer: None,
            status: Default::default(),
            payments,
            fulfilments,
            returns,
            refunds,
        });
    }
    input
}

fn config() -> Config {
    let mut c = Config::new(at(1_795_000_000_000_000 + 5 * DAY));
    c.fee_schedule.push(FeeRule {
        processor: ProcessorId::new("stripe").unwrap(),
        channel: None,
        method: None,
        percent: Decimal::new(29, 1),
        fixed: Decimal::new(30, 2),
    });
    c
}

fn bench(c: &mut Criterion) {
    let input = day(1_000_000);
    let rows = input
        .orders
        .iter()
        .map(|o| 1 + o.payments.len() + o.fulfilments.len() + o.returns.len() + o.refunds.len());
    let rows: usize = rows.sum::<usize>() + input.settlements.len() + input.movements.len();
    println!("input: {rows} rows, peak so far {} MiB", peak_mib());
    let config = config();
    let start = Clock::now();
    let report = reconcile(&input, &config).unwrap();
    println!(
        "tie-out of 1,000,000 orders: {:.3} s, {} exceptions, {} pending, {} matches; peak {} MiB",
        start.elapsed().as_secs_f64(),
        report.exceptions.len(),
        report.pending.len(),
        report.matches.len(),
        peak_mib()
    );
    // The same day with the stock checks beside the money checks.
    let start = Clock::now();
    let beside = reconcile_on(&input, &config, 2).unwrap();
    println!(
        "tie-out of 1,000,000 orders on two threads: {:.3} s, the same report: {}; peak {} MiB",
        start.elapsed().as_secs_f64(),
        beside == report,
        peak_mib()
    );
    drop((report, beside));
    let small = day(10_000);
    c.bench_function("reconciliation/tie-out of 10,000 orders", |b| {
        b.iter(|| reconcile(black_box(&small), &config).unwrap())
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
