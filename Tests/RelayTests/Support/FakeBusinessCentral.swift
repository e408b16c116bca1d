import BusinessCentral
import Foundation
import Synchronization

/// An in-process Business Central with scripted faults, for end-to-end tests of the relay's Kafka side.
final class FakeBusinessCentral: CustomerPaymentsAPI {
    enum Fault: Sendable {
        /// Refuse the create without applying it.
        case fail(BusinessCentralError)
        /// Store the line, then report an unknown outcome (BC committed, the response was lost).
        case commitThenTimeout
    }

    struct State {
        var lines: [CustomerPayment] = []
        var createFaults: [Fault] = []
        var creates = 0
        var lookups = 0
        var journal: CustomerPaymentJournal?
        var unknownCustomers: Set<String> = []
    }

    let state = Mutex(State())

    var lines: [CustomerPayment] { state.withLock { $0.lines } }
    var createCount: Int { state.withLock { $0.creates } }
    var lookupCount: Int { state.withLock { $0.lookups } }

    func enqueueCreateFaults(_ faults: [Fault]) { state.withLock { $0.createFaults += faults } }
    func setUnknownCustomers(_ numbers: Set<String>) { state.withLock { $0.unknownCustomers = numbers } }

    /// Lines posted leave the journal (lookups no longer see them).
    func postAll() { state.withLock { $0.lines.removeAll() } }

    func journal(code: String, displayName: String, companyId: UUID) async throws -> CustomerPaymentJournal {
        state.withLock { state in
            if let journal = state.journal { return journal }
            let journal = CustomerPaymentJournal(id: UUID(), code: code, displayName: displayName)
            state.journal = journal
            return journal
        }
    }

    func createCustomerPayment(_ payment: CustomerPaymentCreate, journalId: UUID, companyId: UUID) async throws -> CustomerPayment {
        try state.withLock { state in
            state.creates += 1
            if let number = payment.customerNumber, state.unknownCustomers.contains(number) {
                throw BusinessCentralError(kind: .permanent, code: "BadRequest", message: "The \"customerNumber\" does not match to a Customer.", httpStatus: 400)
            }
            let fault = state.createFaults.isEmpty ? nil : state.createFaults.removeFirst()
            if case let .fail(error)? = fault { throw error }
            let line = CustomerPayment(id: UUID(), journalId: journalId, lineNumber: (state.lines.count + 1) * 10000,
                                       customerNumber: payment.customerNumber, postingDate: payment.postingDate,
                                       externalDocumentNumber: payment.externalDocumentNumber, amount: payment.amount, comment: payment.comment)
            state.lines.append(line)
            if case .commitThenTimeout? = fault {
                throw BusinessCentralError(kind: .outcomeUnknown, code: "Timeout", message: "request timed out after sending")
            }
            return line
        }
    }

    func findCustomerPayments(externalDocumentNumber: String, journalId: UUID, companyId: UUID) async throws -> [CustomerPayment] {
        state.withLock { state in
            state.lookups += 1
            return Array(state.lines.filter { $0.externalDocumentNumber == externalDocumentNumber }.prefix(2))
        }
    }
}
