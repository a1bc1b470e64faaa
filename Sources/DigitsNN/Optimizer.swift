import DigitsCompute
import Foundation

/// An update rule and its hyper-parameters. Defaults are the original Keras ones.
///
/// - `sgd`: `v ← μ·v − η·g`, `w ← w + v` (with μ = 0 this is `w ← w − η·g`).
/// - `adadelta` (Zeiler, 2012): `A ← ρ·A + (1−ρ)·g²`, `Δ = g·√(D + ε)/√(A + ε)`, `w ← w − η·Δ`,
///   `D ← ρ·D + (1−ρ)·Δ²`. Learning rate 1.0, ρ 0.95, ε 1e-7 as in the paper's Keras; the later Keras
///   default of η = 0.001 trains far worse.
/// - `adam` (Kingma & Ba, 2015): `m ← β₁m + (1−β₁)g`, `v ← β₂v + (1−β₂)g²`,
///   `w ← w − η·m̂/(√v̂ + ε)` with bias-corrected `m̂ = m/(1−β₁ᵗ)`, `v̂ = v/(1−β₂ᵗ)`; ε 1e-7 as in Keras.
public enum OptimizerRule: Codable, Equatable, Sendable, CustomStringConvertible {
    case sgd(learningRate: Float, momentum: Float)
    case adadelta(learningRate: Float, rho: Float, epsilon: Float)
    case adam(learningRate: Float, beta1: Float, beta2: Float, epsilon: Float)

    public static let paperAdadelta = OptimizerRule.adadelta(learningRate: 1, rho: 0.95, epsilon: 1e-7)

    /// The rule named `name` (`sgd`, `adadelta`, `adam`) with its default settings, or a given
    /// learning rate (and momentum, for SGD).
    public static func named(_ name: String, learningRate: Float? = nil, momentum: Float = 0) throws -> OptimizerRule {
        let rule: OptimizerRule
        switch name {
        case "sgd": rule = .sgd(learningRate: learningRate ?? 0.01, momentum: momentum)
        case "adadelta": rule = .adadelta(learningRate: learningRate ?? 1, rho: 0.95, epsilon: 1e-7)
        case "adam": rule = .adam(learningRate: learningRate ?? 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7)
        default: throw TrainingError.invalidSetting("unknown optimizer '\(name)' (expected sgd, adadelta or adam)")
        }
        try rule.validate()
        return rule
    }

    public func validate() throws {
        let fine =
            switch self {
            case .sgd(let rate, let momentum): rate > 0 && (0..<1).contains(momentum)
            case .adadelta(let rate, let rho, let epsilon): rate > 0 && (0..<1).contains(rho) && epsilon > 0
            case .adam(let rate, let beta1, let beta2, let epsilon):
                rate > 0 && (0..<1).contains(beta1) && (0..<1).contains(beta2) && epsilon > 0
            }
        guard fine, learningRate.isFinite else {
            throw TrainingError.invalidSetting("invalid optimizer settings: \(self)")
        }
    }

    public var learningRate: Float {
        switch self {
        case .sgd(let rate, _), .adadelta(let rate, _, _), .adam(let rate, _, _, _): rate
        }
    }

    /// Per-parameter state buffers the rule keeps.
    var slotNames: [String] {
        switch self {
        case .sgd(_, let momentum): momentum > 0 ? ["velocity"] : []
        case .adadelta: ["accumulatedGradient", "accumulatedUpdate"]
        case .adam: ["firstMoment", "secondMoment"]
        }
    }

    public var description: String {
        switch self {
        case .sgd(let rate, let momentum): "SGD (learning rate \(rate), momentum \(momentum))"
        case .adadelta(let rate, let rho, let epsilon):
            "Adadelta (learning rate \(rate), rho \(rho), epsilon \(epsilon))"
        case .adam(let rate, let beta1, let beta2, let epsilon):
            "Adam (learning rate \(rate), beta1 \(beta1), beta2 \(beta2), epsilon \(epsilon))"
        }
    }
}

/// Applies an `OptimizerRule` to a network's parameters, keeping per-parameter state keyed by the
/// parameter's name (`conv1.weight.accumulatedGradient`), so the state can be checkpointed and resumed.
public struct Optimizer: Sendable {
    public let rule: OptimizerRule
    /// Updates applied so far (Adam's `t`).
    public private(set) var steps: Int
    private var slots: [String: [Float]]

    public init(rule: OptimizerRule) {
        self.rule = rule
        steps = 0
        slots = [:]
    }

