import Foundation
import HTTPServer

extension HTTPRequest {
    /// The first value of the query parameter `name` as BC (ASP.NET) reads a query string: `+` is a space, `%2B`
    /// a plus, `%20` a space.
    ///
    /// HTTPServer keeps `+` literally in `queryItems` (RFC 3986 has no rule for it), and once `%2B` is decoded
    /// there the two can no longer be told apart; so the raw query of `target` is decoded here instead. A request
    /// built in-process without a query in its target falls back to `queryItems`.
    func odataQueryValue(_ name: String) -> String? {
        guard let question = target.firstIndex(of: "?") else { return queryValue(name) }
        for pair in target[target.index(after: question)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard Self.formDecoded(parts[0]) == name else { continue }
            return parts.count > 1 ? Self.formDecoded(parts[1]) : ""
        }
        return nil
    }

    private static func formDecoded(_ raw: Substring) -> String? {
        // `+` before the escapes, so that the plus an escaped `%2B` yields stays a plus.
        raw.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
