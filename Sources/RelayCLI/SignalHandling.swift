import Dispatch
import Foundation

/// Delivers SIGINT/SIGTERM to a handler once, through Dispatch (never from a raw signal context).
public enum SignalHandling {
    /// Ignores the default action of SIGINT/SIGTERM and calls `handler` on the first of them.
    public static func install(_ handler: @escaping @Sendable () -> Void) {
        let once = OnceFlag()
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if once.claim() { handler() }
            }
            source.resume()
            Retained.sources.withLock { $0.append(SourceBox(source: source)) }
        }
    }

    /// Signal sources must stay alive for the process's lifetime.
    private enum Retained {
        static let sources = Mutex<[SourceBox]>([])
    }

    private struct SourceBox: @unchecked Sendable {
        let source: any DispatchSourceSignal
    }
}

import Synchronization

/// True for the first caller of ``claim()`` only.
final class OnceFlag: Sendable {
    private let claimed = Mutex(false)
    func claim() -> Bool {
        claimed.withLock { claimed in
            defer { claimed = true }
            return !claimed
        }
    }
}
