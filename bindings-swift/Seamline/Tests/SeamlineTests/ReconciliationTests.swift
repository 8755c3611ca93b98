import Foundation
import XCTest
import Seamline

final class ReconciliationTests: XCTestCase {
    private let placed = Date(timeIntervalSince1970: 1_795_000_000)

    private func counterSale(_ id: String, card: Decimal, cash: Decimal) -> ReconOrder {
        var payments = [Payment(paymentId: "card", method: .card, processor: "adyen", processorReference: "psp-\(id)",
                                     amount: card, capturedAt: placed)]
        if cash > 0 {
            payments.append(Payment(paymentId: "cash", method: .cash, processor: nil, processorReference: nil,
                                         amount: cash, capturedAt: placed))
        }
        return ReconOrder(orderId: id, channel: "pos", currency: "EUR", total: card + cash, placedAt: placed, customer: nil,
                          payments: payments,
                          fulfilments: [FulfilledLine(lineId: "1", sku: "MUG", quantity: 1, location: "store-a", fulfilledAt: placed)],
                          returns: [], refunds: [])
    }

    private func sale(_ id: String) -> Movement {
        Movement(id: "m-\(id)", sku: "MUG", location: "store-a", delta: -1, kind: .sale, orderReference: id,
                      returnReference: nil, occurredAt: placed)
    }

    func testASplitTenderCounterSaleTiesOutAndAMissingSettlementIsQueued() throws {
        let settled = SettlementLine(id: "s-1", kind: .charge, processor: "adyen", processorReference: "psp-P1",
                                     merchantReference: "P1", gross: Decimal(string: "12.00"), fee: Decimal(string: "0.30"),
                                     net: Decimal(string: "11.70")!, currency: "EUR", settledAt: placed.addingTimeInterval(86_400),
                                     batchId: "42")
        let config = ReconConfig(asOf: placed.addingTimeInterval(5 * 86_400), feeSchedule: [
            FeeRule(processor: "adyen", channel: nil, method: nil, percent: Decimal(string: "2.5")!, fixed: 0),
        ])
        let r = try reconcile(orders: [counterSale("P1", card: 12, cash: 8), counterSale("P2", card: 5, cash: 0)],
                              settlements: [settled], movements: [sale("P1"), sale("P2")], config: config)
        let exceptions = try r.exceptions()
        XCTAssertEqual(exceptions.map(\.reason), [.missingSettlement])
        XCTAssertEqual(exceptions.first?.key.orderId, "P2")
        XCTAssertEqual(exceptions.first?.amountAtRisk, 5)
        XCTAssertEqual(try r.rows().payments.matched, 2)
        XCTAssertEqual(try r.summary().first?.actualFees, Decimal(string: "0.30"))
        XCTAssertTrue(try r.exceptionsCsv().contains(",MISSING_SETTLEMENT,payment,P2,card,EUR,"))
        let queue = try r.queue(previous: [], accepted: [])
        XCTAssertEqual(queue.map(\.status), [.new])
    }

    func testAnOpenPickupOrderWaitsForCaptureAndTheReportLeadsWithTheBooks() throws {
        var pickup = counterSale("W1", card: 18, cash: 0)
        pickup.status = .open
        pickup.payments = []
        pickup.fulfilments = []
        let r = try reconcile(orders: [pickup], settlements: [], movements: [],
                              config: ReconConfig(asOf: placed.addingTimeInterval(86_400)))
        XCTAssertEqual(try r.exceptions().map(\.reason), [])
        XCTAssertEqual(try r.pending().map(\.reason), [.awaitingCapture])
        let books = try XCTUnwrap(try r.summary().first)
        XCTAssertEqual(books.awaitingCapture, 18)
        XCTAssertEqual(books.openOrders, 1)
        XCTAssertEqual(books.identities.map(\.name),
                       ["captured_settles", "refunds_settle", "gross_less_fees_is_net", "payouts_equal_batches"])
        XCTAssertTrue(books.identities.allSatisfy(\.ok))
        XCTAssertTrue(try r.pendingCsv().contains("order,,W1,awaiting_capture,"))
        let html = try r.reportHtml(title: "Counter")
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        XCTAssertTrue(html.contains("Every identity holds"))
        // Saved in an app's cache and read back after a restart: the same reconciliation.
        let again = try reconciliationFromJson(data: try r.toJson())
        XCTAssertEqual(try again.pendingCsv(), try r.pendingCsv())
        XCTAssertEqual(try again.summary().first?.awaitingCapture, 18)
        XCTAssertThrowsError(try reconciliationFromJson(data: Data("{}".utf8))) { error in
            XCTAssertEqual((error as? SeamlineError)?.code, "INVALID_SNAPSHOT")
        }
    }

