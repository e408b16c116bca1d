import Synchronization

/// Randomness for jitter, injected so tests can script it.
public protocol RandomSource: Sendable {
    /// A uniformly distributed value in `0..<1`.
    func unit() -> Double
}

/// The production source: SplitMix64 over one atomic counter, seeded once from the system's generator.
///
/// Why not `Double.random(in:)` per draw: `SystemRandomNumberGenerator` opened and read `/dev/urandom` on every call
/// on this platform (a few percent of the relay's CPU at a few thousand events per second, two draws per booking
/// step). Jitter only has to spread retries apart; the seed keeps processes apart.
public struct SystemRandom: RandomSource {
    private static let state = Atomic<UInt64>(UInt64.random(in: .min ... .max))

    /// Creates the source.
    public init() {}

    public func unit() -> Double {
        var z = Self.state.wrappingAdd(0x9E37_79B9_7F4A_7C15, ordering: .relaxed).newValue
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) * 0x1p-53
    }
}
