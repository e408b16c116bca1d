import ExactJSON
import Foundation
import HTTPServer

extension SimulatorEngine {
    static let businessCentralScope = "https://api.businesscentral.dynamics.com/.default"

    /// Microsoft Entra's client-credentials token endpoint, with its error shapes.
    func token(_ request: HTTPRequest, tenant: String) async -> HTTPResponse {
        guard request.method == "POST" else {
            return oauthError(405, "invalid_request", 900_561, "AADSTS900561: The endpoint only accepts POST requests.")
        }
        guard tenant == configuration.tenant else {
            return oauthError(400, "invalid_tenant", 90002, "AADSTS90002: Tenant '\(tenant)' not found.")
        }
        let form = Dictionary((request.formItems ?? []).map { ($0.name, $0.value) }) { first, _ in first }
        guard let grant = form["grant_type"] else {
            return oauthError(400, "invalid_request", 900_144,
                              "AADSTS900144: The request body must contain the following parameter: 'grant_type'.")
        }
        guard grant == "client_credentials" else {
            return oauthError(400, "unsupported_grant_type", 70003,
                              "AADSTS70003: The app requested an unsupported grant type '\(grant)'.")
        }
        guard let clientId = form["client_id"], !clientId.isEmpty else {
            return oauthError(400, "invalid_request", 900_144,
                              "AADSTS900144: The request body must contain the following parameter: 'client_id'.")
        }
        guard let scope = form["scope"], !scope.isEmpty else {
            return oauthError(400, "invalid_request", 90014,
                              "AADSTS90014: The required field 'scope' is missing from the credential.")
        }
        guard scope.hasSuffix("/.default") else {
            return oauthError(400, "invalid_scope", 1_002_012,
                              "AADSTS1002012: The provided value for scope \(scope) is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).")
        }
        guard scope == Self.businessCentralScope else {
            return oauthError(400, "invalid_resource", 500_011,
                              "AADSTS500011: The resource principal named \(scope.dropLast(9)) was not found in the tenant named \(tenant).")
        }
        guard let expected = credentials.secret(for: clientId) else {
            return oauthError(400, "unauthorized_client", 700_016,
                              "AADSTS700016: Application with identifier '\(clientId)' was not found in the directory '\(tenant)'.")
        }
        guard let secret = form["client_secret"], !secret.isEmpty else {
            return oauthError(401, "invalid_client", 7_000_216,
                              "AADSTS7000216: 'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.")
        }
        guard secret == expected else {
            return oauthError(401, "invalid_client", 7_000_215,
                              "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '\(clientId)'.")
        }
        let token = tokens.issue(for: clientId)
        stats.update { $0.tokensIssued += 1 }
        return .json(JSONWriter.bytes(.object([
            (key: "token_type", value: .string("Bearer")),
            (key: "expires_in", value: .number(String(tokens.expiresInSeconds))),
            (key: "ext_expires_in", value: .number(String(tokens.expiresInSeconds))),
            (key: "access_token", value: .string(token)),
        ])))
    }

    private func oauthError(_ status: Int, _ error: String, _ code: Int, _ description: String) -> HTTPResponse {
        let trace = UUID().uuidString.lowercased()
        let correlation = UUID().uuidString.lowercased()
        let timestamp = ODataDate.timestamp(Date())
        return .json(JSONWriter.bytes(.object([
            (key: "error", value: .string(error)),
            (key: "error_description", value: .string(
                "\(description) Trace ID: \(trace) Correlation ID: \(correlation) Timestamp: \(timestamp)")),
            (key: "error_codes", value: .array([.number(String(code))])),
            (key: "timestamp", value: .string(timestamp)),
            (key: "trace_id", value: .string(trace)),
            (key: "correlation_id", value: .string(correlation)),
        ])), status: status)
    }
}
