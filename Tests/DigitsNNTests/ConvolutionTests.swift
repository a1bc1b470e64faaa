import DigitsCompute
import DigitsTestSupport
import Testing

@testable import DigitsNN

/// Conv2D against a by-hand case and a naive direct convolution, on both backends.
@Suite struct ConvolutionTests {
    /// 2×2 input [[1, 2], [3, 4]], 2×2 kernel of ones, no padding → one output 1+2+3+4 = 10 (exact in Float).
    @Test func byHand() {
        var rng = SplitMix64(seed: 1)
        var layer = Conv2D(name: "c", inputChannels: 1, outputChannels: 1, kernelSize: 2, using: &rng)
        layer.weight.value = Tensor(shape: [1, 1, 2, 2], scalars: [1, 1, 1, 1])
        var context = LayerContext(backend: BLASBackend(threads: 1))
        let output = layer.forward(
            Tensor(shape: [1, 1, 2, 2], scalars: [1, 2, 3, 4]), mode: .inference, context: &context)
        #expect(output.shape == [1, 1, 1, 1])
        #expect(output.scalars == [10])
    }

    /// out[n, f, y, x] = b[f] + Σ_c,ky,kx W[f, c, ky, kx]·in[n, c, y·s − p + ky, x·s − p + kx], in Double.
    static func naiveConvolution(_ x: Tensor, _ w: Tensor, _ b: Tensor, stride s: Int, padding p: Int) -> Tensor {
        let (batch, channels, height, width) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (filters, k) = (w.shape[0], w.shape[2])
        let (outHeight, outWidth) = ((height + 2 * p - k) / s + 1, (width + 2 * p - k) / s + 1)
        var out = [Float]()
        for n in 0..<batch {
            for f in 0..<filters {
                for oy in 0..<outHeight {
                    for ox in 0..<outWidth {
                        var sum = Double(b.scalars[f])
                        for c in 0..<channels {
                            for ky in 0..<k {
                                for kx in 0..<k {
                                    let (y, xx) = (oy * s - p + ky, ox * s - p + kx)
                                    guard y >= 0, y < height, xx >= 0, xx < width else { continue }
                                    sum +=
                                        Double(w.scalars[((f * channels + c) * k + ky) * k + kx])
                                        * Double(x.scalars[((n * channels + c) * height + y) * width + xx])
                                }
                            }
                        }
                        out.append(Float(sum))
                    }
                }
            }
        }
        return Tensor(shape: [batch, filters, outHeight, outWidth], scalars: out)
    }

    @Test(arguments: ComputeBackendKind.allCases, [(1, 0), (2, 1), (3, 2)])
    func matchesNaiveConvolution(backend: ComputeBackendKind, geometry: (stride: Int, padding: Int)) {
        var rng = SplitMix64(seed: 11)
        var layer = Conv2D(
            name: "c", inputChannels: 3, outputChannels: 5, kernelSize: 3, stride: geometry.stride,
            padding: geometry.padding, using: &rng)
        layer.bias.value = Tensor.random(shape: [5], using: &rng)
        let input = Tensor.random(shape: [4, 3, 11, 9], using: &rng)
        var context = LayerContext(backend: backend.makeBackend(threads: 2))
        let output = layer.forward(input, mode: .inference, context: &context)
        let expected = Self.naiveConvolution(
            input, layer.weight.value, layer.bias.value, stride: geometry.stride,
            padding: geometry.padding)
        #expect(output.shape == expected.shape)
        expectClose(output.scalars, expected.scalars, absolute: 1e-5, relative: 1e-5)
    }
}
