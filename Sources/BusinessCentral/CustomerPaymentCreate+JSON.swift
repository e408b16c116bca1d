import Foundation
import Telemetry
import ExactJSON

extension CustomerPaymentCreate {
    /// The create body, written by hand so `amount` is the exact decimal literal (never routed through `Double`);
    /// `nil` fields are omitted.
    public func jsonBody() -> String {
        var members: [(String, String)] = []
        func add(_ name: String, _ value: String?) {
            if let value { members.append((name, JSONWriter.quoted(value))) }
        }
        if let lineNumber { members.append(("lineNumber", String(lineNumber))) }
        add("customerNumber", customerNumber)
        add("customerId", customerId.map(ODataPath.key))
        add("postingDate", postingDate)
        add("documentNumber", documentNumber)
        add("externalDocumentNumber", externalDocumentNumber)
        members.append(("amount", DecimalLiteral.json(amount)))
        add("appliesToInvoiceNumber", appliesToInvoiceNumber)
        add("appliesToInvoiceId", appliesToInvoiceId.map(ODataPath.key))
        add("description", description)
        add("comment", comment)
        return "{" + members.map { JSONWriter.quoted($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }
}

/// Exact conversions between `Decimal` and JSON number literals.
enum DecimalLiteral {
    /// `-1500` → `-1500.00`, `-0.1` → `-0.10`: plain notation, at least two fraction digits (BC's amount
    /// precision), never more digits than the value has.
    static func json(_ value: Decimal) -> String {
        var text = value.description
        if text == "NaN" { return "0.00" }
        let fraction = text.firstIndex(of: ".").map { text.distance(from: $0, to: text.endIndex) - 1 }
        switch fraction {
        case nil: text += ".00"
        case 1?: text += "0"
        default: break
        }
        return text
    }

    /// Parses a JSON number literal exactly; `nil` for anything that is not a complete number.
    static func decimal(_ literal: String) -> Decimal? {
        // Decimal(string:) accepts a valid prefix ("12abc" → 12), so the JSON grammar was checked by the parser.
        Decimal(string: literal, locale: Locale(identifier: "en_US_POSIX"))
    }
}