    /// An optimizer that continues from saved `state` (as produced by `state`) after `steps` updates.
    public init(rule: OptimizerRule, steps: Int, state: [String: Tensor], for network: Sequential) throws {
        self.init(rule: rule)
        self.steps = steps
        for parameter in network.parameters {
            for slot in rule.slotNames {
                let key = "\(parameter.name).\(slot)"
                guard let saved = state[key] else {
                    throw TrainingError.invalidSetting("optimizer state '\(key)' is missing")
                }
                guard saved.shape == parameter.value.shape else {
                    throw TrainingError.invalidSetting(
                        "optimizer state '\(key)' has shape \(saved.shape), the parameter \(parameter.value.shape)")
                }
                slots[key] = saved.scalars
            }
        }
    }

    /// Every state buffer as a tensor named `parameter.slot`.
    public func state(for network: Sequential) -> [String: Tensor] {
        var result = [String: Tensor]()
        for parameter in network.parameters {
            for slot in rule.slotNames {
                let key = "\(parameter.name).\(slot)"
                result[key] = Tensor(
                    shape: parameter.value.shape,
                    scalars: slots[key] ?? [Float](repeating: 0, count: parameter.value.count))
            }
        }
        return result
    }

    /// One update of every parameter from its accumulated gradient, split over `threads`. The
    /// gradients are consumed: each is left at zero for the next batch, cleared in the same pass
    /// that read it rather than in another pass over every gradient.
    public mutating func step(_ network: inout Sequential, threads: Int = 1) {
        steps += 1
        network.updateParameters { update(&$0, threads: threads) }
    }

    private mutating func update(_ parameter: inout Parameter, threads: Int) {
        let count = parameter.value.count
        let names = rule.slotNames.map { "\(parameter.name).\($0)" }
        var first = names.count > 0 ? slots.removeValue(forKey: names[0]) ?? [Float](repeating: 0, count: count) : []
        var second = names.count > 1 ? slots.removeValue(forKey: names[1]) ?? [Float](repeating: 0, count: count) : []
        let rule = rule
        let steps = steps
        parameter.value.scalars.withUnsafeMutableBufferPointer { w in
            parameter.gradient.scalars.withUnsafeMutableBufferPointer { g in
                first.withUnsafeMutableBufferPointer { s1 in
                    second.withUnsafeMutableBufferPointer { s2 in
                        let (w, g, s1, s2) = (w.baseAddress!, g.baseAddress!, s1.baseAddress, s2.baseAddress)
                        parallelChunks(count, threads: threadsWorthWaking(threads, forElements: count)) { range in
                            rule.apply(steps: steps, range: range, weights: w, gradients: g, first: s1, second: s2)
                            (g + range.lowerBound).update(repeating: 0, count: range.count)
                        }
                    }
                }
            }
        }
        if names.count > 0 { slots[names[0]] = first }
        if names.count > 1 { slots[names[1]] = second }
    }
}

extension OptimizerRule {
    /// The update of elements `range`; `first`/`second` are the slots named by `slotNames`.
    @inline(__always)
    fileprivate func apply(
        steps: Int, range: Range<Int>, weights w: UnsafeMutablePointer<Float>, gradients g: UnsafePointer<Float>,
        first: UnsafeMutablePointer<Float>?, second: UnsafeMutablePointer<Float>?
    ) {
        switch self {
        case .sgd(let rate, let momentum) where momentum > 0:
            let v = first!
            for i in range {
                v[i] = momentum * v[i] - rate * g[i]
                w[i] += v[i]
            }
        case .sgd(let rate, _):
            for i in range { w[i] -= rate * g[i] }
        case .adadelta(let rate, let rho, let epsilon):
            let (accumulatedGradient, accumulatedUpdate) = (first!, second!)
            for i in range {
                let a = rho * accumulatedGradient[i] + (1 - rho) * g[i] * g[i]
                let delta = g[i] * ((accumulatedUpdate[i] + epsilon) / (a + epsilon)).squareRoot()
                accumulatedGradient[i] = a
                w[i] -= rate * delta
                accumulatedUpdate[i] = rho * accumulatedUpdate[i] + (1 - rho) * delta * delta
            }
        case .adam(let rate, let beta1, let beta2, let epsilon):
            let (m, v) = (first!, second!)
            let correction1 = Float(1 - Foundation.pow(Double(beta1), Double(steps)))
            let correction2 = Float(1 - Foundation.pow(Double(beta2), Double(steps)))
            for i in range {
                m[i] = beta1 * m[i] + (1 - beta1) * g[i]
                v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
                w[i] -= rate * (m[i] / correction1) / ((v[i] / correction2).squareRoot() + epsilon)
            }
        }
    }
}
