import Foundation
import HTTPServer
import Telemetry

/// Answers every request of the simulator: routing, authentication, limits, faults, then the entity handlers.
final class SimulatorEngine: Sendable {
    let configuration: SimulatorConfiguration
    let store: SimulatorStore
    let tokens: TokenIssuer
    let credentials: CredentialStore
    let faults: FaultInjector
    let stats = StatsRecorder()
    let rateLimiter: RateLimiter?
    let concurrency: ConcurrencyLimiter?
    let logger: Logger

    init(configuration: SimulatorConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        store = SimulatorStore(configuration: configuration)
        tokens = TokenIssuer(lifetime: configuration.tokenLifetime)
        credentials = CredentialStore(configuration: configuration)
        faults = FaultInjector(plan: configuration.faults)
        rateLimiter = configuration.limits.rateLimit.map(RateLimiter.init)
        concurrency = configuration.limits.concurrency.map(ConcurrencyLimiter.init)
    }

    func handle(_ request: HTTPRequest) async -> HTTPResponse {
        if request.path.hasPrefix("/_simulator/") { return inspection(request) }
        let response: HTTPResponse
        var isBatch = false
        if let tenant = Self.tokenTenant(request.path), configuration.authentication == .oauth {
            response = await withFaults(kind: .token) { hold in
                if hold > .zero { try? await Task.sleep(for: hold) }
                return await self.token(request, tenant: tenant)
            }.finish()
        } else if let (prefix, resource) = Self.splitAPIPath(request.path, version: configuration.apiVersion) {
            let batchPath = resource == Self.batchPath
            isBatch = batchPath
            // BC keeps executing a request after its client disconnects, queued or running. HTTPServer does not
            // cancel a handler whose client went away; running the request in a task of its own keeps a create
            // committing even if that ever changes (a cancelled sleep would cut a slow commit short).
            response = await Task {
                batchPath ? await self.batch(request, prefix: prefix) : await self.api(request, prefix: prefix, resourcePath: resource)
            }.value
        } else {
            response = ODataError.notFound("No HTTP resource was found that matches the request URI '\(request.path)'")
        }
        // A batch that ran (answered 200, or reset by an operation's fault) was counted operation by operation as
        // it ran; only a refused batch counts as one request of its own status.
        if !isBatch || (response.status != 200 && !response.dropsConnection) {
            if response.dropsConnection { stats.dropped() } else { stats.response(response.status) }
        }
        if response.status >= 400 || response.dropsConnection {
            logger.debug("bc_simulator.refused", ["http.method": request.method, "http.path": request.path,
                                                 "http.status": String(response.status)])
        }
        return response
    }

    private func api(_ request: HTTPRequest, prefix: String, resourcePath: String) async -> HTTPResponse {
        guard let client = authenticate(request) else { return unauthenticated() }
        let route: APIRoute
        do {
            route = try APIRoute(resourcePath: resourcePath)
        } catch {
            return error.response
        }
        if let refusal = rateLimited(client) { return refusal }
        if let refusal = await acquireSlot(client) { return refusal }
        stats.beginExecuting(client)
        let outcome = await executeWithFaults(route, request, base: Self.baseURL(request, prefix: prefix))
        stats.endExecuting(client)
        concurrency?.release(client)
        // Delays after the commit model a response lost on the way back: the slot is already free.
        return await outcome.finish()
    }

    /// BC's 401 for a request without valid credentials, with the challenge of the configured scheme.
    func unauthenticated() -> HTTPResponse {
        let challenge = configuration.authentication == .oauth ? "Bearer realm=\"\", error=\"invalid_token\"" : "Basic realm=\"\""
        return ODataError.response(401, "Authentication_InvalidCredentials", "The server has rejected the client credentials",
                                   headers: ["WWW-Authenticate": challenge])
    }

    /// The caller's identity (client id or user name; each is one user for the limits), or `nil`.
    func authenticate(_ request: HTTPRequest) -> String? {
        guard let header = request.headers["Authorization"], let space = header.firstIndex(of: " ") else { return nil }
        let scheme = header[..<space].lowercased()
        let credentials = header[space...].trimmingCharacters(in: .whitespaces)
        switch configuration.authentication {
        case .oauth:
            guard scheme == "bearer" else { return nil }
            return tokens.clientId(for: credentials)
        case .basic(let userName, _):
            // The key may have been rotated since start.
            guard scheme == "basic", let key = self.credentials.webServiceAccessKey,
                  let decoded = Data(base64Encoded: credentials),
                  String(decoding: decoded, as: UTF8.self) == userName + ":" + key else { return nil }
            return userName
        }
    }

    /// `/{tenant}/oauth2/v2.0/token` → the tenant.
    static func tokenTenant(_ path: String) -> String? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0].isEmpty, !parts[1].isEmpty, parts[2] == "oauth2", parts[3] == "v2.0",
              parts[4] == "token" else { return nil }
        return String(parts[1])
    }

    /// Splits `/v2.0/{tenant}/{env}/api/v2.0/companies…` at the API root `/api/{version}` (any prefix is accepted,
    /// e.g. on-premises `/{instance}/api/v2.0`).
    static func splitAPIPath(_ path: String, version: String = "v2.0") -> (prefix: String, resource: String)? {
        var search = path.startIndex..<path.endIndex
        while let range = path.range(of: "/api/" + version, range: search) {
            if range.upperBound == path.endIndex || path[range.upperBound] == "/" {
                return (String(path[..<range.upperBound]), String(path[range.upperBound...]))
            }
            search = range.upperBound..<path.endIndex
        }
        return nil
    }

    static func baseURL(_ request: HTTPRequest, prefix: String) -> String {
        "http://\(request.headers["Host"] ?? "localhost")\(prefix)"
    }
}
