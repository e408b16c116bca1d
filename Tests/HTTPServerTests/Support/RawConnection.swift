import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A TCP client for tests that need bytes no well-behaved HTTP client would send.
///
/// Reads block a dispatch thread, never the test's cooperative-pool thread: the server's handlers need that pool.
/// Used by one test at a time, hence the unchecked sendability.
final class RawConnection: @unchecked Sendable {
    struct Response {
        var status: Int
        var headers: [(name: String, value: String)]
        var body: [UInt8]

        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    struct Failure: Error, CustomStringConvertible { let description: String }

    private let fd: Int32
    private var buffer: [UInt8] = []

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
            let code = errno
            Glibc.close(fd)
            throw Failure(description: "connect failed: errno \(code)")
        }
    }

    deinit { Glibc.close(fd) }

    func send(_ text: String) { send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let sent = Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if sent <= 0 { return }
                offset += sent
            }
        }
    }

    /// Half-closes the sending side.
    func finishSending() { _ = shutdown(fd, Int32(SHUT_WR)) }

    /// Reads one response; `nil` when the server closed first. Throws on timeout or reset.
    func readResponse(timeout: Duration = .seconds(5)) async throws -> Response? {
        try await offPool { try self.readResponseBlocking(timeout: timeout) }
    }

    private func readResponseBlocking(timeout: Duration) throws -> Response? {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            if let response = try parse() { return response }
            guard try fill(until: deadline) else {
                if buffer.isEmpty { return nil }
                throw Failure(description: "connection closed mid-response")
            }
        }
    }

    /// Whether the server closes the connection (EOF or reset) before `timeout`, discarding any data.
    func isClosedByServer(timeout: Duration = .seconds(5)) async -> Bool {
        (try? await offPool { self.isClosedBlocking(timeout: timeout) }) ?? true
    }

    private func isClosedBlocking(timeout: Duration) -> Bool {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            do {
                guard try fill(until: deadline) else { return true }
            } catch let failure as Failure where failure.description == "timeout" {
                return false
            } catch {
                return true
            }
        }
    }

    private func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            // A thread of its own: the global queues are as narrow as the CPU count, and reads here may block for seconds.
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }

    /// Reads more bytes; `false` on EOF.
    private func fill(until deadline: ContinuousClock.Instant) throws -> Bool {
        let remaining = ContinuousClock.now.duration(to: deadline)
        guard remaining > .zero else { throw Failure(description: "timeout") }
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let millis = Int32(remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000)
        guard poll(&poller, 1, max(millis, 1)) > 0 else { throw Failure(description: "timeout") }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, 0) }
        if count < 0 { throw Failure(description: "recv failed: errno \(errno)") }
        if count == 0 { return false }
        buffer.append(contentsOf: chunk[0..<count])
        return true
    }

    private func parse() throws -> Response? {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = buffer.indices.dropLast(3).first(where: { Array(buffer[$0..<($0 + 4)]) == separator }) else { return nil }
        let lines = String(decoding: buffer[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Failure(description: "bad status line \(lines[0])") }
        let headers = lines.dropFirst().map { line -> (name: String, value: String) in
            let colon = line.firstIndex(of: ":")!
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let length = headers.first { $0.name.lowercased() == "content-length" }.flatMap { Int($0.value) } ?? 0
        guard buffer.count >= end + 4 + length else { return nil }
        let body = Array(buffer[(end + 4)..<(end + 4 + length)])
        buffer.removeFirst(end + 4 + length)
        return Response(status: status, headers: headers, body: body)
    }
}
