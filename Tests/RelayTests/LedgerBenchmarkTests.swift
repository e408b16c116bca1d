import Foundation
import Kafka
@testable import Relay
import Testing

/// The ledger benchmark at a small size, so it keeps working for the bench command that calls it.
@Suite struct LedgerBenchmarkTests {
    @Test func measuresLoadsMemoryAndTheRebalancePause() throws {
        let cluster = try MockKafkaCluster(brokers: 1)
        let result = try LedgerBenchmark.run(on: cluster, keys: 3_000, partitions: 3, newKeys: 300)
        #expect(result.keys == 3_000)
        #expect(result.incrementalRecordsRead == 300, "the reassigned partitions read only the new entries")
        #expect(result.bytesPerKey > 0 && result.bytesPerKey <= 24)
        #expect(result.fullLoadSeconds > 0 && result.incrementalLoadSeconds > 0 && result.rebalancePauseSeconds > 0)
        #expect(result.description.contains("3000 keys in 3 partitions"))
    }

    @Test func syntheticTokensAreValidAndDistinct() {
        var tokens = SyntheticTokens(seed: 3)
        let values = (0..<5_000).map { _ in tokens.token().value }
        #expect(Set(values).count == 5_000)
        #expect(values.allSatisfy { IdempotencyTokenShape.matches($0) })
    }
}

/// The token's shape (`PR-` and 32 Crockford base32 digits), checked independently of `IdempotencyToken(rawValue:)`.
private enum IdempotencyTokenShape {
    static func matches(_ value: String) -> Bool {
        value.count == 35 && value.hasPrefix("PR-") && value.dropFirst(3).allSatisfy { "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains($0) }
    }
}
