import BCSimulator
import Foundation
import Testing

@Suite struct PaymentCreateTests {
    @Test func createReturnsBusinessCentralsShape() async throws {
        try await withSimulator { (sim) async throws in
            let body = #"{"id":"00000000-0000-0000-0000-000000000999","customerNumber":" c10000 ","externalDocumentNumber":"evt-1","amount":-12.50,"appliesToInvoiceNumber":"103001","comment":"from relay"}"#
            let reply = try await sim.create(body)
            #expect(reply.status == 201)
            let json = reply.json
            let expectedKeys: Set<String> = ["@odata.context", "@odata.etag", "id", "journalId", "journalDisplayName", "lineNumber",
                                             "customerId", "customerNumber", "postingDate", "documentNumber", "externalDocumentNumber",
                                             "amount", "appliesToInvoiceId", "appliesToInvoiceNumber", "description", "comment",
                                             "lastModifiedDateTime"]
            #expect(Set(json.keys) == expectedKeys)
            #expect((json["@odata.context"] as? String)?.hasSuffix(
                "/api/v2.0/$metadata#companies(\(Seed.company.uuidString.lowercased()))/customerPaymentJournals(\(Seed.journal.uuidString.lowercased()))/customerPayments/$entity") == true)
            #expect((json["@odata.etag"] as? String)?.hasPrefix("W/\"JzQ0O") == true)
            #expect(json["id"] as? String != "00000000-0000-0000-0000-000000000999")
            #expect(json["journalId"] as? String == Seed.journal.uuidString.lowercased())
            #expect(json["journalDisplayName"] as? String == "GENERAL")
            #expect(json["lineNumber"] as? Int == 10000)
            #expect(json["customerId"] as? String == Seed.customer.uuidString.lowercased())
            #expect(json["customerNumber"] as? String == "C10000")
            #expect((json["postingDate"] as? String)?.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil)
            #expect(json["documentNumber"] as? String == "G00001")
            #expect(json["externalDocumentNumber"] as? String == "EVT-1")
            #expect(reply.text.contains(#""amount":-12.5,"#))
            #expect(json["appliesToInvoiceId"] as? String == Seed.invoice.uuidString.lowercased())
            #expect(json["description"] as? String == "Adatum Corporation")
            #expect(json["comment"] as? String == "from relay")
            #expect(reply.header("Location")?.contains("customerPayments(\(json["id"] as! String))") == true)

