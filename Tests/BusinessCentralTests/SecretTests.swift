import BusinessCentral
import Foundation
import Testing

@Suite struct SecretTests {
    @Test func everyRenderingIsRedacted() {
        let secret = Secret("hunter2")
        #expect(secret.description == "<redacted>")
        #expect(secret.debugDescription == "<redacted>")
        #expect("\(secret)" == "<redacted>")
        #expect(String(reflecting: secret) == "<redacted>")
        var dumped = ""
        dump(secret, to: &dumped)
        #expect(!dumped.contains("hunter2"))
        #expect(secret.reveal() == "hunter2")
    }

    @Test func fromFileTrimsTrailingNewlines() throws {
        let path = try temporaryFile(contents: "s3cr3t value\r\n\n")
        #expect(try Secret.fromFile(path).reveal() == "s3cr3t value")
        let plain = try temporaryFile(contents: " keeps inner and leading spaces ")
        #expect(try Secret.fromFile(plain).reveal() == " keeps inner and leading spaces ")
    }

    @Test func missingFileErrorNamesTheFile() {
        let path = "/nonexistent-\(UUID().uuidString)/client-secret"
        do {
            _ = try Secret.fromFile(path)
            Issue.record("expected an error")
        } catch let error as ConfigurationError {
            #expect(error.description.contains(path))
            #expect(error.setting == "BC_CLIENT_SECRET_FILE")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func emptyFileIsRefusedWithoutLeakingContent() throws {
        let path = try temporaryFile(contents: "\n")
        #expect(throws: ConfigurationError.self) { try Secret.fromFile(path) }
    }

    private func temporaryFile(contents: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("secret-\(UUID().uuidString)").path
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}
