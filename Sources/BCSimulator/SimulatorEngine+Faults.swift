import HTTPServer

extension SimulatorEngine {
    /// A processed request and what happens to its response afterwards.
    struct Outcome: Sendable {
        enum After: Sendable {
            case none
            case delay(Duration)
            case drop
        }

        var response: HTTPResponse
        var after: After

        func finish() async -> HTTPResponse {
            switch after {
            case .none:
                return response
            case .delay(let duration):
                try? await Task.sleep(for: duration)
                return response
            case .drop:
                return .dropConnection
            }
        }
    }

    /// Executes an admitted request under the fault drawn for its kind (create, lookup or other).
    func executeWithFaults(_ route: APIRoute, _ request: HTTPRequest, base: String) async -> Outcome {
        let kind: RequestKind = route.isPayments ? (request.method == "POST" ? .create : request.method == "GET" ? .lookup : .other) : .other
        return await withFaults(kind: kind) { hold in
            // Only a create has a line key to hold while it executes; anything else is just slow.
            if kind != .create && hold > .zero { try? await Task.sleep(for: hold) }
            return await self.execute(route, request, base: base, holdBeforeCommit: kind == .create ? hold : .zero)
        }
    }

    /// Applies the plan's latency and the fault drawn for `kind` around `work`, which is handed the extra time
    /// it must spend executing before it commits (non-zero under ``Fault/slowCommit(_:)``).
    func withFaults(kind: RequestKind, _ work: @Sendable (_ holdBeforeCommit: Duration) async -> HTTPResponse) async -> Outcome {
        let latency = kind == .token ? .zero : faults.latency
        if latency > .zero { try? await Task.sleep(for: latency) }
        let fault = faults.fault(for: kind)
        if let fault { stats.update { $0.faultsInjected[fault.name, default: 0] += 1 } }
        switch fault {
        case .tooManyRequests(let retryAfter)?:
            return Outcome(response: ODataError.response(429, "Application_TooManyRequests",
                                                         "Too many requests reached. Actual (101). Maximum (100)",
                                                         headers: Self.retryAfter(retryAfter)), after: .none)
        case .serviceUnavailable(let retryAfter)?:
            return Outcome(response: ODataError.response(503, "Internal_ServiceUnavailable",
                                                         "The service is temporarily unavailable",
                                                         headers: Self.retryAfter(retryAfter)), after: .none)
        case .internalServerError?:
            return Outcome(response: ODataError.response(500, "Internal_ServerError",
                                                         "An unexpected error occurred on the server"), after: .none)
        case .badGateway?:
            return Outcome(response: .text("Bad Gateway", status: 502), after: .none)
        case .gatewayTimeout?:
            return Outcome(response: .text("Gateway Timeout", status: 504), after: .none)
        case .resetBeforeCommit?:
            return Outcome(response: .dropConnection, after: .none)
        case .latency(let extra)?:
            try? await Task.sleep(for: extra)
            return Outcome(response: await work(.zero), after: .none)
        case .commitThenDelay(let delay)?:
            return Outcome(response: await work(.zero), after: .delay(delay))
        case .slowCommit(let duration)?:
            return Outcome(response: await work(duration), after: .none)
        case .commitThenDrop?:
            return Outcome(response: await work(.zero), after: .drop)
        case nil:
            return Outcome(response: await work(.zero), after: .none)
        }
    }

    private static func retryAfter(_ seconds: Int?) -> HTTPHeaders {
        seconds.map { ["Retry-After": String($0)] } ?? [:]
    }
}
