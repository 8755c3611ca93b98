import Foundation
import XCTest
import Seamline

final class CatalogTests: XCTestCase {
    func testThePosCodeAndTheWebHandleAreOneSku() throws {
        let map = try SkuMap()
        try map.setRules(channel: "pos", caseFold: false, stripLeadingZeros: true, gtin: false)
        try map.setRules(channel: "web", caseFold: true, stripLeadingZeros: false, gtin: false)
        let report = try map.importRows(rows: [
            MappingRow(channel: "pos", externalId: "10042", components: [ComponentRow(sku: "RED-SHIRT-M", quantity: 1)], channelSku: nil),
            MappingRow(channel: "web", externalId: "red-shirt-m", components: [ComponentRow(sku: "RED-SHIRT-M", quantity: 1)], channelSku: nil),
            MappingRow(channel: "web", externalId: "SODA-6PK", components: [ComponentRow(sku: "SODA-CAN", quantity: 6)], channelSku: nil),
            MappingRow(channel: "web", externalId: " ", components: [ComponentRow(sku: "X", quantity: 1)], channelSku: nil),
        ], replace: false)
        XCTAssertEqual(report.added, 3)
        XCTAssertEqual(report.invalid.map(\.error.code), ["INVALID_ID"])
        XCTAssertEqual(try map.translate(channel: "pos", externalId: "0010042", quantity: 1).map(\.sku), ["RED-SHIRT-M"])
        XCTAssertEqual(try map.translate(channel: "web", externalId: "soda-6pk", quantity: 2).map(\.units), [12])
        XCTAssertThrowsError(try map.translate(channel: "pos", externalId: "99999", quantity: 1)) { error in
            XCTAssertEqual((error as? SeamlineError)?.code, "UNMAPPED_ID")
        }
        XCTAssertFalse(try map.noteReference(channel: "pos", externalId: "99999", quantity: 1, seenAt: Date()))
        XCTAssertEqual(try map.unmappedQueue().map(\.externalId), ["99999"])
        XCTAssertEqual(try map.missingIn(channel: "pos"), ["SODA-CAN"])
    }
}