            let second = try await sim.create(#"{"customerId":"\#(Seed.customer.uuidString)","amount":-1,"description":"mine"}"#)
            #expect(second.json["lineNumber"] as? Int == 20000)
            #expect(second.json["postingDate"] as? String == json["postingDate"] as? String)
            #expect(second.json["description"] as? String == "mine")
            #expect(sim.simulator.lines().count == 2)
        }
    }

    @Test(arguments: [
        (#"{"customerNumber":"C99999","amount":-1}"#, 400, "Application_DialogException", #"The "customerNumber" does not match to a Customer."#),
        (#"{"customerId":"00000000-0000-0000-0000-0000000000aa","amount":-1}"#, 400, "Application_DialogException", #"The "customerId" does not match to a Customer."#),
        (#"{"customerId":"33333333-0000-0000-0000-000000000001","customerNumber":"C20000"}"#, 400, "Application_DialogException", "The customer values do not match to a specific Customer."),
        (#"{"customerNumber":"C30000","amount":-1}"#, 400, "Application_DialogException", "You cannot create this type of document when Customer C30000 is blocked with type All"),
        (#"{"customerNumber":"C10000","appliesToInvoiceId":"44444444-0000-0000-0000-0000000000ff"}"#, 400, "Application_DialogException", #"The "appliesToInvoiceId" should be the ID of an Open, Paid, Corrective, or Canceled Invoice."#),
        (#"{"customerNumber":"C10000","externalDocumentNumber":"123456789012345678901234567890123456"}"#, 400, "Application_StringExceededLength", "The length of the string is 36, but it must be less than or equal to 35 characters. Value: 123456789012345678901234567890123456"),
        (#"{"customerNumber":"C10000","documentNumber":"123456789012345678901"}"#, 400, "Application_StringExceededLength", "The length of the string is 21, but it must be less than or equal to 20 characters."),
        (#"{"customerNumber":"C10000","description":"\#(String(repeating: "d", count: 101))"}"#, 400, "Application_StringExceededLength", "The length of the string is 101, but it must be less than or equal to 100 characters."),
        (#"{"customerNumber":"C10000","comment":"\#(String(repeating: "c", count: 251))"}"#, 400, "Application_StringExceededLength", "less than or equal to 250 characters"),
        (#"{"customerNumber":"C10000","amount":"-1.00"}"#, 400, "BadRequest", "Edm.Decimal"),
        (#"{"customerNumber":"C10000","postingDate":"2024-02-30"}"#, 400, "BadRequest", "Edm.Date"),
        (#"{"customerNumber":"C10000","contactId":"x"}"#, 400, "BadRequest", "The property 'contactId' does not exist"),
        (#"{"customerNumber":"C10000","amount":-1"#, 400, "BadRequest", "Invalid Request Body"),
    ])
    func invalidCreatesAreRefusedLikeBusinessCentral(body: String, status: Int, code: String, message: String) async throws {
        try await withSimulator { (sim) async throws in
            let reply = try await sim.create(body)
            #expect(reply.status == status)
            #expect(reply.errorCode == code)
            #expect(reply.errorMessage?.contains(message) == true, "\(reply.errorMessage ?? reply.text)")
            #expect(reply.errorMessage?.wholeMatch(of: /.+\.  CorrelationId:  [0-9a-f-]{36}\./) != nil)
            #expect(sim.simulator.lines().isEmpty)
        }
    }

    @Test func acceptsWhatBusinessCentralOnlyRefusesAtPosting() async throws {
        try await withSimulator { (sim) async throws in
            let positive = try await sim.create(#"{"customerNumber":"C10000","amount":25}"#)
            #expect(positive.status == 201)
            let unknownInvoice = try await sim.create(#"{"customerNumber":"c20000","amount":-1,"appliesToInvoiceNumber":"nope-1"}"#)
            #expect(unknownInvoice.status == 201)
            #expect(unknownInvoice.json["appliesToInvoiceNumber"] as? String == "NOPE-1")
            #expect(unknownInvoice.json["appliesToInvoiceId"] as? String == "00000000-0000-0000-0000-000000000000")
            let byInvoice = try await sim.create(#"{"appliesToInvoiceId":"\#(Seed.invoice.uuidString)","amount":-3}"#)
            #expect(byInvoice.json["customerNumber"] as? String == "C10000")
            #expect(byInvoice.json["appliesToInvoiceNumber"] as? String == "103001")
            #expect(sim.simulator.postJournal(code: "GENERAL") == .failed(message:
                "Amount must be negative in Gen. Journal Line Journal Template Name='CASHRCPT',Journal Batch Name='GENERAL',Line No.='10000'."))
            #expect(sim.simulator.lines().allSatisfy { !$0.isPosted })
        }
    }

    @Test func amountsAreExactDecimalsRoundedToTwoPlaces() async throws {
        try await withSimulator { (sim) async throws in
            let cases: [(literal: String, stored: String, rendered: String)] = [
                ("-1234567890.12", "-1234567890.12", "-1234567890.12"),
                ("-0.10", "-0.1", "-0.1"),
                ("-0.105", "-0.11", "-0.11"),
                ("-12.344", "-12.34", "-12.34"),
                ("-999999999999.99", "-999999999999.99", "-999999999999.99"),
                ("-1E2", "-100", "-100"),
            ]
            for (literal, stored, rendered) in cases {
                let reply = try await sim.create(#"{"customerNumber":"C10000","amount":\#(literal),"externalDocumentNumber":"\#(literal)"}"#)
                #expect(reply.status == 201)
                #expect(reply.text.contains(#""amount":\#(rendered),"#), "\(reply.text)")
                let line = try #require(sim.simulator.lines().first { $0.externalDocumentNumber == literal.uppercased() })
                #expect(line.amount == Decimal(string: stored)!)
            }
        }
    }

    @Test func explicitLineNumbersAreKeptAndDuplicatesCollide() async throws {
        try await withSimulator { (sim) async throws in
            #expect(try await sim.create(#"{"customerNumber":"C10000","lineNumber":50000}"#).json["lineNumber"] as? Int == 50000)
            #expect(try await sim.create(#"{"customerNumber":"C10000"}"#).json["lineNumber"] as? Int == 60000)
            let duplicate = try await sim.create(#"{"customerNumber":"C10000","lineNumber":50000}"#)
            #expect(duplicate.status == 409)
            #expect(duplicate.errorCode == "Internal_EntityWithSameKeyExists")
        }
    }
}
