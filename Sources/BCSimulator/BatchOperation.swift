import ExactJSON
import HTTPServer

/// One request inside a JSON `$batch` body: `{"id":"1","method":"POST","url":"companies(…)/…","headers":{…},
/// "body":{…}}`.
struct BatchOperation {
    /// The client's id, echoed in the operation's response.
    var id: String
    /// The method, upper-cased (`POST`, `GET`, ...).
    var method: String
    /// The URL relative to the API root, with its query: `companies(…)/customerPayments?$filter=…`.
    var relativeURL: String
    /// The operation's own headers (the outer request's are not inherited; it runs as the outer request's user).
    var headers: HTTPHeaders
    /// The JSON body re-encoded (number literals kept exactly), or `nil` when the operation has none.
    var body: [UInt8]?

    /// Reads one member of `requests`.
    /// - Parameter apiVersion: the simulator's API version, to find the API root in an absolute URL.
    /// - Throws: ``SimulatorFailure`` with the outer 400 when a required member is missing or mistyped, or with
    ///   `BadRequest_NotSupported` for what the simulator does not model (`atomicityGroup`, `dependsOn`).
    init(_ value: JSONValue, index: Int, apiVersion: String) throws(SimulatorFailure) {
        guard case .object = value else { throw Self.invalid("The request at index \(index) is not a JSON object") }
        for unsupported in ["atomicityGroup", "dependsOn"] where value[unsupported] != nil {
            throw SimulatorFailure(ODataError.response(400, "BadRequest_NotSupported",
                                                       "'\(unsupported)' in a batch request: the simulator does not model it"))
        }
        guard let id = value["id"]?.stringValue, !id.isEmpty else {
            throw Self.invalid("The request at index \(index) has no 'id'")
        }
        guard let method = value["method"]?.stringValue, !method.isEmpty else {
            throw Self.invalid("The request with id '\(id)' has no 'method'")
        }
        guard let url = value["url"]?.stringValue, !url.isEmpty else {
            throw Self.invalid("The request with id '\(id)' has no 'url'")
        }
        var headers = HTTPHeaders()
        if let members = value["headers"] {
            guard case .object(let fields) = members else { throw Self.invalid("The 'headers' of the request with id '\(id)' are not a JSON object") }
            for field in fields {
                guard let text = field.value.stringValue else {
                    throw Self.invalid("The header '\(field.key)' of the request with id '\(id)' is not a string")
                }
                headers.add(field.key, text)
            }
        }
        self.id = id
        self.method = method.uppercased()
        relativeURL = Self.relative(url, apiVersion: apiVersion)
        self.headers = headers
        switch value["body"] {
        case nil, .null?: body = nil
        case let json?: body = JSONWriter.bytes(json)
        }
    }

    /// The operation as the plain request it stands for, sent to `{prefix}/{relativeURL}` (prefix: the outer
    /// request's path up to and including the API root).
    /// - Throws: ``SimulatorFailure`` with BC's 400 when the URL holds an invalid percent-escape.
    func request(prefix: String) throws(SimulatorFailure) -> HTTPRequest {
        do {
            return try HTTPRequest(method: method, target: prefix + "/" + relativeURL, headers: headers, body: body ?? [])
        } catch {
            throw SimulatorFailure(ODataError.badRequest("The request URI '\(relativeURL)' is not valid"))
        }
    }

    /// `companies(…)/…` stays; `/companies(…)/…` loses its slash; an absolute URL or path through the API root
    /// (`https://host/v2.0/t/env/api/v2.0/companies(…)`) keeps what follows the root.
    static func relative(_ url: String, apiVersion: String) -> String {
        var text = Substring(url)
        if let scheme = text.range(of: "://") {
            let afterAuthority = text[scheme.upperBound...]
            text = afterAuthority.firstIndex(where: { $0 == "/" || $0 == "?" }).map { afterAuthority[$0...] } ?? ""
        }
        if text.hasPrefix("/") {
            let query = text.firstIndex(of: "?") ?? text.endIndex
            if let (_, resource) = SimulatorEngine.splitAPIPath(String(text[..<query]), version: apiVersion) {
                text = Substring(resource) + text[query...]
            }
        }
        while text.hasPrefix("/") { text = text.dropFirst() }
        return String(text)
    }

    private static func invalid(_ message: String) -> SimulatorFailure {
        SimulatorFailure(ODataError.badRequest(message))
    }
}
