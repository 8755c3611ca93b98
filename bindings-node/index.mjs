// The public entry of the `seamline` npm package (ES module).
import seamline from './index.js'

export const {
  Ledger,
  SkuMap,
  PriceTable,
  OrderBook,
  Resolver,
  priceMismatches,
  syncHealth,
  sourceOrder,
  recommendBuffer,
  oversellProbability,
  maxExposure,
  publishedQuantity,
  bufferUnits,
  addMoney,
  subtractMoney,
  roundMoney,
  allocateMoney,
  minorUnits,
  normalizeSku,
  normalizeGtin,
  expandUpcE,
  gtinRange,
  canonicalInstant,
  ERROR_CODES,
  ROUNDING_MODES,
} = seamline
export default seamline
