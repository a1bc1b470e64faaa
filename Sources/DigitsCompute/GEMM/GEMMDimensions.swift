/// The shape of one single-precision matrix product `C ← α·op(A)·op(B) + β·C` on row-major buffers.
///
/// - `op(A)` is `m × k`: `A` is stored `m × k` (leading dimension `lda ≥ k`), or `k × m`
///   (`lda ≥ m`) when `transposeA` is set.
/// - `op(B)` is `k × n`: `B` is stored `k × n` (`ldb ≥ n`), or `n × k` (`ldb ≥ k`) when `transposeB`.
/// - `C` is `m × n` with `ldc ≥ n`.
///
/// These are exactly the arguments of `cblas_sgemm(CblasRowMajor, …)`.
public struct GEMMDimensions: Sendable, Equatable, CustomStringConvertible {
    public var transposeA: Bool
    public var transposeB: Bool
    public var m: Int
    public var n: Int
    public var k: Int
    public var lda: Int
    public var ldb: Int
    public var ldc: Int

    /// Leading dimensions default to the tightly packed ones.
    public init(
        transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int,
        lda: Int? = nil, ldb: Int? = nil, ldc: Int? = nil
    ) {
        self.transposeA = transposeA
        self.transposeB = transposeB
        self.m = m
        self.n = n
        self.k = k
        self.lda = lda ?? max(1, transposeA ? m : k)
        self.ldb = ldb ?? max(1, transposeB ? k : n)
        self.ldc = ldc ?? max(1, n)
    }

    /// Rows and columns of `A` and `B` as stored.
    var storedA: (rows: Int, columns: Int) { transposeA ? (k, m) : (m, k) }
    var storedB: (rows: Int, columns: Int) { transposeB ? (n, k) : (k, n) }

    /// Scalars each buffer must hold: the last row starts at `(rows − 1)·ld` and is `columns` long.
    public var requiredCountA: Int { Self.requiredCount(storedA.rows, storedA.columns, lda) }
    public var requiredCountB: Int { Self.requiredCount(storedB.rows, storedB.columns, ldb) }
    public var requiredCountC: Int { Self.requiredCount(m, n, ldc) }

    private static func requiredCount(_ rows: Int, _ columns: Int, _ ld: Int) -> Int {
        rows == 0 || columns == 0 ? 0 : (rows - 1) * ld + columns
    }

    /// Floating-point operations of the product: one multiply and one add per term.
    public var flops: Double { 2 * Double(m) * Double(n) * Double(k) }

    /// Why these dimensions are unusable, or nil when they are valid.
    public var problem: String? {
        if m < 0 || n < 0 || k < 0 { return "negative size m=\(m) n=\(n) k=\(k)" }
        if lda < max(1, storedA.columns) { return "lda=\(lda) < \(storedA.columns) columns of A" }
        if ldb < max(1, storedB.columns) { return "ldb=\(ldb) < \(storedB.columns) columns of B" }
        if ldc < max(1, n) { return "ldc=\(ldc) < n=\(n)" }
        return nil
    }

    /// Throws unless the dimensions are valid and each buffer is large enough for them.
    public func validate(countA: Int, countB: Int, countC: Int) throws {
        if let problem { throw ComputeError.invalidDimensions(operation: "gemm", detail: "\(problem) (\(self))") }
        for (operand, needed, available) in [
            ("A", requiredCountA, countA), ("B", requiredCountB, countB), ("C", requiredCountC, countC),
        ] where available < needed {
            throw ComputeError.bufferTooSmall(operation: "gemm", operand: operand, needed: needed, available: available)
        }
    }

    public var description: String {
        "m=\(m) n=\(n) k=\(k)\(transposeA ? " Aᵀ" : "")\(transposeB ? " Bᵀ" : "") lda=\(lda) ldb=\(ldb) ldc=\(ldc)"
    }
}
