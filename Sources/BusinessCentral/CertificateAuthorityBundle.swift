import Foundation

/// A PEM file of CA certificates that Business Central's TLS certificate chains to (on-premises, self-signed CAs).
///
/// Why only a check, not a trust setting: on Linux `URLSession` (FoundationNetworking over libcurl) offers no
/// per-session CA option and no server-trust challenge; it sets libcurl's `CAINFO` to the system bundle and ignores
/// `SSL_CERT_FILE`, `SSL_CERT_DIR`, `CURL_CA_BUNDLE` and (outside Android) `URLSessionCertificateAuthorityInfoFile`.
/// So the CA must be installed in the system trust store (`update-ca-certificates`), and ``check(path:setting:trustStore:)``
/// refuses to start when it is not, instead of failing every request with a TLS error.
public struct CertificateAuthorityBundle: Sendable, Equatable {
    /// The certificates' DER bytes in base64, whitespace removed, in file order.
    public let certificates: [String]

    /// Where FoundationNetworking's libcurl looks for trusted CAs on Linux: libcurl's compiled-in bundle and
    /// directory (Debian), then the paths corelibs-foundation searches when libcurl has none.
    public static let systemTrustStore = [
        "/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/usr/share/ssl/certs/ca-bundle.crt",
        "/usr/local/share/certs/ca-root-nss.crt", "/etc/ssl/cert.pem", "/etc/ssl/certs",
    ]

    /// Parses the PEM certificates in `pem`; non-certificate blocks and text between blocks are ignored.
    public init(pem: String) {
        var found: [String] = []
        var rest = pem[...]
        while let begin = rest.range(of: "-----BEGIN CERTIFICATE-----"),
              let end = rest.range(of: "-----END CERTIFICATE-----", range: begin.upperBound..<rest.endIndex) {
            found.append(String(rest[begin.upperBound..<end.lowerBound].filter { !$0.isWhitespace }))
            rest = rest[end.upperBound...]
        }
        certificates = found
    }

    /// Reads `path` and checks that it holds at least one PEM certificate.
    ///
    /// - Throws: ``ConfigurationError`` naming `setting` when the file is missing, unreadable or has no certificate.
    public static func load(path: String, setting: String = "BC_CA_BUNDLE") throws(ConfigurationError) -> CertificateAuthorityBundle {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw ConfigurationError(setting: setting, message: exists ? "cannot read \(path)" : "no such file: \(path)")
        }
        let bundle = CertificateAuthorityBundle(pem: String(decoding: data, as: UTF8.self))
        guard !bundle.certificates.isEmpty else {
            throw ConfigurationError(setting: setting, message: "\(path) holds no PEM certificate (-----BEGIN CERTIFICATE-----)")
        }
        return bundle
    }

    /// Loads `path` and, on Linux, requires every certificate in it to be in the system trust store.
    ///
    /// - Parameter trustStore: files and directories of trusted PEM certificates (tests pass their own).
    /// - Throws: ``ConfigurationError`` naming `setting`, with the steps to install the CA.
    public static func check(path: String, setting: String = "BC_CA_BUNDLE",
                             trustStore: [String] = systemTrustStore) throws(ConfigurationError) {
        let bundle = try load(path: path, setting: setting)
        #if os(Linux)
        let trusted = Set(trustedCertificates(in: trustStore))
        let missing = bundle.certificates.indices.filter { !trusted.contains(bundle.certificates[$0]) }
        guard missing.isEmpty else {
            let which = missing.map { String($0 + 1) }.joined(separator: ", ")
            throw ConfigurationError(setting: setting, message: """
                certificate \(which) of \(bundle.certificates.count) in \(path) is not in the system trust store, and on \
                Linux URLSession can only trust that store: install it (Debian: copy to \
                /usr/local/share/ca-certificates/<name>.crt, run update-ca-certificates) and restart
                """)
        }
        #endif
    }

    static func trustedCertificates(in locations: [String]) -> [String] {
        var files: [String] = []
        for location in locations {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: location, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: location)) ?? []
                files += names.sorted().map { location + "/" + $0 }
            } else {
                files.append(location)
            }
        }
        return files.flatMap { path -> [String] in
            guard let data = FileManager.default.contents(atPath: path) else { return [] }
            return CertificateAuthorityBundle(pem: String(decoding: data, as: UTF8.self)).certificates
        }
    }
}
