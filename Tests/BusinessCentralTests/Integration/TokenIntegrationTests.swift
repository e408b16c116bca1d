import BCSimulator
import BusinessCentral
import Foundation
import Testing
import RelayTestKit

/// OAuth client credentials against the simulator's token endpoint, over real HTTP.
@Suite(.timeLimit(.minutes(1))) struct TokenIntegrationTests {
    @Test func oneTokenServesManySequentialAndConcurrentCalls() async throws {
        try await withLiveBC { bc in
            // Concurrent first calls share ONE token request.
            let results = await concurrently(10) { _ in try await bc.find("NONE") }
            let failures = results.filter { !$0.isSuccess }
            #expect(failures.isEmpty, "\(failures)")
            for _ in 0..<10 { _ = try await bc.find("NONE") }
            let stats = bc.simulator.stats
            #expect(stats.tokensIssued == 1)
            #expect(stats.responsesByStatus[200] == 21, "1 token + 20 lookups")
            #expect(bc.events.events.filter { $0.operation == "token" }.count == 1)
        }
    }

    @Test func wrongSecretIsAnAuthenticationErrorWithoutTheSecret() async throws {
        let wrong = "not-the-Secret-9f8e7d"
        try await withLiveBC(client: { $0.clientSecret = Secret(wrong) }) { bc in
            let error = await bcError { _ = try await bc.find("K") }
            #expect(error?.kind == .authentication)
            #expect(error?.httpStatus == 401)
            #expect(error?.code == "invalid_client")
            let text = "\(error.map { String(describing: $0) } ?? "") \(error?.message ?? "")"
            #expect(text.contains("AADSTS7000215"), "Entra's reason is kept: \(text)")
            #expect(!text.contains(wrong))
            #expect(!text.contains(bc.seed.clientSecret))
            // Nothing reached the API.
            #expect(bc.simulator.stats.responsesByStatus == [401: 1])
            #expect(bc.simulator.lines().isEmpty)
        }
    }

    @Test func shortLivedTokenIsRenewedBeforeItExpires() async throws {
        // expires_in 2 s: the renewal margin is capped at a tenth of the lifetime, so renewal is due after ~1.8 s.
        try await withLiveBC(simulator: { $0.tokenLifetime = .seconds(2) }) { bc in
            let deadline = ContinuousClock.now + .seconds(6)
            var calls = 0
            while bc.simulator.stats.tokensIssued < 2, ContinuousClock.now < deadline {
                _ = try await bc.find("NONE")
                calls += 1
                try await Task.sleep(for: .milliseconds(50))
            }
            _ = try await bc.find("NONE")
            let stats = bc.simulator.stats
            #expect(stats.tokensIssued == 2)
            #expect(stats.responsesByStatus[401] == nil, "renewed BEFORE expiry: no request was refused")
            #expect(calls > 5, "the first token served many calls")
        }
    }

    @Test func expiredTokenMidRunCostsOneForcedRenewal() async throws {
        // The client's clock is frozen, so it keeps using its token after the simulator expired it (1 s): the API
        // answers 401, the client renews once and repeats the request.
        let frozen = ManualClock(start: Date())
        try await withLiveBC(simulator: { $0.tokenLifetime = .seconds(1) }) { bc in
            let events = EventRecorder()
            let client = try bc.makeClient(observer: events.observer, clock: frozen)
            _ = try await bc.create(LiveBC.payment("TOK-1"), with: client)
            let stale = try await client.tokenProvider.accessToken().reveal()
            let expired = try await waitForExpiry(of: stale, bc)
            #expect(expired)

            let created = try await bc.create(LiveBC.payment("TOK-2"), with: client)
            #expect(created.externalDocumentNumber == "TOK-2")
            #expect(bc.stored("TOK-2").count == 1, "the refused create was not applied, the repeat was, once")
            let stats = bc.simulator.stats
            #expect(stats.tokensIssued == 2)
            #expect(stats.responsesByStatus[201] == 2)
            let creates = events.events.filter { $0.operation == "payment.create" }.map(\.httpStatus)
            #expect(creates == [201, 401, 201])
            #expect(try await client.tokenProvider.accessToken().reveal() != stale)
        }
    }

    @Test func tokenStillRefusedAfterRenewalIsPermanentAuthentication() async throws {
        // Tokens that expire at once: the renewed one is refused too, and the client gives up after ONE renewal.
        try await withLiveBC(simulator: { $0.tokenLifetime = .zero }) { bc in
            let error = await bcError { _ = try await bc.create(LiveBC.payment("TOK-0")) }
            #expect(error?.kind == .authentication)
            #expect(error?.code == "Authentication_InvalidCredentials")
            let stats = bc.simulator.stats
            #expect(stats.tokensIssued == 2)
            #expect(stats.responsesByStatus[401] == 2)
            #expect(bc.simulator.lines().isEmpty)
        }
    }

    /// Polls the API with `token` until the simulator refuses it.
    private func waitForExpiry(of token: String, _ bc: LiveBC) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            if try await bc.rawGET("companies", token: token).status == 401 { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }
}
