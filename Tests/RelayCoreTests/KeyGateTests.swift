import Testing
@testable import RelayCore

@Suite struct KeyGateTests {
    private let a = IdempotencyToken(idempotencyKey: "a")
    private let b = IdempotencyToken(idempotencyKey: "b")

    @Test func sameTokenWaitsAndIsHandedOverInOrder() {
        var gate = KeyGate<Int>()
        let r14 = gate.enter(a, waiter: 1)
        #expect(r14)
        let r15 = gate.enter(b, waiter: 2)
        #expect(r15)
        let r16 = gate.enter(a, waiter: 3)
        #expect(!r16)
        let r17 = gate.enter(a, waiter: 4)
        #expect(!r17)
        let r18 = gate.leave(a)
        #expect(r18 == 3)
        let r19 = gate.leave(a)
        #expect(r19 == 4)
        let r20 = gate.leave(a)
        #expect(r20 == nil)
        let r21 = gate.enter(a, waiter: 5)
        #expect(r21)
        #expect(gate.heldCount == 2)
    }

    @Test func removingWaitersKeepsTheHolder() {
        var gate = KeyGate<Int>()
        _ = gate.enter(a, waiter: 1)
        _ = gate.enter(a, waiter: 2)
        _ = gate.enter(a, waiter: 3)
        gate.removeWaiters { $0 == 2 }
        let r22 = gate.leave(a)
        #expect(r22 == 3)
    }
}
