'use strict'
// The benches' stock events: `n` over 50,000 SKUs x 10 locations, a receipt of 5 at each
// position, then (second half) a sale of 1, as columns (`{ eventId: [...], ... }`).
const pad = (n, w) => String(n).padStart(w, '0')

function stockEventColumns(n) {
  const columns = { eventId: [], sku: [], location: [], occurredAt: [], source: [], type: [], quantity: [] }
  const half = n / 2
  for (let i = 0; i < n; i++) {
    const position = (i * 7919) % half
    columns.eventId.push(`ev-${pad(i, 8)}`)
    columns.sku.push(`SKU-${pad(Math.floor(position / 10), 6)}`)
    columns.location.push(`store-${pad(position % 10, 2)}`)
    columns.occurredAt.push(`2026-11-26T${pad(Math.floor(i / 60000), 2)}:${pad(Math.floor(i / 1000) % 60, 2)}:${pad(i % 60, 2)}Z`)
    columns.source.push('pos')
    columns.type.push(i < half ? 'received' : 'sold')
    columns.quantity.push(i < half ? 5 : 1)
  }
  return columns
}

module.exports = { stockEventColumns }
