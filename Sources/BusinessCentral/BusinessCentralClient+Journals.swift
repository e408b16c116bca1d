import ExactJSON
import Foundation
import Telemetry

extension BusinessCentralClient {
    /// Returns the customer payment journal `code` (trimmed, upper-cased as BC stores Code fields), creating it
    /// with `displayName` when missing; cached per (company, code), concurrent callers share one lookup.
    ///
    /// - Throws: ``BusinessCentralError``. If another process creates the same journal concurrently (a conflict on
    ///   create), the journal is read again.
    public func journal(code: String, displayName: String, companyId: UUID) async throws -> CustomerPaymentJournal {
        let normalized = code.trimmingCharacters(in: .whitespaces).uppercased()
        let key = JournalCache.Key(companyId: companyId, code: normalized)
        return try await journals.journal(for: key) { [self] in
            if let found = try await findJournal(code: normalized, companyId: companyId) { return found }
            do {
                return try await createJournal(code: normalized, displayName: displayName, companyId: companyId)
            } catch let error as BusinessCentralError where error.kind == .conflict {
                if let found = try await findJournal(code: normalized, companyId: companyId) { return found }
                throw error
            }
        }
    }

    /// The customer payment journal `code` (trimmed, upper-cased), or `nil` when it does not exist. Never creates it
    /// (`payment-relay check` without `--create-journal`, `reconcile`).
    ///
    /// - Throws: ``BusinessCentralError``.
    public func existingJournal(code: String, companyId: UUID) async throws -> CustomerPaymentJournal? {
        try await findJournal(code: code.trimmingCharacters(in: .whitespaces).uppercased(), companyId: companyId)
    }

    private func findJournal(code: String, companyId: UUID) async throws -> CustomerPaymentJournal? {
        let url = paths.url(
            ODataPath.company(companyId) + "/customerPaymentJournals",
            query: [("$filter", ODataPath.stringFilter("code", equals: code))]
        )
        let response = try await perform(.init(operation: "journal.lookup", method: "GET", url: url, readWriteIntent: true))
        guard let values = JSONValue.parse(response.body)?["value"]?.arrayValue else {
            throw invalidResponse("journal list", isCreate: false, status: response.status)
        }
        guard let first = values.first else { return nil }
        guard let journal = CustomerPaymentJournal(json: first) else {
            throw invalidResponse("journal", isCreate: false, status: response.status)
        }
        return journal
    }

    private func createJournal(code: String, displayName: String, companyId: UUID) async throws -> CustomerPaymentJournal {
        let body = "{\"code\":\(JSONWriter.quoted(code)),\"displayName\":\(JSONWriter.quoted(displayName))}"
        let url = paths.url(ODataPath.company(companyId) + "/customerPaymentJournals")
        let response = try await perform(.init(operation: "journal.create", method: "POST", url: url, body: body, isCreate: true))
        guard let json = JSONValue.parse(response.body), let journal = CustomerPaymentJournal(json: json) else {
            throw invalidResponse("journal", isCreate: true, status: response.status)
        }
        logger.info("bc.journal.created", ["bc.journal.code": code, "bc.journal.id": ODataPath.key(journal.id)])
        return journal
    }
}
