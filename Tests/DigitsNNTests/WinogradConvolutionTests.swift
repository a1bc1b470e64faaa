import DigitsCompute
import DigitsTestSupport
import Testing

@testable import DigitsNN

/// Winograd F(4×4, 3×3) against its naive twin, im2col + GEMM: the output, both parameter
/// gradients and the input gradient of one forward and backward pass, on both backends.
@Suite struct WinogradConvolutionTests {
    struct Case: Sendable, CustomStringConvertible {
        let batch, channels, filters, height, width, padding: Int
        var description: String { "\(batch)×\(channels)×\(height)×\(width) → \(filters), padding \(padding)" }
    }

    static let cases = [
        // The paper's conv2 and conv1, at a batch that does not fill the image groups evenly.
        Case(batch: 5, channels: 32, filters: 64, height: 26, width: 26, padding: 0),
        Case(batch: 3, channels: 1, filters: 32, height: 28, width: 28, padding: 0),
        // Output sizes that leave 1, 2 or 3 pixels of a tile at the edges, padding, non-square
        // images, one image, and a row of 18 tiles: more than the 8 the transforms take at once.
        Case(batch: 3, channels: 5, filters: 3, height: 11, width: 8, padding: 0),
        Case(batch: 2, channels: 4, filters: 6, height: 7, width: 9, padding: 1),
        Case(batch: 1, channels: 2, filters: 2, height: 3, width: 3, padding: 2),
        Case(batch: 3, channels: 3, filters: 4, height: 9, width: 71, padding: 1),
    ]

    /// One training step's forward output and every gradient of a seeded layer and input.
    static func pass(_ c: Case, backend: any ComputeBackend) -> (output: [Float], dw: [Float], db: [Float], dx: [Float])
    {
        var rng = SplitMix64(seed: 21)
        var layer = Conv2D(
            name: "c", inputChannels: c.channels, outputChannels: c.filters, kernelSize: 3, padding: c.padding,
            using: &rng)
        layer.bias.value = Tensor.random(shape: [c.filters], using: &rng)
        let input = Tensor.random(shape: [c.batch, c.channels, c.height, c.width], using: &rng)
        var context = LayerContext(backend: backend)
        let output = layer.forward(input, mode: .training, context: &context)
        let gradient = Tensor.random(shape: output.shape, using: &rng)
        let dx = layer.backward(gradient, needsInputGradient: true, context: &context)!
        return (output.scalars, layer.weight.gradient.scalars, layer.bias.gradient.scalars, dx.scalars)
    }

    @Test(arguments: ComputeBackendKind.allCases, cases)
    func matchesIm2col(kind: ComputeBackendKind, c: Case) {
        let winograd = Self.pass(c, backend: kind.makeBackend(threads: 2, convolution: .winograd))
        let im2col = Self.pass(c, backend: kind.makeBackend(threads: 2, convolution: .im2col))
        // The transforms reassociate the sums and scale their terms by up to 8 (Aᵀ) and 5 (Bᵀ) along
        // each side of a tile: agreement to float rounding of the largest sums. Measured, the worst
        // error is under 5e-6 of the largest magnitude in every output and gradient.
        func tolerance(_ reference: [Float]) -> Float { 2e-5 * reference.map(abs).max()! }
        expectClose(winograd.output, im2col.output, absolute: tolerance(im2col.output), relative: 0)
        expectClose(winograd.dw, im2col.dw, absolute: tolerance(im2col.dw), relative: 0)
        expectClose(winograd.db, im2col.db, absolute: 1e-4, relative: 1e-5)
        expectClose(winograd.dx, im2col.dx, absolute: tolerance(im2col.dx), relative: 0)
    }

    /// Not a 3×3 stride-1 kernel: Winograd does not apply and the layer computes exactly as im2col.
    @Test func otherKernelsFallBackToIm2col() {
        var rng = SplitMix64(seed: 5)
        var layer = Conv2D(name: "c", inputChannels: 2, outputChannels: 3, kernelSize: 3, stride: 2, using: &rng)
        let input = Tensor.random(shape: [2, 2, 9, 9], using: &rng)
        var winograd = LayerContext(backend: BLASBackend(threads: 1, convolution: .winograd))
        var im2col = LayerContext(backend: BLASBackend(threads: 1))
        #expect(
            WinogradTiling(
                try! ConvGeometry(channels: 2, height: 9, width: 9, kernelHeight: 3, kernelWidth: 3, stride: 2)) == nil)
        #expect(
            layer.forward(input, mode: .inference, context: &winograd).scalars
                == layer.forward(input, mode: .inference, context: &im2col).scalars)
    }
}
