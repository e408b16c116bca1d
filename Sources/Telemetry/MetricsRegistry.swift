import Synchronization

/// A set of metric families rendered together in the Prometheus text exposition format (version 0.0.4).
///
/// Registering a name twice returns the existing family, so modules can ask for the metrics they need without
/// coordinating. Asking again with another type, other label names or other buckets is a programmer error.
public final class MetricsRegistry: Sendable {
    private let families = Mutex<[String: any MetricFamily]>([:])
    private let collectHooks = Mutex<[@Sendable () -> Void]>([])

    /// Creates an empty registry.
    public init() {}

    /// The counter family named `name`, created on first use.
    ///
    /// - Precondition: `name` is not registered as another type or with other label names.
    public func counter(_ name: String, help: String, labelNames: [String] = []) -> Counter {
        family(name, labelNames: labelNames) { Counter(name: name, help: help, labelNames: labelNames) }
    }

    /// The gauge family named `name`, created on first use.
    ///
    /// - Precondition: `name` is not registered as another type or with other label names.
    public func gauge(_ name: String, help: String, labelNames: [String] = []) -> Gauge {
        family(name, labelNames: labelNames) { Gauge(name: name, help: help, labelNames: labelNames) }
    }

    /// The histogram family named `name`, created on first use.
    ///
    /// - Parameter buckets: Finite upper bounds, strictly increasing; the `+Inf` bucket is always added.
    /// - Precondition: `name` is not registered as another type, with other label names or other buckets.
    public func histogram(_ name: String, help: String, labelNames: [String] = [],
                          buckets: [Double] = Histogram.defaultSeconds) -> Histogram {
        let histogram = family(name, labelNames: labelNames) {
            Histogram(name: name, help: help, labelNames: labelNames, buckets: buckets)
        }
        let finite = buckets.last == .infinity ? Array(buckets.dropLast()) : buckets
        precondition(histogram.buckets == finite, "histogram '\(name)' is already registered with buckets \(histogram.buckets)")
        return histogram
    }

    /// Registers `hook` to run at the start of every ``render()``, for values sampled at scrape time (such as lag).
    public func collect(before hook: @escaping @Sendable () -> Void) {
        collectHooks.withLock { $0.append(hook) }
    }

    /// Every family as Prometheus text: HELP and TYPE lines, then samples, families sorted by name.
    ///
    /// Runs the ``collect(before:)`` hooks first, outside any lock, so they may update this registry's metrics.
    public func render() -> String {
        for hook in collectHooks.withLock({ $0 }) { hook() }
        let sorted = families.withLock { Array($0.values) }.sorted { $0.name < $1.name }
        var output = ""
        for family in sorted { family.render(into: &output) }
        return output
    }

    private func family<Family: MetricFamily>(_ name: String, labelNames: [String],
                                              make: () -> Family) -> Family {
        families.withLock { families in
            guard let existing = families[name] else {
                let created = make()
                families[name] = created
                return created
            }
            guard let typed = existing as? Family else {
                preconditionFailure("metric '\(name)' is already registered as \(type(of: existing)), not \(Family.self)")
            }
            precondition(typed.labelNames == labelNames,
                         "metric '\(name)' is already registered with label names \(typed.labelNames), not \(labelNames)")
            return typed
        }
    }
}
