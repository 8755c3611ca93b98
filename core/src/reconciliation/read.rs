//! The tie-out's tables, declared once and read the same way from records
//! (nested JSON orders) and from columns (lists, pandas, Arrow): the same
//! rows give the same orders, the same unread rows with the same ids and
//! reasons, and so the same exception queue, whichever way they came.

use super::exception::{from_wire_name, RowKind};
use super::input::{
    Assembler, FulfilledLine, Input, Movement, MovementKind, OrderHeader, Payment, PaymentMethod,
    Refund, ReturnRecord, SettlementKind, SettlementLine, UnreadRow,
};
use crate::currency::Currency;
use crate::error::Error;
use crate::ids::{ChannelId, CustomerId, LocationId, OrderId, ProcessorId, RecordId, Sku};
use crate::input::{
    Choices, Columns, Extras, Field, FieldKind::*, Fields, Header, Json, JsonRecord, KeyCache,
    RowRead, RowStream, TableSchema,
};

/// The `order_id` field's place: first in orders and in every child table.
const ORDER_ID: usize = 0;

const METHODS: Choices = Choices {
    name: "PaymentMethod",
    doc: "How a payment or refund was tendered.",
    names: &["card", "wallet", "cash", "gift_card", "store_credit"],
};
const ORDER_STATUSES: Choices = Choices {
    name: "ReconOrderStatus",
    doc: "Where an order stands: `fulfilled` (the default) must be paid in full; `open` may fall short until its capture window ends; `cancelled` owes nothing, so what was captured less what was refunded must be 0.",
    names: &["open", "fulfilled", "cancelled"],
};
const SETTLEMENT_KINDS: Choices = Choices {
    name: "SettlementKind",
    doc: "What a settlement line records.",
    names: &[
        "charge",
        "refund",
        "chargeback",
        "chargeback_reversal",
        "fee",
        "adjustment",
        "payout",
    ],
};
const MOVEMENT_KINDS: Choices = Choices {
    name: "MovementKind",
    doc: "What a stock movement records.",
    names: &[
        "sale",
        "return_restock",
        "receipt",
        "adjustment",
        "count",
        "transfer",
    ],
};

const CHILDREN: &[&TableSchema] = &[&PAYMENTS, &FULFILMENTS, &RETURNS, &REFUNDS];

/// Orders: one row per order (in record form, with its children nested).
pub static ORDERS: TableSchema = TableSchema {
    name: "orders",
    record: "ReconOrder",
    doc: "An order as the tie-out reads it, with its payments, fulfilled lines, returns and refunds nested.",
    fields: &[
        Field::required("order_id", Text),
        Field::required("channel", Text),
        Field::required("currency", Text),
        Field::required("total", Amount).doc("What the payments must add up to (see `status`)."),
        Field::required("placed_at", Instant),
        Field::optional("customer", Text)
            .aka(&["customer_id"])
            .personal(),
        Field::optional("status", Choice(&ORDER_STATUSES))
            .aka(&["order_status"])
            .doc("Where the order stands: `fulfilled` (the default) must be paid in full; `open` may fall short until its capture window ends; `cancelled` owes nothing, so what was captured less what was refunded must be 0."),
    ],
    children: CHILDREN,
};

/// Payments, each naming its order.
pub static PAYMENTS: TableSchema = TableSchema {
    name: "payments",
    record: "Payment",
    doc: "A payment taken for an order.",
    fields: &[
        Field::required("order_id", Text),
        Field::required("payment_id", Text),
        Field::required("method", Choice(&METHODS)),
        Field::optional("processor", Text)
            .doc("Card and wallet: the processor, lower case as its report names it."),
        Field::optional("processor_reference", Text),
        Field::required("amount", Amount),
        Field::required("captured_at", Instant),
    ],
    children: &[],
};

/// Fulfilled lines, each naming its order.
pub static FULFILMENTS: TableSchema = TableSchema {
    name: "fulfilments",
    record: "FulfilledLine",
    doc: "A line of an order handed over or shipped.",
    fields: &[
        Field::required("order_id", Text),
        Field::required("line_id", Text),
        Field::required("sku", Text),
        Field::required("quantity", Integer),
        Field::required("location", Text),
        Field::required("fulfilled_at", Instant),
    ],
    children: &[],
};

/// Returns, each naming its order.
pub static RETURNS: TableSchema = TableSchema {
    name: "returns",
    record: "ReturnRecord",
    doc: "Goods of an order brought back.",
    fields: &[
        Field::required("order_id", Text),
        Field::required("return_id", Text),
        Field::required("line_id", Text),
        Field::required("sku", Text),
        Field::required("quantity", Integer),
        Field::required("restock", Flag).doc("Whether the goods go back to sellable stock."),
        Field::required("location", Text),
        Field::required("received_at", Instant),
    ],
    children: &[],
};

/// Refunds, each naming its order.
pub static REFUNDS: TableSchema = TableSchema {
    name: "refunds",
    record: "Refund",
    doc: "Money given back for an order.",
    fields: &[
        Field::required("order_id", Text),
        Field::required("refund_id", Text),
        Field::optional("return_id", Text)
            .doc("The return it credits; none for a goodwill refund."),
        Field::required("method", Choice(&METHODS)),
        Field::optional("processor", Text),
        Field::optional("processor_reference", Text),
        Field::required("amount", Amount),
        Field::required("issued_at", Instant),
    ],
    children: &[],
};

