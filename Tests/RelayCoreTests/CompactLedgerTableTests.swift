import Testing
@testable import RelayCore

/// The compact table on its own: look-ups, overwrites, growth at every size within 24 bytes per key, removal without
/// tombstones, and a seeded comparison with a Dictionary.
@Suite struct CompactLedgerTableTests {
    typealias Table = CompactLedgerTable
    typealias Mark = CompactLedgerTable.Mark

    private func mark(done: Bool = false, day: UInt16 = 1, creator: UInt16 = 0) -> Mark {
        Mark(isDone: done, dayStamp: day, creator: creator)
    }

    private func fingerprint(_ generator: inout FuzzGenerator) -> Table.Fingerprint {
        Table.Fingerprint(high: generator.next(), low: UInt32(truncatingIfNeeded: generator.next()))
    }

    /// At most 24 bytes per key, or the 1 KiB minimum table.
    private func withinBound(_ table: Table) -> Bool {
        table.bytesUsed <= max(24 * table.count, Table.minimumCapacity * 16)
    }

    @Test func insertLookUpAndOverwrite() {
        var table = Table()
        let key = Table.Fingerprint(high: 42, low: 7)
        #expect(table[key] == nil)
        var seen: Mark? = mark()
        let first = table.upsert(key) { old in
            seen = old
            return mark(day: 3)
        }
        #expect(first == nil && seen == nil)
        #expect(table[key] == mark(day: 3))
        #expect(table.upsert(key) { _ in mark(done: true, day: 4, creator: 0x7FFF) } == mark(day: 3))
        #expect(table[key] == mark(done: true, day: 4, creator: 0x7FFF))
        #expect(table.count == 1)
        #expect(table[Table.Fingerprint(high: 42, low: 8)] == nil, "the low 32 bits count")
        #expect(table[Table.Fingerprint(high: 43, low: 7)] == nil)
    }

    /// Keys sharing a home slot (equal high bits) and runs wrapping past the last slot are found and kept apart.
    @Test func collidingAndWrappingKeysAreKeptApart() {
        var table = Table()
        let last = UInt64.max   // home: the last slot
        for low in UInt32(0)..<20 { table.upsert(Table.Fingerprint(high: last, low: low)) { _ in mark(day: UInt16(low + 1)) } }
        for low in UInt32(0)..<20 { table.upsert(Table.Fingerprint(high: 0, low: low)) { _ in mark(day: UInt16(low + 100)) } }
        for low in UInt32(0)..<20 {
            #expect(table[Table.Fingerprint(high: last, low: low)] == mark(day: UInt16(low + 1)))
            #expect(table[Table.Fingerprint(high: 0, low: low)] == mark(day: UInt16(low + 100)))
        }
        #expect(table.removeAll { $0.dayStamp < 100 && $0.dayStamp % 2 == 0 } == 10)
        for low in UInt32(0)..<20 {
            #expect((table[Table.Fingerprint(high: last, low: low)] != nil) == (low % 2 == 0))
            #expect(table[Table.Fingerprint(high: 0, low: low)] == mark(day: UInt16(low + 100)))
        }
    }

    /// Growth by a quarter keeps every key and, after every single insert, at most 24 bytes per key.
    @Test func growthKeepsEveryKeyWithin24BytesAtEverySize() {
        var generator = FuzzGenerator(seed: 0x1ED6E5)
        var table = Table()
        var keys: [Table.Fingerprint] = []
        var capacities: Set<Int> = []
        for index in 0..<120_000 {
            let key = fingerprint(&generator)
            keys.append(key)
            table.upsert(key) { _ in mark(day: UInt16(index % 60_000 + 1)) }
            capacities.insert(table.capacity)
            if !withinBound(table) {
                Issue.record("\(table.bytesUsed) bytes for \(table.count) keys (capacity \(table.capacity))")
                return
            }
        }
        #expect(table.count == 120_000)
        #expect(capacities.count > 30, "grew many times, by less than double each")
        let sorted = capacities.sorted()
        #expect(zip(sorted, sorted.dropFirst()).allSatisfy { Double($1) / Double($0) <= 1.25 })
        #expect(keys.enumerated().allSatisfy { index, key in table[key] == mark(day: UInt16(index % 60_000 + 1)) })
        #expect(Double(table.bytesUsed) / Double(table.count) <= 24)
    }

