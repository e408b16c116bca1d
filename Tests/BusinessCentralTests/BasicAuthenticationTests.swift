import BCSimulator
import BusinessCentral
import Foundation
import Telemetry
import Testing
import RelayTestKit

/// BC on-premises: HTTP Basic with a web service access key instead of OAuth.
@Suite struct BasicAuthenticationTests {
    static let userName = "RELAY-SVC"
    static let key = "wsk/Q9+aZ3kP0vXy7Lm2Nq4Rt8Uw1Bc6De5Fg0Hi="
    static let base = "https://bc.contoso.local:7048/BC/api/v2.0"

    static func configuration(apiBaseURL: String = base, userName: String = userName, key: String = key,
                              apiVersion: BusinessCentralAPIVersion = .v2_0) -> BusinessCentralConfiguration {
        .onPremises(apiBaseURL: URL(string: apiBaseURL)!, userName: userName, webServiceAccessKey: Secret(key), apiVersion: apiVersion)
    }

    static var expectedHeader: String { "Basic " + Data("\(userName):\(key)".utf8).base64EncodedString() }

    @Test func everyRequestCarriesBasicCredentialsAndNoTokenIsFetched() async throws {
        let transport = ScriptedTransport(script: [.response(.json(201, Fixtures.createdLine()))])
        let client = try BusinessCentralClient(configuration: Self.configuration(), transport: transport)
        _ = try await client.createCustomerPayment(CustomerPaymentCreate(customerNumber: "10000", amount: -1),
                                                   journalId: Fixtures.journalId, companyId: Fixtures.companyId)
        #expect(transport.tokenRequests.isEmpty)
        let request = try #require(transport.apiRequests.first)
        #expect(request.header("Authorization") == Self.expectedHeader)
        #expect(request.url.absoluteString.hasPrefix(Self.base + "/companies(\(Fixtures.company))/customerPaymentJournals("))
    }

    @Test func a401IsAuthenticationAtOnceWithoutRenewal() async throws {
        let transport = ScriptedTransport(script: [
            .response(.odataError(401, code: "Authentication_InvalidCredentials", message: "The server has rejected the client credentials.")),
        ])
        let client = try BusinessCentralClient(configuration: Self.configuration(), transport: transport)
        let error = await bcError {
            _ = try await client.createCustomerPayment(CustomerPaymentCreate(customerNumber: "10000", amount: -1),
                                                       journalId: Fixtures.journalId, companyId: Fixtures.companyId)
        }
        #expect(error?.kind == .authentication)
        #expect(error?.httpStatus == 401)
        #expect(transport.apiRequests.count == 1, "no second attempt: Basic credentials cannot be renewed")
        #expect(transport.tokenRequests.isEmpty)
    }

