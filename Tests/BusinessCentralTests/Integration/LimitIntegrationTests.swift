import BCSimulator
import BusinessCentral
import Foundation
import Testing

/// The client's limiter against the simulator's BC-like limits, and lineNumber collisions, over real HTTP.
@Suite(.timeLimit(.minutes(1))) struct LimitIntegrationTests {
    /// Creates `count` payments concurrently, repeating a create that hit a lineNumber collision (as the relay does
    /// after its lookup finds nothing); returns the final results.
    private func createAll(_ count: Int, prefix: String, _ bc: LiveBC) async -> [Result<CustomerPayment, any Error>] {
        await concurrently(count) { index in
            while true {
                do {
                    return try await bc.create(LiveBC.payment("\(prefix)-\(index)"))
                } catch let error as BusinessCentralError where error.kind == .conflict {
                    continue
                }
            }
        }
    }

    @Test func concurrencyNeverExceedsTheLimitAndNothingQueues() async throws {
        let limit = 3
        // No queue at the simulator: a request beyond the limit would be refused with 429 at once.
        try await withLiveBC(simulator: {
            $0.limits = SimLimits(concurrency: .init(maxExecuting: limit, maxQueued: 0, queueTimeout: .seconds(5)))
            $0.faults = FaultPlan(latency: .milliseconds(20))
        }, client: { $0.maxConcurrentRequests = limit }) { bc in
            let results = await createAll(50, prefix: "CC", bc)
            let failures = results.filter { !$0.isSuccess }
            #expect(failures.isEmpty, "\(failures)")
            let stats = bc.simulator.stats
            #expect(stats.tooManyRequests == 0)
            #expect(stats.queueOverflows == 0)
            #expect(stats.maxConcurrent == limit, "used, never exceeded")
            #expect(bc.simulator.lines().count == 50)
            #expect(bc.client.limiter.inFlight == 0)
        }
    }

    @Test func concurrencyBeyondTheSimulatorsLimitIsRefused() async throws {
        // Control for the test above: the same load with a client allowing more than the simulator does.
        try await withLiveBC(simulator: {
            $0.limits = SimLimits(concurrency: .init(maxExecuting: 2, maxQueued: 0, queueTimeout: .seconds(5)))
            $0.faults = FaultPlan(latency: .milliseconds(50))
        }, client: {
            $0.maxConcurrentRequests = 5
            $0.maxCreatesPerBatch = 1   // plain requests: this is about BC's concurrency limit, not batches
        }) { bc in
            _ = try await bc.client.checkToken()
            let results = await concurrently(5) { index in try await bc.create(LiveBC.payment("OVER-\(index)")) }
            let throttled = results.filter { $0.failureKind == .throttled }.count
            #expect(throttled >= 1)
            #expect(bc.simulator.stats.queueOverflows == throttled)
            #expect(bc.client.limiter.concurrencyLimit < 5, "adapted down")
        }
    }

    @Test func rateBudgetEqualToTheSimulatorsMeansNo429() async throws {
        let budget = 20
        let window = Duration.seconds(1)
        try await withLiveBC(simulator: {
            $0.limits = SimLimits(rateLimit: .init(requests: budget, window: window))
            $0.lineNumberRaceWindow = .zero
        }, client: { $0.rateLimit = RateBudget(requests: budget, window: window) }) { bc in
            let results = await createAll(60, prefix: "RATE", bc)
            let failures = results.filter { !$0.isSuccess }
            #expect(failures.isEmpty, "\(failures)")
            let stats = bc.simulator.stats
            #expect(stats.rateLimited == 0)
            #expect(stats.tooManyRequests == 0)
            #expect(bc.simulator.lines().count == 60)
            #expect(bc.client.limiter.concurrencyLimit == 5, "never throttled, never adapted")
        }
    }

    @Test func rateBudgetAboveTheSimulatorsGets429sAndAdaptsDown() async throws {
        try await withLiveBC(simulator: {
            $0.limits = SimLimits(rateLimit: .init(requests: 5, window: .seconds(1)))
            $0.lineNumberRaceWindow = .zero
        }, client: {
            $0.rateLimit = RateBudget(requests: 1000, window: .seconds(1))
            $0.concurrencyRecoveryAfterSuccesses = 1000
        }) { bc in
            let results = await concurrently(15) { index in try await bc.create(LiveBC.payment("HOT-\(index)")) }
            let created = results.filter { $0.isSuccess }.count
            let throttled = results.filter { $0.failureKind == .throttled }
            let stats = bc.simulator.stats
            #expect(stats.rateLimited >= 1)
            #expect(throttled.count == stats.rateLimited)
            #expect(created + throttled.count == 15, "\(results.compactMap(\.failureKind))")
            #expect(created >= 5)
            #expect(bc.simulator.lines().count == created)
            #expect(bc.client.limiter.concurrencyLimit < 5, "halved on 429")
            // Retry-After paused the limiter: the 429s are the requests already admitted, not a stream of them.
            #expect(stats.rateLimited <= 5 * 2)
        }
    }

    @Test(arguments: [SimulatorConfiguration.SameKeyStatus.conflict, .badRequest])
    func lineNumberCollisionsAreConflicts(_ status: SimulatorConfiguration.SameKeyStatus) async throws {
        try await withLiveBC(simulator: {
            $0.lineNumberRaceWindow = .milliseconds(100)
            $0.sameKeyStatus = status
        }, client: { $0.maxCreatesPerBatch = 1 }) { bc in   // concurrent plain inserts, not one batch
            _ = try await bc.client.checkToken()
            let results = await concurrently(5) { index in try await bc.create(LiveBC.payment("RACE-\(index)")) }
            let created = results.compactMap { try? $0.get() }
            let conflicts = results.compactMap { result -> BusinessCentralError? in
                guard case .failure(let error) = result else { return nil }
                return error as? BusinessCentralError
            }
            #expect(created.count + conflicts.count == 5)
            #expect(created.count >= 1)
            #expect(conflicts.count >= 1)
            for conflict in conflicts {
                #expect(conflict.kind == .conflict)
                #expect(conflict.code == "Internal_EntityWithSameKeyExists")
                #expect(conflict.httpStatus == status.rawValue)
            }
            #expect(bc.simulator.lines().count == created.count, "a collision stores nothing")
            #expect(bc.simulator.stats.lineNumberCollisions == conflicts.count)
        }
    }
}
