import Synchronization

/// At most one call in flight per key: callers that arrive while a call for their key runs wait for its result
/// instead of making their own.
///
/// Why: a cache miss under a full window is hundreds of misses at once — every booking of a customer not yet cached
/// read its currency from Business Central (931 reads for 1,500 events in the latency-bound bench, each holding one
/// of the 5 request slots).
///
/// A waiter that is cancelled stops waiting (the call goes on for the others); when the caller making the call is
/// cancelled, the waiters are released to try again themselves.
final class SingleFlight<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Flight {
        var waiters: [UInt64: CheckedContinuation<Value, any Error>] = [:]
    }

    private struct State {
        var flights: [Key: Flight] = [:]
        var nextWaiter: UInt64 = 0
    }

    /// Released waiters retry: the call they waited for was cancelled with its caller.
    private struct CallerCancelled: Error {}

    private let state = Mutex(State())

    /// The result of `call` for `key`: made here, or shared with the call already in flight for `key`.
    /// - Returns: the value and whether this caller made the call.
    func value(for key: Key, _ call: () async throws -> Value) async throws -> (value: Value, madeTheCall: Bool) {
        while true {
            let isLeader = state.withLock { state -> Bool in
                guard state.flights[key] == nil else { return false }
                state.flights[key] = Flight()
                return true
            }
            if isLeader {
                do {
                    let value = try await call()
                    finish(key, with: .success(value))
                    return (value, true)
                } catch is CancellationError {
                    finish(key, with: .failure(CallerCancelled()))
                    throw CancellationError()
                } catch {
                    finish(key, with: .failure(error))
                    throw error
                }
            }
            do {
                return (try await wait(for: key), false)
            } catch is CallerCancelled {
                try Task.checkCancellation()
                continue
            }
        }
    }

    /// Calls in flight (tests).
    var inFlight: Int { state.withLock { $0.flights.count } }

    private func wait(for key: Key) async throws -> Value {
        let id = state.withLock { state -> UInt64 in
            state.nextWaiter &+= 1
            return state.nextWaiter
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
                let registered = state.withLock { state -> Bool in
                    guard state.flights[key] != nil, !Task.isCancelled else { return false }
                    state.flights[key]?.waiters[id] = continuation
                    return true
                }
                // The call finished (or the waiter was cancelled) in between: try again, or end.
                if !registered { continuation.resume(throwing: Task.isCancelled ? CancellationError() : CallerCancelled()) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.flights[key]?.waiters.removeValue(forKey: id) }
            waiter?.resume(throwing: CancellationError())
        }
    }

    private func finish(_ key: Key, with result: Result<Value, any Error>) {
        let waiters = state.withLock { $0.flights.removeValue(forKey: key)?.waiters.values.map { $0 } ?? [] }
        for waiter in waiters { waiter.resume(with: result) }
    }
}
