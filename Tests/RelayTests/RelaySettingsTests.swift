import BusinessCentral
import Foundation
import Kafka
@testable import Relay
import Testing

/// `RelaySettings.load(from:)`: every bad setting or combination stops start-up with an error naming the setting.
@Suite struct RelaySettingsTests {
    static let company = "6a4a1d39-3d2b-4e5f-9b1a-1c0d00000001"
    static let webServiceKey = "wsk-Zz9/+Q0aK3y=="

    /// BC online: OAuth, URLs derived from tenant and environment.
    static let online: [String: String] = [
        "KAFKA_BOOTSTRAP_SERVERS": "localhost:9092", "BC_TENANT_ID": "contoso.onmicrosoft.com", "BC_ENVIRONMENT": "Production",
        "BC_COMPANY_ID": company, "BC_CLIENT_ID": "app-1", "BC_CLIENT_SECRET": "s3cret",
    ]
    /// BC on-premises: Basic with a web service access key, an explicit base URL.
    static let onPremises: [String: String] = [
        "KAFKA_BOOTSTRAP_SERVERS": "localhost:9092", "BC_AUTH": "basic", "BC_API_URL": "https://bc.contoso.local:7048/BC/api/v2.0",
        "BC_USERNAME": "RELAY", "BC_WEB_SERVICE_KEY": webServiceKey, "BC_COMPANY_ID": company,
    ]

    /// `base` with `changes` applied; a `nil` value removes the variable.
    static func environment(_ base: [String: String], _ changes: [String: String?]) -> [String: String] {
        var values = base
        for (name, value) in changes { values[name] = value }
        return values
    }

    static let refusals: [(String, [String: String], [String: String?], String)] = [
        // The OAuth (online) cases that existed before on-premises support.
        ("no bootstrap servers", online, ["KAFKA_BOOTSTRAP_SERVERS": nil], "KAFKA_BOOTSTRAP_SERVERS"),
        ("company id not a GUID", online, ["BC_COMPANY_ID": "CRONUS"], "BC_COMPANY_ID"),
        ("journal code over Code[10]", online, ["BC_JOURNAL_CODE": "PAYMENTS-RELAY"], "BC_JOURNAL_CODE"),
        ("http without BC_ALLOW_HTTP", online, ["BC_API_URL": "http://localhost:8080/api/v2.0"], "BC_API_URL"),
        ("secret file missing", online, ["BC_CLIENT_SECRET": nil, "BC_CLIENT_SECRET_FILE": "/nonexistent/secret"], "BC_CLIENT_SECRET_FILE"),
        ("no secret at all", online, ["BC_CLIENT_SECRET": nil], "BC_CLIENT_SECRET"),
        ("no client id", online, ["BC_CLIENT_ID": nil], "BC_CLIENT_ID"),
        ("no tenant and no token URL", online, ["BC_TENANT_ID": nil], "BC_TOKEN_URL"),
        ("outcome topic equals input topic", online, ["RELAY_OUTCOME_TOPIC": "payments.received"], "RELAY_OUTCOME_TOPIC"),
        // Nothing may commit before outcomes are durable; a shutdown must outwait a create on the wire.
        ("automatic offset store", online, ["KAFKA_ENABLE_AUTO_OFFSET_STORE": "true"], "KAFKA_ENABLE_AUTO_OFFSET_STORE"),
        ("shutdown shorter than a BC request", online, ["RELAY_SHUTDOWN_TIMEOUT": "25s"], "RELAY_SHUTDOWN_TIMEOUT"),
        ("credentials in the BC URL", online, ["BC_API_URL": "https://admin:hunter2@bc.contoso.com/api/v2.0"], "BC_API_URL"),
        ("a bad company allow-list", online, ["BC_ALLOWED_COMPANY_IDS": "CRONUS"], "BC_ALLOWED_COMPANY_IDS"),
        ("shutdown without the margin", online, ["RELAY_SHUTDOWN_TIMEOUT": "11s", "BC_REQUEST_TIMEOUT": "10s"], "RELAY_SHUTDOWN_TIMEOUT"),
        ("a ledger load deadline of zero", online, ["RELAY_LEDGER_LOAD_TIMEOUT": "0s"], "RELAY_LEDGER_LOAD_TIMEOUT"),
        ("a ledger load deadline that is not a duration", online, ["RELAY_LEDGER_LOAD_TIMEOUT": "soon"], "RELAY_LEDGER_LOAD_TIMEOUT"),
        // Mode and version.
        ("unknown BC_AUTH", online, ["BC_AUTH": "ntlm"], "BC_AUTH"),
        ("Basic setting in OAuth mode", online, ["BC_USERNAME": "RELAY"], "BC_USERNAME"),
        ("unknown API version", online, ["BC_API_VERSION": "v3.0"], "BC_API_VERSION"),
        ("v1.0 with its documented 20-character field", online, ["BC_API_VERSION": "v1.0"], "BC_EXTERNAL_DOCUMENT_NUMBER_LENGTH"),
        ("v1.0 with 34 characters", online, ["BC_API_VERSION": "v1.0", "BC_EXTERNAL_DOCUMENT_NUMBER_LENGTH": "34"], "BC_EXTERNAL_DOCUMENT_NUMBER_LENGTH"),
        ("v1.0 against a v2.0 URL", onPremises, ["BC_API_VERSION": "v1.0", "BC_EXTERNAL_DOCUMENT_NUMBER_LENGTH": "35"], "BC_API_VERSION"),
        ("v2.0 against a v1.0 URL", onPremises, ["BC_API_URL": "https://bc.contoso.local:7048/BC/api/v1.0"], "BC_API_VERSION"),
        ("Graph /financials beta", online, ["BC_API_URL": "https://graph.microsoft.com/beta/financials"], "BC_API_URL"),
        ("CA bundle missing", onPremises, ["BC_CA_BUNDLE": "/nonexistent/ca.pem"], "BC_CA_BUNDLE"),
        ("field length out of range", online, ["BC_EXTERNAL_DOCUMENT_NUMBER_LENGTH": "0"], "BC_EXTERNAL_DOCUMENT_NUMBER_LENGTH"),
        // Basic (on-premises).
        ("Basic without user", onPremises, ["BC_USERNAME": nil], "BC_USERNAME"),
        ("Basic user with a colon", onPremises, ["BC_USERNAME": "CONTOSO:RELAY"], "BC_USERNAME"),
        ("Basic without key", onPremises, ["BC_WEB_SERVICE_KEY": nil], "BC_WEB_SERVICE_KEY"),
        ("Basic key file missing", onPremises, ["BC_WEB_SERVICE_KEY": nil, "BC_WEB_SERVICE_KEY_FILE": "/nonexistent/key"], "BC_WEB_SERVICE_KEY_FILE"),
        ("Basic without base URL", onPremises, ["BC_API_URL": nil, "BC_ENVIRONMENT": "Production"], "BC_API_URL"),
        ("OAuth setting in Basic mode", onPremises, ["BC_CLIENT_SECRET": "s3cret"], "BC_CLIENT_SECRET"),
        ("Basic over http without BC_ALLOW_HTTP", onPremises, ["BC_API_URL": "http://bc.contoso.local:7048/BC/api/v2.0"], "BC_API_URL"),
        ("Basic with a bad concurrency limit", onPremises, ["BC_MAX_CONCURRENT_REQUESTS": "0"], "BC_MAX_CONCURRENT_REQUESTS"),
    ]

