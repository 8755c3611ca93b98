//! Processor reports read from fixtures written from each processor's
//! published layout (column names, record types, sign conventions).

use super::*;
use crate::instant::Instant;
use crate::reconciliation::{reconcile, Config, MatchKind, ReasonCode, SettlementKind};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::str::FromStr;

const ITEMIZED: &str =
    include_str!("../../../../tests/fixtures/reports/stripe_payout_reconciliation_itemized.csv");
const BALANCE: &str =
    include_str!("../../../../tests/fixtures/reports/stripe_balance_change_itemized.csv");
const DASHBOARD: &str =
    include_str!("../../../../tests/fixtures/reports/stripe_dashboard_balance.csv");
const API: &str =
    include_str!("../../../../tests/fixtures/reports/stripe_balance_transactions_api.json");
const ADYEN_118: &str =
    include_str!("../../../../tests/fixtures/reports/adyen_settlement_detail_report_batch_118.csv");
const ADYEN_119: &str =
    include_str!("../../../../tests/fixtures/reports/adyen_settlement_detail_report_batch_119.csv");
const STL: &str =
    include_str!("../../../../tests/fixtures/reports/paypal_settlement_STL-20261121.01.009.CSV");
const TRR: &str = include_str!(
    "../../../../tests/fixtures/reports/paypal_transaction_detail_TRR-20261121.01.011.CSV"
);

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn read(processor: Processor, files: &[(&str, &str)], options: &ReportOptions) -> ProcessorReport {
    let files: Vec<ReportFile<'_>> = files
        .iter()
        .map(|(name, text)| ReportFile {
            name,
            source: ReportSource::Bytes(text.as_bytes()),
        })
        .collect();
    read_report(processor, &files, options).unwrap()
}

fn line<'r>(r: &'r ProcessorReport, id: &str) -> &'r SettlementLine {
    r.lines
        .iter()
        .find(|l| l.id.as_str() == id)
        .unwrap_or_else(|| {
            panic!(
                "no line {id}: {:?}",
                r.lines.iter().map(|l| l.id.as_str()).collect::<Vec<_>>()
            )
        })
}

/// An order paid in full by one card payment, captured at `at`.
fn card_order(
    id: &str,
    currency: &str,
    amount: &str,
    processor: &str,
    reference: &str,
    at: &str,
) -> serde_json::Value {
    serde_json::json!({
        "order_id": id, "channel": "web", "currency": currency, "total": amount,
        "placed_at": at,
        "payments": [{"payment_id": "p1", "method": "card", "processor": processor,
                      "processor_reference": reference, "amount": amount, "captured_at": at}]
    })
}

/// `order` and the report's lines and unread rows, tied out as of 2026-11-26.
fn tie_out(r: &ProcessorReport, order: serde_json::Value) -> crate::reconciliation::Report {
    let mut input: Input =
        serde_json::from_value(serde_json::json!({ "orders": [order] })).unwrap();
    input.add_report(r);
    reconcile(
        &input,
        &Config::new(Instant::parse("2026-11-26T00:00:00Z").unwrap()),
    )
    .unwrap()
}

fn accounted(r: &ProcessorReport) -> u64 {
    (r.lines.len() + r.duplicates.len() + r.unknown.len() + r.rejected.len() + r.skipped.len())
        as u64
}

#[test]
fn stripe_itemized_reports_are_major_units_by_reporting_category_at_availability() {
    let r = read(
        Processor::Stripe,
        &[("payouts.csv", ITEMIZED)],
        &ReportOptions::default(),
    );
    assert_eq!(r.files[0].layout, Layout::StripeItemized);
    let charge = line(&r, "txn_1QaB");
    assert_eq!(
        (charge.kind, charge.gross, charge.fee, charge.net),
        (
            SettlementKind::Charge,
            Some(dec("849.00")),
            Some(dec("24.92")),
            dec("824.08")
        )
    );
    assert_eq!(charge.merchant_reference.as_deref(), Some("W1001"));
    assert_eq!(
        charge.batch_id.as_ref().map(|b| b.as_str()),
        Some("po_1QaA")
    );
    // Funds available, in UTC (the local `available_on` column is not read).
    assert_eq!(
        charge.settled_at,
        Instant::parse("2026-11-22T00:00:00Z").unwrap()
    );
    let refund = line(&r, "txn_1QaE");
    assert_eq!(
        (
            refund.kind,
            refund.net,
            refund.processor_reference.as_deref()
        ),
        (SettlementKind::Refund, dec("-249.00"), Some("re_1QaF"))
    );
    // A dispute is tied to its charge, not to the dispute id.
    let dispute = line(&r, "txn_1QaG");
    assert_eq!(
        (dispute.kind, dispute.processor_reference.as_deref()),
        (SettlementKind::Chargeback, Some("ch_1QaI"))
    );
    assert_eq!(
        line(&r, "txn_1QaK").kind,
        SettlementKind::Fee,
        "network_cost is a fee"
    );
    assert_eq!(
        line(&r, "txn_1QaL").kind,
        SettlementKind::Adjustment,
        "platform income is not a fee paid"
    );
    assert_eq!(
        line(&r, "txn_1QaN").kind,
        SettlementKind::Adjustment,
        "refund_failure"
    );
    assert_eq!(r.unknown.len(), 1);
    assert_eq!(
        (r.unknown[0].at.line, r.unknown[0].row_type.as_str()),
        (8, "mystery_new_category")
    );
    assert_eq!(accounted(&r), r.rows());
}

