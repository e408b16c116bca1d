import ExactJSON
import Testing
@testable import RelayCore

@Suite struct CheckReportTests {
    private let report = CheckReport(results: [
        CheckResult("configuration", .pass, "group g"),
        CheckResult("kafka ledger cleanup.policy", .warn, "unknown (broker did not answer DescribeConfigs: x)"),
        CheckResult("bc token", .fail, "refused \"badly\""),
    ])

    @Test func warningsDoNotFailButFailuresDo() {
        #expect(report.exitStatus == 1)
        #expect(CheckReport(results: [CheckResult("a", .pass, ""), CheckResult("b", .warn, "")]).exitStatus == 0)
        #expect(CheckReport().exitStatus == 0)
    }

    @Test func textHasOneAlignedLinePerCheck() {
        #expect(report.text == """
            PASS  configuration                group g
            WARN  kafka ledger cleanup.policy  unknown (broker did not answer DescribeConfigs: x)
            FAIL  bc token                     refused "badly"

            """)
    }

    @Test func jsonIsOneObjectWithCountsAndEveryCheck() {
        let text = String(decoding: JSONWriter.bytes(report.json), as: UTF8.self)
        #expect(text == "{\"ok\":false,\"version\":\"\(RelayVersion.current)\",\"counts\":{\"pass\":1,\"warn\":1,\"fail\":1},\"checks\":["
                + "{\"name\":\"configuration\",\"status\":\"pass\",\"detail\":\"group g\"},"
                + "{\"name\":\"kafka ledger cleanup.policy\",\"status\":\"warn\",\"detail\":\"unknown (broker did not answer DescribeConfigs: x)\"},"
                + "{\"name\":\"bc token\",\"status\":\"fail\",\"detail\":\"refused \\\"badly\\\"\"}]}")
    }
}
