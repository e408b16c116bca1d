import ExactJSON
import BCSimulator
import Foundation
import Kafka
import RelayCore

/// What the demo prints: events → outcome → BC line, the dead letters, the counts and the invariants.
struct DemoReport {
    let samples: [DemoEvents.Sample]
    let outcomes: [KafkaRecord]
    let deadLetters: [KafkaRecord]
    let lines: [SimLine]

    private var parsedOutcomes: [JSONValue] { outcomes.compactMap { try? JSONParser.parse($0.value ?? []) } }

    private func string(_ value: JSONValue?) -> String? {
        if case let .string(text)? = value { return text }
        if case let .number(text)? = value { return text }
        return nil
    }

    /// Each event has one outcome, and no idempotency token has more than one BC line.
    var invariantsHold: Bool {
        let eventIds = parsedOutcomes.compactMap { string($0["eventId"]) }
        let oneOutcomeEach = outcomes.count == samples.count && Set(eventIds).count == eventIds.count
        let tokens = lines.map(\.externalDocumentNumber)
        let noDuplicates = Set(tokens).count == tokens.count
        let created = parsedOutcomes.filter { string($0["status"]) == "created" }.count
        return oneOutcomeEach && noDuplicates && created == lines.count
    }

    func render() -> String {
        var text = ""
        let byEvent = Dictionary(parsedOutcomes.compactMap { outcome in string(outcome["eventId"]).map { ($0, outcome) } }, uniquingKeysWith: { first, _ in first })
        // An event whose id could not be read has a null eventId: find its outcome by the record key instead.
        let anonymousByKey = Dictionary(zip(outcomes, parsedOutcomes).compactMap { record, outcome -> (String, JSONValue)? in
            guard string(outcome["eventId"]) == nil, let key = record.key else { return nil }
            return (String(decoding: key, as: UTF8.self), outcome)
        }, uniquingKeysWith: { first, _ in first })
        let linesById = Dictionary(lines.map { ($0.id.uuidString.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        text += row(["EVENT", "IDEMPOTENCY KEY", "AMOUNT", "EXPECTED", "OUTCOME", "TRIES", "BC LINE"]) + "\n"
        for (index, sample) in samples.enumerated() {
            let eventId = "evt-\(1001 + index)"
            let outcome = byEvent[eventId] ?? anonymousByKey[sample.key]
            let amount = outcome.flatMap { string($0["amount"]) } ?? "-"
            var line = "-"
            if let id = outcome.flatMap({ string($0["customerPaymentId"]) }), let bc = linesById[id] {
                line = "\(bc.journal) #\(bc.lineNumber) \(bc.customerNumber) \(bc.amount) \(bc.externalDocumentNumber.prefix(12))…"
            }
            text += row([eventId, String((outcome.flatMap { string($0["idempotencyKey"]) } ?? sample.key).prefix(16)), amount, sample.expectation,
                         outcome.flatMap { string($0["status"]) } ?? "MISSING", outcome.flatMap { string($0["attempts"]) } ?? "-", line]) + "\n"
        }
        text += "\nDead letters (\(deadLetters.count)):\n"
        for record in deadLetters {
            let header = { (name: String) in record.headers.first { $0.key == name }?.stringValue ?? "" }
            let id = header("relay.event.id").isEmpty ? "(no event id)" : header("relay.event.id")
            text += "  \(id.padding(toLength: 14, withPad: " ", startingAt: 0)) \(header("relay.error.class").padding(toLength: 11, withPad: " ", startingAt: 0)) "
            text += "\(header("relay.error.code").padding(toLength: 24, withPad: " ", startingAt: 0)) \(header("relay.error.message").prefix(90))\n"
        }
        let statuses = parsedOutcomes.compactMap { string($0["status"]) }
        let count = { (status: String) in statuses.filter { $0 == status }.count }
        text += "\nCounts: \(samples.count) events, \(outcomes.count) outcomes — created \(count("created")), duplicate \(count("duplicate")), "
        text += "rejected \(count("rejected")), failed \(count("failed")); \(deadLetters.count) dead letters; \(lines.count) BC lines.\n"
        text += invariantsHold
            ? "Invariants hold: one outcome per event, one BC line per created payment, no idempotency token booked twice.\n"
            : "INVARIANT VIOLATED: see the table above.\n"
        return text
    }

    private func row(_ cells: [String]) -> String {
        let widths = [9, 17, 10, 28, 10, 6, 0]
        return zip(cells, widths).map { cell, width in width == 0 ? cell : cell.padding(toLength: width, withPad: " ", startingAt: 0) }.joined(separator: " ")
    }
}
