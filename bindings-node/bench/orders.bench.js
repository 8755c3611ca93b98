'use strict'
// Orders from Node: `node bindings-node/bench/orders.bench.js`.
// 1,000,000 order events (the core bench's mix) replayed with one applyBatch call into a ledger.
const { Ledger, OrderBook } = require('..')

const N = 1_000_000
const SKUS = 10_000
const STORES = 20

function life(i) {
  const orderId = `o${i}`
  const store = `store-${i % STORES}`
  const counter = i % 3 === 0
  const base = { orderId, occurredAt: '2026-12-01T10:00:00Z', source: 'bench' }
  const order = {
    orderId, channel: counter ? 'pos' : 'web', location: store, currency: 'USD', fulfilment: counter ? 'carry_out' : 'pickup',
    lines: [{ lineId: '1', sku: `SKU-${String(i % SKUS).padStart(5, '0')}`, quantity: 2, unitPrice: '9.99', tax: '1.60' }],
  }
  const events = [
    { ...base, eventId: `${orderId}.p`, type: 'placed', order },
    { ...base, eventId: `${orderId}.c`, type: 'captured', paymentId: 'pay', amount: '21.58' },
  ]
  if (!counter) events.push({ ...base, eventId: `${orderId}.f`, type: 'fulfilled', shipmentId: 's', location: store, lines: [{ lineId: '1', quantity: 2 }] })
  if (i % 10 === 0) events.push({ ...base, eventId: `${orderId}.r`, type: 'returned', returnId: 'r', location: store, lines: [{ lineId: '1', quantity: 1, disposition: 'restocked' }] })
  events.push({ ...base, eventId: `${orderId}.z`, type: 'closed' })
  return events
}

const events = []
let i = 0
while (events.length < N) events.push(...life(i++))
events.length = N
const ledger = new Ledger()
const stock = { eventId: [], sku: [], location: [], occurredAt: [], source: [], type: [], quantity: [] }
for (let s = 0; s < SKUS; s++) {
  for (let l = 0; l < STORES; l++) {
    stock.eventId.push(`in-${s}-${l}`)
    stock.sku.push(`SKU-${String(s).padStart(5, '0')}`)
    stock.location.push(`store-${l}`)
    stock.occurredAt.push('2026-12-01T09:00:00Z')
    stock.source.push('bench')
    stock.type.push('received')
    stock.quantity.push(1000)
  }
}
ledger.applyColumns(stock, '2026-12-01T09:00:00Z')
const book = new OrderBook()
const start = process.hrtime.bigint()
const report = book.applyBatch(events, ledger)
const took = Number(process.hrtime.bigint() - start) / 1e9
if (report.applied !== N || report.rejected.length || report.stockRejected.length) throw new Error(JSON.stringify(report.rejected.slice(0, 3)))
console.log(`applyBatch: ${N.toLocaleString('en')} order events (${i.toLocaleString('en')} orders) into orders and ledger in ${took.toFixed(2)} s`)
