'use strict'
// The daily tie-out from Node: `node bindings-node/bench/reconciliation.bench.js [orders]`.
// A day of orders (default 1,000,000) in the Python bench's mix — 70% web orders paid by card,
// 30% counter sales in cash or card, 1-5 lines, 8% returning a line restocked and refunded in
// cash, 1.5% of charges never settling — as nested camelCase records passed to one `reconcile`
// call. Prints the time of the call and of reading its exceptions back.
const { reconcile } = require('..')

const N = Number(process.argv[2] || 1_000_000)
const DAY = 86_400
const START = 1_795_000_000

// The same small generator as the Rust bench (xorshift), so every run reads the same day.
let state = 0x9e3779b97f4a7c15n
function below(n) {
  state ^= (state << 13n) & 0xffffffffffffffffn
  state ^= state >> 7n
  state ^= (state << 17n) & 0xffffffffffffffffn
  return Number(state % BigInt(n))
}

const iso = (seconds) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z')
const money = (cents) => `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`

function day() {
  const orders = []
  const settlements = []
  const movements = []
  for (let i = 0; i < N; i++) {
    const placed = START + Math.floor((i * DAY) / N)
    const at = iso(placed)
    const orderId = `O${String(i).padStart(7, '0')}`
    const web = below(10) < 7
    const lines = 1 + below(5)
    const fulfilments = []
    let total = 0
    for (let line = 0; line < lines; line++) {
      const sku = `SKU-${String(below(50_000)).padStart(5, '0')}`
      const quantity = 1 + below(3)
      total += quantity * (199 + below(9800))
      const location = `store-${below(20)}`
      const shipped = iso(placed + 3600)
      fulfilments.push({ lineId: String(line), sku, quantity, location, fulfilledAt: shipped })
      movements.push({ id: `M${i}-${line}`, sku, location, delta: -quantity, kind: 'sale', orderReference: orderId, occurredAt: shipped })
    }
    const card = web || below(100) < 55
    const payments = [{
      paymentId: 'pay', method: card ? 'card' : 'cash', processor: card ? 'stripe' : null,
      processorReference: card ? `ch_${i}` : null, amount: money(total), capturedAt: at,
    }]
    if (card && below(1000) >= 15) {
      const fee = Math.floor((total * 29 + 500) / 1000) + 30 // 2.9% + 0.30, half-up to the cent
      settlements.push({
        id: `txn_${i}`, kind: 'charge', processor: 'stripe', processorReference: `ch_${i}`, merchantReference: orderId,
        gross: money(total), fee: money(fee), net: money(total - fee), currency: 'USD', settledAt: iso(placed + DAY), batchId: 'po_day',
      })
    }
    const order = { orderId, channel: web ? 'web' : 'pos', currency: 'USD', total: money(total), placedAt: at, payments, fulfilments }
    if (below(100) < 8) {
      const first = fulfilments[0]
      const received = iso(placed + 2 * DAY)
      order.returns = [{ returnId: 'r1', lineId: '0', sku: first.sku, quantity: 1, restock: true, location: first.location, receivedAt: received }]
      order.refunds = [{ refundId: 'f1', returnId: 'r1', method: 'cash', amount: money(Math.round(total / 3)), issuedAt: iso(placed + 2 * DAY + 3600) }]
      movements.push({ id: `R${i}`, sku: first.sku, location: first.location, delta: 1, kind: 'return_restock', orderReference: orderId, returnReference: 'r1', occurredAt: received })
    }
    orders.push(order)
  }
  return { orders, settlements, movements }
}

let started = process.hrtime.bigint()
const input = day()
const built = Number(process.hrtime.bigint() - started) / 1e9
const rows = input.orders.length + input.settlements.length + input.movements.length +
  input.orders.reduce((n, o) => n + o.payments.length + o.fulfilments.length + (o.returns ? 2 : 0), 0)
console.log(`built ${rows.toLocaleString('en')} rows as records in ${built.toFixed(1)} s (JS)`)
input.config = { asOf: iso(START + 5 * DAY), feeSchedule: [{ processor: 'stripe', percent: '2.9', fixed: '0.30' }] }
started = process.hrtime.bigint()
const report = reconcile(input)
const took = Number(process.hrtime.bigint() - started) / 1e9
started = process.hrtime.bigint()
const exceptions = report.exceptions()
const read = Number(process.hrtime.bigint() - started) / 1e9
const counts = report.rows()
if (counts.orders.matched + counts.orders.exceptions + counts.orders.pending !== N) throw new Error(JSON.stringify(counts.orders))
console.log(`reconcile, ${N.toLocaleString('en')} orders: ${took.toFixed(2)} s; reading its ${exceptions.length.toLocaleString('en')} exceptions: ${read.toFixed(2)} s`)
