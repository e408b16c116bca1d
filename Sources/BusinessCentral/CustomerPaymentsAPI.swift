import Foundation

/// The Business Central operations the relay needs; the real client and test fakes conform.
///
/// Every method throws ``BusinessCentralError`` only (a fenced create: ``RequestFenced``; cancellation: `CancellationError`).
public protocol CustomerPaymentsAPI: Sendable {
    /// Returns the customer payment journal with `code` in `companyId`, creating it when missing.
    /// The id is cached after the first success.
    func journal(code: String, displayName: String, companyId: UUID) async throws -> CustomerPaymentJournal

    /// Creates one `customerPayments` line in `journalId` (nested path); `fence` is checked immediately before the
    /// create is sent (it throws ``RequestFenced`` then). Cancellation drops a create not yet sent, never one on the
    /// wire.
    func createCustomerPayment(_ payment: CustomerPaymentCreate, journalId: UUID, companyId: UUID,
                               fence: (any RequestFence)?) async throws -> CustomerPayment

    /// The `currencyCode` of the customer with `number` or `id` (blank: the company's local currency), or `nil` when
    /// there is no such customer.
    func customerCurrency(number: String?, id: UUID?, companyId: UUID) async throws -> String?

    /// The company's local currency (`companyInformation.currencyCode`).
    func companyCurrency(companyId: UUID) async throws -> String

    /// The id of a posted general ledger entry with `documentNumber`, or `nil`.
    func postedEntry(documentNumber: String, companyId: UUID) async throws -> UUID?

    /// The unposted line numbered `lineNumber` in `journalId`, read from the primary database, or `nil`.
    func customerPayment(lineNumber: Int, journalId: UUID, companyId: UUID) async throws -> CustomerPayment?

    /// Finds the (unposted) lines whose `externalDocumentNumber` equals `externalDocumentNumber`, reading from the
    /// primary database (`Data-Access-Intent: ReadWrite`) and returning at most two.
    func findCustomerPayments(externalDocumentNumber: String, journalId: UUID, companyId: UUID) async throws -> [CustomerPayment]

    /// Whether Business Central answers, for the relay's outage probe: the credentials, then one cheap authenticated
    /// read. Throws what the failing request threw.
    func checkAvailability(companyId: UUID) async throws
}

extension CustomerPaymentsAPI {
    /// By default, the company's local currency (`companyInformation`): one small read.
    public func checkAvailability(companyId: UUID) async throws {
        _ = try await companyCurrency(companyId: companyId)
    }

    /// Creates one line without a fence.
    public func createCustomerPayment(_ payment: CustomerPaymentCreate, journalId: UUID, companyId: UUID) async throws -> CustomerPayment {
        try await createCustomerPayment(payment, journalId: journalId, companyId: companyId, fence: nil)
    }
}
