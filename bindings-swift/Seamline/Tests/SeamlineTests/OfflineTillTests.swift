import Foundation
import XCTest
import Seamline

/// The offline till, end to end: the morning's stock handed to the iPad, a
/// day of counter sales with no network, the app killed and relaunched from
/// its saved snapshot, and the merge when the connection comes back.
final class OfflineTillTests: XCTestCase {
    private let opening = Date(timeIntervalSince1970: 1_795_000_000)

    private func at(_ minute: Int) -> Date {
        opening.addingTimeInterval(Double(minute) * 60)
    }

    private func received(_ id: String, _ sku: String, _ quantity: Int64) -> StockEvent {
        StockEvent(eventId: id, sku: sku, location: "store-a", occurredAt: at(0), source: "wms", kind: .received(quantity: quantity))
    }

    private func sale(_ n: Int) -> StockEvent {
        StockEvent(
            eventId: "till-2-\(n)", sku: n % 4 == 0 ? "TEE" : "MUG", location: "store-a",
            occurredAt: at(60 + n * 30), source: "ipad-till-2", kind: .sold(quantity: 1, orderRef: "receipt-\(n)")
        )
    }

    func testADayOfCounterSalesOfflineSavedRestoredAndMerged() async throws {
        // 08:00: the store's stock, handed to the till as a snapshot.
        let central = try Ledger()
        _ = try await central.applyBatchAsync(events: [received("grn-1", "MUG", 20), received("grn-2", "TEE", 5)], now: at(0))
        var till = try await Ledger.fromSnapshotAsync(data: central.toSnapshotAsync())

        // 09:00 on, offline: twelve sales at the counter, the till's state saved after each.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("till-2-\(UUID().uuidString).snapshot")
        defer { try? FileManager.default.removeItem(at: file) }
        for n in 0..<12 {
            XCTAssertFalse(try till.apply(event: sale(n)).duplicate)
            try await till.toSnapshotAsync().write(to: file, options: .atomic)
            if n == 5 {
                // The app is killed at lunch and relaunched from what it saved.
                till = try await Ledger.fromSnapshotAsync(data: Data(contentsOf: file))
                XCTAssertEqual(try till.count(), 2 + 6)
            }
        }
        XCTAssertEqual(try till.stock(sku: "TEE", location: "store-a", now: at(600)).onHand, 2)

        // 12:00: the web, which still sees five T-shirts, promises three for pickup.
        _ = try central.apply(event: StockEvent(
            eventId: "web-h1", sku: "TEE", location: "store-a", occurredAt: at(240), source: "web",
            kind: .reserved(quantity: 3, reservationId: "pickup-77", expiresAt: nil)
        ))

        // 17:30, back online: the till's day merges into the centre.
        let report = try central.merge(other: till, now: at(570))
        XCTAssertEqual(report.applied, 12)
        XCTAssertEqual(report.duplicates.sorted(), ["grn-1", "grn-2"])
        XCTAssertTrue(report.rejected.isEmpty)
        guard case .overCommitted(let sku, _, let onHand, let reserved) = report.revealed.first else {
            return XCTFail("expected the pickup to be over-committed, got \(report.revealed)")
        }
        XCTAssertEqual(sku, "TEE")
        XCTAssertEqual([onHand, reserved], [2, 3])
        XCTAssertEqual(try central.stock(sku: "MUG", location: "store-a", now: at(570)).onHand, 11)

        // A retried upload changes nothing; the till refreshed from the centre agrees with it.
        XCTAssertEqual(try central.merge(other: till, now: at(571)).applied, 0)
        let refreshed = try await Ledger.fromSnapshotAsync(data: central.toSnapshotAsync())
        for sku in ["MUG", "TEE"] {
            XCTAssertEqual(
                try refreshed.stock(sku: sku, location: "store-a", now: at(600)),
                try central.stock(sku: sku, location: "store-a", now: at(600))
            )
        }
    }

    func testAsyncFormsThrowWhatTheSynchronousCallsThrow() async throws {
        do {
            _ = try await Ledger.fromSnapshotAsync(data: Data("{\"version\":2".utf8))
            XCTFail("a truncated snapshot restored")
        } catch let error as SeamlineError {
            XCTAssertEqual(error.code, "INVALID_SNAPSHOT")
        }
        let book = try CustomerBook()
        try await book.addRecordsAsync(records: [])
        let restored = try await CustomerBook.fromSnapshotAsync(data: book.toSnapshotAsync())
        XCTAssertEqual(try restored.recordCount(), 0)
    }
}
