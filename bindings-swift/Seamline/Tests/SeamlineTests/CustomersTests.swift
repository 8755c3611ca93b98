import Foundation
import XCTest
import Seamline

final class CustomersTests: XCTestCase {
    private let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    func testTheCounterPhoneAndTheWebEmailAreOneCustomerOffline() throws {
        XCTAssertEqual(try normalizePhone(value: "(415) 555-2671", region: "US"), "+14155552671")
        XCTAssertThrowsError(try normalizeEmail(value: "ann.lee@example")) { error in
            XCTAssertEqual((error as? SeamlineError)?.code, "INVALID_IDENTIFIER")
        }
        let book = try CustomerBook()
        try book.addRecords(records: [
            CustomerRecord(source: "pos", recordId: "c-17", observedAt: t0, region: nil,
                           identifiers: [IdentifierInput(kind: "phone", value: "(415) 555-2671", hashed: false),
                                         IdentifierInput(kind: "loyalty", value: "7788-1234", hashed: false)],
                           attributes: ["name": "Ann Lee"]),
            CustomerRecord(source: "web", recordId: "u-901", observedAt: t0.addingTimeInterval(60), region: nil,
                           identifiers: [IdentifierInput(kind: "email", value: "ann.lee@example.com", hashed: false),
                                         IdentifierInput(kind: "phone", value: "+1 415 555 2671", hashed: false)],
                           attributes: [:]),
        ])
        let resolution = try book.resolution()
        XCTAssertEqual(resolution.profiles.count, 1)
        let profile = resolution.profiles[0]
        XCTAssertEqual(profile.members, ["pos/c-17", "web/u-901"])
        XCTAssertTrue(try book.applyPoints(event: PointsEvent(eventId: "e1", loyaltyId: "77881234", record: nil,
                                                              kind: .earn, points: 80, occurredAt: t0)))
        XCTAssertThrowsError(try book.applyPoints(event: PointsEvent(eventId: "r1", loyaltyId: nil, record: "web/u-901",
                                                                     kind: .redeem, points: 81, occurredAt: t0))) { error in
            XCTAssertEqual((error as? SeamlineError)?.code, "INSUFFICIENT_POINTS")
        }
        XCTAssertEqual(try book.balance(profileId: profile.profileId), 80)
        let restored = try CustomerBook.fromSnapshot(data: book.toSnapshot())
        XCTAssertEqual(try restored.totalPoints(), 80)
    }

    func testAShopperAddedToAResolvedBookReadsBackAlone() throws {
        let book = try CustomerBook()
        try book.addRecords(records: [
            CustomerRecord(source: "pos", recordId: "c-17", observedAt: t0, region: nil,
                           identifiers: [IdentifierInput(kind: "phone", value: "(415) 555-2671", hashed: false)],
                           attributes: ["name": "Ann Lee"]),
        ])
        let ann = try XCTUnwrap(book.profileOf(record: "pos/c-17"))
        XCTAssertEqual(ann.members, ["pos/c-17"])
        try book.addRecords(records: [
            CustomerRecord(source: "web", recordId: "u-901", observedAt: t0, region: nil,
                           identifiers: [IdentifierInput(kind: "email", value: "ann@example.com", hashed: false),
                                         IdentifierInput(kind: "phone", value: "+14155552671", hashed: false)],
                           attributes: [:]),
        ])
        let joined = try XCTUnwrap(book.profileOf(record: "web/u-901"))
        XCTAssertEqual(joined.profileId, ann.profileId)
        XCTAssertEqual(joined.members, ["pos/c-17", "web/u-901"])
        XCTAssertEqual(joined.golden, ["name": "Ann Lee"])
        XCTAssertEqual(try book.profile(profileId: ann.profileId)?.members, joined.members)
        XCTAssertNil(try book.profileOf(record: "web/nobody"))
        XCTAssertNil(try book.profile(profileId: "P-0000000000000000"))
    }

    /// A record with clear identifiers and no attributes.
    private func shopper(_ source: String, _ id: String, _ ids: [(String, String)]) -> CustomerRecord {
        CustomerRecord(source: source, recordId: id, observedAt: t0, region: nil,
                       identifiers: ids.map { IdentifierInput(kind: $0.0, value: $0.1, hashed: false) },
                       attributes: [:])
    }

    func testEveryProfileReadsOneAtATimeInIdOrder() throws {
        let book = try CustomerBook()
        try book.addRecords(records: [
            shopper("pos", "c-17", [("phone", "(415) 555-2671")]),
            shopper("web", "u-901", [("email", "ann@example.com"), ("phone", "+14155552671")]),
            shopper("pos", "c-40", [("phone", "(212) 555-0123")]),
        ])
        let everything = try book.resolution().profiles
        XCTAssertEqual(everything.count, 2)
        XCTAssertEqual(try book.profileIds(), everything.map(\.profileId))
        XCTAssertEqual(try book.profiles().map(\.members), everything.map(\.members))
        XCTAssertEqual(try book.profiles().map(\.profileId), everything.map(\.profileId))
        // `a/b` + `c` would share its key with `a` + `b/c`: refused, and nothing of the batch added.
        XCTAssertThrowsError(try book.addRecords(records: [shopper("a/b", "c", [])])) { error in
            XCTAssertEqual((error as? SeamlineError)?.code, "INVALID_ID")
        }
        XCTAssertEqual(try book.profileIds().count, 2)
        // A policy mistake throws when the book is made.
        XCTAssertThrowsError(try CustomerBook.withPolicy(policy: LinkPolicy(
            linkKinds: ["email"], limits: [:], blocked: [], emailProviderRules: false,
            defaultRegion: "XX", sourcePriority: []))) { error in
            XCTAssertEqual((error as? SeamlineError)?.code, "INVALID_ARGUMENT")
        }
    }

