/// One row of a micro-tile's accumulators: `columns` scalars in vector registers.
protocol MicroTileRow {
    static var columns: Int { get }
    /// Zeros.
    init()
    /// The row's `columns` scalars from `pointer`.
    init(loading pointer: UnsafePointer<Float>)
    /// `self += scalar · row`, lane by lane.
    mutating func add(_ scalar: Float, times row: Self)
    /// `*pointer ← α·self + β·(*pointer)`, unread when β = 0.
    func store(to pointer: UnsafeMutablePointer<Float>, alpha: Float, beta: Float)
}

/// The full tile's row: two `SIMD16<Float>`, 32 columns.
struct DoubleVectorRow: MicroTileRow {
    static let columns = 32
    var left: SingleVectorRow<SIMD16<Float>>
    var right: SingleVectorRow<SIMD16<Float>>

    @inline(__always) init() {
        left = SingleVectorRow()
        right = SingleVectorRow()
    }

    @inline(__always) init(loading pointer: UnsafePointer<Float>) {
        left = SingleVectorRow(loading: pointer)
        right = SingleVectorRow(loading: pointer + 16)
    }

    @inline(__always) mutating func add(_ scalar: Float, times row: Self) {
        left.add(scalar, times: row.left)
        right.add(scalar, times: row.right)
    }

    @inline(__always) func store(to pointer: UnsafeMutablePointer<Float>, alpha: Float, beta: Float) {
        left.store(to: pointer, alpha: alpha, beta: beta)
        right.store(to: pointer + 16, alpha: alpha, beta: beta)
    }
}

/// A ragged edge's row: one vector, 16 or 8 columns.
struct SingleVectorRow<Vector: SIMD>: MicroTileRow where Vector.Scalar == Float {
    static var columns: Int { Vector.scalarCount }
    var value: Vector

    @inline(__always) init() { value = Vector() }

    @inline(__always) init(loading pointer: UnsafePointer<Float>) {
        value = UnsafeRawPointer(pointer).loadUnaligned(as: Vector.self)
    }

    @inline(__always) mutating func add(_ scalar: Float, times row: Self) {
        value = value.addingProduct(Vector(repeating: scalar), row.value)
    }

    @inline(__always) func store(to pointer: UnsafeMutablePointer<Float>, alpha: Float, beta: Float) {
        let scaled = alpha == 1 ? value : value * alpha
        let result =
            beta == 0
            ? scaled
            : scaled.addingProduct(UnsafeRawPointer(pointer).loadUnaligned(as: Vector.self), Vector(repeating: beta))
        UnsafeMutableRawPointer(pointer).storeBytes(of: result, as: Vector.self)
    }
}
