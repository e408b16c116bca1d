import BusinessCentral
import Relay
import RelayCore

extension CheckCommand {
    /// Token (or Basic credentials), company and journal; the journal is created only with `createJournal`.
    static func checkBusinessCentral(_ settings: RelaySettings, createJournal: Bool, into report: inout CheckReport) async {
        let client: BusinessCentralClient
        do {
            client = try BusinessCentralClient(configuration: settings.businessCentral,
                                               transport: URLSessionTransport(maximumConnectionsPerHost: 2), logger: .disabled)
        } catch {
            report.append(CheckResult("bc client", .fail, "\(error)"))
            return
        }
        // Basic (on-premises) has no token: the check is one authenticated GET.
        let isBasic = settings.businessCentral.authentication.isBasic
        let what = isBasic ? "bc credentials" : "bc token"
        do {
            try await client.checkToken()
            report.append(CheckResult(what, .pass, isBasic ? "accepted by \(settings.businessCentral.apiBaseURL.host ?? "BC")"
                                                           : "obtained from \(settings.businessCentral.tokenURL.host ?? "token endpoint")"))
        } catch {
            report.append(CheckResult(what, .fail, "\(error)"))
            return
        }
        do {
            let company = try await client.company(id: settings.companyId)
            report.append(CheckResult("bc company", .pass, "\(company.name)"))
        } catch {
            report.append(CheckResult("bc company", .fail, "\(error)"))
        }
        report.append(await journal(client, settings, create: createJournal))
    }

    private static func journal(_ client: BusinessCentralClient, _ settings: RelaySettings, create: Bool) async -> CheckResult {
        do {
            if create {
                let journal = try await client.journal(code: settings.journalCode, displayName: settings.journalDisplayName,
                                                       companyId: settings.companyId)
                return CheckResult("bc journal", .pass, "\(journal.code) (\(journal.id.uuidString.lowercased())); created when missing")
            }
            guard let journal = try await client.existingJournal(code: settings.journalCode, companyId: settings.companyId) else {
                return CheckResult("bc journal", .warn, "\(settings.journalCode) does not exist; the worker creates it at its first booking "
                                   + "(or run check --create-journal)")
            }
            return CheckResult("bc journal", .pass, "\(journal.code) (\(journal.id.uuidString.lowercased()))")
        } catch {
            return CheckResult("bc journal", .fail, "\(error)")
        }
    }
}
