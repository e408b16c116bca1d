import Foundation
import RelayTestKit

/// Where a relay child's records spent their time, from its `/metrics`: the p50 and p99 of each stage of
/// `relay_stage_seconds`, of `relay_record_seconds` (polled → offset stored) and of
/// `relay_partition_resume_wait_seconds` (a partition's resume → its next record).
enum StageProfile {
    /// The `stage` label values, in the order a record passes them (see the README's metrics table).
    static let stages = ["queued", "attempting", "create", "done", "outcome", "commit"]
    /// The figures recorded per child: a stage name, `record` or `resume_wait`.
    static let figures = stages + ["record", "resume_wait"]

    /// Records the p50 and p99 (milliseconds) of every figure in `metrics` as `<prefix>.<figure>.p50` / `.p99`.
    static func record(_ metrics: String, prefix: String, into report: inout BenchReport) {
        guard let scrape = try? PrometheusTextParser.parse(metrics) else { return }
        for figure in figures {
            let (name, labels): (String, [String: String]) = switch figure {
            case "record": ("relay_record_seconds", [:])
            case "resume_wait": ("relay_partition_resume_wait_seconds", [:])
            default: ("relay_stage_seconds", ["stage": figure])
            }
            let buckets = cumulativeBuckets(name, labels: labels, in: scrape)
            for percentile in [50.0, 99.0] {
                report.record("\(prefix).\(figure).p\(Int(percentile))", BenchMath.histogramQuantile(percentile / 100, buckets: buckets).map { $0 * 1000 })
            }
        }
    }

    /// One row per figure: `p50 / p99` in milliseconds (medians over the runs).
    static func addRows(_ scenario: BenchScenario, prefix: String, label: String, to report: inout BenchReport) {
        for figure in figures {
            guard let p50 = report.figure("\(prefix).\(figure).p50"), let p99 = report.figure("\(prefix).\(figure).p99") else { continue }
            let name = switch figure {
            case "record": "polled → offset stored"
            case "resume_wait": "partition resume → next record"
            default: "stage \(figure)"
            }
            report.row(scenario, "\(label): \(name), p50 / p99", text: "\(p50.formatted(decimals: 2)) / \(p99.formatted(decimals: 2)) ms")
        }
    }

    /// The `(le, cumulative count)` pairs of histogram `name` with `labels` (besides `le`), in bucket order.
    static func cumulativeBuckets(_ name: String, labels: [String: String], in scrape: PrometheusScrape) -> [(Double, Double)] {
        scrape.samples(named: name + "_bucket").compactMap { sample in
            var rest = sample.labels
            guard let le = rest.removeValue(forKey: "le"), rest == labels else { return nil }
            return (le == "+Inf" ? .infinity : Double(le) ?? .nan, sample.value)
        }
        .filter { !$0.0.isNaN }
        .sorted { $0.0 < $1.0 }
    }
}
