import ExactJSON
import Foundation
import HTTPServer

extension SimulatorEngine {
    /// `GET /_simulator/lines`, `POST /_simulator/journals/{code}/post[?company={id}]`, `GET /_simulator/stats`,
    /// `POST /_simulator/faults`, `POST /_simulator/credentials` (see `SimulatorEngine+Control.swift`);
    /// no authentication, no faults, not counted in the statistics.
    func inspection(_ request: HTTPRequest) -> HTTPResponse {
        let parts = request.path.split(separator: "/").map(String.init)
        switch (request.method, parts) {
        case ("GET", ["_simulator", "lines"]):
            return .json(JSONWriter.bytes(.array(store.allLines().map(EntityJSON.inspection))))
        case ("GET", ["_simulator", "stats"]):
            return .json(JSONWriter.bytes(statsSnapshot().json))
        case ("POST", ["_simulator", "faults"]):
            return enqueueFaults(request)
        case ("POST", ["_simulator", "credentials"]):
            return rotateCredentials(request)
        case ("POST", let path) where path.count == 4 && path[1] == "journals" && path[3] == "post":
            let company = request.odataQueryValue("company").flatMap(UUID.init(uuidString:)) ?? configuration.companies.first?.id
            guard let company else { return ODataError.notFound("No company is configured") }
            switch store.post(code: path[2], company: company) {
            case .posted(let count):
                return .json(#"{"posted":\#(count)}"#)
            case .failed(let message):
                return ODataError.response(400, "Application_TestFieldException", message)
            case .journalNotFound:
                return ODataError.notFound("The journal '\(path[2])' does not exist in company '\(company.odata)'")
            }
        default:
            return ODataError.notFound("Unknown simulator endpoint '\(request.path)'")
        }
    }

    func statsSnapshot() -> SimulatorStats {
        var snapshot = stats.snapshot
        if let concurrency { snapshot.maxQueued = max(snapshot.maxQueued, concurrency.maxQueued) }
        return snapshot
    }
}
