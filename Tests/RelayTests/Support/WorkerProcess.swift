import Foundation

/// A `payment-relay run` child process (the built executable next to the test bundle).
final class WorkerProcess: @unchecked Sendable {
    let process = Process()
    let name: String
    let logURL: URL

    /// The executable built with the tests (`swift build --build-tests` / `swift test` build every product).
    static var executableURL: URL {
        let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundleDirectory, bundleDirectory.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("payment-relay")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        let fromSource = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/debug/payment-relay")
        return fromSource
    }

    init(name: String, environment: [String: String], arguments: [String] = ["run"]) throws {
        self.name = name
        logURL = FileManager.default.temporaryDirectory.appendingPathComponent("payment-relay-\(name)-\(UUID().uuidString.prefix(8)).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        process.executableURL = Self.executableURL
        process.arguments = arguments
        process.environment = environment
        let log = try FileHandle(forWritingTo: logURL)
        process.standardError = log
        process.standardOutput = log
        try process.run()
    }

    deinit {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
    }

    var isRunning: Bool { process.isRunning }

    /// SIGKILL: no chance to clean up.
    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM and wait for a graceful exit; returns the exit status.
    func terminate(timeout: Duration = .seconds(30)) -> Int32? {
        Foundation.kill(process.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { usleep(20_000) }
        if process.isRunning {
            kill()
            return nil
        }
        return process.terminationStatus
    }

    /// The last lines the worker logged (for failure messages).
    var logTail: String {
        let text = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(15).joined(separator: "\n")
    }
}

extension WorkerProcess {
    /// SIGSTOP: the whole process stands still (a cgroup freeze, node pressure), its threads and timers included.
    func freeze() { Foundation.kill(process.processIdentifier, SIGSTOP) }

    /// SIGCONT: the process runs again, unaware of the time that passed.
    func thaw() { Foundation.kill(process.processIdentifier, SIGCONT) }
}
