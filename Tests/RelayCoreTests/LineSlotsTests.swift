import Testing
@testable import RelayCore

@Suite struct LineSlotsTests {
    @Test func slotsAreDeterministicInRangeAndLeaveRoomBelowInt32Max() {
        for index in 0..<2000 {
            let token = IdempotencyToken(idempotencyKey: "pay-\(index)")
            let first = LineSlots.lineNumber(for: token, probe: 0)
            #expect(first == LineSlots.lineNumber(for: IdempotencyToken(idempotencyKey: "pay-\(index)"), probe: 0))
            for probe in 0..<LineSlots.maxProbes {
                let slot = LineSlots.lineNumber(for: token, probe: probe)
                #expect(LineSlots.isSlot(slot))
                #expect(slot + 10_000 * 14_000 < Int(Int32.max), "room for BC's own last + 10000 numbering")
            }
        }
    }

    @Test func probesOfOneTokenAreDistinct() {
        for index in 0..<500 {
            let token = IdempotencyToken(idempotencyKey: "k\(index)")
            let slots = (0..<LineSlots.maxProbes).map { LineSlots.lineNumber(for: token, probe: $0) }
            #expect(Set(slots).count == LineSlots.maxProbes)
        }
    }

    @Test func tokensSpreadOverTheRange() {
        let slots = (0..<10_000).map { LineSlots.lineNumber(for: IdempotencyToken(idempotencyKey: "spread-\($0)"), probe: 0) }
        #expect(Set(slots).count == 10_000, "10,000 tokens in 10^9 slots: a collision here is a ~5% event; this seed has none")
        let buckets = Dictionary(grouping: slots) { ($0 - LineSlots.base) / (LineSlots.count / 10) }.mapValues(\.count)
        #expect(buckets.count == 10)
        #expect(buckets.values.allSatisfy { (800...1200).contains($0) })
    }

    /// Pinned (computed independently from SHA-256 of the key): a change of derivation would move every unresolved
    /// token to another slot during an upgrade, and the slot would no longer refuse its second line.
    @Test func slotsAndDocumentNumberAreKnownValuesForAKnownKey() {
        let token = IdempotencyToken(idempotencyKey: "pay-1")
        #expect(token.value == "PR-1PHHEK2438VCG31ESX5GKZ3ZMGEE2BQ6")
        #expect(LineSlots.lineNumber(for: token, probe: 0) == 1_501_526_380)
        #expect(LineSlots.lineNumber(for: token, probe: 1) == 1_957_421_291)
        #expect(token.documentNumber == "PR1PHHEK2438VCG31ESX")
    }
}
