'use strict'
// The daily tie-out from JS: records in, decimal strings out, floats refused.
const test = require('node:test')
const assert = require('node:assert/strict')
const seamline = require('..')

const config = {
  asOf: new Date('2026-11-26T00:00:00Z'),
  feeSchedule: [{ processor: 'stripe', percent: '2.9', fixed: '0.30' }],
}

const order = (orderId, amount = '100.00') => ({
  orderId,
  channel: 'web',
  currency: 'USD',
  total: amount,
  placedAt: '2026-11-20T10:00:00Z',
  payments: [
    {
      paymentId: 'p1',
      method: 'card',
      processor: 'stripe',
      processorReference: `ch_${orderId}`,
      amount,
      capturedAt: new Date('2026-11-20T10:00:00Z'),
    },
  ],
})

const charge = (orderId) => ({
  id: `s_${orderId}`,
  kind: 'charge',
  processor: 'stripe',
  processorReference: `ch_${orderId}`,
  gross: '100.00',
  fee: '3.20',
  net: '96.80',
  currency: 'USD',
  settledAt: '2026-11-21T02:00:00Z',
})

test('a missing settlement is keyed on the payment, amounts as decimal strings', () => {
  const r = seamline.reconcile({ orders: [order('W1'), order('W2')], settlements: [charge('W1')], config })
  const [e] = r.exceptions()
  assert.equal(e.reason, 'MISSING_SETTLEMENT')
  assert.deepEqual(e.key, { kind: 'payment', orderId: 'W2', id: 'p1' })
  assert.equal(e.amountAtRisk, '100.00')
  assert.deepEqual(r.rows().payments, { matched: 1, pending: 0, exceptions: 1 })
  assert.equal(r.matchCount, 1)
  assert.equal(r.matches(1)[0].kind, 'charge_by_processor_reference')
  assert.equal(r.summary()[0].missingSettlement, '100.00')
})

test('a fractional JS number for money is an INVALID_ROW; the rest still count', () => {
  const bad = order('W2')
  bad.total = 99.5
  const r = seamline.reconcile({ orders: [order('W1'), bad], settlements: [charge('W1')], config })
  const byKind = Object.fromEntries(r.exceptions().map((e) => [e.key.kind, e]))
  assert.equal(byKind.order.reason, 'INVALID_ROW')
  assert.match(byKind.order.message, /orders\[1\]\.total/)
  assert.match(byKind.order.message, /floats are inexact/)
  // Its payment is counted too, saying why it could not be placed.
  assert.match(byKind.payment.message, /its order W2 could not be read/)
  assert.deepEqual(r.rows().orders, { matched: 1, pending: 0, exceptions: 1 })
})

test('summary byReason keeps the reason codes as keys (data, not renamed)', () => {
  const r = seamline.reconcile({ orders: [order('W1'), order('W2')], settlements: [charge('W1')], config })
  assert.deepEqual(Object.keys(r.summary()[0].byReason), ['MISSING_SETTLEMENT'])
})

test('integers past the safe range, lone surrogates and integer enums are refused by row and field', () => {
  const big = order('W2')
  big.payments[0].amount = 2 ** 60
  const lone = order('W3\ud800')
  const intEnum = order('W4')
  intEnum.payments[0].method = 1
  const r = seamline.reconcile({ orders: [order('W1'), big, lone, intEnum], settlements: [charge('W1')], config })
  const messages = r.exceptions().filter((e) => e.reason === 'INVALID_ROW').map((e) => e.message)
  assert.ok(messages.some((m) => /orders\[1\]\.payments\[0\]\.amount/.test(m) && /was rounded/.test(m)), messages.join('\n'))
  assert.ok(messages.some((m) => /orders\[2\]/.test(m) && /lone surrogate/.test(m)), messages.join('\n'))
  assert.ok(messages.some((m) => /payments\[\d\]\.method/.test(m) && /expected one of card/.test(m)), messages.join('\n'))
  assert.ok(!messages.some((m) => m.includes('\ufffd')))
})

test('camelCase, snake_case and spaced keys name the same fields', () => {
  const snake = {
    order_id: 'W1', channel: 'web', currency: 'USD', total: '100.00', placed_at: '2026-11-20T10:00:00Z',
    payments: [{ payment_id: 'p1', method: 'card', processor: 'stripe', processor_reference: 'ch_W1',
      amount: '100.00', captured_at: '2026-11-20T10:00:00Z' }],
  }
  const a = seamline.reconcile({ orders: [order('W1')], settlements: [charge('W1')], config })
  const b = seamline.reconcile({ orders: [snake], settlements: [charge('W1')], config })
  assert.deepEqual(b.exceptions(), a.exceptions())
  assert.deepEqual(b.rows(), a.rows())
})