    func testAnOrderWithABadCurrencyIsAnInvalidRowNotAThrow() throws {
        var bad = counterSale("P3", card: 1, cash: 0)
        bad.currency = "EURO"
        let r = try reconcile(orders: [counterSale("P1", card: 0.5, cash: 0), bad], settlements: [], movements: [sale("P1")],
                              config: ReconConfig(asOf: placed.addingTimeInterval(86_400)))
        // The order and each of its payments are rows of their own: all counted, none dropped.
        let invalid = try r.exceptions()
        XCTAssertEqual(invalid.map(\.reason), [.invalidRow, .invalidRow, .invalidRow])
        let order = invalid.first { $0.key.kind == .order }
        XCTAssertTrue(order?.message.contains("orders[1].currency") ?? false, order?.message ?? "")
        XCTAssertTrue(invalid.filter { $0.key.kind == .payment }.allSatisfy { $0.message.contains("its order P3 could not be read") })
        XCTAssertEqual(try r.pending().map(\.reason), [.awaitingSettlement])
        XCTAssertThrowsError(try reconcile(orders: [], config: ReconConfig(asOf: placed, feeTolerance: -1))) { error in
            XCTAssertEqual((error as? SeamlineError)?.code, "INVALID_CONFIGURATION")
        }
    }

    func testAdyenReportFilesBecomeSettlementLinesAndUnknownRowsReachTheQueue() throws {
        let csv = """
        Merchant Account,Psp Reference,Merchant Reference,Type,Modification Reference,Gross Currency,Gross Credit (GC),Net Currency,Net Credit (NC),Commission (NC),Creation Date,TimeZone,Batch Number
        POS,psp-P1,P1,settled,psp-P1,EUR,12.00,EUR,11.70,0.30,2026-11-21 03:00:00,CET,42
        POS,,,SomethingNew,,,,EUR,0.10,,2026-11-21 04:00:00,CET,42
        """
        let report = try readReport(processor: .adyen, files: [ReportFileData(name: "batch_42.csv", content: Data(csv.utf8))])
        XCTAssertEqual(try report.lines().first?.gross, Decimal(string: "12.00"))
        XCTAssertEqual(try report.lines().first?.id, "adyen/POS/42/Settled/psp-P1/psp-P1")
        XCTAssertEqual(try report.unknown().map(\.rowType), ["SomethingNew"])
        XCTAssertEqual(try report.unknown().map(\.line), [3])
        let r = try reconcile(orders: [], reports: [report], config: ReconConfig(asOf: Date(timeIntervalSince1970: 1_795_000_000)))
        XCTAssertTrue(try r.exceptions().contains { $0.reason == .invalidRow && $0.key.id == "batch_42.csv:3" })
        XCTAssertThrowsError(try readReport(processor: .stripe, files: [ReportFileData(name: "orders.csv", content: Data("Order ID,Total\nW1,1\n".utf8))])) { error in
            XCTAssertEqual((error as? SeamlineError)?.code, "INVALID_ARGUMENT")
        }
    }

