import Foundation

/// Polls `condition` until it holds or `timeout` passes; never a fixed sleep.
func waitUntil(timeout: Duration = .seconds(30), pollEvery interval: Duration = .milliseconds(20),
               _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: interval)
    }
    return try await condition()
}
