import BusinessCentral
import Foundation
import Testing

/// A rotated Kubernetes secret takes effect without a restart: the client secret file is read for every token
/// request; the web service key file after a 401.
@Suite struct SecretFileRotationTests {
    private func temporaryFile(_ content: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("secret-\(UUID().uuidString.prefix(8))").path
        try content.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func everyTokenRequestReadsTheSecretFileAgain() async throws {
        let path = try temporaryFile("first-secret\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let transport = ScriptedTransport(script: [.response(.odataError(401, code: "Authentication_InvalidCredentials", message: "expired")),
                                                   .response(.json(200, #"{"value":[]}"#))])
        var configuration = Fixtures.configuration()
        configuration.clientSecretFile = path
        let client = try Fixtures.client(transport, configuration: configuration)
        // A first token and its renewal after a 401, both with the first secret.
        _ = try await client.findCustomerPayments(externalDocumentNumber: "K", journalId: Fixtures.journalId, companyId: Fixtures.companyId)
        // The secret is rotated; the next renewal (forced by a 401) must send the new one.
        try "second-secret\n".write(toFile: path, atomically: true, encoding: .utf8)
        transport.enqueue(.response(.odataError(401, code: "Authentication_InvalidCredentials", message: "expired")),
                          .response(.json(200, #"{"value":[]}"#)))
        _ = try await client.findCustomerPayments(externalDocumentNumber: "K", journalId: Fixtures.journalId, companyId: Fixtures.companyId)
        let secrets = transport.tokenRequests.compactMap { $0.bodyText }.map { body in
            body.split(separator: "&").first { $0.hasPrefix("client_secret=") }.map(String.init)
        }
        #expect(secrets == ["client_secret=first-secret", "client_secret=first-secret", "client_secret=second-secret"])
    }

    @Test func aBasicKeyFileIsReadAgainAfterA401AndTheRequestRetriedOnce() async throws {
        let path = try temporaryFile("old-key\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var configuration = BusinessCentralConfiguration.onPremises(apiBaseURL: URL(string: Fixtures.apiBase)!, userName: "RELAY",
                                                                    webServiceAccessKey: Secret("old-key"))
        configuration.webServiceKeyFile = path
        let transport = ScriptedTransport(script: [
            .response(.json(200, #"{"value":[]}"#)),
            .response(.odataError(401, code: "Authentication_InvalidCredentials", message: "rejected")),
            .response(.json(200, #"{"value":[]}"#)),
            .response(.odataError(401, code: "Authentication_InvalidCredentials", message: "rejected")),
        ])
        let client = try Fixtures.client(transport, configuration: configuration)
        _ = try await client.findCustomerPayments(externalDocumentNumber: "K", journalId: Fixtures.journalId, companyId: Fixtures.companyId)
        try "new-key\n".write(toFile: path, atomically: true, encoding: .utf8)
        _ = try await client.findCustomerPayments(externalDocumentNumber: "K", journalId: Fixtures.journalId, companyId: Fixtures.companyId)
        let basic = { (key: String) in "Basic " + Data("RELAY:\(key)".utf8).base64EncodedString() }
        #expect(transport.apiRequests.map { $0.header("Authorization") } == [basic("old-key"), basic("old-key"), basic("new-key")])
        // The same key refused again: final, no loop.
        let error = await bcError { _ = try await client.findCustomerPayments(externalDocumentNumber: "K", journalId: Fixtures.journalId, companyId: Fixtures.companyId) }
        #expect(error?.kind == .authentication)
        #expect(transport.apiRequests.count == 4)
    }
}