    @Test(arguments: refusals)
    func badSettingsAreRefusedByName(name: String, base: [String: String], changes: [String: String?], setting: String) {
        do {
            _ = try RelaySettings.load(from: Self.environment(base, changes))
            Issue.record("\(name): accepted")
        } catch let error as ConfigurationError {
            #expect(error.setting == setting, "\(name): \(error)")
            #expect(!error.description.contains(Self.webServiceKey) && !error.description.contains("s3cret"), "\(name): \(error)")
            #expect(!error.description.contains("hunter2"), "\(name): \(error)")
        } catch {
            Issue.record("\(name): \(error)")
        }
    }

    @Test func onlineDefaults() throws {
        let settings = try RelaySettings.load(from: Self.online)
        let bc = settings.businessCentral
        #expect(bc.authentication == .oauthClientCredentials)
        #expect(bc.apiVersion == .v2_0)
        #expect(bc.externalDocumentNumberMaxLength == 35)
        #expect(bc.apiBaseURL.absoluteString == "https://api.businesscentral.dynamics.com/v2.0/contoso.onmicrosoft.com/Production/api/v2.0")
        #expect(bc.tokenURL.absoluteString == "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token")
        #expect(bc.caBundlePath == nil)
        #expect(bc.maxConcurrentRequests == 5)
        #expect(settings.shutdownTimeout >= bc.requestTimeout + RelaySettings.shutdownMargin, "the defaults agree")
    }

    @Test func theLedgerLoadDeadlineIsASetting() throws {
        #expect(try RelaySettings.load(from: Self.online).ledgerLoadTimeout == .seconds(120))
        #expect(try RelaySettings.load(from: Self.environment(Self.online, ["RELAY_LEDGER_LOAD_TIMEOUT": "10m"])).ledgerLoadTimeout == .seconds(600))
    }

