// Legend: x is count×k, rows is k×n, y is count×n; all row-major and contiguous.

/// Products whose left operand is mostly zeros, for inference on a few images. The paper CNN's first
/// dense layer takes pooled ReLU outputs, four fifths of them zero for MNIST digits, and its
/// weights are 9.4 MB: a matrix-vector product for one image reads all of them and is bound by
/// memory bandwidth. With the weights laid out one row per input, only the rows of the nonzero
/// inputs are read.
public enum SparseInputProduct {
    /// `y[r, :] += Σ_p x[r, p]·rows[p, :]` for each `r < count`, over the nonzero `x[r, p]` only.
    /// For one image of the paper CNN it reads 2 MB of rows, 1 KB each, at about 26 GB/s from the
    /// L3 cache (0.076 ms); eight 16-lane accumulators held in registers were no faster, as the
    /// reads bound it.
    public static func accumulate(
        x: UnsafePointer<Float>, count: Int, k: Int, rows: UnsafePointer<Float>, n: Int,
        into y: UnsafeMutablePointer<Float>
    ) {
        for r in 0..<count {
            let (input, output) = (x + r * k, y + r * n)
            for p in 0..<k where input[p] != 0 {
                addScaled(input[p], rows + p * n, to: output, count: n)
            }
        }
    }
}
