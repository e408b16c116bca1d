import Foundation
import RelayCLI

/// One printed row: a figure's median (min–max) over the runs, its target, and whether the median meets it.
struct BenchRow: Sendable {
    var scenario: String
    var figure: String
    var value: String
    var target: String
    /// `nil` when the figure has no target (context only).
    var met: Bool?
}

/// Collects per-run values by figure name and renders the result table.
struct BenchReport: Sendable {
    private(set) var rows: [BenchRow] = []
    private var values: [String: [Double]] = [:]
    var notes: [String] = []

    /// Records one run's value of `key`.
    mutating func record(_ key: String, _ value: Double?) {
        guard let value, value.isFinite else { return }
        values[key, default: []].append(value)
    }

    func figure(_ key: String) -> BenchFigure? { BenchFigure(values[key] ?? []) }

    /// Every run's value of `key`, in recording order.
    func valuesFor(_ key: String) -> [Double] { values[key] ?? [] }

    /// Adds a row for `key` (median of the recorded runs); `meets` judges the median against the target.
    mutating func row(_ scenario: BenchScenario, _ label: String, _ key: String, decimals: Int = 0, unit: String = "", scale: Double = 1,
             target: String = "", meets: ((Double) -> Bool)? = nil) {
        guard var figure = figure(key) else {
            rows.append(BenchRow(scenario: scenario.rawValue, figure: label, value: "—", target: target, met: meets == nil ? nil : false))
            return
        }
        figure.median *= scale
        figure.min *= scale
        figure.max *= scale
        rows.append(BenchRow(scenario: scenario.rawValue, figure: label, value: figure.formatted(decimals: decimals, unit: unit),
                             target: target, met: meets.map { $0(figure.median) }))
    }

    /// Adds a row with a value computed elsewhere.
    mutating func row(_ scenario: BenchScenario, _ label: String, text: String, target: String = "", met: Bool? = nil) {
        rows.append(BenchRow(scenario: scenario.rawValue, figure: label, value: text, target: target, met: met))
    }

    /// The Markdown table.
    func table() -> String {
        var lines = ["| scenario | figure | median (min–max) | target | met |", "|---|---|---|---|---|"]
        for row in rows {
            let verdict = row.met.map { $0 ? "yes" : "**no**" } ?? ""
            lines.append("| \(row.scenario) | \(row.figure) | \(row.value) | \(row.target) | \(verdict) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// The machine the figures were measured on.
enum BenchMachine {
    static func describe() -> String {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "?" } ?? "unknown"
        let memory = ProcessInfo.processInfo.physicalMemory / (1 << 20)
        #if DEBUG
        let build = "debug"
        #else
        let build = "release"
        #endif
        return "\(ProcessInfo.processInfo.activeProcessorCount) cores, \(model), \(BenchFormat.number(Double(memory), decimals: 0)) MiB RAM, "
            + "\(ProcessInfo.processInfo.operatingSystemVersionString), \(build) build, load average \(loadAverage())"
    }

    /// The 1-minute load average from `/proc/loadavg`.
    static func loadAverage() -> String {
        ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?").split(separator: " ").first.map(String.init) ?? "?"
    }
}
