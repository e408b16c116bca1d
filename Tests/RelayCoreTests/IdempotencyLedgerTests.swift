import Foundation
import Testing
@testable import RelayCore

@Suite struct IdempotencyLedgerTests {
    private let token = IdempotencyToken(idempotencyKey: "k1")
    private let paymentId = UUID()
    private static let day: Int64 = 86_400_000
    /// `done` entries in these tests are written by their creator, "e1".
    private var done: LedgerState { .done(paymentId: paymentId, creator: EventFingerprint(eventId: "e1")) }
    private var doneStatus: LedgerStatus { .done(creator: EventFingerprint(eventId: "e1").tag) }

    private func entry(_ state: LedgerState, at millis: Int64, token: IdempotencyToken? = nil) -> LedgerEntry {
        LedgerEntry(token: token ?? self.token, state: state, eventId: "e1", recordedAtMillis: millis, inputPartition: 2, inputOffset: 7)
    }

    @Test func doneIsNeverDowngradedByALaterAttempting() {
        var ledger = IdempotencyLedger()
        ledger.apply(entry(.attempting, at: 1))
        #expect(ledger.state(of: token, nowMillis: 2) == .attempting)
        ledger.apply(entry(done, at: 3))
        ledger.apply(entry(.attempting, at: 4))
        #expect(ledger.state(of: token, nowMillis: 5) == doneStatus)
    }

    /// Retention counts in whole UTC days, rounded up: an entry counts through the day it was written plus R days.
    @Test func entriesExpireAfterTheRetentionWindowInWholeDays() {
        var ledger = IdempotencyLedger(retention: .seconds(36 * 3600))           // 1.5 days → 2
        let written = 100 * Self.day + Self.day / 2                             // noon, day 100
        ledger.apply(entry(done, at: written))
        #expect(ledger.state(of: token, nowMillis: 102 * Self.day + Self.day - 1) == doneStatus, "through the end of day 102")
        #expect(ledger.expire(nowMillis: 102 * Self.day + Self.day - 1) == 0)
        #expect(ledger.state(of: token, nowMillis: 103 * Self.day) == nil, "absent from day 103")
        #expect(ledger.expire(nowMillis: 103 * Self.day) == 1)
        #expect(ledger.count == 0)
    }

    /// Entries expire only when the day changes, so the table is scanned at most once a day however often the
    /// engine asks; an old entry applied meanwhile counts as absent until then.
    @Test func expiryScansOncePerDay() {
        var ledger = IdempotencyLedger(retention: .seconds(86_400))
        ledger.apply(entry(done, at: 0))
        #expect(ledger.expire(nowMillis: 2 * Self.day) == 1)
        ledger.apply(entry(done, at: 0, token: IdempotencyToken(idempotencyKey: "late")))
        #expect(ledger.state(of: IdempotencyToken(idempotencyKey: "late"), nowMillis: 2 * Self.day + 1) == nil)
        #expect(ledger.expire(nowMillis: 2 * Self.day + 1) == 0, "same day: no scan")
        #expect(ledger.expire(nowMillis: 3 * Self.day) == 1)
    }

    /// An expired `done` does not hold back a new `attempting` (the key is booked again beyond the retention).
    @Test func anExpiredDoneIsReplacedByANewAttempting() {
        var ledger = IdempotencyLedger(retention: .seconds(86_400))
        ledger.apply(entry(done, at: 0))
        ledger.apply(entry(.attempting, at: 5 * Self.day))
        #expect(ledger.state(of: token, nowMillis: 5 * Self.day) == .attempting)
        #expect(ledger.attemptingCount == 1)
    }

    @Test func fingerprintsOfDistinctTokensDiffer() {
        let keys = Set((0..<20_000).map { IdempotencyLedger.fingerprint(of: IdempotencyToken(idempotencyKey: "key-\($0)")) })
        #expect(keys.count == 20_000)
        var ledger = IdempotencyLedger()
        ledger.apply(entry(done, at: 1))
        #expect(ledger.state(of: IdempotencyToken(idempotencyKey: "k2"), nowMillis: 2) == nil)
    }

