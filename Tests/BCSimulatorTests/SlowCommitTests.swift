import BCSimulator
import Foundation
import Testing

/// BC keeps executing a request after its client has gone: a slow create, or one waiting in the concurrency
/// queue, commits although its client timed out.
@Suite struct SlowCommitTests {
    private func body(_ key: String) -> String {
        #"{"customerNumber":"C10000","amount":-1,"externalDocumentNumber":"\#(key)"}"#
    }

    @Test func aSlowCommitCommitsAfterTheClientTimedOut() async throws {
        try await withSimulator { (sim) async throws in
            sim.simulator.enqueueFaults([.slowCommit(.seconds(3))], target: .creates)
            let started = ContinuousClock.now
            // Whole seconds: FoundationNetworking times out at once on a sub-second timeoutIntervalForRequest.
            await #expect(throws: (any Error).self) { _ = try await sim.create(body("SLOW-1"), timeout: 1) }
            #expect(ContinuousClock.now - started < .seconds(3))
            #expect(sim.simulator.lines().isEmpty, "still executing when the client gave up")
            #expect(sim.simulator.pendingInserts == 1)

            #expect(await eventually { sim.simulator.lines().count == 1 })
            #expect(sim.simulator.lines().map(\.externalDocumentNumber) == ["SLOW-1"])
            #expect(sim.simulator.pendingInserts == 0)
            let stats = sim.simulator.stats
            #expect(stats.faultsInjected == ["slow_commit": 1])
            #expect(stats.linesCreated == 1)
        }
    }

    @Test func aQueuedCreateWhoseClientGaveUpStillExecutesAndCommits() async throws {
        try await withSimulator({
            $0.limits = SimLimits(concurrency: .init(maxExecuting: 1, maxQueued: 10, queueTimeout: .seconds(30)))
            $0.lineNumberRaceWindow = .zero
        }) { (sim) async throws in
            // The slow create holds the only execution slot, so the next one waits in the queue.
            sim.simulator.enqueueFaults([.slowCommit(.seconds(2))], target: .creates)
            async let first = sim.create(body("Q-1"))
            #expect(await eventually { sim.simulator.pendingInserts == 1 })
            await #expect(throws: (any Error).self) { _ = try await sim.create(body("Q-2"), timeout: 1) }
            #expect(sim.simulator.lines().isEmpty, "neither create had committed when the second client gave up")
            #expect(sim.simulator.stats.maxQueued == 1)

            #expect(try await first.status == 201)
            #expect(await eventually { sim.simulator.lines().count == 2 })
            let lines = sim.simulator.lines()
            #expect(lines.map(\.externalDocumentNumber) == ["Q-1", "Q-2"])
            #expect(lines.map(\.lineNumber) == [10000, 20000])
            #expect(sim.simulator.stats.queueTimeouts == 0)
            #expect(sim.simulator.stats.maxConcurrentByClient["client-1"] == 1)
        }
    }

    @Test func slowCommitsForTheNextCreatesCanBeScriptedOverTheInspectionAPI() async throws {
        try await withSimulator { (sim) async throws in
            let script = #"{"target":"creates","faults":[{"name":"slow_commit","milliseconds":300,"count":2},{"name":"429","retryAfter":4}]}"#
            let queued = try await sim.call("POST", "/_simulator/faults", body: script)
            #expect(queued.status == 200)
            #expect(queued.json["pending"] as? Int == 3)
            #expect(try await sim.call("GET", sim.journalPath).status == 200, "lookups are not creates")
            for key in ["S-1", "S-2"] {
                let started = ContinuousClock.now
                #expect(try await sim.create(body(key)).status == 201)
                #expect(ContinuousClock.now - started >= .milliseconds(300))
            }
            let throttled = try await sim.create(body("S-3"))
            #expect(throttled.status == 429 && throttled.header("Retry-After") == "4")
            #expect(try await sim.create(body("S-4")).status == 201)
            #expect(sim.simulator.pendingFaults == 0)
            #expect(sim.simulator.stats.faultsInjected == ["slow_commit": 2, "429": 1])
        }
    }

    @Test(arguments: [
        (#"{"faults":[{"name":"slow_commit"}]}"#, "missing 'milliseconds'"),
        (#"{"faults":[{"name":"teapot"}]}"#, "Unknown fault 'teapot'"),
        (#"{"target":"everything","faults":[]}"#, "Unknown fault target 'everything'"),
        (#"{"target":"creates"}"#, "'faults' must be an array"),
        (#"{"faults":[{"name":"500","count":-1}]}"#, "'count' must be"),
        ("not json", "Invalid Request Body"),
    ])
    func malformedFaultScriptsAreRefused(script: String, message: String) async throws {
        try await withSimulator { (sim) async throws in
            let reply = try await sim.call("POST", "/_simulator/faults", body: script)
            #expect(reply.status == 400)
            #expect(reply.errorMessage?.contains(message) == true, "\(reply.text)")
            #expect(sim.simulator.pendingFaults == 0)
        }
    }
}
