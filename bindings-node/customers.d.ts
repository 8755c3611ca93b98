// Record shapes of customers and loyalty, with camelCase keys (attribute
// names, being data, stay as given), generated from core's types
// (results.d.ts).

export type {
  BalanceChange,
  BlockingPart,
  Compare,
  Correction,
  CorrectionEffect,
  CustomerRecord,
  CustomerResolution,
  CustomerResolution as Resolution,
  Evidence,
  FieldModel,
  HashConvention,
  Households,
  IdentifierInput,
  LinkPolicy,
  LoyaltyFormat,
  Merge,
  Placeholders,
  PointsEvent,
  PointsKind,
  Profile,
  RecordIssue,
  RecordMove,
  ReviewItem,
  Scoring,
  ScoringField,
  Suggestion,
  Suggestions,
  UnclaimedPoints,
} from './results'
