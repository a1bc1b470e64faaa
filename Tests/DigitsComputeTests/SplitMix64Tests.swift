import DigitsCompute
import Testing

@Suite struct SplitMix64Tests {
    @Test func firstOutputsMatchTheReferenceImplementation() {
        // Reference values of SplitMix64 seeded with 0 (Vigna's splitmix64.c; also Java's SplittableRandom).
        var rng = SplitMix64(seed: 0)
        #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
        #expect(rng.next() == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test func sameSeedSameStreamAndSplitsDiffer() {
        var a = SplitMix64(seed: 42)
        var b = SplitMix64(seed: 42)
        #expect((0..<5).map { _ in a.next() } == (0..<5).map { _ in b.next() })
        var s0 = a.split(index: 0)
        var s1 = a.split(index: 1)
        #expect(s0.next() != s1.next())
    }
}
