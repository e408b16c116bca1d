import Foundation
import RelayCLI
import Kafka
import Synchronization

/// One outcome record as the bench needs it.
struct ObservedOutcome: Sendable {
    var eventId: String
    var status: String
    var partition: Int32
    var offset: Int64
    /// `processedAt`, seconds since 1970 (millisecond precision).
    var processedAt: Double
    /// The Business Central payment the outcome names (`null` in the outcome: `nil`).
    var customerPaymentId: String? = nil
}

/// Follows the outcome topic WITHOUT tailing it: progress comes from the partitions' high watermarks (ListOffsets,
/// O(1) on the mock), and records are read only when the count says they are there, by a short-lived reader from
/// where the last read stopped. Why: librdkafka's mock finds a fetch offset by walking the partition's message
/// sets from the start ("FIXME: Maintain an index"), and the relay writes outcomes in many small batches, so a
/// consumer tailing the outcome topic costs the mock's single thread O(outcomes so far) per fetch and slows every
/// produce acknowledgement the relay waits for. The scan of each record is light (not a full JSON parse).
final class OutcomeWatcher: Sendable {
    private struct State {
        var outcomes: [ObservedOutcome] = []
        var eventIds: Set<String> = []
        var next: [Int32: Int64] = [:]
    }

    private let state = Mutex(State())
    private let bootstrap: String
    private let partitions: Int32
    private let marks: KafkaConsumer

    init(world: BenchWorld) throws {
        bootstrap = world.cluster.bootstrapServers
        partitions = world.partitions
        marks = try KafkaConsumer(configuration: KafkaConfiguration(bootstrapServers: bootstrap), logger: .disabled)
    }

    /// Distinct events with an outcome read so far.
    var distinctEvents: Int { state.withLock { $0.eventIds.count } }
    /// Every outcome read so far, by partition then offset.
    var outcomes: [ObservedOutcome] { state.withLock { $0.outcomes } }

    /// Waits until `count` distinct events have an outcome; `false` at the deadline.
    func wait(forEvents count: Int, timeout: Duration) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let ends = try? highWatermarks(), ends.values.reduce(0, +) >= Int64(count) {
                try? read(upTo: ends)
                if distinctEvents >= count { return true }
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
        if let ends = try? highWatermarks() { try? read(upTo: ends) }
        return distinctEvents >= count
    }

    func stop() {
        marks.close(timeout: .seconds(2))
    }

    private func highWatermarks() throws -> [Int32: Int64] {
        var ends: [Int32: Int64] = [:]
        for partition in 0..<partitions {
            ends[partition] = try marks.watermarks(TopicPartition(topic: BenchWorld.outcomeTopic, partition: partition), timeout: .seconds(5)).high
        }
        return ends
    }

    /// Reads every partition from where the last read stopped up to `ends`.
    private func read(upTo ends: [Int32: Int64]) throws {
        let start = state.withLock { $0.next }
        var assignment: [TopicPartition: KafkaOffset] = [:]
        for (partition, end) in ends where end > start[partition, default: 0] {
            assignment[TopicPartition(topic: BenchWorld.outcomeTopic, partition: partition)] = .specific(start[partition, default: 0])
        }
        guard !assignment.isEmpty else { return }
        let reader = try KafkaConsumer(configuration: KafkaConfiguration(bootstrapServers: bootstrap, properties: ["fetch.wait.max.ms": "20"]),
                                       logger: .disabled)
        defer { reader.close(timeout: .seconds(2)) }
        try reader.assign(assignment)
        var next = start
        var read: [ObservedOutcome] = []
        let deadline = ContinuousClock.now + .seconds(60)
        while ends.contains(where: { next[$0.key, default: 0] < $0.value }), ContinuousClock.now < deadline {
            guard let record = try reader.poll(timeout: .milliseconds(100)) else { continue }
            next[record.partition] = record.offset + 1
            if let value = record.value, let outcome = Self.scan(value) { read.append(outcome) }
        }
        state.withLock { state in
            state.next = next
            state.outcomes += read
            for outcome in read { state.eventIds.insert(outcome.eventId) }
        }
    }

    /// Extracts the fields from the relay's outcome JSON (`PaymentOutcome.jsonBytes()` layout).
    static func scan(_ bytes: [UInt8]) -> ObservedOutcome? {
        guard let eventId = string(after: "\"eventId\":\"", in: bytes),
              let status = string(after: "\"status\":\"", in: bytes),
              let partition = string(after: "\"partition\":", in: bytes, terminators: [44, 125]).flatMap({ Int32($0) }),
              let offset = string(after: "\"offset\":", in: bytes, terminators: [44, 125]).flatMap({ Int64($0) }),
              let processed = string(after: "\"processedAt\":\"", in: bytes).flatMap({ BenchMath.parseTimestamp($0) })
        else { return nil }
        return ObservedOutcome(eventId: eventId, status: status, partition: partition, offset: offset, processedAt: processed,
                               customerPaymentId: string(after: "\"customerPaymentId\":\"", in: bytes))
    }

    /// The text after the first occurrence of `marker` up to the next terminator (a quote by default).
    static func string(after marker: String, in bytes: [UInt8], terminators: Set<UInt8> = [34]) -> String? {
        let needle = Array(marker.utf8)
        guard bytes.count >= needle.count else { return nil }
        var index = 0
        let last = bytes.count - needle.count
        while index <= last {
            if bytes[index] == needle[0], bytes[index..<(index + needle.count)].elementsEqual(needle) {
                let start = index + needle.count
                var end = start
                while end < bytes.count, !terminators.contains(bytes[end]) { end += 1 }
                return String(decoding: bytes[start..<end], as: UTF8.self)
            }
            index += 1
        }
        return nil
    }
}
