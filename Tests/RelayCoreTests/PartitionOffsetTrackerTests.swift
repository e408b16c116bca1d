import Testing
@testable import RelayCore

@Suite struct PartitionOffsetTrackerTests {
    @Test func commitsOnlyTheContiguousDoneMark() {
        var tracker = PartitionOffsetTracker()
        for offset in [10, 11, 12, 13] as [Int64] { tracker.begin(offset) }
        let early = tracker.complete(12)
        #expect(early == nil)
        #expect(tracker.committableOffset == nil)
        #expect(tracker.complete(10) == 11)
        #expect(tracker.complete(11) == 13)
        #expect(tracker.pendingCount == 1)
        #expect(tracker.complete(13) == 14)
        #expect(tracker.pendingCount == 0)
    }

    @Test func toleratesOffsetGaps() {
        var tracker = PartitionOffsetTracker()
        for offset in [5, 9, 20] as [Int64] { tracker.begin(offset) }
        tracker.complete(9)
        #expect(tracker.complete(5) == 10)
        #expect(tracker.complete(20) == 21)
    }

    @Test func ignoresRedeliveredAndUnknownOffsets() {
        var tracker = PartitionOffsetTracker()
        tracker.begin(1)
        let again = tracker.begin(1), older = tracker.begin(0)
        #expect(!again && !older)
        #expect(tracker.complete(7) == nil)
        #expect(tracker.complete(1) == 2)
        #expect(tracker.complete(1) == nil)
        let redelivered = tracker.begin(1), next = tracker.begin(2)
        #expect(!redelivered && next)
    }

    @Test func randomCompletionOrderAlwaysEndsAtLastPlusOne() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            var tracker = PartitionOffsetTracker()
            let offsets = (0..<3000).map { Int64($0) }
            offsets.forEach { tracker.begin($0) }
            var highest: Int64 = -1
            for offset in offsets.shuffled(using: &generator) {
                if let mark = tracker.complete(offset) {
                    #expect(mark > highest)
                    highest = mark
                }
            }
            #expect(tracker.committableOffset == 3000)
        }
    }
}

@Suite struct ResumeOffsetTests {
    /// Lag is measured from here: a record stuck at the head keeps it back while later ones complete.
    @Test func theResumeOffsetIsTheOldestUnfinishedRecord() {
        var tracker = PartitionOffsetTracker()
        #expect(tracker.resumeOffset == nil)
        for offset in Int64(10)...14 { tracker.begin(offset) }
        #expect(tracker.resumeOffset == 10)
        for offset in Int64(11)...14 { tracker.complete(offset) }
        #expect(tracker.resumeOffset == 10, "offset 10 is stuck")
        tracker.complete(10)
        #expect(tracker.resumeOffset == 15)
    }
}
