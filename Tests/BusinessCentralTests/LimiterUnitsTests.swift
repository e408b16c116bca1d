@testable import BusinessCentral
import Testing

/// A `$batch` is admitted for all its operations at once and released as many completions.
@Suite struct LimiterUnitsTests {
    @Test func aBatchWaitsUntilTheBudgetHoldsAllItsOperations() {
        var state = LimiterState(maxConcurrent: 5, budget: RateBudget(requests: 4, window: .seconds(10)), recoveryAfterSuccesses: 20)
        let took = state.takeSlotImmediately()
        #expect(took)
        var wait = state.admit(at: .seconds(0), units: 2)
        #expect(wait == nil)
        _ = state.release(.success, at: .seconds(1), units: 2)
        let tookAgain = state.takeSlotImmediately()
        #expect(tookAgain)
        wait = state.admit(at: .seconds(2), units: 3)
        #expect(wait == .seconds(9))   // 2 counted until t=11, 4 − 2 < 3
        wait = state.admit(at: .seconds(2), units: 2)
        #expect(wait == nil)
        state.unadmit(units: 2)
        wait = state.admit(at: .seconds(2), units: 2)
        #expect(wait == nil)
        wait = state.admit(at: .seconds(2), units: 1)
        #expect(wait == .seconds(9))
    }
}
