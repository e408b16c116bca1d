import BusinessCentral
import Foundation
import Kafka
@testable import Relay
import Synchronization
import Testing

/// The process-wide bound on running bookings (`RELAY_MAX_ACTIVE_BOOKINGS`): the slots themselves, then the relay.
@Suite(.timeLimit(.minutes(2))) struct BookingSlotsTests {
    @Test func atMostTheLimitHoldASlotAtOnce() async {
        let slots = BookingSlots(limit: 2)
        #expect(await slots.acquire())
        #expect(await slots.acquire())
        let third = Task { await slots.acquire() }
        #expect(await waitUntil { slots.waiting == 1 })
        #expect(slots.running == 2)
        slots.release()
        #expect(await third.value, "a released slot goes to the waiting task")
        #expect(slots.running == 2)
        #expect(slots.waiting == 0)
        slots.release()
        slots.release()
        #expect(slots.running == 0)
    }

    @Test func waitingTasksGetSlotsInArrivalOrder() async {
        let slots = BookingSlots(limit: 1)
        #expect(await slots.acquire())
        let order = Shared<[Int]>([])
        var tasks: [Task<Void, Never>] = []
        for index in 0..<5 {
            tasks.append(Task {
                guard await slots.acquire() else { return }
                order.withLock { $0.append(index) }
                slots.release()
            })
            #expect(await waitUntil { slots.waiting == index + 1 })
        }
        slots.release()
        for task in tasks { await task.value }
        #expect(order.withLock { $0 } == [0, 1, 2, 3, 4])
        #expect(slots.running == 0)
    }

    @Test func aCancelledWaiterLeavesWithoutASlot() async {
        let slots = BookingSlots(limit: 1)
        #expect(await slots.acquire())
        let waiter = Task { await slots.acquire() }
        #expect(await waitUntil { slots.waiting == 1 })
        waiter.cancel()
        #expect(await waiter.value == false)
        #expect(slots.waiting == 0)
        slots.release()
        #expect(slots.running == 0, "the slot goes back to the pool, not to the cancelled waiter")

        let cancelledFirst = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await slots.acquire()
        }
        #expect(await cancelledFirst.value == false, "a task cancelled before it asks starts no booking")
        #expect(slots.running == 0)
    }

    /// 12 records fit the windows (64 per partition), but only 3 bookings run: the other 9 wait for a slot without
    /// reaching Business Central. Before the bound every accepted record's booking ran at once (12 creates waiting).
    @Test func theRelayRunsNoMoreBookingsAtOnceThanTheLimit() async throws {
        let harness = try RelayHarness(partitions: 2)
        let bc = HeldBusinessCentral()
        var settings = harness.settings()
        settings.maxActiveBookings = 3
        let service = try RelayService(settings: settings, logger: harness.logger(), businessCentral: bc)
        let relay = RunningRelay(service)
        try await harness.publish((0..<12).map { (key: "k\($0)", value: paymentEvent(id: "e\($0)", key: "k\($0)")) })

        let limited = await waitUntil(timeout: .seconds(40)) {
            service.engine.inFlightCount == 12 && bc.waitingCreates == 3 && service.engine.bookingSlots.waiting == 9
        }
        #expect(limited, "in flight \(service.engine.inFlightCount), creates waiting \(bc.waitingCreates), slots waiting \(service.engine.bookingSlots.waiting)")
        #expect(bc.mostCreatesAtOnce == 3)

        bc.open()
        let outcomes = try await harness.waitForOutcomes(count: 12)
        #expect(Set(outcomes.compactMap { $0["status"] as? String }) == ["created"])
        #expect(bc.mostCreatesAtOnce <= 3)
        #expect(service.engine.bookingSlots.running == 0)
        try await relay.stop()
    }
}

/// A Business Central whose creates wait until ``open()``, counting how many wait at once.
private final class HeldBusinessCentral: ForwardingBusinessCentral {
    private struct State {
        var isOpen = false
        var waiting: [CheckedContinuation<Void, Never>] = []
        var active = 0
        var mostActive = 0
    }

    let base: any CustomerPaymentsAPI = FakeBusinessCentral()
    private let state = Mutex(State())

    var waitingCreates: Int { state.withLock { $0.waiting.count } }
    var mostCreatesAtOnce: Int { state.withLock { $0.mostActive } }

    func open() {
        let waiting = state.withLock { state in
            state.isOpen = true
            defer { state.waiting = [] }
            return state.waiting
        }
        waiting.forEach { $0.resume() }
    }

    func createCustomerPayment(_ payment: CustomerPaymentCreate, journalId: UUID, companyId: UUID,
                               fence: (any RequestFence)?) async throws -> CustomerPayment {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let isOpen = state.withLock { state in
                state.active += 1
                state.mostActive = max(state.mostActive, state.active)
                if !state.isOpen { state.waiting.append(continuation) }
                return state.isOpen
            }
            if isOpen { continuation.resume() }
        }
        defer { state.withLock { $0.active -= 1 } }
        return try await base.createCustomerPayment(payment, journalId: journalId, companyId: companyId, fence: fence)
    }
}
