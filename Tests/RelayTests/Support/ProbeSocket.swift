import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A bare TCP client for the operations port: sends exactly the bytes given (a body announced but never sent, an
/// idle connection) and reads the status line of the answer.
final class ProbeSocket: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible { let description: String }

    private let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            Glibc.close(fd)
            throw Failure(description: "connect failed: errno \(errno)")
        }
    }

    deinit { Glibc.close(fd) }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress!, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Everything the server sends until it closes the connection or `timeout` passes (then `nil`), read on a
    /// thread of its own so the cooperative pool stays free for the server's handlers.
    func readUntilClosed(timeout: Duration = .seconds(5)) async -> String? {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: self.readBlocking(timeout: timeout)) }.start()
        }
    }

    private func readBlocking(timeout: Duration) -> String? {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero else { return nil }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let millis = Int32(remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000)
            guard poll(&poller, 1, max(millis, 1)) > 0 else { return nil }
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, 0) }
            if count <= 0 { return String(decoding: received, as: UTF8.self) }
            received.append(contentsOf: chunk[0..<count])
        }
    }
}
