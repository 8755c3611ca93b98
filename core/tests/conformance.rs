//! Runs the language-neutral conformance vectors (`tests/vectors/*.json`, and
//! `$SEAMLINE_EXTRA_VECTORS/*.json` when set) against the public Rust API.

use seamline::catalog::{
    price_mismatches, ChannelRules, Gtin, MappingRow, MismatchRules, ObservedPrice, PriceEntry,
    PriceTable, Promotion, SkuMap,
};
use seamline::customers::{
    render_hash, Correction, CustomerBook, CustomerRecord, HashConvention, LinkPolicy, PointsEvent,
};
use seamline::inventory::{
    read_stock_event, source_order, CartReservation, ChannelConfig, Destination, FulfilmentMethod,
    Ledger, SourcingLine, SourcingNode,
};
use seamline::orders::{OrderBook, OrderEvent, RefundPolicy};
use seamline::sync_health::{sync_health, SyncObservation};
use seamline::systems_of_record::{Domain, FieldRule, FieldUpdate, Registry, Resolver};
use seamline::{
    max_exposure, oversell_probability, published_quantity, recommend_buffer, BufferPolicy,
    ChannelId, Currency, Decimal, Error, Instant, LocationId, Money, RoundingMode, Sku,
};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn vector_files() -> Vec<PathBuf> {
    let mut dirs = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors")];
    if let Some(extra) = std::env::var_os("SEAMLINE_EXTRA_VECTORS") {
        dirs.push(PathBuf::from(extra));
    }
    let mut files = Vec::new();
    for dir in dirs {
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        let mut found: Vec<PathBuf> = entries
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        found.sort();
        files.extend(found);
    }
    files
}

/// A JSON number, or one of the strings "NaN", "inf", "-inf" (JSON has no such numbers).
fn float(v: &Value) -> f64 {
    match v {
        Value::Number(n) => n.as_f64().unwrap(),
        Value::String(s) => match s.as_str() {
            "NaN" => f64::NAN,
            "inf" => f64::INFINITY,
            "-inf" => f64::NEG_INFINITY,
            // Decimal text, where a JSON parser might round a number wrongly.
            other => other
                .parse()
                .unwrap_or_else(|_| panic!("not a float: {other}")),
        },
        other => panic!("not a float: {other}"),
    }
}

fn int(v: &Value) -> i64 {
    v.as_i64().unwrap_or_else(|| panic!("not an integer: {v}"))
}

fn uint(v: &Value) -> u64 {
    v.as_u64()
        .unwrap_or_else(|| panic!("not a non-negative integer: {v}"))
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v}"))
}

fn money(v: &Value) -> Result<Money, Error> {
    Money::parse(text(&v["amount"]), text(&v["currency"]))
}

fn money_json(m: &Money) -> Value {
    json!({"amount": m.amount().to_string(), "currency": m.currency().code()})
}

fn policy(v: &Value) -> Result<BufferPolicy, Error> {
    Ok(match text(&v["kind"]) {
        "fixed" => BufferPolicy::Fixed {
            units: uint(&v["units"]),
        },
        "percent" => BufferPolicy::Percent {
            percent: seamline::parse_decimal("percent", text(&v["percent"]))?,
            min_units: uint(&v["min_units"]),
            max_units: v["max_units"].as_u64(),
        },
        "velocity" => BufferPolicy::Velocity {
            velocity_per_hour: float(&v["velocity_per_hour"]),
            exposure_hours: float(&v["exposure_hours"]),
            service_level: float(&v["service_level"]),
        },
        other => panic!("unknown policy kind {other}"),
    })
}

