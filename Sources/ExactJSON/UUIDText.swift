import Foundation

/// GUIDs as lower-case text, the way Business Central writes them in JSON.
public enum UUIDText {
    private static let digits = Array("0123456789abcdef".utf8)

    /// `uuid` as `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` in lower case.
    ///
    /// Hex digits by hand: `uuidString` formats through `sprintf` and `lowercased()` copies it again; an outcome, a
    /// ledger entry and a log line each carry the payment's id.
    public static func lowercased(_ uuid: UUID) -> String {
        withUnsafeBytes(of: uuid.uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { buffer in
                var out = 0
                for (index, byte) in bytes.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        buffer[out] = UInt8(ascii: "-")
                        out += 1
                    }
                    buffer[out] = digits[Int(byte >> 4)]
                    buffer[out + 1] = digits[Int(byte & 0x0f)]
                    out += 2
                }
                return out
            }
        }
    }
}
