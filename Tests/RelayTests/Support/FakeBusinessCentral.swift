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
        /// Store the line and post the journal at once, then report an unknown outcome: the line has left the
        /// journal (and freed its slot) before the relay can look.
        case commitPostThenTimeout
    }

    struct State {
        var lines: [CustomerPayment] = []
        var createFaults: [Fault] = []
        var creates = 0
        var lookups = 0
        var journal: CustomerPaymentJournal?
        var unknownCustomers: Set<String> = []
        var customerCurrencies: [String: String] = [:]
        var posted: [CustomerPayment] = []
    }

    let state = Mutex(State())

    var lines: [CustomerPayment] { state.withLock { $0.lines } }
    /// Lines posted (no longer in the journal).
    var postedLines: [CustomerPayment] { state.withLock { $0.posted } }
    var createCount: Int { state.withLock { $0.creates } }
    var lookupCount: Int { state.withLock { $0.lookups } }

    func enqueueCreateFaults(_ faults: [Fault]) { state.withLock { $0.createFaults += faults } }
    func setCustomerCurrency(_ currency: String, for number: String) { state.withLock { $0.customerCurrencies[number] = currency } }
    func setUnknownCustomers(_ numbers: Set<String>) { state.withLock { $0.unknownCustomers = numbers } }

    /// Lines posted leave the journal (lookups no longer see them).
    func postAll() {
        state.withLock { state in
            state.posted += state.lines
            state.lines.removeAll()
        }
    }

    func journal(code: String, displayName: String, companyId: UUID) async throws -> CustomerPaymentJournal {
        state.withLock { state in
            if let journal = state.journal { return journal }
            let journal = CustomerPaymentJournal(id: UUID(), code: code, displayName: displayName)
            state.journal = journal
            return journal
        }
    }

    /// Like BC: a `lineNumber` that exists is refused with `Internal_EntityWithSameKeyExists`; the fence is checked
    /// before anything happens (a fenced create is never counted: it was not sent).
    func createCustomerPayment(_ payment: CustomerPaymentCreate, journalId: UUID, companyId: UUID,
                               fence: (any RequestFence)?) async throws -> CustomerPayment {
        try fence?.checkBeforeSending()
        return try state.withLock { state in
            state.creates += 1
            if let number = payment.lineNumber, state.lines.contains(where: { $0.lineNumber == number }) {
                throw BusinessCentralError(kind: .conflict, code: "Internal_EntityWithSameKeyExists",
                                           message: "The Gen. Journal Line already exists. Line No.='\(number)'", httpStatus: 400)
            }
            if let number = payment.customerNumber, state.unknownCustomers.contains(number) {
                throw BusinessCentralError(kind: .permanent, code: "BadRequest", message: "The \"customerNumber\" does not match to a Customer.", httpStatus: 400)
            }
            let fault = state.createFaults.isEmpty ? nil : state.createFaults.removeFirst()
            if case let .fail(error)? = fault { throw error }
            let line = CustomerPayment(id: UUID(), journalId: journalId, lineNumber: payment.lineNumber ?? (state.lines.count + 1) * 10000,
                                       customerNumber: payment.customerNumber, postingDate: payment.postingDate, documentNumber: payment.documentNumber,
                                       externalDocumentNumber: payment.externalDocumentNumber, amount: payment.amount, comment: payment.comment)
            state.lines.append(line)
            switch fault {
            case .commitThenTimeout?:
                throw BusinessCentralError(kind: .outcomeUnknown, code: "Timeout", message: "request timed out after sending")
            case .commitPostThenTimeout?:
                state.posted += state.lines
                state.lines.removeAll()
                throw BusinessCentralError(kind: .outcomeUnknown, code: "Timeout", message: "request timed out after sending")
            default:
                break
            }
            return line
        }
    }

    func customerPayment(lineNumber: Int, journalId: UUID, companyId: UUID) async throws -> CustomerPayment? {
        state.withLock { state in
            state.lookups += 1
            return state.lines.first { $0.lineNumber == lineNumber }
        }
    }

    /// Every customer is in the company's currency (blank) except the unknown ones.
    func customerCurrency(number: String?, id: UUID?, companyId: UUID) async throws -> String? {
        state.withLock { state in number.map { state.unknownCustomers.contains($0) } == true ? nil : state.customerCurrencies[number ?? ""] ?? "" }
    }

    func companyCurrency(companyId: UUID) async throws -> String { "USD" }

    /// Lines removed by ``postAll()`` are found by their document number.
    func postedEntry(documentNumber: String, companyId: UUID) async throws -> UUID? {
        state.withLock { state in state.posted.first { $0.documentNumber == documentNumber }?.id }
    }

    func findCustomerPayments(externalDocumentNumber: String, journalId: UUID, companyId: UUID) async throws -> [CustomerPayment] {
        state.withLock { state in
            state.lookups += 1
            return Array(state.lines.filter { $0.externalDocumentNumber == externalDocumentNumber }.prefix(2))
        }
    }
}