#[test]
fn stripe_dashboard_exports_are_major_units_and_api_objects_minor() {
    let r = read(
        Processor::Stripe,
        &[("balance.csv", DASHBOARD)],
        &ReportOptions::default(),
    );
    assert_eq!(r.files[0].layout, Layout::StripeDashboard);
    let charge = line(&r, "txn_1QaB");
    assert_eq!(
        (charge.gross, charge.net),
        (Some(dec("849.00")), dec("824.08"))
    );
    assert_eq!(
        charge.batch_id.as_ref().map(|b| b.as_str()),
        Some("po_1QaA")
    );
    assert_eq!(charge.merchant_reference.as_deref(), Some("W1001"));
    assert_eq!(
        line(&r, "txn_1QaE").net,
        dec("-249.00"),
        "-249.00 is read as it is written"
    );
    assert_eq!(line(&r, "txn_1QaT").kind, SettlementKind::Fee);
    assert_eq!(
        line(&r, "txn_1QaU").kind,
        SettlementKind::Adjustment,
        "payout_failure"
    );
    assert!(r.rejected.is_empty() && r.unknown.is_empty(), "{r:?}");

    let options = ReportOptions {
        payout: Some("po_1QaA".into()),
        ..ReportOptions::default()
    };
    let r = read(Processor::Stripe, &[("api.json", API)], &options);
    assert_eq!(r.files[0].layout, Layout::StripeApi);
    let charge = line(&r, "txn_1QbA");
    assert_eq!(
        (charge.gross, charge.fee, charge.net),
        (Some(dec("849.00")), Some(dec("24.92")), dec("824.08"))
    );
    assert_eq!(
        charge.merchant_reference.as_deref(),
        Some("W1001"),
        "from the expanded charge's metadata"
    );
    assert_eq!(charge.processor_reference.as_deref(), Some("ch_1QaC"));
    let fx = line(&r, "txn_1QbB");
    assert_eq!(
        fx.exchange_rate,
        Some(dec("1.16126")),
        "a float rate is read through its text"
    );
    let dispute = line(&r, "txn_1QbD");
    assert_eq!(
        (dispute.kind, dispute.processor_reference.as_deref()),
        (SettlementKind::Chargeback, Some("ch_1QaI"))
    );
    let payout = line(&r, "txn_1QbE");
    assert_eq!(
        (
            payout.kind,
            payout.net,
            payout.batch_id.as_ref().map(|b| b.as_str())
        ),
        (SettlementKind::Payout, dec("-778.86"), Some("po_1QaA"))
    );
    // The payout ties out against the lines listed for it.
    let mut input = Input::default();
    input.add_report(&r);
    let report = reconcile(
        &input,
        &Config::new(Instant::parse("2026-11-26T00:00:00Z").unwrap()),
    )
    .unwrap();
    assert!(
        report.matches.iter().any(|m| m.kind == MatchKind::Payout),
        "{:?}",
        report.exceptions
    );
}

#[test]
fn a_report_read_twice_or_in_any_order_is_one_set_of_lines() {
    let once = read(
        Processor::Stripe,
        &[("a.csv", ITEMIZED)],
        &ReportOptions::default(),
    );
    let twice = read(
        Processor::Stripe,
        &[("a.csv", ITEMIZED), ("b.csv", ITEMIZED)],
        &ReportOptions::default(),
    );
    assert_eq!(twice.lines, once.lines);
    assert_eq!(twice.duplicates.len(), once.lines.len());
    assert_eq!(accounted(&twice), twice.rows());
    // An overlapping report (the balance change report shares two lines).
    let ab = read(
        Processor::Stripe,
        &[("a.csv", ITEMIZED), ("z.csv", BALANCE)],
        &ReportOptions::default(),
    );
    let ba = read(
        Processor::Stripe,
        &[("z.csv", BALANCE), ("a.csv", ITEMIZED)],
        &ReportOptions::default(),
    );
    assert_eq!(ab, ba);
    assert_eq!(ab.duplicates.len(), 2);
    let won = line(&ab, "txn_1QaV");
    assert_eq!(
        (won.kind, won.processor_reference.as_deref()),
        (SettlementKind::ChargebackReversal, Some("ch_1QaI"))
    );
}

#[test]
fn a_file_no_layout_fits_fails_before_any_row_naming_what_each_needs() {
    let files = [ReportFile {
        name: "orders.csv",
        source: ReportSource::Bytes(b"Order ID,Total\nW1,10.00\n"),
    }];
    let e = read_report(Processor::Stripe, &files, &ReportOptions::default()).unwrap_err();
    let text = e.to_string();
    assert!(
        text.contains("orders.csv") && text.contains("reporting_category"),
        "{text}"
    );
    assert!(text.len() < 512, "{}", text.len());
    let forced = ReportOptions {
        layout: Some(Layout::AdyenSettlementDetails),
        ..ReportOptions::default()
    };
    assert!(read_report(Processor::Stripe, &files, &forced).is_err());
    let bad_zone = ReportOptions {
        time_zones: [("*".to_string(), "Europe/Paris".to_string())].into(),
        ..ReportOptions::default()
    };
    assert!(read_report(Processor::Adyen, &[], &bad_zone).is_err());
}

#[test]
fn adyen_reads_every_type_cross_currency_lines_and_payout_references() {
    let r = read(
        Processor::Adyen,
        &[("batch_118.csv", ADYEN_118)],
        &ReportOptions::default(),
    );
    assert_eq!(r.rows(), 8);
    let settled = line(
        &r,
        "adyen/SeamlineStoreUS/118/Settled/8816178914321001/8816178914321001",
    );
    assert_eq!(
        (settled.gross, settled.fee, settled.net),
        (Some(dec("100.00")), Some(dec("2.80")), dec("97.20"))
    );
    assert_eq!(
        settled.settled_at,
        Instant::parse("2026-11-21T09:00:00Z").unwrap(),
        "CET is UTC+1"
    );
    // A GBP sale settled in USD: the line is in USD, the gross as charged kept in GBP.
    let fx = line(
        &r,
        "adyen/SeamlineStoreUS/118/Settled/8816178914321002/8816178914321002",
    );
    assert_eq!(
        (
            fx.currency.code(),
            fx.gross,
            fx.net,
            fx.original_currency.map(|c| c.code().to_string()),
            fx.original_gross,
            fx.exchange_rate
        ),
        (
            "USD",
            Some(dec("101.20")),
            dec("98.40"),
            Some("GBP".into()),
            Some(dec("80.00")),
            Some(dec("1.2650"))
        )
    );
    // Type is matched case-insensitively; a refund's reference is its own.
    let refund = line(
        &r,
        "adyen/SeamlineStoreUS/118/Refunded/8816178914321001/8816178914329901",
    );
    assert_eq!(
        (refund.kind, refund.processor_reference.as_deref()),
        (SettlementKind::Refund, Some("8816178914329901"))
    );
    let fee = line(
        &r,
        "adyen/SeamlineStoreUS/118/Fee/Transaction Fees November 2026",
    );
    assert_eq!(
        (fee.kind, fee.gross, fee.net),
        (SettlementKind::Fee, None, dec("-3.50")),
        "a gross currency with no gross amount"
    );
    let payout = line(
        &r,
        "adyen/SeamlineStoreUS/118/MerchantPayout/TX4J5H7GP2234XT",
    );
    assert_eq!(
        payout.processor_reference.as_deref(),
        Some("TX4J5H7GP2234XT"),
        "the bank statement's reference"
    );
    assert_eq!(
        line(
            &r,
            "adyen/SeamlineStoreUS/118/SettledBulk/8816178914321003/8816178914321003"
        )
        .kind,
        SettlementKind::Charge
    );
    assert_eq!(
        line(&r, "adyen/SeamlineStoreUS/118/ReserveAdjustment").kind,
        SettlementKind::Adjustment
    );
    assert_eq!(r.unknown[0].row_type, "NewTypeAdyenAddsLater");
    assert_eq!(accounted(&r), r.rows());
}