test('a day larger than one read chunk keeps every row, in order, and names a bad one by its range', () => {
  // Records are read a chunk of 4,096 at a time (V8 caps one JSON text); rows on either side of
  // each boundary must all arrive once.
  const ids = Array.from({ length: 9000 }, (_, i) => `W${String(i).padStart(4, '0')}`)
  const r = seamline.reconcile({ orders: ids.map((id) => order(id)), settlements: ids.slice(1).map(charge), config })
  assert.deepEqual(r.rows().orders, { matched: 9000, pending: 0, exceptions: 0 })
  assert.deepEqual(r.rows().settlements, { matched: 8999, pending: 0, exceptions: 0 })
  const [e] = r.exceptions()
  assert.deepEqual([r.exceptions().length, e.reason, e.key.orderId], [1, 'MISSING_SETTLEMENT', 'W0000'])

  // Keys are renamed on the JSON text: a value that looks like a key (quote, colon, capitals) stays.
  const odd = 'W"1:AbC'
  const [missing] = seamline.reconcile({ orders: [order(odd)], config }).exceptions()
  assert.deepEqual(missing.key, { kind: 'payment', orderId: odd, id: 'p1' })

  const orders = ids.map((id) => order(id))
  orders[5000].customer = 10n // a BigInt has no JSON form
  assert.throws(() => seamline.reconcile({ orders, config }), { code: 'INVALID_TYPE', message: /orders\[4096\.\.8192\]/ })
})

test('a bad configuration throws with its code', () => {
  assert.throws(() => seamline.reconcile({ orders: [], config: { asOf: '2026-11-26T00:00:00Z', feeTolerance: '-1' } }), {
    code: 'INVALID_CONFIGURATION',
  })
  assert.throws(() => seamline.reconcile({ orders: [] }), { code: 'INVALID_TYPE' })
})

test('the queue is CSV and follows exceptions across days', () => {
  const r = seamline.reconcile({ orders: [order('W2')], config })
  const [header, first] = r.exceptionsCsv().split('\r\n')
  assert.match(header, /^id,severity,reason,/)
  assert.match(first, /,MISSING_SETTLEMENT,payment,W2,p1,USD,100.00,/)
  assert.match(r.summaryText(), /Work first:/)
  const day1 = r.queue()
  assert.deepEqual(day1.map((i) => i.status), ['new'])
  const e = r.exceptions()[0]
  const accepted = [{ exceptionId: e.id, fingerprint: e.fingerprint, by: 'ana', note: 'settles Monday', at: new Date() }]
  assert.deepEqual(r.queue(day1, accepted).map((i) => i.status), ['accepted'])
})

test('Stripe rows from the API (whole numbers) reconcile; a float amount is refused', () => {
  const report = seamline.readReport('stripe', [{
    name: 'api',
    content: [
      { id: 'txn_1', type: 'charge', source: 'ch_W1', amount: 10000, fee: 320, net: 9680, currency: 'usd', created: 1795255200 },
      { id: 'txn_2', type: 'brand_new_type', amount: 1, currency: 'usd', created: 1 },
      { id: 'txn_3', type: 'charge', amount: 5.5, currency: 'usd', created: 1 },
    ],
  }])
  assert.equal(report.lines[0].gross, '100.00')
  assert.deepEqual(report.unknown, [{ file: 'api', line: 2, rowType: 'brand_new_type' }])
  assert.equal(report.rejected[0].error.code, 'INVALID_TYPE')
  const r = seamline.reconcile({ orders: [order('W1')], reports: [report], config })
  // The unknown and the rejected row are in the queue with their file and line.
  assert.deepEqual(r.exceptions().map((e) => [e.reason, e.key.id]).sort(), [['INVALID_ROW', 'api:2'], ['INVALID_ROW', 'api:3']])
})

test('report files are read from Buffers and strings; a file no layout fits throws before any row', () => {
  const fs = require('node:fs')
  const path = require('node:path')
  const dir = path.join(__dirname, '..', '..', 'tests', 'fixtures', 'reports')
  const name = 'adyen_settlement_detail_report_batch_118.csv'
  const fromBuffer = seamline.readReport('adyen', [{ name, content: fs.readFileSync(path.join(dir, name)) }])
  const fromText = seamline.readReport('adyen', [{ name, content: fs.readFileSync(path.join(dir, name), 'utf8') }])
  assert.deepEqual(fromBuffer, fromText)
  assert.equal(fromBuffer.files[0].layout, 'adyen_settlement_details')
  // Options are read by core: merchant accounts keep their names, a misspelt option is refused.
  const zoned = seamline.readReport('adyen', [{ name, content: fs.readFileSync(path.join(dir, name)) }], { timeZones: { SeamlineStoreUS: '+01:00' } })
  assert.deepEqual(zoned.lines, fromBuffer.lines)
  assert.throws(() => seamline.readReport('adyen', [{ name, content: 'x' }], { timezones: {} }), { code: 'INVALID_ARGUMENT' })
  assert.throws(() => seamline.readReport('stripe', [{ name: 'orders.csv', content: 'Order ID,Total\nW1,10\n' }]), {
    code: 'INVALID_ARGUMENT',
    message: /orders\.csv/,
  })
})

