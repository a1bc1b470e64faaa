import DigitsCompute
import DigitsTestSupport
import Testing

@testable import DigitsNN

/// Every layer's backward against central differences; a deliberately wrong gradient must be caught.
@Suite struct LayerGradientTests {
    let check = GradientCheck()

    @Test(arguments: [(1, 0), (2, 1), (1, 2)])
    func conv2D(stride: Int, padding: Int) {
        var rng = SplitMix64(seed: 3)
        let layer = Conv2D(
            name: "conv", inputChannels: 2, outputChannels: 3, kernelSize: 3, stride: stride,
            padding: padding, using: &rng)
        let input = Tensor.random(shape: [2, 2, 7, 6], using: &rng)
        let failures = check.failures(layer, input: input)
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func dense() {
        var rng = SplitMix64(seed: 4)
        let layer = Dense(name: "dense", inputCount: 13, outputCount: 7, using: &rng)
        let failures = check.failures(layer, input: Tensor.random(shape: [5, 13], using: &rng))
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func maxPool() {
        let failures = check.failures(MaxPool2D(size: 2), input: separatedInput(shape: [2, 3, 6, 5], seed: 5))
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test(arguments: ActivationFunction.allCases)
    func activation(_ function: ActivationFunction) {
        let input =
            function == .relu
            ? separatedInput(shape: [4, 9], seed: 6)
            : {
                var rng = SplitMix64(seed: 6)
                return Tensor.random(shape: [4, 9], in: -3...3, using: &rng)
            }()
        let failures = check.failures(Activation(function), input: input)
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func dropoutAndFlatten() {
        var rng = SplitMix64(seed: 7)
        let input = Tensor.random(shape: [3, 2, 4, 4], using: &rng)
        let dropout = check.failures(Dropout(rate: 0.4), input: input)
        let flatten = check.failures(Flatten(), input: input)
        #expect(dropout.isEmpty && flatten.isEmpty, "\(dropout) \(flatten)")
    }

    /// The check itself: a gradient 5% off is reported at every coordinate with a visible gradient.
    @Test func wrongGradientIsCaught() {
        var rng = SplitMix64(seed: 8)
        let layer = Dense(name: "dense", inputCount: 6, outputCount: 4, using: &rng)
        let input = Tensor.random(shape: [3, 6], using: &rng)
        let failures = check.failures(layer, input: input, corruptAnalytic: 1.05)
        #expect(failures.count > check.samples)
    }

    /// The softmax–cross-entropy gradient against central differences of the mean loss.
    @Test func softmaxCrossEntropy() {
        var rng = SplitMix64(seed: 9)
        let logits = Tensor.random(shape: [4, 10], in: -4...4, using: &rng)
        let labels = [3, 0, 9, 3]
        let analytic = SoftmaxCrossEntropy.evaluate(logits: logits, labels: labels).gradient
        for i in 0..<logits.count {
            var up = logits
            var down = logits
            up.scalars[i] += 1e-2
            down.scalars[i] -= 1e-2
            let numerical =
                (SoftmaxCrossEntropy.evaluate(logits: up, labels: labels).loss
                    - SoftmaxCrossEntropy.evaluate(logits: down, labels: labels).loss) / 2e-2
            #expect(abs(Double(analytic.scalars[i]) - numerical) <= 1e-4 + 1e-2 * abs(numerical), "logit \(i)")
        }
    }

    /// Two logits 0 and 0 with label 0: p = ½ each, loss ln 2, gradient (p − onehot) = [−½, ½].
    @Test func softmaxCrossEntropyByHand() {
        let result = SoftmaxCrossEntropy.evaluate(logits: Tensor(shape: [1, 2], scalars: [0, 0]), labels: [0])
        #expect(abs(result.loss - 0.693_147_180_559_945_3) < 1e-7)
        #expect(result.gradient.scalars == [-0.5, 0.5])
        // Huge logits must not overflow: the row maximum is subtracted first.
        let large = SoftmaxCrossEntropy.evaluate(logits: Tensor(shape: [1, 2], scalars: [1000, 0]), labels: [0])
        #expect(large.loss.isFinite && large.loss < 1e-6 && large.correct == 1)
    }
}

/// The whole paper CNN (on 10×10 inputs, dropout active with a repeated mask) against central differences.
///
/// With tanh, which is smooth: behind ReLU, whole 2×2 pooling windows sit at exactly 0, a tie that any
/// nudge breaks, so the loss has kinks at the very point measured (each ReLU layer is checked on its
/// own above, away from its kink). Sigmoid's gradients through four layers are so small that float32
/// round-off in the loss dominates the central difference; its layer is checked on its own too.
/// Differences under 3e-2 count as absolute (`floor`): the loss's float32 round-off over 2h is a few
/// 1e-4 here, and which few depends on the BLAS kernels' summation order. On an AMD EPYC (OpenBLAS's
/// Zen kernels, blas backend), conv2.weight[357] measured 2.52e-4 against an analytic 4.89e-4, 2.4e-4
/// apart, beyond the 2e-4 that a floor of 1e-2 allowed; the Xeon's kernels had passed it.
@Suite struct NetworkGradientTests {
    @Test(arguments: ComputeBackendKind.allCases)
    func paperCNN(backend: ComputeBackendKind) throws {
        let architecture = NetworkArchitecture.paperCNN(inputShape: [1, 10, 10], activation: .tanh)
        let network = try architecture.makeNetwork(seed: 12)
        var rng = SplitMix64(seed: 13)
        let input = Tensor.random(shape: [2, 1, 10, 10], in: 0...1, using: &rng)
        let check = GradientCheck(
            step: 1e-3, tolerance: 2e-2, floor: 3e-2, samples: 12,
            backend: backend.makeBackend(threads: 2))
        let failures = check.failures(network, input: input, seed: 14)
        #expect(failures.isEmpty, "\(failures)")
    }
}
