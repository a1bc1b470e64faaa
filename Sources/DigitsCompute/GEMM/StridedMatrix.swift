/// A read-only matrix view: element `(i, j)` at `base[i·rowStride + j·columnStride]`.
///
/// A transposed operand is the same memory with the strides swapped, so packing handles all four
/// transpose combinations with one loop.
struct StridedMatrix {
    let base: UnsafePointer<Float>
    let rowStride: Int
    let columnStride: Int

    /// The view of a row-major buffer with leading dimension `ld`, read transposed when asked.
    init(_ base: UnsafePointer<Float>, leadingDimension ld: Int, transposed: Bool) {
        self.base = base
        rowStride = transposed ? 1 : ld
        columnStride = transposed ? ld : 1
    }

    private init(base: UnsafePointer<Float>, rowStride: Int, columnStride: Int) {
        self.base = base
        self.rowStride = rowStride
        self.columnStride = columnStride
    }

    @inline(__always)
    subscript(i: Int, j: Int) -> Float {
        base[i * rowStride + j * columnStride]
    }

    /// The sub-matrix whose element (0, 0) is this one's `(row, column)`.
    func offset(row: Int, column: Int) -> StridedMatrix {
        StridedMatrix(
            base: base + row * rowStride + column * columnStride, rowStride: rowStride, columnStride: columnStride)
    }
}
