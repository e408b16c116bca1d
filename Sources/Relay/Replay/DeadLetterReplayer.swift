import Foundation
import Kafka
import RelayCore
import Synchronization
import Telemetry
import Clocks

/// `payment-relay replay`: re-publishes dead letters to the relay's input topic so the relay books them.
///
/// Reads the dead-letter topic in its own consumer group, from the group's committed position (the beginning the
/// first time) up to the high watermarks taken at the start, then stops. Each selected record is re-published with
/// its key and value, its headers minus `relay.*`, and ``ReplayHeaders``; only after the broker acknowledged it is
/// `offset + 1` stored, so a replay interrupted (``stop()``, limit, failure) resumes with the first record not
/// replayed. Records the filter does not select are skipped, and by default no position past the first of them is
/// stored in its partition (a later run in the group still sees it; records replayed after it are read, and replayed,
/// again by that run: harmless duplicates); with ``DeadLetterReplayConfiguration/skipUnmatched`` their positions are
/// stored like the others. Records without relay headers are always passed over. Stored offsets are committed
/// periodically and at the end. A dry run lists the selected records and publishes and commits nothing.
///
/// Safe by the relay's idempotency: a replayed event keeps its idempotency key and lands on its original input
/// partition, so if it was in fact booked the relay's ledger (or its BC look-up) makes it a `duplicate`. A crash
/// between publish and commit replays a record twice, which is the same harmless duplicate.
public final class DeadLetterReplayer: Sendable {
    /// What to replay.
    public let configuration: DeadLetterReplayConfiguration
    let logger: Logger
    let clock: any ServiceClock
    private let stopRequested = Mutex(false)

    /// Creates a replayer; nothing connects until ``run(progress:)``.
    public init(configuration: DeadLetterReplayConfiguration, logger: Logger = .disabled, clock: any ServiceClock = SystemClock()) {
        self.configuration = configuration
        self.logger = logger
        self.clock = clock
    }

    /// Asks a running replay to stop after the record in hand; it commits what was replayed and returns `.stopped`.
    /// Safe from any thread (a signal handler's queue included).
    public func stop() {
        stopRequested.withLock { $0 = true }
    }

    /// Whether ``stop()`` was called.
    public var isStopRequested: Bool { stopRequested.withLock { $0 } }

    /// Runs the replay on a dedicated thread (Kafka calls block) and returns its summary.
    ///
    /// Cancelling the calling task stops the replay like ``stop()``.
    /// - Parameter progress: called on the replay's thread at most once per
    ///   ``DeadLetterReplayConfiguration/progressInterval``.
    /// - Throws: ``DeadLetterReplayError`` when a topic is missing, or a ``KafkaError`` when Kafka cannot be reached
    ///   or fails fatally. A record that cannot be published ends the run with ``ReplaySummary/Ending/failed(_:)``.
    public func run(progress: @escaping @Sendable (ReplayProgress) -> Void = { _ in }) async throws -> ReplaySummary {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ReplaySummary, any Error>) in
                let thread = Thread { [self] in
                    var pass = ReplayPass(replayer: self, progress: progress)
                    continuation.resume(with: Result { try pass.run() })
                }
                thread.name = "dead-letter-replay"
                thread.start()
            }
        } onCancel: {
            stop()
        }
    }
}

/// A replay that cannot start (e.g. a missing topic).
public struct DeadLetterReplayError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// Creates an error with `message`.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}
