import DigitsCompute
import DigitsTestSupport
import Testing

/// The definition of im2col, one entry at a time: entry (r, q) of the `[patchSize, pixels]` matrix.
private func naivePatchMatrix(_ image: [Float], _ g: ConvGeometry) -> [Float] {
    var result = [Float](repeating: 0, count: g.patchSize * g.outputPixels)
    for c in 0..<g.channels {
        for ky in 0..<g.kernelHeight {
            for kx in 0..<g.kernelWidth {
                let r = (c * g.kernelHeight + ky) * g.kernelWidth + kx
                for oy in 0..<g.outputHeight {
                    for ox in 0..<g.outputWidth {
                        let y = oy * g.stride - g.padding + ky
                        let x = ox * g.stride - g.padding + kx
                        let inside = (0..<g.height).contains(y) && (0..<g.width).contains(x)
                        result[r * g.outputPixels + oy * g.outputWidth + ox] =
                            inside ? image[(c * g.height + y) * g.width + x] : 0
                    }
                }
            }
        }
    }
    return result
}

private let geometries: [ConvGeometry] = [
    try! ConvGeometry(channels: 1, height: 1, width: 1, kernelHeight: 1, kernelWidth: 1),
    try! ConvGeometry(channels: 1, height: 28, width: 28, kernelHeight: 3, kernelWidth: 3),
    try! ConvGeometry(channels: 3, height: 7, width: 5, kernelHeight: 3, kernelWidth: 2, stride: 2, padding: 1),
    try! ConvGeometry(channels: 2, height: 9, width: 11, kernelHeight: 5, kernelWidth: 3, stride: 3, padding: 2),
    try! ConvGeometry(channels: 4, height: 6, width: 6, kernelHeight: 2, kernelWidth: 2, stride: 2),
    try! ConvGeometry(channels: 1, height: 2, width: 3, kernelHeight: 4, kernelWidth: 4, stride: 1, padding: 1),
]

private func randomScalars(_ count: Int, seed: UInt64) -> [Float] {
    var rng = SplitMix64(seed: seed)
    return (0..<count).map { _ in Float.random(in: -1...1, using: &rng) }
}

@Suite("im2col and col2im")
struct Im2colTests {
    @Test func knownSmallCase() throws {
        // 1×3×3 image 1…9, 2×2 kernel, stride 1: four pixels, patches [1,2,4,5], [2,3,5,6], [4,5,7,8], [5,6,8,9].
        let g = try ConvGeometry(channels: 1, height: 3, width: 3, kernelHeight: 2, kernelWidth: 2)
        let image: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 9]
        var patches = [Float](repeating: .nan, count: 16)
        image.withUnsafeBufferPointer { image in
            patches.withUnsafeMutableBufferPointer {
                im2col(image, geometry: g, layout: .rowPerPixel(leadingDimension: 4), into: $0)
            }
        }
        #expect(patches == [1, 2, 4, 5, 2, 3, 5, 6, 4, 5, 7, 8, 5, 6, 8, 9])
    }

    @Test(arguments: geometries)
    func matchesTheDefinitionInBothLayouts(g: ConvGeometry) {
        let image = randomScalars(g.imageSize, seed: 11)
        let expected = naivePatchMatrix(image, g)
        let padding = 5  // a wider leading dimension, as when a batch sits side by side
        for layout in [
            PatchLayout.columnPerPixel(leadingDimension: g.outputPixels + padding),
            .rowPerPixel(leadingDimension: g.patchSize + padding),
        ] {
            var patches = [Float](repeating: .nan, count: (g.patchSize + padding) * (g.outputPixels + padding))
            image.withUnsafeBufferPointer { image in
                patches.withUnsafeMutableBufferPointer { im2col(image, geometry: g, layout: layout, into: $0) }
            }
            var actual: [Float] = []
            for r in 0..<g.patchSize {
                for q in 0..<g.outputPixels {
                    switch layout {
                    case .columnPerPixel(let ld): actual.append(patches[r * ld + q])
                    case .rowPerPixel(let ld): actual.append(patches[q * ld + r])
                    }
                }
            }
            #expect(actual == expected, "\(layout) for \(g)")
        }
    }

    /// ⟨im2col(x), y⟩ = ⟨x, col2im(y)⟩: col2im is the adjoint that convolution backward needs.
    @Test(arguments: geometries)
    func col2imIsTheAdjoint(g: ConvGeometry) {
        let x = randomScalars(g.imageSize, seed: 21)
        for layout in [
            PatchLayout.columnPerPixel(leadingDimension: g.outputPixels), .rowPerPixel(leadingDimension: g.patchSize),
        ] {
            let y = randomScalars(g.patchSize * g.outputPixels, seed: 22)
            var columns = [Float](repeating: .nan, count: y.count)
            var image = [Float](repeating: .nan, count: g.imageSize)
            x.withUnsafeBufferPointer { x in
                columns.withUnsafeMutableBufferPointer { im2col(x, geometry: g, layout: layout, into: $0) }
            }
            y.withUnsafeBufferPointer { y in
                image.withUnsafeMutableBufferPointer { col2im(y, geometry: g, layout: layout, into: $0) }
            }
            let left = zip(columns, y).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            let right = zip(x, image).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            #expect(abs(left - right) <= 1e-4 * max(1, abs(left)), "\(layout) for \(g): \(left) vs \(right)")
        }
    }

    @Test func invalidGeometryThrows() {
        #expect(throws: ComputeError.self) {
            try ConvGeometry(channels: 1, height: 2, width: 2, kernelHeight: 3, kernelWidth: 3)
        }
        #expect(throws: ComputeError.self) {
            try ConvGeometry(channels: 1, height: 5, width: 5, kernelHeight: 3, kernelWidth: 3, stride: 0)
        }
        #expect(throws: ComputeError.self) {
            try ConvGeometry(channels: 0, height: 5, width: 5, kernelHeight: 1, kernelWidth: 1)
        }
    }
}
