import Synchronization

/// Uniform numbers in `[0, 1)` for retry jitter, drawn for every booking step without a system call.
///
/// `Double.random(in:)` uses `SystemRandomNumberGenerator`, which on this platform opened and read `/dev/urandom` on
/// every draw (a few percent of the relay's CPU at a few thousand events per second). Jitter only has to spread
/// retries apart, so a SplitMix64 sequence over one atomic counter, seeded once from the system, is enough.
enum JitterSource {
    private static let state = Atomic<UInt64>(UInt64.random(in: .min ... .max))

    /// The next number in `[0, 1)`; safe from any thread.
    static func next() -> Double {
        var z = state.wrappingAdd(0x9E37_79B9_7F4A_7C15, ordering: .relaxed).newValue
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) * 0x1p-53
    }
}
