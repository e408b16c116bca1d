import BusinessCentral
import Foundation
import Relay
import RelayCore
import Testing

/// The seam between the pure core and the BC client keeps every field and every failure kind.
@Suite struct BusinessCentralMappingTests {
    @Test(arguments: BusinessCentralError.Kind.allCases)
    func everyClientErrorKindKeepsItsMeaning(kind: BusinessCentralError.Kind) {
        let error = BusinessCentralError(kind: kind, code: "C", message: "m", httpStatus: 503, retryAfter: .seconds(2))
        let failure = ServiceFailure(error)
        #expect(failure.kind.rawValue == kind.rawValue)
        #expect(failure.code == "C" && failure.message == "m" && failure.httpStatus == 503 && failure.retryAfter == .seconds(2))
    }

    @Test func aDraftBecomesTheSameCreateBody() {
        let draft = PaymentDraft(lineNumber: 1_500_000_000, customerNumber: "C10000", postingDate: "2026-11-30", documentNumber: "D1",
                                 externalDocumentNumber: "PR-X", amount: Decimal(string: "-12.50")!, appliesToInvoiceNumber: "103001",
                                 description: "d", comment: "event:e1")
        #expect(CustomerPaymentCreate(draft).jsonBody() == #"{"lineNumber":1500000000,"customerNumber":"C10000","postingDate":"2026-11-30","documentNumber":"D1","externalDocumentNumber":"PR-X","amount":-12.50,"appliesToInvoiceNumber":"103001","description":"d","comment":"event:e1"}"#)
    }
}
