import Foundation
import HTTPServer
@testable import Relay
import RelayCore
@testable import RelayCLI
import Synchronization
import Telemetry
import Testing

/// `pause` and `resume` against replicas' operations ports over real HTTP (each server configured as the relay's,
/// with the admin endpoint enabled).
@Suite(.timeLimit(.minutes(1)))
struct PauseResumeCommandTests {
    private static let token = "cli-admin-token-0123456789abcdef"

    /// The pause (true) and resume (false) requests a replica received.
    final class Requests: Sendable {
        private let values = Mutex<[Bool]>([])
        func append(_ paused: Bool) { values.withLock { $0.append(paused) } }
        var all: [Bool] { values.withLock { $0 } }
    }

    /// One replica's operations port.
    final class Replica: Sendable {
        let server: HTTPServer
        let requests = Requests()

        init(tokenFile: String) throws {
            let settings = try RelaySettings.load(from: [
                "KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:1", "BC_API_URL": "https://bc.example/api/v2.0", "BC_TOKEN_URL": "https://login.example/token",
                "BC_CLIENT_ID": "c", "BC_CLIENT_SECRET": "s", "BC_COMPANY_ID": "5d115c9c-44e3-ea11-bb43-000d3a2feba0",
                "RELAY_ADMIN_TOKEN_FILE": tokenFile, "RELAY_HTTP_HOST": "127.0.0.1", "RELAY_HTTP_PORT": "0",
            ])
            let requests = self.requests
            let admin = AdminEndpoint(
                tokenFile: tokenFile,
                setPaused: { paused, _ in requests.append(paused) },
                status: {
                    let paused = requests.all.last ?? false
                    return AdminEndpoint.Status(gate: BusinessCentralGate.Snapshot(phase: .closed, operatorPaused: paused, callsInProgress: 0, waiting: 0),
                                                assignedPartitions: 2, pausedPartitions: paused ? 2 : 0, inFlightRecords: 0,
                                                unresolvedAttempts: 0)
                })
            let endpoint = OperationsEndpoint(liveness: { (true, "ok") }, readiness: { (true, "ready") }, metrics: MetricsRegistry(), admin: admin)
            server = HTTPServer(configuration: OperationsEndpoint.serverConfiguration(for: settings), logger: .disabled) { endpoint.handle($0) }
            try server.start()
        }

        var url: String { "http://127.0.0.1:\(server.port)" }
        deinit { server.stop() }
    }

    private func tokenFile(_ token: String = token) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cli-admin-\(UUID().uuidString)").path
        try (token + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func run(_ arguments: [String], environment: [String: String] = [:]) async -> (code: Int32, out: String, err: String) {
        let output = BufferedOutput()
        let code = await CommandLineTool.main(arguments, context: CommandContext(environment: environment, output: output))
        return (code, output.standardOutput, output.standardError)
    }

    @Test func pauseAndResumeEveryReplicaNamed() async throws {
        let file = try tokenFile()
        let replicas = [try Replica(tokenFile: file), try Replica(tokenFile: file)]
        let pause = await run(["pause", "--url", replicas[0].url, "--url", replicas[1].url + "/", "--token-file", file])
        #expect(pause.code == 0, "\(pause.err)")
        let lines = pause.out.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.contains(#""operatorPaused":true"#) && $0.contains(#""pausedPartitions":2"#) })
        #expect(lines.first?.hasPrefix(replicas[0].url + "  {") == true)
        // The token file may come from the environment, as the relay reads it.
        let resume = await run(["resume", "--url", replicas[0].url, "--url", replicas[1].url], environment: ["RELAY_ADMIN_TOKEN_FILE": file])
        #expect(resume.code == 0, "\(resume.err)")
        #expect(resume.out.contains(#""operatorPaused":false"#))
        #expect(replicas.allSatisfy { $0.requests.all == [true, false] })
    }

    /// One refusal or one unreachable replica makes the command fail, after trying every replica.
    @Test func aRefusedOrUnreachableReplicaFailsTheCommand() async throws {
        let replica = try Replica(tokenFile: try tokenFile())
        let wrong = await run(["pause", "--url", replica.url, "--token-file", try tokenFile("not-the-token-at-all")])
        #expect(wrong.code == 1)
        #expect(wrong.err.contains("HTTP 401"))
        #expect(replica.requests.all.isEmpty)
        let file = try tokenFile()
        let good = try Replica(tokenFile: file)
        let partly = await run(["pause", "--url", "http://127.0.0.1:1", "--url", good.url, "--token-file", file, "--timeout", "2s"])
        #expect(partly.code == 1)
        #expect(partly.err.contains("http://127.0.0.1:1"))
        #expect(good.requests.all == [true], "the reachable replica is still paused")
    }

    @Test func usageErrorsExitTwo() async throws {
        let file = try tokenFile()
        for arguments in [["pause", "--token-file", file], ["pause", "--url", "ftp://h:21", "--token-file", file],
                          ["resume", "--url", "http://user:pw@h:8080", "--token-file", file], ["pause", "--url", "http://127.0.0.1:1"],
                          ["pause", "--url", "http://127.0.0.1:1", "--token-file", "/nonexistent/token"]] {
            let result = await run(arguments)
            #expect(result.code == 2, "\(arguments): \(result.err)")
        }
    }
}