/// Calls the public API for one case and returns its result as JSON.
fn run(op: &str, input: &Value) -> Result<Value, Error> {
    Ok(match op {
        "recommend_buffer" => json!(recommend_buffer(
            float(&input["velocity_per_hour"]),
            float(&input["exposure_hours"]),
            float(&input["service_level"]),
        )?),
        "oversell_probability" => json!(oversell_probability(
            uint(&input["buffer"]),
            float(&input["velocity_per_hour"]),
            float(&input["exposure_hours"]),
        )?),
        "max_exposure" => {
            let hours = max_exposure(
                uint(&input["buffer"]),
                float(&input["velocity_per_hour"]),
                float(&input["service_level"]),
            )?;
            if hours.is_infinite() {
                json!("inf")
            } else {
                json!(hours)
            }
        }
        "published_quantity" => json!(published_quantity(
            int(&input["on_hand"]),
            int(&input["reserved"]),
            &policy(&input["policy"])?,
        )?),
        "money_add" => money_json(&money(&input["a"])?.checked_add(&money(&input["b"])?)?),
        "money_subtract" => money_json(&money(&input["a"])?.checked_sub(&money(&input["b"])?)?),
        "money_round" => {
            let mode: RoundingMode = text(&input["mode"]).parse()?;
            money_json(&money(&input["money"])?.round(mode))
        }
        "money_allocate" => {
            let weights = input["weights"]
                .as_array()
                .unwrap()
                .iter()
                .map(|w| seamline::parse_decimal("weight", text(w)))
                .collect::<Result<Vec<Decimal>, Error>>()?;
            let parts = money(&input["total"])?.allocate(&weights)?;
            Value::Array(parts.iter().map(money_json).collect())
        }
        "currency_minor_units" => {
            json!(Currency::from_code(text(&input["currency"]))?.minor_units())
        }
        "sku_normalize" => json!(Sku::new(text(&input["value"]))?.as_str()),
        "instant_canonical" => json!(Instant::parse(text(&input["text"]))?.to_rfc3339()),
        "ledger" => ledger(input)?,
        "sku_map" => sku_map(input)?,
        "orders" => orders(input)?,
        "customers" => customers(input)?,
        "normalize_identifier" => {
            let policy = LinkPolicy {
                email_provider_rules: input.get("provider_rules") == Some(&json!(true)),
                ..LinkPolicy::default()
            };
            let region = input.get("region").map(text);
            json!(policy.canonical(text(&input["kind"]), text(&input["value"]), region)?)
        }
        "hash_identifier" => json!(render_hash(
            text(&input["kind"]),
            text(&input["canonical"]),
            serde_json::from_value::<HashConvention>(input["convention"].clone()).unwrap(),
        )?),
        "systems_of_record" => systems_of_record(input)?,
        "prices" => prices(input)?,
        "price_mismatch" => {
            let mut map = SkuMap::new();
            map.import(
                &serde_json::from_value::<Vec<MappingRow>>(input["rows"].clone()).unwrap(),
                false,
            );
            let mut table = PriceTable::new();
            for e in input["entries"].as_array().unwrap() {
                table.add(serde_json::from_value(e.clone()).unwrap())?;
            }
            let rules: MismatchRules = serde_json::from_value(input["rules"].clone()).unwrap();
            let observed: Vec<ObservedPrice> =
                serde_json::from_value(input["observed"].clone()).unwrap();
            serde_json::to_value(price_mismatches(&map, &table, &rules, &observed)?).unwrap()
        }
        "gtin_normalize" => json!(Gtin::parse(text(&input["value"]))?.gtin14()),
        "upc_e_expand" => json!(Gtin::from_upc_e(text(&input["value"]))?.gtin14()),
        "gtin_range" => serde_json::to_value(Gtin::parse(text(&input["value"]))?.range()).unwrap(),
        "source_order" => {
            let lines: Vec<SourcingLine> = serde_json::from_value(input["lines"].clone()).unwrap();
            let destination: Destination =
                serde_json::from_value(input["destination"].clone()).unwrap();
            let nodes: Vec<SourcingNode> = serde_json::from_value(input["nodes"].clone()).unwrap();
            serde_json::to_value(source_order(&lines, &destination, &nodes)?).unwrap()
        }
        "sync_health" => {
            let observations: Vec<SyncObservation> =
                serde_json::from_value(input["observations"].clone()).unwrap();
            let now = Instant::parse(text(&input["now"]))?;
            serde_json::to_value(sync_health(
                &observations,
                now,
                int(&input["max_silence_seconds"]),
            )?)
            .unwrap()
        }
        "reconcile" => reconciliation::project(&reconciliation::run(input)?),
        "reconcile_records" => reconciliation::project_invalid(&reconciliation::run(input)?),
        "reconcile_books" => reconciliation::project_books(&reconciliation::run(input)?),
        "reconcile_queue" => reconciliation::queue(input)?,
        "processor_report" => reconciliation::processor_report(input)?,
        other => panic!("unknown op {other}"),
    })
}

/// Money in cents (every order vector is in a two-decimal currency).
fn cents(m: &Money) -> i64 {
    use rust_decimal::prelude::ToPrimitive;
    (m.amount() * Decimal::from(100)).to_i64().unwrap()
}

/// A stock event as the order vectors write it: `type quantity|all sku@location`.
fn stock_text(e: &seamline::inventory::StockEvent) -> String {
    let v = serde_json::to_value(e).unwrap();
    let quantity = v.get("quantity").and_then(Value::as_i64);
    let mut text = format!(
        "{} {} {}@{}",
        text(&v["type"]),
        quantity.map_or("all".to_string(), |q| q.to_string()),
        e.sku,
        e.location
    );
    if v.get("restock") == Some(&json!(true)) {
        text.push_str(" restock");
    }
    text
}