/// Settlement lines as core reads them (see the processor adapters for
/// the processors' own reports).
pub static SETTLEMENTS: TableSchema = TableSchema {
    name: "settlements",
    record: "SettlementLine",
    doc: "A line of a processor's settlement report, signed from the merchant's balance: refunds, chargebacks and payouts are negative.",
    fields: &[
        Field::required("id", Text).aka(&["settlement_id"]),
        Field::required("kind", Choice(&SETTLEMENT_KINDS)),
        Field::required("processor", Text),
        Field::optional("processor_reference", Text),
        Field::optional("merchant_reference", Text),
        Field::optional("gross", Amount).doc("Absent when the processor reports only net."),
        Field::optional("fee", Amount)
            .doc("Absent when the processor reports only net (never read as 0)."),
        Field::required("net", Amount),
        Field::required("currency", Text),
        Field::required("settled_at", Instant),
        Field::optional("batch_id", Text),
        Field::optional("original_gross", Amount)
            .doc("Settled in another currency: the gross as charged, in `original_currency`."),
        Field::optional("original_currency", Text),
        Field::optional("exchange_rate", Amount)
            .doc("The processor's exchange rate, where stated (evidence)."),
    ],
    children: &[],
};

/// Stock movements.
pub static MOVEMENTS: TableSchema = TableSchema {
    name: "movements",
    record: "Movement",
    doc: "A stock movement, naming the order or return it belongs to.",
    fields: &[
        Field::required("id", Text).aka(&["movement_id"]),
        Field::required("sku", Text),
        Field::required("location", Text),
        Field::required("delta", Integer),
        Field::required("kind", Choice(&MOVEMENT_KINDS)),
        Field::optional("order_reference", Text),
        Field::optional("return_reference", Text),
        Field::required("occurred_at", Instant),
    ],
    children: &[],
};

/// Every table the tie-out reads, in the order its unread rows are listed.
pub static TABLES: [&TableSchema; 7] = [
    &ORDERS,
    &PAYMENTS,
    &FULFILMENTS,
    &RETURNS,
    &REFUNDS,
    &SETTLEMENTS,
    &MOVEMENTS,
];

/// The tie-out's tables in column form; a table not given is empty.
pub struct ColumnTables<'a, C> {
    /// Orders.
    pub orders: Option<&'a C>,
    /// Payments.
    pub payments: Option<&'a C>,
    /// Fulfilled lines.
    pub fulfilments: Option<&'a C>,
    /// Returns.
    pub returns: Option<&'a C>,
    /// Refunds.
    pub refunds: Option<&'a C>,
    /// Settlement lines.
    pub settlements: Option<&'a C>,
    /// Stock movements.
    pub movements: Option<&'a C>,
}

impl<'a, C> ColumnTables<'a, C> {
    /// The tables given in [`TABLES`] order (a binding reading each table
    /// by its declared name); a slot past the slice, or `None`, is not given.
    pub fn in_order(tables: &'a [Option<C>]) -> ColumnTables<'a, C> {
        let at = |i: usize| tables.get(i).and_then(Option::as_ref);
        ColumnTables {
            orders: at(0),
            payments: at(1),
            fulfilments: at(2),
            returns: at(3),
            refunds: at(4),
            settlements: at(5),
            movements: at(6),
        }
    }
}

/// The tables a caller names (`("payments", table)`, in any order) in
/// [`TABLES`] order, for [`ColumnTables::in_order`]. A name that is no table
/// (a typo: `payment`) is an error listing the tables, and a table named
/// twice is one, so nothing given is silently left out; with
/// `orders_required`, so is a day without its orders. Errors name
/// `{field}.{name}`.
pub fn tables_by_name<C>(
    given: impl IntoIterator<Item = (String, C)>,
    field: &str,
    orders_required: bool,
) -> Result<Vec<Option<C>>, Error> {
    place(&TABLES, given, field, orders_required)
}

/// The tables of the record form ([`read_records`]): each order carries its
/// payments, fulfilments, returns and refunds.
pub static RECORD_TABLES: [&TableSchema; 3] = [&ORDERS, &SETTLEMENTS, &MOVEMENTS];

/// [`tables_by_name`] for the record form's tables ([`RECORD_TABLES`]
/// order): a name that is no such table (`settlement`, or `payments`,
/// which the record form nests in its orders) is refused listing them.
pub fn record_tables_by_name<C>(
    given: impl IntoIterator<Item = (String, C)>,
    field: &str,
) -> Result<Vec<Option<C>>, Error> {
    place(&RECORD_TABLES, given, field, false)
}

fn place<C>(
    tables: &[&TableSchema],
    given: impl IntoIterator<Item = (String, C)>,
    field: &str,
    orders_required: bool,
) -> Result<Vec<Option<C>>, Error> {
    let mut placed: Vec<Option<C>> = tables.iter().map(|_| None).collect();
    for (name, table) in given {
        let Some(t) = tables.iter().position(|s| s.name == name) else {
            let tables: Vec<&str> = tables.iter().map(|s| s.name).collect();
            return Err(Error::invalid_argument(
                field,
                crate::input::shown(&name, false),
                format!("not a table; the tables are {}", tables.join(", ")),
            ));
        };
        if placed[t].replace(table).is_some() {
            return Err(Error::invalid_argument(
                format!("{field}.{name}"),
                "(given twice)",
                "a table is given once",
            ));
        }
    }
    if orders_required && placed[0].is_none() {
        return Err(Error::invalid_argument(
            format!("{field}.{}", ORDERS.name),
            "(missing)",
            "the orders table is required",
        ));
    }
    Ok(placed)
}

impl<C> Default for ColumnTables<'_, C> {
    fn default() -> Self {
        ColumnTables {
            orders: None,
            payments: None,
            fulfilments: None,
            returns: None,
            refunds: None,
            settlements: None,
            movements: None,
        }
    }
}

