import Foundation
import Kafka
import RelayCore
import Synchronization

/// Uniform synthetic idempotency tokens (SplitMix64 over a seed): as random as SHA-256 output, without hashing keys.
struct SyntheticTokens {
    private var state: UInt64
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    init(seed: UInt64) { state = seed }

    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The next token: `PR-` and 32 base32 digits (160 random bits).
    mutating func token() -> IdempotencyToken {
        var bytes = Array(IdempotencyToken.prefix.utf8)
        bytes.reserveCapacity(IdempotencyToken.length)
        for digits in [12, 12, 8] {   // 60 + 60 + 40 bits
            var bits = next()
            for _ in 0..<digits {
                bytes.append(Self.alphabet[Int(bits & 0x1F)])
                bits >>= 5
            }
        }
        return IdempotencyToken(rawValue: String(decoding: bytes, as: UTF8.self))!
    }

    /// A deterministic payment id.
    mutating func uuid() -> UUID {
        let (a, b) = (next(), next())
        return UUID(uuid: (UInt8(truncatingIfNeeded: a), UInt8(truncatingIfNeeded: a >> 8), UInt8(truncatingIfNeeded: a >> 16),
                           UInt8(truncatingIfNeeded: a >> 24), UInt8(truncatingIfNeeded: a >> 32), UInt8(truncatingIfNeeded: a >> 40),
                           UInt8(truncatingIfNeeded: a >> 48) & 0x0F | 0x40, UInt8(truncatingIfNeeded: a >> 56),
                           UInt8(truncatingIfNeeded: b) & 0x3F | 0x80, UInt8(truncatingIfNeeded: b >> 8), UInt8(truncatingIfNeeded: b >> 16),
                           UInt8(truncatingIfNeeded: b >> 24), UInt8(truncatingIfNeeded: b >> 32), UInt8(truncatingIfNeeded: b >> 40),
                           UInt8(truncatingIfNeeded: b >> 48), UInt8(truncatingIfNeeded: b >> 56)))
    }
}

/// Produces a synthetic compacted ledger: one entry per key (99% `done`, 1% `attempting`), written over the last 30
/// days, keys spread round-robin over the partitions. Batched and zstd-compressed (the mock cluster keeps ~5 MiB per
/// partition), without awaiting each delivery.
struct SyntheticLedgerWriter {
    let options: LedgerBenchmark.Options

    func write(range: Range<Int>, tokens: inout SyntheticTokens, nowMillis: Int64) throws {
        guard !range.isEmpty else { return }
        let producer = try KafkaProducer(configuration: KafkaConfiguration(bootstrapServers: options.bootstrapServers, properties: [
            "compression.codec": "zstd", "linger.ms": "50", "batch.num.messages": "10000",
            "queue.buffering.max.messages": "1000000", "queue.buffering.max.kbytes": "1048576",
        ]), logger: options.logger)
        defer { producer.close(timeout: .seconds(30)) }
        let failures = Mutex<[String]>([])
        let day: Int64 = 86_400_000
        for key in range {
            let token = tokens.token()
            let state: LedgerState = key % 100 == 99 ? .attempting : .done(paymentId: tokens.uuid(), creator: .unknown)
            let entry = LedgerEntry(token: token, state: state, eventId: "evt-\(key)",
                                    recordedAtMillis: nowMillis - Int64(key % 30) * day - Int64(key % 1000),
                                    inputPartition: Int32(key % options.partitions), inputOffset: Int64(key / options.partitions))
            producer.produce(ProducerRecord(topic: options.topic, partition: Int32(key % options.partitions), key: entry.keyBytes,
                                            value: entry.valueBytes(), headers: [])) { result in
                if case let .failure(error) = result { failures.withLock { if $0.count < 5 { $0.append("\(error)") } } }
            }
        }
        try producer.flush(timeout: .seconds(600))
        let failed = failures.withLock { $0 }
        guard failed.isEmpty else { throw LedgerBenchmark.Failure(description: "synthetic ledger not written: \(failed.joined(separator: "; "))") }
    }
}