/// Applies the order events (through a ledger when `stock` is given) and
/// reports each transition, each order and the stock levels asked for.
fn orders(input: &Value) -> Result<Value, Error> {
    let policy = RefundPolicy {
        shipping: input
            .get("shipping_refund")
            .map(|s| serde_json::from_value(s.clone()).unwrap())
            .unwrap_or_default(),
    };
    let mut book = OrderBook::new(policy);
    let mut ledger = input.get("stock").map(|stock| {
        let mut ledger = Ledger::new();
        for e in stock.as_array().unwrap() {
            ledger.apply(read_stock_event(e, 0).unwrap()).unwrap();
        }
        ledger
    });
    let transitions: Vec<Value> = input["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            // Without a ledger every stock event counts as accepted.
            let result = OrderEvent::parse(e.clone()).and_then(|event| match ledger.as_mut() {
                Some(ledger) => book.apply_with_ledger(ledger, event).map(|(t, reports)| {
                    let codes: Vec<Option<String>> = reports
                        .iter()
                        .map(|r| r.as_ref().err().map(|e| e.code().to_string()))
                        .collect();
                    (t, codes)
                }),
                None => book.apply(event).map(|t| {
                    let n = t.stock_events.len();
                    (t, vec![None; n])
                }),
            });
            match result {
                Ok((t, codes)) => json!({
                    "state": t.state.as_str(),
                    "stock": t.stock_events.iter().zip(codes).map(|(e, code)| match code {
                        None => stock_text(e),
                        Some(code) => format!("{} !{code}", stock_text(e)),
                    }).collect::<Vec<_>>(),
                    "refund_due": t.refund_due.as_ref().map(cents),
                }),
                Err(err) => json!(err.code().as_str()),
            }
        })
        .collect();
    if input.get("restore_from_snapshot").is_some() {
        book = OrderBook::from_snapshot(&book.to_snapshot())?;
    }
    let mut orders = serde_json::Map::new();
    for id in book.order_ids() {
        let s = book.order(&id).unwrap();
        orders.insert(
            id.to_string(),
            json!({
                "state": s.state.as_str(),
                "total": cents(&s.total),
                "captured": cents(&s.captured),
                "refunded": cents(&s.refunded),
                "refund_due": cents(&s.refund_due),
                "lines": s.lines.iter().map(|l| json!([l.line_id, l.ordered, l.held, l.fulfilled, l.cancelled, l.returned, l.restocked])).collect::<Vec<_>>(),
            }),
        );
    }
    let mut out = json!({"transitions": transitions, "orders": orders});
    if let Some(levels) = input.get("levels") {
        let ledger = ledger.as_ref().unwrap();
        let now = Instant::parse("2027-01-01T00:00:00Z")?;
        out["levels"] = levels
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                let level = ledger.stock(
                    &Sku::new(text(&l[0])).unwrap(),
                    &LocationId::new(text(&l[1])).unwrap(),
                    now,
                );
                json!([text(&l[0]), text(&l[1]), level.on_hand, level.reserved])
            })
            .collect();
    }
    Ok(out)
}

/// Resolves the records (with corrections), applies the points events, adds
/// any later records and reports profiles, golden records, merges, the review queue, issues and balances.
fn customers(input: &Value) -> Result<Value, Error> {
    let policy: LinkPolicy = input
        .get("policy")
        .map(|p| serde_json::from_value(p.clone()).unwrap())
        .unwrap_or_default();
    // A retailer's secret (its UTF-8 bytes) keys what the book shows.
    let mut book = match input.get("secret") {
        Some(secret) => CustomerBook::keyed(policy, text(secret).as_bytes())?,
        None => CustomerBook::new(policy)?,
    };
    let records: Vec<CustomerRecord> = serde_json::from_value(input["records"].clone()).unwrap();
    book.add_records(records)?;
    for c in input
        .get("corrections")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        book.correct(serde_json::from_value::<Correction>(c.clone()).unwrap())?;
    }
    let points: Vec<Value> = input
        .get("points")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|e| {
            match book.apply_points(serde_json::from_value::<PointsEvent>(e.clone()).unwrap()) {
                Ok(applied) => json!(applied),
                Err(err) => json!(err.code().as_str()),
            }
        })
        .collect();
    // People's decisions after the points: corrections, then withdrawals,
    // each reported as [recorded, [records moved]].
    let mut effects = Vec::new();
    for (key, withdraw) in [("later_corrections", false), ("withdrawals", true)] {
        for c in input
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let c = serde_json::from_value::<Correction>(c.clone()).unwrap();
            let effect = if withdraw {
                book.withdraw(c)?
            } else {
                book.correct(c)?
            };
            let moved: Vec<&str> = effect.moved.iter().map(|m| m.record.as_str()).collect();
            effects.push(json!([effect.recorded, moved]));
        }
    }
    if let Some(later) = input.get("later_records") {
        book.add_records(serde_json::from_value::<Vec<CustomerRecord>>(later.clone()).unwrap())
            .unwrap();
    }
    let r = book.resolution().clone();
    // Profiles as a job reads them, one at a time (the same as `r.profiles`).
    let profiles: Vec<_> = book.profiles().collect();
    let balances: Vec<Value> = input
        .get("balances")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|key| {
            let profile = book.profile_of(text(key)).unwrap();
            json!([text(key), book.balance(&profile.profile_id)])
        })
        .collect();
    let mut out = json!({
        "profiles": profiles.iter().map(|p| {
            let mut row = vec![json!(p.profile_id)];
            row.extend(p.members.iter().map(|m| json!(m)));
            Value::Array(row)
        }).collect::<Vec<_>>(),
        // As a profile serializes (an empty golden record is `{}` there).
        "golden": profiles.iter().map(|p| (p.profile_id.clone(), json!(p)["golden"].clone())).collect::<serde_json::Map<_, _>>(),
        "merges": r.merges.iter().map(|m| json!([m.into, m.absorbed, m.via])).collect::<Vec<_>>(),
        "review": r.review.iter().map(|i| json!([i.record_a, i.record_b, i.kind])).collect::<Vec<_>>(),
        "issues": r.issues.iter().map(|i| json!([i.record, i.kind, i.error.code().as_str()])).collect::<Vec<_>>(),
        "points": points,
        "balances": balances,
    });
    if input.get("later_corrections").is_some() || input.get("withdrawals").is_some() {
        out["effects"] = json!(effects);
    }
    if input.get("suggest") == Some(&json!(true)) {
        // A given scoring's suggestions also show their probability, in
        // millionths (rounded: every language rounds an f64 alike).
        let given = input.get("scoring");
        let scoring = given
            .map(|s| serde_json::from_value(s.clone()).unwrap())
            .unwrap_or_default();
        let found = book.suggestions(&scoring)?;
        out["suggestions"] = found
            .suggestions
            .iter()
            .map(|s| {
                let levels: Vec<&str> = s.evidence.iter().map(|e| e.level.as_str()).collect();
                match given {
                    Some(_) => json!([
                        s.record_a,
                        s.record_b,
                        levels,
                        (s.probability * 1e6).round() as i64
                    ]),
                    None => json!([s.record_a, s.record_b, levels]),
                }
            })
            .collect();
    }
    if input.get("count_records") == Some(&json!(true)) {
        out["record_count"] = json!(book.record_count());
    }
    if input.get("show_identifiers") == Some(&json!(true)) {
        out["identifiers"] = profiles
            .iter()
            .map(|p| (p.profile_id.clone(), json!(p.identifiers)))
            .collect::<serde_json::Map<_, _>>()
            .into();
    }
    if input.get("unclaimed") == Some(&json!(true)) {
        out["unclaimed"] = book
            .unclaimed_points()
            .iter()
            .map(|u| json!([u.account, u.points]))
            .collect();
    }
    Ok(out)
}

