import Foundation
import HTTPServer
import Testing
@testable import BCSimulator

/// BC (ASP.NET) reads `+` in a query string as a space; a literal plus travels as `%2B`.
@Suite struct QueryStringTests {
    @Test(arguments: [
        ("journals", "$filter=code+eq+'GENERAL'", ["GENERAL"]),
        ("journals", "$filter=code+eq+'general'&$top=1", ["GENERAL"]),
        ("payments", "$filter=externalDocumentNumber+eq+'A%2BB'", ["A+B"]),
        ("payments", "$filter=externalDocumentNumber+eq+'A+B'", ["A B"]),
        ("payments", "$filter=externalDocumentNumber%20eq%20'A%20B'", ["A B"]),
        ("payments", "%24filter=externalDocumentNumber+eq+'A%2BB'&%24top=1", ["A+B"]),
        ("payments", "$filter=lineNumber+eq+20000+and+externalDocumentNumber+eq+'A+B'", ["A B"]),
        ("payments", "$filter=lineNumber+eq+10000+and+externalDocumentNumber+eq+'A+B'", []),
    ])
    func plusInTheQueryIsASpace(resource: String, query: String, expected: [String]) async throws {
        try await withSimulator { (sim) async throws in
            for key in ["A+B", "A B"] {
                #expect(try await sim.create(#"{"customerNumber":"C10000","amount":-1,"externalDocumentNumber":"\#(key)"}"#).status == 201)
            }
            let path = resource == "journals"
                ? "companies(\(Seed.company.uuidString.lowercased()))/customerPaymentJournals"
                : sim.journalPath
            let reply = try await sim.call("GET", path + "?" + query)
            #expect(reply.status == 200, "\(reply.text)")
            let field = resource == "journals" ? "code" : "externalDocumentNumber"
            #expect(reply.values.map { $0[field] as? String } == expected)
        }
    }

    @Test(arguments: [
        ("a", "1 2"), ("b", "1+2"), ("c", ""), ("$d", " x"), ("e", "it's"), ("missing", nil),
    ] as [(String, String?)])
    func rawQueryValuesAreDecodedLikeAForm(name: String, expected: String?) throws {
        let request = try HTTPRequest(method: "GET", target: "/x?a=1+2&b=1%2B2&c&%24d=+x&e=it%27s")
        #expect(request.odataQueryValue(name) == expected)
    }

    @Test func anInProcessRequestWithoutARawQueryFallsBackToItsItems() {
        let request = HTTPRequest(method: "GET", target: "/x", path: "/x", queryItems: [(name: "$top", value: "1+2")])
        #expect(request.odataQueryValue("$top") == "1+2")
        #expect(request.odataQueryValue("$skip") == nil)
    }
}
