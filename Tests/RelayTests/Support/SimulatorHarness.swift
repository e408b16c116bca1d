import BCSimulator
import BusinessCentral
import Foundation
import Relay
import RelayCore

/// The BC simulator with the demo seed, and the relay's BC configuration pointing at it.
final class SimulatorHarness: Sendable {
    let simulator: BusinessCentralSimulator
    let configuration: SimulatorConfiguration

    init(_ adjust: (inout SimulatorConfiguration) -> Void = { _ in }) throws {
        var configuration = SimulatorConfiguration.demo()
        adjust(&configuration)
        self.configuration = configuration
        simulator = BusinessCentralSimulator(configuration: configuration, logger: .disabled)
        try simulator.start()
    }

    deinit { simulator.stop() }

    var companyId: UUID { SimulatorConfiguration.DemoIDs.cronusCompany }

    func businessCentral(requestTimeout: Duration = .seconds(1)) -> BusinessCentralConfiguration {
        BusinessCentralConfiguration(apiBaseURL: simulator.baseURL, allowInsecureHTTP: true, tokenURL: simulator.tokenURL,
                                     clientId: configuration.clientId, clientSecret: Secret(configuration.clientSecret),
                                     requestTimeout: requestTimeout)
    }

    /// The environment `payment-relay run` needs to reach this simulator.
    var environment: [String: String] {
        ["BC_API_URL": simulator.baseURL.absoluteString, "BC_TOKEN_URL": simulator.tokenURL.absoluteString, "BC_ALLOW_HTTP": "true",
         "BC_CLIENT_ID": configuration.clientId, "BC_CLIENT_SECRET": configuration.clientSecret, "BC_COMPANY_ID": companyId.uuidString]
    }

    /// Lines per idempotency token (every line ever created, posted or not).
    func linesPerToken() -> [String: Int] {
        Dictionary(grouping: simulator.lines(), by: \.externalDocumentNumber).mapValues(\.count)
    }
}
