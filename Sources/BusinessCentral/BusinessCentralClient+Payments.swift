import ExactJSON
import Foundation

extension BusinessCentralClient {
    /// Creates one line in `journalId` (nested path) and returns it as BC stored it.
    ///
    /// - Throws: ``BusinessCentralError``; `outcomeUnknown` whenever the line may exist (timeout, lost connection,
    ///   5xx, an unreadable 201): look it up by `externalDocumentNumber` before creating again.
    public func createCustomerPayment(_ payment: CustomerPaymentCreate, journalId: UUID, companyId: UUID) async throws -> CustomerPayment {
        let url = paths.url(ODataPath.journal(journalId, companyId: companyId) + "/customerPayments")
        let response = try await perform(.init(operation: "payment.create", method: "POST", url: url, body: payment.jsonBody(), isCreate: true))
        guard let json = JSONValue.parse(response.body), let created = CustomerPayment(json: json) else {
            throw invalidResponse("customer payment", isCreate: true, status: response.status)
        }
        return created
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
        let response = try await perform(.init(operation: "payment.lookup", method: "GET", url: url, readWriteIntent: true))
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
}
