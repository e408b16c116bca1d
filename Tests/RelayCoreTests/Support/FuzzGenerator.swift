/// SplitMix64 plus the pickers the fuzz tests use: the same seed always gives the same inputs, so a failure
/// reported with its seed and case number can be replayed exactly.
struct FuzzGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }

    mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &self) < probability }

    mutating func pick<T>(_ choices: [T]) -> T { choices[int(0...(choices.count - 1))] }

    /// `input` with a few random byte edits: replace, insert, delete, or repeat a slice.
    mutating func mutate(_ input: [UInt8], edits: Int) -> [UInt8] {
        var bytes = input
        for _ in 0..<edits {
            let position = bytes.isEmpty ? 0 : int(0...(bytes.count - 1))
            switch int(0...3) {
            case 0 where !bytes.isEmpty: bytes[position] = UInt8.random(in: 0...255, using: &self)
            case 1: bytes.insert(pick(Self.interestingBytes), at: position)
            case 2 where !bytes.isEmpty: bytes.remove(at: position)
            default:
                guard !bytes.isEmpty else { continue }
                let end = min(bytes.count, position + int(1...16))
                bytes.insert(contentsOf: bytes[position..<end], at: position)
            }
        }
        return bytes
    }

    /// Bytes that sit on syntax boundaries: quotes, escapes, separators, line ends, UTF-8 lead and continuation bytes.
    static let interestingBytes: [UInt8] = Array("\"\\{}[]:,.-+eE0123456789 \r\n\tutfnl/".utf8) + [0, 0x7F, 0x80, 0xBF, 0xC0, 0xC3, 0xE2, 0xED, 0xF0, 0xF4, 0xFF]
}
