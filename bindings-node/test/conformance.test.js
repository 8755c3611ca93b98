'use strict'
// Runs the shared conformance vectors through the public JS API.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const seamline = require('..')

function vectorFiles() {
  const dirs = [path.join(__dirname, '..', '..', 'tests', 'vectors')]
  if (process.env.SEAMLINE_EXTRA_VECTORS) dirs.push(process.env.SEAMLINE_EXTRA_VECTORS)
  return dirs.flatMap((dir) =>
    fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(dir, f)),
  )
}

// JSON has no NaN or infinity; the vectors spell them as strings.
// NaN and infinities are spelt as strings; so is a double some JSON parsers
// round wrongly (1 - 2^-53), as decimal text.
const real = (v) => (typeof v === 'string' ? ({ NaN: NaN, inf: Infinity, '-inf': -Infinity }[v] ?? Number(v)) : v)

function policy(p) {
  switch (p.kind) {
    case 'fixed':
      return { kind: 'fixed', units: p.units }
    case 'percent':
      return { kind: 'percent', percent: p.percent, minUnits: p.min_units, maxUnits: p.max_units }
    case 'velocity':
      return {
        kind: 'velocity',
        velocityPerHour: real(p.velocity_per_hour),
        exposureHours: real(p.exposure_hours),
        serviceLevel: real(p.service_level),
      }
    default:
      throw new Error(`unknown policy kind ${p.kind}`)
  }
}

