/// The member names already read in one object, so a duplicate is refused as it is parsed.
///
/// Why refuse: with duplicates, readers disagree (first wins, last wins, error), so `{"amount":"1","amount":"1000"}`
/// could mean 1 to one system and 1000 to another. RFC 8259 §4 says names SHOULD be unique; Business Central and
/// the relay's producers never repeat one.
///
/// Names are compared code unit by code unit as RFC 8259 §8.3 says, not by Swift's canonical equivalence (which
/// would make `"\u212A"`, the Kelvin sign, equal to `"K"`).
struct MemberNameSet {
    /// Objects this small are searched linearly: no hashing and no allocation for the common case.
    private static let linearLimit = 16

    private var names: [String] = []
    private var hashed: Set<[UInt8]> = []

    /// Adds `name`; `false` when the object already has a member with exactly this name.
    mutating func insert(_ name: String) -> Bool {
        if names.count < Self.linearLimit {
            if names.contains(where: { $0.utf8.elementsEqual(name.utf8) }) { return false }
            names.append(name)
            if names.count == Self.linearLimit { hashed = Set(names.map { Array($0.utf8) }) }
            return true
        }
        return hashed.insert(Array(name.utf8)).inserted
    }
}
