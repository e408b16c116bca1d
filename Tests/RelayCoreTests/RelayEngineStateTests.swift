import Testing
@testable import RelayCore

/// The engine's decisions over scripted sequences: windows, out-of-order completion, the same-token gate, ledger
/// loading, revocation with bookings in flight, shutdown.
@Suite struct RelayEngineStateTests {
    struct Record: EngineRecord, Equatable {
        var partitionKey: Int
        var offset: Int64
        var token: IdempotencyToken?
        var bytes = 0
    }

    typealias Engine = RelayEngineState<Record>
    typealias Action = Engine.Action

    private func record(_ partition: Int, _ offset: Int64, key: String? = nil) -> Record {
        Record(partitionKey: partition, offset: offset, token: IdempotencyToken(idempotencyKey: key ?? "p\(partition)-o\(offset)"))
    }

    /// A compact description of actions for table comparison.
    private func describe(_ actions: [Action]) -> [String] {
        actions.map { action in
            switch action {
            case let .launch(booking): "launch \(booking.record.partitionKey)@\(booking.record.offset)"
            case let .storeOffset(key, offset): "store \(key)@\(offset)"
            case let .pause(key): "pause \(key)"
            case let .resume(key): "resume \(key)"
            case let .loadLedger(key, generation, start): "load \(key) g\(generation)" + (start.map { " from \($0.nextOffset)" } ?? "")
            case let .stopBookings(key, generation): "stop \(key) g\(generation)"
            }
        }
    }

    private func booking(_ actions: [Action]) -> Engine.Booking? {
        for action in actions { if case let .launch(booking) = action { return booking } }
        return nil
    }

    /// A ledger read up to `offset`.
    private func read(to offset: Int64) -> PartitionLedger { PartitionLedger(ledger: IdempotencyLedger(), nextOffset: offset) }

    /// An engine with `partitions` assigned and loaded (generation = index + 1), each ledger read up to offset 10.
    private func flowing(_ partitions: [Int], window: Int = 4) -> Engine {
        var engine = Engine(maxInFlight: window)
        _ = engine.assigned(partitions)
        for (index, partition) in partitions.enumerated() { _ = engine.ledgerLoaded(read(to: 10), for: partition, generation: index + 1) }
        return engine
    }

    /// The ledger a load action starts from.
    private func start(_ actions: [Action]) -> PartitionLedger? {
        for action in actions { if case let .loadLedger(_, _, start) = action { return start } }
        return nil
    }

    @Test func assignmentPausesAndLoadsThenTheLoadedPartitionResumes() {
        var engine = Engine(maxInFlight: 4)
        #expect(describe(engine.assigned([0, 1])) == ["pause 0", "load 0 g1", "pause 1", "load 1 g2"])
        #expect(describe(engine.ledgerLoaded(read(to: 0), for: 0, generation: 1)) == ["resume 0"])
        #expect(engine.pausedCount == 1)
        #expect(engine.hasJoinedGroup)
    }

    /// Records polled while the ledger loads are taken in offset order when it has loaded, before the resume.
    @Test func recordsPolledWhileTheLedgerLoadsAreTakenInOrderBeforeTheResume() {
        var engine = Engine(maxInFlight: 4)
        _ = engine.assigned([0])
        #expect(engine.accept(record(0, 5)).isEmpty)
        #expect(engine.accept(record(0, 6)).isEmpty)
        #expect(engine.inFlightCount == 0)
        #expect(describe(engine.ledgerLoaded(read(to: 0), for: 0, generation: 1)) == ["launch 0@5", "launch 0@6", "resume 0"])
        #expect(engine.accept(record(0, 6)).isEmpty, "a redelivery of a tracked record is ignored")
    }

    /// A load that finishes after its partition was revoked and assigned again is where the new assignment's load
    /// starts (which waited for it: one load per partition at a time).
    @Test func aLedgerLoadedForAnOlderAssignmentStartsTheCurrentOnesLoad() {
        var engine = Engine(maxInFlight: 4)
        _ = engine.assigned([0])
        _ = engine.revoked([0])
        engine.forget([0])
        #expect(describe(engine.assigned([0])) == ["pause 0"], "generation 2 waits for generation 1's load")
        #expect(describe(engine.ledgerLoaded(read(to: 900), for: 0, generation: 1)) == ["load 0 g2 from 900"])
        #expect(engine.accept(record(0, 3)).isEmpty, "still loading")
        #expect(describe(engine.ledgerLoaded(read(to: 950), for: 0, generation: 2)) == ["launch 0@3", "resume 0"])
    }

