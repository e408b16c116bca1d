import BusinessCentral
import Foundation
import Telemetry
import Testing
import RelayTestKit

/// The client secret and access tokens never reach logs, errors, descriptions or events.
@Suite struct RedactionTests {
    static let accessToken = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.SECRET-TOKEN-PAYLOAD.sig"

    @Test func secretsAppearNowhereAcrossSuccessAndFailurePaths() async throws {
        let sink = CapturingLogSink()
        let logger = Logger(label: "bc", minimumLevel: .trace, sink: sink)
        let events = EventRecorder()
        let transport = ScriptedTransport()
        transport.respondToTokenRequests { n in
            switch n {
            case 1: .json(200, #"{"token_type":"Bearer","expires_in":3599,"access_token":"\#(Self.accessToken)"}"#)
            // A hostile endpoint that echoes the secret must still not leak it.
            default: .json(401, #"{"error":"invalid_client","error_description":"secret \#(Fixtures.secretValue) is wrong"}"#)
            }
        }
        transport.enqueue(
            .response(.json(201, Fixtures.createdLine())),
            .response(.odataError(400, code: "Application_DialogException", message: "bad")),
            .failure(.timedOut),
            .response(.odataError(401, code: "Authentication_InvalidCredentials", message: "expired"))
        )
        let client = try Fixtures.client(transport, logger: logger, observer: events.observer)
        var rendered: [String] = []
        let payment = CustomerPaymentCreate(customerNumber: "10000", amount: -1)
        for _ in 0..<4 {
            do {
                rendered.append(String(describing: try await client.createCustomerPayment(payment, journalId: Fixtures.journalId, companyId: Fixtures.companyId)))
            } catch {
                rendered.append(String(describing: error))
                rendered.append(String(reflecting: error))
                rendered.append((error as? BusinessCentralError)?.message ?? "")
            }
        }
        rendered += transport.requests.map(\.description)
        rendered += events.events.map { String(reflecting: $0) }
        rendered += sink.renderedLines
        rendered.append(String(reflecting: client.configuration))
        rendered.append(String(describing: client.configuration.clientSecret))

        #expect(rendered.count > 15)
        #expect(sink.renderedLines.contains { $0.contains("bc.request.failed") }, "failures were logged")
        let secretEncoded = "S3cr3t%2B%26%3D%2F%20%25~value"
        for text in rendered {
            #expect(!text.contains(Fixtures.secretValue), "secret leaked: \(text.prefix(200))")
            #expect(!text.contains(secretEncoded), "encoded secret leaked")
            #expect(!text.contains("SECRET-TOKEN-PAYLOAD"), "token leaked: \(text.prefix(200))")
        }
        // The requests themselves DO carry them (otherwise the test proves nothing about redaction).
        #expect(transport.tokenRequests.first?.bodyText?.contains(secretEncoded) == true)
        #expect(transport.apiRequests.first?.header("Authorization") == "Bearer \(Self.accessToken)")
    }
}
