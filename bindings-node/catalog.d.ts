// Record shapes of the SKU map, prices and promotions, with camelCase keys,
// generated from core's types (results.d.ts).

export type {
  Component,
  ComponentRow,
  Discount,
  ImportReport,
  InvalidRow,
  MappingConflict,
  MappingRow,
  MismatchReport,
  MismatchRules,
  ObservedPrice,
  PriceCorrection,
  PriceEntry,
  PriceMismatch,
  PriceQuote,
  Promotion,
  RoundingMode,
  SkuCollision,
  UnmappedEntry,
} from './results'
