import BCSimulator
import Foundation
import Testing

@Suite struct TokenTests {
    private let scope = encoded(BusinessCentralSimulator.scope)

    @Test func validCredentialsGetABearerTokenThatOpensTheAPI() async throws {
        try await withSimulator { (sim) async throws in
            let reply = try await sim.tokenRequest("grant_type=client_credentials&client_id=client-1&client_secret=s3cret&scope=\(scope)")
            #expect(reply.status == 200)
            #expect(reply.json["token_type"] as? String == "Bearer")
            #expect(reply.json["expires_in"] as? Int == 3599)
            let token = try #require(reply.json["access_token"] as? String)
            let companies = try await sim.call("GET", "companies", token: token)
            #expect(companies.status == 200)
            #expect(companies.values.map { $0["name"] as? String } == ["CRONUS", "Other"])
            #expect(sim.simulator.stats.tokensIssued == 1)
        }
    }

    @Test func wrongSecretAndUnknownClientAreRefusedLikeEntra() async throws {
        try await withSimulator { (sim) async throws in
            let secret = try await sim.tokenRequest("grant_type=client_credentials&client_id=client-1&client_secret=nope&scope=\(scope)")
            #expect(secret.status == 401)
            #expect(secret.json["error"] as? String == "invalid_client")
            #expect((secret.json["error_description"] as? String)?.hasPrefix("AADSTS7000215: Invalid client secret provided.") == true)
            #expect(!secret.text.contains("nope"))

            let client = try await sim.tokenRequest("grant_type=client_credentials&client_id=who&client_secret=s3cret&scope=\(scope)")
            #expect(client.status == 400)
            #expect(client.json["error"] as? String == "unauthorized_client")

            let badScope = try await sim.tokenRequest("grant_type=client_credentials&client_id=client-1&client_secret=s3cret&scope=api")
            #expect(badScope.status == 400)
            #expect(badScope.json["error"] as? String == "invalid_scope")

            let grant = try await sim.tokenRequest("grant_type=password&client_id=client-1&client_secret=s3cret&scope=\(scope)")
            #expect(grant.json["error"] as? String == "unsupported_grant_type")
        }
    }

    @Test func missingWrongOrExpiredTokensGet401() async throws {
        try await withSimulator({ $0.tokenLifetime = .milliseconds(300) }) { (sim) async throws in
            for token in ["", "garbage"] {
                let reply = try await sim.call("GET", "companies", token: token)
                #expect(reply.status == 401)
                #expect(reply.errorCode == "Authentication_InvalidCredentials")
                #expect(reply.errorMessage?.contains("  CorrelationId:  ") == true)
            }
            let form = "grant_type=client_credentials&client_id=client-1&client_secret=s3cret&scope=\(scope)"
            let issued = try await sim.tokenRequest(form)
            let token = try #require(issued.json["access_token"] as? String)
            #expect(try await sim.call("GET", "companies", token: token).status == 200)
            let expired = try await eventually { try await sim.call("GET", "companies", token: token).status == 401 }
            #expect(expired)
        }
    }
}
