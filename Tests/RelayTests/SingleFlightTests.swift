import BusinessCentral
import Foundation
@testable import Relay
import Synchronization
import Testing

/// One call per key at a time: callers arriving while it runs share its result; cancellation of a waiter or of the
/// caller making the call; and the currency cache built on it.
@Suite(.timeLimit(.minutes(1))) struct SingleFlightTests {
    /// A call that runs until released, counting how often it was made.
    final class Gate: Sendable {
        private let state = Mutex<(calls: Int, waiting: [CheckedContinuation<Void, Never>], open: Bool)>((0, [], false))
        var calls: Int { state.withLock { $0.calls } }
        func enter() async {
            await withCheckedContinuation { continuation in
                let proceed = state.withLock { state -> Bool in
                    state.calls += 1
                    if state.open { return true }
                    state.waiting.append(continuation)
                    return false
                }
                if proceed { continuation.resume() }
            }
        }
        func open() {
            let waiting = state.withLock { state in
                state.open = true
                defer { state.waiting.removeAll() }
                return state.waiting
            }
            waiting.forEach { $0.resume() }
        }
    }

    private func eventually(_ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return condition()
    }

    @Test func callersArrivingDuringACallShareIt() async throws {
        let flight = SingleFlight<String, Int>()
        let gate = Gate()
        let results = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
            for _ in 0..<50 {
                group.addTask { try await flight.value(for: "C10000") { await gate.enter(); return 42 } }
            }
            #expect(await eventually { gate.calls == 1 })
            try? await Task.sleep(for: .milliseconds(50))   // the other 49 are waiting, not calling
            gate.open()
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(gate.calls == 1)
        #expect(results.allSatisfy { $0.0 == 42 })
        #expect(results.filter(\.1).count == 1, "one caller made the call")
        #expect(flight.inFlight == 0)
    }

    @Test func aCancelledWaiterStopsWaitingAndTheCallGoesOn() async throws {
        let flight = SingleFlight<String, Int>()
        let gate = Gate()
        let leader = Task { try await flight.value(for: "k") { await gate.enter(); return 7 } }
        #expect(await eventually { gate.calls == 1 })
        let waiter = Task { try await flight.value(for: "k") { 0 } }
        try? await Task.sleep(for: .milliseconds(20))
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        gate.open()
        #expect(try await leader.value.value == 7)
    }

    @Test func whenTheCallerMakingTheCallIsCancelledTheWaitersCallThemselves() async throws {
        let flight = SingleFlight<String, Int>()
        let leader = Task {
            try await flight.value(for: "k") {
                try await Task.sleep(for: .seconds(30))
                return 1
            }
        }
        #expect(await eventually { flight.inFlight == 1 })
        let waiter = Task { try await flight.value(for: "k") { 2 } }
        try? await Task.sleep(for: .milliseconds(20))
        leader.cancel()
        await #expect(throws: CancellationError.self) { try await leader.value }
        let result = try await waiter.value
        #expect(result.value == 2 && result.madeTheCall)
    }

    @Test func anErrorReachesEveryWaiter() async throws {
        struct Refused: Error {}
        let flight = SingleFlight<String, Int>()
        let gate = Gate()
        let callers = (0..<5).map { _ in Task { try await flight.value(for: "k") { await gate.enter(); throw Refused() } } }
        #expect(await eventually { gate.calls == 1 })
        try? await Task.sleep(for: .milliseconds(20))
        gate.open()
        for caller in callers { await #expect(throws: Refused.self) { try await caller.value } }
        #expect(gate.calls == 1)
    }

    /// A full window missing the cache together: one Business Central read per customer, not one per booking.
    @Test func bookingsMissingTheCurrencyCacheTogetherReadEachCustomerOnce() async throws {
        let api = CountingCurrencies()
        let book = CurrencyBook(api: api, companyOverride: "USD")
        let answers = try await withThrowingTaskGroup(of: CurrencyBook.Answer.self) { group in
            for index in 0..<200 {
                group.addTask { try await book.currency(customerNumber: "C\(index % 4)", customerId: nil, companyId: UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1))) }
            }
            #expect(await eventually { api.reads == 4 })
            try? await Task.sleep(for: .milliseconds(50))
            api.gate.open()
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(api.reads == 4)
        #expect(answers.allSatisfy { $0.currency == "EUR" })
        #expect(answers.filter(\.askedBusinessCentral).count == 4)
    }

    /// Answers every customer with EUR once the gate opens, counting reads.
    final class CountingCurrencies: CustomerPaymentsAPI {
        let gate = Gate()
        var reads: Int { gate.calls }
        func customerCurrency(number: String?, id: UUID?, companyId: UUID) async throws -> String? {
            await gate.enter()
            return "EUR"
        }
        func journal(code: String, displayName: String, companyId: UUID) async throws -> CustomerPaymentJournal { throw CancellationError() }
        func createCustomerPayment(_ payment: CustomerPaymentCreate, journalId: UUID, companyId: UUID,
                                   fence: (any RequestFence)?) async throws -> CustomerPayment { throw CancellationError() }
        func companyCurrency(companyId: UUID) async throws -> String { "USD" }
        func postedEntry(documentNumber: String, companyId: UUID) async throws -> UUID? { nil }
        func customerPayment(lineNumber: Int, journalId: UUID, companyId: UUID) async throws -> CustomerPayment? { nil }
        func findCustomerPayments(externalDocumentNumber: String, journalId: UUID, companyId: UUID) async throws -> [CustomerPayment] { [] }
        func checkAvailability(companyId: UUID) async throws {}
    }
}
