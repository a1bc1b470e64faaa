import DigitsCompute
import DigitsNN

/// Central-difference gradient checks, for every module whose layers have gradients (cs231n, tiny-dnn `gradient_check.h`).
///
/// The scalar checked is `L = Σ output ⊙ R` for a fixed random `R`, so `∂L/∂output = R` and the
/// layer's backward gives `∂L/∂input` and `∂L/∂parameters`. Each sampled coordinate is nudged by ±h
/// and `(L(+h) − L(−h)) / 2h` (summed in Double) is compared with the analytic value through the
/// relative error `|a − n| / max(|a|, |n|, floor)`. Dropout masks repeat because every forward pass
/// starts from the same generator state.
public struct GradientCheck {
    public var step: Float = 1e-2
    public var tolerance: Double = 1e-2
    /// Below this magnitude, differences count as absolute (float32 round-off in L).
    public var floor: Double = 1e-2
    public var samples = 16
    public var backend: any ComputeBackend = BLASBackend(threads: 1)

    public init(
        step: Float = 1e-2, tolerance: Double = 1e-2, floor: Double = 1e-2, samples: Int = 16,
        backend: any ComputeBackend = BLASBackend(threads: 1)
    ) {
        self.step = step
        self.tolerance = tolerance
        self.floor = floor
        self.samples = samples
        self.backend = backend
    }

    public struct Failure: CustomStringConvertible {
        public let coordinate: String
        public let analytic: Double
        public let numerical: Double
        public var description: String { "\(coordinate): analytic \(analytic), numerical \(numerical)" }
    }

    /// Every coordinate whose analytic and numerical derivatives disagree (empty when the layer is right).
    /// `corruptAnalytic` scales the analytic gradients, to show that the check can fail.
    public func failures<L: Layer>(_ layer: L, input: Tensor, seed: UInt64 = 1, corruptAnalytic: Double = 1)
        -> [Failure]
    {
        var rng = SplitMix64(seed: seed)
        var probe = layer
        var context = LayerContext(backend: backend, rng: SplitMix64(seed: 99))
        let output = probe.forward(input, mode: .training, context: &context)
        let weights = Tensor.random(shape: output.shape, using: &rng)

        var analyticLayer = layer
        context = LayerContext(backend: backend, rng: SplitMix64(seed: 99))
        _ = analyticLayer.forward(input, mode: .training, context: &context)
        let inputGradient = analyticLayer.backward(weights, needsInputGradient: true, context: &context)!
        let parameterGradients = Dictionary(
            uniqueKeysWithValues: analyticLayer.parameters.map { ($0.name, $0.gradient) })

        func loss(_ candidate: L, _ x: Tensor) -> Double {
            var copy = candidate
            var context = LayerContext(backend: backend, rng: SplitMix64(seed: 99))
            let y = copy.forward(x, mode: .training, context: &context)
            return zip(y.scalars, weights.scalars).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        }
        var found = [Failure]()
        func compare(_ name: String, _ analytic: Float, _ plus: Double, _ minus: Double) {
            let a = Double(analytic) * corruptAnalytic
            let n = (plus - minus) / (2 * Double(step))
            if abs(a - n) / max(abs(a), abs(n), floor) > tolerance {
                found.append(Failure(coordinate: name, analytic: a, numerical: n))
            }
        }
        for i in (0..<samples).map({ _ in Int.random(in: 0..<input.count, using: &rng) }) {
            var up = input
            var down = input
            up.scalars[i] += step
            down.scalars[i] -= step
            compare("input[\(i)]", inputGradient.scalars[i], loss(layer, up), loss(layer, down))
        }
        for parameter in layer.parameters {
            for i in (0..<samples).map({ _ in Int.random(in: 0..<parameter.value.count, using: &rng) }) {
                func nudged(_ delta: Float) -> L {
                    var copy = layer
                    copy.updateParameters { if $0.name == parameter.name { $0.value.scalars[i] += delta } }
                    return copy
                }
                compare(
                    "\(parameter.name)[\(i)]", parameterGradients[parameter.name]!.scalars[i],
                    loss(nudged(step), input), loss(nudged(-step), input))
            }
        }
        return found
    }
}

/// Random values at least `gap` apart from each other in magnitude order and from zero, so that ±h
/// never crosses a ReLU kink or changes a max-pool winner.
public func separatedInput(shape: [Int], gap: Float = 0.05, seed: UInt64) -> Tensor {
    var rng = SplitMix64(seed: seed)
    let count = Tensor.count(of: shape)
    let values = (0..<count).map { Float($0 - count / 2) * gap + gap / 2 }.shuffled(using: &rng)
    return Tensor(shape: shape, scalars: values)
}