    /// Removing most keys rebuilds the table smaller, still within the bound, and keeps the rest.
    @Test func removalShrinksAndKeepsTheRest() {
        var generator = FuzzGenerator(seed: 7)
        var table = Table()
        let keys = (0..<50_000).map { _ in fingerprint(&generator) }
        for (index, key) in keys.enumerated() { table.upsert(key) { _ in mark(day: UInt16(index % 10 + 1)) } }
        let before = table.bytesUsed
        #expect(table.removeAll { $0.dayStamp <= 9 } == 45_000)
        #expect(table.count == 5_000)
        #expect(table.bytesUsed < before / 5)
        #expect(withinBound(table))
        for (index, key) in keys.enumerated() {
            if (table[key] != nil) != (index % 10 == 9) {
                Issue.record("key \(index) wrongly \(table[key] == nil ? "lost" : "kept")")
                return
            }
        }
        #expect(table.removeAll { _ in true } == 5_000)
        #expect(table.count == 0 && table.capacity == Table.minimumCapacity)
    }

    /// Random inserts, overwrites, removals and look-ups against a Dictionary, with keys drawn from a small pool
    /// (so overwrites and look-ups of removed keys are frequent) and a few sharing their high bits.
    @Test func behavesLikeADictionary() {
        for seed in UInt64(1)...4 {
            var generator = FuzzGenerator(seed: seed)
            var table = Table()
            var model: [Table.Fingerprint: Mark] = [:]
            var pool: [Table.Fingerprint] = []
            for index in 0..<3_000 {
                // Every tenth key shares its high bits (its home slot) with nine others.
                pool.append(index % 10 == 0 ? Table.Fingerprint(high: UInt64(index / 100), low: UInt32(index)) : fingerprint(&generator))
            }
            for step in 0..<10_000 {
                let key = generator.pick(pool)
                switch generator.int(0...99) {
                case 0..<60:
                    let isDone = generator.chance(0.5)
                    let day = UInt16(generator.int(1...40))
                    let creator = UInt16(generator.int(0...0x7FFF))
                    let new = mark(done: isDone, day: day, creator: creator)
                    let old = table.upsert(key) { _ in new }
                    #expect(old == model[key], "seed \(seed) step \(step): upsert saw \(String(describing: old))")
                    model[key] = new
                case 60..<62:
                    let cut = UInt16(generator.int(1...40))
                    let removed = table.removeAll { $0.dayStamp < cut }
                    let expected = model.filter { $0.value.dayStamp < cut }.count
                    model = model.filter { $0.value.dayStamp >= cut }
                    #expect(removed == expected, "seed \(seed) step \(step)")
                default:
                    #expect(table[key] == model[key], "seed \(seed) step \(step)")
                }
                #expect(table.count == model.count)
                if !withinBound(table) {
                    Issue.record("seed \(seed) step \(step): \(table.bytesUsed) bytes for \(table.count)")
                    return
                }
            }
            #expect(model.allSatisfy { table[$0.key] == $0.value })
        }
    }

    @Test func aMarkPacksIntoThirtyTwoBits() {
        var table = Table()
        let extremes = [mark(done: true, day: UInt16.max, creator: 0x7FFF), mark(done: false, day: 1, creator: 0),
                        mark(done: true, day: 1, creator: 1), mark(done: false, day: 0x8000, creator: 0x4000)]
        for (index, value) in extremes.enumerated() { table.upsert(Table.Fingerprint(high: UInt64(index) << 60, low: UInt32.max)) { _ in value } }
        for (index, value) in extremes.enumerated() { #expect(table[Table.Fingerprint(high: UInt64(index) << 60, low: UInt32.max)] == value) }
        var seen = 0
        table.forEachMark { _ in seen += 1 }
        #expect(seen == 4)
    }
}
