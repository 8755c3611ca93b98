import XCTest
import Seamline

/// No panic crosses the boundary: it reaches the app as a coded error.
final class PanicTests: XCTestCase {
    func testAPanicIsACodedInternalError() throws {
        XCTAssertThrowsError(try forcePanicForTesting(message: "forced for the test")) { error in
            guard case SeamlineError.Internal(let code, let message) = error else {
                return XCTFail("wrong error \(error)")
            }
            XCTAssertEqual(code, "INTERNAL")
            XCTAssertTrue(message.contains("forced for the test"), message)
        }
        XCTAssertEqual(try recommendBuffer(velocityPerHour: 24, exposureHours: 0.25, serviceLevel: 0.95), 10)
    }
}