/// Loads the registry, adds the updates (reporting each arrival) and resolves.
fn systems_of_record(input: &Value) -> Result<Value, Error> {
    let mut owners: Vec<(Domain, String)> = input["owners"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(d, s)| {
            (
                serde_json::from_value(json!(d)).unwrap(),
                text(s).to_string(),
            )
        })
        .collect();
    for pair in input
        .get("extra_owners")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        owners.push((
            serde_json::from_value(pair[0].clone()).unwrap(),
            text(&pair[1]).to_string(),
        ));
    }
    let fields: Vec<FieldRule> = input
        .get("fields")
        .map(|f| serde_json::from_value(f.clone()).unwrap())
        .unwrap_or_default();
    let rank: Vec<String> = serde_json::from_value(input["rank"].clone()).unwrap();
    let mut resolver = Resolver::new(Registry::new(&owners, &fields, &rank)?);
    let arrivals: Vec<Value> = input["updates"]
        .as_array()
        .unwrap()
        .iter()
        .map(
            |u| match resolver.add(serde_json::from_value::<FieldUpdate>(u.clone()).unwrap()) {
                Ok(a) => serde_json::to_value(a).unwrap(),
                Err(e) => json!(e.code().as_str()),
            },
        )
        .collect();
    let r = resolver.resolve();
    Ok(json!({
        "arrivals": arrivals,
        "fields": r.fields.iter().map(|f| json!([f.domain.as_str(), f.entity, f.field, f.winner.value, f.winner.system, serde_json::to_value(f.won_by).unwrap()])).collect::<Vec<_>>(),
        "conflicts": r.conflicts.iter().map(|c| json!([c.winner.entity, c.winner.field, c.winner.system, c.overwritten.system, c.overwritten.value])).collect::<Vec<_>>(),
        "refused": r.refused.iter().map(|u| u.update_id.as_str()).collect::<Vec<_>>(),
    }))
}

/// Adds the entries (reporting each), then answers price_at and quote per query.
fn prices(input: &Value) -> Result<Value, Error> {
    let mut table = PriceTable::new();
    let added: Vec<Value> = input["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(
            |e| match table.add(serde_json::from_value::<PriceEntry>(e.clone()).unwrap()) {
                Ok(()) => json!("ok"),
                Err(err) => json!(err.code().as_str()),
            },
        )
        .collect();
    if input.get("restore_from_snapshot").is_some() {
        table = PriceTable::from_snapshot(&table.to_snapshot())?;
    }
    let promotions: Vec<Promotion> = serde_json::from_value(input["promotions"].clone()).unwrap();
    let results: Vec<Value> = input["queries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| -> Result<Value, Error> {
            let (sku, channel) = (
                Sku::new(text(&q["sku"]))?,
                ChannelId::new(text(&q["channel"]))?,
            );
            let (currency, at) = (
                Currency::from_code(text(&q["currency"]))?,
                Instant::parse(text(&q["at"]))?,
            );
            Ok(match table.price_at(&sku, &channel, currency, at) {
                Err(err) => json!(err.code().as_str()),
                Ok(price) => json!({
                    "price_at": money_json(&price),
                    "quote": match table.quote(&sku, &channel, currency, at, &promotions) {
                        Ok(q) => json!({"price": money_json(&q.price), "promotions": q.promotions}),
                        Err(err) => json!(err.code().as_str()),
                    },
                }),
            })
        })
        .collect::<Result<_, _>>()?;
    Ok(json!({"added": added, "results": results}))
}

