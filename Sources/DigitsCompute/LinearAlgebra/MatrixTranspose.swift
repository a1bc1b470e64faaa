/// The `rowCount × columnCount` row-major `matrix` transposed, in 32 × 32 blocks so that both sides
/// are read and written a few cache lines at a time.
public func transposed(_ matrix: [Float], rowCount: Int, columnCount: Int) -> [Float] {
    precondition(
        matrix.count == rowCount * columnCount, "transposed: \(matrix.count) values for \(rowCount)×\(columnCount)")
    let block = 32
    return [Float](unsafeUninitializedCapacity: matrix.count) { out, initialized in
        matrix.withUnsafeBufferPointer { m in
            for i0 in stride(from: 0, to: rowCount, by: block) {
                for j0 in stride(from: 0, to: columnCount, by: block) {
                    for i in i0..<min(i0 + block, rowCount) {
                        for j in j0..<min(j0 + block, columnCount) { out[j * rowCount + i] = m[i * columnCount + j] }
                    }
                }
            }
        }
        initialized = matrix.count
    }
}
