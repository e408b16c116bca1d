import Dispatch
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One in-flight `URLSession` exchange that completes exactly once: by the response, the deadline or cancellation.
///
/// Whichever comes first resumes the continuation; the others only cancel what is left (the task, the timer).
final class PendingExchange: @unchecked Sendable {
    // Why @unchecked and NSLock: URLSessionDataTask and DispatchWorkItem are thread-safe but not Sendable on every
    // platform, so a Mutex cannot hold them; every stored property below is only touched under `lock`.
    private let lock = NSLock()
    private var continuation: CheckedContinuation<HTTPClientResponse, any Error>?
    private var task: URLSessionDataTask?
    private var deadline: DispatchWorkItem?
    private var finished = false
    private var earlyResult: Result<HTTPClientResponse, any Error>?

    /// Registers the continuation and what to cancel; completes at once if the outcome is already known
    /// (cancellation raced ahead of registration).
    func start(continuation: CheckedContinuation<HTTPClientResponse, any Error>, task: URLSessionDataTask, deadline: DispatchWorkItem) {
        lock.lock()
        guard !finished else {
            let early = earlyResult ?? .failure(CancellationError())
            lock.unlock()
            task.cancel()
            deadline.cancel()
            continuation.resume(with: early)
            return
        }
        self.continuation = continuation
        self.task = task
        self.deadline = deadline
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
        let deadline = self.deadline
        self.continuation = nil
        self.task = nil
        self.deadline = nil
        lock.unlock()
        deadline?.cancel()
        if case .failure = result { task?.cancel() }
        continuation.resume(with: result)
    }
}
