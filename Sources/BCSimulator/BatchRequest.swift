import ExactJSON
import Foundation
import HTTPServer

/// A parsed JSON `$batch` request: its operations in order and whether it runs past a failed one.
///
/// Anything that makes the batch unusable is refused whole (outer 400, nothing executed), as BC does: a body that
/// is not JSON, no `requests` array, more than ``maximumOperations``, an operation without `id`, `method` or `url`,
/// two operations with one id. What the simulator does not model is refused too (`BadRequest_NotSupported`), so no
/// test relies on it silently: `Isolation: snapshot` (one transaction), `atomicityGroup`, `dependsOn`, and
/// multipart batches.
struct BatchRequest {
    /// BC's limit on the operations of one batch.
    static let maximumOperations = 100

    var operations: [BatchOperation]
    /// `Prefer: odata.continue-on-error`: every operation runs; without it the batch stops after the first
    /// operation that failed (status ≥ 400), and the later ones are neither executed nor answered.
    var continuesOnError: Bool

    /// - Throws: ``SimulatorFailure`` with the outer 400.
    init(body: [UInt8], headers: HTTPHeaders, apiVersion: String) throws(SimulatorFailure) {
        if headers["Isolation"]?.lowercased() == "snapshot" || headers["OData-Isolation"]?.lowercased() == "snapshot" {
            throw Self.notSupported("Isolation: snapshot (one transaction for the whole batch): the simulator does not model Isolation: snapshot")
        }
        if headers["Content-Type"]?.lowercased().hasPrefix("multipart/") == true {
            throw Self.notSupported("A multipart batch: the simulator models only JSON batches (Content-Type: application/json)")
        }
        guard let json = JSONValue.parse(body), case .object = json else {
            throw SimulatorFailure(ODataError.badRequest("Invalid Request Body"))
        }
        guard let requests = json["requests"]?.arrayValue else {
            throw SimulatorFailure(ODataError.badRequest("The batch request body must contain a 'requests' array"))
        }
        guard requests.count <= Self.maximumOperations else {
            throw SimulatorFailure(ODataError.badRequest(
                "The batch request contains \(requests.count) operations; at most \(Self.maximumOperations) are allowed"))
        }
        var operations: [BatchOperation] = []
        var ids: Set<String> = []
        for (index, value) in requests.enumerated() {
            let operation = try BatchOperation(value, index: index, apiVersion: apiVersion)
            guard ids.insert(operation.id).inserted else {
                throw SimulatorFailure(ODataError.badRequest("The batch request contains the id '\(operation.id)' more than once"))
            }
            operations.append(operation)
        }
        self.operations = operations
        continuesOnError = Self.prefersContinueOnError(headers)
    }

    /// `odata.continue-on-error` (or OData 4.01's `continue-on-error`, with no value or `=true`) among the
    /// preferences of any `Prefer` header.
    static func prefersContinueOnError(_ headers: HTTPHeaders) -> Bool {
        headers.values(for: "Prefer").flatMap { $0.split(separator: ",") }.contains { preference in
            let parts = preference.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let name = parts.first, ["odata.continue-on-error", "continue-on-error"].contains(name) else { return false }
            return parts.count == 1 || parts[1] == "true"
        }
    }

    private static func notSupported(_ message: String) -> SimulatorFailure {
        SimulatorFailure(ODataError.response(400, "BadRequest_NotSupported", message))
    }
}
