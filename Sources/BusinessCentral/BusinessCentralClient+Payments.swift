import ExactJSON
import Foundation

extension BusinessCentralClient {
    /// Creates one line in `journalId` (nested path) and returns it as BC stored it.
    ///
    /// - Parameter fence: checked after the limiter admitted the create and immediately before it is sent.
    /// - Throws: ``BusinessCentralError``; `outcomeUnknown` whenever the line may exist (timeout, lost connection,
    ///   5xx, an unreadable 201): look it up (or create again in the same line slot) before creating elsewhere.
    ///   ``RequestFenced`` when the fence refused it (never sent). A create waiting for the limiter is cancellable;
    ///   one that was sent is not aborted by cancellation.
    public func createCustomerPayment(_ payment: CustomerPaymentCreate, journalId: UUID, companyId: UUID,
                                      fence: (any RequestFence)?) async throws -> CustomerPayment {
        let path = ODataPath.journal(journalId, companyId: companyId) + "/customerPayments"
        let response = try await inJournal(journalId) {
            try await performCreate(.init(operation: "payment.create", method: "POST", url: paths.url(path), body: payment.jsonBody(),
                                          isCreate: true, fence: fence), path: path)
        }
        guard let json = response.parsedBody ?? JSONValue.parse(response.body), let created = CustomerPayment(json: json) else {
            throw invalidResponse("customer payment", isCreate: true, status: response.status)
        }
        return created
    }

    /// Reads the unposted line numbered `lineNumber` in `journalId` (primary database), or `nil` when there is none.
    ///
    /// - Throws: ``BusinessCentralError``.
    public func customerPayment(lineNumber: Int, journalId: UUID, companyId: UUID) async throws -> CustomerPayment? {
        let url = paths.url(
            ODataPath.journal(journalId, companyId: companyId) + "/customerPayments",
            query: [("$filter", PercentEncoding.encode("lineNumber eq \(lineNumber)")), ("$top", "1")]
        )
        let response = try await inJournal(journalId) {
            try await perform(.init(operation: "payment.slot", method: "GET", url: url, readWriteIntent: true))
        }
        guard let values = JSONValue.parse(response.body)?["value"]?.arrayValue else {
            throw invalidResponse("customer payment list", isCreate: false, status: response.status)
        }
        guard let first = values.first else { return nil }
        guard let payment = CustomerPayment(json: first) else {
            throw invalidResponse("customer payment", isCreate: false, status: response.status)
        }
        return payment
    }

    /// Finds the unposted lines of `journalId` whose `externalDocumentNumber` equals the key (trimmed and
    /// upper-cased, as BC stores Code fields), reading the primary database; at most two.
    ///
    /// - Throws: ``BusinessCentralError``.
    public func findCustomerPayments(externalDocumentNumber: String, journalId: UUID, companyId: UUID) async throws -> [CustomerPayment] {
        let key = externalDocumentNumber.trimmingCharacters(in: .whitespaces).uppercased()
        let url = paths.url(
            ODataPath.journal(journalId, companyId: companyId) + "/customerPayments",
            query: [("$filter", ODataPath.stringFilter("externalDocumentNumber", equals: key)), ("$top", "2")]
        )
        let response = try await inJournal(journalId) {
            try await perform(.init(operation: "payment.lookup", method: "GET", url: url, readWriteIntent: true))
        }
        guard let values = JSONValue.parse(response.body)?["value"]?.arrayValue else {
            throw invalidResponse("customer payment list", isCreate: false, status: response.status)
        }
        var payments: [CustomerPayment] = []
        for value in values {
            guard let payment = CustomerPayment(json: value) else {
                throw invalidResponse("customer payment", isCreate: false, status: response.status)
            }
            payments.append(payment)
        }
        return payments
    }

    /// Runs a request addressed to a journal's lines. BC answering "not found" means the journal is gone (deleted,
    /// renamed, or recreated with a new id by an environment restore) — a fact about the journal, not the payment:
    /// the cached id is forgotten (once per incident) and the failure becomes transient, so the booking retries and
    /// resolves the journal again (get-or-create) instead of rejecting the record.
    func inJournal<T>(_ journalId: UUID, _ request: () async throws -> T) async throws -> T {
        do {
            return try await request()
        } catch let error as BusinessCentralError where Self.isJournalGone(error) {
            if journals.invalidate(journalId: journalId) {
                logger.warning("bc.journal.gone", ["bc.journal.id": ODataPath.key(journalId), "bc.message": error.message])
            }
            throw BusinessCentralError(kind: .transient, code: "JournalNotFound",
                                       message: "journal \(ODataPath.key(journalId)) not found; resolving it again: \(error.message)",
                                       httpStatus: error.httpStatus)
        }
    }

    /// A 404 on a journal's lines (the journal in the path does not exist), or BC's "Gen. Journal Batch does not
    /// exist" under any status. An unknown customer is a 400 with another message and stays permanent.
    static func isJournalGone(_ error: BusinessCentralError) -> Bool {
        error.httpStatus == 404 || error.message.contains("Journal Batch does not exist")
    }
}
