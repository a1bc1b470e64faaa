import DigitsBenchmarkSupport
import Testing

/// Expects `actual` to match `expected` element-wise within `absolute + relative·|expected|`,
/// reporting the worst element when it does not.
public func expectClose(
    _ actual: [Float], _ expected: [Float], absolute: Float = 1e-6, relative: Float = 1e-5,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(actual.count == expected.count, "counts differ", sourceLocation: sourceLocation)
    guard actual.count == expected.count else { return }
    let mismatch = worstMismatch(actual, expected, absolute: absolute, relative: relative)
    #expect(mismatch == nil, "\(describeMismatch(mismatch))", sourceLocation: sourceLocation)
}