#[test]
fn adyen_preambles_ragged_rows_zones_and_a_refund_in_two_batches() {
    let files = [("batch_118.csv", ADYEN_118), ("batch_119.csv", ADYEN_119)];
    let r = read(Processor::Adyen, &files, &ReportOptions::default());
    assert_eq!(
        r.files[1].rows, 7,
        "the preamble and blank line are not rows"
    );
    let won = line(
        &r,
        "adyen/SeamlineStoreUS/119/ChargebackReversed/8816178914321006/8816178914321006",
    );
    assert_eq!(
        (won.kind, won.net),
        (SettlementKind::ChargebackReversal, dec("30.00"))
    );
    let reversed = line(
        &r,
        "adyen/SeamlineStoreUS/119/RefundedReversed/8816178914321001/8816178914329902",
    );
    assert_eq!(
        (reversed.kind, reversed.net),
        (SettlementKind::Adjustment, dec("5.00")),
        "a refund of a refund"
    );
    let why: Vec<(u64, String)> = r
        .rejected
        .iter()
        .map(|x| (x.at.line, x.error.to_string()))
        .collect();
    assert_eq!(why.len(), 2, "{why:?}");
    assert!(
        why[0].1.contains("more than one meaning"),
        "IST is refused unless configured: {why:?}"
    );
    assert!(why[1].1.contains("beyond the header"), "{why:?}");
    // Configured for its merchant account, the IST row is read at +05:30.
    let options = ReportOptions {
        time_zones: [("SeamlineStoreIN".to_string(), "+05:30".to_string())].into(),
        ..ReportOptions::default()
    };
    let configured = read(Processor::Adyen, &files, &options);
    let india = line(
        &configured,
        "adyen/SeamlineStoreIN/119/Settled/8816178914321004/8816178914321004",
    );
    assert_eq!(
        india.settled_at,
        Instant::parse("2026-11-22T03:30:00Z").unwrap()
    );
    // The refund repeated in batch 119 is its own line, so the tie-out sees the duplicate.
    let mut input = Input::default();
    input.add_report(&r);
    let report = reconcile(
        &input,
        &Config::new(Instant::parse("2026-11-26T00:00:00Z").unwrap()),
    )
    .unwrap();
    let reasons: Vec<ReasonCode> = report.exceptions.iter().map(|e| e.reason).collect();
    assert!(
        reasons.contains(&ReasonCode::DuplicateSettlement),
        "{reasons:?}"
    );
    // Unknown and rejected rows are in the queue with their file and line.
    let invalid: Vec<String> = report
        .exceptions
        .iter()
        .filter(|e| e.reason == ReasonCode::InvalidRow)
        .map(|e| e.key.label())
        .collect();
    assert!(
        invalid.contains(&"settlement batch_118.csv:9".to_string()),
        "{invalid:?}"
    );
    assert!(
        invalid.contains(&"settlement batch_119.csv:5".to_string()),
        "{invalid:?}"
    );
    assert!(report.rows.settlements.exceptions >= 3);
}

#[test]
fn a_cross_currency_line_ties_out_against_a_payment_in_the_charged_currency() {
    let r = read(
        Processor::Adyen,
        &[("batch_118.csv", ADYEN_118)],
        &ReportOptions::default(),
    );
    let report = tie_out(
        &r,
        card_order(
            "W2002",
            "GBP",
            "80.00",
            "adyen",
            "8816178914321002",
            "2026-11-20T10:00:00Z",
        ),
    );
    assert!(
        !report.exceptions.iter().any(|e| matches!(
            e.reason,
            ReasonCode::CurrencyMismatch | ReasonCode::AmountMismatch
        )),
        "{:?}",
        report
            .exceptions
            .iter()
            .map(|e| (e.reason, e.message.clone()))
            .collect::<Vec<_>>()
    );
}

#[test]
fn paypal_settlement_sections_t_codes_and_debit_credit_flags() {
    let r = read(
        Processor::Paypal,
        &[("STL-20261121.01.009.CSV", STL)],
        &ReportOptions::default(),
    );
    assert_eq!(r.files[0].layout, Layout::PaypalSettlement);
    assert_eq!(r.rows(), 10);
    let won = line(&r, "paypal/9CD12345EF6789012/T1202");
    assert_eq!(
        (won.kind, won.net, won.processor_reference.as_deref()),
        (
            SettlementKind::ChargebackReversal,
            dec("120.00"),
            Some("3J1947826E1234567")
        )
    );
    let sale = line(&r, "paypal/5TY05013RG002845M/T0006");
    assert_eq!(
        (
            sale.kind,
            sale.gross,
            sale.fee,
            sale.net,
            sale.merchant_reference.as_deref()
        ),
        (
            SettlementKind::Charge,
            Some(dec("50.00")),
            Some(dec("1.75")),
            dec("48.25"),
            Some("W3001")
        )
    );
    assert_eq!(
        sale.settled_at,
        Instant::parse("2026-11-21T18:00:05Z").unwrap()
    );
    let refund = line(&r, "paypal/8MC585209K746392H/T1107");
    assert_eq!(
        (
            refund.kind,
            refund.gross,
            refund.fee,
            refund.net,
            refund.processor_reference.as_deref()
        ),
        (
            SettlementKind::Refund,
            Some(dec("-10.00")),
            Some(dec("-0.30")),
            dec("-9.70"),
            Some("8MC585209K746392H")
        )
    );
    let chargeback = line(&r, "paypal/9AB12345CD6789012/T1201");
    assert_eq!(
        (
            chargeback.kind,
            chargeback.net,
            chargeback.processor_reference.as_deref()
        ),
        (
            SettlementKind::Chargeback,
            dec("-140.00"),
            Some("3J1947826E1234567")
        )
    );
    assert_eq!(
        line(&r, "paypal/6XY98765ZZ4321098/T0400").kind,
        SettlementKind::Payout
    );
    assert_eq!(
        line(&r, "paypal/7EU11111EE2222222/T0006").currency.code(),
        "EUR",
        "the second section"
    );
    assert_eq!(
        line(&r, "paypal/7EU33333EE4444444/T9999").kind,
        SettlementKind::Adjustment
    );
    assert_eq!(r.skipped.len(), 1, "the authorisation moves no money");
    assert_eq!(r.unknown[0].row_type, "X0001");
    assert_eq!(accounted(&r), r.rows());
}

