import Foundation

/// The comparison of the relay's outcomes with Business Central's journal lines for a period, by token. Pure: the
/// shell reads the outcome topic and the journal, then answers ``postedLookups`` (posted lines leave the journal).
///
/// Findings, each a disagreement unless said otherwise:
/// - ``mismatches``: an outcome and its line differ in amount, customer or line id;
/// - ``linesWithoutOutcome``: a relay line (a token in `externalDocumentNumber`) modified in the period whose token has
///   no `created`/`duplicate` outcome in what was read;
/// - ``duplicateLines``: a token on more than one line (a payment booked twice);
/// - ``outcomesWithoutLine``: a booked outcome whose token is in no line and whose document number is in no posted
///   entry, while `RELAY_TOKEN_DOCUMENT_NUMBERS` is on (BC then keeps the relay's document numbers);
/// - ``notInJournal``: a booked outcome whose token is in no line and that cannot be told posted or missing (no
///   document number, or a number BC may have replaced): a disagreement only with `strict`;
/// - ``posted``: found in a posted entry by its document number: agrees (amounts are not compared).
public struct Reconciliation: Sendable {
    /// One field that differs.
    public struct Difference: Sendable, Equatable {
        /// `amount`, `customerNumber`, `customerId` or `customerPaymentId`.
        public var field: String
        /// The outcome's value (an amount as received, positive).
        public var outcome: String
        /// The line's value (an amount as BC stores it, negative).
        public var line: String

        public init(field: String, outcome: String, line: String) {
            self.field = field
            self.outcome = outcome
            self.line = line
        }
    }

    /// An outcome that disagrees with its line.
    public struct Mismatch: Sendable, Equatable {
        public var outcome: RecordedOutcome
        public var line: JournalLineSnapshot
        public var differences: [Difference]
    }

    /// A relay line without a booked outcome; `lastUnbooked` is the token's last `rejected`/`failed` outcome, if any.
    public struct LineWithoutOutcome: Sendable, Equatable {
        public var line: JournalLineSnapshot
        public var lastUnbooked: RecordedOutcome?
    }

    /// A token on several lines.
    public struct DuplicateLines: Sendable, Equatable {
        public var token: String
        public var lines: [JournalLineSnapshot]
    }

    /// A posted entry to look for: outcomes whose token is in no line and that name a document number.
    public struct PostedLookup: Sendable, Hashable {
        public var token: String
        public var documentNumber: String
    }

    /// An outcome found posted.
    public struct PostedMatch: Sendable, Equatable {
        public var outcome: RecordedOutcome
        public var documentNumber: String
        public var entryId: UUID
    }

    public let period: ReconciliationPeriod
    /// Outcome records read, and of them not readable as outcomes.
    public let outcomesRead: Int, unreadableOutcomes: Int
    /// What the readers noticed (outcomes lost to retention, a missing journal); not findings.
    public var notes: [String]
    /// Booked outcomes processed in the period (one per event).
    public let outcomesCompared: Int
    /// Relay lines modified in the period, or matched by an outcome of the period.
    public private(set) var linesCompared = 0
    /// Lines without a relay token (not booked by the relay; not compared).
    public private(set) var linesWithoutToken = 0
    /// Outcomes that agree with their line.
    public private(set) var agreed = 0
    public private(set) var mismatches: [Mismatch] = []
    public private(set) var linesWithoutOutcome: [LineWithoutOutcome] = []
    public private(set) var duplicateLines: [DuplicateLines] = []
    public private(set) var outcomesWithoutLine: [RecordedOutcome] = []
    public private(set) var notInJournal: [RecordedOutcome] = []
    public private(set) var posted: [PostedMatch] = []
    /// Posted-entry look-ups still to answer with ``resolve(_:entryId:)``.
    public private(set) var postedLookups: [PostedLookup] = []
    private var waiting: [PostedLookup: [RecordedOutcome]] = [:]
    private let tokenDocumentNumbers: Bool

