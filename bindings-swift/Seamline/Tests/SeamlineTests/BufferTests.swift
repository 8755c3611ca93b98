import XCTest
import Seamline

final class BufferTests: XCTestCase {
    func testPromotionBurstNeedsTen() throws {
        XCTAssertEqual(try recommendBuffer(velocityPerHour: 24, exposureHours: 0.25, serviceLevel: 0.95), 10)
        let p = try oversellProbability(buffer: 3, velocityPerHour: 24, exposureHours: 0.25)
        XCTAssertEqual(p, 0.8487961172233521, accuracy: 1e-12)
    }

    func testMaxExposureInvertsTheBuffer() throws {
        let hours = try maxExposure(buffer: 10, velocityPerHour: 24, serviceLevel: 0.95)
        XCTAssertEqual(try oversellProbability(buffer: 10, velocityPerHour: 24, exposureHours: hours), 0.05, accuracy: 1e-12)
        XCTAssertEqual(try maxExposure(buffer: 0, velocityPerHour: 0, serviceLevel: 0.9), .infinity)
    }

    func testInvalidServiceLevelThrowsInvalidArgument() {
        XCTAssertThrowsError(try recommendBuffer(velocityPerHour: 24, exposureHours: 0.25, serviceLevel: 1.5)) { error in
            guard case SeamlineError.InvalidArgument(let code, let message) = error else {
                return XCTFail("wrong error \(error)")
            }
            XCTAssertEqual(code, "INVALID_ARGUMENT")
            XCTAssertTrue(message.contains("service_level"), message)
        }
        XCTAssertThrowsError(try recommendBuffer(velocityPerHour: .nan, exposureHours: 1, serviceLevel: 0.5)) { error in
            XCTAssertEqual((error as? SeamlineError)?.code, "INVALID_ARGUMENT")
        }
    }

    func testPolicies() throws {
        XCTAssertEqual(try publishedQuantity(onHand: 10, reserved: 0, policy: .fixed(units: 3)), 7)
        XCTAssertEqual(try publishedQuantity(onHand: 30, reserved: 0,
                                             policy: .percent(percent: 10, minUnits: 0, maxUnits: nil)), 27)
        let burst = BufferPolicy.velocity(velocityPerHour: 24, exposureHours: 0.25, serviceLevel: 0.95)
        XCTAssertEqual(try publishedQuantity(onHand: 25, reserved: 3, policy: burst), 12)
        XCTAssertEqual(try bufferUnits(policy: burst, available: 100), 10)
    }

    func testPolicyErrors() {
        XCTAssertThrowsError(try publishedQuantity(onHand: 3, reserved: -1, policy: .fixed(units: 1))) { error in
            XCTAssertEqual((error as? SeamlineError)?.code, "INVALID_QUANTITY")
        }
        XCTAssertThrowsError(try publishedQuantity(onHand: 3, reserved: 0,
                                                   policy: .percent(percent: 150, minUnits: 0, maxUnits: nil))) { error in
            XCTAssertEqual((error as? SeamlineError)?.code, "INVALID_ARGUMENT")
        }
    }
}
