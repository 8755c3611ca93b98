'use strict'
// The tie-out from Arrow IPC input, one call, as bindings-python/bench/tieout/from_arrow.py runs it:
//   node bindings-node/bench/tieout-ipc.bench.js IPC_DIR CONFIG.json [THREADS] [IDS.json]
// IPC_DIR holds each table as an Arrow IPC stream (`orders.arrows`, …: what `tableToIPC` writes).
// Prints one JSON line: the call's seconds, the process's peak memory (MiB) and the exception count;
// writes the sorted exception ids to IDS.json when given.
const fs = require('node:fs')
const path = require('node:path')
const { reconcileColumns } = require('..')

const [dir, configPath, threadsArg, idsPath] = process.argv.slice(2)
const tables = ['orders', 'payments', 'fulfilments', 'returns', 'refunds', 'settlements', 'movements']
const input = { config: JSON.parse(fs.readFileSync(configPath, 'utf8')), threads: Number(threadsArg || 2) }
for (const t of tables) {
  const file = path.join(dir, `${t}.arrows`)
  if (fs.existsSync(file)) input[t] = fs.readFileSync(file)
}
const started = process.hrtime.bigint()
const day = reconcileColumns(input)
const call = Number(process.hrtime.bigint() - started) / 1e9
const exceptions = day.exceptions()
if (idsPath) fs.writeFileSync(idsPath, JSON.stringify(exceptions.map((e) => e.id).sort()))
const peak = process.resourceUsage().maxRSS / 1024
console.log(JSON.stringify({ call, peak, exceptions: exceptions.length }))
