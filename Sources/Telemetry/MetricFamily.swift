/// What the registry needs from every metric family: identity for duplicate checks, and rendering.
protocol MetricFamily: AnyObject, Sendable {
    /// The family name, such as `relay_records_total`.
    var name: String { get }
    /// The label names, in the order label values are passed.
    var labelNames: [String] { get }
    /// Appends the family's HELP, TYPE and sample lines.
    func render(into output: inout String)
}
