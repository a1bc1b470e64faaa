// Legend: x is count×k, rows is k×n, y is count×n; all row-major and contiguous.

/// Products whose left operand is mostly zeros, for inference on a few images. The paper CNN's first
/// dense layer takes pooled ReLU outputs, four fifths of them zero for MNIST digits, and its
/// weights are 9.4 MB: a matrix-vector product for one image reads all of them and is bound by
/// memory bandwidth. With the weights laid out one row per input, only the rows of the nonzero
/// inputs are read.
public enum SparseInputProduct {
    /// `y[r, :] += Σ_p x[r, p]·rows[p, :]` for each `r < count`, over the nonzero `x[r, p]` only.
    /// For one image of the paper CNN it reads 2 MB of rows, 1 KB each: about 0.044 ms from the L3
    /// cache. The rows are read four at a time, as four streams, each added into `y` in turn: rows
    /// far apart defeat the hardware prefetcher, and one stream at a time took 0.28 ms against
    /// 0.20 from memory (a picture's first reading), with the same sums in the same order.
    public static func accumulate(
        x: UnsafePointer<Float>, count: Int, k: Int, rows: UnsafePointer<Float>, n: Int,
        into y: UnsafeMutablePointer<Float>
    ) {
        var nonzero = [Int]()
        nonzero.reserveCapacity(k)
        for r in 0..<count {
            let (input, output) = (x + r * k, y + r * n)
            nonzero.removeAll(keepingCapacity: true)
            for p in 0..<k where input[p] != 0 { nonzero.append(p) }
            var q = 0
            while q + 4 <= nonzero.count {
                let p = (nonzero[q], nonzero[q + 1], nonzero[q + 2], nonzero[q + 3])
                addFourScaled(
                    (input[p.0], input[p.1], input[p.2], input[p.3]),
                    (rows + p.0 * n, rows + p.1 * n, rows + p.2 * n, rows + p.3 * n), to: output, count: n)
                q += 4
            }
            for p in nonzero[q...] { addScaled(input[p], rows + p * n, to: output, count: n) }
        }
    }

    /// `y += a.0·x.0 + a.1·x.1 + a.2·x.2 + a.3·x.3`, added in that order, 16 lanes at a time.
    @inline(__always)
    private static func addFourScaled(
        _ a: (Float, Float, Float, Float),
        _ x: (UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>),
        to y: UnsafeMutablePointer<Float>, count: Int
    ) {
        var i = 0
        while i + 16 <= count {
            func lanes(_ row: UnsafePointer<Float>) -> SIMD16<Float> {
                UnsafeRawPointer(row + i).loadUnaligned(as: SIMD16<Float>.self)
            }
            var sum = UnsafeRawPointer(y + i).loadUnaligned(as: SIMD16<Float>.self)
            sum += a.0 * lanes(x.0)
            sum += a.1 * lanes(x.1)
            sum += a.2 * lanes(x.2)
            sum += a.3 * lanes(x.3)
            UnsafeMutableRawPointer(y + i).storeBytes(of: sum, as: SIMD16<Float>.self)
            i += 16
        }
        while i < count {
            y[i] += a.0 * x.0[i]
            y[i] += a.1 * x.1[i]
            y[i] += a.2 * x.2[i]
            y[i] += a.3 * x.3[i]
            i += 1
        }
    }
}
