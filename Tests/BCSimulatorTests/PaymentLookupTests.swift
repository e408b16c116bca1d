import BCSimulator
import Foundation
import Testing

@Suite struct PaymentLookupTests {
    private func filter(_ text: String) -> String { "?$filter=" + encoded(text) }

    @Test func nestedLookupByExternalDocumentNumberWithTop() async throws {
        try await withSimulator { (sim) async throws in
            for key in ["K-1", "K-2", "K-1", "O'NEIL-1"] {
                #expect(try await sim.create(#"{"customerNumber":"C10000","amount":-1,"externalDocumentNumber":"\#(key)"}"#).status == 201)
            }
            let two = try await sim.call("GET", sim.journalPath + filter("externalDocumentNumber eq 'K-1'") + "&$top=2",
                                         headers: ["Data-Access-Intent": "ReadWrite"])
            #expect(two.status == 200)
            #expect(two.values.map { $0["lineNumber"] as? Int } == [10000, 30000])
            let one = try await sim.call("GET", sim.journalPath + filter("externalDocumentNumber eq 'k-1'") + "&$top=1")
            #expect(one.values.count == 1)
            let quoted = try await sim.call("GET", sim.journalPath + filter("externalDocumentNumber eq 'O''NEIL-1'"))
            #expect(quoted.values.map { $0["externalDocumentNumber"] as? String } == ["O'NEIL-1"])
            let all = try await sim.call("GET", sim.journalPath)
            #expect(all.values.count == 4)
            let byId = try await sim.call("GET", sim.journalPath + "(\(all.values[1]["id"] as! String))")
            #expect(byId.json["lineNumber"] as? Int == 20000)
        }
    }

