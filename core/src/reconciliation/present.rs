//! The tie-out for people: the exception queue as CSV (one row per
//! exception, most urgent first) and a summary to read before the queue.

use super::exception::{Exception, Severity};
use super::summary::Buckets;
use super::tieout::Report;
use rust_decimal::Decimal;
use std::fmt::Write as _;

/// The columns of [`exceptions_csv`], in order.
pub const CSV_COLUMNS: [&str; 22] = [
    "id",
    "severity",
    "reason",
    "key_kind",
    "order_id",
    "key_id",
    "currency",
    "expected",
    "actual",
    "difference",
    "amount_at_risk",
    "since",
    "message",
    "suggestion",
    "references",
    // Each kind of record referenced in its own column (see REFERENCE_COLUMNS).
    "orders",
    "payments",
    "refunds",
    "returns",
    "order_skus",
    "settlements",
    "movements",
];

fn field(out: &mut String, text: &str) {
    if text.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(text);
    }
}

pub(super) fn amount(value: Option<Decimal>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

pub(super) fn severity(s: Severity) -> &'static str {
    match s {
        Severity::High => "high",
        Severity::Medium => "medium",
        Severity::Low => "low",
    }
}

fn kind(e: &Exception) -> String {
    serde_json::to_value(e.key.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The exception queue as RFC 4180 CSV with a header row, in the report's
/// order (most urgent first). Amounts are exact decimal text.
pub fn exceptions_csv(report: &Report) -> String {
    let mut out = CSV_COLUMNS.join(",");
    out.push_str("\r\n");
    for e in &report.exceptions {
        let suggestion = e
            .suggestion
            .as_ref()
            .map(|s| s.record.label())
            .or_else(|| {
                (!e.candidates.is_empty()).then(|| {
                    let listed: Vec<String> = e.candidates.iter().map(|c| c.label()).collect();
                    format!("one of: {}", listed.join("; "))
                })
            })
            .unwrap_or_default();
        let references: Vec<String> = e.references.iter().map(|r| r.label()).collect();
        let mut cells = vec![
            e.id.clone(),
            severity(e.severity).into(),
            e.reason.as_str().into(),
            kind(e),
            e.key.order_id.as_deref().unwrap_or("").into(),
            e.key.id.to_string(),
            e.currency.map(|c| c.code().to_string()).unwrap_or_default(),
            amount(e.expected),
            amount(e.actual),
            amount(e.difference),
            amount(e.amount_at_risk),
            e.since.to_rfc3339(),
            e.message.clone(),
            suggestion,
            references.join("; "),
        ];
        cells.extend(
            super::exception::REFERENCE_COLUMNS
                .iter()
                .map(|&(_, kind)| e.referenced(kind).join("; ")),
        );
        row(&mut out, &cells);
    }
    out
}

/// One CSV row of `cells`, ended by CRLF.
fn row(out: &mut String, cells: &[String]) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        field(out, cell);
    }
    out.push_str("\r\n");
}

/// What is pending, soonest due first (then by row and reason): the order
/// every listing of it uses.
pub fn pending_by_due(report: &Report) -> Vec<&super::exception::Pending> {
    let mut pending: Vec<_> = report.pending.iter().collect();
    pending.sort_by(|a, b| (a.due, &a.row, a.reason).cmp(&(b.due, &b.row, b.reason)));
    pending
}

/// The columns of [`pending_csv`], in order.
pub const PENDING_COLUMNS: [&str; 7] = [
    "row_kind", "order_id", "row_id", "reason", "due", "currency", "amount",
];

/// What is pending as RFC 4180 CSV with a header row, soonest due first
/// (then by row): what tomorrow's runs will look at.
pub fn pending_csv(report: &Report) -> String {
    let mut out = PENDING_COLUMNS.join(",");
    out.push_str("\r\n");
    for p in pending_by_due(report) {
        let cells = [
            super::exception::wire_name(p.row.kind),
            p.row.order_id.as_deref().unwrap_or("").into(),
            p.row.id.to_string(),
            super::exception::wire_name(p.reason),
            p.due.to_rfc3339(),
            p.currency.map(|c| c.code().to_string()).unwrap_or_default(),
            amount(p.amount),
        ];
        row(&mut out, &cells);
    }
    out
}

