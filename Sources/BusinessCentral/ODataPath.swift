import Foundation

/// Builds Business Central resource URLs: GUID keys unquoted and lower-case, OData string literals quoted and
/// percent-encoded.
struct ODataPath {
    /// The API root without a trailing slash.
    let base: String

    init(baseURL: URL) {
        var text = baseURL.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        base = text
    }

    /// `{base}/{path}?{query}`; query values are already encoded (see ``stringFilter(_:equals:)``).
    func url(_ path: String, query: [(String, String)] = []) -> URL {
        var text = base + "/" + path
        if !query.isEmpty { text += "?" + query.map { "\($0.0)=\($0.1)" }.joined(separator: "&") }
        // Every piece is either a GUID, a fixed name or percent-encoded, so the string is always a valid URL.
        return URL(string: text)!
    }

    /// `companies({id})`, the GUID written without quotes.
    static func company(_ id: UUID) -> String { "companies(\(key(id)))" }

    /// `companies({cid})/customerPaymentJournals({jid})`.
    static func journal(_ id: UUID, companyId: UUID) -> String {
        company(companyId) + "/customerPaymentJournals(\(key(id)))"
    }

    /// A GUID key as BC writes it: lower-case, no quotes, no braces.
    static func key(_ id: UUID) -> String { id.uuidString.lowercased() }

    /// `property eq 'value'` with single quotes doubled, then percent-encoded as a query value.
    static func stringFilter(_ property: String, equals value: String) -> String {
        PercentEncoding.encode("\(property) eq \(stringLiteral(value))")
    }

    /// An OData string literal: `'O''BRIEN'`.
    static func stringLiteral(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
