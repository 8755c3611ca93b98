// Runs the shared conformance vectors through the public Swift API.
import Foundation
import XCTest
@testable import Seamline

final class ConformanceTests: XCTestCase {
    private struct Unknown: Error { let what: String }

    private var vectorFiles: [URL] {
        let repo = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        var dirs = [repo.appendingPathComponent("tests/vectors")]
        if let extra = ProcessInfo.processInfo.environment["SEAMLINE_EXTRA_VECTORS"] {
            dirs.append(URL(fileURLWithPath: extra))
        }
        return dirs.flatMap { dir in
            ((try? FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)) ?? [])
                .filter { $0.pathExtension == "json" }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        }
    }

    /// JSON has no NaN or infinity; the vectors spell them as strings.
    private func real(_ value: Any?) throws -> Double {
        switch value {
        case let n as NSNumber: return n.doubleValue
        case "NaN" as String: return .nan
        case "inf" as String: return .infinity
        case "-inf" as String: return -.infinity
        default: throw Unknown(what: "real \(String(describing: value))")
        }
    }

    private func int(_ value: Any?) throws -> Int64 {
        guard let n = value as? NSNumber else { throw Unknown(what: "int \(String(describing: value))") }
        return n.int64Value
    }

    private func text(_ value: Any?) throws -> String {
        guard let s = value as? String else { throw Unknown(what: "text \(String(describing: value))") }
        return s
    }

    private func money(_ value: Any?) throws -> Money {
        let m = value as? [String: Any] ?? [:]
        return try Money(try text(m["amount"]), try text(m["currency"]))
    }

    private func moneyJSON(_ m: Money) -> [String: Any] {
        ["amount": m.amount, "currency": m.currency]
    }

    private func policy(_ value: Any?) throws -> BufferPolicy {
        let p = value as? [String: Any] ?? [:]
        switch try text(p["kind"]) {
        case "fixed": return .fixed(units: UInt64(try int(p["units"])))
        case "percent":
            let max = p["max_units"] is NSNull ? nil : UInt64(try int(p["max_units"]))
            return .percent(percent: Decimal(string: try text(p["percent"]))!,
                            minUnits: UInt64(try int(p["min_units"])), maxUnits: max)
        case "velocity":
            return .velocity(velocityPerHour: try real(p["velocity_per_hour"]),
                             exposureHours: try real(p["exposure_hours"]),
                             serviceLevel: try real(p["service_level"]))
        case let other: throw Unknown(what: "policy \(other)")
        }
    }

    private func run(_ op: String, _ input: [String: Any]) throws -> Any {
        switch op {
        case "recommend_buffer":
            return try recommendBuffer(velocityPerHour: real(input["velocity_per_hour"]),
                                       exposureHours: real(input["exposure_hours"]),
                                       serviceLevel: real(input["service_level"]))
        case "oversell_probability":
            return try oversellProbability(buffer: UInt64(int(input["buffer"])),
                                           velocityPerHour: real(input["velocity_per_hour"]),
                                           exposureHours: real(input["exposure_hours"]))
        case "max_exposure":
            let hours = try maxExposure(buffer: UInt64(int(input["buffer"])),
                                        velocityPerHour: real(input["velocity_per_hour"]),
                                        serviceLevel: real(input["service_level"]))
            return hours.isInfinite ? "inf" as Any : hours
        case "published_quantity":
            return try publishedQuantity(onHand: int(input["on_hand"]), reserved: int(input["reserved"]),
                                         policy: policy(input["policy"]))
        case "money_add": return moneyJSON(try money(input["a"]) + money(input["b"]))
        case "money_subtract": return moneyJSON(try money(input["a"]) - money(input["b"]))
        case "money_round":
            return moneyJSON(try money(input["money"]).rounded(Rounding(named: text(input["mode"]))))
        case "money_allocate":
            let weights = try (input["weights"] as? [Any] ?? []).map { Decimal(string: try text($0))! }
            return try money(input["total"]).allocated(weights).map(moneyJSON)
        case "currency_minor_units": return try minorUnits(currency: text(input["currency"]))
        case "sku_normalize": return try normalizeSku(value: text(input["value"]))
        case "instant_canonical": return try canonicalInstant(text: text(input["text"]))
        default: throw Unknown(what: "op \(op)")
        }
    }

    /// Compares a result with its expectation; money amounts compare as decimals.
    private func same(_ actual: Any, _ expected: Any) -> Bool {
        switch (actual, expected) {
        case let (a as Decimal, e as String): return Decimal(string: e) == a
        case let (a as [String: Any], e as [String: Any]):
            return a.keys.sorted() == e.keys.sorted() && a.allSatisfy { k, v in same(v, e[k]!) }
        case let (a as [Any], e as [Any]): return a.count == e.count && zip(a, e).allSatisfy { same($0, $1) }
        case let (a as String, e as String): return a == e
        case let (a as UInt64, e as NSNumber): return a == e.uint64Value
        case let (a as UInt32, e as NSNumber): return a == e.uint32Value
        case let (a as Double, e as NSNumber): return a == e.doubleValue
        default: return false
        }
    }

    func testVectors() throws {
        var count = 0
        var failures: [String] = []
        for file in vectorFiles {
            let doc = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as! [String: Any]
            for case let c as [String: Any] in doc["cases"] as! [Any] {
                count += 1
                let name = "\(file.lastPathComponent): \(c["name"] as! String)"
                let op = c["op"] as! String
                let input = c["input"] as! [String: Any]
                do {
                    let actual = try run(op, input)
                    if let code = c["expect_error"] as? String {
                        failures.append("\(name): expected \(code), got \(actual)")
                    } else if let tolerance = c["tolerance"] as? NSNumber {
                        let expected = (c["expect"] as! NSNumber).doubleValue
                        if abs((actual as! Double) - expected) > tolerance.doubleValue {
                            failures.append("\(name): expected \(expected), got \(actual)")
                        }
                    } else if !same(actual, c["expect"]!) {
                        failures.append("\(name): expected \(c["expect"]!), got \(actual)")
                    }
                } catch let error as SeamlineError {
                    if error.code != c["expect_error"] as? String {
                        failures.append("\(name): unexpected error \(error.code): \(error.message)")
                    }
                }
            }
        }
        XCTAssertGreaterThan(count, 0, "no conformance vectors found")
        XCTAssertEqual(failures, [], "\(failures.count) of \(count) vectors failed")
    }
}
