import ExactJSON
import Foundation
import HTTPServer

/// The inspection API's control endpoints, for a relay or demo running out of process (tests in process use the
/// equivalent methods of ``BusinessCentralSimulator``).
extension SimulatorEngine {
    /// `POST /_simulator/faults` with `{"target":"creates","faults":[{"name":"slow_commit","milliseconds":1500,
    /// "count":2}, {"name":"429","retryAfter":1}]}`: queues scripted faults for the next matching requests, in
    /// order (`target` defaults to `any`, `count` to 1). Answers `{"pending":N}`.
    func enqueueFaults(_ request: HTTPRequest) -> HTTPResponse {
        guard let body = JSONValue.parse(request.body), case .object = body else { return Self.invalid("Invalid Request Body") }
        let targetName = body["target"]?.stringValue ?? "any"
        guard let target = FaultTarget(name: targetName) else { return Self.invalid("Unknown fault target '\(targetName)'") }
        guard let entries = body["faults"]?.arrayValue else { return Self.invalid("'faults' must be an array") }
        var queued: [Fault] = []
        for entry in entries {
            let name = entry["name"]?.stringValue ?? ""
            let duration = entry["milliseconds"]?.numberLiteral.flatMap { Int($0) }.map { Duration.milliseconds($0) }
            let retryAfter = entry["retryAfter"]?.numberLiteral.flatMap { Int($0) }
            guard let fault = Fault(name: name, duration: duration, retryAfter: retryAfter) else {
                return Self.invalid("Unknown fault '\(name)' or missing 'milliseconds'")
            }
            let count = entry["count"]?.numberLiteral.flatMap { Int($0) } ?? 1
            guard (0...10_000).contains(count) else { return Self.invalid("'count' must be 0...10000") }
            queued += Array(repeating: fault, count: count)
        }
        faults.enqueue(queued, target: target)
        return .json(#"{"pending":\#(faults.pendingScripted)}"#)
    }

    /// `POST /_simulator/credentials` with `{"clientId":"…","clientSecret":"…"}` (the configured client when
    /// `clientId` is absent) and/or `{"webServiceAccessKey":"…"}`: rotates them, as an admin would in Entra or BC.
    /// Answers `{"rotated":[…]}`; 404 for an unknown client, 400 for a Basic key under OAuth.
    func rotateCredentials(_ request: HTTPRequest) -> HTTPResponse {
        guard let body = JSONValue.parse(request.body), case .object = body else { return Self.invalid("Invalid Request Body") }
        var rotated: [JSONValue] = []
        if let secret = body["clientSecret"]?.stringValue {
            let clientId = body["clientId"]?.stringValue ?? configuration.clientId
            guard credentials.setSecret(secret, for: clientId) else {
                return ODataError.notFound("No app registration with client id '\(clientId)'")
            }
            rotated.append(.string("clientSecret"))
        }
        if let key = body["webServiceAccessKey"]?.stringValue {
            guard credentials.setWebServiceAccessKey(key) else {
                return Self.invalid("The simulator authenticates with OAuth: there is no web service access key")
            }
            rotated.append(.string("webServiceAccessKey"))
        }
        guard !rotated.isEmpty else { return Self.invalid("Nothing to rotate: send 'clientSecret' or 'webServiceAccessKey'") }
        return .json(JSONWriter.bytes(.object([(key: "rotated", value: .array(rotated))])))
    }

    private static func invalid(_ message: String) -> HTTPResponse {
        ODataError.badRequest(message)
    }
}