/// Reads the tables: every header first (a missing required column, an
/// unknown one unless `extras` ignores it, or a column of floats for money
/// fails the call before any row is read), then every row; a row that
/// cannot be read becomes an [`UnreadRow`] naming its field.
pub fn read_columns<C: Columns>(
    tables: &ColumnTables<'_, C>,
    extras: Extras,
) -> Result<Input, Error> {
    let headers = resolve(tables, extras)?;
    let rows = |t: usize| headers[t].as_ref().map_or(0, |(h, _)| h.rows());
    let mut r = Reader::new(rows(0), rows(5), rows(6));
    r.orders(&headers);
    r.children(&headers);
    r.settlements(&headers);
    r.movements(&headers);
    Ok(r.finish())
}

/// The threads a tie-out call reads and ties out on ([`read_columns_on`],
/// [`read_streams_on`], [`reconcile_on`](super::reconcile_on)): `requested`
/// when given, else every core the process may run on (`available`, what
/// `std::thread::available_parallelism` reports; 1 if unknown). Zero is
/// `INVALID_ARGUMENT`. Only speed depends on it: the result is the same
/// whatever the count.
pub fn thread_count(
    requested: Option<usize>,
    available: Option<std::num::NonZeroUsize>,
) -> Result<usize, Error> {
    match requested {
        Some(0) => Err(Error::invalid_argument("threads", 0, "must be at least 1")),
        Some(n) => Ok(n),
        None => Ok(available.map_or(1, std::num::NonZeroUsize::get)),
    }
}

/// [`read_columns`] on up to `threads` threads (two are used): settlement
/// lines are read beside the orders, then movements beside the orders'
/// payments, fulfilments, returns and refunds. The input is the same,
/// value for value and in the same order, whatever the thread count: each
/// table is still read by one thread, row by row, and unread rows are
/// listed table by table at the end.
pub fn read_columns_on<C: Columns + Sync>(
    tables: &ColumnTables<'_, C>,
    extras: Extras,
    threads: usize,
) -> Result<Input, Error> {
    if threads < 2 {
        return read_columns(tables, extras);
    }
    let headers = resolve(tables, extras)?;
    let rows = |t: usize| headers[t].as_ref().map_or(0, |(h, _)| h.rows());
    let mut orders = Reader::new(rows(0), 0, 0);
    let lines = Reader::new(0, rows(5), rows(6));
    let headers = &headers;
    let lines = beside(
        &mut orders,
        lines,
        [
            Box::new(|r: &mut Reader| {
                r.orders(headers);
                Ok(())
            }),
            Box::new(|r: &mut Reader| {
                r.children(headers);
                Ok(())
            }),
        ],
        [
            Box::new(|r: &mut Reader| {
                r.settlements(headers);
                Ok(())
            }),
            Box::new(|r: &mut Reader| {
                r.movements(headers);
                Ok(())
            }),
        ],
    )?;
    Ok(orders.finish_with(lines))
}

/// One step of a read on one side: a table or tables into the reader.
type Step<'a> = Box<dyn FnOnce(&mut Reader) -> Result<(), Error> + Send + 'a>;

/// Reads on two threads: the orders' side (`orders`: the orders, then
/// their children) here, the lines' side (`lines`: settlement lines, then
/// movements) beside it; between the two steps the lines' reader is given
/// the orders' index, so movements share their orders' ids. A step's error
/// does not stop the other side; the first in table order is returned
/// (orders, children, settlement lines, movements), as one thread reading
/// the tables in that order would.
fn beside<'a>(
    orders: &mut Reader,
    mut lines: Reader,
    [orders_first, orders_then]: [Step<'a>; 2],
    [lines_first, lines_then]: [Step<'a>; 2],
) -> Result<Reader, Error> {
    let join = |h: std::thread::ScopedJoinHandle<'_, (Reader, Result<(), Error>)>| {
        h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))
    };
    let results = std::thread::scope(|s| {
        let side = s.spawn(move || {
            let read = lines_first(&mut lines);
            (lines, read)
        });
        let first = orders_first(orders);
        let (mut lines, settled) = join(side);
        // Every order is in: movements find theirs through a shared index.
        lines.a = orders.a.lookup();
        let side = s.spawn(move || {
            let read = lines_then(&mut lines);
            (lines, read)
        });
        let then = orders_then(orders);
        let (lines, moved) = join(side);
        (lines, [first, then, settled, moved])
    });
    let (lines, steps) = results;
    for step in steps {
        step?;
    }
    Ok(lines)
}

/// Reads tables streamed from files (see [`RowStream`]), given in [`TABLES`]
/// order (`None`, or a slot past the end, is a table not given): every
/// header first, then every row as it comes, on up to `threads` threads as
/// [`read_columns_on`] does — the input is the same whatever the count. A
/// malformed file fails the call with its error: that of the first such
/// table in [`TABLES`] order, whatever the thread count.
pub fn read_streams_on<S: RowStream + Send>(
    streams: Vec<Option<S>>,
    extras: Extras,
    threads: usize,
) -> Result<Input, Error> {
    let mut streams: Vec<Option<S>> = streams
        .into_iter()
        .chain(std::iter::repeat_with(|| None))
        .take(7)
        .collect();
    let mut headers = Vec::with_capacity(7);
    for (schema, stream) in TABLES.iter().zip(&streams) {
        headers.push(match stream {
            Some(s) => Some(Header::resolve_names(schema, s.names(), extras)?),
            None => None,
        });
    }
    let headers = &headers;
    let mut orders = Reader::new(0, 0, 0);
    if threads < 2 {
        for (t, stream) in streams.iter_mut().enumerate() {
            stream_into(&mut orders, t, headers, stream)?;
        }
        return Ok(orders.finish());
    }
    let mut movements = streams.pop().flatten();
    let mut settlements = streams.pop().flatten();
    let mut rest = streams.into_iter();
    let mut first = rest.next().flatten();
    let children: Vec<Option<S>> = rest.collect();
    let lines = beside(
        &mut orders,
        Reader::new(0, 0, 0),
        [
            Box::new(move |r: &mut Reader| stream_into(r, 0, headers, &mut first)),
            Box::new(move |r: &mut Reader| {
                for (t, mut stream) in (1..).zip(children) {
                    stream_into(r, t, headers, &mut stream)?;
                }
                Ok(())
            }),
        ],
        [
            Box::new(move |r: &mut Reader| stream_into(r, 5, headers, &mut settlements)),
            Box::new(move |r: &mut Reader| stream_into(r, 6, headers, &mut movements)),
        ],
    )?;
    Ok(orders.finish_with(lines))
}

