import Testing
@testable import BusinessCentral
