import HTTPServer

/// The OData system query options the simulator honours: `$filter`, `$top`, `$skip` (others are ignored).
struct QueryOptions {
    var filter: ODataFilter?
    var top: Int?
    var skip = 0

    init(_ request: HTTPRequest) throws(SimulatorFailure) {
        if let text = request.odataQueryValue("$filter") {
            do {
                filter = try ODataFilter(text)
            } catch {
                throw SimulatorFailure(ODataError.badRequest(error.message))
            }
        }
        if let text = request.odataQueryValue("$top") {
            guard let value = Int(text), value >= 0 else {
                throw SimulatorFailure(ODataError.badRequest("Invalid value '\(text)' for $top query option found"))
            }
            top = value
        }
        if let text = request.odataQueryValue("$skip") {
            guard let value = Int(text), value >= 0 else {
                throw SimulatorFailure(ODataError.badRequest("Invalid value '\(text)' for $skip query option found"))
            }
            skip = value
        }
    }

    /// Whether an entity with `fields` satisfies the filter.
    /// - Throws: BC's 400 for an unknown property or incompatible literal.
    func matches(_ fields: [String: FieldValue], entity: String) throws(SimulatorFailure) -> Bool {
        guard let filter else { return true }
        for clause in filter.clauses {
            guard let value = fields[clause.field] else {
                throw SimulatorFailure(ODataError.badRequest(
                    "Could not find a property named '\(clause.field)' on type 'Microsoft.NAV.\(entity)'"))
            }
            guard let equal = value.equals(clause.literal) else {
                throw SimulatorFailure(ODataError.badRequest(
                    "A binary operator with incompatible types was detected for property '\(clause.field)'"))
            }
            if equal == clause.negated { return false }
        }
        return true
    }

    /// Applies `$skip` and `$top`.
    func page<T>(_ items: [T]) -> [T] {
        let skipped = items.dropFirst(skip)
        return Array(top.map { skipped.prefix($0) } ?? skipped)
    }
}