/// Sets the rules, imports the rows, then translates each reference.
fn sku_map(input: &Value) -> Result<Value, Error> {
    let mut map = SkuMap::new();
    for r in input["rules"].as_array().unwrap() {
        map.set_rules(serde_json::from_value::<ChannelRules>(r.clone()).unwrap());
    }
    let rows: Vec<MappingRow> = serde_json::from_value(input["rows"].clone()).unwrap();
    let report = map.import(&rows, input["replace"].as_bool().unwrap_or(false));
    if input.get("restore_from_snapshot").is_some() {
        map = SkuMap::from_snapshot(&map.to_snapshot())?;
    }
    let translations: Vec<Value> = input["translate"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| -> Result<Value, Error> {
            let channel = ChannelId::new(text(&t["channel"]))?;
            Ok(
                match map.translate(&channel, text(&t["external_id"]), int(&t["quantity"])) {
                    Ok(mut lines) => {
                        lines.sort();
                        Value::Array(lines.iter().map(|(s, u)| json!([s.as_str(), u])).collect())
                    }
                    Err(err) => json!(err.code().as_str()),
                },
            )
        })
        .collect::<Result<_, _>>()?;
    let mut out = json!({"translations": translations});
    if let Some(batch) = input.get("batch").and_then(Value::as_array) {
        let refs = batch
            .iter()
            .map(|b| seamline::input::from_value(b.clone(), "batch"))
            .collect::<Result<Vec<seamline::catalog::ChannelReference>, _>>()?;
        map.translate_batch(&refs);
        out["queue"] = map
            .unmapped_queue()
            .iter()
            .map(|q| json!([q.channel.as_str(), q.external_id, q.count]))
            .collect();
    }
    if let Some(columns) = input.get("columns") {
        let ids: Vec<String> = serde_json::from_value(columns["external_ids"].clone()).unwrap();
        let quantities: Vec<i64> = serde_json::from_value(columns["quantities"].clone()).unwrap();
        let out_columns = map.translate_columns(
            &ChannelId::new(text(&columns["channel"]))?,
            &ids,
            &quantities,
            Instant::parse(text(&columns["seen_at"]))?,
        )?;
        out["columns"] = json!({
            "rows": out_columns.rows,
            "skus": out_columns.skus.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
            "units": out_columns.units,
            "errors": out_columns.errors.iter().map(|r| json!([r.row, r.error.code().as_str()])).collect::<Vec<_>>(),
        });
        out["queue"] = map
            .unmapped_queue()
            .iter()
            .map(|q| json!([q.channel.as_str(), q.external_id, q.count]))
            .collect();
    }
    if let Some(channel) = input.get("coverage") {
        let (missing, _) = map.coverage(&ChannelId::new(text(channel))?);
        out["missing"] = missing.iter().map(|s| json!(s.as_str())).collect();
    }
    out["import"] = json!({
            "added": report.added,
            "unchanged": report.unchanged,
            "conflict_rows": report.conflicts.iter().map(|c| c.row).collect::<Vec<_>>(),
            "invalid": report.invalid.iter().map(|r| json!([r.row, r.error.code().as_str()])).collect::<Vec<_>>(),
    });
    Ok(out)
}

