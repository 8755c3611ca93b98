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
        // Decimal text: Foundation's JSON parser rounds 1 - 2^-53 to 1.
        case let text as String:
            guard let d = Double(text) else { throw Unknown(what: "real \(text)") }
            return d
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

    /// A vector's event (core's wire form) as the Swift record; text times go through `parseInstant`.
    private func stockEvent(_ e: [String: Any]) throws -> StockEvent {
        func q(_ key: String) throws -> Int64 { try int(e[key]) }
        func s(_ key: String) throws -> String { try text(e[key]) }
        func optInt(_ key: String) throws -> Int64? { e[key] == nil || e[key] is NSNull ? nil : try int(e[key]) }
        let kind: StockEventKind
        switch try s("type") {
        case "received": kind = .received(quantity: try q("quantity"))
        case "sold": kind = .sold(quantity: try q("quantity"), orderRef: e["order_ref"] as? String)
        case "returned": kind = .returned(quantity: try q("quantity"), restock: e["restock"] as? Bool ?? false)
        case "adjusted":
            let reasons: [String: AdjustReason] = ["damage": .damage, "shrink": .shrink, "found": .found, "other": .other]
            guard let reason = reasons[try s("reason")] else { throw Unknown(what: "reason") }
            kind = .adjusted(delta: try q("delta"), reason: reason)
        case "counted": kind = .counted(onHand: try q("on_hand"), expectedOnHand: try optInt("expected_on_hand"))
        case "available_reported":
            kind = .availableReported(available: try q("available"), expectedAvailable: try optInt("expected_available"))
        case "reserved":
            let expires = try (e["expires_at"] as? String).map { try parseInstant(text: $0) }
            kind = .reserved(quantity: try q("quantity"), reservationId: try s("reservation_id"), expiresAt: expires)
        case "reservation_released":
            kind = .reservationReleased(reservationId: try s("reservation_id"), quantity: try optInt("quantity"))
        case "reservation_fulfilled":
            kind = .reservationFulfilled(reservationId: try s("reservation_id"), quantity: try optInt("quantity"))
        case "transfer_out": kind = .transferOut(transferId: try s("transfer_id"), quantity: try q("quantity"))
        case "transfer_in": kind = .transferIn(transferId: try s("transfer_id"), quantity: try q("quantity"))
        case let other:
            // Swift's enum cannot even hold an unknown type: the caller's mistake, as core names it.
            throw SeamlineError.InvalidArgument(code: "INVALID_ARGUMENT", message: "unknown event type \(other)")
        }
        return StockEvent(eventId: try s("event_id"), sku: try s("sku"), location: try s("location"),
                          occurredAt: try parseInstant(text: try s("occurred_at")), source: try s("source"), kind: kind)
    }

    /// An anomaly in the vectors' snake_case form.
    private func anomalyJSON(_ a: Anomaly) -> [String: Any] {
        switch a {
        case let .oversell(eventId, sku, location, units):
            return ["type": "oversell", "event_id": eventId, "sku": sku, "location": location, "units_oversold": units]
        case let .negativeStock(sku, location, onHand):
            return ["type": "negative_stock", "sku": sku, "location": location, "on_hand": onHand]
        case let .overCommitted(sku, location, onHand, reserved):
            return ["type": "over_committed", "sku": sku, "location": location, "on_hand": onHand, "reserved": reserved]
        case let .transferMismatch(transferId, sku, sent, received):
            return ["type": "transfer_mismatch", "transfer_id": transferId, "sku": sku,
                    "sent": sent.map { $0 as Any } ?? NSNull(), "received": received]
        }
    }

    private func ledger(_ input: [String: Any]) throws -> Any {
        let now = try parseInstant(text: try text(input["now"]))
        var book = try Ledger()
        for case let info as [String: Any] in input["locations"] as? [Any] ?? [] {
            try book.configureLocation(info: LocationInfo(
                location: try text(info["location"]), kind: try text(info["kind"]) == "store" ? .store : .warehouse,
                ships: info["ships"] as? Bool ?? false, pickup: info["pickup"] as? Bool ?? false,
                counter: info["counter"] as? Bool ?? false))
        }
        for case let c as [String: Any] in input["channels"] as? [Any] ?? [] {
            try book.configureChannel(config: ChannelConfig(
                channel: try text(c["channel"]), locations: c["locations"] as? [String] ?? [],
                shipPolicy: try policy(c["ship_policy"]), pickupPolicy: try policy(c["pickup_policy"])))
        }
        var outcomes: [String] = []
        for case let e as [String: Any] in input["events"] as? [Any] ?? [] {
            do {
                outcomes.append(try book.apply(event: try stockEvent(e)).duplicate ? "duplicate" : "applied")
            } catch let error as SeamlineError {
                outcomes.append(error.code)
            }
        }
        // An offline till: a copy of the ledger as it stands, its own events
        // applied, merged back after the carts (which stand for the web meanwhile).
        var till: Ledger? = nil
        if let events = input["merge_from"] as? [[String: Any]] {
            let copy = try Ledger.fromSnapshot(data: book.toSnapshot())
            for e in events { _ = try copy.apply(event: try stockEvent(e)) }
            till = copy
        }
        var channelOutcomes: [Any]? = nil
        if let channelEvents = input["channel_events"] as? [[String: Any]] {
            let skuMap = try SkuMap()
            let config = input["sku_map"] as? [String: Any] ?? [:]
            for case let r as [String: Any] in config["rules"] as? [Any] ?? [] {
                try skuMap.setRules(channel: try text(r["channel"]), caseFold: r["case_fold"] as? Bool ?? false,
                                    stripLeadingZeros: r["strip_leading_zeros"] as? Bool ?? false, gtin: r["gtin"] as? Bool ?? false)
            }
            _ = try skuMap.importRows(rows: try (config["rows"] as? [[String: Any]] ?? []).map { r in
                MappingRow(channel: try text(r["channel"]), externalId: try text(r["external_id"]),
                           components: try (r["components"] as? [[String: Any]] ?? []).map {
                               ComponentRow(sku: try text($0["sku"]), quantity: UInt32(try int($0["quantity"])))
                           }, channelSku: nil)
            }, replace: false)
            channelOutcomes = try channelEvents.map { ce -> Any in
                do {
                    return try book.applyChannelEvent(skuMap: skuMap, channel: try text(ce["channel"]),
                                                      event: try stockEvent(ce["event"] as? [String: Any] ?? [:])).map(\.eventId)
                } catch let error as SeamlineError {
                    return error.code
                }
            }
        }
        if input["restore_from_snapshot"] != nil { book = try Ledger.fromSnapshot(data: book.toSnapshot()) }
        var carts: [Any] = []
        for case let c as [String: Any] in input["carts"] as? [Any] ?? [] {
            do {
                let lines = try (c["lines"] as? [[String: Any]] ?? []).map {
                    CartLine(sku: try text($0["sku"]), location: try text($0["location"]), quantity: try int($0["quantity"]))
                }
                let expires = try (c["expires_at"] as? String).map { try parseInstant(text: $0) }
                let cart = CartReservation(cartId: try text(c["cart_id"]), lines: lines,
                                           occurredAt: try parseInstant(text: try text(c["occurred_at"])),
                                           expiresAt: expires, source: try text(c["source"]),
                                           allowPartial: c["allow_partial"] as? Bool ?? false)
                carts.append(try book.reserveCart(cart: cart).map { o -> [String: Any] in
                    ["sku": o.sku, "location": o.location, "requested": o.requested, "reserved": o.reserved,
                     "reservation_id": o.reservationId as Any? ?? NSNull()]
                })
            } catch let error as SeamlineError {
                carts.append(error.code)
            }
        }
        var merge: [String: Any]? = nil
        if let till {
            let r = try book.merge(other: till, now: now)
            merge = ["applied": r.applied, "duplicates": r.duplicates,
                     "rejected": r.rejected.map { [$0.index, $0.error.code] as [Any] },
                     "revealed": r.revealed.map(anomalyJSON)]
        }
        let stock: [[String: Any]] = try (input["stock"] as? [[String: Any]] ?? []).map { q in
            let level = try book.stock(sku: try text(q["sku"]), location: try text(q["location"]), now: now)
            return ["on_hand": level.onHand, "reserved": level.reserved, "available": level.available, "in_transit": level.inTransit]
        }
        var out: [String: Any] = ["outcomes": outcomes, "stock": stock]
        if let merge { out["merge"] = merge }
        if input["carts"] != nil { out["carts"] = carts }
        if let channelOutcomes { out["channel_outcomes"] = channelOutcomes }
        if let h = input["history"] as? [String: Any] {
            out["history"] = try book.history(sku: try text(h["sku"]), location: try text(h["location"])).map {
                ["event_id": $0.eventId, "change": $0.change, "on_hand_after": $0.onHandAfter, "description": $0.description] as [String: Any]
            }
        }
        if let ids = input["reservation_states"] as? [String] {
            out["reservation_states"] = ids.map { id -> String in
                do {
                    switch try book.reservationState(reservationId: id, now: now) {
                    case .held: return "held"
                    case .committed: return "committed"
                    case .released: return "released"
                    case .expired: return "expired"
                    }
                } catch let error as SeamlineError {
                    return error.code
                } catch {
                    return "\(error)"
                }
            }
        }
        if input["anomalies"] != nil {
            out["anomalies"] = try book.anomalies(now: now).map(anomalyJSON)
        }
        if let queries = input["channel_queries"] as? [[String: Any]] {
            out["channel_publications"] = try queries.map { q -> Any in
                do {
                    let p = try book.channelPublication(channel: try text(q["channel"]), sku: try text(q["sku"]),
                                                        method: try text(q["method"]) == "ship" ? .ship : .pickup, now: now)
                    return ["quantity": p.pooled.quantity, "buffer": p.pooled.buffer,
                            "nodes": p.nodes.map { ["location": $0.location, "quantity": $0.quantity] }] as [String: Any]
                } catch let error as SeamlineError {
                    return error.code
                }
            }
        }
        if let pool = input["pool"] as? [String: Any] {
            let p = try book.publish(sku: try text(pool["sku"]), locations: pool["locations"] as? [String] ?? [],
                                     policy: try policy(pool["policy"]), now: now)
            out["publication"] = ["quantity": p.quantity, "buffer": p.buffer]
        }
        return out
    }

    private func decimalValue(_ value: Any?) throws -> Decimal {
        guard let d = Decimal(string: try text(value)) else { throw Unknown(what: "decimal \(String(describing: value))") }
        return d
    }

    private func optDecimal(_ value: Any?) throws -> Decimal? {
        value == nil || value is NSNull ? nil : try decimalValue(value)
    }

    private func cents(_ m: Money) -> Int64 {
        NSDecimalNumber(decimal: m.amount * 100).int64Value
    }

    /// A vector's order (core's wire form) as the Swift record.
    private func order(_ o: [String: Any]) throws -> Order {
        let fulfilment: Fulfilment
        switch try text(o["fulfilment"]) {
        case "carry_out": fulfilment = .carryOut
        case "ship": fulfilment = .ship
        case "pickup": fulfilment = .pickup
        case let other: throw Unknown(what: "fulfilment \(other)")
        }
        return Order(orderId: try text(o["order_id"]), channel: try text(o["channel"]), location: o["location"] as? String,
                     currency: try text(o["currency"]),
                     lines: try (o["lines"] as? [[String: Any]] ?? []).map {
                         OrderLine(lineId: try text($0["line_id"]), sku: try text($0["sku"]), quantity: try int($0["quantity"]),
                                   unitPrice: try decimalValue($0["unit_price"]), discount: try optDecimal($0["discount"]),
                                   tax: try optDecimal($0["tax"]))
                     },
                     orderDiscount: try optDecimal(o["order_discount"]), shipping: try optDecimal(o["shipping"]),
                     customer: o["customer"] as? String, fulfilment: fulfilment)
    }

    /// A vector's order event as the Swift record.
    private func orderEvent(_ e: [String: Any]) throws -> OrderEvent {
        func s(_ key: String) throws -> String { try text(e[key]) }
        func lines() throws -> [LineQuantity] {
            try (e["lines"] as? [[String: Any]] ?? []).map { LineQuantity(lineId: try text($0["line_id"]), quantity: try int($0["quantity"])) }
        }
        let kind: OrderEventKind
        switch try s("type") {
        case "placed": kind = .placed(order: try order(e["order"] as? [String: Any] ?? [:]))
        case "allocated":
            kind = .allocated(allocations: try (e["allocations"] as? [[String: Any]] ?? []).map {
                OrderAllocation(lineId: try text($0["line_id"]), location: try text($0["location"]), quantity: try int($0["quantity"]))
            })
        case "captured": kind = .captured(paymentId: try s("payment_id"), amount: try decimalValue(e["amount"]))
        case "fulfilled": kind = .fulfilled(shipmentId: try s("shipment_id"), location: try s("location"), lines: try lines())
        case "cancelled": kind = .cancelled(reason: e["reason"] as? String)
        case "returned":
            kind = .returned(returnId: try s("return_id"), location: try s("location"), channel: e["channel"] as? String,
                             lines: try (e["lines"] as? [[String: Any]] ?? []).map {
                                 let disposition: Disposition
                                 switch try text($0["disposition"]) {
                                 case "restocked": disposition = .restocked
                                 case "damaged": disposition = .damaged
                                 case "needs_inspection": disposition = .needsInspection
                                 case "missing": disposition = .missing
                                 case let other: throw Unknown(what: "disposition \(other)")
                                 }
                                 return ReturnLine(lineId: try text($0["line_id"]), quantity: try int($0["quantity"]), disposition: disposition)
                             })
        case "refunded":
            kind = .refunded(refundId: try s("refund_id"), returnId: e["return_id"] as? String, amount: try decimalValue(e["amount"]))
        case "closed": kind = .closed
        case let other: throw Unknown(what: "order event \(other)")
        }
        return OrderEvent(eventId: try s("event_id"), orderId: try s("order_id"),
                          occurredAt: try parseInstant(text: try s("occurred_at")), source: try s("source"), kind: kind)
    }

    private func stateName(_ state: OrderState) -> String {
        switch state {
        case .placed: return "placed"
        case .allocated: return "allocated"
        case .partiallyFulfilled: return "partially_fulfilled"
        case .fulfilled: return "fulfilled"
        case .partiallyReturned: return "partially_returned"
        case .returned: return "returned"
        case .cancelled: return "cancelled"
        case .closed: return "closed"
        }
    }

    /// `type quantity|all sku@location`, as the order vectors write stock events.
    private func stockText(_ e: StockEvent) -> String {
        let (type, quantity, restock): (String, Int64?, Bool) = {
            switch e.kind {
            case let .received(q): return ("received", q, false)
            case let .sold(q, _): return ("sold", q, false)
            case let .returned(q, r): return ("returned", q, r)
            case let .reserved(q, _, _): return ("reserved", q, false)
            case let .reservationReleased(_, q): return ("reservation_released", q, false)
            case let .reservationFulfilled(_, q): return ("reservation_fulfilled", q, false)
            default: return ("other", nil, false)
            }
        }()
        let text = "\(type) \(quantity.map { String($0) } ?? "all") \(e.sku)@\(e.location)"
        return restock ? text + " restock" : text
    }

    private func runOrders(_ input: [String: Any]) throws -> Any {
        let rule: ShippingRefund
        switch input["shipping_refund"] as? String ?? "on_full_return" {
        case "never": rule = .never
        case "prorated": rule = .prorated
        default: rule = .onFullReturn
        }
        var book = try OrderBook(shippingRefund: rule)
        var ledger: Ledger? = nil
        if let stock = input["stock"] as? [[String: Any]] {
            let l = try Ledger()
            for e in stock { _ = try l.apply(event: try stockEvent(e)) }
            ledger = l
        }
        var transitions: [Any] = []
        for case let e as [String: Any] in input["events"] as? [Any] ?? [] {
            do {
                let event = try orderEvent(e)
                let t: Transition
                var codes: [String?]
                if let ledger = ledger {
                    let out = try book.applyWithLedger(ledger: ledger, event: event)
                    t = out.transition
                    codes = out.stock.map { $0.errorCode }
                } else {
                    t = try book.apply(event: event)
                    codes = t.stockEvents.map { _ in nil }
                }
                let stock = zip(t.stockEvents, codes).map { e, code in stockText(e) + (code.map { " !\($0)" } ?? "") }
                transitions.append(["state": stateName(t.state), "stock": stock,
                                    "refund_due": t.refundDue.map { cents($0) as Any } ?? NSNull()] as [String: Any])
            } catch let error as SeamlineError {
                transitions.append(error.code)
            }
        }
        if input["restore_from_snapshot"] != nil { book = try OrderBook.fromSnapshot(data: book.toSnapshot()) }
        var orders: [String: Any] = [:]
        for id in try book.orderIds() {
            guard let s = try book.order(orderId: id) else { continue }
            orders[id] = ["state": stateName(s.state), "total": cents(s.total), "captured": cents(s.captured),
                          "refunded": cents(s.refunded), "refund_due": cents(s.refundDue),
                          "lines": s.lines.map { [$0.lineId, $0.ordered, $0.held, $0.fulfilled, $0.cancelled, $0.returned, $0.restocked] as [Any] }]
                as [String: Any]
        }
        var out: [String: Any] = ["transitions": transitions, "orders": orders]
        if let levels = input["levels"] as? [[String]], let ledger = ledger {
            let now = try parseInstant(text: "2027-01-01T00:00:00Z")
            out["levels"] = try levels.map { pair -> [Any] in
                let level = try ledger.stock(sku: pair[0], location: pair[1], now: now)
                return [pair[0], pair[1], level.onHand, level.reserved]
            }
        }
        return out
    }

    private func domain(_ name: String) throws -> Domain {
        switch name {
        case "inventory": return .inventory
        case "orders": return .orders
        case "customers": return .customers
        case "catalog": return .catalog
        case "payments": return .payments
        default: throw Unknown(what: "domain \(name)")
        }
    }

    private func domainName(_ d: Domain) -> String {
        switch d {
        case .inventory: return "inventory"
        case .orders: return "orders"
        case .customers: return "customers"
        case .catalog: return "catalog"
        case .payments: return "payments"
        }
    }

    private func runSystemsOfRecord(_ input: [String: Any]) throws -> Any {
        // JSON object order is not kept by JSONSerialization: sort owners so the registry sees them stably.
        var owners = try (input["owners"] as? [String: String] ?? [:]).sorted { $0.key < $1.key }
            .map { DomainOwner(domain: try domain($0.key), system: $0.value) }
        for case let pair as [String] in input["extra_owners"] as? [Any] ?? [] {
            owners.append(DomainOwner(domain: try domain(pair[0]), system: pair[1]))
        }
        let fields = try (input["fields"] as? [[String: Any]] ?? []).map {
            FieldRule(domain: try domain(try text($0["domain"])), field: try text($0["field"]), owner: $0["owner"] as? String)
        }
        let resolver = try Resolver(owners: owners, fields: fields, rank: input["rank"] as? [String] ?? [])
        var arrivals: [Any] = []
        for case let u as [String: Any] in input["updates"] as? [Any] ?? [] {
            let update = FieldUpdate(updateId: try text(u["update_id"]), system: try text(u["system"]),
                                     domain: try domain(try text(u["domain"])), entity: try text(u["entity"]),
                                     field: try text(u["field"]), value: try text(u["value"]),
                                     occurredAt: try parseInstant(text: try text(u["occurred_at"])))
            do {
                switch try resolver.add(update: update) {
                case .accepted: arrivals.append("accepted")
                case .duplicate: arrivals.append("duplicate")
                }
            } catch let error as SeamlineError {
                arrivals.append(error.code)
            }
        }
        let r = try resolver.resolve()
        return ["arrivals": arrivals,
                "fields": r.fields.map { f -> [Any] in
                    [domainName(f.domain), f.entity, f.field, f.winner.value, f.winner.system,
                     { switch f.wonBy { case .owner: return "owner"; case .latest: return "latest" } }()]
                },
                "conflicts": r.conflicts.map { [$0.winner.entity, $0.winner.field, $0.winner.system, $0.overwritten.system, $0.overwritten.value] as [Any] },
                "refused": r.refused.map { $0.updateId }] as [String: Any]
    }

    private func convention(_ name: String) throws -> HashConvention {
        switch name {
        case "canonical": return .canonical
        case "phone_digits_only": return .phoneDigitsOnly
        case "gmail_folded": return .gmailFolded
        case "email_lowercase": return .emailLowercase
        default: throw Unknown(what: "hash convention \(name)")
        }
    }

    private func runCustomers(_ input: [String: Any]) throws -> Any {
        var policy: LinkPolicy?
        if let p = input["policy"] as? [String: Any] {
            // What the vector leaves out is core's default, not this test's.
            policy = LinkPolicy(
                linkKinds: p["link_kinds"] as? [String],
                limits: (p["limits"] as? [String: NSNumber])?.mapValues { $0.uint64Value },
                blocked: try (p["blocked"] as? [[String: Any]] ?? []).map {
                    IdentifierInput(kind: try text($0["kind"]), value: try text($0["value"]), hashed: $0["hashed"] as? Bool ?? false)
                },
                placeholders: (p["placeholders"] as? [String: Any]).map {
                    Placeholders(emailLocalParts: $0["email_local_parts"] as? [String],
                                 phoneRepeatedDigits: $0["phone_repeated_digits"] as? Bool)
                },
                kinds: p["kinds"] as? [String] ?? [],
                households: (p["households"] as? [String: Any]).map {
                    Households(kinds: $0["kinds"] as? [String],
                               nameAttributes: $0["name_attributes"] as? [String],
                               birthDateAttributes: $0["birth_date_attributes"] as? [String])
                },
                hashedConventions: try (p["hashed_conventions"] as? [String] ?? []).map(convention),
                emailProviderRules: p["email_provider_rules"] as? Bool ?? false,
                defaultRegion: p["default_region"] as? String,
                sourcePriority: p["source_priority"] as? [String] ?? [])
        }
        let book: CustomerBook
        if let secret = input["secret"] as? String {
            // A retailer's secret (its UTF-8 bytes) keys what the book shows.
            book = try CustomerBook.keyed(policy: policy, secret: Data(secret.utf8))
        } else if let policy {
            book = try CustomerBook.withPolicy(policy: policy)
        } else {
            book = try CustomerBook()
        }
        func records(_ rows: Any?) throws -> [CustomerRecord] {
            try (rows as? [[String: Any]] ?? []).map { r in
                CustomerRecord(source: try text(r["source"]), recordId: try text(r["record_id"]),
                               observedAt: try parseInstant(text: try text(r["observed_at"])), region: r["region"] as? String,
                               identifiers: try (r["identifiers"] as? [[String: Any]] ?? []).map {
                                   IdentifierInput(kind: try text($0["kind"]), value: try text($0["value"]), hashed: $0["hashed"] as? Bool ?? false,
                                                   convention: try ($0["convention"] as? String).map(convention))
                               },
                               attributes: r["attributes"] as? [String: String] ?? [:])
            }
        }
        try book.addRecords(records: try records(input["records"]))
        func correction(_ c: [String: Any]) throws -> Correction {
            switch try text(c["type"]) {
            case "never_link":
                return .neverLink(recordA: try text(c["record_a"]), recordB: try text(c["record_b"]),
                                  by: try text(c["by"]), reason: try text(c["reason"]))
            case "always_link":
                return .alwaysLink(recordA: try text(c["record_a"]), recordB: try text(c["record_b"]),
                                   by: try text(c["by"]), reason: try text(c["reason"]))
            case "accept_review":
                return .acceptReview(left: c["left"] as? [String] ?? [], right: c["right"] as? [String] ?? [],
                                     by: try text(c["by"]), reason: try text(c["reason"]))
            case "never_link_value":
                let i = c["identifier"] as? [String: Any] ?? [:]
                return .neverLinkValue(identifier: IdentifierInput(kind: try text(i["kind"]), value: try text(i["value"]),
                                                                   hashed: i["hashed"] as? Bool ?? false),
                                       by: try text(c["by"]), reason: try text(c["reason"]))
            case let other: throw Unknown(what: "correction \(other)")
            }
        }
        for case let c as [String: Any] in input["corrections"] as? [Any] ?? [] {
            _ = try book.correct(correction: try correction(c))
        }
        var points: [Any] = []
        for case let e as [String: Any] in input["points"] as? [Any] ?? [] {
            let kind: PointsKind
            switch try text(e["kind"]) {
            case "earn": kind = .earn
            case "redeem": kind = .redeem
            case "adjust": kind = .adjust
            case "expire": kind = .expire
            case let other: throw Unknown(what: "points kind \(other)")
            }
            do {
                points.append(try book.applyPoints(event: PointsEvent(
                    eventId: try text(e["event_id"]), loyaltyId: e["loyalty_id"] as? String, record: e["record"] as? String,
                    kind: kind, points: try int(e["points"]), occurredAt: try parseInstant(text: try text(e["occurred_at"])))))
            } catch let error as SeamlineError {
                points.append(error.code)
            }
        }
        var effects: [Any] = []
        for case let c as [String: Any] in input["later_corrections"] as? [Any] ?? [] {
            let e = try book.correct(correction: try correction(c))
            effects.append([e.recorded, e.moved.map { $0.record }] as [Any])
        }
        for case let c as [String: Any] in input["withdrawals"] as? [Any] ?? [] {
            let e = try book.withdraw(correction: try correction(c))
            effects.append([e.recorded, e.moved.map { $0.record }] as [Any])
        }
        try book.addRecords(records: try records(input["later_records"]))
        let r = try book.resolution()
        let profiles = Array(try book.profiles())  // as a job reads them, one at a time
        var golden: [String: Any] = [:]
        for p in profiles { golden[p.profileId] = p.golden }
        let balances = try (input["balances"] as? [String] ?? []).map { key -> [Any] in
            guard let p = try book.profileOf(record: key) else { throw Unknown(what: "no profile holds \(key)") }
            return [key, try book.balance(profileId: p.profileId)]
        }
        var out: [String: Any] = ["profiles": profiles.map { [$0.profileId] + $0.members },
                                  "golden": golden,
                                  "merges": r.merges.map { [$0.into, $0.absorbed, $0.via] },
                                  "review": r.review.map { [$0.recordA, $0.recordB, $0.kind] },
                                  "issues": r.issues.map { [$0.record, $0.kind, $0.error.code] },
                                  "points": points,
                                  "balances": balances]
        if input["later_corrections"] != nil || input["withdrawals"] != nil { out["effects"] = effects }
        if input["suggest"] as? Bool == true {
            // A given scoring's suggestions also show their probability in millionths.
            let given = try (input["scoring"] as? [String: Any]).map(scoring)
            out["suggestions"] = try book.suggestions(scoring: given).map { s -> [Any] in
                var row: [Any] = [s.recordA, s.recordB, s.evidence.map { $0.level }]
                if given != nil { row.append(Int64((s.probability * 1e6).rounded())) }
                return row
            }
        }
        if input["count_records"] as? Bool == true { out["record_count"] = try book.recordCount() }
        if input["show_identifiers"] as? Bool == true {
            var shown: [String: Any] = [:]
            for p in profiles { shown[p.profileId] = p.identifiers.map { [$0.kind, $0.hash] } }
            out["identifiers"] = shown
        }
        if input["unclaimed"] as? Bool == true {
            out["unclaimed"] = try book.unclaimedPoints().map { [$0.account, $0.points] as [Any] }
        }
        return out
    }

    private func scoring(_ s: [String: Any]) throws -> Scoring {
        func compare(_ name: String) throws -> Compare {
            switch name {
            case "name": return .name
            case "text": return .text
            case "date": return .date
            case "exact": return .exact
            case let other: throw Unknown(what: "compare \(other)")
            }
        }
        return Scoring(
            fields: try (s["fields"] as? [[String: Any]])?.map {
                ScoringField(attribute: try text($0["attribute"]), compare: try compare(try text($0["compare"])),
                             m: $0["m"] as? [Double], u: $0["u"] as? [Double])
            },
            blocking: try (s["blocking"] as? [[[String: Any]]])?.map { key in
                try key.map { BlockingPart(attribute: try text($0["attribute"]), prefix: ($0["prefix"] as? NSNumber)?.uint64Value) }
            },
            maxBlock: (s["max_block"] as? NSNumber)?.uint64Value,
            minProbability: (s["min_probability"] as? NSNumber)?.doubleValue,
            prior: (s["prior"] as? NSNumber)?.doubleValue)
    }

    private func runNormalizeIdentifier(_ input: [String: Any]) throws -> Any {
        let value = try text(input["value"])
        switch try text(input["kind"]) {
        case "email": return try normalizeEmail(value: value, providerRules: input["provider_rules"] as? Bool ?? false)
        case "phone": return try normalizePhone(value: value, region: try text(input["region"]))
        case "loyalty": return try normalizeLoyalty(value: value)
        case let other: throw Unknown(what: "identifier kind \(other)")
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
        case "ledger": return try ledger(input)
        case "source_order":
            let lines = try (input["lines"] as? [[String: Any]] ?? []).map {
                SourcingLine(lineId: try text($0["line_id"]), sku: try text($0["sku"]), quantity: UInt64(try int($0["quantity"])))
            }
            let d = input["destination"] as? [String: Any] ?? [:]
            let destination: SourcingDestination = try text(d["type"]) == "ship"
                ? .ship : .pickup(store: try text(d["store"]), allowTransfers: d["allow_transfers"] as? Bool ?? false)
            let nodes = try (input["nodes"] as? [[String: Any]] ?? []).map { n in
                SourcingNode(location: try text(n["location"]), ships: n["ships"] as? Bool ?? false,
                             available: (n["available"] as? [String: NSNumber] ?? [:]).mapValues(\.uint64Value),
                             perShipment: Decimal(string: try text(n["per_shipment"]))!,
                             perUnit: Decimal(string: try text(n["per_unit"]))!,
                             perUnitBySku: (n["per_unit_by_sku"] as? [String: String] ?? [:]).mapValues { Decimal(string: $0)! })
            }
            let plan = try sourceOrder(lines: lines, destination: destination, nodes: nodes)
            return [
                "allocations": plan.allocations.map { ["line_id": $0.lineId, "sku": $0.sku, "location": $0.location, "quantity": $0.quantity] },
                "method": "\(plan.method)",
                "shipments": plan.shipments.map { ["location": $0.location, "units": $0.units, "cost": $0.cost, "reason": $0.reason] },
                "total_cost": plan.totalCost,
            ] as [String: Any]
        case "prices":
            var table = try PriceTable()
            let added: [String] = try (input["entries"] as? [[String: Any]] ?? []).map { e in
                do {
                    try table.add(entry: PriceEntry(
                        sku: try text(e["sku"]), channel: e["channel"] as? String, price: try money(e["price"]),
                        from: try parseInstant(text: try text(e["from"])),
                        to: try (e["to"] as? String).map { try parseInstant(text: $0) }))
                    return "ok"
                } catch let error as SeamlineError {
                    return error.code
                }
            }
            if input["restore_from_snapshot"] != nil { table = try PriceTable.fromSnapshot(data: table.toSnapshot()) }
            let promotions = try (input["promotions"] as? [[String: Any]] ?? []).map { p -> Promotion in
                let d = p["discount"] as? [String: Any] ?? [:]
                let discount: Discount = try text(d["type"]) == "percent_off"
                    ? .percentOff(percent: Decimal(string: try text(d["percent"]))!)
                    : .amountOff(amount: try money(d["amount"]))
                return Promotion(id: try text(p["id"]), skus: p["skus"] as? [String] ?? [], channels: p["channels"] as? [String] ?? [],
                                 from: try parseInstant(text: try text(p["from"])),
                                 to: try (p["to"] as? String).map { try parseInstant(text: $0) },
                                 discount: discount, stackable: p["stackable"] as? Bool ?? false)
            }
            let results: [Any] = try (input["queries"] as? [[String: Any]] ?? []).map { q in
                let (sku, channel, currency) = (try text(q["sku"]), try text(q["channel"]), try text(q["currency"]))
                let at = try parseInstant(text: try text(q["at"]))
                let price: Money
                do {
                    price = try table.priceAt(sku: sku, channel: channel, currency: currency, at: at)
                } catch let error as SeamlineError {
                    return error.code
                }
                let quote: Any
                do {
                    let r = try table.quote(sku: sku, channel: channel, currency: currency, at: at, promotions: promotions)
                    quote = ["price": moneyJSON(r.price), "promotions": r.promotions] as [String: Any]
                } catch let error as SeamlineError {
                    quote = error.code
                }
                return ["price_at": moneyJSON(price), "quote": quote] as [String: Any]
            }
            return ["added": added, "results": results] as [String: Any]
        case "price_mismatch":
            let skuMap = try SkuMap()
            _ = try skuMap.importRows(rows: try (input["rows"] as? [[String: Any]] ?? []).map { r in
                MappingRow(channel: try text(r["channel"]), externalId: try text(r["external_id"]),
                           components: try (r["components"] as? [[String: Any]] ?? []).map {
                               ComponentRow(sku: try text($0["sku"]), quantity: UInt32(try int($0["quantity"])))
                           }, channelSku: nil)
            }, replace: false)
            let table = try PriceTable()
            for e in input["entries"] as? [[String: Any]] ?? [] {
                try table.add(entry: PriceEntry(sku: try text(e["sku"]), channel: nil, price: try money(e["price"]),
                                                from: try parseInstant(text: try text(e["from"])),
                                                to: try (e["to"] as? String).map { try parseInstant(text: $0) }))
            }
            let r = input["rules"] as? [String: Any] ?? [:]
            let rules = MismatchRules(channel: try text(r["channel"]), taxInclusive: r["tax_inclusive"] as? Bool ?? false,
                                      taxRatePercent: Decimal(string: try text(r["tax_rate_percent"]))!,
                                      rounding: try Rounding(named: try text(r["rounding"])),
                                      graceSeconds: try int(r["grace_seconds"]))
            let observed = try (input["observed"] as? [[String: Any]] ?? []).map { o in
                ObservedPrice(externalId: try text(o["external_id"]), price: try money(o["price"]),
                              observedAt: try parseInstant(text: try text(o["observed_at"])))
            }
            let report = try priceMismatches(skuMap: skuMap, prices: table, rules: rules, observed: observed)
            return ["matched": report.matched,
                    "mismatches": report.mismatches.map { ["external_id": $0.externalId, "expected": moneyJSON($0.expected),
                                                           "observed": moneyJSON($0.observed), "difference": moneyJSON($0.difference)] as [String: Any] },
                    "corrections": report.corrections.map { ["external_id": $0.externalId, "price": moneyJSON($0.price)] as [String: Any] },
                    "within_grace": report.withinGrace, "unmapped": report.unmapped,
                    "unpriced": report.unpriced.map { [$0.externalId, $0.code] }] as [String: Any]
        case "sku_map":
            var map = try SkuMap()
            for case let r as [String: Any] in input["rules"] as? [Any] ?? [] {
                try map.setRules(channel: try text(r["channel"]), caseFold: r["case_fold"] as? Bool ?? false,
                                 stripLeadingZeros: r["strip_leading_zeros"] as? Bool ?? false, gtin: r["gtin"] as? Bool ?? false)
            }
            let rows = try (input["rows"] as? [[String: Any]] ?? []).map { r in
                MappingRow(channel: try text(r["channel"]), externalId: try text(r["external_id"]),
                           components: try (r["components"] as? [[String: Any]] ?? []).map {
                               ComponentRow(sku: try text($0["sku"]), quantity: UInt32(try int($0["quantity"])))
                           },
                           channelSku: r["channel_sku"] as? String)
            }
            let report = try map.importRows(rows: rows, replace: input["replace"] as? Bool ?? false)
            if input["restore_from_snapshot"] != nil { map = try SkuMap.fromSnapshot(data: map.toSnapshot()) }
            let translations: [Any] = try (input["translate"] as? [[String: Any]] ?? []).map { t in
                do {
                    return try map.translate(channel: try text(t["channel"]), externalId: try text(t["external_id"]),
                                             quantity: try int(t["quantity"]))
                        .sorted { $0.sku < $1.sku }.map { [$0.sku, $0.units] as [Any] }
                } catch let error as SeamlineError {
                    return error.code
                }
            }
            var out: [String: Any] = [
                "import": ["added": report.added, "unchanged": report.unchanged, "conflict_rows": report.conflicts.map(\.row),
                           "invalid": report.invalid.map { [$0.row, $0.error.code] as [Any] }] as [String: Any],
                "translations": translations]
            if let batch = input["batch"] as? [[String: Any]] {
                for b in batch {
                    _ = try map.noteReference(channel: try text(b["channel"]), externalId: try text(b["external_id"]),
                                              quantity: try int(b["quantity"]), seenAt: try parseInstant(text: try text(b["seen_at"])))
                }
                out["queue"] = try map.unmappedQueue().map { [$0.channel, $0.externalId, $0.count] as [Any] }
            }
            if let c = input["columns"] as? [String: Any] {
                let cols = try map.translateColumns(channel: try text(c["channel"]),
                                                    externalIds: c["external_ids"] as? [String] ?? [],
                                                    quantities: try (c["quantities"] as? [Any] ?? []).map { try int($0) },
                                                    seenAt: try parseInstant(text: try text(c["seen_at"])))
                out["columns"] = ["rows": cols.rows, "skus": cols.skus, "units": cols.units,
                                  "errors": cols.errors.map { [$0.row, $0.error.code] as [Any] }] as [String: Any]
                out["queue"] = try map.unmappedQueue().map { [$0.channel, $0.externalId, $0.count] as [Any] }
            }
            if let channel = input["coverage"] as? String { out["missing"] = try map.missingIn(channel: channel) }
            return out
        case "orders": return try runOrders(input)
        case "systems_of_record": return try runSystemsOfRecord(input)
        case "customers": return try runCustomers(input)
        case "normalize_identifier": return try runNormalizeIdentifier(input)
        case "hash_identifier":
            let convention: HashConvention
            switch try text(input["convention"]) {
            case "canonical": convention = .canonical
            case "phone_digits_only": convention = .phoneDigitsOnly
            case "gmail_folded": convention = .gmailFolded
            case let other: throw Unknown(what: "convention \(other)")
            }
            return try hashIdentifier(kind: try text(input["kind"]), canonical: try text(input["canonical"]), convention: convention)
        case "gtin_normalize": return try normalizeGtin(value: text(input["value"]))
        case "upc_e_expand": return try expandUpcE(value: text(input["value"]))
        case "gtin_range":
            switch try gtinRange(value: text(input["value"])) {
            case .global: return "global"
            case .inStore: return "in_store"
            case .coupon: return "coupon"
            case .refundReceipt: return "refund_receipt"
            case .book: return "book"
            case .music: return "music"
            case .serial: return "serial"
            }
        case "reconcile": return try reconcileProjection(try reconcileRun(input))
        case "reconcile_queue": return try reconcileQueue(input)
        case "reconcile_books": return try booksProjection(try reconcileRun(input))
        case "reconcile_records":
            // The records as JSON text, as a sync cache holds them: core reads them.
            let text = String(data: try JSONSerialization.data(withJSONObject: input), encoding: .utf8)!
            let r = try reconcileJson(input: text)
            var out = try reconcileProjection(r)
            out["invalid"] = Dictionary(try r.exceptions().filter { $0.reason == .invalidRow }.map { (label($0.key), $0.message) },
                                        uniquingKeysWith: { a, _ in a })
            return out
        case "processor_report": return try processorReport(input)
        case "sync_health":
            let observations = try (input["observations"] as? [[String: Any]] ?? []).map {
                SyncObservation(source: try text($0["source"]), sequence: UInt64(try int($0["sequence"])),
                                sentAt: try parseInstant(text: try text($0["sent_at"])))
            }
            let issues = try syncHealth(observations: observations, now: try parseInstant(text: try text(input["now"])),
                                        maxSilenceSeconds: try int(input["max_silence_seconds"]))
            return try issues.map { issue -> [String: Any] in
                switch issue {
                case let .gap(source, firstMissing, lastMissing, missing, after, before):
                    return ["type": "gap", "source": source, "first_missing": firstMissing, "last_missing": lastMissing,
                            "missing": missing, "after": try canonicalInstant(after), "before": try canonicalInstant(before)]
                case let .silence(source, from, until, seconds, ongoing):
                    return ["type": "silence", "source": source, "from": try canonicalInstant(from),
                            "until": try canonicalInstant(until), "seconds": seconds, "ongoing": ongoing]
                }
            }
        default: throw Unknown(what: "op \(op)")
        }
    }

    // MARK: reconciliation

    private func date(_ value: Any?) throws -> Date { try parseInstant(text: try text(value)) }
    private func optText(_ value: Any?) -> String? { value as? String }
    private func nullable(_ value: Any?) -> Any { value ?? NSNull() }

    private func method(_ value: Any?) throws -> PaymentMethod {
        switch try text(value) {
        case "card": return .card
        case "wallet": return .wallet
        case "cash": return .cash
        case "gift_card": return .giftCard
        case "store_credit": return .storeCredit
        case let other: throw Unknown(what: "method \(other)")
        }
    }

    private func orderStatus(_ value: Any?) throws -> ReconOrderStatus? {
        switch optText(value) {
        case nil: return nil
        case "open": return .open
        case "fulfilled": return .fulfilled
        case "cancelled": return .cancelled
        case let other: throw Unknown(what: "order status \(other ?? "")")
        }
    }

    private func reconOrder(_ o: [String: Any]) throws -> ReconOrder {
        func rows(_ key: String) -> [[String: Any]] { o[key] as? [[String: Any]] ?? [] }
        return ReconOrder(
            orderId: try text(o["order_id"]), channel: try text(o["channel"]), currency: try text(o["currency"]),
            total: try decimalValue(o["total"]), placedAt: try date(o["placed_at"]), customer: optText(o["customer"]),
            status: try orderStatus(o["status"]),
            payments: try rows("payments").map {
                Payment(paymentId: try text($0["payment_id"]), method: try method($0["method"]),
                             processor: optText($0["processor"]), processorReference: optText($0["processor_reference"]),
                             amount: try decimalValue($0["amount"]), capturedAt: try date($0["captured_at"]))
            },
            fulfilments: try rows("fulfilments").map {
                FulfilledLine(lineId: try text($0["line_id"]), sku: try text($0["sku"]), quantity: try int($0["quantity"]),
                                location: try text($0["location"]), fulfilledAt: try date($0["fulfilled_at"]))
            },
            returns: try rows("returns").map {
                ReturnRecord(returnId: try text($0["return_id"]), lineId: try text($0["line_id"]), sku: try text($0["sku"]),
                            quantity: try int($0["quantity"]), restock: $0["restock"] as? Bool ?? false,
                            location: try text($0["location"]), receivedAt: try date($0["received_at"]))
            },
            refunds: try rows("refunds").map {
                Refund(refundId: try text($0["refund_id"]), returnId: optText($0["return_id"]), method: try method($0["method"]),
                            processor: optText($0["processor"]), processorReference: optText($0["processor_reference"]),
                            amount: try decimalValue($0["amount"]), issuedAt: try date($0["issued_at"]))
            })
    }

    private func settlementLine(_ l: [String: Any]) throws -> SettlementLine {
        let kinds: [String: SettlementKind] = ["charge": .charge, "refund": .refund, "chargeback": .chargeback,
                                               "chargeback_reversal": .chargebackReversal, "fee": .fee,
                                               "adjustment": .adjustment, "payout": .payout]
        guard let kind = kinds[try text(l["kind"])] else { throw Unknown(what: "settlement kind \(String(describing: l["kind"]))") }
        return SettlementLine(id: try text(l["id"]), kind: kind, processor: try text(l["processor"]),
                              processorReference: optText(l["processor_reference"]), merchantReference: optText(l["merchant_reference"]),
                              gross: try optDecimal(l["gross"]), fee: try optDecimal(l["fee"]), net: try decimalValue(l["net"]),
                              currency: try text(l["currency"]), settledAt: try date(l["settled_at"]), batchId: optText(l["batch_id"]))
    }

    private func movement(_ m: [String: Any]) throws -> Movement {
        let kinds: [String: MovementKind] = ["sale": .sale, "return_restock": .returnRestock, "receipt": .receipt,
                                             "adjustment": .adjustment, "count": .count, "transfer": .transfer]
        guard let kind = kinds[try text(m["kind"])] else { throw Unknown(what: "movement kind \(String(describing: m["kind"]))") }
        return Movement(id: try text(m["id"]), sku: try text(m["sku"]), location: try text(m["location"]),
                             delta: try int(m["delta"]), kind: kind, orderReference: optText(m["order_reference"]),
                             returnReference: optText(m["return_reference"]), occurredAt: try date(m["occurred_at"]))
    }

    private func reconConfig(_ c: [String: Any]) throws -> ReconConfig {
        let fees = try (c["fee_schedule"] as? [[String: Any]] ?? []).map {
            FeeRule(processor: try text($0["processor"]), channel: optText($0["channel"]),
                    method: $0["method"] == nil || $0["method"] is NSNull ? nil : try method($0["method"]),
                    percent: try decimalValue($0["percent"]), fixed: try optDecimal($0["fixed"]) ?? 0)
        }
        let confirmed = try (c["confirmed_matches"] as? [[String: Any]] ?? []).map {
            ConfirmedMatch(settlementId: try text($0["settlement_id"]), orderId: try text($0["order_id"]),
                           recordId: try text($0["record_id"]))
        }
        // Windows the vector leaves out are core's defaults, not this test's.
        let days = { (key: String) in (c[key] as? NSNumber).map { UInt32(truncating: $0) } }
        return ReconConfig(asOf: try date(c["as_of"]),
                           settlementWindowDays: days("settlement_window_days"),
                           creditGraceDays: days("credit_grace_days"),
                           captureWindowDays: days("capture_window_days"),
                           feeSchedule: fees, feeTolerance: try optDecimal(c["fee_tolerance"]),
                           confirmedMatches: confirmed)
    }

    private func reconcileRun(_ input: [String: Any]) throws -> Reconciliation {
        try reconcile(orders: try (input["orders"] as? [[String: Any]] ?? []).map(reconOrder),
                      settlements: try (input["settlements"] as? [[String: Any]] ?? []).map(settlementLine),
                      movements: try (input["movements"] as? [[String: Any]] ?? []).map(movement),
                      config: try reconConfig(input["config"] as? [String: Any] ?? [:]))
    }

    private func label(_ r: RowRef) -> String {
        "\(r.kind) \(r.orderId.map { "\($0)/" } ?? "")\(r.id)"
    }

    private func reconcileProjection(_ r: Reconciliation) throws -> [String: Any] {
        let exceptions = try r.exceptions()
        let counts = try r.rows()
        func buckets(_ b: Buckets) -> [Any] { [b.matched, b.pending, b.exceptions] }
        var out: [String: Any] = [
            "exceptions": exceptions.map { ["\($0.reason)", label($0.key), "\($0.severity)", nullable($0.difference)] as [Any] },
            "pending": try r.pending().map { [label($0.row), "\($0.reason)"] },
            "rows": ["orders": buckets(counts.orders), "payments": buckets(counts.payments),
                     "fulfilments": buckets(counts.fulfilments), "returns": buckets(counts.returns),
                     "refunds": buckets(counts.refunds), "settlements": buckets(counts.settlements),
                     "movements": buckets(counts.movements)],
            "summary": Dictionary(uniqueKeysWithValues: try r.summary().map { s -> (String, Any) in
                (s.currency, ["payments_captured": s.paymentsCaptured, "processor_captured": s.processorCaptured,
                              "settled_gross": s.settledGross, "amount_differences": s.amountDifferences,
                              "currency_mismatched": s.currencyMismatched, "pending_settlement": s.pendingSettlement,
                              "missing_settlement": s.missingSettlement, "expected_fees": s.expectedFees,
                              "actual_fees": s.actualFees, "refunds_settled": s.refundsSettled,
                              "chargebacks": s.chargebacks, "payouts": s.payouts, "amount_at_risk": s.amountAtRisk])
            }),
        ]
        var suggestions: [String: Any] = [:]
        var evidence: [String: Any] = [:]
        for e in exceptions {
            if let s = e.suggestion {
                suggestions[label(e.key)] = [label(s.record)]
            } else if !e.candidates.isEmpty {
                suggestions[label(e.key)] = e.candidates.map(label)
            }
            if let order = e.evidence { evidence[label(e.key)] = order.orderId }
        }
        if !suggestions.isEmpty { out["suggestions"] = suggestions }
        if !evidence.isEmpty { out["evidence"] = evidence }
        return out
    }

    /// The projection with the summary's books and identities per currency.
    private func booksProjection(_ r: Reconciliation) throws -> [String: Any] {
        var out = try reconcileProjection(r)
        let summary = try r.summary()
        out["books"] = Dictionary(uniqueKeysWithValues: summary.map { s -> (String, Any) in
            (s.currency, ["order_total": s.orderTotal, "awaiting_capture": s.awaitingCapture,
                          "refunds_issued": s.refundsIssued, "processor_refunds": s.processorRefunds,
                          "refunds_settled": s.refundsSettled, "refund_differences": s.refundDifferences,
                          "refunds_currency_mismatched": s.refundsCurrencyMismatched,
                          "refunds_pending": s.refundsPending, "refunds_missing": s.refundsMissing,
                          "settlement_gross": s.settlementGross, "fees_reported": s.feesReported,
                          "fees_implied": s.feesImplied, "net_only": s.netOnly,
                          "settlement_net": s.settlementNet, "payouts": s.payouts,
                          "batch_net_paid_out": s.batchNetPaidOut, "fee_lines": s.feeLines,
                          "open_orders": s.openOrders, "cancelled_orders": s.cancelledOrders] as [String: Any])
        })
        out["identities"] = Dictionary(uniqueKeysWithValues: summary.map { s -> (String, Any) in
            (s.currency, s.identities.map { [$0.name, $0.ok, $0.left, $0.right] as [Any] })
        })
        return out
    }

    private func reconcileQueue(_ input: [String: Any]) throws -> Any {
        var previous: [QueueItem] = []
        var days: [Any] = []
        for day in input["runs"] as? [[String: Any]] ?? [] {
            let r = try reconcileRun(day)
            let exceptions = try r.exceptions()
            let accepted = try (day["accept"] as? [String] ?? []).map { key -> Acceptance in
                guard let e = exceptions.first(where: { label($0.key) == key }) else { throw Unknown(what: "no exception \(key)") }
                return Acceptance(exceptionId: e.id, fingerprint: e.fingerprint, by: "vector", note: "accepted by the vector",
                                  at: try r.asOf())
            }
            let items = try r.queue(previous: previous, accepted: accepted)
            days.append(items.map { [label($0.key), "\($0.status)"] }.sorted { $0[0] < $1[0] })
            previous = items
        }
        return days
    }

    private func reportLines(_ report: ProcessorReport) throws -> [String: Any] {
        [
            "files": try report.files().map { [$0.name, "\($0.layout)", $0.rows] as [Any] },
            "lines": try report.lines().map { l -> [Any] in
                let kind: String
                switch l.kind {
                case .charge: kind = "charge"
                case .refund: kind = "refund"
                case .chargeback: kind = "chargeback"
                case .chargebackReversal: kind = "chargeback_reversal"
                case .fee: kind = "fee"
                case .adjustment: kind = "adjustment"
                case .payout: kind = "payout"
                }
                return [l.id, kind, nullable(l.processorReference), nullable(l.merchantReference), nullable(l.gross),
                        nullable(l.fee), l.net, l.currency, try canonicalInstant(l.settledAt), nullable(l.batchId),
                        nullable(l.originalCurrency), nullable(l.originalGross)]
            },
            "duplicates": try report.duplicates().map { [$0.file, $0.line, $0.id] as [Any] },
            "unknown": try report.unknown().map { [$0.file, $0.line, $0.rowType] as [Any] },
            "rejected": try report.rejected().map { [$0.file, $0.line, $0.error.code] as [Any] },
            "skipped": try report.skipped().map { [$0.file, $0.line] as [Any] },
        ]
    }

    /// A report from the vector's files: text as its bytes, records as JSON bytes.
    private func processorReport(_ input: [String: Any]) throws -> [String: Any] {
        let files = try (input["files"] as? [[String: Any]] ?? []).map { f -> ReportFileData in
            let content: Data
            if let text = f["text"] as? String {
                content = Data(text.utf8)
            } else {
                content = try JSONSerialization.data(withJSONObject: f["records"] ?? [])
            }
            return ReportFileData(name: try text(f["name"]), content: content)
        }
        let o = input["options"] as? [String: Any] ?? [:]
        let layouts: [Layout] = [.stripeItemized, .stripeDashboard, .stripeApi, .adyenSettlementDetails, .paypalSettlement,
                                 .paypalTransactionDetail]
        let layout = try (o["layout"] as? String).map { name in
            guard let l = layouts.first(where: { "\($0)" == name }) else { throw Unknown(what: "layout \(name)") }
            return l
        }
        let options = ReportOptions(layout: layout, merchantReference: o["merchant_reference"] as? String,
                                    payout: o["payout"] as? String, timeZones: o["time_zones"] as? [String: String] ?? [:])
        let named = try text(input["processor"])
        guard let processor = [Processor.stripe, .adyen, .paypal].first(where: { "\($0)" == named }) else {
            throw Unknown(what: "processor \(named)")
        }
        let report = try readReport(processor: processor, files: files, options: options)
        var out = try reportLines(report)
        if let t = input["tieout"] as? [String: Any] {
            out["tieout"] = try reconcileProjection(
                try reconcile(orders: try (t["orders"] as? [[String: Any]] ?? []).map(reconOrder), reports: [report],
                              config: try reconConfig(t["config"] as? [String: Any] ?? [:])))
        }
        return out
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
        case let (a as Int64, e as NSNumber): return a == e.int64Value
        case let (a as Bool, e as NSNumber): return a == e.boolValue
        case (is NSNull, is NSNull): return true
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
