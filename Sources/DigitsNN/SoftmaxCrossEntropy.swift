import DigitsCompute
import DigitsData
import DigitsMetrics
import DigitsModelCore
import Foundation

/// Softmax fused with cross-entropy, the loss of every classifier network here.
///
/// For logits `z: [batch, classes]` and labels `t`: `p = softmax(z)` row-wise (shifted by the row
/// maximum, so large logits cannot overflow), `loss = (1/batch)·Σ crossEntropy(p[t])` (−log p[t], clipped as the report's log loss is), and the gradient is the
/// well-known `(p − onehot(t)) / batch`. Fusing the two avoids dividing by a tiny `p`.
public enum SoftmaxCrossEntropy {
    public struct Result: Sendable {
        /// Mean loss over the batch.
        public let loss: Double
        /// Images whose largest logit is their label's.
        public let correct: Int
        /// ∂loss/∂logits, `[batch, classes]`.
        public let gradient: Tensor
    }

    /// Row-wise softmax of `[batch, classes]` logits.
    public static func probabilities(_ logits: Tensor) -> Tensor {
        precondition(logits.rank == 2, "softmax expects [batch, classes], got \(logits.shape)")
        var p = logits
        let classes = logits.shape[1]
        p.scalars.withUnsafeMutableBufferPointer { values in
            for row in 0..<logits.shape[0] {
                let z = UnsafeMutableBufferPointer(rebasing: values[(row * classes)..<((row + 1) * classes)])
                let top = z.max() ?? 0
                var total: Float = 0
                for j in z.indices {
                    z[j] = Foundation.exp(z[j] - top)
                    total += z[j]
                }
                for j in z.indices { z[j] /= total }
            }
        }
        return p
    }

    /// Loss, accuracy count and gradient for one batch.
    public static func evaluate(logits: Tensor, labels: [Int]) -> Result {
        let (batch, classes) = (logits.shape[0], logits.shape[1])
        precondition(labels.count == batch, "\(labels.count) labels for a batch of \(batch)")
        var gradient = probabilities(logits)
        var loss = 0.0
        let correct = zip(rowMaxima(logits.scalars, columns: classes), labels).filter { $0 == $1 }.count
        for row in 0..<batch {
            let label = labels[row]
            precondition((0..<classes).contains(label), "label \(label) outside 0..<\(classes)")
            let base = row * classes
            loss += crossEntropy(probabilityOfLabel: Double(gradient.scalars[base + label]))
            gradient.scalars[base + label] -= 1
        }
        let scale = 1 / Float(batch)
        for i in gradient.scalars.indices { gradient.scalars[i] *= scale }
        return Result(loss: loss / Double(batch), correct: correct, gradient: gradient)
    }
}
