import Foundation
import Testing
@testable import RelayCore

@Suite struct IdempotencyLedgerTests {
    private let token = IdempotencyToken(idempotencyKey: "k1")
    private let paymentId = UUID()
    /// `done` entries in these tests are written by their creator, "e1".
    private var done: LedgerState { .done(paymentId: paymentId, creator: EventFingerprint(eventId: "e1")) }

    private func entry(_ state: LedgerState, at millis: Int64) -> LedgerEntry {
        LedgerEntry(token: token, state: state, eventId: "e1", recordedAtMillis: millis, inputPartition: 2, inputOffset: 7)
    }

    @Test func doneIsNeverDowngradedByALaterAttempting() {
        var ledger = IdempotencyLedger()
        ledger.apply(entry(.attempting, at: 1))
        #expect(ledger.state(of: token, nowMillis: 2) == .attempting)
        ledger.apply(entry(done, at: 3))
        ledger.apply(entry(.attempting, at: 4))
        #expect(ledger.state(of: token, nowMillis: 5) == done)
    }

    @Test func entriesExpireAfterTheRetentionWindow() {
        var ledger = IdempotencyLedger(retention: .seconds(10))
        ledger.apply(entry(done, at: 0))
        #expect(ledger.state(of: token, nowMillis: 10_000) != nil)
        #expect(ledger.state(of: token, nowMillis: 10_001) == nil)
        #expect(ledger.expire(nowMillis: 10_001) == 1)
        #expect(ledger.count == 0)
    }

    @Test func compactKeysOfDistinctTokensDiffer() {
        let keys = Set((0..<20_000).map { IdempotencyLedger.Key(IdempotencyToken(idempotencyKey: "key-\($0)")) })
        #expect(keys.count == 20_000)
        var ledger = IdempotencyLedger()
        ledger.apply(entry(done, at: 1))
        #expect(ledger.state(of: IdempotencyToken(idempotencyKey: "k2"), nowMillis: 2) == nil)
    }

    @Test func entryValueRoundTrips() {
        for state in [LedgerState.attempting, done] {
            let original = entry(state, at: 1_795_000_000_000)
            #expect(LedgerEntry.decode(key: original.keyBytes, value: original.valueBytes()) == original)
        }
    }

    @Test func attemptingEntriesAreCountedUntilDone() {
        var ledger = IdempotencyLedger(retention: .seconds(10))
        let other = IdempotencyToken(idempotencyKey: "k2")
        ledger.apply(entry(.attempting, at: 1))
        ledger.apply(entry(.attempting, at: 2))
        ledger.apply(LedgerEntry(token: other, state: .attempting, eventId: "e2", recordedAtMillis: 1, inputPartition: 2, inputOffset: 8))
        #expect(ledger.attemptingCount == 2)
        ledger.apply(entry(done, at: 3))
        ledger.apply(entry(.attempting, at: 4))
        #expect(ledger.attemptingCount == 1)
        ledger.expire(nowMillis: 10_002)
        #expect(ledger.attemptingCount == 0)
    }

    @Test func doneRemembersItsCreator() {
        var ledger = IdempotencyLedger()
        let decoded = LedgerEntry.decode(key: entry(done, at: 1).keyBytes, value: entry(done, at: 1).valueBytes())
        ledger.apply(try! #require(decoded))
        #expect(ledger.state(of: token, nowMillis: 2) == .done(paymentId: paymentId, creator: EventFingerprint(eventId: "e1")))
        #expect(ledger.state(of: token, nowMillis: 2) != .done(paymentId: paymentId, creator: EventFingerprint(eventId: "e2")))
    }

    @Test func foreignRecordsAreSkipped() {
        #expect(LedgerEntry.decode(key: Array("x".utf8), value: Array("{}".utf8)) == nil)
        #expect(LedgerEntry.decode(key: token.value.utf8.map { $0 }, value: Array(#"{"v":2,"state":"done"}"#.utf8)) == nil)
        #expect(LedgerEntry.decode(key: token.value.utf8.map { $0 }, value: nil) == nil)
    }
}