    /// Compares `outcomes` with the journal's `lines`.
    ///
    /// - Parameter tokenDocumentNumbers: `RELAY_TOKEN_DOCUMENT_NUMBERS`: BC keeps the document numbers the relay
    ///   sends, so a number found in no posted entry means the line is missing.
    public init(outcomes: OutcomeSelection, lines: [JournalLineSnapshot], tokenDocumentNumbers: Bool) {
        period = outcomes.period
        outcomesRead = outcomes.read
        unreadableOutcomes = outcomes.unreadable
        notes = outcomes.notes
        outcomesCompared = outcomes.inPeriod.count
        self.tokenDocumentNumbers = tokenDocumentNumbers
        var linesByToken: [String: [JournalLineSnapshot]] = [:]
        for line in lines {
            guard let token = line.token else {
                linesWithoutToken += 1
                continue
            }
            linesByToken[token, default: []].append(line)
        }
        var comparedTokens: Set<String> = []
        for outcome in outcomes.inPeriod {
            guard let token = outcome.token else { continue }
            comparedTokens.insert(token)
            let found = linesByToken[token] ?? []
            if found.isEmpty {
                setAside(outcome, token: token)
            } else if found.count == 1 {
                let differences = Self.differences(outcome, found[0])
                if differences.isEmpty { agreed += 1 } else { mismatches.append(Mismatch(outcome: outcome, line: found[0], differences: differences)) }
            }   // several lines: reported once below, as a payment booked twice
        }
        for (token, found) in linesByToken.sorted(by: { $0.key < $1.key }) {
            let inPeriod = found.filter { $0.modifiedAt.map(period.contains) ?? true }
            guard comparedTokens.contains(token) || !inPeriod.isEmpty else { continue }
            linesCompared += found.count
            if found.count > 1 {
                duplicateLines.append(DuplicateLines(token: token, lines: found.sorted { $0.lineNumber < $1.lineNumber }))
            } else if !outcomes.bookedTokens.contains(token) {
                linesWithoutOutcome += inPeriod.map { LineWithoutOutcome(line: $0, lastUnbooked: outcomes.lastUnbooked[token]) }
            }
        }
        postedLookups = waiting.keys.sorted { ($0.token, $0.documentNumber) < ($1.token, $1.documentNumber) }
    }

    /// An outcome whose token is in no line: a posted-entry look-up when it names a document number.
    private mutating func setAside(_ outcome: RecordedOutcome, token: String) {
        guard let documentNumber = outcome.documentNumber, !documentNumber.isEmpty else {
            notInJournal.append(outcome)
            return
        }
        waiting[PostedLookup(token: token, documentNumber: documentNumber), default: []].append(outcome)
    }

    /// Records the answer to a posted-entry look-up: the entry's id, or `nil` when no posted entry has the number.
    public mutating func resolve(_ lookup: PostedLookup, entryId: UUID?) {
        guard let outcomes = waiting.removeValue(forKey: lookup) else { return }
        postedLookups.removeAll { $0 == lookup }
        if let entryId {
            posted += outcomes.map { PostedMatch(outcome: $0, documentNumber: lookup.documentNumber, entryId: entryId) }
        } else if tokenDocumentNumbers {
            outcomesWithoutLine += outcomes
        } else {
            notInJournal += outcomes
        }
    }

    /// How many findings are disagreements; ``notInJournal`` counts only when `strict`. Unanswered look-ups count as
    /// not in the journal.
    public func disagreements(strict: Bool) -> Int {
        var count = mismatches.count + linesWithoutOutcome.count + duplicateLines.count + outcomesWithoutLine.count
        if strict { count += notInJournal.count + waiting.values.reduce(0) { $0 + $1.count } }
        return count
    }

    /// The fields in which `outcome` and `line` differ; a field one side does not state is not compared.
    static func differences(_ outcome: RecordedOutcome, _ line: JournalLineSnapshot) -> [Difference] {
        var differences: [Difference] = []
        if let amount = outcome.amount, amount.bcLineAmount != line.amount {
            differences.append(Difference(field: "amount", outcome: amount.description, line: "\(line.amount)"))
        }
        if let number = outcome.customerNumber, let lineNumber = line.customerNumber,
           Self.code(number) != Self.code(lineNumber) {
            differences.append(Difference(field: "customerNumber", outcome: number, line: lineNumber))
        }
        if let id = outcome.customerId, let lineId = line.customerId, id != lineId {
            differences.append(Difference(field: "customerId", outcome: id.uuidString.lowercased(), line: lineId.uuidString.lowercased()))
        }
        if let id = outcome.customerPaymentId, id != line.id {
            differences.append(Difference(field: "customerPaymentId", outcome: id.uuidString.lowercased(), line: line.id.uuidString.lowercased()))
        }
        return differences
    }

    /// A BC Code value as stored: trimmed, upper-cased.
    private static func code(_ text: String) -> String { text.trimmingCharacters(in: .whitespaces).uppercased() }
}