#[test]
fn paypal_transaction_detail_skips_pending_and_denied_and_overlaps_the_settlement_report() {
    let r = read(
        Processor::Paypal,
        &[("TRR.CSV", TRR), ("STL.CSV", STL)],
        &ReportOptions::default(),
    );
    assert_eq!(
        r.files.iter().map(|f| f.layout).collect::<Vec<_>>(),
        [Layout::PaypalSettlement, Layout::PaypalTransactionDetail]
    );
    assert_eq!(r.skipped.len(), 3);
    assert_eq!(r.duplicates.len(), 1, "the sale is in both reports");
    assert_eq!(accounted(&r), r.rows());
}

#[test]
fn hostile_files_are_coded_errors_or_rows_never_panics() {
    for text in [
        "",
        "\u{feff}",
        "\"unterminated",
        "a,b\n\"x",
        "{",
        "[1,2]",
        "{\"data\": 3}",
        "\n\n\n",
    ] {
        for p in [Processor::Stripe, Processor::Adyen, Processor::Paypal] {
            let files = [ReportFile {
                name: "x",
                source: ReportSource::Bytes(text.as_bytes()),
            }];
            if let Ok(r) = read_report(p, &files, &ReportOptions::default()) {
                assert_eq!(accounted(&r), r.rows());
            }
        }
    }
    let big = format!(
        "id,amount,currency,created,type\nt1,{},usd,1,charge\n",
        "9".repeat(70_000)
    );
    let files = [ReportFile {
        name: "x",
        source: ReportSource::Bytes(big.as_bytes()),
    }];
    assert!(read_report(Processor::Stripe, &files, &ReportOptions::default()).is_err());
}

proptest! {
    /// A report split across files (each with its header), in any order,
    /// gives the same lines; every row is accounted for exactly once.
    #[test]
    fn splitting_and_ordering_files_never_changes_the_lines(cuts in proptest::collection::vec(1usize..8, 0..4), reverse in any::<bool>()) {
        for text in [ITEMIZED, ADYEN_118, PARTIAL] {
            let mut lines = text.lines();
            let header = lines.next().unwrap();
            let rows: Vec<&str> = lines.collect();
            let mut parts: Vec<String> = Vec::new();
            let mut start = 0;
            for c in &cuts {
                let end = (start + c).min(rows.len());
                parts.push(std::iter::once(header).chain(rows[start..end].iter().copied()).collect::<Vec<_>>().join("\n"));
                start = end;
            }
            parts.push(std::iter::once(header).chain(rows[start..].iter().copied()).collect::<Vec<_>>().join("\n"));
            let names: Vec<String> = (0..parts.len()).map(|i| format!("part{i}.csv")).collect();
            let mut files: Vec<(&str, &str)> = names.iter().map(String::as_str).zip(parts.iter().map(String::as_str)).collect();
            if reverse { files.reverse(); }
            let p = if text == ADYEN_118 { Processor::Adyen } else { Processor::Stripe };
            let whole = read(p, &[("whole.csv", text)], &ReportOptions::default());
            let split = read(p, &files, &ReportOptions::default());
            let mut a = whole.lines.clone();
            let mut b = split.lines.clone();
            a.sort_by(|x, y| x.id.cmp(&y.id));
            b.sort_by(|x, y| x.id.cmp(&y.id));
            prop_assert_eq!(a, b);
            prop_assert_eq!(accounted(&split), split.rows());
            prop_assert_eq!(split.rows(), whole.rows());
        }
    }
}

#[test]
fn rows_a_csv_reader_gave_keep_cells_beyond_the_header_apart() {
    // What Python's csv.DictReader gives for a row with an extra cell: the
    // binding hands the extra cells over under the empty name.
    let rows = serde_json::json!([
        {"Type": "Fee", "Net Currency": "EUR", "Net Debit (NC)": "5.00", "Net Credit (NC)": "",
         "Creation Date": "2026-11-23 03:00:00", "TimeZone": "CET", "": [""]},
        {"Type": "Fee", "Net Currency": "EUR", "Net Debit (NC)": "6.00", "Net Credit (NC)": "",
         "Creation Date": "2026-11-23 03:00:00", "TimeZone": "CET", "": ["surprise"]},
    ]);
    let files = [ReportFile {
        name: "rows",
        source: ReportSource::Records(&rows),
    }];
    let r = read_report(Processor::Adyen, &files, &ReportOptions::default()).unwrap();
    assert_eq!(r.lines.len(), 1, "an empty extra cell is dropped");
    assert_eq!(r.rejected[0].at.line, 2);
    assert!(r.rejected[0]
        .error
        .to_string()
        .contains("beyond the header"));
}

#[test]
fn fee_lines_count_in_the_summary() {
    let r = read(
        Processor::Adyen,
        &[("batch_118.csv", ADYEN_118)],
        &ReportOptions::default(),
    );
    let mut input = Input::default();
    input.add_report(&r);
    let report = reconcile(
        &input,
        &Config::new(Instant::parse("2026-11-26T00:00:00Z").unwrap()),
    )
    .unwrap();
    let usd = report
        .summary
        .iter()
        .find(|s| s.currency.code() == "USD")
        .unwrap();
    assert_eq!(usd.fee_lines, dec("3.50"));
    assert!(crate::reconciliation::summary_text(&report).contains("3.50 in fee lines"));
}