    func testALargeReportReadsAlikeOnOneThreadAndOnSeveral() throws {
        // 10 MiB of Adyen rows: cut into parts and read side by side by default.
        var csv = "Merchant Account,Psp Reference,Merchant Reference,Type,Modification Reference,Gross Currency,Gross Credit (GC),Net Currency,Net Credit (NC),Commission (NC),Creation Date,TimeZone,Batch Number\n"
        for i in 0..<100_000 {
            csv += "POS,psp-\(i),P\(i),Settled,psp-\(i),EUR,12.00,EUR,11.70,0.30,2026-11-21 03:00:00,CET,\(i / 1000)\n"
        }
        XCTAssertGreaterThan(csv.utf8.count, 8 << 20)
        let file = [ReportFileData(name: "big.csv", content: Data(csv.utf8))]
        let parts = try readReport(processor: .adyen, files: file)
        let one = try readReport(processor: .adyen, files: file, options: ReportOptions(threads: 1))
        XCTAssertEqual(try parts.lines().count, 100_000)
        XCTAssertEqual(try parts.lines().map(\.id), try one.lines().map(\.id))
        XCTAssertThrowsError(try readReport(processor: .adyen, files: file, options: ReportOptions(threads: 0))) { error in
            XCTAssertEqual((error as? SeamlineError)?.code, "INVALID_ARGUMENT")
        }
    }

    func testAChargebackCarriesItsOrderAndAnAcceptedItemStaysClosedTomorrow() throws {
        let charged = SettlementLine(id: "s-1", kind: .charge, processor: "adyen", processorReference: "psp-P1",
                                     merchantReference: "P1", gross: 20, fee: 0, net: 20, currency: "EUR",
                                     settledAt: placed.addingTimeInterval(86_400), batchId: nil)
        let disputed = SettlementLine(id: "cb-1", kind: .chargeback, processor: "adyen", processorReference: "psp-P1",
                                      merchantReference: nil, gross: -20, fee: 0, net: -20, currency: "EUR",
                                      settledAt: placed.addingTimeInterval(2 * 86_400), batchId: nil)
        let config = ReconConfig(asOf: placed.addingTimeInterval(5 * 86_400))
        let r = try reconcile(orders: [counterSale("P1", card: 20, cash: 0)], settlements: [charged, disputed],
                              movements: [sale("P1")], config: config)
        let chargeback = try XCTUnwrap(try r.exceptions().first { $0.reason == .chargeback })
        // The order read back whole, as core serialized it, to pull for a representment.
        XCTAssertEqual(chargeback.evidence?.orderId, "P1")
        XCTAssertEqual(chargeback.evidence?.payments.first?.processorReference, "psp-P1")
        XCTAssertEqual(chargeback.evidence?.placedAt, placed)
        // Every enum reads as its stable wire name.
        XCTAssertEqual("\(chargeback.reason)", "CHARGEBACK")
        XCTAssertEqual(["low", "medium", "high"], ["\(Severity.low)", "\(Severity.medium)", "\(Severity.high)"])
        XCTAssertEqual("\(RowKind.orderSku)", "order_sku")
        XCTAssertEqual(try r.summary().first?.byReason["CHARGEBACK"], 1)
        // Yesterday's queue and an acceptance go back through core's reader.
        let today = try r.queue(previous: [], accepted: [])
        let accept = Acceptance(exceptionId: chargeback.id, fingerprint: chargeback.fingerprint, by: "ops",
                                note: "represented", at: placed.addingTimeInterval(5 * 86_400))
        let tomorrow = try r.queue(previous: today, accepted: [accept])
        XCTAssertEqual(tomorrow.first { $0.exceptionId == chargeback.id }?.status, .accepted)
        XCTAssertEqual(tomorrow.first { $0.exceptionId == chargeback.id }?.acceptance?.by, "ops")
        // An acceptance without a reason is refused by core's rule, as from every language.
        var unexplained = accept
        unexplained.note = " "
        XCTAssertThrowsError(try r.queue(previous: today, accepted: [unexplained])) { error in
            XCTAssertEqual((error as? SeamlineError)?.code, "INVALID_ARGUMENT")
        }
    }
}
