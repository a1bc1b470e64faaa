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

    /// Parameters updated at once: the block's gradients (16 KiB) are still in L1 when cleared, and
    /// with its weights and two slots (64 KiB) it stays well within L2.
    private static let block = 4096

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
                            // A block at a time, its gradients cleared while still in cache: clearing a
                            // thread's whole range after its update read the gradients back from memory.
                            for start in stride(from: range.lowerBound, to: range.upperBound, by: Self.block) {
                                let block = start..<min(start + Self.block, range.upperBound)
                                rule.apply(steps: steps, range: block, weights: w, gradients: g, first: s1, second: s2)
                                (g + start).update(repeating: 0, count: block.count)
                            }
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
    /// The update of elements `range`; `first`/`second` are the slots named by `slotNames`. Each
    /// rule is written once, on vectors (`forEachVector`): with pointers that might alias, the
    /// compiler kept the loop scalar, one square root and one division at a time. The square roots
    /// become one vector instruction only when built without errno (the Makefile's
    /// `-Xcc -fno-math-errno`); otherwise each lane is checked and rooted on its own.
    @inline(__always)
    fileprivate func apply(
        steps: Int, range: Range<Int>, weights: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>,
        first: UnsafeMutablePointer<Float>?, second: UnsafeMutablePointer<Float>?
    ) {
        let at = (weights, gradients, first, second)
        switch self {
        case .sgd(let rate, let momentum) where momentum > 0:
            forEachVector(range, at) { w, g, v, _ in
                v = momentum * v - rate * g
                w += v
            }
        case .sgd(let rate, _):
            forEachVector(range, at) { w, g, _, _ in w -= rate * g }
        case .adadelta(let rate, let rho, let epsilon):
            forEachVector(range, at) { w, g, accumulatedGradient, accumulatedUpdate in
                let a = rho * accumulatedGradient + (1 - rho) * g * g
                let delta = g * ((accumulatedUpdate + epsilon) / (a + epsilon)).squareRoot()
                accumulatedGradient = a
                w -= rate * delta
                accumulatedUpdate = rho * accumulatedUpdate + (1 - rho) * delta * delta
            }
        case .adam(let rate, let beta1, let beta2, let epsilon):
            let correction1 = Float(1 - Foundation.pow(Double(beta1), Double(steps)))
            let correction2 = Float(1 - Foundation.pow(Double(beta2), Double(steps)))
            forEachVector(range, at) { w, g, m, v in
                m = beta1 * m + (1 - beta1) * g
                v = beta2 * v + (1 - beta2) * g * g
                w -= rate * (m / correction1) / ((v / correction2).squareRoot() + epsilon)
            }
        }
    }
}

/// Runs `update` on `range` of the weights, gradients and two optional slots, 16 elements at a
/// time, and writes back the weights and slots. A last, partial vector is copied into zeroed
/// scratch vectors, updated there and copied back. Lane by lane the arithmetic is the scalar
/// update's, in the same order (vector division and square root round as the scalar ones do), so
/// results are bit for bit those of a plain loop.
@inline(__always)
private func forEachVector(
    _ range: Range<Int>,
    _ at: (
        UnsafeMutablePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>?, UnsafeMutablePointer<Float>?
    ),
    _ update: (
        _ weights: inout SIMD16<Float>, _ gradients: SIMD16<Float>, _ first: inout SIMD16<Float>,
        _ second: inout SIMD16<Float>
    ) -> Void
) {
    typealias Vector = SIMD16<Float>
    let width = Vector.scalarCount
    @inline(__always) func step(
        _ w: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ first: UnsafeMutablePointer<Float>?,
        _ second: UnsafeMutablePointer<Float>?
    ) {
        @inline(__always) func load(_ p: UnsafeMutablePointer<Float>?) -> Vector {
            p.map { UnsafeRawPointer($0).loadUnaligned(as: Vector.self) } ?? Vector()
        }
        var (weights, slot1, slot2) = (load(w), load(first), load(second))
        update(&weights, UnsafeRawPointer(g).loadUnaligned(as: Vector.self), &slot1, &slot2)
        UnsafeMutableRawPointer(w).storeBytes(of: weights, as: Vector.self)
        first.map { UnsafeMutableRawPointer($0).storeBytes(of: slot1, as: Vector.self) }
        second.map { UnsafeMutableRawPointer($0).storeBytes(of: slot2, as: Vector.self) }
    }
    let (w, g, first, second) = at
    var i = range.lowerBound
    while i + width <= range.upperBound {
        step(w + i, g + i, first.map { $0 + i }, second.map { $0 + i })
        i += width
    }
    let live = range.upperBound - i
    guard live > 0 else { return }
    withUnsafeTemporaryAllocation(of: Float.self, capacity: 4 * width) { scratch in
        let s = scratch.baseAddress!
        s.initialize(repeating: 0, count: 4 * width)
        s.update(from: w + i, count: live)
        (s + width).update(from: g + i, count: live)
        first.map { (s + 2 * width).update(from: $0 + i, count: live) }
        second.map { (s + 3 * width).update(from: $0 + i, count: live) }
        step(s, s + width, first == nil ? nil : s + 2 * width, second == nil ? nil : s + 3 * width)
        (w + i).update(from: s, count: live)
        first.map { ($0 + i).update(from: s + 2 * width, count: live) }
        second.map { ($0 + i).update(from: s + 3 * width, count: live) }
    }
}
