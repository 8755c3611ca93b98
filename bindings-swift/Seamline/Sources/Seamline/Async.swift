// `async` forms of the heavy calls, for an app that calls Seamline from the
// main actor: the work runs on a detached task, so the UI keeps drawing while
// a day's upload is applied or a snapshot written. Each returns (or throws)
// exactly what its synchronous twin does; no rules live here. Named like
// Node's Promise forms (`…Async`) so the two never shadow each other.
import Foundation

/// Runs `work`, a synchronous call, on a detached task and awaits it.
private func detached<T>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await Task.detached(priority: .userInitiated) { try Box(work()) }.value.value
}

/// Carries a result out of a detached task (the generated types do not all
/// declare `Sendable`; the value is handed over once, never shared).
private struct Box<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// Carries the arguments into a detached task, as `Box` carries results out.
private struct Args<T>: @unchecked Sendable {
    let value: T
}

extension Ledger {
    /// `applyBatch(events:now:)` off the caller's thread.
    public func applyBatchAsync(events: [StockEvent], now: Date) async throws -> BatchReport {
        let args = Args(value: (self, events))
        return try await detached { try args.value.0.applyBatch(events: args.value.1, now: now) }
    }

    /// `toSnapshot()` off the caller's thread.
    public func toSnapshotAsync() async throws -> Data {
        let args = Args(value: self)
        return try await detached { try Data(args.value.toSnapshot()) }
    }

    /// `Ledger.fromSnapshot(data:)` off the caller's thread.
    public static func fromSnapshotAsync(data: Data) async throws -> Ledger {
        try await detached { try Ledger.fromSnapshot(data: data) }
    }
}

extension CustomerBook {
    /// `addRecords(records:)` off the caller's thread.
    public func addRecordsAsync(records: [CustomerRecord]) async throws {
        let args = Args(value: (self, records))
        try await detached { try args.value.0.addRecords(records: args.value.1) }
    }

    /// `toSnapshot()` off the caller's thread.
    public func toSnapshotAsync() async throws -> Data {
        let args = Args(value: self)
        return try await detached { try Data(args.value.toSnapshot()) }
    }

    /// `CustomerBook.fromSnapshot(data:secret:)` off the caller's thread.
    public static func fromSnapshotAsync(data: Data, secret: Data? = nil) async throws -> CustomerBook {
        try await detached { try CustomerBook.fromSnapshot(data: data, secret: secret) }
    }
}

/// `reconcile(orders:settlements:movements:reports:config:)` off the caller's thread.
public func reconcileAsync(
    orders: [ReconOrder],
    settlements: [SettlementLine] = [],
    movements: [Movement] = [],
    reports: [ProcessorReport] = [],
    config: ReconConfig
) async throws -> Reconciliation {
    let args = Args(value: (orders, settlements, movements, reports, config))
    return try await detached {
        let (orders, settlements, movements, reports, config) = args.value
        return try reconcile(orders: orders, settlements: settlements, movements: movements, reports: reports, config: config)
    }
}

/// `reconcileJson(input:reports:)` off the caller's thread.
public func reconcileJsonAsync(input: String, reports: [ProcessorReport] = []) async throws -> Reconciliation {
    let args = Args(value: reports)
    return try await detached { try reconcileJson(input: input, reports: args.value) }
}
