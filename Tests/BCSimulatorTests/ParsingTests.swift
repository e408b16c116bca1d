import Foundation
import Testing
@testable import BCSimulator

@Suite struct ParsingTests {
    @Test func filterParsesQuotedLiteralsAndConjunctions() throws {
        let filter = try ODataFilter("(journalId eq 6a4a1d39-3d2b-4e5f-9b1a-1c0d00000001) and externalDocumentNumber eq 'O''B AND X'")
        #expect(filter.clauses.count == 2)
        #expect(filter.equality("externalDocumentNumber") == .string("O'B AND X"))
        #expect(filter.equality("journalid") == .bare("6a4a1d39-3d2b-4e5f-9b1a-1c0d00000001"))
        #expect(throws: ODataFilter.SyntaxError.self) { try ODataFilter("code eq 'open") }
        #expect(throws: ODataFilter.SyntaxError.self) { try ODataFilter("code eq 'a' or code eq 'b'") }
        #expect(throws: ODataFilter.SyntaxError.self) { try ODataFilter("startswith(code,'a')") }
    }

    @Test func rateLimiterSlidesItsWindow() {
        let limiter = RateLimiter(limit: .init(requests: 2, window: .seconds(10)))
        let start = ContinuousClock.now
        #expect(limiter.admit("u", now: start) == nil)
        #expect(limiter.admit("u", now: start.advanced(by: .seconds(4))) == nil)
        #expect(limiter.admit("u", now: start.advanced(by: .seconds(5))) == .seconds(5))
        #expect(limiter.admit("v", now: start.advanced(by: .seconds(5))) == nil)
        #expect(limiter.admit("u", now: start.advanced(by: .seconds(10) + .milliseconds(1))) == nil)
    }

    @Test func scriptedFaultsComeBeforeRulesAndMatchTheirTarget() {
        let injector = FaultInjector(plan: FaultPlan(rules: [.init(.internalServerError, probability: 1, target: .lookups)]))
        injector.enqueue([.gatewayTimeout], target: .creates)
        #expect(injector.fault(for: .other) == nil)
        #expect(injector.fault(for: .lookup) == .internalServerError)
        #expect(injector.fault(for: .create) == .gatewayTimeout)
        #expect(injector.fault(for: .create) == nil)
    }

    @Test func demoSeedIsConsistent() {
        let demo = SimulatorConfiguration.demo()
        #expect(demo.customers.first?.number == "C10000")
        #expect(demo.invoices.allSatisfy { invoice in demo.customers.contains { $0.number == invoice.customerNumber } })
        #expect(demo.journals.allSatisfy { journal in demo.companies.contains { $0.id == journal.companyId } })
    }
}
