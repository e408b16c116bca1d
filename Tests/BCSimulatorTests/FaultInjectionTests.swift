import BCSimulator
import Foundation
import Testing

@Suite struct FaultInjectionTests {
    private let body = #"{"customerNumber":"C10000","amount":-1,"externalDocumentNumber":"F-1"}"#

    @Test func scriptedErrorFaultsStoreNothing() async throws {
        try await withSimulator { (sim) async throws in
            sim.simulator.enqueueFaults([.tooManyRequests(retryAfter: 7), .tooManyRequests(retryAfter: nil),
                                         .serviceUnavailable(retryAfter: 3), .internalServerError, .badGateway,
                                         .gatewayTimeout], target: .creates)
            // Lookups are not creates: they pass while create faults are pending.
            #expect(try await sim.call("GET", sim.journalPath).status == 200)

            let throttled = try await sim.create(body)
            #expect(throttled.status == 429 && throttled.errorCode == "Application_TooManyRequests")
            #expect(throttled.header("Retry-After") == "7")
            let bare = try await sim.create(body)
            #expect(bare.status == 429 && bare.header("Retry-After") == nil)
            let unavailable = try await sim.create(body)
            #expect(unavailable.status == 503 && unavailable.header("Retry-After") == "3")
            let failed = try await sim.create(body)
            #expect(failed.status == 500 && failed.errorCode == "Internal_ServerError")
            #expect(try await sim.create(body).status == 502)
            #expect(try await sim.create(body).status == 504)
            #expect(sim.simulator.lines().isEmpty)
            #expect(try await sim.create(body).status == 201)
            let stats = sim.simulator.stats
            #expect(stats.faultsInjected == ["429": 2, "503": 1, "500": 1, "502": 1, "504": 1])
            #expect(stats.tooManyRequests == 2)
        }
    }

    @Test func lookupFaultsHitOnlyLookups() async throws {
        try await withSimulator { (sim) async throws in
            sim.simulator.enqueueFaults([.internalServerError], target: .lookups)
            #expect(try await sim.create(body).status == 201)
            #expect(try await sim.call("GET", "companies").status == 200)
            #expect(try await sim.call("GET", sim.journalPath).status == 500)
            #expect(sim.simulator.pendingFaults == 0)
        }
    }

    @Test func commitThenTimeoutStoresTheLineButTheClientGivesUp() async throws {
        try await withSimulator { (sim) async throws in
            sim.simulator.enqueueFaults([.commitThenDelay(.seconds(3))], target: .creates)
            // Whole seconds: FoundationNetworking times out at once on a sub-second timeoutIntervalForRequest.
            let started = ContinuousClock.now
            await #expect(throws: (any Error).self) { _ = try await sim.create(body, timeout: 1) }
            #expect(ContinuousClock.now - started < .seconds(3))
            #expect(sim.simulator.lines().map(\.externalDocumentNumber) == ["F-1"])
        }
    }

    @Test func commitThenDropStoresTheLineAndResetsTheConnection() async throws {
        try await withSimulator { (sim) async throws in
            // A fresh connection: on a reused one, libcurl (under URLSession) silently resends the request.
            sim.simulator.enqueueFaults([.commitThenDrop], target: .creates)
            await #expect(throws: (any Error).self) { _ = try await sim.create(body) }
            #expect(sim.simulator.lines().count == 1)
            #expect(sim.simulator.stats.connectionsDropped == 1)
        }
    }

    @Test func resetBeforeCommitStoresNothing() async throws {
        try await withSimulator { (sim) async throws in
            sim.simulator.enqueueFaults([.resetBeforeCommit], target: .creates)
            await #expect(throws: (any Error).self) { _ = try await sim.create(body) }
            #expect(sim.simulator.lines().isEmpty)
        }
    }

    @Test func planLatencyDelaysEveryAPIRequest() async throws {
        try await withSimulator({ $0.faults = FaultPlan(latency: .milliseconds(150)) }) { (sim) async throws in
            let started = ContinuousClock.now
            #expect(try await sim.call("GET", "companies").status == 200)
            #expect(ContinuousClock.now - started >= .milliseconds(150))
        }
    }

    @Test func faultPlanCanBeReplacedAtRunTime() async throws {
        try await withSimulator { (sim) async throws in
            sim.simulator.setFaults(FaultPlan(rules: [.init(.serviceUnavailable(retryAfter: 2), probability: 1, target: .lookups)]))
            let refused = try await sim.call("GET", sim.journalPath)
            #expect(refused.status == 503 && refused.errorCode == "Internal_ServiceUnavailable" && refused.header("Retry-After") == "2")
            #expect(try await sim.create(body).status == 201)
            sim.simulator.setFaults(.none)
            #expect(try await sim.call("GET", sim.journalPath).status == 200)
        }
    }

    @Test func seededProbabilisticFaultsAreReproducible() async throws {
        let plan = FaultPlan(seed: 7, rules: [.init(.internalServerError, probability: 0.3, target: .creates),
                                              .init(.tooManyRequests(retryAfter: 1), probability: 0.2, target: .creates)])
        var runs: [[Int]] = []
        for _ in 0..<2 {
            try await withSimulator({ $0.faults = plan }) { (sim) async throws in
                var statuses: [Int] = []
                for _ in 0..<30 { statuses.append(try await sim.create(body).status) }
                runs.append(statuses)
            }
        }
        #expect(runs[0] == runs[1])
        #expect(runs[0].contains(500) && runs[0].contains(429) && runs[0].contains(201))
    }
}
