/// Randomness for jitter, injected so tests can script it.
public protocol RandomSource: Sendable {
    /// A uniformly distributed value in `0..<1`.
    func unit() -> Double
}

/// The system's random number generator.
public struct SystemRandom: RandomSource {
    /// Creates the source.
    public init() {}
    public func unit() -> Double { Double.random(in: 0..<1) }
}
