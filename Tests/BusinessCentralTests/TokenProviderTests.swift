import BusinessCentral
import Foundation
import Testing
import RelayTestKit

/// Client-credentials form, caching, renewal before expiry, shared renewal, and token endpoint failures.
@Suite(.timeLimit(.minutes(1))) struct TokenProviderTests {
    let transport = ScriptedTransport()
    let clock = ManualClock()

    private func provider() throws -> TokenProvider {
        try TokenProvider(configuration: Fixtures.configuration(), transport: transport, clock: clock)
    }

    @Test func requestsAFormEncodedClientCredentialsGrant() async throws {
        let token = try await provider().accessToken()
        #expect(token.reveal() == "token-1")
        let request = try #require(transport.tokenRequests.first)
        #expect(request.method == "POST")
        #expect(request.url == Fixtures.tokenURL)
        #expect(request.header("Content-Type") == "application/x-www-form-urlencoded")
        #expect(request.header("Authorization") == nil)
        #expect(request.bodyText == "grant_type=client_credentials&client_id=client-id-1&client_secret=S3cr3t%2B%26%3D%2F%20%25~value&scope=https%3A%2F%2Fapi.businesscentral.dynamics.com%2F.default")
    }

    @Test func tokenIsCachedUntilTheRenewalMargin() async throws {
        let provider = try provider()
        #expect(try await provider.accessToken().reveal() == "token-1")
        clock.advance(seconds: 3599 - 300 - 1)
        #expect(try await provider.accessToken().reveal() == "token-1")
        #expect(transport.tokenRequests.count == 1)
        clock.advance(seconds: 1)
        #expect(try await provider.accessToken().reveal() == "token-2", "renewed 5 minutes before expires_in runs out")
        #expect(transport.tokenRequests.count == 2)
    }

    @Test func shortLivedTokensRenewAtNinetyPercentOfTheirLife() async throws {
        transport.respondToTokenRequests { n in .json(200, #"{"token_type":"Bearer","expires_in":"60","access_token":"short-\#(n)"}"#) }
        let provider = try provider()
        #expect(try await provider.accessToken().reveal() == "short-1")
        clock.advance(seconds: 53)
        #expect(try await provider.accessToken().reveal() == "short-1")
        clock.advance(seconds: 1)
        #expect(try await provider.accessToken().reveal() == "short-2")
    }

    @Test func concurrentCallersShareOneRenewal() async throws {
        let gate = Gate()
        transport.respondToTokenRequests { n in
            await gate.wait()
            return .json(200, #"{"token_type":"Bearer","expires_in":3599,"access_token":"shared-\#(n)"}"#)
        }
        let provider = try provider()
        let tokens = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<25 { group.addTask { try await provider.accessToken().reveal() } }
            try await waitUntil("the token request") { transport.tokenRequests.count == 1 }
            for _ in 0..<200 { await Task.yield() }
            gate.open()
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(tokens == Array(repeating: "shared-1", count: 25))
        #expect(transport.tokenRequests.count == 1)
    }

    @Test func forceRenewalFetchesANewToken() async throws {
        let provider = try provider()
        _ = try await provider.accessToken()
        try await provider.forceRenewal()
        #expect(try await provider.accessToken().reveal() == "token-2")
        #expect(transport.tokenRequests.count == 2)
    }

    @Test func refusedCredentialsAreAuthenticationWithTheOAuthDescription() async throws {
        transport.respondToTokenRequests { _ in
            .json(401, #"{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.\r\nTrace ID: 1\r\nCorrelation ID: 2","error_codes":[7000215]}"#)
        }
        let provider = try provider()
        let error = await bcError { _ = try await provider.accessToken() }
        #expect(error?.kind == .authentication)
        #expect(error?.code == "invalid_client")
        #expect(error?.httpStatus == 401)
        #expect(error?.message.hasPrefix("token endpoint: AADSTS7000215: Invalid client secret provided.") == true)
    }

    @Test(arguments: [
        (400, #"{"error":"invalid_scope","error_description":"AADSTS70011: The provided value for scope is not valid."}"#, BusinessCentralError.Kind.authentication),
        (429, "", .throttled),
        (503, "<html>busy</html>", .transient),
        (404, "not found", .permanent),
        (200, #"{"token_type":"Bearer"}"#, .transient),
        (200, "<html>login page</html>", .transient),
    ])
    func tokenEndpointFailuresAreClassified(status: Int, body: String, kind: BusinessCentralError.Kind) async throws {
        transport.respondToTokenRequests { _ in HTTPClientResponse(status: status, body: Array(body.utf8)) }
        let error = await bcError { _ = try await provider().accessToken() }
        #expect(error?.kind == kind)
    }

    @Test func failedRenewalIsNotCachedAndTheNextCallRetries() async throws {
        transport.respondToTokenRequests { n in
            n == 1 ? HTTPClientResponse(status: 503) : .json(200, #"{"expires_in":3599,"access_token":"after-\#(n)"}"#)
        }
        let provider = try provider()
        _ = await bcError { _ = try await provider.accessToken() }
        #expect(try await provider.accessToken().reveal() == "after-2")
    }

    @Test func tokenTransportFailureIsTransientEvenWhenItMayHaveBeenSent() async throws {
        transport.respondToTokenRequests { _ in throw HTTPTransportError.timedOut }
        let error = await bcError { _ = try await provider().accessToken() }
        #expect(error?.kind == .transient)
        #expect(error?.code == "Timeout")
    }
}