    @Test func checkTokenReadsOneCompanyInsteadOfFetchingAToken() async throws {
        let transport = ScriptedTransport(script: [
            .response(.json(200, #"{"value":[{"id":"\#(Fixtures.company)","name":"CRONUS"}]}"#)),
            .response(.odataError(401, code: "Authentication_InvalidCredentials", message: "rejected")),
        ])
        let client = try BusinessCentralClient(configuration: Self.configuration(), transport: transport)
        try await client.checkToken()
        #expect(transport.apiRequests.first?.url.absoluteString == Self.base + "/companies?$top=1")
        #expect(transport.apiRequests.first?.method == "GET")
        #expect(await bcError { try await client.checkToken() }?.kind == .authentication)
        #expect(transport.tokenRequests.isEmpty)
    }

    @Test func theKeyAppearsInNoLogErrorOrDescription() async throws {
        let sink = CapturingLogSink()
        let logger = Logger(label: "bc", minimumLevel: .trace, sink: sink)
        let transport = ScriptedTransport(script: [
            .response(.json(200, #"{"value":[]}"#)),
            .response(.odataError(401, code: "Authentication_InvalidCredentials", message: "rejected")),
            .failure(.timedOut),
        ])
        let configuration = Self.configuration()
        let client = try BusinessCentralClient(configuration: configuration, transport: transport, logger: logger)
        var rendered: [String] = []
        for _ in 0..<3 {
            do { try await client.checkToken() } catch {
                rendered += [String(describing: error), String(reflecting: error)]
            }
        }
        var dumped = ""
        dump(configuration, to: &dumped)
        rendered += [dumped, String(describing: configuration), String(reflecting: configuration),
                     String(describing: configuration.authentication)]
        rendered += transport.requests.map(\.description)
        rendered += sink.renderedLines
        #expect(sink.renderedLines.contains { $0.contains("bc.request.failed") })
        let encoded = Data("\(Self.userName):\(Self.key)".utf8).base64EncodedString()
        for text in rendered {
            #expect(!text.contains(Self.key), "key leaked: \(text.prefix(200))")
            #expect(!text.contains(encoded), "encoded credentials leaked: \(text.prefix(200))")
        }
        #expect(transport.apiRequests.first?.header("Authorization") == Self.expectedHeader, "the request itself carries them")
    }

    @Test func basicModeNeedsNoOAuthSettingsButItsOwn() throws {
        try Self.configuration().validate()
        #expect(setting(Self.configuration(userName: " ")) == "BC_USERNAME")
        #expect(setting(Self.configuration(userName: "DOMAIN:USER")) == "BC_USERNAME")
        #expect(setting(Self.configuration(key: "")) == "BC_WEB_SERVICE_KEY")
        #expect(setting(Self.configuration(apiBaseURL: "http://bc.contoso.local:7048/BC/api/v2.0")) == "BC_API_URL")
    }

    @Test func apiVersionMustMatchTheBaseURL() throws {
        try Self.configuration(apiBaseURL: "https://bc.contoso.local:7048/BC/api/v1.0", apiVersion: .v1_0).validate()
        #expect(setting(Self.configuration(apiBaseURL: "https://bc.contoso.local:7048/BC/api/v2.0", apiVersion: .v1_0)) == "BC_API_VERSION")
        #expect(setting(Self.configuration(apiBaseURL: "https://bc.contoso.local:7048/BC/api/v1.0")) == "BC_API_VERSION")
        #expect(setting(Self.configuration(apiBaseURL: "https://graph.microsoft.com/beta/financials")) == "BC_API_URL")
        #expect(Self.configuration(apiVersion: .v1_0).externalDocumentNumberMaxLength == 20)
        #expect(Self.configuration().externalDocumentNumberMaxLength == 35)
        #expect(BusinessCentralConfiguration.onlineBaseURL(tenant: "t", environment: "production", apiVersion: .v1_0).absoluteString
            == "https://api.businesscentral.dynamics.com/v2.0/t/production/api/v1.0")
    }

    @Test(.timeLimit(.minutes(1)))
    func overHTTPWrongKeysAreAuthenticationNotAHang() async throws {
        // The simulator answers a wrong key like on-premises BC: 401 with `WWW-Authenticate: Basic`, which
        // FoundationNetworking on Linux would otherwise wait on forever.
        var seed = SimulatorConfiguration.demo()
        seed.authentication = .basic(userName: Self.userName, webServiceAccessKey: Self.key)
        let simulator = BusinessCentralSimulator(configuration: seed, logger: .disabled)
        try simulator.start()
        defer { simulator.stop() }
        func client(key: String) throws -> BusinessCentralClient {
            var configuration = Self.configuration(apiBaseURL: simulator.baseURL.absoluteString, key: key)
            configuration.allowInsecureHTTP = true
            configuration.requestTimeout = .seconds(20)
            return try BusinessCentralClient(configuration: configuration, transport: URLSessionTransport())
        }
        let good = try client(key: Self.key)
        try await good.checkToken()
        let company = try await good.company(id: SimulatorConfiguration.DemoIDs.cronusCompany)
        #expect(company.name == "CRONUS USA, Inc.")

        let started = ContinuousClock.now
        let error = await bcError { try await client(key: "wrong").checkToken() }
        #expect(error?.kind == .authentication)
        #expect(error?.httpStatus == 401)
        #expect(ContinuousClock.now - started < .seconds(5), "answered at once, not at the request timeout")
    }

    private func setting(_ configuration: BusinessCentralConfiguration) -> String? {
        do {
            try configuration.validate()
            return nil
        } catch {
            return error.setting
        }
    }
}
