import ExactJSON
import Foundation

/// Field decoding shared by the entity decoders.
enum EntityField {
    /// A GUID field; BC writes "not set" as the all-zero GUID, which decodes to `nil`.
    static func guid(_ value: JSONValue?) -> UUID? {
        guard let id = value?.stringValue.flatMap(UUID.init(uuidString:)) else { return nil }
        return id == UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)) ? nil : id
    }
}
