import Foundation

/// A credential (client secret or access token) that never prints itself.
///
/// `description`, `debugDescription`, string interpolation and `dump` all show `<redacted>`; only ``reveal()``
/// returns the value, for the one place that must send it.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let value: String

    /// Wraps `value`.
    public init(_ value: String) {
        self.value = value
    }

    /// Reads a secret from a file (a Kubernetes secret mount), dropping trailing line breaks.
    ///
    /// - Throws: ``ConfigurationError`` naming `path` when the file cannot be read or is empty. The error never
    ///   contains the file's content.
    public static func fromFile(_ path: String, setting: String = "BC_CLIENT_SECRET_FILE") throws -> Secret {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigurationError(setting: setting, message: "cannot read secret file \(path): \(Self.reason(error))")
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(setting: setting, message: "secret file \(path) is not UTF-8 text")
        }
        // Why: `kubectl create secret --from-file` and editors keep the trailing newline; the secret has none.
        while let last = text.last, last == "\n" || last == "\r" || last == "\r\n" { text.removeLast() }
        guard !text.isEmpty else {
            throw ConfigurationError(setting: setting, message: "secret file \(path) is empty")
        }
        return Secret(text)
    }

    /// The value itself; only for the request that must carry it.
    public func reveal() -> String { value }

    /// Whether the secret is the empty string.
    public var isEmpty: Bool { value.isEmpty }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    private static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if nsError.domain == NSCocoaErrorDomain, nsError.code == NSFileReadNoSuchFileError { return "no such file" }
        if nsError.domain == NSCocoaErrorDomain, nsError.code == NSFileReadNoPermissionError { return "permission denied" }
        return "error \(nsError.code)"
    }
}
