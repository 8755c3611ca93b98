//! The tie-out as one self-contained HTML page a person opens first: what
//! is broken, the exceptions to work first with their evidence, charts of
//! the queue by reason and by age and of what is pending by due date, and
//! the books per currency. No script, no external file: it opens from a
//! mail attachment or a shared drive the same way. Every number on it is
//! the report's, marked with `data-` attributes so a test can read it back.

// Counts of exceptions and pending rows (bounded by the rows given) and
// chart geometry in pixels: small integers.
#![allow(clippy::arithmetic_side_effects)]

use super::exception::{Exception, ReasonCode, Severity};
use super::present::{amount, severity};
use super::summary::CurrencySummary;
use super::tieout::Report;
use crate::currency::Currency;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// How many exceptions the page lists in full (the CSV holds them all).
pub const TOP_EXCEPTIONS: usize = 25;

/// Age buckets of the queue, in days since each exception arose.
const AGES: [(&str, i64); 5] = [
    ("under 1 day", 1),
    ("1–3 days", 3),
    ("3–7 days", 7),
    ("7–30 days", 30),
    ("30 days or more", i64::MAX),
];

const MICROS_PER_DAY: i64 = 86_400_000_000;

/// Text made safe inside HTML elements and attribute values.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// One bar of a chart: its label, the value its length shows, and text beside it.
struct Bar {
    label: String,
    value: u64,
    note: String,
}

/// A horizontal bar chart as inline SVG; `name` is its `data-chart`.
fn chart(out: &mut String, name: &str, title: &str, bars: &[Bar]) {
    const ROW: usize = 22;
    const LABEL: usize = 240;
    const WIDTH: usize = 360;
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let height = ROW * bars.len().max(1) + 6;
    let _ = writeln!(out, "<figure><figcaption>{}</figcaption>", esc(title));
    let _ = writeln!(
        out,
        "<svg class=\"chart\" data-chart=\"{name}\" role=\"img\" aria-label=\"{}\" \
         width=\"{}\" height=\"{height}\" viewBox=\"0 0 {} {height}\">",
        esc(title),
        LABEL + WIDTH + 200,
        LABEL + WIDTH + 200
    );
    if bars.is_empty() {
        let _ = writeln!(out, "<text x=\"0\" y=\"16\">nothing</text>");
    }
    for (i, b) in bars.iter().enumerate() {
        let y = i * ROW + 3;
        // Proportional length, at least a sliver for any non-zero value.
        let len = ((b.value as u128 * WIDTH as u128) / u128::from(max)) as usize;
        let len = if b.value > 0 { len.max(2) } else { 0 };
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\
             <rect x=\"{LABEL}\" y=\"{y}\" width=\"{len}\" height=\"{}\" data-label=\"{}\" data-value=\"{}\"/>\
             <text x=\"{}\" y=\"{}\">{}</text>",
            LABEL - 6,
            y + 14,
            esc(&b.label),
            ROW - 6,
            esc(&b.label),
            b.value,
            LABEL + len + 6,
            y + 14,
            esc(&b.note)
        );
    }
    let _ = writeln!(out, "</svg></figure>");
}

/// A bar of `n` exceptions, noted with their amount at risk per currency.
fn exceptions_bar<'a>(label: &str, of: impl Iterator<Item = &'a Exception> + Clone) -> Bar {
    let n = of.clone().count() as u64;
    Bar {
        label: label.to_string(),
        value: n,
        note: match at_risk(of) {
            t if t.is_empty() => n.to_string(),
            t => format!("{n} · {t}"),
        },
    }
}