/// Reads table `t` into `r` if it was given.
fn stream_into<S: RowStream>(
    r: &mut Reader,
    t: usize,
    headers: &[Option<Header>],
    stream: &mut Option<S>,
) -> Result<(), Error> {
    match (stream, &headers[t]) {
        (Some(s), Some(h)) => stream_table(r, t, h, s),
        _ => Ok(()),
    }
}

/// Reads every row of streamed table `t` into `r`, numbering rows from 0.
fn stream_table<S: RowStream>(
    r: &mut Reader,
    t: usize,
    header: &Header,
    stream: &mut S,
) -> Result<(), Error> {
    let mut row = 0usize;
    stream.each_row(&mut |cells| {
        let fields = header.stream_row(cells);
        match t {
            0 => r.order(row, &fields),
            1 => r.payment(row, &fields, None),
            2 => r.fulfilment(row, &fields, None),
            3 => r.return_record(row, &fields, None),
            4 => r.refund(row, &fields, None),
            5 => r.settlement(row, &fields),
            _ => r.movement(row, &fields),
        }
        row = row.saturating_add(1);
    })
}

/// Every table's header, resolved before any row is read.
type Headers<'a, C> = Vec<Option<(Header, &'a C)>>;

fn resolve<'a, C: Columns>(
    tables: &ColumnTables<'a, C>,
    extras: Extras,
) -> Result<Headers<'a, C>, Error> {
    let given = [
        tables.orders,
        tables.payments,
        tables.fulfilments,
        tables.returns,
        tables.refunds,
        tables.settlements,
        tables.movements,
    ];
    let mut headers = Vec::with_capacity(7);
    for (schema, table) in TABLES.iter().zip(given) {
        headers.push(match table {
            Some(t) => Some((Header::resolve(schema, t, extras)?, t)),
            None => None,
        });
    }
    Ok(headers)
}

/// Calls `f` with each row of table `t`, if it was given.
fn each<C: Columns>(headers: &Headers<'_, C>, t: usize, mut f: impl FnMut(&Header, &C, usize)) {
    if let Some((h, c)) = &headers[t] {
        for row in 0..h.rows() {
            f(h, c, row);
        }
    }
}

/// Reads records: orders with their payments, fulfilments, returns and
/// refunds nested (a nested row's `order_id` is its order's), settlement
/// lines and movements. Nested rows are numbered in their own table in the
/// order they come, as the same rows flattened into columns would be. A
/// record that is not an object, holds an unknown key (unless `extras`
/// ignores it) or a bad field becomes an [`UnreadRow`]; nothing fails the
/// call. A record a binding could not even convert (nested too deep) comes
/// as its error, and is unread with it.
pub fn read_records<V: Json>(
    orders: &[Result<V, Error>],
    settlements: &[Result<V, Error>],
    movements: &[Result<V, Error>],
    extras: Extras,
) -> Input {
    let mut r =
        RecordReader::with_capacity(orders.len(), settlements.len(), movements.len(), extras);
    for value in orders {
        r.order(value.as_ref().map_err(Error::clone));
    }
    for value in settlements {
        r.settlement(value.as_ref().map_err(Error::clone));
    }
    for value in movements {
        r.movement(value.as_ref().map_err(Error::clone));
    }
    r.finish()
}

/// [`read_records`] one record at a time, for a binding that streams them
/// (Node reads a few thousand records of JSON text at a time): every order
/// first, then settlement lines, then movements.
pub struct RecordReader {
    r: Reader,
    extras: Extras,
    /// Rows read so far: orders, settlements, movements.
    rows: [usize; 3],
    /// Nested rows read so far: payments, fulfilments, returns, refunds.
    next: [usize; 4],
    /// What each table's record keys named.
    keys: [KeyCache; 7],
}

impl RecordReader {
    /// A reader for about the given numbers of records.
    pub fn with_capacity(
        orders: usize,
        settlements: usize,
        movements: usize,
        extras: Extras,
    ) -> RecordReader {
        RecordReader {
            r: Reader::new(orders, settlements, movements),
            extras,
            rows: [0; 3],
            next: [0; 4],
            keys: Default::default(),
        }
    }

