// The idiomatic layer over the generated bindings: Swift names and operators
// for what the generated functions already do. No rules live here.
import Foundation

extension SeamlineError {
    /// The stable code, e.g. `"CURRENCY_MISMATCH"`, shared with the Python and Node packages.
    public var code: String { fields.code }

    /// The human-readable message, naming the offending field and value.
    public var message: String { fields.message }

    /// Every case carries `(code:message:)`; read them without listing the cases.
    private var fields: (code: String, message: String) {
        let payload = Mirror(reflecting: self).children.first?.value
        let values = payload.map { Mirror(reflecting: $0).children.map(\.value) } ?? []
        return (values.first as? String ?? "", values.dropFirst().first as? String ?? "")
    }
}

extension Money {
    /// Money from exact decimal text, e.g. `try Money("12.30", "USD")`.
    public init(_ amount: String, _ currency: String) throws {
        self = try moneyParse(amount: amount, currency: currency)
    }

    /// `lhs + rhs`; throws `SeamlineError.CurrencyMismatch` across currencies.
    public static func + (lhs: Money, rhs: Money) throws -> Money {
        try moneyAdd(a: lhs, b: rhs)
    }

    /// `lhs − rhs`; throws `SeamlineError.CurrencyMismatch` across currencies.
    public static func - (lhs: Money, rhs: Money) throws -> Money {
        try moneySubtract(a: lhs, b: rhs)
    }

    /// Rounded to the currency's minor unit.
    public func rounded(_ mode: Rounding = .halfUp) throws -> Money {
        try moneyRound(money: self, mode: mode)
    }

    /// Split across `weights` by largest remainder; the parts sum exactly to `self`.
    public func allocated(_ weights: [Decimal]) throws -> [Money] {
        try moneyAllocate(total: self, weights: weights)
    }
}

extension Rounding {
    /// A rounding mode by its shared name (`"half_up"`, `"half_even"`, …).
    public init(named name: String) throws {
        self = try roundingNamed(name: name)
    }
}

/// Canonical UTC RFC 3339 text for a `Date` (always unambiguous in Swift).
public func canonicalInstant(_ date: Date) throws -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return try canonicalInstant(text: formatter.string(from: date))
}

extension CustomerBook {
    /// Every profile in id order, each read when the loop reaches it: a million
    /// profiles without building them all (`resolution()` does). A profile that a
    /// change made during the loop absorbed is skipped (so is one whose read
    /// failed: a lazy sequence cannot throw per element).
    public func profiles() throws -> AnySequence<Profile> {
        let ids = try profileIds()
        return AnySequence(ids.lazy.compactMap { (try? self.profile(profileId: $0)) ?? nil })
    }
}
