import Foundation
import Testing
@testable import RelayCore

@Suite struct IdempotencyLedgerTests {
    private let token = IdempotencyToken(idempotencyKey: "k1")
    private let paymentId = UUID()

    private func entry(_ state: LedgerState, at millis: Int64) -> LedgerEntry {
        LedgerEntry(token: token, state: state, eventId: "e1", recordedAtMillis: millis, inputPartition: 2, inputOffset: 7)
    }

    @Test func doneIsNeverDowngradedByALaterAttempting() {
        var ledger = IdempotencyLedger()
        ledger.apply(entry(.attempting, at: 1))
        #expect(ledger.state(of: token, nowMillis: 2) == .attempting)
        ledger.apply(entry(.done(paymentId: paymentId), at: 3))
        ledger.apply(entry(.attempting, at: 4))
        #expect(ledger.state(of: token, nowMillis: 5) == .done(paymentId: paymentId))
    }

    @Test func entriesExpireAfterTheRetentionWindow() {
        var ledger = IdempotencyLedger(retention: .seconds(10))
        ledger.apply(entry(.done(paymentId: paymentId), at: 0))
        #expect(ledger.state(of: token, nowMillis: 10_000) != nil)
        #expect(ledger.state(of: token, nowMillis: 10_001) == nil)
        #expect(ledger.expire(nowMillis: 10_001) == 1)
        #expect(ledger.count == 0)
    }

    @Test func compactKeysOfDistinctTokensDiffer() {
        let keys = Set((0..<20_000).map { IdempotencyLedger.Key(IdempotencyToken(idempotencyKey: "key-\($0)")) })
        #expect(keys.count == 20_000)
        var ledger = IdempotencyLedger()
        ledger.apply(entry(.done(paymentId: paymentId), at: 1))
        #expect(ledger.state(of: IdempotencyToken(idempotencyKey: "k2"), nowMillis: 2) == nil)
    }

    @Test func entryValueRoundTrips() {
        for state in [LedgerState.attempting, .done(paymentId: paymentId)] {
            let original = entry(state, at: 1_795_000_000_000)
            #expect(LedgerEntry.decode(key: original.keyBytes, value: original.valueBytes()) == original)
        }
    }

    @Test func foreignRecordsAreSkipped() {
        #expect(LedgerEntry.decode(key: Array("x".utf8), value: Array("{}".utf8)) == nil)
        #expect(LedgerEntry.decode(key: token.value.utf8.map { $0 }, value: Array(#"{"v":2,"state":"done"}"#.utf8)) == nil)
        #expect(LedgerEntry.decode(key: token.value.utf8.map { $0 }, value: nil) == nil)
    }
}
