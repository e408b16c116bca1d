import Dispatch
import Foundation

/// Runs a blocking C call on a dedicated thread, off the Swift cooperative pool, with a deadline.
enum BlockingCall {
    /// Starts `body` on a new thread and waits at most `timeout` for it.
    ///
    /// - Returns: `true` when `body` finished in time; otherwise it keeps running on its thread (abandoned).
    static func run(name: String, timeout: Duration, _ body: @escaping @Sendable () -> Void) -> Bool {
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            body()
            done.signal()
        }
        thread.name = name
        thread.start()
        return done.wait(timeout: .now() + .milliseconds(Int(timeout.milliseconds))) == .success
    }
}