test('a report file given as Arrow IPC bytes reads as its CSV does; a float amount column is refused whole', () => {
  const fs = require('node:fs')
  const path = require('node:path')
  const arrow = require('apache-arrow')
  const name = 'stripe_balance_change_partial_capture.csv'
  const text = fs.readFileSync(path.join(__dirname, '..', '..', 'tests', 'fixtures', 'reports', name), 'utf8')
  const [head, ...rows] = text.trim().split('\n').map((l) => l.split(','))
  const columns = Object.fromEntries(head.map((h, c) => [h, rows.map((r) => r[c] || null)]))
  const fromText = seamline.readReport('stripe', [{ name, content: text }])
  for (const format of ['stream', 'file']) {
    const ipc = arrow.tableToIPC(arrow.tableFromArrays(columns), format)
    const fromArrow = seamline.readReport('stripe', [{ name, content: ipc }])
    assert.deepEqual(fromArrow.lines, fromText.lines)
    assert.equal(fromArrow.files[0].rows, 3)
  }
  // The partial-capture reversal is counted in its charge: 120.00 authorised, 100.00 captured.
  const charge = fromText.lines.find((l) => l.id === 'txn_3PcA')
  assert.deepEqual([charge.gross, charge.fee, charge.net], ['100.00', '3.20', '96.80'])
  assert.match(fromText.skipped[0].reason, /counted in line txn_3PcA/)
  // The lines as Arrow IPC bytes with the settlements table's columns.
  const lines = arrow.tableFromIPC(seamline.reportLinesArrow(fromText))
  assert.deepEqual(lines.schema.fields.map((f) => f.name).slice(0, 3), ['id', 'kind', 'processor'])
  assert.deepEqual([...lines.getChild('id')], ['txn_3PcA', 'txn_3PcF'])
  assert.throws(() => seamline.reportLinesArrow({ lines: 5 }), { code: /INVALID/ })
  const floats = arrow.tableToIPC(arrow.tableFromArrays({ ...columns, gross: Float64Array.from([120, -20, -15]) }))
  assert.throws(() => seamline.readReport('stripe', [{ name, content: floats }]), {
    code: 'INVALID_TYPE',
    message: /gross/,
  })
  // Corrupt Arrow bytes are a coded error naming the file, never a crash.
  const corrupt = Buffer.from(arrow.tableToIPC(arrow.tableFromArrays(columns)))
  assert.throws(() => seamline.readReport('stripe', [{ name, content: corrupt.subarray(0, 40) }]), { code: 'INVALID_ARGUMENT' })
})

test('a large report reads alike on one thread and on several', () => {
  // 11 MiB of PayPal STL rows in one section: cut into parts by default.
  const head = '"RH",2026/11/22 04:00:00 -0800,"A","ACCT",009,\n"FH",01\n"SH",2026/11/21 00:00:00 -0800,2026/11/21 23:59:59 -0800,"ACCT",""\n' +
    '"CH","Transaction ID","Invoice ID","PayPal Reference ID","PayPal Reference ID Type","Transaction Event Code","Transaction Initiation Date","Transaction Completion Date","Transaction Debit or Credit","Gross Transaction Amount","Gross Transaction Currency","Fee Debit or Credit","Fee Amount","Fee Currency","Custom Field"\n'
  const rows = []
  for (let i = 0; i < 80_000; i++) {
    rows.push(`"SB","${String(i).padStart(17, '0')}","W${i}","","","T0006",2026/11/21 10:00:00 -0800,2026/11/21 10:00:05 -0800,"CR",${1000 + i},"USD","DR",30,"USD",""\n`)
  }
  const content = Buffer.from(head + rows.join(''))
  assert.ok(content.length > 8 << 20)
  const parts = seamline.readReport('paypal', [{ name: 'STL.CSV', content }])
  const one = seamline.readReport('paypal', [{ name: 'STL.CSV', content }], { threads: 1 })
  assert.equal(parts.lines.length, 80_000)
  assert.deepEqual(parts, one)
  assert.throws(() => seamline.readReport('paypal', [{ name: 'STL.CSV', content }], { threads: 0 }), { code: 'INVALID_ARGUMENT' })
  assert.throws(() => seamline.readReport('paypal', [{ name: 'STL.CSV', content }], { threads: 1.5 }), { code: /INVALID/ })
})