fn buckets(out: &mut String, name: &str, b: &Buckets) {
    let _ = writeln!(
        out,
        "  {name:<12} {:>9} matched {:>7} pending {:>7} exceptions",
        b.matched, b.pending, b.exceptions
    );
}

/// A plain-text summary a person reads before the queue: what is broken
/// first (every tie-out identity that does not hold, with its two sides),
/// then counts by severity, money per currency, where the rows landed and
/// the first items to work.
// The difference of two totals of a tie-out, each below 10^18.
#[allow(clippy::arithmetic_side_effects)]
pub fn summary_text(report: &Report) -> String {
    let mut out = String::new();
    let count = |s: Severity| report.exceptions.iter().filter(|e| e.severity == s).count();
    let _ = writeln!(out, "Tie-out as of {}", report.as_of);
    let mut broken = 0;
    for s in &report.summary {
        for i in s.broken() {
            broken += 1;
            let _ = writeln!(
                out,
                "BROKEN {} {}: {} ≠ {} (off by {})",
                s.currency,
                i.statement,
                i.left,
                i.right,
                i.left - i.right
            );
        }
    }
    if broken == 0 {
        let _ = writeln!(out, "Every identity holds, in every currency.");
    }
    let _ = writeln!(
        out,
        "{} exception(s): {} high, {} medium, {} low; {} pending; {} pairing(s) matched",
        report.exceptions.len(),
        count(Severity::High),
        count(Severity::Medium),
        count(Severity::Low),
        report.pending.len(),
        report.matches.len()
    );
    for s in &report.summary {
        let c = s.currency;
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{c}: {} order(s) owing {} ({} open, {} awaiting capture; {} cancelled)",
            s.orders, s.order_total, s.open_orders, s.awaiting_capture, s.cancelled_orders
        );
        let _ = writeln!(
            out,
            "  captured {} ({} by card or wallet): settled {} less differences {}, \
             in another currency {}, pending {}, missing {}",
            s.payments_captured,
            s.processor_captured,
            s.settled_gross,
            s.amount_differences,
            s.currency_mismatched,
            s.pending_settlement,
            s.missing_settlement
        );
        let _ = writeln!(
            out,
            "  refunds issued {} ({} by card or wallet): settled {} less differences {}, \
             in another currency {}, pending {}, missing {}",
            s.refunds_issued,
            s.processor_refunds,
            s.refunds_settled,
            s.refund_differences,
            s.refunds_currency_mismatched,
            s.refunds_pending,
            s.refunds_missing
        );
        let _ = writeln!(
            out,
            "  settlement lines: gross {}, fees reported {} and implied {}, net-only {}; net {}",
            s.settlement_gross, s.fees_reported, s.fees_implied, s.net_only, s.settlement_net
        );
        let _ = writeln!(
            out,
            "  fees: expected {}, charged {} on charges and {} in fee lines",
            s.expected_fees, s.actual_fees, s.fee_lines
        );
        let _ = writeln!(
            out,
            "  chargebacks {}, reversed {}; paid out {} against batches netting {}",
            s.chargebacks, s.chargeback_reversals, s.payouts, s.batch_net_paid_out
        );
        for i in &s.identities {
            let _ = writeln!(
                out,
                "  {:<6} {}: {} {} {}",
                if i.ok { "ok" } else { "BROKEN" },
                i.name,
                i.left,
                if i.ok { "=" } else { "≠" },
                i.right
            );
        }
        if s.exceptions > 0 {
            let reasons: Vec<String> = s
                .by_reason
                .iter()
                .map(|(r, n)| format!("{} {n}", r.as_str()))
                .collect();
            let _ = writeln!(
                out,
                "  at risk {} in {} exception(s): {}",
                s.amount_at_risk,
                s.exceptions,
                reasons.join(", ")
            );
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "Rows:");
    for (name, b) in report.rows.tables() {
        buckets(&mut out, name, b);
    }
    if !report.exceptions.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "Work first:");
        for e in report.exceptions.iter().take(5) {
            let _ = writeln!(out, "  [{}] {}", severity(e.severity), e.message);
        }
    }
    out
}
