import Foundation
import Synchronization

/// Where commands write: the terminal in production, a buffer in tests.
public protocol CommandOutput: Sendable {
    /// Writes `text` to standard output (no newline added).
    func write(_ text: String)
    /// Writes `text` to standard error (no newline added).
    func writeError(_ text: String)
}

extension CommandOutput {
    /// Writes one line to standard output.
    public func line(_ text: String = "") { write(text + "\n") }
    /// Writes one line to standard error.
    public func errorLine(_ text: String) { writeError(text + "\n") }
}

/// The process's stdout and stderr.
public struct StandardOutput: CommandOutput {
    public init() {}
    public func write(_ text: String) { FileHandle.standardOutput.write(Data(text.utf8)) }
    public func writeError(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}

/// Collects output in memory (tests).
public final class BufferedOutput: CommandOutput {
    private let buffers = Mutex<(out: String, err: String)>(("", ""))
    public init() {}
    public func write(_ text: String) { buffers.withLock { $0.out += text } }
    public func writeError(_ text: String) { buffers.withLock { $0.err += text } }
    /// Everything written to standard output.
    public var standardOutput: String { buffers.withLock { $0.out } }
    /// Everything written to standard error.
    public var standardError: String { buffers.withLock { $0.err } }
}
