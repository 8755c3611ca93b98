// Record shapes of customers and loyalty, mirroring core's wire form with
// camelCase keys (attribute names, being data, stay as given).

export interface IdentifierInput {
  /** 'email', 'phone', 'loyalty', or your own kind ('web_account'). */
  kind: string
  value: string
  /** True when `value` is already the SHA-256 hex of the canonical value. */
  hashed?: boolean
  /** A hashed value's convention when not the canonical one (declare it in the policy's `hashedConventions`). */
  convention?: HashConvention | null
}

export type HashConvention = 'canonical' | 'phone_digits_only' | 'gmail_folded' | 'email_lowercase'

export interface CustomerRecord {
  source: string
  recordId: string
  observedAt: string | Date
  /** The store's country for phones written without '+' (ISO 3166). */
  region?: string | null
  identifiers?: IdentifierInput[]
  /** Personal data: name, address, consent, … */
  attributes?: Record<string, string>
}

export interface LinkPolicy {
  linkKinds?: string[]
  /** At most this many distinct values of a kind per profile. */
  limits?: Record<string, number>
  blocked?: IdentifierInput[]
  emailProviderRules?: boolean
  defaultRegion?: string
  loyaltyFormat?: { minLen?: number; maxLen?: number; digitsOnly?: boolean }
  sourcePriority?: string[]
  /** Values typed when a shopper gives none; they never link. */
  placeholders?: { emailLocalParts?: string[]; phoneRepeatedDigits?: boolean }
  /** Identifier kinds of the retailer's own (`web_account`); any other unknown kind is an issue. */
  kinds?: string[]
  /** A shared value (a landline, a family email) links no one whose names or dates of birth differ. */
  households?: { kinds?: string[]; nameAttributes?: string[]; birthDateAttributes?: string[] }
  /** Conventions inbound hashed identifiers use besides the canonical one. */
  hashedConventions?: HashConvention[]
}

export type Correction =
  | { type: 'never_link'; recordA: string; recordB: string; by: string; reason: string }
  | { type: 'always_link'; recordA: string; recordB: string; by: string; reason: string }
  | { type: 'never_link_value'; identifier: IdentifierInput; by: string; reason: string }
  /** A review item's two sides (its `left` and `right`), merged as shown. */
  | { type: 'accept_review'; left: string[]; right: string[]; by: string; reason: string }

/** What a correction (or its withdrawal) changed. */
export interface CorrectionEffect {
  /** False when nothing was recorded (already there; withdrawing: not there). */
  recorded: boolean
  moved: { record: string; from: string; to: string }[]
  /** `null`: the profile did not exist then. */
  balances: { profileId: string; before: number | null; after: number | null }[]
}

/** Points held for an account no profile holds yet. */
export interface UnclaimedPoints {
  /** `record:<source/recordId>` or `loyalty:<sha256 hex>`. */
  account: string
  points: number
}

export interface PointsEvent {
  eventId: string
  /** The loyalty id, or… */
  loyaltyId?: string | null
  /** …the `source/recordId` of a record. */
  record?: string | null
  kind: 'earn' | 'redeem' | 'adjust' | 'expire'
  points: number
  occurredAt: string | Date
}

export interface Profile {
  profileId: string
  members: string[]
  golden: Record<string, string>
  /** [kind, sha256 hex]: never clear values. */
  identifiers: Array<[string, string]>
}

export interface Resolution {
  profiles: Profile[]
  merges: Array<{ into: string; absorbed: string; via: string }>
  review: Array<{ recordA: string; recordB: string; left: string[]; right: string[]; kind: string; identifier: string; reason: string }>
  issues: Array<{ record: string; kind: string; error: { code: string; [detail: string]: string } }>
}

/** What suggestions compare, how records are blocked, which are made (every field optional). */
export interface Scoring {
  fields?: { attribute: string; compare: 'name' | 'text' | 'date' | 'exact'; m?: [number, number, number] | null; u?: [number, number, number] | null }[]
  blocking?: { attribute: string; prefix?: number | null }[][]
  maxBlock?: number
  minProbability?: number
  prior?: number | null
}

/** Two profiles that are probably one shopper, with the evidence. */
export interface Suggestion {
  recordA: string
  recordB: string
  /** Members of recordA's profile: an accept_review's `left`. */
  left: string[]
  right: string[]
  /** Σ log2(m/u) over the attributes. */
  score: number
  probability: number
  evidence: { attribute: string; level: 'exact' | 'close' | 'different' | 'missing'; weight: number }[]
}

export interface Suggestions {
  suggestions: Suggestion[]
  candidates: number
  prior: number
  model: { attribute: string; m: [number, number, number]; u: [number, number, number] }[]
}