/// Applies the events one by one, then reports outcomes, stock levels and, with a pool, the publication.
fn ledger(input: &Value) -> Result<Value, Error> {
    let now = Instant::parse(text(&input["now"]))?;
    let mut ledger = Ledger::new();
    for info in input
        .get("locations")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        ledger.configure_location(serde_json::from_value(info.clone()).unwrap());
    }
    for c in input
        .get("channels")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let config = ChannelConfig {
            channel: ChannelId::new(text(&c["channel"]))?,
            locations: c["locations"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| LocationId::new(text(l)))
                .collect::<Result<_, _>>()?,
            ship_policy: policy(&c["ship_policy"])?,
            pickup_policy: policy(&c["pickup_policy"])?,
        };
        ledger.configure_channel(config)?;
    }
    let outcomes: Vec<Value> = input["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(
            |e| match read_stock_event(e, 0).and_then(|event| ledger.apply(event)) {
                Ok(report) if report.duplicate => json!("duplicate"),
                Ok(_) => json!("applied"),
                Err(err) => json!(err.code().as_str()),
            },
        )
        .collect();
    // An offline till: a copy of the ledger as it stands, its own events
    // applied, merged back after the carts (which stand for the web meanwhile).
    let till = input
        .get("merge_from")
        .and_then(Value::as_array)
        .map(|events| -> Result<Ledger, Error> {
            let mut till = Ledger::from_snapshot(&ledger.to_snapshot())?;
            for e in events {
                till.apply(read_stock_event(e, 0)?)?;
            }
            Ok(till)
        })
        .transpose()?;
    let channel_outcomes: Option<Vec<Value>> = input
        .get("channel_events")
        .and_then(Value::as_array)
        .map(|events| {
            let mut map = SkuMap::new();
            for r in input["sku_map"]["rules"].as_array().unwrap() {
                map.set_rules(serde_json::from_value::<ChannelRules>(r.clone()).unwrap());
            }
            map.import(
                &serde_json::from_value::<Vec<MappingRow>>(input["sku_map"]["rows"].clone())
                    .unwrap(),
                false,
            );
            events
                .iter()
                .map(|ce| {
                    let applied = ChannelId::new(text(&ce["channel"])).and_then(|channel| {
                        let event = read_stock_event(&ce["event"], 0)?;
                        ledger.apply_channel_event(&map, &channel, event)
                    });
                    match applied {
                        Ok(reports) => Value::Array(
                            reports.iter().map(|r| json!(r.event_id.as_str())).collect(),
                        ),
                        Err(err) => json!(err.code().as_str()),
                    }
                })
                .collect()
        });
    if input.get("restore_from_snapshot").is_some() {
        ledger = Ledger::from_snapshot(&ledger.to_snapshot())?;
    }
    let carts: Vec<Value> = input
        .get("carts")
        .and_then(Value::as_array)
        .map(|carts| {
            carts
                .iter()
                .map(
                    |c| match serde_json::from_value::<CartReservation>(c.clone()) {
                        Ok(cart) => match ledger.reserve_cart(&cart) {
                            Ok(held) => serde_json::to_value(held).unwrap(),
                            Err(err) => json!(err.code().as_str()),
                        },
                        Err(err) => panic!("unreadable cart in a vector: {err}"),
                    },
                )
                .collect()
        })
        .unwrap_or_default();
    let merge = till.map(|till| {
        let r = ledger.merge(&till, now);
        json!({
            "applied": r.applied,
            "duplicates": r.duplicates.iter().map(|d| d.as_str()).collect::<Vec<_>>(),
            "rejected": r.rejected.iter().map(|x| json!([x.index, x.error.code().as_str()])).collect::<Vec<_>>(),
            "revealed": serde_json::to_value(&r.revealed).unwrap(),
        })
    });
    let stock: Vec<Value> = input["stock"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| -> Result<Value, Error> {
            let level = ledger.stock(
                &Sku::new(text(&q["sku"]))?,
                &LocationId::new(text(&q["location"]))?,
                now,
            );
            Ok(serde_json::to_value(level).unwrap())
        })
        .collect::<Result<_, _>>()?;
    let mut out = json!({"outcomes": outcomes, "stock": stock});
    if let Some(merge) = merge {
        out["merge"] = merge;
    }
    if input.get("carts").is_some() {
        out["carts"] = Value::Array(carts);
    }
    if let Some(outcomes) = channel_outcomes {
        out["channel_outcomes"] = Value::Array(outcomes);
    }
    if let Some(h) = input.get("history") {
        let lines = ledger.history(
            &Sku::new(text(&h["sku"]))?,
            &LocationId::new(text(&h["location"]))?,
        );
        out["history"] = lines
            .iter()
            .map(|l| json!({"event_id": l.event_id.as_str(), "change": l.change, "on_hand_after": l.on_hand_after, "description": l.description}))
            .collect();
    }
    if let Some(ids) = input.get("reservation_states").and_then(Value::as_array) {
        out["reservation_states"] = ids
            .iter()
            .map(|id| match ledger.reservation_state(text(id), now) {
                Ok(state) => serde_json::to_value(state).unwrap(),
                Err(err) => json!(err.code().as_str()),
            })
            .collect();
    }
    if input.get("anomalies").is_some() {
        out["anomalies"] = serde_json::to_value(ledger.anomalies(now)).unwrap();
    }
    if let Some(queries) = input.get("channel_queries").and_then(Value::as_array) {
        let results = queries
            .iter()
            .map(|q| {
                let method = match text(&q["method"]) {
                    "ship" => FulfilmentMethod::Ship,
                    _ => FulfilmentMethod::Pickup,
                };
                match ledger.channel_publication(&ChannelId::new(text(&q["channel"]))?, &Sku::new(text(&q["sku"]))?, method, now) {
                    Ok(p) => Ok(json!({
                        "quantity": p.pooled.quantity,
                        "buffer": p.pooled.buffer,
                        "nodes": p.nodes.iter().map(|n| json!({"location": n.location.as_str(), "quantity": n.quantity})).collect::<Vec<_>>(),
                    })),
                    Err(err) => Ok(json!(err.code().as_str())),
                }
            })
            .collect::<Result<Vec<Value>, Error>>()?;
        out["channel_publications"] = Value::Array(results);
    }
    if let Some(pool) = input.get("pool") {
        let locations = pool["locations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| LocationId::new(text(l)))
            .collect::<Result<Vec<_>, _>>()?;
        let publication = ledger.publish(
            &Sku::new(text(&pool["sku"]))?,
            &locations,
            &policy(&pool["policy"])?,
            now,
        )?;
        out["publication"] =
            json!({"quantity": publication.quantity, "buffer": publication.buffer});
    }
    Ok(out)
}

fn matches(actual: &Value, expected: &Value, tolerance: Option<f64>) -> bool {
    match (tolerance, actual, expected) {
        (Some(tol), Value::Number(a), Value::Number(e)) => {
            (a.as_f64().unwrap() - e.as_f64().unwrap()).abs() <= tol
        }
        _ => actual == expected,
    }
}