    @Test func aFullWindowPausesAndADrainedOneResumes() {
        var engine = flowing([0], window: 4)
        var bookings: [Engine.Booking] = []
        for offset in Int64(0)..<4 {
            let actions = engine.accept(record(0, offset))
            bookings += booking(actions).map { [$0] } ?? []
            if offset == 3 { #expect(describe(actions) == ["pause 0", "launch 0@3"]) }
        }
        #expect(describe(engine.completed(bookings[0])) == ["store 0@1"])
        #expect(describe(engine.completed(bookings[1])) == ["store 0@2"])
        #expect(describe(engine.completed(bookings[2])) == ["store 0@3", "resume 0"], "resumes below half the window")
    }

    @Test func outOfOrderCompletionsStoreOnlyTheContiguousMark() {
        var engine = flowing([0], window: 8)
        let bookings = (Int64(10)..<13).compactMap { booking(engine.accept(record(0, $0))) }
        #expect(describe(engine.completed(bookings[2])).isEmpty)
        #expect(describe(engine.completed(bookings[1])).isEmpty)
        #expect(describe(engine.completed(bookings[0])) == ["store 0@13"])
        #expect(engine.resumeOffsets[0] == 13)
    }

    @Test func recordsWithOneTokenRunOneAtATime() {
        var engine = flowing([0, 1])
        let first = booking(engine.accept(record(0, 0, key: "same")))
        #expect(first != nil)
        #expect(describe(engine.accept(record(1, 0, key: "same"))).isEmpty, "waits for the gate")
        #expect(describe(engine.completed(first!)) == ["store 0@1", "launch 1@0"])
    }

    /// Revoke with bookings in flight: they are stopped; a waiter of the revoked partition leaves the gate; a late
    /// completion of the old generation stores nothing, but passes the token on to a waiter elsewhere.
    @Test func revokeWithBookingsInFlight() {
        var engine = flowing([0, 1])
        let inFlight = booking(engine.accept(record(0, 0, key: "k")))!
        _ = engine.accept(record(0, 1, key: "k2"))
        _ = engine.accept(record(1, 0, key: "k"))                   // waits on partition 0's booking
        let waiter0 = booking(engine.accept(record(0, 2, key: "k2")))
        #expect(waiter0 == nil)
        #expect(describe(engine.revoked([0])) == ["stop 0 g1"])
        engine.forget([0])
        #expect(describe(engine.completed(inFlight)) == ["launch 1@0"], "no offset stored for a revoked partition")
        #expect(engine.assignedKeys == [1])
        #expect(engine.accept(record(0, 3)).isEmpty, "records of a partition no longer owned are ignored")
    }

    @Test func shutdownTakesNothingNewAndStopsEverything() {
        var engine = flowing([0, 1])
        let first = booking(engine.accept(record(0, 0, key: "k")))!
        _ = engine.accept(record(1, 0, key: "k"))
        engine.beginShutdown()
        #expect(engine.accept(record(0, 1)).isEmpty)
        #expect(describe(engine.completed(first)) == ["store 0@1"], "the waiter is not launched while stopping")
        #expect(Set(describe(engine.stopAll())) == ["stop 0 g1", "stop 1 g2"])
    }

    @Test func ledgerStateAndAttemptsFollowTheWrites() {
        var engine = flowing([0])
        let token = IdempotencyToken(idempotencyKey: "k")
        #expect(engine.ledgerState(token, in: 0, nowMillis: 1) == nil)
        engine.applyLedger(LedgerEntry(token: token, state: .attempting, eventId: "e", recordedAtMillis: 1, inputPartition: 0, inputOffset: 0),
                           in: 0, nowMillis: 1)
        #expect(engine.ledgerState(token, in: 0, nowMillis: 2) == .attempting)
        #expect(engine.unresolvedAttempts == 1)
        #expect(engine.ledgerCounts.map(\.1) == [1])
    }

    /// A few large records must not exceed the memory limit: the window is bounded in bytes as well as records.
    @Test func theWindowIsBoundedInBytesToo() {
        var engine = Engine(maxInFlight: 64, maxInFlightBytes: 1000)
        _ = engine.assigned([0])
        _ = engine.ledgerLoaded(read(to: 0), for: 0, generation: 1)
        let first = booking(engine.accept(Record(partitionKey: 0, offset: 0, token: IdempotencyToken(idempotencyKey: "a"), bytes: 600)))!
        #expect(describe(engine.accept(Record(partitionKey: 0, offset: 1, token: IdempotencyToken(idempotencyKey: "b"), bytes: 500)))
                == ["pause 0", "launch 0@1"])
        #expect(describe(engine.completed(first)) == ["store 0@1", "resume 0"], "500 bytes left: half the bound")
    }

