import BusinessCentral
import Foundation

/// A test double that wraps another Business Central: every call it does not implement itself goes to `base`.
protocol ForwardingBusinessCentral: CustomerPaymentsAPI {
    var base: any CustomerPaymentsAPI { get }
}

extension ForwardingBusinessCentral {
    func journal(code: String, displayName: String, companyId: UUID) async throws -> CustomerPaymentJournal {
        try await base.journal(code: code, displayName: displayName, companyId: companyId)
    }

    func createCustomerPayment(_ payment: CustomerPaymentCreate, journalId: UUID, companyId: UUID,
                               fence: (any RequestFence)?) async throws -> CustomerPayment {
        try await base.createCustomerPayment(payment, journalId: journalId, companyId: companyId, fence: fence)
    }

    func customerCurrency(number: String?, id: UUID?, companyId: UUID) async throws -> String? {
        try await base.customerCurrency(number: number, id: id, companyId: companyId)
    }

    func companyCurrency(companyId: UUID) async throws -> String { try await base.companyCurrency(companyId: companyId) }

    func postedEntry(documentNumber: String, companyId: UUID) async throws -> UUID? {
        try await base.postedEntry(documentNumber: documentNumber, companyId: companyId)
    }

    func customerPayment(lineNumber: Int, journalId: UUID, companyId: UUID) async throws -> CustomerPayment? {
        try await base.customerPayment(lineNumber: lineNumber, journalId: journalId, companyId: companyId)
    }

    func findCustomerPayments(externalDocumentNumber: String, journalId: UUID, companyId: UUID) async throws -> [CustomerPayment] {
        try await base.findCustomerPayments(externalDocumentNumber: externalDocumentNumber, journalId: journalId, companyId: companyId)
    }
}