    func testAReviewItemIsAcceptedAsShownAndCorrectionsAreWithdrawn() throws {
        let book = try CustomerBook()
        try book.addRecords(records: [
            shopper("pos", "r1", [("loyalty", "11111111"), ("email", "ann@example.com")]),
            shopper("pos", "r2", [("loyalty", "1111-1111")]),
            shopper("web", "r3", [("loyalty", "22222222"), ("email", "ANN@example.com")]),
        ])
        _ = try book.applyPoints(event: PointsEvent(eventId: "e1", loyaltyId: nil, record: "pos/r2",
                                                    kind: .earn, points: 50, occurredAt: t0))
        let item = try book.resolution().review[0]
        let accept = Correction.acceptReview(left: item.left, right: item.right, by: "cs-2", reason: "same shopper")
        let effect = try book.correct(correction: accept)
        XCTAssertTrue(effect.recorded)
        XCTAssertEqual(effect.moved.map(\.record), ["web/r3"])
        let profile = try XCTUnwrap(try book.profileOf(record: "pos/r2"))
        XCTAssertEqual(profile.members, ["pos/r1", "pos/r2", "web/r3"])
        XCTAssertEqual(try book.balance(profileId: profile.profileId), 50)
        XCTAssertEqual(try book.corrections().count, 1)
        XCTAssertTrue(try book.withdraw(correction: accept).recorded)
        XCTAssertEqual(try book.corrections().count, 0)
        XCTAssertEqual(try book.profileOf(record: "web/r3")?.members, ["web/r3"])
        _ = try book.applyPoints(event: PointsEvent(eventId: "e2", loyaltyId: nil, record: "app/later",
                                                    kind: .earn, points: 7, occurredAt: t0))
        XCTAssertEqual(try book.unclaimedPoints().map(\.account), ["record:app/later"])
    }

    func testAKeyedBookRestoresOnlyWithItsSecret() throws {
        let secret = Data(repeating: 7, count: 32)
        let keyed = try CustomerBook.keyed(secret: secret)
        let plain = try CustomerBook()
        let shopper = CustomerRecord(source: "pos", recordId: "a", observedAt: t0, region: nil,
                                     identifiers: [IdentifierInput(kind: "phone", value: "(415) 555-2671", hashed: false)],
                                     attributes: [:])
        try keyed.addRecords(records: [shopper])
        try plain.addRecords(records: [shopper])
        XCTAssertEqual(try plain.profileIds().count, 1)
        XCTAssertNotEqual(try keyed.profileIds(), try plain.profileIds())
        // The plain profile shows the phone's SHA-256; the keyed one does not.
        let phone = "cb6880e416769253645cb9c6b8989154bf66a56a77fc14c81fb1019663cbb928"
        XCTAssertEqual(try plain.profileOf(record: "pos/a")?.identifiers, [ProfileIdentifier(kind: "phone", hash: phone)])
        XCTAssertEqual(try keyed.profileOf(record: "pos/a")?.identifiers.map { $0.kind }, ["phone"])
        XCTAssertNotEqual(try keyed.profileOf(record: "pos/a")?.identifiers.first?.hash, phone)
        let data = try keyed.toSnapshot()
        XCTAssertEqual(try CustomerBook.fromSnapshot(data: data, secret: secret).profileIds(), try keyed.profileIds())
        XCTAssertThrowsError(try CustomerBook.fromSnapshot(data: data)) { error in
            XCTAssertEqual((error as? SeamlineError)?.code, "INVALID_ARGUMENT")
        }
    }

    func testAScoringsGivenProbabilitiesAreThreeEach() throws {
        let book = try CustomerBook()
        try book.addRecords(records: ["Ann", "Anne"].enumerated().map { i, given in
            CustomerRecord(source: "pos", recordId: "\(i)", observedAt: t0, region: nil, identifiers: [],
                           attributes: ["given_name": given, "surname": "Lee"])
        })
        func scoring(m: [Double]) -> Scoring {
            Scoring(fields: [ScoringField(attribute: "given_name", compare: .name, m: m, u: [0.05, 0.05, 0.9])],
                    blocking: [[BlockingPart(attribute: "surname")]], prior: 0.5)
        }
        // Given m and u and prior: no EM; close names weigh log2(0.05 / 0.05) = 0.
        let found = try book.suggestions(scoring: scoring(m: [0.9, 0.05, 0.05]))
        XCTAssertEqual(found.map { $0.evidence.map { $0.level } }, [["close"]])
        XCTAssertEqual(found.first?.probability ?? 0, 0.5, accuracy: 1e-12)
        XCTAssertThrowsError(try book.suggestions(scoring: scoring(m: [0.9, 0.1]))) { error in
            XCTAssertEqual((error as? SeamlineError)?.code, "INVALID_ARGUMENT")
            XCTAssertTrue((error as? SeamlineError)?.message.contains("scoring.fields[0].m") ?? false, "\(error)")
        }
    }
}
