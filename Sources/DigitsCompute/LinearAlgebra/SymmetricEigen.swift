import CBLAS

/// Eigen-decomposition of a real symmetric matrix through LAPACK's divide-and-conquer `ssyevd`:
/// `A = V · diag(values) · Vᵀ`. PCA uses it on a covariance matrix.
public struct SymmetricEigen: Sendable, Equatable {
    /// Eigenvalues in ascending order.
    public let values: [Float]
    /// `[n, n]` row-major; column `j` is the unit eigenvector of `values[j]`.
    public let vectors: [Float]
    public let order: Int

    /// Decomposes the `order × order` row-major symmetric `matrix` (only its upper triangle is read).
    /// Throws for a wrong size, a non-finite entry, or when LAPACK reports no convergence.
    public init(symmetric matrix: [Float], order n: Int) throws {
        guard n > 0, matrix.count == n * n else {
            throw ComputeError.invalidDimensions(
                operation: "ssyevd", detail: "order \(n) needs \(max(n, 0) * max(n, 0)) scalars, got \(matrix.count)")
        }
        guard matrix.allSatisfy(\.isFinite) else { throw ComputeError.nonFiniteInput(operation: "ssyevd") }
        var a = matrix
        var w = [Float](repeating: 0, count: n)
        let info = LAPACKE_ssyevd(
            LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "U")),
            Int32(n), &a, Int32(n), &w)
        // info < 0 names an argument we passed wrongly: our bug, not the caller's.
        precondition(info >= 0, "LAPACKE_ssyevd rejected argument \(-info) for order \(n)")
        guard info == 0 else { throw ComputeError.didNotConverge(operation: "ssyevd", info: Int(info)) }
        values = w
        vectors = a
        order = n
    }
}