    /// The next order record, with its nested children.
    #[allow(
        clippy::arithmetic_side_effects,
        reason = "row counters and table indexes: one per row read (bounded by the rows given) and c < 6 of 7 tables"
    )]
    pub fn order<V: Json>(&mut self, value: Result<&V, Error>) {
        let i = self.rows[0];
        self.rows[0] += 1;
        let r = &mut self.r;
        let path = || format!("orders[{i}]");
        let v = match value {
            Ok(v) => v,
            Err(e) => return r.unread_order::<V>(i, None, e),
        };
        let record = match JsonRecord::read_with(&ORDERS, v, &path, self.extras, &mut self.keys[0])
        {
            Ok(record) => record,
            Err(e) => return r.unread_order(i, Some(v), e),
        };
        r.order(i, &record);
        let order = record_text(&record, ORDER_ID);
        for (c, schema) in ORDERS.children.iter().enumerate() {
            let children = match record.children(c, &|| format!("orders[{i}].{}", schema.name)) {
                Ok(children) => children,
                Err(e) => {
                    let u = r.unread_row(KINDS[c + 1], order.clone(), None, self.next[c], &e);
                    r.unread[c + 1].push((self.next[c], u));
                    continue;
                }
            };
            for child in children {
                let row = self.next[c];
                self.next[c] += 1;
                let path = || format!("{}[{row}]", schema.name);
                match JsonRecord::read_with(
                    schema,
                    child,
                    &path,
                    self.extras,
                    &mut self.keys[c + 1],
                ) {
                    Ok(rec) => {
                        let order = order.as_deref();
                        match c {
                            0 => r.payment(row, &rec, order),
                            1 => r.fulfilment(row, &rec, order),
                            2 => r.return_record(row, &rec, order),
                            _ => r.refund(row, &rec, order),
                        }
                    }
                    Err(e) => {
                        let id = child_id(schema, child);
                        let unread = r.unread_row(KINDS[c + 1], order.clone(), id, row, &e);
                        r.unread[c + 1].push((row, unread));
                    }
                }
            }
        }
    }

    /// The next settlement line record.
    #[allow(
        clippy::arithmetic_side_effects,
        reason = "row counters and table indexes: one per row read (bounded by the rows given) and c < 6 of 7 tables"
    )]
    pub fn settlement<V: Json>(&mut self, value: Result<&V, Error>) {
        let i = self.rows[1];
        self.rows[1] += 1;
        match flat_record(&SETTLEMENTS, value, i, self.extras, &mut self.keys[5]) {
            Ok(rec) => self.r.settlement(i, &rec),
            Err((e, v)) => self.r.unread_flat(5, i, v, &e),
        }
    }

    /// The next movement record.
    #[allow(
        clippy::arithmetic_side_effects,
        reason = "row counters and table indexes: one per row read (bounded by the rows given) and c < 6 of 7 tables"
    )]
    pub fn movement<V: Json>(&mut self, value: Result<&V, Error>) {
        let i = self.rows[2];
        self.rows[2] += 1;
        match flat_record(&MOVEMENTS, value, i, self.extras, &mut self.keys[6]) {
            Ok(rec) => self.r.movement(i, &rec),
            Err((e, v)) => self.r.unread_flat(6, i, v, &e),
        }
    }

    /// The input read.
    pub fn finish(self) -> Input {
        self.r.finish()
    }
}

/// Row `i` of a table of flat records (settlement lines, movements), or
/// its error with the record, when there is one to name it by.
fn flat_record<'a, V: Json>(
    schema: &'static TableSchema,
    value: Result<&'a V, Error>,
    i: usize,
    extras: Extras,
    keys: &mut KeyCache,
) -> Result<JsonRecord<'a, V>, (Error, Option<&'a V>)> {
    let value = value.map_err(|e| (e, None))?;
    let path = || format!("{}[{i}]", schema.name);
    JsonRecord::read_with(schema, value, &path, extras, keys).map_err(|e| (e, Some(value)))
}

/// The longest id an unread row shows (the longest id any table accepts).
const MAX_ID_SHOWN: usize = 128;

/// An id as an unread row shows it: one past any id's length is cut, as
/// it names the row, and a megabyte of it would be a megabyte of message.
fn cut_id(t: String) -> String {
    match t.char_indices().nth(MAX_ID_SHOWN) {
        Some((at, _)) => format!("{}…", &t[..at]),
        None => t,
    }
}

/// The row kind of each table in [`TABLES`].
const KINDS: [RowKind; 7] = [
    RowKind::Order,
    RowKind::Payment,
    RowKind::OrderSku,
    RowKind::Return,
    RowKind::Refund,
    RowKind::Settlement,
    RowKind::Movement,
];

/// The field that names a row of each table in [`TABLES`] (the SKU for a
/// fulfilment: inventory is matched per order and SKU).
const ID_FIELD: [usize; 7] = [0, 1, 2, 1, 1, 0, 0];

/// A record field's text, when it has one to read.
fn record_text<F: Fields>(fields: &F, field: usize) -> Option<String> {
    fields.with(field, |cell| match cell {
        crate::input::Cell::Text(t) if !t.is_empty() => Some(t.to_string()),
        crate::input::Cell::Int(n) => Some(n.to_string()),
        _ => None,
    })
}

/// The id of a record that could not be read as one, where its id field holds text.
fn child_id<V: Json>(schema: &TableSchema, value: &V) -> Option<String> {
    let t = TABLES.iter().position(|s| std::ptr::eq(*s, schema))?;
    value
        .text_at(schema.fields[ID_FIELD[t]].name)
        .map(str::to_string)
}

/// Reads rows into an [`Input`].
struct Reader {
    ids: Ids,
    a: Assembler,
    settlements: Vec<SettlementLine>,
    movements: Vec<Movement>,
    /// Unread rows per table with their row, listed table by table and
    /// row by row at the end (records and columns reach them in other orders).
    unread: [Vec<(usize, UnreadRow)>; 7],
}

impl Reader {
    fn orders<C: Columns>(&mut self, headers: &Headers<'_, C>) {
        each(headers, 0, |h, c, i| self.order(i, &h.row(c, i)));
    }

    /// Payments, fulfilments, returns and refunds: after the orders.
    fn children<C: Columns>(&mut self, headers: &Headers<'_, C>) {
        each(headers, 1, |h, c, i| self.payment(i, &h.row(c, i), None));
        each(headers, 2, |h, c, i| self.fulfilment(i, &h.row(c, i), None));
        each(headers, 3, |h, c, i| {
            self.return_record(i, &h.row(c, i), None)
        });
        each(headers, 4, |h, c, i| self.refund(i, &h.row(c, i), None));
    }

