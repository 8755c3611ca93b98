'use strict'
// Loading the ledger from Node: `node bindings-node/bench/ledger.bench.js`.
// 1,000,000 events over 50,000 SKUs x 10 locations (a receipt, then a sale, at each), as columns in one
// applyColumns call, and (on a 100,000-event sample) one apply call per event.
const { Ledger } = require('..')
const { stockEventColumns } = require('./stock-events')

const N = 1_000_000
// Half the positions get a receipt of 5, then (second pass) a sale of 1.
const columns = stockEventColumns(N)

let book = new Ledger()
let start = process.hrtime.bigint()
const report = book.applyColumns(columns, '2026-11-27T00:00:00Z')
let seconds = Number(process.hrtime.bigint() - start) / 1e9
if (report.applied !== N) throw new Error(JSON.stringify(report.rejected.slice(0, 3)))
console.log(`applyColumns: ${N.toLocaleString('en')} events in ${seconds.toFixed(2)} s (${((seconds / N) * 1e9).toFixed(0)} ns/event)`)

book = new Ledger()
const M = 100_000
start = process.hrtime.bigint()
for (let i = 0; i < M; i++) {
  book.apply({
    eventId: columns.eventId[i],
    sku: columns.sku[i],
    location: columns.location[i],
    occurredAt: columns.occurredAt[i],
    source: 'pos',
    type: columns.type[i],
    quantity: columns.quantity[i],
  })
}
seconds = Number(process.hrtime.bigint() - start) / 1e9
console.log(`apply one by one: ${((seconds / M) * 1e9).toFixed(0)} ns/event`)
