/// Σ x[i]·y[i] over two contiguous vectors, with two 16-lane accumulators (a plain loop is not
/// vectorised: float addition is not associative, so the compiler keeps the order).
@inline(__always)
public func dotProduct(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int) -> Float {
    var lanes = SIMD16<Float>()
    var lanes2 = SIMD16<Float>()
    var i = 0
    while i + 32 <= count {
        let (rx, ry) = (UnsafeRawPointer(x + i), UnsafeRawPointer(y + i))
        lanes += rx.loadUnaligned(as: SIMD16<Float>.self) * ry.loadUnaligned(as: SIMD16<Float>.self)
        lanes2 += (rx + 64).loadUnaligned(as: SIMD16<Float>.self) * (ry + 64).loadUnaligned(as: SIMD16<Float>.self)
        i += 32
    }
    var total = (lanes + lanes2).sum()
    while i < count {
        total += x[i] * y[i]
        i += 1
    }
    return total
}

/// y ← y + a·x over contiguous vectors (vectorised by the compiler: no reduction).
@inline(__always)
public func addScaled(_ a: Float, _ x: UnsafePointer<Float>, to y: UnsafeMutablePointer<Float>, count: Int) {
    for i in 0..<count { y[i] += a * x[i] }
}

/// The sum of `count` floats from `start`, with two 16-lane SIMD accumulators.
///
/// A plain `for` loop cannot be vectorised (float addition is not associative, so the compiler keeps
/// the order) and runs at one add per 4-cycle latency; bias gradients sum millions of values a batch.
@inline(__always)
public func vectorSum(_ start: UnsafePointer<Float>, count: Int) -> Float {
    var lanes = SIMD16<Float>()
    var lanes2 = SIMD16<Float>()
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
