import ExactJSON
import Foundation
import HTTPServer
import RelayCore
import Telemetry

/// `POST /admin/pause`, `POST /admin/resume` and `GET /admin/state` on the operations port: an operator pauses booking
/// on purpose (BC maintenance, journal posting) and resumes it, on this replica.
///
/// Authenticated with a bearer token read from a file (`RELAY_ADMIN_TOKEN_FILE`) on every request, so a rotated
/// secret needs no restart; compared in constant time (SHA-256 digests of both sides). Without the setting the
/// paths do not exist (404).
struct AdminEndpoint: Sendable {
    /// The fewest characters a token may have.
    static let minimumTokenLength = 16

    /// Why the token file cannot be used.
    struct TokenError: Error {
        var message: String
    }

    /// What `/admin/state` and the pause/resume answers report.
    struct Status: Sendable {
        var gate: BusinessCentralGate.Snapshot
        var assignedPartitions: Int
        var pausedPartitions: Int
        var inFlightRecords: Int
        /// Ledger entries still `attempting` in the assigned partitions: post the journal when 0 on every replica.
        var unresolvedAttempts: Int
    }

    let tokenFile: String
    /// Pauses (`true`) or resumes booking; the argument after is the peer, for the log line.
    let setPaused: @Sendable (Bool, String) -> Void
    let status: @Sendable () -> Status

    /// The token in `path`, without surrounding whitespace (a mounted secret often ends in a newline).
    static func readToken(path: String) throws(TokenError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TokenError(message: "cannot read the file '\(path)'")
        }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard token.count >= minimumTokenLength else {
            throw TokenError(message: "the file '\(path)' must hold a token of at least \(minimumTokenLength) characters")
        }
        return token
    }

    /// Answers a request whose path starts with `/admin`.
    func handle(_ request: HTTPRequest) -> HTTPResponse {
        let expected: String
        do { expected = try Self.readToken(path: tokenFile) } catch {
            return .text("admin token unavailable (see RELAY_ADMIN_TOKEN_FILE)\n", status: 503)
        }
        guard let presented = Self.bearerToken(request.headers["Authorization"]), Self.constantTimeEqual(presented, expected) else {
            var response = HTTPResponse.text("unauthorized\n", status: 401)
            response.headers.set("WWW-Authenticate", to: "Bearer")
            return response
        }
        switch (request.path, request.method) {
        case ("/admin/pause", "POST"):
            setPaused(true, request.remoteAddress)
            return .json(Self.json(status()))
        case ("/admin/resume", "POST"):
            setPaused(false, request.remoteAddress)
            return .json(Self.json(status()))
        case ("/admin/state", "GET"), ("/admin/state", "HEAD"):
            return .json(Self.json(status()))
        case ("/admin/pause", _), ("/admin/resume", _):
            return Self.notAllowed("POST")
        case ("/admin/state", _):
            return Self.notAllowed("GET, HEAD")
        default:
            return .text("not found; try /admin/pause, /admin/resume or /admin/state\n", status: 404)
        }
    }

    /// The state as one JSON object.
    static func json(_ status: Status) -> String {
        let gate = status.gate
        return """
            {"operatorPaused":\(gate.operatorPaused),"circuit":\(JSONWriter.quoted(gate.phase.rawValue)),\
            "assignedPartitions":\(status.assignedPartitions),"pausedPartitions":\(status.pausedPartitions),\
            "inFlightRecords":\(status.inFlightRecords),"unresolvedAttempts":\(status.unresolvedAttempts),\
            "bcCallsInProgress":\(gate.callsInProgress),"bcCallsWaiting":\(gate.waiting)}

            """
    }

    private static func notAllowed(_ allow: String) -> HTTPResponse {
        var response = HTTPResponse.text("method not allowed\n", status: 405)
        response.headers.set("Allow", to: allow)
        return response
    }

    /// The token of an `Authorization: Bearer <token>` header (scheme case-insensitive).
    static func bearerToken(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }

    /// Compares the SHA-256 digests of both, so the time taken tells nothing about where they differ (nor their lengths).
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let left = SHA256.digest(Array(a.utf8)), right = SHA256.digest(Array(b.utf8))
        var difference: UInt8 = 0
        for (x, y) in zip(left, right) { difference |= x ^ y }
        return difference == 0
    }
}
