import HTTPServer
import Testing
@testable import BCSimulator

/// Parsing of a `$batch` body and its headers, without HTTP.
@Suite struct BatchRequestTests {
    @Test(arguments: [
        ("companies(1)/customerPayments", "companies(1)/customerPayments"),
        ("/companies(1)/customerPayments?$top=1", "companies(1)/customerPayments?$top=1"),
        ("https://api.businesscentral.dynamics.com/v2.0/t/production/api/v2.0/companies(1)/customers?$filter=a eq 'b'",
         "companies(1)/customers?$filter=a eq 'b'"),
        ("/BC/api/v2.0/companies(1)/customers", "companies(1)/customers"),
        ("http://localhost:7048/BC/api/v2.0/companies", "companies"),
    ])
    func operationURLsAreMadeRelativeToTheAPIRoot(url: String, relative: String) {
        #expect(BatchOperation.relative(url, apiVersion: "v2.0") == relative)
    }

    @Test(arguments: [
        (nil, false),
        ("odata.continue-on-error", true),
        ("odata.maxpagesize=10, ODATA.Continue-On-Error", true),
        ("continue-on-error=true", true),
        ("odata.continue-on-error=false", false),
        ("return=minimal,,", false),
    ] as [(String?, Bool)])
    func continueOnErrorIsReadFromPrefer(prefer: String?, continues: Bool) {
        let headers: HTTPHeaders = prefer.map { ["Prefer": $0] } ?? [:]
        #expect(BatchRequest.prefersContinueOnError(headers) == continues)
    }

    @Test func operationsKeepTheirOrderHeadersAndExactBodies() throws {
        let body = #"{"requests":[{"id":"a","method":"post","url":"companies","headers":{"Content-Type":"application/json; IEEE754Compatible=true"},"body":{"amount":-0.10}},{"id":"b","method":"GET","url":"companies","body":null}]}"#
        let batch = try BatchRequest(body: Array(body.utf8), headers: [:], apiVersion: "v2.0")
        #expect(batch.operations.map(\.id) == ["a", "b"])
        #expect(batch.operations.map(\.method) == ["POST", "GET"])
        #expect(batch.operations[0].headers["content-type"] == "application/json; IEEE754Compatible=true")
        #expect(batch.operations[0].body == Array(#"{"amount":-0.10}"#.utf8))
        #expect(batch.operations[1].body == nil)
        #expect(!batch.continuesOnError)
    }

    @Test(arguments: [
        (#"{"requests":[{"id":1,"method":"GET","url":"companies"}]}"#, "BadRequest"),
        (#"{"requests":[{"id":"1","method":"GET","url":"companies","headers":{"A":1}}]}"#, "BadRequest"),
        (#"{"requests":[{"id":"1","method":"GET","url":"companies","atomicityGroup":"g1"}]}"#, "BadRequest_NotSupported"),
        (#"{"requests":[{"id":"1","method":"GET","url":"companies","dependsOn":["0"]}]}"#, "BadRequest_NotSupported"),
        (#"{"requests":["companies"]}"#, "BadRequest"),
        (#"[]"#, "BadRequest"),
    ])
    func unusableOperationsRefuseTheWholeBatch(body: String, code: String) {
        do {
            _ = try BatchRequest(body: Array(body.utf8), headers: [:], apiVersion: "v2.0")
            Issue.record("accepted: \(body)")
        } catch {
            #expect(error.response.status == 400)
            #expect(String(decoding: error.response.body, as: UTF8.self).contains(#""code":"\#(code)""#))
        }
    }

    @Test func multipartBatchesAreNotModelled() {
        #expect(throws: SimulatorFailure.self) {
            try BatchRequest(body: [], headers: ["Content-Type": "multipart/mixed; boundary=batch_1"], apiVersion: "v2.0")
        }
    }
}
