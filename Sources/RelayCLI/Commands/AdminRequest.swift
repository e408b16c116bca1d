import BusinessCentral
import Foundation

/// What `pause` and `resume` share: they POST to `/admin/pause` or `/admin/resume` of each replica's operations
/// port with the admin bearer token, and print each replica's answer.
enum AdminRequest {
    /// The options both commands take.
    static let options = [
        OptionSpec(long: "url", valueName: "url", help: "A replica's operations port, e.g. http://10.0.3.7:8080.",
                   isRepeatable: true),
        OptionSpec(long: "token-file", valueName: "path", help: "The file holding the admin bearer token.",
                   defaultDescription: "RELAY_ADMIN_TOKEN_FILE"),
        OptionSpec(long: "timeout", valueName: "duration", help: "Time limit per replica.", defaultDescription: "10s"),
    ]

    /// The discussion both commands' help shares.
    static let discussion = """
        The pause is per replica and kept in memory: name every replica with --url (a Kubernetes Service reaches only
        one pod, and only a ready one), and pause again after a replica restarts. Each answer is the replica's state as
        JSON (operatorPaused, circuit, pausedPartitions, inFlightRecords, unresolvedAttempts, bcCallsInProgress,
        bcCallsWaiting); before posting the journal, wait until unresolvedAttempts is 0 on every replica (GET
        /admin/state, or relay_ledger_unresolved_attempts). The endpoints exist only when the replica runs with
        RELAY_ADMIN_TOKEN_FILE. Exit status: 0 when every replica answered 200, 1 otherwise, 2 for
        bad arguments.
        """

    /// POSTs `path` to every `--url`; returns the exit code.
    static func post(_ path: String, _ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let urls = try arguments.options("url").map(baseURL)
        guard !urls.isEmpty else { throw UsageError("give at least one --url") }
        let timeout = try arguments.duration("timeout") ?? .seconds(10)
        let token = try token(arguments, environment: context.environment)
        let transport = URLSessionTransport(maximumConnectionsPerHost: 1)
        var failures = 0
        for base in urls {
            let url = base.appendingPathComponent(path)
            let request = HTTPClientRequest(method: "POST", url: url, headers: [("Authorization", "Bearer \(token)")])
            do {
                let response = try await transport.send(request, timeout: timeout)
                let body = String(decoding: response.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                if response.status == 200 {
                    context.output.line("\(base.absoluteString)  \(body)")
                } else {
                    failures += 1
                    context.output.errorLine("\(base.absoluteString)  HTTP \(response.status): \(body)")
                }
            } catch {
                failures += 1
                context.output.errorLine("\(base.absoluteString)  \(error)")
            }
        }
        return failures == 0 ? 0 : 1
    }

    /// An absolute http(s) URL without credentials, query or fragment.
    static func baseURL(_ text: String) throws(UsageError) -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil,
              url.user == nil, url.password == nil, url.query == nil, url.fragment == nil
        else { throw UsageError("option '--url' expects an http(s) URL such as http://10.0.3.7:8080, got '\(text)'") }
        return url
    }

    /// The token from `--token-file`, else from the file `RELAY_ADMIN_TOKEN_FILE` names.
    static func token(_ arguments: ParsedArguments, environment: [String: String]) throws(UsageError) -> String {
        guard let path = arguments.option("token-file") ?? environment["RELAY_ADMIN_TOKEN_FILE"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            throw UsageError("no admin token: give --token-file or set RELAY_ADMIN_TOKEN_FILE")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw UsageError("cannot read the token file '\(path)'") }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw UsageError("the token file '\(path)' is empty") }
        return token
    }
}
