import Testing
@testable import RelayCLI
