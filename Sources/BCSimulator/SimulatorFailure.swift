import HTTPServer

/// A request refused with a ready-made response (an OData error body), thrown through validation code.
struct SimulatorFailure: Error {
    let response: HTTPResponse

    init(_ response: HTTPResponse) {
        self.response = response
    }
}