    fn settlements<C: Columns>(&mut self, headers: &Headers<'_, C>) {
        each(headers, 5, |h, c, i| self.settlement(i, &h.row(c, i)));
    }

    /// Movements: after the orders, whose ids sales share.
    fn movements<C: Columns>(&mut self, headers: &Headers<'_, C>) {
        each(headers, 6, |h, c, i| self.movement(i, &h.row(c, i)));
    }

    fn new(orders: usize, settlements: usize, movements: usize) -> Reader {
        Reader {
            ids: Ids::new(),
            a: Assembler::with_capacity(orders),
            settlements: Vec::with_capacity(settlements),
            movements: Vec::with_capacity(movements),
            unread: Default::default(),
        }
    }

    fn unread_row(
        &self,
        kind: RowKind,
        order_id: Option<String>,
        id: Option<String>,
        row: usize,
        e: &Error,
    ) -> UnreadRow {
        UnreadRow {
            kind,
            order_id: if kind == RowKind::Order {
                None
            } else {
                order_id.map(cut_id)
            },
            id: id.map_or_else(|| format!("#{row}"), cut_id),
            at: None,
            reason: e.to_string(),
        }
    }

    /// A row of table `t` that failed with `e`.
    fn failed<F: Fields>(
        &mut self,
        t: usize,
        row: usize,
        fields: &F,
        order: Option<&str>,
        e: Error,
    ) {
        // Orders and their children hold `order_id` first; settlement
        // lines and movements name no order of their own.
        let order = match t {
            0..=4 => order
                .map(str::to_string)
                .or_else(|| record_text(fields, ORDER_ID)),
            _ => None,
        };
        if t == 0 {
            if let Some(o) = &order {
                self.a.unreadable(o);
            }
        }
        let id = record_text(fields, ID_FIELD[t]);
        let u = self.unread_row(KINDS[t], order, id, row, &e);
        self.unread[t].push((row, u));
    }

    /// Moves a row the assembler could not place (its order unknown or
    /// unreadable) to its table's list, at its row.
    fn placed(&mut self, t: usize, row: usize) {
        if let Some(mut u) = self.a.unread.pop() {
            u.order_id = u.order_id.map(cut_id);
            self.unread[t].push((row, u));
        }
    }

    /// Row `i` of flat table `t` (settlements, movements) that is not a record.
    fn unread_flat<V: Json>(&mut self, t: usize, i: usize, value: Option<&V>, e: &Error) {
        let id = value.and_then(|v| child_id(TABLES[t], v));
        let u = self.unread_row(KINDS[t], None, id, i, e);
        self.unread[t].push((i, u));
    }

    fn unread_order<V: Json>(&mut self, row: usize, value: Option<&V>, e: Error) {
        let id = value.and_then(|v| child_id(&ORDERS, v));
        if let Some(o) = &id {
            self.a.unreadable(o);
        }
        let u = self.unread_row(RowKind::Order, None, id, row, &e);
        self.unread[0].push((row, u));
    }

    fn order<F: Fields>(&mut self, row: usize, fields: &F) {
        let r = RowRead {
            table: &ORDERS,
            row,
            fields,
        };
        let ids = &mut self.ids;
        let header = (|| {
            Ok(OrderHeader {
                order_id: r.text(0, |t| ids.orders.get(t))?,
                channel: r.text(1, |t| ids.channels.get(t))?,
                currency: r.text(2, |t| ids.currencies.get(t))?,
                total: r.amount(3)?,
                placed_at: r.instant(4)?,
                customer: r.optional_text(5, |t| ids.customers.get(t))?,
                status: r
                    .optional_choice(6, |t| from_wire_name("status", t))?
                    .unwrap_or_default(),
            })
        })();
        match header {
            Ok(h) => self.a.order(h),
            Err(e) => self.failed(0, row, fields, None, e),
        }
    }

    /// A child row of table `t` (payments to refunds): read by `read`,
    /// then added to its order by `add`, or unread with its reason.
    #[allow(clippy::too_many_arguments)]
    fn child<F: Fields, T>(
        &mut self,
        t: usize,
        row: usize,
        fields: &F,
        parent: Option<&str>,
        read: impl FnOnce(&RowRead<'_, F>, &mut Ids) -> Result<T, Error>,
        add: fn(&mut Assembler, &str, T),
    ) {
        let r = RowRead {
            table: TABLES[t],
            row,
            fields,
        };
        let x = match read(&r, &mut self.ids) {
            Ok(x) => x,
            Err(e) => return self.failed(t, row, fields, parent, e),
        };
        // The order is named by its parent record, else by the row's
        // `order_id`, borrowed from the cell (no copy per row).
        let before = self.a.unread.len();
        let a = &mut self.a;
        let added = match parent {
            Some(order) => {
                add(a, order, x);
                Ok(())
            }
            None => r.text(ORDER_ID, move |order| {
                add(a, order, x);
                Ok(())
            }),
        };
        match added {
            Err(e) => self.failed(t, row, fields, parent, e),
            Ok(()) if self.a.unread.len() > before => self.placed(t, row),
            Ok(()) => {}
        }
    }

    fn payment<F: Fields>(&mut self, row: usize, fields: &F, parent: Option<&str>) {
        let read = |r: &RowRead<'_, F>, ids: &mut Ids| {
            Ok(Payment {
                payment_id: r.text(1, |t| ids.records.get(t))?,
                method: r.choice(2, |t| ids.methods.get(t))?,
                processor: r.optional_text(3, |t| ids.processors.get(t))?,
                processor_reference: r.optional_text(4, |t| Ok(t.to_string()))?,
                amount: r.amount(5)?,
                captured_at: r.instant(6)?,
            })
        };
        self.child(1, row, fields, parent, read, Assembler::payment);
    }