test('a return of two lines, refunded in two parts, and an open pick-up order tie out', () => {
  const returned = order('W1')
  returned.returns = ['A', 'B'].map((sku, i) => ({
    returnId: 'r1', lineId: `l${i}`, sku, quantity: 1, restock: true, location: 'S1',
    receivedAt: '2026-11-22T09:00:00Z',
  }))
  returned.refunds = ['30.00', '20.00'].map((amount, i) => ({
    refundId: `f${i}`, returnId: 'r1', method: 'store_credit', amount, issuedAt: '2026-11-22T10:00:00Z',
  }))
  const movements = ['A', 'B'].map((sku) => ({
    id: `m${sku}`, sku, location: 'S1', delta: 1, kind: 'return_restock', orderReference: 'W1',
    returnReference: 'r1', occurredAt: '2026-11-22T09:30:00Z',
  }))
  const pickup = { ...order('W2'), status: 'open', payments: [] }
  const r = seamline.reconcile({ orders: [returned, pickup], settlements: [charge('W1')], movements, config })
  assert.deepEqual(r.exceptions(), [])
  assert.deepEqual(r.rows().returns, { matched: 2, pending: 0, exceptions: 0 })
  assert.deepEqual(r.pending().map((p) => [p.row.id, p.reason, p.amount]), [['W2', 'awaiting_capture', '100.00']])
  const usd = r.summary()[0]
  assert.equal(usd.awaitingCapture, '100.00')
  assert.equal(usd.openOrders, 1)
  assert.deepEqual(usd.identities.map((i) => [i.name, i.ok]), [
    ['captured_settles', true], ['refunds_settle', true], ['gross_less_fees_is_net', true], ['payouts_equal_batches', true],
  ])
  assert.match(r.pendingCsv(), /^row_kind,order_id,row_id,reason,due,currency,amount\r\norder,,W2,awaiting_capture,/)
  const html = r.reportHtml('Harbour <Goods>')
  assert.match(html, /^<!DOCTYPE html>/)
  assert.match(html, /Harbour &lt;Goods&gt;/)
  assert.match(html, /Every identity holds/)
  assert.equal(r.reportHtml(), r.reportHtml('Seamline'))
})

test('an unknown order status is an INVALID_ROW naming the choices', () => {
  const r = seamline.reconcile({ orders: [{ ...order('W1'), status: 'shipped' }], config })
  const [e] = r.exceptions().filter((x) => x.key.kind === 'order')
  assert.equal(e.reason, 'INVALID_ROW')
  assert.match(e.message, /expected one of open, fulfilled, cancelled/)
})

test('a reconciliation saves as JSON bytes and reads back; anything else is INVALID_SNAPSHOT', () => {
  const r = seamline.reconcile({ orders: [order('W1'), order('W2')], settlements: [charge('W1')], config })
  const saved = r.toJson()
  assert.ok(Buffer.isBuffer(saved))
  const again = seamline.Reconciliation.fromJson(saved)
  assert.deepEqual(again.exceptions(), r.exceptions())
  assert.deepEqual(again.summary(), r.summary())
  assert.equal(again.exceptionsCsv(), r.exceptionsCsv())
  assert.throws(() => seamline.Reconciliation.fromJson(Buffer.from('{}')), { code: 'INVALID_SNAPSHOT' })
})

test('the exception queue and the pending list come back as Arrow IPC bytes', () => {
  const r = seamline.reconcile({ orders: [order('W1'), order('W2')], settlements: [charge('W1')], config })
  const { tableFromIPC } = require('apache-arrow')
  const table = tableFromIPC(r.exceptionsArrow())
  assert.equal(table.numRows, r.exceptions().length)
  assert.deepEqual(table.getChild('id').toArray(), r.exceptions().map((e) => e.id))
  assert.deepEqual([...table.getChild('payments').get(0)], ['W2/p1'])
  assert.equal(table.schema.fields.find((f) => f.name === 'amount_at_risk').type.scale, 2)
  assert.equal(tableFromIPC(r.pendingArrow()).numRows, r.pending().length)
  const matches = tableFromIPC(r.matchesArrow())
  assert.equal(matches.numRows, r.matches().length)
  const summary = tableFromIPC(r.summaryArrow())
  assert.equal(summary.numRows, r.summary().length)
  assert.equal(summary.schema.fields.find((f) => f.name === 'order_total').type.scale, 2)
  assert.equal(summary.getChild('captured_settles_ok').get(0), true)
})