// The vectors spell keys in snake_case; the JS API takes and returns camelCase.
const camel = (k) => k.replace(/_([a-z])/g, (_, c) => c.toUpperCase())
const snake = (k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
const rekey = (o, f) => Object.fromEntries(Object.entries(o).map(([k, v]) => [f(k), v]))

// Deeply, for nested records (orders); keys that are data (none here) would need care.
const deepCamel = (v) =>
  Array.isArray(v)
    ? v.map(deepCamel)
    : v && typeof v === 'object'
      ? Object.fromEntries(Object.entries(v).map(([k, x]) => [camel(k), deepCamel(x)]))
      : v

// Money as cents, exactly: decimal text split at the point (every order vector is in USD).
function cents(m) {
  const [whole, frac = ''] = m.amount.replace('-', '').split('.')
  const value = BigInt(whole) * 100n + BigInt((frac + '00').slice(0, 2))
  return Number(m.amount.startsWith('-') ? -value : value)
}

// An amount as the vectors write it: decimal text without trailing zeros.
function canon(d) {
  if (d === null || d === undefined) return null
  if (typeof d !== 'string') throw new Error(`amounts are decimal strings, got ${typeof d}`)
  const text = d.includes('.') ? d.replace(/0+$/, '').replace(/\.$/, '') : d
  return text === '-0' ? '0' : text
}

const label = (k) => `${snake(k.kind)} ${k.orderId ? `${k.orderId}/` : ''}${k.id}`

const RECON_SUMMARY = [
  'payments_captured', 'processor_captured', 'settled_gross', 'amount_differences',
  'currency_mismatched', 'pending_settlement', 'missing_settlement', 'expected_fees',
  'actual_fees', 'refunds_settled', 'chargebacks', 'payouts', 'amount_at_risk',
]

const BOOKS = [
  'order_total', 'awaiting_capture', 'refunds_issued', 'processor_refunds', 'refunds_settled',
  'refund_differences', 'refunds_currency_mismatched', 'refunds_pending', 'refunds_missing',
  'settlement_gross', 'fees_reported', 'fees_implied', 'net_only', 'settlement_net', 'payouts',
  'batch_net_paid_out', 'fee_lines',
]

function booksProjection(r) {
  const out = reconcileProjection(r)
  const summary = r.summary()
  out.books = Object.fromEntries(summary.map((s) => [s.currency, {
    ...Object.fromEntries(BOOKS.map((f) => [f, canon(s[camel(f)])])),
    open_orders: s.openOrders,
    cancelled_orders: s.cancelledOrders,
  }]))
  out.identities = Object.fromEntries(summary.map((s) => [
    s.currency, s.identities.map((i) => [i.name, i.ok, canon(i.left), canon(i.right)]),
  ]))
  return out
}

function reconcileRun(input) {
  return seamline.reconcile({
    orders: input.orders && deepCamel(input.orders),
    settlements: input.settlements && deepCamel(input.settlements),
    movements: input.movements && deepCamel(input.movements),
    config: deepCamel(input.config),
  })
}

function reconcileProjection(r) {
  const exceptions = r.exceptions()
  const out = {
    exceptions: exceptions.map((e) => [e.reason, label(e.key), e.severity, canon(e.difference)]),
    pending: r.pending().map((p) => [label(p.row), p.reason]),
    rows: Object.fromEntries(Object.entries(r.rows()).map(([k, b]) => [k, [b.matched, b.pending, b.exceptions]])),
    summary: Object.fromEntries(
      r.summary().map((s) => [s.currency, Object.fromEntries(RECON_SUMMARY.map((f) => [f, canon(s[camel(f)])]))]),
    ),
  }
  const suggestions = {}
  const evidence = {}
  for (const e of exceptions) {
    if (e.suggestion) suggestions[label(e.key)] = [label(e.suggestion.record)]
    else if (e.candidates.length) suggestions[label(e.key)] = e.candidates.map(label)
    if (e.evidence) evidence[label(e.key)] = e.evidence.orderId
  }
  if (Object.keys(suggestions).length) out.suggestions = suggestions
  if (Object.keys(evidence).length) out.evidence = evidence
  return out
}

function reconcileQueue(input) {
  let previous = []
  return input.runs.map((day) => {
    const r = reconcileRun(day)
    const accepted = (day.accept ?? []).map((key) => {
      const e = r.exceptions().find((x) => label(x.key) === key)
      return { exceptionId: e.id, fingerprint: e.fingerprint, by: 'vector', note: 'accepted by the vector', at: day.config.as_of }
    })
    const items = r.queue(previous, accepted)
    previous = items
    return items.map((i) => [label(i.key), i.status]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  })
}

function reportLines(report) {
  return {
    files: report.files.map((f) => [f.name, f.layout, f.rows]),
    lines: report.lines.map((l) => [
      l.id, l.kind, l.processorReference, l.merchantReference, canon(l.gross), canon(l.fee),
      canon(l.net), l.currency, l.settledAt, l.batchId, l.originalCurrency ?? null, canon(l.originalGross ?? null),
    ]),
    duplicates: report.duplicates.map((d) => [d.file, d.line, d.id]),
    unknown: report.unknown.map((u) => [u.file, u.line, u.rowType]),
    rejected: report.rejected.map((x) => [x.file, x.line, x.error.code]),
    skipped: report.skipped.map((x) => [x.file, x.line]),
  }
}

function processorReport(input) {
  const files = input.files.map((f) => ({ name: f.name, content: f.text !== undefined ? Buffer.from(f.text, 'utf8') : f.records }))
  const o = input.options ?? {}
  const report = seamline.readReport(input.processor, files, {
    layout: o.layout, merchantReference: o.merchant_reference, payout: o.payout, timeZones: o.time_zones,
  })
  const out = reportLines(report)
  if (input.tieout) {
    out.tieout = reconcileProjection(
      seamline.reconcile({ orders: deepCamel(input.tieout.orders), reports: [report], config: deepCamel(input.tieout.config) }),
    )
  }
  return out
}

function stockText(e) {
  const text = `${e.type} ${e.quantity ?? 'all'} ${e.sku}@${e.location}`
  return e.restock === true ? `${text} restock` : text
}

function orders(input) {
  let book = new seamline.OrderBook({ shippingRefund: input.shipping_refund ?? 'on_full_return' })
  let ledger = null
  if (input.stock) {
    ledger = new seamline.Ledger()
    for (const e of input.stock) ledger.apply(rekey(e, camel))
  }
  const transitions = input.events.map((e) => {
    let t
    let reports
    try {
      if (ledger) {
        const out = book.applyWithLedger(ledger, deepCamel(e))
        t = out.transition
        reports = out.stock
      } else {
        t = book.apply(deepCamel(e))
        reports = t.stockEvents.map(() => ({}))
      }
    } catch (err) {
      return err.code
    }
    return {
      state: t.state,
      stock: t.stockEvents.map((s, i) => stockText(s) + (reports[i].error ? ` !${reports[i].error.code}` : '')),
      refund_due: t.refundDue === null ? null : cents(t.refundDue),
    }
  })
  if (input.restore_from_snapshot) book = seamline.OrderBook.fromSnapshot(book.toSnapshot())
  const out = { transitions, orders: {} }
  for (const id of book.orderIds()) {
    const s = book.order(id)
    out.orders[id] = {
      state: s.state,
      total: cents(s.total),
      captured: cents(s.captured),
      refunded: cents(s.refunded),
      refund_due: cents(s.refundDue),
      lines: s.lines.map((l) => [l.lineId, l.ordered, l.held, l.fulfilled, l.cancelled, l.returned, l.restocked]),
    }
  }
  if (input.levels) {
    out.levels = input.levels.map(([sku, loc]) => {
      const level = ledger.stock(sku, loc, '2027-01-01T00:00:00Z')
      return [sku, loc, level.onHand, level.reserved]
    })
  }
  return out
}

function customers(input) {
  const policy = input.policy ? rekey(input.policy, camel) : undefined
  // Its nested records as a user writes them (limits are keyed by kinds: data).
  if (policy?.placeholders) policy.placeholders = deepCamel(policy.placeholders)
  if (policy?.households) policy.households = deepCamel(policy.households)
  const secret = input.secret === undefined ? undefined : Buffer.from(input.secret, 'utf8')
  const book = new seamline.CustomerBook(policy, secret)
  book.addRecords(input.records.map((r) => rekey(r, camel)))
  for (const c of input.corrections || []) book.correct(deepCamel(c))
  const points = (input.points || []).map((e) => {
    try {
      return book.applyPoints(rekey(e, camel))
    } catch (err) {
      return err.code
    }
  })
  const effects = []
  for (const c of input.later_corrections || []) {
    const e = book.correct(deepCamel(c))
    effects.push([e.recorded, e.moved.map((m) => m.record)])
  }
  for (const c of input.withdrawals || []) {
    const e = book.withdraw(deepCamel(c))
    effects.push([e.recorded, e.moved.map((m) => m.record)])
  }
  book.addRecords((input.later_records || []).map((r) => rekey(r, camel)))
  const r = book.resolution()
  const profiles = [...book.profiles()] // as a job reads them, one at a time
  const out = {
    profiles: profiles.map((p) => [p.profileId, ...p.members]),
    golden: Object.fromEntries(profiles.map((p) => [p.profileId, p.golden])),
    merges: r.merges.map((m) => [m.into, m.absorbed, m.via]),
    review: r.review.map((i) => [i.recordA, i.recordB, i.kind]),
    issues: r.issues.map((i) => [i.record, i.kind, i.error.code]),
    points,
    balances: (input.balances || []).map((key) => [key, book.balance(book.profileOf(key).profileId)]),
  }
  if (input.later_corrections || input.withdrawals) out.effects = effects
  if (input.suggest) {
    // A given scoring's suggestions also show their probability in millionths.
    const given = input.scoring ? deepCamel(input.scoring) : undefined
    out.suggestions = book.suggestions(given).suggestions.map((s) => [
      s.recordA,
      s.recordB,
      s.evidence.map((e) => e.level),
      ...(given ? [Math.round(s.probability * 1e6)] : []),
    ])
  }
  if (input.count_records) out.record_count = book.recordCount()
  if (input.show_identifiers) {
    out.identifiers = Object.fromEntries(profiles.map((p) => [p.profileId, p.identifiers]))
  }
  if (input.unclaimed) out.unclaimed = book.unclaimedPoints().map((u) => [u.account, u.points])
  return out
}

function normalizeIdentifier(input) {
  switch (input.kind) {
    case 'email':
      return seamline.normalizeEmail(input.value, input.provider_rules ?? false)
    case 'phone':
      return seamline.normalizePhone(input.value, input.region)
    case 'loyalty':
      return seamline.normalizeLoyalty(input.value)
    default:
      throw new Error(`unknown identifier kind ${input.kind}`)
  }
}

function systemsOfRecord(input) {
  // Pairs, not an object, so a vector can name two owners for one domain.
  const owners = [...Object.entries(input.owners), ...(input.extra_owners || [])]
  const resolver = new seamline.Resolver(owners, { fields: input.fields, rank: input.rank })
  const arrivals = input.updates.map((u) => {
    try {
      return resolver.add(rekey(u, camel))
    } catch (err) {
      return err.code
    }
  })
  const r = resolver.resolve()
  return {
    arrivals,
    fields: r.fields.map((f) => [f.domain, f.entity, f.field, f.winner.value, f.winner.system, f.wonBy]),
    conflicts: r.conflicts.map((c) => [c.winner.entity, c.winner.field, c.winner.system, c.overwritten.system, c.overwritten.value]),
    refused: r.refused.map((u) => u.updateId),
  }
}

function ledger(input) {
  let book = new seamline.Ledger()
  for (const info of input.locations || []) book.configureLocation(info)
  for (const c of input.channels || []) {
    book.configureChannel({
      channel: c.channel,
      locations: c.locations,
      shipPolicy: policy(c.ship_policy),
      pickupPolicy: policy(c.pickup_policy),
    })
  }
  const outcomes = input.events.map((e) => {
    try {
      return book.apply(rekey(e, camel)).duplicate ? 'duplicate' : 'applied'
    } catch (err) {
      return err.code
    }
  })
  // An offline till: a copy of the ledger as it stands, its own events
  // applied, merged back after the carts (which stand for the web meanwhile).
  let till
  if (input.merge_from) {
    till = seamline.Ledger.fromSnapshot(book.toSnapshot())
    for (const e of input.merge_from) till.apply(rekey(e, camel))
  }
  let channelOutcomes
  if (input.channel_events) {
    const skuMap = new seamline.SkuMap()
    for (const r of input.sku_map.rules) {
      skuMap.setRules(r.channel, { caseFold: r.case_fold, stripLeadingZeros: r.strip_leading_zeros, gtin: r.gtin })
    }
    skuMap.importRows(input.sku_map.rows.map((r) => rekey(r, camel)))
    channelOutcomes = input.channel_events.map((ce) => {
      try {
        return book.applyChannelEvent(skuMap, ce.channel, rekey(ce.event, camel)).map((r) => r.eventId)
      } catch (err) {
        return err.code
      }
    })
  }
  if (input.restore_from_snapshot) book = seamline.Ledger.fromSnapshot(book.toSnapshot())
  const carts = (input.carts || []).map((c) => {
    try {
      const cart = { ...rekey(c, camel), lines: c.lines }
      return book.reserveCart(cart).map((line) => rekey(line, snake))
    } catch (err) {
      return err.code
    }
  })
  let merge
  if (till) {
    const r = book.merge(till, input.now)
    merge = {
      applied: r.applied,
      duplicates: r.duplicates,
      rejected: r.rejected.map((x) => [x.index, x.error.code]),
      revealed: r.revealed.map((a) => rekey(a, snake)),
    }
  }
  const out = {
    outcomes,
    stock: input.stock.map((q) => rekey(book.stock(q.sku, q.location, input.now), snake)),
  }
  if (merge) out.merge = merge
  if (input.carts) out.carts = carts
  if (channelOutcomes) out.channel_outcomes = channelOutcomes
  if (input.history) {
    out.history = book.history(input.history.sku, input.history.location).map((l) => ({
      event_id: l.eventId,
      change: l.change,
      on_hand_after: l.onHandAfter,
      description: l.description,
    }))
  }
  if (input.reservation_states) {
    out.reservation_states = input.reservation_states.map((id) => {
      try {
        return book.reservationState(id, input.now)
      } catch (err) {
        return err.code
      }
    })
  }
  if (input.anomalies) out.anomalies = book.anomalies(input.now).map((a) => rekey(a, snake))
  if (input.channel_queries) {
    out.channel_publications = input.channel_queries.map((q) => {
      try {
        const p = book.channelPublication(q.channel, q.sku, q.method, input.now)
        return {
          quantity: p.pooled.quantity,
          buffer: p.pooled.buffer,
          nodes: p.nodes.map((n) => ({ location: n.location, quantity: n.quantity })),
        }
      } catch (err) {
        return err.code
      }
    })
  }
  if (input.pool) {
    const p = book.publish(input.pool.sku, input.pool.locations, policy(input.pool.policy), input.now)
    out.publication = { quantity: p.quantity, buffer: p.buffer }
  }
  return out
}

function run(op, input) {
  switch (op) {
    case 'recommend_buffer':
      return seamline.recommendBuffer(real(input.velocity_per_hour), real(input.exposure_hours), real(input.service_level))
    case 'oversell_probability':
      return seamline.oversellProbability(input.buffer, real(input.velocity_per_hour), real(input.exposure_hours))
    case 'max_exposure': {
      // Counts beyond 2^53 go as a bigint, as the binding asks.
      const buffer = Number.isSafeInteger(input.buffer) ? input.buffer : BigInt(input.buffer)
      const hours = seamline.maxExposure(buffer, real(input.velocity_per_hour), real(input.service_level))
      return hours === Infinity ? 'inf' : hours
    }
    case 'published_quantity':
      return seamline.publishedQuantity(input.on_hand, input.reserved, policy(input.policy))
    case 'money_add':
      return seamline.addMoney(input.a, input.b)
    case 'money_subtract':
      return seamline.subtractMoney(input.a, input.b)
    case 'money_round':
      return seamline.roundMoney(input.money, input.mode)
    case 'money_allocate':
      return seamline.allocateMoney(input.total, input.weights)
    case 'currency_minor_units':
      return seamline.minorUnits(input.currency)
    case 'sku_normalize':
      return seamline.normalizeSku(input.value)
    case 'instant_canonical':
      return seamline.canonicalInstant(input.text)
    case 'ledger':
      return ledger(input)
    case 'source_order': {
      const nodes = input.nodes.map((n) => ({
        location: n.location,
        ships: n.ships,
        available: n.available,
        perShipment: n.per_shipment,
        perUnit: n.per_unit,
        perUnitBySku: n.per_unit_by_sku,
      }))
      const plan = seamline.sourceOrder(input.lines.map((l) => rekey(l, camel)), rekey(input.destination, camel), nodes)
      return {
        allocations: plan.allocations.map((a) => rekey(a, snake)),
        method: plan.method,
        shipments: plan.shipments,
        total_cost: plan.totalCost,
      }
    }
    case 'prices': {
      let table = new seamline.PriceTable()
      const added = input.entries.map((e) => {
        try {
          table.add(e)
          return 'ok'
        } catch (err) {
          return err.code
        }
      })
      if (input.restore_from_snapshot) table = seamline.PriceTable.fromSnapshot(table.toSnapshot())
      const results = input.queries.map((q) => {
        let price
        try {
          price = table.priceAt(q.sku, q.channel, q.currency, q.at)
        } catch (err) {
          return err.code
        }
        let quote
        try {
          const r = table.quote(q.sku, q.channel, q.currency, q.at, input.promotions)
          quote = { price: r.price, promotions: r.promotions }
        } catch (err) {
          quote = err.code
        }
        return { price_at: price, quote }
      })
      return { added, results }
    }
    case 'price_mismatch': {
      const skuMap = new seamline.SkuMap()
      skuMap.importRows(input.rows.map((r) => rekey(r, camel)))
      const table = new seamline.PriceTable()
      for (const e of input.entries) table.add(e)
      const report = seamline.priceMismatches(skuMap, table, rekey(input.rules, camel), input.observed.map((o) => rekey(o, camel)))
      return {
        matched: report.matched,
        mismatches: report.mismatches.map((m) => rekey(m, snake)),
        corrections: report.corrections.map((x) => rekey(x, snake)),
        within_grace: report.withinGrace,
        unmapped: report.unmapped,
        unpriced: report.unpriced,
      }
    }
    case 'sku_map': {
      let m = new seamline.SkuMap()
      for (const r of input.rules) {
        m.setRules(r.channel, { caseFold: r.case_fold, stripLeadingZeros: r.strip_leading_zeros, gtin: r.gtin })
      }
      const report = m.importRows(input.rows.map((r) => rekey(r, camel)), { replace: input.replace })
      if (input.restore_from_snapshot) m = seamline.SkuMap.fromSnapshot(m.toSnapshot())
      const translations = input.translate.map((t) => {
        try {
          return m
            .translate(t.channel, t.external_id, t.quantity)
            .map((l) => [l.sku, l.units])
            .sort((a, b) => (a[0] < b[0] ? -1 : 1))
        } catch (err) {
          return err.code
        }
      })
      const out = {
        import: {
          added: report.added,
          unchanged: report.unchanged,
          conflict_rows: report.conflicts.map((c) => c.row),
          invalid: report.invalid.map((r) => [r.row, r.error.code]),
        },
        translations,
      }
      if (input.batch) {
        m.translateBatch(input.batch.map((b) => rekey(b, camel)))
        out.queue = m.unmappedQueue().map((q) => [q.channel, q.externalId, q.count])
      }
      if (input.columns) {
        const c = input.columns
        const cols = m.translateColumns(c.channel, c.external_ids, c.quantities, c.seen_at)
        out.columns = {
          rows: cols.rows,
          skus: cols.skus,
          units: cols.units,
          errors: cols.errors.map((e) => [e.row, e.error.code]),
        }
        out.queue = m.unmappedQueue().map((q) => [q.channel, q.externalId, q.count])
      }
      if (input.coverage) out.missing = m.coverage(input.coverage).missing
      return out
    }
    case 'orders':
      return orders(input)
    case 'systems_of_record':
      return systemsOfRecord(input)
    case 'customers':
      return customers(input)
    case 'normalize_identifier':
      return normalizeIdentifier(input)
    case 'hash_identifier':
      return seamline.hashIdentifier(input.kind, input.canonical, input.convention)
    case 'gtin_normalize':
      return seamline.normalizeGtin(input.value)
    case 'upc_e_expand':
      return seamline.expandUpcE(input.value)
    case 'gtin_range':
      return seamline.gtinRange(input.value)
    case 'reconcile':
      return reconcileProjection(reconcileRun(input))
    case 'reconcile_queue':
      return reconcileQueue(input)
    case 'reconcile_books':
      return booksProjection(reconcileRun(input))
    case 'reconcile_records': {
      // The records as they come, snake_case keys and all: core reads either spelling.
      const r = seamline.reconcile({
        orders: input.orders,
        settlements: input.settlements,
        movements: input.movements,
        config: deepCamel(input.config),
      })
      const invalid = r.exceptions().filter((e) => e.reason === 'INVALID_ROW').map((e) => [label(e.key), e.message])
      return { ...reconcileProjection(r), invalid: Object.fromEntries(invalid) }
    }
    case 'processor_report':
      return processorReport(input)
    case 'sync_health':
      return seamline
        .syncHealth(input.observations.map((o) => rekey(o, camel)), input.now, input.max_silence_seconds)
        .map((issue) => rekey(issue, snake))
    default:
      throw new Error(`unknown op ${op}`)
  }
}

for (const file of vectorFiles()) {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'))
  for (const c of doc.cases) {
    test(`${path.basename(file)}: ${c.name}`, () => {
      if ('expect_error' in c) {
        assert.throws(() => run(c.op, c.input), (err) => {
          assert.ok(err instanceof Error)
          assert.equal(err.code, c.expect_error, err.message)
          return true
        })
        return
      }
      const actual = run(c.op, c.input)
      if ('tolerance' in c) {
        assert.ok(Math.abs(actual - c.expect) <= c.tolerance, `${actual} vs ${c.expect}`)
      } else {
        assert.deepEqual(actual, c.expect)
      }
    })
  }
}
