import DigitsCompute
import Testing

@testable import DigitsNN

/// The vectorised 2 × 2 pooling against the plain window loop, its naive twin.
@Suite struct MaxPool2DTests {
    /// Values from only three levels, so most windows hold ties and the first maximum must win, at
    /// the paper's sizes (conv2's 24 × 24) and at odd ones that leave 4-wide, scalar and dropped
    /// columns and a dropped row.
    @Test(arguments: [(24, 24), (26, 26), (7, 9), (5, 17), (2, 2), (3, 35), (4, 30)])
    func vectorPoolingMatchesTheWindowLoop(height: Int, width: Int) {
        var rng = SplitMix64(seed: UInt64(height * 100 + width))
        let plane = (0..<(height * width)).map { _ in Float(rng.next() % 3) - 1 }
        let (outHeight, outWidth) = (height / 2, width / 2)
        var (fast, naive) = (
            [Float](repeating: .nan, count: outHeight * outWidth),
            [Float](repeating: .nan, count: outHeight * outWidth)
        )
        var (fastWinners, naiveWinners) = (
            [Int32](repeating: -1, count: outHeight * outWidth),
            [Int32](repeating: -1, count: outHeight * outWidth)
        )
        plane.withUnsafeBufferPointer { source in
            MaxPool2D.pool2x2(
                source.baseAddress!, width: width, into: &fast, winners: &fastWinners, outHeight: outHeight)
            MaxPool2D.pool(
                source.baseAddress!, size: 2, width: width, into: &naive, winners: &naiveWinners,
                outHeight: outHeight, outWidth: outWidth)
        }
        #expect(fast == naive)
        #expect(fastWinners == naiveWinners)
        #expect(naiveWinners.allSatisfy { $0 >= 0 })
    }
}
