import Foundation
import XCTest
import Seamline

final class LedgerTests: XCTestCase {
    private func at(_ minute: Int) -> Date {
        Date(timeIntervalSince1970: 1_795_000_000 + Double(minute) * 60)
    }

    private func event(_ id: String, _ minute: Int, _ kind: StockEventKind) -> StockEvent {
        StockEvent(eventId: id, sku: "RED-SHIRT-M", location: "store", occurredAt: at(minute), source: "ipad-till-2", kind: kind)
    }

    func testLastUnitSoldAtTheCounterLeavesTheWeb() throws {
        let book = try Ledger()
        _ = try book.apply(event: event("e1", 0, .received(quantity: 1)))
        XCTAssertEqual(try book.publish(sku: "RED-SHIRT-M", locations: ["store"], policy: .fixed(units: 0), now: at(1)).quantity, 1)
        _ = try book.apply(event: event("e2", 1, .sold(quantity: 1, orderRef: "receipt-9")))
        XCTAssertEqual(try book.publish(sku: "RED-SHIRT-M", locations: ["store"], policy: .fixed(units: 0), now: at(2)).quantity, 0)
    }

    func testDuplicatesAndRefusedReservations() throws {
        let book = try Ledger()
        XCTAssertFalse(try book.apply(event: event("e1", 0, .received(quantity: 1))).duplicate)
        XCTAssertTrue(try book.apply(event: event("e1", 0, .received(quantity: 1))).duplicate)
        XCTAssertThrowsError(try book.apply(event: event("e1", 0, .received(quantity: 2)))) { error in
            XCTAssertEqual((error as? SeamlineError)?.code, "CONFLICTING_DUPLICATE")
        }
        XCTAssertThrowsError(try book.apply(event: event("h", 1, .reserved(quantity: 2, reservationId: "cart", expiresAt: nil)))) { error in
            guard case SeamlineError.InsufficientStock = error else { return XCTFail("wrong error \(error)") }
        }
        XCTAssertEqual(try book.count(), 1)
    }

    func testOfflineTillUploadRevealsOverCommittedReservations() throws {
        let book = try Ledger()
        _ = try book.apply(event: event("e1", 0, .received(quantity: 2)))
        _ = try book.apply(event: event("h1", 30, .reserved(quantity: 2, reservationId: "pickup-1", expiresAt: nil)))
        let report = try book.applyBatch(events: [
            event("till-1", 10, .sold(quantity: 1, orderRef: nil)),
            event("till-1", 10, .sold(quantity: 1, orderRef: nil)),
            StockEvent(eventId: "till-2", sku: " ", location: "store", occurredAt: at(11), source: "ipad", kind: .sold(quantity: 1, orderRef: nil)),
        ], now: at(59))
        XCTAssertEqual(report.applied, 1)
        XCTAssertEqual(report.duplicates, ["till-1"])
        XCTAssertEqual(report.rejected.map(\.error.code), ["INVALID_SKU"])
        XCTAssertEqual(report.rejected.map(\.index), [2])
        guard case .overCommitted(_, _, let onHand, let reserved) = report.revealed.first else {
            return XCTFail("expected an over-committed reservation, got \(report.revealed)")
        }
        XCTAssertEqual([onHand, reserved], [1, 2])
    }

    func testSnapshotHistoryAndReservationState() throws {
        let book = try Ledger()
        _ = try book.apply(event: event("e1", 0, .received(quantity: 10)))
        _ = try book.apply(event: event("c1", 10, .counted(onHand: 7, expectedOnHand: nil)))
        XCTAssertEqual(try book.history(sku: "RED-SHIRT-M", location: "store").map(\.onHandAfter), [10, 7])
        let restored = try Ledger.fromSnapshot(data: book.toSnapshot())
        XCTAssertEqual(try restored.stock(sku: "RED-SHIRT-M", location: "store", now: at(11)).onHand, 7)
        XCTAssertThrowsError(try Ledger.fromSnapshot(data: Data("{".utf8))) { error in
            XCTAssertEqual((error as? SeamlineError)?.code, "INVALID_SNAPSHOT")
        }
        _ = try book.apply(event: event("h", 11, .reserved(quantity: 1, reservationId: "cart", expiresAt: at(20))))
        XCTAssertEqual(try book.reservationState(reservationId: "cart", now: at(19)), .held)
        XCTAssertEqual(try book.reservationState(reservationId: "cart", now: at(20)), .expired)
        XCTAssertThrowsError(try parseInstant(text: "2026-11-26T10:00:00")) { error in
            XCTAssertEqual((error as? SeamlineError)?.code, "INVALID_TIMESTAMP")
        }
    }

    func testSyncHealthFindsLostEventsAndAStoppedSync() throws {
        let seen = [SyncObservation(source: "till-1", sequence: 1, sentAt: at(0)),
                    SyncObservation(source: "till-1", sequence: 4, sentAt: at(1))]
        let issues = try syncHealth(observations: seen, now: at(59), maxSilenceSeconds: 1800)
        XCTAssertEqual(issues.count, 2)
        guard case .gap(_, let first, let last, let missing, _, _) = issues[0] else { return XCTFail("\(issues)") }
        XCTAssertEqual([first, last, missing], [2, 3, 2])
        XCTAssertThrowsError(try syncHealth(observations: seen, now: at(59), maxSilenceSeconds: 0))
    }

    func testCartIsAllOrNothing() throws {
        let book = try Ledger()
        _ = try book.apply(event: event("e1", 0, .received(quantity: 3)))
        let line = CartLine(sku: "RED-SHIRT-M", location: "store", quantity: 2)
        let cart = CartReservation(cartId: "web-cart-5", lines: [line, line], occurredAt: at(1), expiresAt: nil,
                                   source: "web", allowPartial: false)
        XCTAssertThrowsError(try book.reserveCart(cart: cart)) { error in
            XCTAssertEqual((error as? SeamlineError)?.code, "INSUFFICIENT_STOCK")
        }
        var partial = cart
        partial.allowPartial = true
        let held = try book.reserveCart(cart: partial)
        XCTAssertEqual(held.map(\.reserved), [3])
    }
}
