import Foundation

/// Mean cross-entropy of predicted class probabilities (row-major `labels.count × classCount`), as
/// scikit-learn's `log_loss` computes it for float32 input: each probability is clipped to
/// [ε, 1 − ε] with ε the float32 machine epsilon, so a confident mistake costs a finite amount.
public func logLoss(probabilities: [Float], labels: [Int], classCount: Int) -> Double {
    precondition(probabilities.count == labels.count * classCount,
                 "\(probabilities.count) probabilities for \(labels.count) × \(classCount)")
    guard !labels.isEmpty else { return 0 }
    let epsilon = Double(Float.ulpOfOne)
    let total = labels.enumerated().reduce(0.0) { sum, pair in
        let p = Double(probabilities[pair.offset * classCount + pair.element])
        return sum - log(min(max(p, epsilon), 1 - epsilon))
    }
    return total / Double(labels.count)
}
