import Foundation
import XCTest
import Seamline

final class OrdersTests: XCTestCase {
    private let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    private func event(_ id: String, _ order: String, _ minute: Double, _ kind: OrderEventKind) -> OrderEvent {
        OrderEvent(eventId: id, orderId: order, occurredAt: t0.addingTimeInterval(minute * 60), source: "ipad-till-2", kind: kind)
    }

    private func received(_ ledger: Ledger, _ sku: String, _ location: String, _ quantity: Int64) throws {
        _ = try ledger.apply(event: StockEvent(eventId: "in-\(sku)-\(location)", sku: sku, location: location, occurredAt: t0,
                                               source: "erp", kind: .received(quantity: quantity)))
    }

    func testPickupOrderReturnedAtTheCounterWhileOffline() throws {
        let ledger = try Ledger()
        try received(ledger, "LAMP", "store-a", 2)
        let book = try OrderBook(shippingRefund: .onFullReturn)
        let order = Order(orderId: "w-1", channel: "web", location: "store-a", currency: "USD",
                          lines: [OrderLine(lineId: "1", sku: "LAMP", quantity: 2, unitPrice: Decimal(string: "30.00")!,
                                            discount: nil, tax: Decimal(string: "4.80")!)],
                          orderDiscount: nil, shipping: nil, customer: nil, fulfilment: .pickup)
        let placed = try book.applyWithLedger(ledger: ledger, event: event("p", "w-1", 0, .placed(order: order)))
        XCTAssertEqual(try ledger.stock(sku: "LAMP", location: "store-a", now: t0.addingTimeInterval(60)).available, 0)
        XCTAssertEqual(placed.stock.count, 1)
        _ = try book.apply(event: event("c", "w-1", 1, .captured(paymentId: "card", amount: Decimal(string: "64.80")!)))
        _ = try book.applyWithLedger(ledger: ledger, event: event("h", "w-1", 30, .fulfilled(
            shipmentId: "collected", location: "store-a", lines: [LineQuantity(lineId: "1", quantity: 2)])))
        let returned = try book.applyWithLedger(ledger: ledger, event: event("r", "w-1", 90, .returned(
            returnId: "ret", location: "store-a", channel: "pos",
            lines: [ReturnLine(lineId: "1", quantity: 1, disposition: .restocked)])))
        XCTAssertEqual(returned.transition.refundDue?.amount, Decimal(string: "32.40"))
        XCTAssertEqual(try ledger.stock(sku: "LAMP", location: "store-a", now: t0.addingTimeInterval(6000)).onHand, 1)
        XCTAssertThrowsError(try book.apply(event: event("f", "w-1", 91, .refunded(
            refundId: "f", returnId: "ret", amount: Decimal(string: "32.41")!)))) { error in
            XCTAssertEqual((error as? SeamlineError)?.code, "OVER_REFUND")
        }
        let status = try XCTUnwrap(try book.order(orderId: "w-1"))
        XCTAssertEqual(status.state, .partiallyReturned)
        XCTAssertEqual(status.total.amount, Decimal(string: "64.80"))
        let restored = try OrderBook.fromSnapshot(data: book.toSnapshot())
        XCTAssertEqual(try restored.order(orderId: "w-1")?.lines.first?.returned, 1)
    }

    func testResolverOwnerWinsAndConfigurationErrorsThrow() throws {
        let owners = [DomainOwner(domain: .inventory, system: "pos"), DomainOwner(domain: .orders, system: "oms"),
                      DomainOwner(domain: .customers, system: "crm"), DomainOwner(domain: .catalog, system: "pim"),
                      DomainOwner(domain: .payments, system: "psp")]
        let resolver = try Resolver(owners: owners, fields: [], rank: ["pos", "web"])
        let update = { (id: String, system: String, value: String, seconds: Double) in
            FieldUpdate(updateId: id, system: system, domain: .inventory, entity: "LAMP@store-a", field: "on_hand",
                        value: value, occurredAt: self.t0.addingTimeInterval(seconds))
        }
        XCTAssertEqual(try resolver.add(update: update("u1", "web", "6", 20)), .accepted)
        XCTAssertEqual(try resolver.add(update: update("u2", "pos", "4", 10)), .accepted)
        XCTAssertEqual(try resolver.add(update: update("u2", "pos", "4", 10)), .duplicate)
        let resolution = try resolver.resolve()
        XCTAssertEqual(resolution.fields.map { $0.winner.value }, ["4"])
        XCTAssertEqual(resolution.conflicts.map { $0.overwritten.system }, ["web"])
        XCTAssertThrowsError(try Resolver(owners: owners + [DomainOwner(domain: .inventory, system: "web")], fields: [], rank: [])) { error in
            XCTAssertEqual((error as? SeamlineError)?.code, "INVALID_CONFIGURATION")
        }
    }
}