#[test]
fn error_paths_name_what_is_wrong() {
    // An itemized report with only local-time columns cannot place its rows.
    let local = "balance_transaction_id,available_on,currency,gross,fee,net,reporting_category\ntxn_1,2026-11-22 00:00:00,usd,1.00,0.00,1.00,charge\n";
    let files = [ReportFile {
        name: "local.csv",
        source: ReportSource::Bytes(local.as_bytes()),
    }];
    let e = read_report(Processor::Stripe, &files, &ReportOptions::default()).unwrap_err();
    assert!(e.to_string().contains("UTC"), "{e}");
    assert!(Layout::parse("stripe_itemised").is_err());
    assert_eq!(
        Layout::parse(" paypal_settlement ").unwrap(),
        Layout::PaypalSettlement
    );

    // PayPal: a body row before any column header, a signed amount, an
    // undocumented record type.
    let stl = concat!(
        "\"SB\",\"1\",\"T0006\"\n",
        "\"CH\",\"Transaction ID\",\"Transaction Event Code\",\"Transaction Debit or Credit\",\"Gross Transaction Amount\",\"Gross Transaction Currency\",\"Transaction Completion Date\"\n",
        "\"SB\",\"2\",\"T0006\",\"CR\",-100,\"USD\",2026/11/21 10:00:00 -0800\n",
        "\"ZZ\",\"what\"\n",
        "\"SB\",\"3\",\"T0006\",\"XX\",100,\"USD\",2026/11/21 10:00:00 -0800\n",
    );
    let r = read(
        Processor::Paypal,
        &[("STL.CSV", stl)],
        &ReportOptions::default(),
    );
    let codes: Vec<(u64, crate::ErrorCode)> = r
        .rejected
        .iter()
        .map(|x| (x.at.line, x.error.code()))
        .collect();
    assert_eq!(
        codes,
        [
            (1, crate::ErrorCode::InvalidArgument),
            (3, crate::ErrorCode::InvalidAmount),
            (5, crate::ErrorCode::InvalidArgument)
        ]
    );
    assert_eq!(
        (r.unknown[0].at.line, r.unknown[0].row_type.as_str()),
        (4, "record type ZZ")
    );
    assert_eq!(accounted(&r), r.rows());

    // Stripe API objects: a failed payout moved no money; a float amount is refused.
    let api = serde_json::json!([
        {"id": "po_1", "object": "payout", "amount": 500, "currency": "usd", "created": 1, "status": "failed"},
        {"id": "txn_1", "object": "balance_transaction", "type": "charge", "amount": 1.5, "fee": 0, "net": 1.5,
         "currency": "usd", "available_on": 1},
    ]);
    let files = [ReportFile {
        name: "api",
        source: ReportSource::Records(&api),
    }];
    let r = read_report(Processor::Stripe, &files, &ReportOptions::default()).unwrap();
    assert_eq!(r.skipped.len(), 1);
    assert_eq!(r.rejected[0].error.code(), crate::ErrorCode::InvalidType);
    assert!(r.lines.is_empty());
}

