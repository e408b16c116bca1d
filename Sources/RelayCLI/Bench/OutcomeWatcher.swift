import Foundation
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
}

/// Tails the outcome topic from the beginning on its own thread and keeps every outcome (a light scan of the
/// relay's JSON, not a full parse, so the watcher costs the shared machine little).
final class OutcomeWatcher: Sendable {
    private struct State {
        var outcomes: [ObservedOutcome] = []
        var eventIds: Set<String> = []
    }

    private let state = Mutex(State())
    private let stopFlag = Mutex(false)
    private let exited = DispatchSemaphore(value: 0)

    init(world: BenchWorld) throws {
        var configuration = KafkaConfiguration(bootstrapServers: world.cluster.bootstrapServers, properties: ["fetch.wait.max.ms": "20"])
        configuration["queued.max.messages.kbytes"] = "65536"
        let consumer = try KafkaConsumer(configuration: configuration, logger: .disabled)
        var assignment: [TopicPartition: KafkaOffset] = [:]
        for partition in 0..<world.partitions { assignment[TopicPartition(topic: BenchWorld.outcomeTopic, partition: partition)] = .beginning }
        try consumer.assign(assignment)
        let thread = Thread { [self] in
            defer {
                consumer.close(timeout: .seconds(2))
                exited.signal()
            }
            while !stopFlag.withLock({ $0 }) {
                guard let record = try? consumer.poll(timeout: .milliseconds(50)), let value = record.value,
                      let outcome = Self.scan(value) else { continue }
                state.withLock { state in
                    state.outcomes.append(outcome)
                    state.eventIds.insert(outcome.eventId)
                }
            }
        }
        thread.name = "bench-outcomes"
        thread.start()
    }

    /// Distinct events with an outcome so far.
    var distinctEvents: Int { state.withLock { $0.eventIds.count } }
    /// Every outcome so far, in arrival order.
    var outcomes: [ObservedOutcome] { state.withLock { $0.outcomes } }

    /// Waits until `count` distinct events have an outcome; `false` at the deadline.
    func wait(forEvents count: Int, timeout: Duration, onPoll: () -> Void = {}) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if distinctEvents >= count { return true }
            onPoll()
            Thread.sleep(forTimeInterval: 0.05)
        }
        return distinctEvents >= count
    }

    func stop() {
        stopFlag.withLock { $0 = true }
        exited.wait()
    }

    /// Extracts the fields from the relay's outcome JSON (`PaymentOutcome.jsonBytes()` layout).
    static func scan(_ bytes: [UInt8]) -> ObservedOutcome? {
        guard let eventId = string(after: "\"eventId\":\"", in: bytes),
              let status = string(after: "\"status\":\"", in: bytes),
              let partition = string(after: "\"partition\":", in: bytes, terminators: [44, 125]).flatMap({ Int32($0) }),
              let offset = string(after: "\"offset\":", in: bytes, terminators: [44, 125]).flatMap({ Int64($0) }),
              let processed = string(after: "\"processedAt\":\"", in: bytes).flatMap({ BenchMath.parseTimestamp($0) })
        else { return nil }
        return ObservedOutcome(eventId: eventId, status: status, partition: partition, offset: offset, processedAt: processed)
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