    /// Completions while a revoke waits for its bookings make no pause or resume: a request queued then would reach
    /// the next assignment, and resuming a partition not paused there makes librdkafka 2.0.2 fetch from a stale
    /// position, skipping records (their offsets never committed). The next assignment pauses and resumes cleanly.
    @Test func completionsDuringARevokeMakeNoPauseOrResume() {
        var engine = flowing([0], window: 2)
        let first = booking(engine.accept(record(0, 0)))!
        #expect(describe(engine.accept(record(0, 1))) == ["pause 0", "launch 0@1"])
        _ = engine.revoked([0])
        #expect(describe(engine.completed(first)) == ["store 0@1"], "no resume for a partition being revoked")
        engine.forget([0])
        #expect(describe(engine.assigned([0])) == ["pause 0", "load 0 g2 from 10"])
        #expect(describe(engine.ledgerLoaded(read(to: 0), for: 0, generation: 2)) == ["resume 0"])
    }

    // MARK: Ledgers kept across rebalances

    /// Eager rebalances revoke everything: a partition that comes back loads on from the ledger it had (with what
    /// this process wrote to it), reading only the entries after its offset; kept ledgers of partitions that went
    /// elsewhere are dropped at the assignment.
    @Test func aRevokedPartitionsLedgerIsKeptAndReusedWhenItComesBack() throws {
        var engine = flowing([0, 1])
        let token = IdempotencyToken(idempotencyKey: "k")
        engine.applyLedger(LedgerEntry(token: token, state: .attempting, eventId: "e", recordedAtMillis: 1, inputPartition: 0, inputOffset: 0),
                           in: 0, nowMillis: 1)
        _ = engine.revoked([0, 1])
        engine.forget([0, 1])
        #expect(engine.keptLedgerKeys == [0, 1])
        let actions = engine.assigned([0])
        #expect(describe(actions) == ["pause 0", "load 0 g3 from 10"])
        #expect(try #require(start(actions)).ledger.state(of: token, nowMillis: 2) == .attempting, "what this process wrote is kept")
        #expect(engine.keptLedgerKeys.isEmpty, "partition 1 went elsewhere: its ledger is dropped")
        _ = engine.ledgerLoaded(read(to: 12), for: 0, generation: 3)
        _ = engine.revoked([0])
        engine.forget([0])
        #expect(describe(engine.assigned([1])) == ["pause 1", "load 1 g4"], "a ledger dropped earlier is not brought back")
        #expect(engine.keptLedgerKeys.isEmpty)
    }

    /// A load stopped by a revoke hands over what it read: the partition's next load goes on from there.
    @Test func aLoadStoppedByARevokeIsResumedByTheNextAssignment() {
        var engine = Engine(maxInFlight: 4)
        _ = engine.assigned([0])
        _ = engine.revoked([0])
        engine.forget([0])
        #expect(engine.keptLedgerKeys.isEmpty, "nothing read yet")
        #expect(engine.ledgerLoadStopped(read(to: 500), for: 0, generation: 1).isEmpty)
        #expect(engine.keptLedgerKeys == [0])
        #expect(describe(engine.assigned([0])) == ["pause 0", "load 0 g2 from 500"])

        // Revoked again while loading, and back before the stopped load reports: the new load waits for it.
        _ = engine.revoked([0])
        engine.forget([0])
        #expect(describe(engine.assigned([0])) == ["pause 0"])
        #expect(describe(engine.ledgerLoadStopped(read(to: 700), for: 0, generation: 2)) == ["load 0 g3 from 700"])
        #expect(describe(engine.ledgerLoaded(read(to: 800), for: 0, generation: 3)) == ["resume 0"])
    }

    /// Stale reports: a stopped load of a partition that was not assigned again, or one arriving after a newer load
    /// started, is dropped (memory), as is everything once shutting down.
    @Test func staleLoadReportsAreDropped() {
        var engine = Engine(maxInFlight: 4)
        _ = engine.assigned([0, 1])
        _ = engine.revoked([0, 1])
        engine.forget([0, 1])
        _ = engine.assigned([1])                                    // 0 went elsewhere; 1 waits for its first load
        #expect(engine.ledgerLoadStopped(read(to: 500), for: 0, generation: 1).isEmpty)
        #expect(engine.keptLedgerKeys.isEmpty, "partition 0 is not ours since the last assignment")
        #expect(describe(engine.ledgerLoadStopped(read(to: 40), for: 1, generation: 2)) == ["load 1 g3 from 40"])
        #expect(engine.ledgerLoadStopped(read(to: 45), for: 1, generation: 2).isEmpty, "a second report of an old load changes nothing")
        engine.beginShutdown()
        _ = engine.revoked([1])
        engine.forget([1])
        #expect(describe(engine.assigned([1])) == ["pause 1"], "no load while shutting down")
        #expect(engine.ledgerLoadStopped(read(to: 60), for: 1, generation: 3).isEmpty)
    }

