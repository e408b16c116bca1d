import Synchronization

/// A record handed to the producer whose delivery report is awaited later (``KafkaProducer/start(_:)``): one task can
/// have several records on their way at once without a child task each (under load a child task starts only after
/// the executor's queue, and its produce with it).
///
/// Awaited by at most one caller.
public final class PendingDelivery: Sendable {
    private enum State {
        case pending
        case awaited(CheckedContinuation<Result<DeliveryReport, KafkaError>, Never>)
        case delivered(Result<DeliveryReport, KafkaError>)
    }

    private let state = Mutex(State.pending)

    init() {}

    /// The delivery report, or the ``KafkaError`` the record failed with.
    public func result() async -> Result<DeliveryReport, KafkaError> {
        await withCheckedContinuation { continuation in
            let ready: Result<DeliveryReport, KafkaError>? = state.withLock { state in
                switch state {
                case let .delivered(result):
                    return result
                case .pending:
                    state = .awaited(continuation)
                    return nil
                case .awaited:
                    preconditionFailure("PendingDelivery is awaited once")
                }
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    func complete(_ result: Result<DeliveryReport, KafkaError>) {
        let waiter: CheckedContinuation<Result<DeliveryReport, KafkaError>, Never>? = state.withLock { state in
            defer { state = .delivered(result) }
            if case let .awaited(continuation) = state { return continuation }
            return nil
        }
        waiter?.resume(returning: result)
    }
}
