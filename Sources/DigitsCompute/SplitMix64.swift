import Foundation

/// SplitMix64 (Steele, Lea & Flood, 2014): a small, fast, seedable generator.
///
/// Every random choice in Digits (initialisation, shuffling, dropout, augmentation, bootstrap
/// samples) draws from one of these, created from the `--seed` the user gave, so runs reproduce.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    @usableFromInline var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// An independent generator for stream `index` (one per tree, per thread, …), so that work split
    /// across threads gives the same numbers whatever the thread count.
    public func split(index: UInt64) -> SplitMix64 {
        var mixer = SplitMix64(seed: state ^ (index &* 0xD1B5_4A32_D192_ED03))
        return SplitMix64(seed: mixer.next())
    }

    /// A standard normal draw (Box–Muller).
    public mutating func standardNormal() -> Double {
        let u = Double.random(in: Double.leastNonzeroMagnitude..<1, using: &self)
        let v = Double.random(in: 0..<1, using: &self)
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }
}
