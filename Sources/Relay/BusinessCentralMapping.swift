import BusinessCentral
import RelayCore

/// The seam between the pure core and the Business Central client: the core's draft becomes the client's request,
/// the client's errors become the core's failures.
extension CustomerPaymentCreate {
    /// The create request for a draft line.
    public init(_ draft: PaymentDraft) {
        self.init(customerNumber: draft.customerNumber, customerId: draft.customerId, postingDate: draft.postingDate,
                  documentNumber: draft.documentNumber, externalDocumentNumber: draft.externalDocumentNumber, amount: draft.amount,
                  appliesToInvoiceNumber: draft.appliesToInvoiceNumber, appliesToInvoiceId: draft.appliesToInvoiceId,
                  description: draft.description, comment: draft.comment, lineNumber: draft.lineNumber)
    }
}

extension ServiceFailure {
    /// The core's view of a client error.
    public init(_ error: BusinessCentralError) {
        let kind: Kind = switch error.kind {
        case .transient: .transient
        case .throttled: .throttled
        case .outcomeUnknown: .outcomeUnknown
        case .conflict: .conflict
        case .permanent: .permanent
        case .authentication: .authentication
        }
        self.init(kind: kind, code: error.code, message: error.message, httpStatus: error.httpStatus, retryAfter: error.retryAfter)
    }
}
