'use strict'
// The public entry of the `seamline` npm package (CommonJS). It re-exports
// the native functions unchanged (plus one iterator over two of them):
// every rule lives in the Rust core.
const native = require('./native.js')

// Iteration sugar over two native calls (no rules here): every profile in id
// order, each read when the loop reaches it, so a million profiles are
// written out without building them all (`resolution()` does). A profile
// that a change made during the loop absorbed is skipped.
native.CustomerBook.prototype.profiles = function* profiles() {
  for (const id of this.profileIds()) {
    const profile = this.profile(id)
    if (profile !== null) yield profile
  }
}

module.exports = {
  Ledger: native.Ledger,
  SkuMap: native.SkuMap,
  PriceTable: native.PriceTable,
  OrderBook: native.OrderBook,
  Resolver: native.Resolver,
  CustomerBook: native.CustomerBook,
  Reconciliation: native.Reconciliation,
  reconcile: native.reconcile,
  reconcileColumns: native.reconcileColumns,
  reconcileAsync: native.reconcileAsync,
  reconcileColumnsAsync: native.reconcileColumnsAsync,
  readReport: native.readReport,
  reportLinesArrow: native.reportLinesArrow,
  normalizeEmail: native.normalizeEmail,
  normalizePhone: native.normalizePhone,
  normalizeLoyalty: native.normalizeLoyalty,
  hashIdentifier: native.hashIdentifier,
  priceMismatches: native.priceMismatches,
  syncHealth: native.syncHealth,
  sourceOrder: native.sourceOrder,
  recommendBuffer: native.recommendBuffer,
  oversellProbability: native.oversellProbability,
  maxExposure: native.maxExposure,
  publishedQuantity: native.publishedQuantity,
  bufferUnits: native.bufferUnits,
  addMoney: native.addMoney,
  subtractMoney: native.subtractMoney,
  roundMoney: native.roundMoney,
  allocateMoney: native.allocateMoney,
  minorUnits: native.minorUnits,
  normalizeSku: native.normalizeSku,
  normalizeGtin: native.normalizeGtin,
  expandUpcE: native.expandUpcE,
  gtinRange: native.gtinRange,
  canonicalInstant: native.canonicalInstant,
  /** Every stable error code, as `err.code` reports them. */
  ERROR_CODES: Object.freeze(native.errorCodes()),
  /** Every rounding mode name. */
  ROUNDING_MODES: Object.freeze(native.roundingModes()),
}
