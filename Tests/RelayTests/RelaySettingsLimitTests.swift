import BusinessCentral
@testable import Relay
import Testing

/// The journal's Code[10] and Text[100] are counted as BC counts them: Unicode scalars, not grapheme clusters.
@Suite struct RelaySettingsLimitTests {
    @Test(arguments: [("BC_JOURNAL_CODE", String(repeating: "A\u{0301}", count: 6)),
                      ("BC_JOURNAL_NAME", String(repeating: "e\u{0301}", count: 51))])
    func journalLimitsCountScalars(setting: String, value: String) {
        #expect(value.count <= 51, "within the limit as grapheme clusters")
        #expect {
            try RelaySettings.load(from: RelaySettingsTests.environment(RelaySettingsTests.online, [setting: value]))
        } throws: { ($0 as? ConfigurationError)?.setting == setting }
    }

    @Test func activeBookingsDefaultAndBounds() throws {
        let defaults = try RelaySettings.load(from: RelaySettingsTests.environment(RelaySettingsTests.online, [:]))
        #expect(defaults.maxActiveBookings == 256)
        let set = try RelaySettings.load(from: RelaySettingsTests.environment(RelaySettingsTests.online, ["RELAY_MAX_ACTIVE_BOOKINGS": "32"]))
        #expect(set.maxActiveBookings == 32)
        for bad in ["0", "-1", "many"] {
            #expect {
                try RelaySettings.load(from: RelaySettingsTests.environment(RelaySettingsTests.online, ["RELAY_MAX_ACTIVE_BOOKINGS": bad]))
            } throws: { ($0 as? ConfigurationError)?.setting == "RELAY_MAX_ACTIVE_BOOKINGS" }
        }
    }
}
