import Dispatch
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One in-flight `URLSession` exchange that completes exactly once: by the response, the deadline or cancellation.
///
/// Whichever comes first resumes the continuation; the others only cancel what is left (the task, the deadline).
final class PendingExchange: @unchecked Sendable {
    // Why @unchecked and NSLock: URLSessionDataTask is thread-safe but not Sendable on every platform, so a Mutex
    // cannot hold it; every stored property below is only touched under `lock`.
    private let lock = NSLock()
    private var continuation: CheckedContinuation<HTTPClientResponse, any Error>?
    private var task: URLSessionDataTask?
    private var cancelDeadline: (@Sendable () -> Void)?
    private var finished = false
    private var earlyResult: Result<HTTPClientResponse, any Error>?

    /// Registers the continuation and what to cancel; completes at once if the outcome is already known
    /// (cancellation raced ahead of registration).
    func start(continuation: CheckedContinuation<HTTPClientResponse, any Error>, task: URLSessionDataTask,
               cancelDeadline: @escaping @Sendable () -> Void) {
        lock.lock()
        guard !finished else {
            let early = earlyResult ?? .failure(CancellationError())
            lock.unlock()
            task.cancel()
            cancelDeadline()
            continuation.resume(with: early)
            return
        }
        self.continuation = continuation
        self.task = task
        self.cancelDeadline = cancelDeadline
        lock.unlock()
    }

    /// Completes the exchange with `result` unless it is complete already.
    func finish(_ result: Result<HTTPClientResponse, any Error>) {
        lock.lock()
        guard !finished else {
            lock.unlock()
            return
        }
        finished = true
        guard let continuation else {
            earlyResult = result
            lock.unlock()
            return
        }
        let task = self.task
        let cancelDeadline = self.cancelDeadline
        self.continuation = nil
        self.task = nil
        self.cancelDeadline = nil
        lock.unlock()
        cancelDeadline?()
        if case .failure = result { task?.cancel() }
        continuation.resume(with: result)
    }
}
