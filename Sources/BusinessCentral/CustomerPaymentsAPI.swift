import Foundation

/// The Business Central operations the relay needs; the real client and test fakes conform.
///
/// Every method throws ``BusinessCentralError`` only.
public protocol CustomerPaymentsAPI: Sendable {
    /// Returns the customer payment journal with `code` in `companyId`, creating it when missing.
    /// The id is cached after the first success.
    func journal(code: String, displayName: String, companyId: UUID) async throws -> CustomerPaymentJournal

    /// Creates one `customerPayments` line in `journalId` (nested path).
    func createCustomerPayment(_ payment: CustomerPaymentCreate, journalId: UUID, companyId: UUID) async throws -> CustomerPayment

    /// Finds the (unposted) lines whose `externalDocumentNumber` equals `externalDocumentNumber`, reading from the
    /// primary database (`Data-Access-Intent: ReadWrite`) and returning at most two.
    func findCustomerPayments(externalDocumentNumber: String, journalId: UUID, companyId: UUID) async throws -> [CustomerPayment]
}
