import Foundation

/// Time as the relay's shell sees it; injected so tests can control it.
public protocol RelayClock: Sendable {
    /// The current wall-clock time.
    func now() -> Date
    /// Sleeps for `duration`; throws `CancellationError` when the task is cancelled.
    func sleep(for duration: Duration) async throws
}

/// The real clock.
public struct SystemClock: RelayClock {
    public init() {}
    public func now() -> Date { Date() }
    public func sleep(for duration: Duration) async throws { try await Task.sleep(for: duration) }
}

extension Date {
    /// Milliseconds since 1970, as the ledger stores times.
    var millisecondsSince1970: Int64 { Int64((timeIntervalSince1970 * 1000).rounded(.down)) }
}
