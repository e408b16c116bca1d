/// The outcomes a reconciliation compares, gathered from the outcome topic one record at a time. Pure.
///
/// Keeps in full only the booked outcomes (`created`/`duplicate`) processed in the period, one per event (a
/// redelivered outcome is the same answer again); of every other booked outcome read it keeps only the token, so a
/// line whose outcome lies outside the period is not reported. Tokens whose only outcomes were `rejected` or
/// `failed` keep their last such outcome, to say so when a line exists anyway.
public struct OutcomeSelection: Sendable {
    /// The period compared.
    public let period: ReconciliationPeriod
    /// Booked outcomes processed in the period, one per event, in the order read.
    public private(set) var inPeriod: [RecordedOutcome] = []
    /// The token of every booked outcome read, in the period or not.
    public private(set) var bookedTokens: Set<String> = []
    /// The last `rejected` or `failed` outcome read per token.
    public private(set) var lastUnbooked: [String: RecordedOutcome] = [:]
    /// Outcome records read.
    public private(set) var read = 0
    /// Records that were not outcomes (unreadable JSON, unknown status).
    public private(set) var unreadable = 0
    /// What the reader noticed about the data (e.g. outcomes lost to retention), for the report.
    public private(set) var notes: [String] = []
    private var seenEvents: Set<String> = []

    /// An empty selection for `period`.
    public init(period: ReconciliationPeriod) {
        self.period = period
    }

    /// Adds a note for the report.
    public mutating func note(_ text: String) {
        notes.append(text)
    }

    /// Takes one outcome record's value.
    public mutating func add(json bytes: [UInt8]) {
        guard let outcome = RecordedOutcome(json: bytes) else {
            read += 1
            unreadable += 1
            return
        }
        add(outcome)
    }

    /// Takes one outcome.
    public mutating func add(_ outcome: RecordedOutcome) {
        read += 1
        guard let token = outcome.token else { return }
        guard outcome.isBooked else {
            if outcome.status == .rejected || outcome.status == .failed { lastUnbooked[token] = outcome }
            return
        }
        bookedTokens.insert(token)
        guard period.contains(outcome.processedAt) else { return }
        let identity = (outcome.eventId ?? outcome.source) + "\u{0}" + token
        if seenEvents.insert(identity).inserted { inPeriod.append(outcome) }
    }
}
