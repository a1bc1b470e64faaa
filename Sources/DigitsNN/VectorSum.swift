/// The sum of `count` floats from `start`, with two 16-lane SIMD accumulators.
///
/// A plain `for` loop cannot be vectorised (float addition is not associative, so the compiler keeps
/// the order) and runs at one add per 4-cycle latency; bias gradients sum millions of values a batch.
@inline(__always)
func vectorSum(_ start: UnsafePointer<Float>, count: Int) -> Float {
    var lanes = SIMD16<Float>(), lanes2 = SIMD16<Float>()
    var i = 0
    while i + 32 <= count {
        lanes += UnsafeRawPointer(start + i).loadUnaligned(as: SIMD16<Float>.self)
        lanes2 += UnsafeRawPointer(start + i + 16).loadUnaligned(as: SIMD16<Float>.self)
        i += 32
    }
    var total = (lanes + lanes2).sum()
    while i < count {
        total += start[i]
        i += 1
    }
    return total
}