/// A fixture grown to `times` copies of its rows (Stripe and Adyen: under
/// one header; PayPal: whole files, so sections repeat), every copy a
/// repeat of the same keys, with `twist` applied: 1 CRLF line ends, 2 blank
/// lines, 3 a quoted cell holding line breaks and a fake PayPal column
/// header, 4 a stray quote inside an unquoted cell and quoted line breaks
/// after it.
fn grown(text: &str, paypal: bool, times: usize, twist: u8) -> String {
    let (head, body) = if paypal {
        ("", text)
    } else {
        text.split_once('\n').unwrap()
    };
    let mut rows: Vec<String> = Vec::new();
    for i in 0..times {
        for (j, row) in body.lines().enumerate() {
            rows.push(row.to_string());
            if (i + j) % 7 == 3 {
                match twist {
                    2 => rows.push(String::new()),
                    3 => rows.push("\"a cell\nCH,Transaction ID,Invoice ID\nlines\",x".into()),
                    4 => rows.push("odd 5\" screen,x".into()),
                    _ => {}
                }
            }
            if twist == 4 && (i + j) % 7 == 5 {
                // After a stray quote, quote parity puts a cut inside this cell.
                rows.push("\"a cell\nwith lines\",x".into());
            }
        }
    }
    let mut out = String::new();
    if !paypal {
        out.push_str(head);
        out.push('\n');
    }
    out.push_str(&rows.join("\n"));
    if twist == 1 {
        out = out.replace('\n', "\r\n");
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    /// Any thread count and any cut of a file give the report reading it
    /// from start to end gives: the same lines with the same numbered ids,
    /// and every other row in the same list at the same line.
    #[test]
    fn threads_and_cuts_never_change_the_report(
        which in 0usize..5,
        times in 1usize..12,
        twist in 0u8..5,
        threads in 2usize..6,
        min_part in 1usize..400,
        second in any::<bool>(),
    ) {
        let (processor, text, paypal) = [
            (Processor::Stripe, ITEMIZED, false),
            (Processor::Adyen, ADYEN_118, false),
            (Processor::Paypal, STL, true),
            (Processor::Paypal, TRR, true),
            (Processor::Stripe, PARTIAL, false),
        ][which];
        let big = grown(text, paypal, times, twist);
        let other = grown(text, paypal, 2, 0);
        let mut files = vec![ReportFile { name: "a.csv", source: ReportSource::Bytes(big.as_bytes()) }];
        if second {
            files.push(ReportFile { name: "b.csv", source: ReportSource::Bytes(other.as_bytes()) });
        }
        let one = read_report_in(processor, &files, &ReportOptions::default(), min_part);
        let many = ReportOptions { threads: Some(threads), ..ReportOptions::default() };
        let parts = read_report_in(processor, &files, &many, min_part);
        match (one, parts) {
            (Ok(one), Ok(parts)) => {
                prop_assert_eq!(accounted(&parts), parts.rows());
                prop_assert_eq!(one, parts);
            }
            (Err(a), Err(b)) => prop_assert_eq!(a, b),
            (a, b) => prop_assert!(false, "one thread {:?}, {} threads {:?}", a.map(|r| r.rows()), threads, b.map(|r| r.rows())),
        }
    }
}

#[test]
fn a_large_file_is_read_in_parts_and_repeated_keys_are_numbered_across_them() {
    for (processor, text, paypal) in [
        (Processor::Stripe, ITEMIZED, false),
        (Processor::Adyen, ADYEN_118, false),
        (Processor::Paypal, STL, true),
    ] {
        let big = grown(text, paypal, 40, 0);
        let file = ReportFile {
            name: "big.csv",
            source: ReportSource::Bytes(big.as_bytes()),
        };
        let options = ReportOptions::default();
        let zones = adyen::zones(&options.time_zones).unwrap();
        let read = |part: &Part<'_>| read_part(processor, &options, &zones, part);
        let (_, pieces) = parts::read_file(processor, &file, 3, big.len() / 4, &read).unwrap();
        assert_eq!(
            pieces.len(),
            3,
            "{processor:?}: cut in three, no second reading"
        );
        let one = read_report_in(processor, &[file], &options, usize::MAX).unwrap();
        let three = read_report_in(
            processor,
            &[file],
            &ReportOptions {
                threads: Some(3),
                ..options.clone()
            },
            big.len() / 4,
        )
        .unwrap();
        assert_eq!(one, three);
        // Forty copies of each key: the last numbered #40, wherever its row fell.
        assert!(
            three.lines.iter().any(|l| l.id.as_str().ends_with("#40")),
            "{processor:?}"
        );
    }
    let odd = ReportOptions {
        threads: Some(0),
        ..ReportOptions::default()
    };
    let file = ReportFile {
        name: "a.csv",
        source: ReportSource::Bytes(ITEMIZED.as_bytes()),
    };
    let e = read_report(Processor::Stripe, &[file], &odd).unwrap_err();
    assert!(e.to_string().contains("threads"), "{e}");
    let many = ReportOptions {
        threads: Some(MAX_THREADS + 1),
        ..ReportOptions::default()
    };
    let e = read_report(Processor::Stripe, &[file], &many).unwrap_err();
    assert!(e.to_string().contains("expected 1 to 64"), "{e}");
    let machine = ReportOptions::default().or_machine(std::num::NonZeroUsize::new(1000));
    assert_eq!(machine.threads, Some(MAX_THREADS));
}

#[test]
fn a_byte_count_matches_the_plain_count_across_its_blocks() {
    // Runs longer than a block (255) of the counted byte, and none.
    for text in [
        vec![b'\n'; 1_000],
        b"a\nb\"c\n".repeat(300),
        Vec::new(),
        vec![b'x'; 511],
    ] {
        for byte in [b'\n', b'"', b'x'] {
            let plain = text.iter().filter(|&&c| c == byte).count();
            assert_eq!(sheet::count(&text, byte), plain);
        }
    }
}

const PARTIAL: &str =
    include_str!("../../../../tests/fixtures/reports/stripe_balance_change_partial_capture.csv");

#[test]
fn a_partial_capture_reversal_is_counted_in_its_charge_so_the_captured_amount_ties_out() {
    let r = read(
        Processor::Stripe,
        &[("balance.csv", PARTIAL)],
        &ReportOptions::default(),
    );
    // Authorised 120.00, captured 100.00: the charge's line states 100.00.
    let charge = line(&r, "txn_3PcA");
    assert_eq!(
        (charge.kind, charge.gross, charge.fee, charge.net),
        (
            SettlementKind::Charge,
            Some(dec("100.00")),
            Some(dec("3.20")),
            dec("96.80")
        )
    );
    assert_eq!(r.skipped.len(), 1);
    assert_eq!(r.skipped[0].at.line, 3);
    assert!(
        r.skipped[0].reason.contains("counted in line txn_3PcA"),
        "{:?}",
        r.skipped
    );
    // A reversal whose charge is in no file of the call stays an
    // adjustment naming the charge.
    let alone = line(&r, "txn_3PcF");
    assert_eq!(
        (alone.kind, alone.processor_reference.as_deref(), alone.net),
        (SettlementKind::Adjustment, Some("ch_2ZzQ"), dec("-15.00"))
    );
    assert_eq!(accounted(&r), r.rows());
    // Read twice, in either order: the reversal is counted once.
    let twice = read(
        Processor::Stripe,
        &[("b.csv", PARTIAL), ("a.csv", PARTIAL)],
        &ReportOptions::default(),
    );
    assert_eq!(twice.lines, r.lines);
    assert_eq!(twice.duplicates.len(), 3);
    assert_eq!(accounted(&twice), twice.rows());
    let lines: Vec<u64> = twice.duplicates.iter().map(|d| d.at.line).collect();
    assert_eq!(lines, [1 + 1, 3, 4], "in file order, then line order");
    // The order's payment (the captured 100.00) ties out without a mismatch.
    let report = tie_out(
        &r,
        card_order(
            "W1003",
            "USD",
            "100.00",
            "stripe",
            "ch_3PcB",
            "2026-11-23T14:02:11Z",
        ),
    );
    assert!(
        report
            .matches
            .iter()
            .any(|m| m.kind == MatchKind::ChargeByProcessorReference),
        "{:?}",
        report.exceptions
    );
    assert!(
        !report
            .exceptions
            .iter()
            .any(|e| e.reason == ReasonCode::AmountMismatch),
        "{:?}",
        report.exceptions
    );
}

#[test]
fn a_partial_capture_reversal_as_an_api_object_is_counted_in_its_charge() {
    let objects = serde_json::json!({"object": "list", "data": [
        {"id": "txn_4A", "object": "balance_transaction", "type": "charge",
         "reporting_category": "charge", "amount": 12000, "fee": 320, "net": 11680,
         "currency": "usd", "created": 1_795_000_000, "available_on": 1_795_100_000,
         "source": "ch_4B"},
        {"id": "txn_4C", "object": "balance_transaction", "type": "adjustment",
         "reporting_category": "partial_capture_reversal", "amount": -2000, "fee": 0,
         "net": -2000, "currency": "usd", "created": 1_795_000_000,
         "available_on": 1_795_100_000,
         "source": {"id": "re_4D", "object": "refund", "charge": "ch_4B"}}
    ]});
    let files = [ReportFile {
        name: "api.json",
        source: ReportSource::Records(&objects),
    }];
    let r = read_report(Processor::Stripe, &files, &ReportOptions::default()).unwrap();
    assert_eq!(r.lines.len(), 1, "{:?}", r.lines);
    assert_eq!(
        (r.lines[0].gross, r.lines[0].net),
        (Some(dec("100.00")), dec("96.80"))
    );
    assert_eq!(r.skipped.len(), 1);
}

/// A table as a binding's container would hand it over: typed cells by
/// column (a column whose every cell is a float is a float column, as an
/// Arrow `double` is).
struct Typed(Vec<(&'static str, Vec<crate::input::Cell<'static>>)>);

impl crate::input::Columns for Typed {
    fn names(&self) -> Vec<String> {
        self.0.iter().map(|(n, _)| n.to_string()).collect()
    }
    fn column_len(&self, column: usize) -> usize {
        self.0[column].1.len()
    }
    fn with_cell<R>(
        &self,
        column: usize,
        row: usize,
        f: impl FnOnce(crate::input::Cell<'_>) -> R,
    ) -> R {
        f(self.0[column].1[row])
    }
    fn is_float(&self, column: usize) -> bool {
        let cells = &self.0[column].1;
        !cells.is_empty()
            && cells
                .iter()
                .all(|c| matches!(c, crate::input::Cell::Float(_)))
    }
}

/// A CSV fixture as a table of text columns (what a CSV reader told to keep
/// every column as text gives).
fn text_table(csv_text: &str) -> ReportTable {
    let mut reader = csv::ReaderBuilder::new().from_reader(csv_text.as_bytes());
    let names: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let mut cols: Vec<Vec<serde_json::Value>> = vec![Vec::new(); names.len()];
    for r in reader.records() {
        let r = r.unwrap();
        for (c, col) in cols.iter_mut().enumerate() {
            col.push(match r.get(c).unwrap_or("") {
                "" => serde_json::Value::Null,
                t => serde_json::Value::String(t.to_string()),
            });
        }
    }
    let columns = crate::input::JsonColumns::new(names.into_iter().zip(cols).collect());
    ReportTable::from_columns(&columns).unwrap()
}

#[test]
fn a_report_given_as_a_table_gives_the_lines_its_file_gives() {
    for (processor, text) in [
        (Processor::Stripe, ITEMIZED),
        (Processor::Stripe, BALANCE),
        (Processor::Stripe, PARTIAL),
        (Processor::Stripe, DASHBOARD),
    ] {
        let table = text_table(text);
        let files = [ReportFile {
            name: "t",
            source: ReportSource::Table(&table),
        }];
        let from_table = read_report(processor, &files, &ReportOptions::default()).unwrap();
        let from_bytes = read(processor, &[("t", text)], &ReportOptions::default());
        assert_eq!(from_table.lines, from_bytes.lines);
        assert_eq!(from_table.files[0].layout, from_bytes.files[0].layout);
        assert_eq!(from_table.rows(), from_bytes.rows());
        assert_eq!(accounted(&from_table), from_table.rows());
        // Rows are numbered by position in a table: line n is its nth row.
        let at =
            |r: &ProcessorReport| -> Vec<u64> { r.unknown.iter().map(|u| u.at.line).collect() };
        let shifted: Vec<u64> = at(&from_bytes).iter().map(|l| l - 1).collect();
        assert_eq!(at(&from_table), shifted);
    }
}

#[test]
fn a_tables_typed_cells_are_read_as_the_report_would_write_them() {
    use crate::input::Cell;
    let micros = Instant::parse("2026-11-22T00:00:00Z")
        .unwrap()
        .unix_micros();
    let typed = Typed(vec![
        (
            "balance_transaction_id",
            vec![
                Cell::Text("txn_1"),
                Cell::Text("txn_2"),
                Cell::Text("txn_3"),
                Cell::Text("txn_4"),
            ],
        ),
        ("reporting_category", vec![Cell::Text("charge"); 4]),
        ("currency", vec![Cell::Text("usd"); 4]),
        // decimal128(12, 2) keeps its digits; a float is refused as money.
        (
            "gross",
            vec![
                Cell::Decimal(dec("849.00")),
                Cell::Float(849.0),
                Cell::Int(5),
                Cell::Decimal(dec("1.00")),
            ],
        ),
        (
            "fee",
            vec![
                Cell::Decimal(dec("24.92")),
                Cell::Decimal(dec("0.00")),
                Cell::Missing,
                Cell::Missing,
            ],
        ),
        (
            "net",
            vec![
                Cell::Decimal(dec("824.08")),
                Cell::Decimal(dec("849.00")),
                Cell::Int(5),
                Cell::Decimal(dec("1.00")),
            ],
        ),
        // A zone-less timestamp is the report's wall clock (UTC for `_utc`);
        // a zoned one is that instant; a list is no cell.
        (
            "available_on_utc",
            vec![
                Cell::Micros {
                    micros,
                    zoned: false,
                },
                Cell::Micros {
                    micros,
                    zoned: true,
                },
                Cell::Micros {
                    micros: micros + 1_500_000,
                    zoned: false,
                },
                Cell::Other("list"),
            ],
        ),
        (
            "charge_id",
            vec![
                Cell::Text("ch_1"),
                Cell::Missing,
                Cell::BigInt("123456789012345678901234567890"),
                Cell::Missing,
            ],
        ),
    ]);
    let table = ReportTable::from_columns(&typed).unwrap();
    let files = [ReportFile {
        name: "typed",
        source: ReportSource::Table(&table),
    }];
    let r = read_report(Processor::Stripe, &files, &ReportOptions::default()).unwrap();
    assert_eq!(r.files[0].layout, Layout::StripeItemized);
    let first = line(&r, "txn_1");
    assert_eq!(
        (first.gross, first.net, first.settled_at),
        (
            Some(dec("849.00")),
            dec("824.08"),
            Instant::parse("2026-11-22T00:00:00Z").unwrap()
        )
    );
    let third = line(&r, "txn_3");
    assert_eq!(
        (
            third.gross,
            third.processor_reference.as_deref(),
            third.settled_at
        ),
        (
            Some(dec("5")),
            Some("123456789012345678901234567890"),
            Instant::parse("2026-11-22T00:00:01.5Z").unwrap()
        )
    );
    let refused: Vec<(u64, crate::ErrorCode)> = r
        .rejected
        .iter()
        .map(|x| (x.at.line, x.error.code()))
        .collect();
    assert_eq!(
        refused,
        [
            (2, crate::ErrorCode::InvalidType),
            (4, crate::ErrorCode::InvalidArgument)
        ],
        "{:?}",
        r.rejected
    );
    let why = r.rejected[1].error.to_string();
    assert!(
        why.contains("available_on_utc holds a value of type list"),
        "{why}"
    );
    // Columns of different lengths are one error before any row.
    let ragged = Typed(vec![("a", vec![Cell::Int(1)]), ("b", vec![])]);
    let e = ReportTable::from_columns(&ragged).unwrap_err();
    assert_eq!(e.code(), crate::ErrorCode::InvalidArgument);
}

#[test]
fn a_table_whose_money_column_is_floats_is_refused_whole_not_row_by_row() {
    use crate::input::Cell;
    let table = |gross: Vec<Cell<'static>>| {
        let n = gross.len();
        ReportTable::from_columns(&Typed(vec![
            (
                "balance_transaction_id",
                vec![Cell::Text("txn_1"), Cell::Text("txn_2")][..n].to_vec(),
            ),
            ("reporting_category", vec![Cell::Text("charge"); n]),
            ("currency", vec![Cell::Text("usd"); n]),
            ("gross", gross),
            ("net", vec![Cell::Text("1.00"); n]),
            (
                "available_on_utc",
                vec![Cell::Text("2026-11-22 00:00:00"); n],
            ),
            // A rate may be a float: it is not money.
            ("exchange_rate", vec![Cell::Float(1.1); n]),
        ]))
        .unwrap()
    };
    let floats = table(vec![Cell::Float(1.0), Cell::Float(2.5)]);
    let files = [ReportFile {
        name: "frame",
        source: ReportSource::Table(&floats),
    }];
    let e = read_report(Processor::Stripe, &files, &ReportOptions::default()).unwrap_err();
    assert_eq!(e.code(), crate::ErrorCode::InvalidType);
    assert!(e.to_string().contains("frame: gross"), "{e}");
    // Adyen's and PayPal's money columns alike.
    let adyen = ReportTable::from_columns(&Typed(vec![
        ("Type", vec![Cell::Text("Fee")]),
        ("Net Currency", vec![Cell::Text("EUR")]),
        ("Net Debit (NC)", vec![Cell::Float(5.0)]),
        ("Creation Date", vec![Cell::Text("2026-11-23 03:00:00")]),
        ("TimeZone", vec![Cell::Text("CET")]),
    ]))
    .unwrap();
    let files = [ReportFile {
        name: "adyen",
        source: ReportSource::Table(&adyen),
    }];
    let e = read_report(Processor::Adyen, &files, &ReportOptions::default()).unwrap_err();
    assert!(e.to_string().contains("adyen: Net Debit (NC)"), "{e}");
    let paypal = ReportTable::from_columns(&Typed(vec![
        ("Transaction ID", vec![Cell::Text("1")]),
        ("Transaction Event Code", vec![Cell::Text("T0006")]),
        ("Transaction Debit or Credit", vec![Cell::Text("CR")]),
        ("Gross Transaction Amount", vec![Cell::Float(100.0)]),
        ("Gross Transaction Currency", vec![Cell::Text("USD")]),
        (
            "Transaction Completion Date",
            vec![Cell::Text("2026/11/21 10:00:05 -0800")],
        ),
    ]))
    .unwrap();
    let files = [ReportFile {
        name: "paypal",
        source: ReportSource::Table(&paypal),
    }];
    let e = read_report(Processor::Paypal, &files, &ReportOptions::default()).unwrap_err();
    assert!(
        e.to_string().contains("paypal: Gross Transaction Amount"),
        "{e}"
    );
    // One float among exact cells is that row's error only.
    let mixed = table(vec![Cell::Text("1.00"), Cell::Float(2.5)]);
    let files = [ReportFile {
        name: "frame",
        source: ReportSource::Table(&mixed),
    }];
    let r = read_report(Processor::Stripe, &files, &ReportOptions::default()).unwrap();
    assert_eq!((r.lines.len(), r.rejected.len()), (1, 1));
}

fn any_cell() -> impl Strategy<Value = crate::input::Cell<'static>> {
    use crate::input::Cell;
    prop_oneof![
        Just(Cell::Missing),
        prop::sample::select(vec![
            "charge",
            "refund",
            "usd",
            "1.00",
            "-0.42",
            "txn_1",
            "",
            "2026-11-22 00:00:00",
            "9999-12-31T23:59:59+14:00",
            "ch_1",
            "payout",
            "partial_capture_reversal"
        ])
        .prop_map(Cell::Text),
        any::<i64>().prop_map(Cell::Int),
        Just(Cell::BigInt("99999999999999999999999999999999999999")),
        (any::<i64>(), 0u32..29).prop_map(|(m, s)| Cell::Decimal(Decimal::new(m, s))),
        prop_oneof![
            Just(f64::MIN_POSITIVE / 2.0),
            Just(f64::INFINITY),
            Just(-0.0),
            any::<f64>()
        ]
        .prop_map(Cell::Float),
        any::<bool>().prop_map(Cell::Bool),
        (any::<i64>(), any::<bool>()).prop_map(|(micros, zoned)| Cell::Micros { micros, zoned }),
        Just(Cell::BadTimestamp),
        Just(Cell::Other("dict")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    /// Any typed cells, however extreme (2^63, subnormal and infinite
    /// floats, year-9999 times, 28-digit decimals), give a report with
    /// every row accounted for, or one coded error: never a panic.
    #[test]
    fn any_table_reads_to_an_account_of_every_row_or_a_coded_error(
        rows in proptest::collection::vec(proptest::collection::vec(any_cell(), 7), 0..12),
        which in 0usize..3,
    ) {
        let names = [
            ["balance_transaction_id", "reporting_category", "currency", "gross", "fee", "net", "available_on_utc"],
            ["Type", "Net Currency", "Net Debit (NC)", "Net Credit (NC)", "Creation Date", "TimeZone", "Gross Currency"],
            ["Transaction ID", "Transaction Event Code", "Transaction Debit or Credit", "Gross Transaction Amount", "Gross Transaction Currency", "Transaction Completion Date", "Invoice ID"],
        ][which];
        let processor = [Processor::Stripe, Processor::Adyen, Processor::Paypal][which];
        let columns = Typed(
            names
                .iter()
                .enumerate()
                .map(|(c, n)| (*n, rows.iter().map(|r| r[c]).collect()))
                .collect(),
        );
        let table = ReportTable::from_columns(&columns).unwrap();
        let files = [ReportFile { name: "t", source: ReportSource::Table(&table) }];
        match read_report(processor, &files, &ReportOptions::default()) {
            Ok(r) => {
                prop_assert_eq!(accounted(&r), r.rows());
                prop_assert_eq!(r.rows(), rows.len() as u64);
            }
            Err(e) => prop_assert!(!e.code().as_str().is_empty()),
        }
    }
}
