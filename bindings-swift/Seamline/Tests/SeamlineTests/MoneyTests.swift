import Foundation
import XCTest
import Seamline

final class MoneyTests: XCTestCase {
    func testArithmeticIsExact() throws {
        let sum = try Money("0.1", "EUR") + Money("0.2", "EUR")
        XCTAssertEqual(sum.amount, Decimal(string: "0.3"))
        XCTAssertEqual(sum.currency, "EUR")
        XCTAssertEqual(try (Money("1.10", "USD") - Money("2", "USD")).amount, Decimal(string: "-0.9"))
    }

    func testCurrencyMismatchThrows() {
        XCTAssertThrowsError(try Money("1", "USD") + Money("1", "EUR")) { error in
            guard case SeamlineError.CurrencyMismatch = error else { return XCTFail("wrong error \(error)") }
            XCTAssertEqual((error as? SeamlineError)?.message, "currency mismatch in add: USD vs EUR")
        }
        XCTAssertThrowsError(try Money("1", "XYZ")) { error in
            XCTAssertEqual((error as? SeamlineError)?.code, "UNKNOWN_CURRENCY")
        }
    }

    func testRoundingAndAllocation() throws {
        XCTAssertEqual(try Money("2.345", "USD").rounded().amount, Decimal(string: "2.35"))
        XCTAssertEqual(try Money("2.345", "USD").rounded(.halfEven).amount, Decimal(string: "2.34"))
        let parts = try Money("100.00", "USD").allocated([1, 1, 1])
        XCTAssertEqual(parts.map(\.amount), [Decimal(string: "33.34")!, Decimal(string: "33.33")!, Decimal(string: "33.33")!])
        XCTAssertThrowsError(try Money("1.005", "USD").allocated([1])) { error in
            XCTAssertEqual((error as? SeamlineError)?.code, "INVALID_AMOUNT")
        }
        XCTAssertThrowsError(try Rounding(named: "nearest"))
    }

    func testMinorUnitsAndIdentifiers() throws {
        XCTAssertEqual(try minorUnits(currency: "KWD"), 3)
        XCTAssertEqual(try normalizeSku(value: "  RED-SHIRT-M "), "RED-SHIRT-M")
        XCTAssertThrowsError(try normalizeSku(value: " ")) { error in
            XCTAssertEqual((error as? SeamlineError)?.code, "INVALID_SKU")
        }
        let date = Date(timeIntervalSince1970: 1_764_147_600.25)
        XCTAssertEqual(try canonicalInstant(date), "2025-11-26T09:00:00.250Z")
        XCTAssertThrowsError(try canonicalInstant(text: "2026-11-26T10:00:00")) { error in
            XCTAssertEqual((error as? SeamlineError)?.code, "INVALID_TIMESTAMP")
        }
        XCTAssertEqual(Set(try errorCodes()).count, 27)
    }
}
