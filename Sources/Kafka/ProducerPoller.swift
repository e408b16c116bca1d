internal import CRdKafka
import Dispatch
import Foundation
import Synchronization

/// The producer's own thread: serves delivery reports and errors (`rd_kafka_poll`) and completes produce calls that
/// failed before reaching librdkafka, so every completion runs on this thread.
final class ProducerPoller: Sendable {
    private struct State {
        var stopped = false
        var failures: [(DeliveryBox, KafkaError)] = []
    }

    private let client: RDKafkaClient
    private let state = Mutex(State())
    private let finished = DispatchSemaphore(value: 0)

    init(client: RDKafkaClient) {
        self.client = client
    }

    /// Starts the polling thread.
    func start() {
        let thread = Thread { [self] in
            while !state.withLock({ $0.stopped }) {
                _ = try? client.withHandle { rd_kafka_poll($0, 50) }
                drainFailures()
            }
            drainFailures()
            finished.signal()
        }
        thread.name = "kafka-producer-poll"
        thread.start()
    }

    /// Completes `box` with `error` on the polling thread (or right here once the thread has stopped).
    func fail(_ box: DeliveryBox, _ error: KafkaError) {
        let stopped = state.withLock { state -> Bool in
            if !state.stopped { state.failures.append((box, error)) }
            return state.stopped
        }
        if stopped { box.completion(.failure(error)) }
    }

    /// Stops the thread and waits for it to finish its last poll.
    func stop() {
        let wasRunning = state.withLock { state in
            defer { state.stopped = true }
            return !state.stopped
        }
        if wasRunning { finished.wait() }
    }

    private func drainFailures() {
        let failures = state.withLock { state in
            defer { state.failures.removeAll() }
            return state.failures
        }
        for (box, error) in failures { box.completion(.failure(error)) }
    }
}
