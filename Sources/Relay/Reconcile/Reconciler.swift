import BusinessCentral
import Foundation
import Kafka
import RelayCore
import Telemetry

/// `payment-relay reconcile`: compares the outcome topic with Business Central's journal lines for a period (the
/// comparison itself is the pure ``Reconciliation``). Reads only: a private consumer without a group, GET requests.
public struct Reconciler: Sendable {
    /// The relay's settings (Kafka, topics, BC, company, journal, `RELAY_TOKEN_DOCUMENT_NUMBERS`).
    public let settings: RelaySettings
    /// How long reading the outcome topic may take.
    public var readTimeout: Duration
    let businessCentral: BusinessCentralClient

    /// Creates a reconciler over the real BC client (`settings`' limits apply).
    public init(settings: RelaySettings, readTimeout: Duration = .seconds(600), logger: Logger = .disabled) throws {
        self.settings = settings
        self.readTimeout = readTimeout
        businessCentral = try BusinessCentralClient(
            configuration: settings.businessCentral,
            transport: URLSessionTransport(maximumConnectionsPerHost: settings.businessCentral.maxConcurrentRequests),
            logger: logger.labelled("bc"))
    }

    /// Reads both sides and compares them; posted-entry look-ups are answered before it returns.
    /// - Throws: `KafkaError`, ``ReconciliationError`` or ``BusinessCentralError`` when a side cannot be read.
    public func run(period: ReconciliationPeriod) async throws -> Reconciliation {
        let settings = self.settings, timeout = readTimeout
        let outcomes = try await Self.offPool {
            try OutcomeScan.read(topic: settings.outcomeTopic, kafka: settings.kafka, period: period, timeout: timeout)
        }
        var lines: [JournalLineSnapshot] = []
        var missingJournals: [String] = []
        let companies = [settings.companyId] + settings.allowedCompanyIds.subtracting([settings.companyId]).sorted { $0.uuidString < $1.uuidString }
        for company in companies {
            guard let journal = try await businessCentral.existingJournal(code: settings.journalCode, companyId: company) else {
                missingJournals.append(company.uuidString.lowercased())
                continue
            }
            lines += try await businessCentral.allCustomerPayments(journalId: journal.id, companyId: company, pageSize: 1000)
                .map(Self.snapshot)
        }
        var reconciliation = Reconciliation(outcomes: outcomes, lines: lines, tokenDocumentNumbers: settings.tokenDocumentNumbers)
        for company in missingJournals {
            reconciliation.notes.append("journal \(settings.journalCode) does not exist in company \(company): no lines read there")
        }
        for lookup in reconciliation.postedLookups {
            var entry: UUID?
            for company in companies where entry == nil {
                entry = try await businessCentral.postedEntry(documentNumber: lookup.documentNumber, companyId: company)
            }
            reconciliation.resolve(lookup, entryId: entry)
        }
        return reconciliation
    }

    static func snapshot(_ payment: CustomerPayment) -> JournalLineSnapshot {
        JournalLineSnapshot(id: payment.id, lineNumber: payment.lineNumber, externalDocumentNumber: payment.externalDocumentNumber,
                            amount: payment.amount, customerNumber: payment.customerNumber, customerId: payment.customerId,
                            modifiedAt: payment.lastModifiedDateTime.flatMap(CalendarParsing.timestamp)?.instant)
    }

    /// Runs blocking Kafka reads on a thread of their own.
    private static func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try body() }) }
            thread.name = "reconcile-read"
            thread.start()
        }
    }
}
