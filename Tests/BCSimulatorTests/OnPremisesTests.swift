import BCSimulator
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// The simulator as BC on-premises: HTTP Basic with a web service access key, and API v1.0.
@Suite struct OnPremisesTests {
    static func basic(_ configuration: inout SimulatorConfiguration) {
        configuration.authentication = .basic(userName: "RELAY", webServiceAccessKey: "k3y:with/colon+")
    }

    static func authorization(_ user: String, _ key: String) -> [String: String] {
        ["Authorization": "Basic " + Data("\(user):\(key)".utf8).base64EncodedString()]
    }

    static let token = "PR-7FWB2NY44E7EZSDE99KESA0WDE47TKEE"

    @Test func basicCredentialsOpenTheAPIAndWrongOnesGetBCs401() async throws {
        try await withSimulator(Self.basic) { (sim) async throws in
            #expect(sim.simulator.baseURL.path == "/BC/api/v2.0")
            let good = try await sim.call("GET", "companies", headers: Self.authorization("RELAY", "k3y:with/colon+"))
            #expect(good.status == 200)
            #expect(good.values.count == 2)

            // FoundationNetworking hangs on a 401 with a Basic challenge unless a delegate answers it, and then only
            // the status and headers survive; so the refusals are read over a raw socket.
            for authorization in [Self.authorization("RELAY", "wrong"), Self.authorization("OTHER", "k3y:with/colon+"),
                                  ["Authorization": "Basic not-base64!"], ["Authorization": "Bearer \(sim.token)"]] {
                let refused = try await Self.rawGET(port: sim.simulator.port, path: sim.simulator.baseURL.path + "/companies",
                                              authorization: authorization["Authorization"]!)
                #expect(refused.hasPrefix("HTTP/1.1 401"), "\(refused.prefix(80))")
                #expect(refused.contains("Authentication_InvalidCredentials"))
                #expect(refused.lowercased().contains("www-authenticate: basic"))
            }
            // No token endpoint on-premises.
            let tokenEndpoint = try await sim.tokenRequest("grant_type=client_credentials&client_id=client-1&client_secret=s3cret&scope=x")
            #expect(tokenEndpoint.status == 404)
        }
    }

    /// One HTTP/1.1 GET over a plain socket (`Connection: close`), the whole response as text.
    ///
    /// The blocking read runs on a thread of its own: on the cooperative pool (two threads on a two-core machine)
    /// a few of these at once would starve the simulator's handlers, which need that pool to answer them.
    static func rawGET(port: Int, path: String, authorization: String) async throws -> String {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<String, any Error>) in
            Thread {
                guard let stream = FileHandle.socketConnection(port: port) else {
                    continuation.resume(throwing: CocoaError(.fileReadUnknown))
                    return
                }
                stream.write(Data("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: \(authorization)\r\nConnection: close\r\n\r\n".utf8))
                continuation.resume(returning: String(decoding: stream.readDataToEndOfFile(), as: UTF8.self))
            }.start()
        }
    }

    @Test func v1ServesItsOwnPathsOnly() async throws {
        try await withSimulator({ $0.apiVersion = "v1.0" }) { (sim) async throws in
            #expect(sim.simulator.baseURL.path.hasSuffix("/api/v1.0"))
            #expect(try await sim.call("GET", "companies").status == 200)
            let v2 = sim.simulator.baseURL.path.replacingOccurrences(of: "/api/v1.0", with: "/api/v2.0") + "/companies"
            #expect(try await sim.call("GET", v2).status == 404)
        }
    }

    @Test func v1AcceptsContactIdAndLimitsExternalDocumentNumberTo20ByDefault() async throws {
        try await withSimulator({ $0.apiVersion = "v1.0" }) { (sim) async throws in
            let long = try await sim.create(#"{"customerNumber":"C10000","amount":-1,"externalDocumentNumber":"\#(Self.token)"}"#)
            #expect(long.status == 400)
            #expect(long.errorCode == "Application_StringExceededLength")
            #expect(long.errorMessage?.contains("must be less than or equal to 20 characters") == true)

            let short = try await sim.create(#"{"customerNumber":"C10000","amount":-1,"externalDocumentNumber":"PR-0123456789ABCDEF","contactId":"x@contoso.com"}"#)
            #expect(short.status == 201)
        }
        try await withSimulator { (sim) async throws in
            let contact = try await sim.create(#"{"customerNumber":"C10000","amount":-1,"contactId":"x"}"#)
            #expect(contact.status == 400, "v2.0 has no contactId")
        }
    }

    @Test func v1WithA35CharacterFieldTakesTheRelaysToken() async throws {
        try await withSimulator({ $0.apiVersion = "v1.0"; $0.externalDocumentNumberLength = 35 }) { (sim) async throws in
            let created = try await sim.create(#"{"customerNumber":"C10000","amount":-1,"externalDocumentNumber":"\#(Self.token)"}"#)
            #expect(created.status == 201)
            #expect(created.json["externalDocumentNumber"] as? String == Self.token)
        }
    }
}

extension FileHandle {
    /// A blocking TCP connection to `127.0.0.1:port`, or `nil`.
    static func socketConnection(port: Int) -> FileHandle? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            Glibc.close(fd)
            return nil
        }
        return FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }
}
