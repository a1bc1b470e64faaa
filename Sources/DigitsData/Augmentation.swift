import Foundation

/// Random small shifts and rotations of training images, the classic MNIST augmentation.
///
/// Each output pixel `p` samples the source bilinearly at `R(−θ)·(p − centre − t) + centre`, where
/// `t` is a shift of up to `maxShift` pixels per axis and `θ` a rotation of up to `maxRotationDegrees`;
/// pixels that fall outside the source read as 0 (background). Deterministic for a given generator.
public struct Augmentation: Sendable, Equatable {
    public var maxShift: Float
    public var maxRotationDegrees: Float

    public init(maxShift: Float = 2, maxRotationDegrees: Float = 10) {
        precondition(maxShift >= 0 && maxRotationDegrees >= 0, "augmentation ranges must be non-negative")
        self.maxShift = maxShift
        self.maxRotationDegrees = maxRotationDegrees
    }

    /// Writes one augmented image, scaled to 0…1, into `output` (`rows × columns`).
    public func apply<G: RandomNumberGenerator>(
        to image: ArraySlice<UInt8>, rows: Int, columns: Int, into output: UnsafeMutableBufferPointer<Float>,
        using rng: inout G
    ) {
        let dx = maxShift > 0 ? Float.random(in: -maxShift...maxShift, using: &rng) : 0
        let dy = maxShift > 0 ? Float.random(in: -maxShift...maxShift, using: &rng) : 0
        let degrees =
            maxRotationDegrees > 0 ? Float.random(in: -maxRotationDegrees...maxRotationDegrees, using: &rng) : 0
        let angle = degrees * .pi / 180
        let (cosine, sine) = (Float(cos(Double(angle))), Float(sin(Double(angle))))
        let (cx, cy) = (Float(columns - 1) / 2, Float(rows - 1) / 2)
        let base = image.startIndex
        func pixel(_ y: Int, _ x: Int) -> Float {
            y >= 0 && y < rows && x >= 0 && x < columns ? Float(image[base + y * columns + x]) : 0
        }
        for y in 0..<rows {
            for x in 0..<columns {
                let (u, v) = (Float(x) - cx - dx, Float(y) - cy - dy)
                let sx = cosine * u + sine * v + cx
                let sy = -sine * u + cosine * v + cy
                let (x0, y0) = (Int(sx.rounded(.down)), Int(sy.rounded(.down)))
                let (fx, fy) = (sx - Float(x0), sy - Float(y0))
                let top = pixel(y0, x0) * (1 - fx) + pixel(y0, x0 + 1) * fx
                let bottom = pixel(y0 + 1, x0) * (1 - fx) + pixel(y0 + 1, x0 + 1) * fx
                output[y * columns + x] = (top * (1 - fy) + bottom * fy) / 255
            }
        }
    }
}
