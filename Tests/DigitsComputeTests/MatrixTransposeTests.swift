import DigitsCompute
import Testing

/// The blocked transpose against its naive twin, element by element.
@Suite struct MatrixTransposeTests {
    /// Shapes that are and are not whole 32 × 32 blocks.
    @Test(arguments: [(1, 1), (32, 64), (45, 70), (256, 33)])
    func transposedMovesEveryElement(shape: (rowCount: Int, columnCount: Int)) {
        let (rowCount, columnCount) = shape
        let matrix = (0..<(rowCount * columnCount)).map(Float.init)
        let result = transposed(matrix, rowCount: rowCount, columnCount: columnCount)
        #expect(
            result == (0..<columnCount).flatMap { j in (0..<rowCount).map { i in matrix[i * columnCount + j] } })
    }
}
