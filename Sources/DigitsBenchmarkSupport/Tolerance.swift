/// The element that most exceeds the tolerance `absolute + relative·|expected|`, or nil when all
/// are within it (NaN counts as exceeding). Tolerances come from magnitudes; `relative ≪ 1`.
public func worstMismatch(
    _ actual: [Float], _ expected: [Float], absolute: Float, relative: Float
) -> (index: Int, actual: Float, expected: Float)? {
    precondition(actual.count == expected.count, "comparing \(actual.count) scalars with \(expected.count)")
    var worst: (index: Int, excess: Float)? = nil
    for (i, (a, e)) in zip(actual, expected).enumerated() {
        let excess = abs(a - e) - (absolute + relative * abs(e))
        if excess.isNaN || a.isNaN != e.isNaN {
            if worst == nil || !(worst!.excess.isInfinite) { worst = (i, .infinity) }
        } else if excess > (worst?.excess ?? 0) {
            worst = (i, excess)
        }
    }
    return worst.map { ($0.index, actual[$0.index], expected[$0.index]) }
}

/// A readable verdict for test messages and benchmark checks.
public func describeMismatch(_ mismatch: (index: Int, actual: Float, expected: Float)?) -> String {
    guard let mismatch else { return "all within tolerance" }
    return "worst element \(mismatch.index): \(mismatch.actual) vs expected \(mismatch.expected)"
}
