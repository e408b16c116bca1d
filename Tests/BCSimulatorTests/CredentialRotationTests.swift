import BCSimulator
import Foundation
import Testing

/// Rotating the client secret (Entra) and the web service access key (on-premises) while the simulator runs.
@Suite struct CredentialRotationTests {
    private static let scope = encoded(BusinessCentralSimulator.scope)

    private static func form(_ clientId: String, _ secret: String) -> String {
        "grant_type=client_credentials&client_id=\(clientId)&client_secret=\(secret)&scope=\(scope)"
    }

    @Test(arguments: ["public method", "inspection endpoint"])
    func aRotatedSecretIsNeededForNewTokensWhileIssuedTokensStayValid(via: String) async throws {
        try await withSimulator { (sim) async throws in
            let before = try await sim.tokenRequest(Self.form("client-1", "s3cret"))
            let oldToken = try #require(before.json["access_token"] as? String)

            if via == "public method" {
                #expect(sim.simulator.rotateClientSecret(to: "n3w-secret"))
            } else {
                let rotated = try await sim.call("POST", "/_simulator/credentials", body: #"{"clientSecret":"n3w-secret"}"#)
                #expect(rotated.status == 200 && rotated.json["rotated"] as? [String] == ["clientSecret"])
            }

            let stale = try await sim.tokenRequest(Self.form("client-1", "s3cret"))
            #expect(stale.status == 401)
            #expect((stale.json["error_description"] as? String)?.hasPrefix("AADSTS7000215: Invalid client secret provided.") == true)
            let fresh = try await sim.tokenRequest(Self.form("client-1", "n3w-secret"))
            #expect(fresh.status == 200)
            let newToken = try #require(fresh.json["access_token"] as? String)
            #expect(try await sim.call("GET", "companies", token: oldToken).status == 200, "issued before: valid until expiry")
            #expect(try await sim.call("GET", "companies", token: newToken).status == 200)
            // Another registration keeps its own secret.
            #expect(try await sim.tokenRequest(Self.form("client-2", "other")).status == 200)
        }
    }

    @Test func aSecondClientsSecretRotatesAloneAndUnknownTargetsAreRefused() async throws {
        try await withSimulator { (sim) async throws in
            let rotated = try await sim.call("POST", "/_simulator/credentials", body: #"{"clientId":"client-2","clientSecret":"o2"}"#)
            #expect(rotated.status == 200)
            #expect(try await sim.tokenRequest(Self.form("client-2", "other")).status == 401)
            #expect(try await sim.tokenRequest(Self.form("client-2", "o2")).status == 200)
            #expect(try await sim.tokenRequest(Self.form("client-1", "s3cret")).status == 200)

            #expect(!sim.simulator.rotateClientSecret(to: "x", clientId: "nobody"))
            #expect(try await sim.call("POST", "/_simulator/credentials", body: #"{"clientId":"nobody","clientSecret":"x"}"#).status == 404)
            #expect(!sim.simulator.rotateWebServiceAccessKey(to: "k"), "OAuth has no web service key")
            #expect(try await sim.call("POST", "/_simulator/credentials", body: #"{"webServiceAccessKey":"k"}"#).status == 400)
            #expect(try await sim.call("POST", "/_simulator/credentials", body: "{}").status == 400)
        }
    }

    @Test(arguments: ["public method", "inspection endpoint"])
    func aRotatedWebServiceKeyTakesEffectAtOnce(via: String) async throws {
        try await withSimulator(OnPremisesTests.basic) { (sim) async throws in
            let old = OnPremisesTests.authorization("RELAY", "k3y:with/colon+")
            let new = OnPremisesTests.authorization("RELAY", "r0tated")
            #expect(try await sim.call("GET", "companies", headers: old).status == 200)

            if via == "public method" {
                #expect(sim.simulator.rotateWebServiceAccessKey(to: "r0tated"))
            } else {
                let rotated = try await sim.call("POST", "/_simulator/credentials", body: #"{"webServiceAccessKey":"r0tated"}"#)
                #expect(rotated.status == 200 && rotated.json["rotated"] as? [String] == ["webServiceAccessKey"])
            }

            // FoundationNetworking hangs on a 401 with a Basic challenge, so the refusal is read over a raw socket.
            let refused = try await OnPremisesTests.rawGET(port: sim.simulator.port, path: sim.simulator.baseURL.path + "/companies",
                                                     authorization: old["Authorization"]!)
            #expect(refused.hasPrefix("HTTP/1.1 401"))
            #expect(refused.contains("Authentication_InvalidCredentials"))
            #expect(try await sim.call("GET", "companies", headers: new).status == 200)
        }
    }
}
