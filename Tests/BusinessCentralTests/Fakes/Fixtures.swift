import BusinessCentral
import Foundation
import Synchronization
import Telemetry
import Testing
import Clocks

enum Fixtures {
    static let tokenURL = URL(string: "https://login.example.test/tenant-1/oauth2/v2.0/token")!
    static let apiBase = "https://bc.example.test/v2.0/tenant-1/production/api/v2.0"
    static let secretValue = "S3cr3t+&=/ %~value"
    static let companyId = UUID(uuidString: "1D1E8D0A-9C3B-4D8E-A1F2-0123456789AB")!
    static let journalId = UUID(uuidString: "ABCDEF01-2345-6789-ABCD-EF0123456789")!
    static let lineId = UUID(uuidString: "5C1B2A3D-4E5F-6071-8293-A4B5C6D7E8F9")!
    static var company: String { companyId.uuidString.lowercased() }
    static var journal: String { journalId.uuidString.lowercased() }

    static func configuration(
        apiBaseURL: String = apiBase,
        tokenURL: URL = tokenURL,
        maxConcurrentRequests: Int = 5,
        rateLimit: RateBudget = .businessCentralOnline
    ) -> BusinessCentralConfiguration {
        BusinessCentralConfiguration(
            apiBaseURL: URL(string: apiBaseURL)!,
            tokenURL: tokenURL,
            clientId: "client-id-1",
            clientSecret: Secret(secretValue),
            requestTimeout: .seconds(7),
            maxConcurrentRequests: maxConcurrentRequests,
            rateLimit: rateLimit
        )
    }

    static func client(
        _ transport: ScriptedTransport,
        configuration: BusinessCentralConfiguration = configuration(),
        logger: Logger = .disabled,
        observer: (@Sendable (BCRequestEvent) -> Void)? = nil,
        limiter: RequestLimiter? = nil,
        clock: any ServiceClock = SystemClock()
    ) throws -> BusinessCentralClient {
        try BusinessCentralClient(configuration: configuration, transport: transport, logger: logger, observer: observer, limiter: limiter, clock: clock)
    }

    /// A 201 body as BC returns it for a created line.
    static func createdLine(amount: String = "-1500", externalDocumentNumber: String = "PAY-1", lineNumber: Int = 10000) -> String {
        #"{"@odata.context":"\#(apiBase)/$metadata#companies(\#(company))/customerPaymentJournals(\#(journal))/customerPayments/$entity","@odata.etag":"W/\"JzQ0O0VnQUFBQUo3Qk1BQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBPTsn\"","id":"\#(lineId.uuidString.lowercased())","journalId":"\#(journal)","journalDisplayName":"RELAY","lineNumber":\#(lineNumber),"customerId":"00000000-0000-0000-0000-000000000000","customerNumber":"10000","contactId":"00000000-0000-0000-0000-000000000000","postingDate":"2026-11-20","documentNumber":"G02001","externalDocumentNumber":"\#(externalDocumentNumber)","amount":\#(amount),"appliesToInvoiceId":"00000000-0000-0000-0000-000000000000","appliesToInvoiceNumber":"103001","description":"Adatum Corporation","comment":"","lastModifiedDateTime":"2026-11-20T10:15:30.123Z"}"#
    }
}

/// Collects observer events.
final class EventRecorder: Sendable {
    private let storage = Mutex<[BCRequestEvent]>([])
    var events: [BCRequestEvent] { storage.withLock { $0 } }
    var observer: @Sendable (BCRequestEvent) -> Void { { event in self.storage.withLock { $0.append(event) } } }
}

/// Polls `condition` until it holds or `timeout` passes (recording an issue, then returning so the test can
/// release whatever it holds and fail instead of hanging); never a fixed sleep.
func waitUntil(timeout: Duration = .seconds(5), _ what: String = "condition", _ condition: @Sendable () -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while !condition() {
        if ContinuousClock.now > deadline {
            Issue.record("timed out waiting for \(what)")
            return
        }
        try await Task.sleep(for: .milliseconds(1))
    }
}

/// Runs `body` and returns the ``BusinessCentralError`` it throws (recording an issue when it throws none).
func bcError(_ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) async -> BusinessCentralError? {
    do {
        try await body()
        Issue.record("expected a BusinessCentralError", sourceLocation: sourceLocation)
        return nil
    } catch let error as BusinessCentralError {
        return error
    } catch {
        Issue.record("expected a BusinessCentralError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
