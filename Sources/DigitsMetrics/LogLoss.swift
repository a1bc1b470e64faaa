import Foundation

/// The cross-entropy of one prediction, `−log p` of the probability given to the true class, with
/// `p` clipped to [ε, 1 − ε] (ε the float32 machine epsilon) as scikit-learn's `log_loss` does for
/// float32 input, so a confident mistake costs a finite amount (at most 15.9).
///
/// The one definition of the quantity: the networks' training loss, their per-epoch test loss and
/// the report's log loss all call it, so they are the same number for the same predictions.
@inlinable
public func crossEntropy(probabilityOfLabel p: Double) -> Double {
    let epsilon = Double(Float.ulpOfOne)
    return -log(min(max(p, epsilon), 1 - epsilon))
}

/// Mean cross-entropy of predicted class probabilities (row-major `labels.count × classCount`), as
/// scikit-learn's `log_loss` computes it for float32 input (see `crossEntropy`).
public func logLoss(probabilities: [Float], labels: [Int], classCount: Int) -> Double {
    precondition(
        probabilities.count == labels.count * classCount,
        "\(probabilities.count) probabilities for \(labels.count) × \(classCount)")
    guard !labels.isEmpty else { return 0 }
    let total = labels.enumerated().reduce(0.0) { sum, pair in
        sum + crossEntropy(probabilityOfLabel: Double(probabilities[pair.offset * classCount + pair.element]))
    }
    return total / Double(labels.count)
}
