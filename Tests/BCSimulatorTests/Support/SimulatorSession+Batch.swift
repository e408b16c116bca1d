import Foundation

extension SimulatorSession {
    /// `POST {apiRoot}/$batch` with `operations` (each the JSON text of one member of `requests`).
    func batch(_ operations: [String], headers: [String: String] = [:], token: String? = nil,
               timeout: TimeInterval = 10) async throws -> Reply {
        try await call("POST", "$batch", body: #"{"requests":[\#(operations.joined(separator: ","))]}"#,
                       headers: headers, token: token, timeout: timeout)
    }

    /// A create of a payment of customer `customer` with external document number `key`, into the seeded journal
    /// (or at `url`).
    func createOperation(_ id: String, key: String, customer: String = "C10000", url: String? = nil) -> String {
        #"{"id":"\#(id)","method":"POST","url":"\#(url ?? journalPath)","headers":{"Content-Type":"application/json"},"body":{"customerNumber":"\#(customer)","amount":-1.50,"externalDocumentNumber":"\#(key)"}}"#
    }

    /// The external document numbers of every line stored, in creation order.
    var storedKeys: [String] { simulator.lines().map(\.externalDocumentNumber) }
}

/// One member of a batch answer's `responses`.
struct BatchMember {
    let json: [String: Any]

    var id: String? { json["id"] as? String }
    var status: Int? { json["status"] as? Int }
    var body: [String: Any] { json["body"] as? [String: Any] ?? [:] }
    var errorCode: String? { (body["error"] as? [String: Any])?["code"] as? String }
    func header(_ name: String) -> String? {
        (json["headers"] as? [String: Any])?.first { $0.key.lowercased() == name.lowercased() }?.value as? String
    }
}

extension Reply {
    /// The members of a batch answer's `responses`, in order.
    var responses: [BatchMember] { (json["responses"] as? [[String: Any]] ?? []).map(BatchMember.init) }

    /// Member `index` of `responses`, or an empty member when there is none (so a test fails instead of trapping).
    func response(_ index: Int) -> BatchMember {
        let all = responses
        return all.indices.contains(index) ? all[index] : BatchMember(json: [:])
    }
}