    @Test func kafkaPropertiesPassThrough() throws {
        let settings = try RelaySettings.load(from: Self.environment(Self.online, ["KAFKA_SECURITY_PROTOCOL": "SASL_SSL", "KAFKA_SASL_MECHANISMS": "SCRAM-SHA-512"]))
        #expect(settings.kafka["security.protocol"] == "SASL_SSL")
        #expect(settings.kafka["sasl.mechanisms"] == "SCRAM-SHA-512")
    }

    @Test func onPremisesWithAKeyFileAndItsOwnLimits() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wsk-\(UUID().uuidString.prefix(8))").path
        try (Self.webServiceKey + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let settings = try RelaySettings.load(from: Self.environment(Self.onPremises, [
            "BC_WEB_SERVICE_KEY": nil, "BC_WEB_SERVICE_KEY_FILE": path,
            "BC_MAX_CONCURRENT_REQUESTS": "20", "BC_RATE_LIMIT_REQUESTS": "100000", "BC_RATE_LIMIT_WINDOW": "1m",
        ]))
        let bc = settings.businessCentral
        #expect(bc.authentication == .basic(userName: "RELAY", webServiceAccessKey: Secret(Self.webServiceKey)))
        #expect(bc.apiBaseURL.absoluteString == "https://bc.contoso.local:7048/BC/api/v2.0")
        #expect(bc.maxConcurrentRequests == 20)
        #expect(bc.rateLimit == RateBudget(requests: 100_000, window: .seconds(60)))
        var dumped = ""
        dump(settings, to: &dumped)
        #expect(!dumped.contains(Self.webServiceKey))
    }

    @Test func v1WhenTheOperatorConfirmsA35CharacterField() throws {
        let settings = try RelaySettings.load(from: Self.environment(Self.online, ["BC_API_VERSION": "v1.0", "BC_EXTERNAL_DOCUMENT_NUMBER_LENGTH": "35"]))
        #expect(settings.businessCentral.apiVersion == .v1_0)
        #expect(settings.businessCentral.apiBaseURL.absoluteString.hasSuffix("/Production/api/v1.0"))
    }

    @Test func theV1RefusalExplainsItself() {
        do {
            _ = try RelaySettings.load(from: Self.environment(Self.online, ["BC_API_VERSION": "v1.0"]))
            Issue.record("accepted")
        } catch {
            let text = String(describing: error)
            #expect(text.contains("is 20 (API v1.0)"))
            #expect(text.contains("BC_EXTERNAL_DOCUMENT_NUMBER_LENGTH=35"))
            #expect(text.contains("BC_API_VERSION=v2.0"))
        }
    }

    @Test func urlCredentialsAreRedactedEverywhere() {
        #expect(URLRedaction.redacted("https://admin:hunter2@bc.contoso.com/api/v2.0?x=1") == "https://<redacted>@bc.contoso.com/api/v2.0?x=1")
        #expect(URLRedaction.redacted("https://bc.contoso.com/a@b") == "https://bc.contoso.com/a@b", "an @ in the path is not userinfo")
        #expect(URLRedaction.redacted("not a url") == "not a url")
        do {
            _ = try EnvironmentReader(["BC_API_URL": "ftp://u:hunter2@x"]).url("BC_API_URL")
            Issue.record("accepted")
        } catch {
            #expect(!"\(error)".contains("hunter2"))
        }
    }

    @Test func theCompanyAllowListDefaultsToTheConfiguredCompany() throws {
        let other = "6a4a1d39-3d2b-4e5f-9b1a-1c0d00000002"
        #expect(try RelaySettings.load(from: Self.online).allowedCompanyIds == [UUID(uuidString: Self.company)!])
        let widened = try RelaySettings.load(from: Self.environment(Self.online, ["BC_ALLOWED_COMPANY_IDS": " {\(other)} "]))
        #expect(widened.allowedCompanyIds == [UUID(uuidString: Self.company)!, UUID(uuidString: other)!])
    }

    @Test func readinessNamesTheKindOfFailureNotBCsMessage() {
        let refused = BusinessCentralError(kind: .authentication, code: "invalid_client",
                                           message: "AADSTS7000215: Invalid client secret provided. client id app-1", httpStatus: 401)
        #expect(RelayService.readinessReason(refused) == "refused (see the logs)")
        #expect(!RelayService.readinessReason(refused).contains("app-1"))
    }
}
