import Testing
@testable import BCSimulator