    fn fulfilment<F: Fields>(&mut self, row: usize, fields: &F, parent: Option<&str>) {
        let read = |r: &RowRead<'_, F>, ids: &mut Ids| {
            Ok(FulfilledLine {
                line_id: r.text(1, |t| ids.records.get(t))?,
                sku: r.text(2, |t| ids.skus.get(t))?,
                quantity: r.integer(3)?,
                location: r.text(4, |t| ids.locations.get(t))?,
                fulfilled_at: r.instant(5)?,
            })
        };
        self.child(2, row, fields, parent, read, Assembler::fulfilment);
    }

    fn return_record<F: Fields>(&mut self, row: usize, fields: &F, parent: Option<&str>) {
        let read = |r: &RowRead<'_, F>, ids: &mut Ids| {
            Ok(ReturnRecord {
                return_id: r.text(1, |t| ids.records.get(t))?,
                line_id: r.text(2, |t| ids.records.get(t))?,
                sku: r.text(3, |t| ids.skus.get(t))?,
                quantity: r.integer(4)?,
                restock: r.flag(5)?,
                location: r.text(6, |t| ids.locations.get(t))?,
                received_at: r.instant(7)?,
            })
        };
        self.child(3, row, fields, parent, read, Assembler::return_record);
    }

    fn refund<F: Fields>(&mut self, row: usize, fields: &F, parent: Option<&str>) {
        let read = |r: &RowRead<'_, F>, ids: &mut Ids| {
            Ok(Refund {
                refund_id: r.text(1, |t| ids.records.get(t))?,
                return_id: r.optional_text(2, |t| ids.records.get(t))?,
                method: r.choice(3, |t| ids.methods.get(t))?,
                processor: r.optional_text(4, |t| ids.processors.get(t))?,
                processor_reference: r.optional_text(5, |t| Ok(t.to_string()))?,
                amount: r.amount(6)?,
                issued_at: r.instant(7)?,
            })
        };
        self.child(4, row, fields, parent, read, Assembler::refund);
    }

    fn settlement<F: Fields>(&mut self, row: usize, fields: &F) {
        let r = RowRead {
            table: &SETTLEMENTS,
            row,
            fields,
        };
        let ids = &mut self.ids;
        let read = (|| {
            Ok(SettlementLine {
                id: r.text(0, RecordId::new)?,
                kind: r.choice(1, |t| ids.settlement_kinds.get(t))?,
                processor: r.text(2, |t| ids.processors.get(t))?,
                processor_reference: r.optional_text(3, |t| Ok(t.to_string()))?,
                merchant_reference: r.optional_text(4, |t| Ok(t.to_string()))?,
                gross: r.optional_amount(5)?,
                fee: r.optional_amount(6)?,
                net: r.amount(7)?,
                currency: r.text(8, |t| ids.currencies.get(t))?,
                settled_at: r.instant(9)?,
                batch_id: r.optional_text(10, |t| ids.records.get(t))?,
                original_gross: r.optional_amount(11)?,
                original_currency: r.optional_text(12, |t| ids.currencies.get(t))?,
                exchange_rate: r.optional_amount(13)?,
            })
        })();
        match read {
            Ok(s) => self.settlements.push(s),
            Err(e) => self.failed(5, row, fields, None, e),
        }
    }

    fn movement<F: Fields>(&mut self, row: usize, fields: &F) {
        let r = RowRead {
            table: &MOVEMENTS,
            row,
            fields,
        };
        let (ids, a) = (&mut self.ids, &mut self.a);
        let read = (|| {
            Ok(Movement {
                id: r.text(0, RecordId::new)?,
                sku: r.text(1, |t| ids.skus.get(t))?,
                location: r.text(2, |t| ids.locations.get(t))?,
                delta: r.integer(3)?,
                kind: r.choice(4, |t| ids.movement_kinds.get(t))?,
                // A sale names an order: share its id when the order is known.
                order_reference: r.optional_text(5, |t| match a.known(t) {
                    Some((order, _)) => Ok(order),
                    None => OrderId::new(t),
                })?,
                return_reference: r.optional_text(6, |t| ids.records.get(t))?,
                occurred_at: r.instant(7)?,
            })
        })();
        match read {
            Ok(m) => self.movements.push(m),
            Err(e) => self.failed(6, row, fields, None, e),
        }
    }

    /// The input, with the settlement lines and movements another reader
    /// read beside this one (their unread rows included).
    fn finish_with(mut self, lines: Reader) -> Input {
        self.settlements = lines.settlements;
        self.movements = lines.movements;
        let [.., settlements, movements] = lines.unread;
        self.unread[5] = settlements;
        self.unread[6] = movements;
        self.finish()
    }

    fn finish(mut self) -> Input {
        // Each unread row is its own exception: a row whose name another
        // already has (two payments p1 of no readable order) adds its place.
        let mut seen = rustc_hash::FxHashSet::default();
        for mut table in std::mem::take(&mut self.unread) {
            table.sort_by_key(|(row, _)| *row);
            for (at, mut row) in table {
                if !seen.insert((row.kind, row.order_id.clone(), row.id.clone())) {
                    row.id = format!("{}#{at}", row.id);
                }
                self.a.unread(row);
            }
        }
        self.a.finish(self.settlements, self.movements)
    }
}