    @Test func lookupByLineNumberFindsTheLineInASlot() async throws {
        try await withSimulator { (sim) async throws in
            for (key, number) in [("SLOT-A", 1_234_567_890), ("SLOT-B", 2_000_000_000)] {
                #expect(try await sim.create(#"{"customerNumber":"C10000","amount":-1,"externalDocumentNumber":"\#(key)","lineNumber":\#(number)}"#).status == 201)
            }
            #expect(try await sim.create(#"{"customerNumber":"C10000","amount":-1,"externalDocumentNumber":"NEXT"}"#)
                .json["lineNumber"] as? Int == 2_000_010_000)
            let journal = Seed.journal.uuidString.lowercased()
            let cases: [(path: String, filter: String, expected: [String])] = [
                (sim.journalPath, "lineNumber eq 1234567890", ["SLOT-A"]),
                (sim.journalPath, "lineNumber eq 2000000000", ["SLOT-B"]),
                (sim.journalPath, "lineNumber eq 10000", []),
                (sim.journalPath, "lineNumber eq 1234567890 and externalDocumentNumber eq 'SLOT-A'", ["SLOT-A"]),
                (sim.journalPath, "lineNumber eq 1234567890 and externalDocumentNumber eq 'SLOT-B'", []),
                (sim.journalPath, "lineNumber ne 1234567890", ["SLOT-B", "NEXT"]),
                (sim.flatPath, "journalId eq \(journal) and lineNumber eq 1234567890", ["SLOT-A"]),
            ]
            for (path, text, expected) in cases {
                let reply = try await sim.call("GET", path + filter(text) + "&$top=5", headers: ["Data-Access-Intent": "ReadWrite"])
                #expect(reply.status == 200)
                #expect(reply.values.map { $0["externalDocumentNumber"] as? String } == expected, "\(text)")
            }
            let malformed = try await sim.call("GET", sim.journalPath + filter("lineNumber eq 'x'"))
            #expect(malformed.status == 400)

            // Posted lines leave the journal, and their slots with them.
            #expect(sim.simulator.postJournal(code: "GENERAL") == .posted(count: 3))
            let posted = try await sim.call("GET", sim.journalPath + filter("lineNumber eq 1234567890") + "&$top=1",
                                            headers: ["Data-Access-Intent": "ReadWrite"])
            #expect(posted.status == 200 && posted.values.isEmpty)
        }
    }

    @Test func flatEndpointsNeedAJournal() async throws {
        try await withSimulator { (sim) async throws in
            let missing = try await sim.create(#"{"customerNumber":"C10000","amount":-1}"#, path: sim.flatPath)
            #expect(missing.status == 400)
            #expect(missing.errorCode == "Application_DialogException")
            #expect(missing.errorMessage?.hasPrefix("You must specify a journal batch ID or a journal ID to get a journal line.") == true)

            let journal = Seed.journal.uuidString.lowercased()
            let created = try await sim.create(#"{"journalId":"\#(journal)","customerNumber":"C10000","amount":-1,"externalDocumentNumber":"FLAT-1"}"#,
                                               path: sim.flatPath)
            #expect(created.status == 201)
            #expect((created.json["@odata.context"] as? String)?.hasSuffix("/customerPayments/$entity") == true)
            #expect(created.json["journalDisplayName"] as? String == "GENERAL")

            let unfiltered = try await sim.call("GET", sim.flatPath)
            #expect(unfiltered.status == 400)
            #expect(unfiltered.errorMessage?.hasPrefix("You must specify a journal batch ID or a journal ID to get a journal line.") == true)
            let keyOnly = try await sim.call("GET", sim.flatPath + filter("externalDocumentNumber eq 'FLAT-1'"))
            #expect(keyOnly.status == 400)

            let found = try await sim.call("GET", sim.flatPath + filter("journalId eq \(journal) and externalDocumentNumber eq 'FLAT-1'"))
            #expect(found.values.map { $0["externalDocumentNumber"] as? String } == ["FLAT-1"])
            let byId = try await sim.call("GET", sim.flatPath + "(\(created.json["id"] as! String))")
            #expect(byId.status == 200)

            let mismatch = try await sim.create(#"{"journalId":"\#(UUID().uuidString)","customerNumber":"C10000"}"#)
            #expect(mismatch.errorMessage?.hasPrefix("The Journal Id and Journal Display Name do not match.") == true)
        }
    }

    @Test func everyAPIRootPrefixIsAccepted() async throws {
        try await withSimulator { (sim) async throws in
            for root in ["/v2.0/t1/sandbox/api/v2.0", "/t1/sandbox/api/v2.0", "/api/v2.0", "/v2.0/sandbox/api/v2.0"] {
                #expect(try await sim.call("GET", root + "/companies").status == 200, "\(root)")
            }
            #expect(try await sim.call("GET", "/elsewhere").status == 404)
            #expect(try await sim.call("GET", "companies(\(Seed.company))/salesInvoices").status == 404)
            #expect(try await sim.call("PATCH", sim.journalPath + "(\(UUID()))", body: "{}").status == 405)
        }
    }

    @Test func readReplicaLagHidesNewLinesUnlessReadWriteIntent() async throws {
        try await withSimulator({ $0.readReplicaLag = .milliseconds(400) }) { (sim) async throws in
            #expect(try await sim.create(#"{"customerNumber":"C10000","amount":-1,"externalDocumentNumber":"LAG-1"}"#).status == 201)
            let query = sim.journalPath + filter("externalDocumentNumber eq 'LAG-1'")
            #expect(try await sim.call("GET", query).values.isEmpty)
            #expect(try await sim.call("GET", query, headers: ["Data-Access-Intent": "ReadWrite"]).values.count == 1)
            #expect(try await eventually { try await sim.call("GET", query).values.count == 1 })
        }
    }

    @Test func postedLinesLeaveTheJournalButStayInspectable() async throws {
        try await withSimulator { (sim) async throws in
            #expect(try await sim.create(#"{"customerNumber":"C10000","amount":-5,"externalDocumentNumber":"P-1"}"#).status == 201)
            let posted = try await sim.call("POST", "/_simulator/journals/general/post")
            #expect(posted.status == 200 && posted.json["posted"] as? Int == 1)
            let lookup = try await sim.call("GET", sim.journalPath + filter("externalDocumentNumber eq 'P-1'"),
                                            headers: ["Data-Access-Intent": "ReadWrite"])
            #expect(lookup.status == 200 && lookup.values.isEmpty)
            let next = try await sim.create(#"{"customerNumber":"C10000","amount":-5,"externalDocumentNumber":"P-2"}"#)
            #expect(next.json["lineNumber"] as? Int == 10000)
            #expect(next.json["documentNumber"] as? String == "G00002")

            let inspected = try await sim.call("GET", "/_simulator/lines")
            let lines = try #require(try JSONSerialization.jsonObject(with: Data(inspected.text.utf8)) as? [[String: Any]])
            #expect(lines.map { $0["externalDocumentNumber"] as? String } == ["P-1", "P-2"])
            #expect(lines.map { $0["posted"] as? Bool } == [true, false])
            #expect(inspected.text.contains(#""amount":-5"#))
            #expect(sim.simulator.lines().map(\.isPosted) == [true, false])
            #expect(try await sim.call("POST", "/_simulator/journals/NOPE/post").status == 404)
            let stats = try await sim.call("GET", "/_simulator/stats")
            #expect(stats.json["linesCreated"] as? Int == 2)
            #expect((stats.json["responsesByStatus"] as? [String: Int])?["201"] == 2)
        }
    }
}
