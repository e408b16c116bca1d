import Testing
@testable import RelayCore

@Suite struct PartitionFlowTests {
    @Test func pausesWhenTheWindowFillsAndResumesWhenHalfDrained() {
        var flow = PartitionFlow(maxInFlight: 4)
        let r1 = flow.accept(offset: 0)
        #expect(r1 == [])
        let r2 = flow.accept(offset: 1)
        #expect(r2 == [])
        let r3 = flow.accept(offset: 2)
        #expect(r3 == [])
        let r4 = flow.accept(offset: 3)
        #expect(r4 == [.pause])
        let r5 = flow.accept(offset: 4)        // already fetched records keep arriving while paused
        #expect(r5 == [])
        let r6 = flow.complete(offset: 0)
        #expect(r6 == [.storeOffset(1)])
        let r7 = flow.complete(offset: 1)
        #expect(r7 == [.storeOffset(2)])
        let r8 = flow.complete(offset: 2)
        #expect(r8 == [.storeOffset(3)])
        #expect(flow.isPaused)
        let drained = flow.complete(offset: 3)
        #expect(drained == [.storeOffset(4), .resume])
        #expect(!flow.isPaused)
    }

    @Test func aStuckRecordHoldsTheCommitButOthersFlowUntilTheWindowIsFull() {
        var flow = PartitionFlow(maxInFlight: 3)
        _ = flow.accept(offset: 10)              // stuck in retries
        _ = flow.accept(offset: 11)
        let r9 = flow.complete(offset: 11)
        #expect(r9 == [])
        let r10 = flow.accept(offset: 12)
        #expect(r10 == [.pause])
        let r11 = flow.complete(offset: 12)
        #expect(r11 == [])
        let r12 = flow.complete(offset: 10)
        #expect(r12 == [.storeOffset(13), .resume])
    }

    @Test func redeliveredRecordsInFlightAreIgnored() {
        var flow = PartitionFlow(maxInFlight: 10)
        _ = flow.accept(offset: 5)
        let r13 = flow.accept(offset: 5)
        #expect(r13 == nil)
        #expect(flow.pendingCount == 1)
    }

    @Test func bytesPauseAndMustDrainToHalfBeforeAResume() {
        var flow = PartitionFlow(maxInFlight: 100, maxInFlightBytes: 1000)
        #expect(flow.accept(offset: 0, bytes: 400) == [])
        #expect(flow.accept(offset: 1, bytes: 400) == [])
        #expect(flow.accept(offset: 2, bytes: 300) == [.pause])
        #expect(flow.inFlightBytes == 1100)
        #expect(flow.complete(offset: 2) == [], "800 bytes: above half")
        #expect(flow.complete(offset: 0) == [.storeOffset(1), .resume])
        #expect(flow.inFlightBytes == 400)
    }
}