/// Ids read once per distinct text: tills and exports repeat the same
/// SKUs, stores, channels and codes across tables, and each repeat shares
/// one allocation instead of making its own.
///
/// The table holds the ids themselves and is searched by their text
/// (`Borrow<str>`): the text compared sits in the allocation whose count
/// the returned clone raises, so a lookup among 50,000 SKUs touches one
/// cold line where a separate key (a `Box<str>`) cost a second miss — the
/// largest single cost of reading a day.
struct Interner<T> {
    make: fn(&str) -> crate::Result<T>,
    seen: rustc_hash::FxHashSet<T>,
    limit: usize,
    // Rows of one order usually come together: the last id read, checked first.
    last: Option<T>,
}

impl<T: Clone + Eq + std::hash::Hash + std::borrow::Borrow<str>> Interner<T> {
    fn new(make: fn(&str) -> crate::Result<T>, limit: usize) -> Self {
        Interner {
            make,
            seen: Default::default(),
            limit,
            last: None,
        }
    }

    fn get(&mut self, text: &str) -> Result<T, Error> {
        if self.limit == 0 {
            return (self.make)(text); // ids unique per row: nothing to share
        }
        if let Some(v) = &self.last {
            if v.borrow() == text {
                return Ok(v.clone());
            }
        }
        let v = match self.seen.get(text) {
            Some(v) => v.clone(),
            None => {
                let v = (self.make)(text)?;
                // A text the id trims (" S1 ") is not the id's own text:
                // it is made each time rather than kept under the wrong key.
                if self.seen.len() < self.limit && v.borrow() == text {
                    self.seen.insert(v.clone());
                }
                v
            }
        };
        self.last = Some(v.clone());
        Ok(v)
    }
}

/// The few names of a choice or currency read once each: a short list,
/// searched from the front.
struct Names<T> {
    make: fn(&str) -> crate::Result<T>,
    seen: Vec<(Box<str>, T)>,
}

impl<T: Clone> Names<T> {
    /// At most this many names are kept (a column of distinct bad codes is
    /// read one by one, never searched through a growing list).
    const KEPT: usize = 64;

    fn new(make: fn(&str) -> crate::Result<T>) -> Self {
        Names {
            make,
            seen: Vec::new(),
        }
    }

    fn get(&mut self, text: &str) -> Result<T, Error> {
        if let Some((_, v)) = self.seen.iter().find(|(k, _)| &**k == text) {
            return Ok(v.clone());
        }
        let v = (self.make)(text)?;
        if self.seen.len() < Self::KEPT {
            self.seen.push((text.into(), v.clone()));
        }
        Ok(v)
    }
}

/// The ids of one read, shared across tables.
struct Ids {
    orders: Interner<OrderId>,
    channels: Interner<ChannelId>,
    currencies: Names<Currency>,
    customers: Interner<CustomerId>,
    records: Interner<RecordId>,
    processors: Interner<ProcessorId>,
    skus: Interner<Sku>,
    locations: Interner<LocationId>,
    methods: Names<PaymentMethod>,
    settlement_kinds: Names<SettlementKind>,
    movement_kinds: Names<MovementKind>,
}

impl Ids {
    fn new() -> Self {
        // Order ids are unique in their table (children find theirs through
        // the assembler). Record ids (line, payment, return ids) repeat only
        // when they are small numbers or names: keep the first few thousand.
        Ids {
            orders: Interner::new(OrderId::new, 0),
            channels: Interner::new(ChannelId::new, 4096),
            currencies: Names::new(Currency::from_code),
            customers: Interner::new(CustomerId::new, 0),
            records: Interner::new(RecordId::new, 4096),
            processors: Interner::new(ProcessorId::new, 4096),
            skus: Interner::new(Sku::new, usize::MAX),
            locations: Interner::new(LocationId::new, usize::MAX),
            methods: Names::new(|t| from_wire_name("method", t)),
            settlement_kinds: Names::new(|t| from_wire_name("kind", t)),
            movement_kinds: Names::new(|t| from_wire_name("kind", t)),
        }
    }
}

#[cfg(test)]
mod interner_tests {
    use super::*;

    #[test]
    fn an_id_is_shared_by_its_text_and_a_padded_text_reads_as_the_trimmed_id() {
        let mut skus = Interner::new(Sku::new, 2);
        let a = skus.get("S1").unwrap();
        let padded = skus.get(" S1 ").unwrap();
        assert_eq!(padded, a);
        // The padded text is not kept under the id's own text…
        assert_eq!(skus.seen.len(), 1);
        // …and the id found by its text is the one allocation.
        let b = skus.get("S2").unwrap();
        let again = skus.get("S1").unwrap();
        assert!(std::sync::Arc::ptr_eq(&again.shared(), &a.shared()));
        assert_ne!(b, a);
        // Past the limit an id is made, not kept, and still right.
        assert_eq!(skus.get("S3").unwrap().as_str(), "S3");
        assert_eq!(skus.seen.len(), 2);
        assert!(skus.get("").is_err());
    }

    #[test]
    fn names_keep_at_most_their_limit_and_refuse_unknown_ones() {
        let mut kinds: Names<MovementKind> = Names::new(|t| from_wire_name("kind", t));
        assert_eq!(kinds.get("sale").unwrap(), MovementKind::Sale);
        assert_eq!(kinds.get("sale").unwrap(), MovementKind::Sale);
        assert_eq!(kinds.seen.len(), 1);
        assert!(kinds.get("Sale").is_err());
        let mut codes: Names<Currency> = Names::new(Currency::from_code);
        for i in 0..200 {
            assert!(codes.get(&format!("Z{i}")).is_err());
        }
        assert_eq!(codes.get("USD").unwrap().code(), "USD");
        assert!(codes.seen.len() <= Names::<Currency>::KEPT);
    }
}
