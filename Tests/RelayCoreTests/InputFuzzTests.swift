import ExactJSON
import Foundation
import Testing
@testable import RelayCore

/// Seeded, bounded fuzzing of everything that reads untrusted event bytes: the JSON parser, the amount parser and
/// the event decoder. Every input must be decoded or rejected with a specific reason; nothing may crash or hang.
/// A failure names its seed and case, so it replays exactly.
@Suite(.timeLimit(.minutes(1))) struct InputFuzzTests {
    private static let seed: UInt64 = 0x5EED_1212
    private static let rejectionCodes: Set<String> = [
        "InvalidJSON", "EventTooLarge", "MissingField", "EmptyField", "WrongType", "FieldTooLong", "UnsupportedType",
        "InvalidTimestamp", "InvalidDate", "InvalidGuid", "InvalidAmount", "CurrencyMismatch",
    ]

    @Test func jsonParserDecodesOrNamesTheOffset() throws {
        var random = FuzzGenerator(seed: Self.seed)
        let seeds = [
            #"{"eventId":"evt-1","amount":"1500.00","n":[1,-2.5e3,true,false,null,{"k":"v\u00e9\ud83d\ude00"}]}"#,
            #"[[[[["deep"]]]],{"a":{"b":{"c":[0.1,"\n\t\\\/"]}}}]"#,
            #""e\u0301 \u212A 😀""#,
        ].map { Array($0.utf8) }
        for index in 0..<2_000 {
            let input = random.mutate(random.pick(seeds), edits: random.int(0...6))
            do {
                let value = try JSONParser.parse(input)
                // Whatever parses must survive a round trip through the writer unchanged.
                #expect(try JSONParser.parse(JSONWriter.bytes(value)) == value, "case \(index): \(Self.show(input))")
            } catch {
                #expect(!error.reason.isEmpty && (0...input.count).contains(error.offset), "case \(index): \(error)")
            }
        }
    }

    @Test func amountParserAgreesWithDecimal() {
        var random = FuzzGenerator(seed: Self.seed)
        let pieces = ["0", "1", "5", "9", "00", "000000", ".", "e", "E", "+", "-", "x", " ", "é", "12345678"]
        for index in 0..<3_000 {
            let literal = (0..<random.int(0...14)).map { _ in random.pick(pieces) }.joined()
            switch Amount.parse(literal) {
            case .success(let amount):
                #expect(amount.minorUnits > 0)
                if let decimal = Decimal(string: literal, locale: Locale(identifier: "en_US_POSIX")) {
                    #expect(amount.decimal == decimal, "case \(index): '\(literal)'")
                }
            case .failure(.tooLong):
                #expect(literal.utf8.count > Amount.maximumLiteralBytes, "case \(index): '\(literal)'")
            case .failure(.exponentTooLong):
                #expect(literal.contains("e") || literal.contains("E"), "case \(index): '\(literal)'")
            case .failure:
                break
            }
        }
    }

    @Test func eventDecoderDecodesOrRejectsWithABoundedReason() {
        var random = FuzzGenerator(seed: Self.seed)
        let decoder = PaymentEventDecoder(companyCurrency: "EUR")
        for index in 0..<2_500 {
            var input = Array(Self.event(&random).utf8)
            if random.chance(0.1) { input = random.mutate(input, edits: random.int(1...4)) }
            let result = decoder.decode(input)
            if index % 10 == 0 { #expect(result == decoder.decode(input), "case \(index): decoding must be pure") }
            switch result {
            case .success(let event):
                let texts: [(String?, TextLimit)] = [
                    (event.eventId, EventFieldLimits.eventId), (event.idempotencyKey, EventFieldLimits.idempotencyKey),
                    (event.customerNumber, EventFieldLimits.customerNumber), (event.currencyCode, EventFieldLimits.currencyCode),
                    (event.documentNumber, EventFieldLimits.documentNumber), (event.externalReference, EventFieldLimits.externalReference),
                    (event.invoiceNumber, EventFieldLimits.invoiceNumber), (event.description, EventFieldLimits.description),
                    (event.comment, EventFieldLimits.comment),
                ]
                for (text, limit) in texts {
                    if let text { #expect(limit.fits(text), "case \(index): '\(TextLimit.excerpt(text))' exceeds \(limit)") }
                }
                #expect(PaymentTransform.comment(for: event).unicodeScalars.count <= PaymentTransform.commentLimit)
            case .failure(let rejection):
                #expect(Self.rejectionCodes.contains(rejection.code), "case \(index): \(rejection.code)")
                #expect(!rejection.message.isEmpty && rejection.message.utf8.count <= 600,
                        "case \(index): \(TextLimit.excerpt(rejection.message, scalars: 200))")
                if let eventId = rejection.eventId { #expect(EventFieldLimits.eventId.fits(eventId)) }
            }
        }
    }

    /// Hostile shapes decode in time proportional to their size: the large input (256 KiB) is 16 times the
    /// small one, so a quadratic step would make it about 256 times slower; linear code stays far below 100 even on
    /// a busy machine (small and large runs alternate, and each keeps its fastest).
    @Test(arguments: ["combining", "keys", "zeros", "digits", "nesting"])
    func decodingTimeIsLinearInTheInputSize(shape: String) {
        let decoder = PaymentEventDecoder()
        let small = Self.hostile(shape, bytes: 16 * 1024), large = Self.hostile(shape, bytes: 256 * 1024)
        var smallTime = Duration.seconds(1_000), largeTime = Duration.seconds(1_000)
        for _ in 0..<2 {
            smallTime = min(smallTime, ContinuousClock().measure { _ = decoder.decode(small) })
            largeTime = min(largeTime, ContinuousClock().measure { _ = decoder.decode(large) })
        }
        #expect(largeTime < smallTime * 100 + .milliseconds(50), "\(shape): 16 KiB in \(smallTime), 256 KiB in \(largeTime)")
        #expect(largeTime < .seconds(2))
    }

    // MARK: Inputs

    private static let fields = ["eventId", "idempotencyKey", "type", "occurredAt", "companyId", "customerNumber", "customerId",
                                 "amount", "currencyCode", "postingDate", "documentNumber", "externalReference", "invoiceNumber",
                                 "invoiceId", "description", "comment", "extra"]

    /// Text as JSON source: plain and accented letters, combining marks, emoji sequences, escapes, case-changing letters.
    private static let textPieces = ["a", "Z", "0", "-", " ", "é", "e\u{0301}", "\u{0301}", "\u{0308}\u{0301}", "ß", "😀", "👨‍👩‍👧",
                                     "\u{200D}", "\u{FEFF}", "\\n", "\\\"", "\\u0000", "\\ud83d\\ude00", "\u{212A}", "ŉ"]

    private static let limits: [String: Int] = [
        "eventId": 128, "idempotencyKey": 128, "customerNumber": 20, "currencyCode": 10, "documentNumber": 20,
        "externalReference": 35, "invoiceNumber": 20, "description": 100, "comment": 250, "extra": 1000,
    ]

    /// Text of random length: empty, short, around the field limits, or far beyond them.
    private static func text(_ random: inout FuzzGenerator) -> String {
        let count: Int
        switch random.int(0...19) {
        case 0: count = 0
        case 1...13: count = random.int(1...12)
        case 14...18: count = random.pick([10, 20, 35, 64, 100, 128, 250]) + random.int(-2...2)
        default: count = random.int(300...1_500)
        }
        return (0..<max(0, count)).map { _ in random.pick(textPieces) }.joined()
    }

    /// Text that fits `limit` even upper-cased: a piece is at most 5 scalars and upper-casing at most doubles one.
    private static func fittingText(_ random: inout FuzzGenerator, limit: Int) -> String {
        "a" + (0..<random.int(0...max(0, (limit - 1) / 10))).map { _ in random.pick(textPieces) }.joined()
    }

    private static func value(for field: String, wild: Bool, _ random: inout FuzzGenerator) -> String {
        if wild {
            switch random.int(0...9) {
            case 0: return "null"
            case 1: return random.pick(["true", "7", "[]", #"{"a":1}"#, "-0.5e3"])
            default: break
            }
        }
        switch field {
        case "amount":
            let literal = wild
                ? random.pick(["1e00001", "1.005", "-1", "0", "1e12", String(repeating: "0", count: random.int(60...70)) + "1", "12.5x"])
                : random.pick(["1500.00", "0.01", "1e2", "007.25", "999999999999.99", "1.500"])
            return random.chance(0.5) ? "\"\(literal)\"" : literal
        case "type": return wild ? "\"\(text(&random))\"" : "\"payment.received\""
        case "occurredAt": return wild ? "\"\(text(&random))\"" : random.pick(["\"2026-11-20T23:30:00-02:00\"", "\"2026-11-20T10:00:00.123Z\""])
        case "postingDate": return wild ? random.pick(["\"2026-02-30\"", "\"\(text(&random))\""]) : "\"2026-02-28\""
        case "companyId", "customerId", "invoiceId":
            return wild ? "\"\(text(&random))\""
                : random.pick(["\"6f0b8d3e-1c1a-4b1e-9f0e-0d4c5a7b8c9d\"", "\"{6F0B8D3E-1C1A-4B1E-9F0E-0D4C5A7B8C9D}\""])
        case "currencyCode": return wild ? random.pick(["\"USD\"", "\"\(text(&random))\""]) : random.pick(["\"EUR\"", "\" eur \""])
        default: return "\"" + (wild ? text(&random) : fittingText(&random, limit: limits[field] ?? 64)) + "\""
        }
    }

    /// An event whose fields are each wild (any type, any length) with a per-event probability, so the decoder
    /// sees both events it accepts and every way to reject one.
    private static func event(_ random: inout FuzzGenerator) -> String {
        let wildness = random.pick([0.0, 0.05, 0.2, 0.6])
        var members: [String] = []
        for field in fields where random.chance(field == "eventId" || field == "amount" || field == "customerNumber" ? 0.95 : 0.4) {
            members.append("\"\(field)\":\(value(for: field, wild: random.chance(wildness), &random))")
        }
        if random.chance(0.05), let repeated = members.randomElement(using: &random) { members.append(repeated) }
        members.shuffle(using: &random)
        return "{" + members.joined(separator: random.pick([",", " , ", ",\n"])) + "}"
    }

    private static func hostile(_ shape: String, bytes: Int) -> [UInt8] {
        switch shape {
        case "combining":
            return Array(("{\"eventId\":\"a" + String(repeating: "\u{0301}", count: bytes / 2) + "\",\"customerNumber\":\"C1\",\"amount\":1}").utf8)
        case "keys":
            let members = (0..<(bytes / 12)).map { "\"k\($0)\":0" }
            return Array(("{\"eventId\":\"e\",\"customerNumber\":\"C1\",\"amount\":1," + members.joined(separator: ",") + "}").utf8)
        case "zeros":
            return Array(("{\"eventId\":\"e\",\"customerNumber\":\"C1\",\"amount\":\"" + String(repeating: "0", count: bytes) + "1\"}").utf8)
        case "digits":
            return Array(("{\"eventId\":\"e\",\"customerNumber\":\"C1\",\"amount\":1" + String(repeating: "0", count: bytes) + "}").utf8)
        default:
            let unit = "{\"a\":[" + String(repeating: "[", count: 60) + String(repeating: "]", count: 60) + "]}"
            let items = Array(repeating: unit, count: bytes / unit.utf8.count)
            return Array(("{\"eventId\":\"e\",\"customerNumber\":\"C1\",\"amount\":1,\"x\":[" + items.joined(separator: ",") + "]}").utf8)
        }
    }

    private static func show(_ bytes: [UInt8]) -> String {
        String(decoding: bytes.prefix(200), as: UTF8.self).debugDescription
    }
}
