'use strict'
// Per-call cost of the buffer functions from Node: `node bindings-node/bench/buffer.bench.js`.
// Tight loops of 1,000,000 calls, best of 3; prints ns per call.
const seamline = require('..')

const N = 1_000_000

function perCall(fn, ...args) {
  let best = Infinity
  for (let round = 0; round < 3; round++) {
    const start = process.hrtime.bigint()
    for (let i = 0; i < N; i++) fn(...args)
    best = Math.min(best, Number(process.hrtime.bigint() - start))
  }
  return best / N
}

const policy = { kind: 'fixed', units: 3 }
const rows = [
  ['recommendBuffer(24, 0.25, 0.95)  [λ = 6]', perCall(seamline.recommendBuffer, 24, 0.25, 0.95)],
  ['recommendBuffer(1000, 1, 0.95)   [λ = 1000]', perCall(seamline.recommendBuffer, 1000, 1, 0.95)],
  ['oversellProbability(3, 24, 0.25)', perCall(seamline.oversellProbability, 3, 24, 0.25)],
  ['publishedQuantity(120, 7, {fixed 3})', perCall(seamline.publishedQuantity, 120, 7, policy)],
  ['empty JS call (baseline)', perCall((a, b, c) => a, 24, 0.25, 0.95)],
]
for (const [name, ns] of rows) console.log(`${name.padEnd(48)} ${ns.toFixed(1).padStart(8)} ns/call`)
