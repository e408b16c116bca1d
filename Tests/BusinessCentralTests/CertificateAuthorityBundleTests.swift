import BusinessCentral
import Foundation
import Testing

/// `BC_CA_BUNDLE` against a real TLS endpoint with a private CA: what URLSession on Linux can and cannot do.
@Suite(.enabled(if: SelfSignedTLSServer.isAvailable, "needs /usr/bin/openssl"), .timeLimit(.minutes(1)))
struct CertificateAuthorityBundleTests {
    @Test func urlSessionRefusesAPrivateCAAndTheErrorSaysWhy() async throws {
        let server = try SelfSignedTLSServer()
        let transport = URLSessionTransport()
        do {
            _ = try await transport.send(HTTPClientRequest(method: "GET", url: server.url), timeout: .seconds(5))
            Issue.record("a certificate from a CA outside the system trust store was accepted")
        } catch let error as HTTPTransportError {
            // A failed handshake sent nothing, and the operator sees libcurl's reason.
            guard case .cannotConnect(let reason) = error else {
                Issue.record("expected cannotConnect, got \(error)")
                return
            }
            #expect(reason.contains("certificate"), "\(reason)")
        }
    }

    @Test func startUpRefusesACAThatIsNotInTheSystemTrustStore() throws {
        let server = try SelfSignedTLSServer()
        var configuration = BasicAuthenticationTests.configuration(apiBaseURL: "https://localhost:\(server.port)/BC/api/v2.0")
        configuration.caBundlePath = server.caPath
        do {
            try configuration.validate()
            #if os(Linux)
            Issue.record("validation passed for a CA URLSession cannot trust")
            #endif
        } catch {
            #expect(error.setting == "BC_CA_BUNDLE")
            #expect(error.message.contains("update-ca-certificates"))
            #expect(error.message.contains(server.caPath))
        }
    }

    @Test func aCAPresentInTheTrustStorePasses() throws {
        let server = try SelfSignedTLSServer()
        let store = server.directory.appendingPathComponent("store")
        try FileManager.default.createDirectory(at: store, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: server.caPath, toPath: store.appendingPathComponent("relay-test-ca.pem").path)
        try CertificateAuthorityBundle.check(path: server.caPath, trustStore: [store.path])
        #expect(throws: ConfigurationError.self) {
            try CertificateAuthorityBundle.check(path: server.caPath, trustStore: ["/nonexistent"])
        }
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/etc/ssl/certs/ca-certificates.crt")))
    func aCertificateFromTheSystemBundlePassesTheDefaultCheck() throws {
        let system = try String(contentsOfFile: "/etc/ssl/certs/ca-certificates.crt", encoding: .utf8)
        let end = try #require(system.range(of: "-----END CERTIFICATE-----"))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("system-ca-\(UUID().uuidString.prefix(8)).pem").path
        try String(system[..<end.upperBound]).write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var configuration = BasicAuthenticationTests.configuration()
        configuration.caBundlePath = path
        try configuration.validate()
    }

    @Test func aMissingOrCertificateFreeFileIsNamed() throws {
        var configuration = BasicAuthenticationTests.configuration()
        configuration.caBundlePath = "/nonexistent/ca.pem"
        #expect(throws: ConfigurationError(setting: "BC_CA_BUNDLE", message: "no such file: /nonexistent/ca.pem")) {
            try configuration.validate()
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("not-pem-\(UUID().uuidString.prefix(8)).txt").path
        try "just text\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        configuration.caBundlePath = path
        do {
            try configuration.validate()
            Issue.record("a file without certificates passed")
        } catch {
            #expect(error.setting == "BC_CA_BUNDLE")
            #expect(error.message.contains("no PEM certificate"))
        }
    }

    @Test func pemParsingIgnoresLineWrappingAndOtherBlocks() {
        let pem = """
            junk
            -----BEGIN PRIVATE KEY-----
            AAAA
            -----END PRIVATE KEY-----
            -----BEGIN CERTIFICATE-----
            QUJD
            REVG
            -----END CERTIFICATE-----
            """
        #expect(CertificateAuthorityBundle(pem: pem).certificates == ["QUJDREVG"])
    }
}
