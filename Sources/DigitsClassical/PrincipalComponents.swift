import DigitsCompute

/// Principal component analysis: the mean `μ` of the rows of `X` (`[samples, d]`), the covariance
/// `(X − μ)ᵀ(X − μ) / (n − 1)` as one GEMM on the backend, and its leading eigenvectors from LAPACK's
/// `ssyevd`. `transform` projects rows onto them: `(x − μ)·Vₖ`. Each component's sign is fixed so that
/// its largest-magnitude entry is positive, so results do not depend on the eigensolver's choice.
public struct PrincipalComponents: Sendable, Equatable {
    public let mean: [Float]
    /// `[k, d]` row-major: one unit component per row, by decreasing variance.
    public let components: [Float]
    /// The variance along each component (the covariance's eigenvalues), decreasing.
    public let variances: [Float]
    /// The total variance of the data (the covariance's trace): `variances` sum to at most this.
    public let totalVariance: Float

    /// The share of the data's variance the components keep.
    public var keptVariance: Float { totalVariance > 0 ? variances.reduce(0, +) / totalVariance : 1 }

    /// Components as a model file stored them (`components` is `[variances.count, mean.count]`).
    public init(mean: [Float], components: [Float], variances: [Float], totalVariance: Float) {
        precondition(
            components.count == variances.count * mean.count, "\(components.count) ≠ \(variances.count) × \(mean.count)"
        )
        self.mean = mean
        self.components = components
        self.variances = variances
        self.totalVariance = totalVariance
    }

    public var dimension: Int { mean.count }
    public var count: Int { variances.count }

    public static func fit(_ x: Tensor, components k: Int, backend: any ComputeBackend) throws -> PrincipalComponents {
        guard x.rank == 2, x.shape[0] >= 2 else {
            throw ClassicalError.invalidSetting(
                "PCA needs at least two samples as a [samples, features] matrix (got \(x.shape))")
        }
        let (n, d) = (x.shape[0], x.shape[1])
        guard (1...d).contains(k) else {
            throw ClassicalError.invalidSetting("PCA components must be in 1…\(d) (got \(k))")
        }
        var mean = [Float](repeating: 0, count: d)
        for i in 0..<n {
            for j in 0..<d { mean[j] += x.scalars[i * d + j] }
        }
        mean = mean.map { $0 / Float(n) }
        let centred = Tensor(shape: [n, d], scalars: x.scalars.enumerated().map { $0.element - mean[$0.offset % d] })
        var covariance = try backend.matmul(centred, centred, transposeA: true)
        for i in covariance.scalars.indices { covariance.scalars[i] /= Float(n - 1) }
        let eigen = try SymmetricEigen(symmetric: covariance.scalars, order: d)
        var components = [Float]()
        for column in (0..<d).reversed().prefix(k) {
            var vector = (0..<d).map { eigen.vectors[$0 * d + column] }
            if let largest = vector.max(by: { abs($0) < abs($1) }), largest < 0 { vector = vector.map { -$0 } }
            components += vector
        }
        return PrincipalComponents(
            mean: mean, components: components,
            variances: Array(eigen.values.reversed().prefix(k)).map { max($0, 0) },
            totalVariance: (0..<d).reduce(0) { $0 + covariance.scalars[$1 * d + $1] })
    }

    /// `(x − μ)·Vₖᵀ` for every row: `[samples, k]`.
    public func transform(_ x: Tensor, backend: any ComputeBackend) throws -> Tensor {
        guard x.rank == 2, x.shape[1] == dimension else {
            throw ClassicalError.shapeMismatch("PCA was fitted on \(dimension) features, got \(x.shape)")
        }
        let centred = Tensor(
            shape: x.shape, scalars: x.scalars.enumerated().map { $0.element - mean[$0.offset % dimension] })
        return try backend.matmul(centred, Tensor(shape: [count, dimension], scalars: components), transposeB: true)
    }
}