/// Amounts at risk per currency, as text (`"USD 12.50, EUR 3.00"`).
fn at_risk<'a>(exceptions: impl Iterator<Item = &'a Exception>) -> String {
    let mut sums: BTreeMap<Currency, Decimal> = BTreeMap::new();
    for e in exceptions {
        if let (Some(c), Some(a)) = (e.currency, e.amount_at_risk) {
            // Each below 10^18, fewer than 79 billion of them: the sum fits.
            *sums.entry(c).or_default() += a;
        }
    }
    sums.iter()
        .map(|(c, a)| format!("{c} {a}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn books(out: &mut String, s: &CurrencySummary) {
    let c = s.currency;
    let _ = writeln!(
        out,
        "<section class=\"books\" data-currency=\"{c}\"><h3>{c}</h3><table>"
    );
    let value = serde_json::to_value(s).unwrap_or_default();
    let rows: [(&str, &str); 27] = [
        ("orders", "orders"),
        ("open_orders", "open"),
        ("cancelled_orders", "cancelled"),
        ("order_total", "owed by orders"),
        ("awaiting_capture", "awaiting capture"),
        ("payments_captured", "captured, every tender"),
        ("processor_captured", "captured by card or wallet"),
        ("settled_gross", "settled gross"),
        ("amount_differences", "amount differences"),
        ("currency_mismatched", "settled in another currency"),
        ("pending_settlement", "pending settlement"),
        ("missing_settlement", "missing settlement"),
        ("refunds_issued", "refunds issued"),
        ("processor_refunds", "refunds to card or wallet"),
        ("refunds_settled", "refunds settled"),
        ("refunds_pending", "refunds pending"),
        ("refunds_missing", "refunds missing"),
        ("settlement_gross", "settlement gross"),
        ("fees_reported", "fees reported"),
        ("fees_implied", "fees implied"),
        ("net_only", "net-only lines"),
        ("settlement_net", "settlement net"),
        ("fee_lines", "fees in fee lines"),
        ("chargebacks", "chargebacks"),
        ("payouts", "paid out"),
        ("batch_net_paid_out", "net of the batches paid out"),
        ("amount_at_risk", "amount at risk"),
    ];
    for (field, name) in rows {
        let shown = match &value[field] {
            serde_json::Value::String(t) => t.clone(),
            other => other.to_string(),
        };
        let _ = writeln!(
            out,
            "<tr><th>{name}</th><td data-field=\"{field}\" data-currency=\"{c}\">{}</td></tr>",
            esc(&shown)
        );
    }
    let _ = writeln!(out, "</table><table class=\"identities\">");
    for i in &s.identities {
        let _ = writeln!(
            out,
            "<tr class=\"{}\" data-identity=\"{}\" data-currency=\"{c}\" data-ok=\"{}\">\
             <td>{}</td><td>{}</td><td data-side=\"left\">{}</td><td data-side=\"right\">{}</td></tr>",
            if i.ok { "ok" } else { "broken" },
            esc(&i.name),
            i.ok,
            if i.ok { "ok" } else { "BROKEN" },
            esc(&i.statement),
            i.left,
            i.right
        );
    }
    let _ = writeln!(out, "</table></section>");
}

fn rows_table(out: &mut String, report: &Report) {
    let _ = writeln!(
        out,
        "<table class=\"rows\"><tr><th>table</th><th>matched</th><th>pending</th><th>exceptions</th></tr>"
    );
    for (name, b) in report.rows.tables() {
        let _ = writeln!(
            out,
            "<tr data-table=\"{name}\"><th>{name}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
            b.matched, b.pending, b.exceptions
        );
    }
    let _ = writeln!(out, "</table>");
}

fn exception_row(out: &mut String, e: &Exception) {
    let refs: Vec<String> = e.references.iter().map(|r| esc(&r.label())).collect();
    let suggestion = e
        .suggestion
        .as_ref()
        .map(|s| {
            format!(
                "suggested: {} ({})",
                esc(&s.record.label()),
                esc(&s.evidence)
            )
        })
        .or_else(|| {
            (!e.candidates.is_empty()).then(|| {
                let listed: Vec<String> = e.candidates.iter().map(|c| esc(&c.label())).collect();
                format!("one of: {}", listed.join("; "))
            })
        })
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "<tr class=\"{sev}\" data-exception=\"{id}\"><td>{sev}</td><td>{reason}</td><td>{key}</td>\
         <td>{cur}</td><td>{exp}</td><td>{act}</td><td data-field=\"amount_at_risk\">{risk}</td>\
         <td>{since}</td><td>{msg}<div class=\"evidence\">{refs}{sep}{suggestion}</div></td></tr>",
        sev = severity(e.severity),
        id = esc(&e.id),
        reason = e.reason.as_str(),
        key = esc(&e.key.label()),
        cur = e.currency.map(|c| c.code().to_string()).unwrap_or_default(),
        exp = amount(e.expected),
        act = amount(e.actual),
        risk = amount(e.amount_at_risk),
        since = e.since.to_rfc3339(),
        msg = esc(&e.message),
        refs = refs.join("; "),
        sep = if suggestion.is_empty() { "" } else { " — " },
    );
}

const STYLE: &str = "body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222;max-width:1200px}\
h1{font-size:1.5em}h2{margin-top:1.6em;border-bottom:1px solid #ccc}\
table{border-collapse:collapse;margin:.5em 0}td,th{padding:3px 8px;border-bottom:1px solid #eee;text-align:left;vertical-align:top}\
td[data-field],td[data-side]{text-align:right;font-variant-numeric:tabular-nums}\
.broken td,.broken-line{color:#a00;font-weight:600}.ok td{color:#060}\
tr.high td:first-child{color:#a00;font-weight:600}tr.medium td:first-child{color:#a60}\
.evidence{color:#555;font-size:.9em}\
#exceptions table{width:100%}#exceptions td:nth-child(3){word-break:break-all;max-width:14em}\
#exceptions td:last-child{min-width:26em}#exceptions td:nth-child(8){white-space:nowrap}\
.charts{display:flex;flex-wrap:wrap;gap:2em}figure{margin:0}figcaption{font-weight:600}\
svg.chart rect{fill:#3b6ea5}svg.chart text{font-size:12px;fill:#333}\
.books{display:inline-block;vertical-align:top;margin-right:2em}";

/// The tie-out as a self-contained HTML page: what is broken first, then
/// the [`TOP_EXCEPTIONS`] most urgent exceptions with their evidence,
/// charts (the queue by reason and by age with the amount at risk, what is
/// pending by due date), the books and identities per currency, and where
/// every row landed. `title` heads it (the store's name, say).
pub fn report_html(report: &Report, title: &str) -> String {
    let mut out = String::with_capacity(16_384 + report.exceptions.len().min(TOP_EXCEPTIONS) * 512);
    let as_of = report.as_of.to_rfc3339();
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\">\
         <title>{} — tie-out as of {as_of}</title><style>{STYLE}</style></head>\
         <body data-as-of=\"{as_of}\">",
        esc(title)
    );
    let _ = writeln!(out, "<h1>{} — tie-out as of {as_of}</h1>", esc(title));

    // What is broken, first.
    let _ = writeln!(out, "<section id=\"broken\"><h2>What is broken</h2>");
    let broken: Vec<_> = report
        .summary
        .iter()
        .flat_map(|s| s.broken().map(move |i| (s.currency, i)))
        .collect();
    if broken.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"ok\" data-broken=\"0\">Every identity holds, in every currency.</p>"
        );
    } else {
        let _ = writeln!(out, "<ul data-broken=\"{}\">", broken.len());
        for (c, i) in &broken {
            // Each side a total of a tie-out, below 10^18: the difference fits.
            let _ = writeln!(
                out,
                "<li class=\"broken-line\">{c}: {} — {} ≠ {} (off by {})</li>",
                esc(&i.statement),
                i.left,
                i.right,
                i.left - i.right
            );
        }
        let _ = writeln!(out, "</ul>");
    }
    let count = |s: Severity| report.exceptions.iter().filter(|e| e.severity == s).count();
    let _ = writeln!(
        out,
        "<p data-exceptions=\"{}\" data-pending=\"{}\" data-matches=\"{}\">{} exception(s): {} high, {} medium, {} low; \
         {} pending; {} pairing(s) matched. At risk: {}.</p></section>",
        report.exceptions.len(),
        report.pending.len(),
        report.matches.len(),
        report.exceptions.len(),
        count(Severity::High),
        count(Severity::Medium),
        count(Severity::Low),
        report.pending.len(),
        report.matches.len(),
        match at_risk(report.exceptions.iter()) {
            t if t.is_empty() => "nothing".to_string(),
            t => esc(&t),
        }
    );

    // The exceptions to work first.
    let _ = writeln!(
        out,
        "<section id=\"exceptions\"><h2>Work first</h2><p>The {} most urgent of {} (the queue's CSV holds them all).</p>\
         <table><tr><th>severity</th><th>reason</th><th>record</th><th>currency</th><th>expected</th>\
         <th>actual</th><th>at risk</th><th>since</th><th>what and evidence</th></tr>",
        report.exceptions.len().min(TOP_EXCEPTIONS),
        report.exceptions.len()
    );
    for e in report.exceptions.iter().take(TOP_EXCEPTIONS) {
        exception_row(&mut out, e);
    }
    let _ = writeln!(out, "</table></section>");

    // Charts.
    let _ = writeln!(
        out,
        "<section id=\"charts\"><h2>The queue</h2><div class=\"charts\">"
    );
    let by_reason: Vec<Bar> = ReasonCode::ALL
        .iter()
        .map(|&r| {
            exceptions_bar(
                r.as_str(),
                report.exceptions.iter().filter(move |e| e.reason == r),
            )
        })
        .filter(|bar| bar.value > 0)
        .collect();
    chart(
        &mut out,
        "by-reason",
        "Exceptions by reason (count · amount at risk)",
        &by_reason,
    );
    let as_of_micros = report.as_of.unix_micros();
    let age_of = |e: &Exception| {
        (as_of_micros.saturating_sub(e.since.unix_micros())).max(0) / MICROS_PER_DAY
    };
    let mut from = 0;
    let by_age: Vec<Bar> = AGES
        .iter()
        .map(|&(label, below)| {
            let lo = from;
            from = below;
            let of = report.exceptions.iter().filter(move |e| {
                let age = age_of(e);
                age >= lo && age < below
            });
            exceptions_bar(label, of)
        })
        .collect();
    chart(
        &mut out,
        "by-age",
        "Exceptions by age (count · amount at risk)",
        &by_age,
    );
    let mut due: BTreeMap<String, (u64, BTreeMap<Currency, Decimal>)> = BTreeMap::new();
    for p in &report.pending {
        let day = p.due.to_rfc3339().chars().take(10).collect::<String>();
        let entry = due.entry(day).or_default();
        entry.0 += 1;
        if let (Some(c), Some(a)) = (p.currency, p.amount) {
            // Amounts below 10^18, fewer than 79 billion of them.
            *entry.1.entry(c).or_default() += a;
        }
    }
    let by_due: Vec<Bar> = due
        .into_iter()
        .map(|(day, (n, sums))| {
            let money: Vec<String> = sums.iter().map(|(c, a)| format!("{c} {a}")).collect();
            Bar {
                label: day,
                value: n,
                note: if money.is_empty() {
                    n.to_string()
                } else {
                    format!("{n} · {}", money.join(", "))
                },
            }
        })
        .collect();
    chart(
        &mut out,
        "pending-by-due",
        "Pending by due date (count · amount)",
        &by_due,
    );
    let _ = writeln!(out, "</div></section>");

    // The books.
    let _ = writeln!(out, "<section id=\"books\"><h2>The books</h2>");
    for s in &report.summary {
        books(&mut out, s);
    }
    let _ = writeln!(
        out,
        "</section><section id=\"rows\"><h2>Where every row landed</h2>"
    );
    rows_table(&mut out, report);
    let _ = writeln!(out, "</section></body></html>");
    out
}
