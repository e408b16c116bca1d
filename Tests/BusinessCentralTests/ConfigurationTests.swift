import BusinessCentral
import Foundation
import Testing

@Suite struct ConfigurationTests {
    @Test func defaultsFollowBusinessCentralOnline() throws {
        let configuration = BusinessCentralConfiguration(
            apiBaseURL: BusinessCentralConfiguration.onlineBaseURL(tenant: "contoso.onmicrosoft.com", environment: "production"),
            tokenURL: BusinessCentralConfiguration.entraTokenURL(tenant: "contoso.onmicrosoft.com"),
            clientId: "id", clientSecret: Secret("s")
        )
        try configuration.validate()
        #expect(configuration.apiBaseURL.absoluteString == "https://api.businesscentral.dynamics.com/v2.0/contoso.onmicrosoft.com/production/api/v2.0")
        #expect(configuration.tokenURL.absoluteString == "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token")
        #expect(configuration.scope == "https://api.businesscentral.dynamics.com/.default")
        #expect(configuration.maxConcurrentRequests == 5)
        #expect(configuration.rateLimit == RateBudget(requests: 6000, window: .seconds(300)))
        #expect(configuration.requestTimeout == .seconds(30))
    }

    @Test func plainHTTPIsRefusedUnlessAllowed() throws {
        var configuration = Fixtures.configuration(apiBaseURL: "http://localhost:8080/api/v2.0")
        #expect(throws: ConfigurationError.self) { try configuration.validate() }
        do {
            try configuration.validate()
        } catch {
            #expect(error.setting == "BC_API_URL")
            #expect(error.description.contains("BC_ALLOW_HTTP"))
        }
        #expect(throws: ConfigurationError.self) { try BusinessCentralClient(configuration: configuration, transport: ScriptedTransport()) }
        configuration.allowInsecureHTTP = true
        try configuration.validate()
        configuration.tokenURL = URL(string: "http://localhost:8080/token")!
        try configuration.validate()
        _ = try BusinessCentralClient(configuration: configuration, transport: ScriptedTransport())
    }

    @Test func plainHTTPTokenURLIsRefusedToo() {
        let configuration = Fixtures.configuration(tokenURL: URL(string: "http://login.example.test/token")!)
        #expect(setting(of: configuration) == "BC_TOKEN_URL")
    }

    @Test func eachInvalidSettingIsNamed() {
        var configuration = Fixtures.configuration()
        configuration.clientId = " "
        #expect(setting(of: configuration) == "BC_CLIENT_ID")
        configuration = Fixtures.configuration()
        configuration.clientSecret = Secret("")
        #expect(setting(of: configuration) == "BC_CLIENT_SECRET")
        configuration = Fixtures.configuration(apiBaseURL: "ftp://bc.example.test/api")
        #expect(setting(of: configuration) == "BC_API_URL")
        configuration = Fixtures.configuration(apiBaseURL: "https:///nohost")
        #expect(setting(of: configuration) == "BC_API_URL")
        configuration = Fixtures.configuration(maxConcurrentRequests: 0)
        #expect(setting(of: configuration) == "BC_MAX_CONCURRENT_REQUESTS")
        configuration = Fixtures.configuration(rateLimit: RateBudget(requests: 0, window: .seconds(1)))
        #expect(setting(of: configuration) == "BC_RATE_LIMIT")
        configuration = Fixtures.configuration()
        configuration.requestTimeout = .zero
        #expect(setting(of: configuration) == "BC_REQUEST_TIMEOUT")
        configuration = Fixtures.configuration()
        configuration.scope = ""
        #expect(setting(of: configuration) == "BC_SCOPE")
    }

    @Test func validationErrorsNeverContainTheSecret() {
        var configuration = Fixtures.configuration(apiBaseURL: "http://x.test/api")
        configuration.clientId = ""
        do {
            try configuration.validate()
            Issue.record("expected an error")
        } catch {
            #expect(!error.description.contains(Fixtures.secretValue))
        }
    }

    private func setting(of configuration: BusinessCentralConfiguration) -> String? {
        do {
            try configuration.validate()
            return nil
        } catch {
            return error.setting
        }
    }
}