    /// The fingerprint is the top 96 bits of the token's digest: the token's first 19 base32 digits and the top bit
    /// of the 20th.
    @Test func theFingerprintIsTheTokensFirst96Bits() throws {
        let token = try #require(IdempotencyToken(rawValue: "PR-" + "Z" + String(repeating: "0", count: 18) + "G" + String(repeating: "1", count: 12)))
        let fingerprint = IdempotencyLedger.fingerprint(of: token)
        #expect(fingerprint.high == 0xF800_0000_0000_0000)
        #expect(fingerprint.low == 1, "G = 16 = 0b10000: its top bit is the 96th")
    }

    @Test func entryValueRoundTrips() {
        for state in [LedgerState.attempting, done] {
            let original = entry(state, at: 1_795_000_000_000)
            #expect(LedgerEntry.decode(key: original.keyBytes, value: original.valueBytes()) == original)
        }
    }

    @Test func attemptingEntriesAreCountedUntilDone() {
        var ledger = IdempotencyLedger(retention: .seconds(86_400))
        let other = IdempotencyToken(idempotencyKey: "k2")
        ledger.apply(entry(.attempting, at: 1))
        ledger.apply(entry(.attempting, at: 2))
        ledger.apply(entry(.attempting, at: 1, token: other))
        #expect(ledger.attemptingCount == 2)
        ledger.apply(entry(done, at: 3))
        ledger.apply(entry(.attempting, at: 4))
        #expect(ledger.attemptingCount == 1)
        ledger.expire(nowMillis: 2 * Self.day)
        #expect(ledger.attemptingCount == 0)
        #expect(ledger.count == 0)
    }

    @Test func doneRemembersItsCreatorsTag() {
        var ledger = IdempotencyLedger()
        let decoded = LedgerEntry.decode(key: entry(done, at: 1).keyBytes, value: entry(done, at: 1).valueBytes())
        ledger.apply(try! #require(decoded))
        #expect(ledger.state(of: token, nowMillis: 2) == .done(creator: EventFingerprint(eventId: "e1").tag))
        #expect(ledger.state(of: token, nowMillis: 2) != .done(creator: EventFingerprint(eventId: "e2").tag))
        let unknown = LedgerEntry(token: token, state: .done(paymentId: paymentId, creator: .unknown), eventId: "", recordedAtMillis: 3,
                                  inputPartition: 2, inputOffset: 8)
        ledger.apply(unknown)
        #expect(ledger.state(of: token, nowMillis: 4) == .done(creator: 0), "the latest done wins")
    }

    @Test func tagsAreNonZeroFifteenBitValuesForEvents() {
        let tags = (0..<50_000).map { EventFingerprint(eventId: "evt-\($0)").tag }
        #expect(tags.allSatisfy { (1...0x7FFF).contains($0) })
        #expect(Set(tags).count > 25_000, "spread over the 15 bits")
        #expect(EventFingerprint.unknown.tag == 0)
    }

    /// The ledger's bytes are its table's: within 24 per token (the table's tests cover every size).
    @Test func tokensTakeAtMost24BytesEach() {
        var ledger = IdempotencyLedger()
        for index in 0..<5_000 {
            ledger.apply(entry(.attempting, at: 1, token: IdempotencyToken(idempotencyKey: "key-\(index)")))
        }
        #expect(ledger.count == 5_000)
        #expect(ledger.bytesUsed <= 24 * 5_000)
    }

    @Test func foreignRecordsAreSkipped() {
        #expect(LedgerEntry.decode(key: Array("x".utf8), value: Array("{}".utf8)) == nil)
        #expect(LedgerEntry.decode(key: token.value.utf8.map { $0 }, value: Array(#"{"v":2,"state":"done"}"#.utf8)) == nil)
        #expect(LedgerEntry.decode(key: token.value.utf8.map { $0 }, value: nil) == nil)
    }
}
