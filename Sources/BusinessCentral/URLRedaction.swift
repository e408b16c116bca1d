import Foundation

/// Removes credentials (`user:password@`) from URL text before it appears in an error or a log line.
public enum URLRedaction {
    /// `text` with any userinfo after a `scheme://` replaced by `<redacted>`.
    public static func redacted(_ text: String) -> String {
        guard let schemeEnd = text.range(of: "://") else { return text }
        let rest = text[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return text }
        return String(text[..<schemeEnd.upperBound]) + "<redacted>" + String(rest[at...])
    }

    /// The URL's text without userinfo.
    public static func redacted(_ url: URL) -> String { redacted(url.absoluteString) }
}
