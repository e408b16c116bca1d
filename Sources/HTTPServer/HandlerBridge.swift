import Dispatch
import Synchronization

/// Runs the async handler from a connection thread and blocks that thread (not the cooperative pool) until
/// the response is ready.
enum HandlerBridge {
    private final class Slot: Sendable {
        let response = Mutex<HTTPResponse?>(nil)
        let done = DispatchSemaphore(value: 0)
    }

    static func respond(to request: HTTPRequest,
                        with handler: @escaping @Sendable (HTTPRequest) async -> HTTPResponse) -> HTTPResponse {
        let slot = Slot()
        Task.detached {
            let response = await handler(request)
            slot.response.withLock { $0 = response }
            slot.done.signal()
        }
        slot.done.wait()
        return slot.response.withLock { $0 } ?? .text("handler produced no response", status: 500)
    }
}