#[test]
fn conformance_vectors() {
    let mut failures = Vec::new();
    let mut count = 0;
    for file in vector_files() {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        for case in doc["cases"].as_array().unwrap() {
            count += 1;
            let name = format!(
                "{}: {}",
                file.file_name().unwrap().to_string_lossy(),
                text(&case["name"])
            );
            let result = run(text(&case["op"]), &case["input"]);
            match (&result, case.get("expect"), case.get("expect_error")) {
                (Ok(actual), Some(expected), None) => {
                    if !matches(
                        actual,
                        expected,
                        case.get("tolerance").and_then(Value::as_f64),
                    ) {
                        failures.push(format!("{name}: expected {expected}, got {actual}"));
                    }
                }
                (Err(err), None, Some(code)) => {
                    if err.code().as_str() != text(code) {
                        failures.push(format!(
                            "{name}: expected error {code}, got {} ({err})",
                            err.code()
                        ));
                    }
                }
                (Ok(actual), None, Some(code)) => {
                    failures.push(format!("{name}: expected error {code}, got {actual}"))
                }
                (Err(err), Some(expected), None) => {
                    failures.push(format!("{name}: expected {expected}, got error {err}"))
                }
                _ => failures.push(format!(
                    "{name}: a case needs exactly one of expect and expect_error"
                )),
            }
        }
    }
    assert!(count > 0, "no conformance vectors found");
    assert!(
        failures.is_empty(),
        "{} of {count} vectors failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    println!("{count} conformance vectors passed");
}

/// The reconciliation ops: the projection every runner computes alike.
mod reconciliation {
    use seamline::reconciliation::{
        read_records, read_report, reconcile, update_queue, Acceptance, Config, Processor,
        ProcessorReport, Report, ReportFile, ReportOptions, ReportSource, RowRef,
    };
    use seamline::{Decimal, Error};
    use serde_json::{json, Map, Value};

    fn canon(d: Option<Decimal>) -> Value {
        d.map_or(Value::Null, |d| json!(d.normalize().to_string()))
    }

    fn label(r: &RowRef) -> String {
        let kind = serde_json::to_value(r.kind).unwrap();
        match &r.order_id {
            Some(o) => format!("{} {o}/{}", kind.as_str().unwrap(), r.id),
            None => format!("{} {}", kind.as_str().unwrap(), r.id),
        }
    }

    fn records(input: &Value, key: &str) -> Vec<Result<Value, Error>> {
        let rows = input.get(key).and_then(Value::as_array).cloned();
        rows.unwrap_or_default().into_iter().map(Ok).collect()
    }

    pub fn run(input: &Value) -> Result<Report, Error> {
        let config: Config = serde_json::from_value(input["config"].clone()).unwrap();
        let parsed = read_records(
            &records(input, "orders"),
            &records(input, "settlements"),
            &records(input, "movements"),
            config.extra_columns,
        );
        reconcile(&parsed, &config)
    }

    const SUMMARY: [&str; 13] = [
        "payments_captured",
        "processor_captured",
        "settled_gross",
        "amount_differences",
        "currency_mismatched",
        "pending_settlement",
        "missing_settlement",
        "expected_fees",
        "actual_fees",
        "refunds_settled",
        "chargebacks",
        "payouts",
        "amount_at_risk",
    ];

    pub fn project(r: &Report) -> Value {
        let exceptions: Vec<Value> = r
            .exceptions
            .iter()
            .map(|e| {
                let severity = serde_json::to_value(e.severity).unwrap();
                json!([
                    e.reason.as_str(),
                    label(&e.key),
                    severity,
                    canon(e.difference)
                ])
            })
            .collect();
        let pending: Vec<Value> = r
            .pending
            .iter()
            .map(|p| json!([label(&p.row), serde_json::to_value(p.reason).unwrap()]))
            .collect();
        let counts = serde_json::to_value(r.rows).unwrap();
        let rows: Map<String, Value> = counts
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, b)| {
                (
                    k.clone(),
                    json!([b["matched"], b["pending"], b["exceptions"]]),
                )
            })
            .collect();
        let mut summary = Map::new();
        for s in &r.summary {
            let fields = serde_json::to_value(s).unwrap();
            let picked: Map<String, Value> = SUMMARY
                .iter()
                .map(|f| {
                    let d: Decimal = fields[*f].as_str().unwrap().parse().unwrap();
                    (f.to_string(), canon(Some(d)))
                })
                .collect();
            summary.insert(s.currency.code().to_string(), Value::Object(picked));
        }
        let mut out = json!({
            "exceptions": exceptions, "pending": pending, "rows": rows, "summary": summary,
        });
        let mut suggestions = Map::new();
        let mut evidence = Map::new();
        for e in &r.exceptions {
            if let Some(s) = &e.suggestion {
                suggestions.insert(label(&e.key), json!([label(&s.record)]));
            } else if !e.candidates.is_empty() {
                let listed: Vec<String> = e.candidates.iter().map(label).collect();
                suggestions.insert(label(&e.key), json!(listed));
            }
            if let Some(order) = &e.evidence {
                evidence.insert(label(&e.key), json!(order.order_id.as_str()));
            }
        }
        if !suggestions.is_empty() {
            out["suggestions"] = Value::Object(suggestions);
        }
        if !evidence.is_empty() {
            out["evidence"] = Value::Object(evidence);
        }
        out
    }

    /// The summary's books (every total a controller ties) and identities.
    const BOOKS: [&str; 17] = [
        "order_total",
        "awaiting_capture",
        "refunds_issued",
        "processor_refunds",
        "refunds_settled",
        "refund_differences",
        "refunds_currency_mismatched",
        "refunds_pending",
        "refunds_missing",
        "settlement_gross",
        "fees_reported",
        "fees_implied",
        "net_only",
        "settlement_net",
        "payouts",
        "batch_net_paid_out",
        "fee_lines",
    ];

    /// The projection with the books and identities per currency.
    pub fn project_books(r: &Report) -> Value {
        let mut out = project(r);
        let mut books = Map::new();
        let mut identities = Map::new();
        for s in &r.summary {
            let fields = serde_json::to_value(s).unwrap();
            let mut picked: Map<String, Value> = BOOKS
                .iter()
                .map(|f| {
                    let d: Decimal = fields[*f].as_str().unwrap().parse().unwrap();
                    (f.to_string(), canon(Some(d)))
                })
                .collect();
            picked.insert("open_orders".into(), json!(s.open_orders));
            picked.insert("cancelled_orders".into(), json!(s.cancelled_orders));
            let code = s.currency.code().to_string();
            books.insert(code.clone(), Value::Object(picked));
            let sides: Vec<Value> = s
                .identities
                .iter()
                .map(|i| json!([i.name, i.ok, canon(Some(i.left)), canon(Some(i.right))]))
                .collect();
            identities.insert(code, json!(sides));
        }
        out["books"] = Value::Object(books);
        out["identities"] = Value::Object(identities);
        out
    }

    /// The projection with each `INVALID_ROW` exception's message, by label.
    pub fn project_invalid(r: &Report) -> Value {
        let mut out = project(r);
        let invalid: Map<String, Value> = r
            .exceptions
            .iter()
            .filter(|e| e.reason.as_str() == "INVALID_ROW")
            .map(|e| (label(&e.key), json!(e.message)))
            .collect();
        out["invalid"] = Value::Object(invalid);
        out
    }

    pub fn queue(input: &Value) -> Result<Value, Error> {
        let mut previous = Vec::new();
        let mut days = Vec::new();
        for day in input["runs"].as_array().unwrap() {
            let report = run(day)?;
            let accepted: Vec<Acceptance> = records(day, "accept")
                .iter()
                .map(|key| {
                    let e = report
                        .exceptions
                        .iter()
                        .find(|e| {
                            Some(label(&e.key).as_str())
                                == key.as_ref().ok().and_then(Value::as_str)
                        })
                        .unwrap();
                    Acceptance {
                        exception_id: e.id.clone(),
                        fingerprint: e.fingerprint.clone(),
                        by: "vector".into(),
                        note: "accepted by the vector".into(),
                        at: report.as_of,
                    }
                })
                .collect();
            let items = update_queue(&previous, &report, &accepted)?;
            let mut statuses: Vec<(String, Value)> = items
                .iter()
                .map(|i| (label(&i.key), serde_json::to_value(i.status).unwrap()))
                .collect();
            statuses.sort_by(|a, b| a.0.cmp(&b.0));
            days.push(json!(statuses));
            previous = items;
        }
        Ok(json!(days))
    }

    /// A report read from its files (text or records), projected; with
    /// `tieout`, the report's lines and unread rows tied out against its orders.
    pub fn processor_report(input: &Value) -> Result<Value, Error> {
        let processor = Processor::parse(input["processor"].as_str().unwrap())?;
        let options: ReportOptions =
            serde_json::from_value(input.get("options").cloned().unwrap_or(json!({}))).unwrap();
        let files: Vec<ReportFile<'_>> = input["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| ReportFile {
                name: f["name"].as_str().unwrap(),
                source: match f.get("text") {
                    Some(t) => ReportSource::Bytes(t.as_str().unwrap().as_bytes()),
                    None => ReportSource::Records(&f["records"]),
                },
            })
            .collect();
        let report = read_report(processor, &files, &options)?;
        let mut out = lines(&report);
        if let Some(t) = input.get("tieout") {
            let config: Config = serde_json::from_value(t["config"].clone()).unwrap();
            let mut parsed = read_records(&records(t, "orders"), &[], &[], config.extra_columns);
            parsed.add_report(&report);
            out["tieout"] = project(&reconcile(&parsed, &config)?);
        }
        Ok(out)
    }

    pub fn lines(report: &ProcessorReport) -> Value {
        let lines: Vec<Value> = report
            .lines
            .iter()
            .map(|l| {
                json!([
                    l.id.as_str(),
                    l.kind.as_str(),
                    l.processor_reference,
                    l.merchant_reference,
                    canon(l.gross),
                    canon(l.fee),
                    canon(Some(l.net)),
                    l.currency.code(),
                    l.settled_at.to_rfc3339(),
                    l.batch_id,
                    l.original_currency.map(|c| c.code().to_string()),
                    canon(l.original_gross)
                ])
            })
            .collect();
        let unknown: Vec<Value> = report
            .unknown
            .iter()
            .map(|u| json!([u.at.file, u.at.line, u.row_type]))
            .collect();
        let rejected: Vec<Value> = report
            .rejected
            .iter()
            .map(|r| json!([r.at.file, r.at.line, r.error.code().as_str()]))
            .collect();
        let duplicates: Vec<Value> = report
            .duplicates
            .iter()
            .map(|d| json!([d.at.file, d.at.line, d.id.as_str()]))
            .collect();
        let skipped: Vec<Value> = report
            .skipped
            .iter()
            .map(|s| json!([s.at.file, s.at.line]))
            .collect();
        let files: Vec<Value> = report
            .files
            .iter()
            .map(|f| json!([f.name, serde_json::to_value(f.layout).unwrap(), f.rows]))
            .collect();
        json!({"files": files, "lines": lines, "duplicates": duplicates, "unknown": unknown,
               "rejected": rejected, "skipped": skipped})
    }
}