    // MARK: Holds on every partition (circuit open, operator pause)

    /// A hold pauses what is not paused yet; lifting it resumes only what nothing else holds (a full window, a
    /// loading ledger), so no partition is ever resumed that was not paused.
    @Test func aHoldPausesEveryPartitionAndLiftingItResumesOnlyWhatNothingElseHolds() {
        var engine = flowing([0, 1], window: 2)
        _ = engine.accept(record(1, 0))
        #expect(describe(engine.accept(record(1, 1))) == ["pause 1", "launch 1@1"])
        #expect(describe(engine.assigned([2])) == ["pause 2", "load 2 g3"])
        #expect(describe(engine.setHolds([.circuitOpen])) == ["pause 0"])
        #expect(engine.pausedCount == 3)
        #expect(describe(engine.setHolds([.circuitOpen])).isEmpty, "no change, no action")
        #expect(describe(engine.setHolds([])) == ["resume 0"])
    }

    @Test func twoHoldsResumeOnlyWhenBothAreLifted() {
        var engine = flowing([0])
        #expect(describe(engine.setHolds([.circuitOpen])) == ["pause 0"])
        #expect(describe(engine.setHolds([.circuitOpen, .operatorPause])).isEmpty)
        #expect(describe(engine.setHolds([.operatorPause])).isEmpty, "the operator still holds it")
        #expect(describe(engine.setHolds([])) == ["resume 0"])
    }

    /// While held, nothing resumes a partition: not its ledger loading, not its window draining.
    @Test func whileHeldALoadedLedgerOrADrainedWindowDoesNotResume() {
        var engine = flowing([0], window: 2)
        let first = booking(engine.accept(record(0, 0)))!
        let second = booking(engine.accept(record(0, 1)))!
        _ = engine.setHolds([.operatorPause])
        _ = engine.completed(first)
        #expect(describe(engine.completed(second)) == ["store 0@2"], "the window drained, the hold remains")
        #expect(describe(engine.assigned([1])) == ["pause 1", "load 1 g2"])
        #expect(describe(engine.ledgerLoaded(read(to: 0), for: 1, generation: 2)).isEmpty, "assigned while held: stays paused")
        #expect(Set(describe(engine.setHolds([]))) == ["resume 0", "resume 1"])
    }

    /// The invariant about revokes holds for holds too: no pause or resume while a revoke waits.
    @Test func holdsMakeNoPauseOrResumeDuringARevoke() {
        var engine = flowing([0, 1])
        _ = engine.revoked([0])
        #expect(describe(engine.setHolds([.circuitOpen])) == ["pause 1"])
        #expect(describe(engine.setHolds([])) == ["resume 1"])
        engine.forget([0])
        _ = engine.setHolds([.circuitOpen])
        #expect(describe(engine.assigned([0])) == ["pause 0", "load 0 g3 from 10"])
        #expect(describe(engine.ledgerLoaded(read(to: 10), for: 0, generation: 3)).isEmpty)
    }

    /// Ledger writes change the partition's ledger in place. They used to copy the partition's whole ledger table on
    /// every write (the enum kept a second reference to it): quadratic, ~14 s for these 200,000 writes in a debug
    /// build on 2 cores; now ~2 s.
    @Test func ledgerWritesDoNotCopyTheLedger() {
        var engine = flowing([0])
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        let entries = (0..<200_000).map { index -> LedgerEntry in
            var digits = String(repeating: "0", count: 32).map { $0 }
            var rest = index
            for position in 0...3 {   // distinct, and spread over the table like digests (the leading digits place a key)
                digits[position] = alphabet[rest % 32]
                rest /= 32
            }
            return LedgerEntry(token: IdempotencyToken(rawValue: "PR-" + String(digits))!, state: .attempting, eventId: "e\(index)",
                               recordedAtMillis: 0, inputPartition: 0, inputOffset: Int64(index))
        }
        let elapsed = ContinuousClock().measure {
            for entry in entries { engine.applyLedger(entry, in: 0, nowMillis: 0) }
        }
        #expect(engine.unresolvedAttempts == 200_000)
        #expect(engine.ledgerState(entries[32_345].token, in: 0, nowMillis: 0) == .attempting)
        #expect(elapsed < .seconds(6), "200,000 ledger writes took \(elapsed)")
    }
}
