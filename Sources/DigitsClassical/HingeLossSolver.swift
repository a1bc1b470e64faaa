import DigitsCompute

/// One binary linear SVM with hinge loss and L2 regularisation,
/// `min_w ½‖w‖² + C·Σ_i max(0, 1 − y_i·w·x̂_i)`, with `x̂ = [x, 1]` so the last weight is the bias
/// (LIBLINEAR's `-B 1`). Solved in the dual by coordinate descent (Hsieh et al., 2008, the solver of
/// LIBLINEAR): each step minimises over one `α_i ∈ [0, C]` exactly and keeps `w = Σ α_i·y_i·x̂_i` up to
/// date, so an epoch costs two passes over the data. It stops when the projected gradients of an
/// epoch span less than `tolerance` (LIBLINEAR's criterion), which bounds the duality gap, rather than
/// after a fixed number of steps, and it shrinks the problem as LIBLINEAR does: variables stuck at a
/// bound are set aside until the rest has converged. Chosen over Pegasos-style SGD because it converges to the exact
/// optimum without a learning rate to tune.
struct HingeLossSolver {
    /// Row-major samples, `dimension` floats each.
    let samples: UnsafePointer<Float>
    let dimension: Int
    let c: Float
    let tolerance: Float
    let maxEpochs: Int

    struct Result {
        /// `dimension + 1` weights, the bias last.
        var weights: [Float]
        var epochs: Int
        var converged: Bool
        /// The primal objective at the returned weights.
        var objective: Double
    }

    /// Fits rows `rows` with labels `signs` (±1), visiting them in an order drawn from `rng`.
    func fit(rows: [Int32], signs: [Float], rng: inout SplitMix64) -> Result {
        let d = dimension
        var w = [Float](repeating: 0, count: d + 1)
        var alpha = [Float](repeating: 0, count: rows.count)
        // Q_ii = ‖x̂_i‖² = ‖x_i‖² + 1.
        let diagonal = rows.map { dotProduct(samples + Int($0) * d, samples + Int($0) * d, count: d) + 1 }
        var order = Array(0..<rows.count)
        var active = rows.count
        // Shrinking (LIBLINEAR): a variable at a bound whose gradient pushes further out than last epoch's
        // extreme projected gradient is set aside; when the rest converges, all are checked again.
        var (previousLargest, previousSmallest) = (Float.infinity, -Float.infinity)
        var epochs = 0
        var converged = false
        w.withUnsafeMutableBufferPointer { w in
            let weights = w.baseAddress!
            while epochs < maxEpochs {
                epochs += 1
                order[0..<active].shuffle(using: &rng)
                var (largest, smallest) = (-Float.infinity, Float.infinity)
                var s = 0
                while s < active {
                    let i = order[s]
                    let x = samples + Int(rows[i]) * d
                    let y = signs[i]
                    let gradient = y * (dotProduct(weights, x, count: d) + weights[d]) - 1
                    var projected = gradient
                    if alpha[i] == 0 {
                        if gradient > previousLargest {
                            active -= 1
                            order.swapAt(s, active)
                            continue
                        }
                        projected = min(gradient, 0)
                    } else if alpha[i] == c {
                        if gradient < previousSmallest {
                            active -= 1
                            order.swapAt(s, active)
                            continue
                        }
                        projected = max(gradient, 0)
                    }
                    largest = max(largest, projected)
                    smallest = min(smallest, projected)
                    s += 1
                    guard abs(projected) > 1e-12 else { continue }
                    let updated = min(max(alpha[i] - gradient / diagonal[i], 0), c)
                    let step = (updated - alpha[i]) * y
                    alpha[i] = updated
                    addScaled(step, x, to: weights, count: d)
                    weights[d] += step
                }
                if largest - smallest <= tolerance {
                    if active == rows.count {
                        converged = true
                        break
                    }
                    // Converged on the active set: check every variable again before stopping.
                    active = rows.count
                    (previousLargest, previousSmallest) = (.infinity, -.infinity)
                    continue
                }
                previousLargest = largest <= 0 ? .infinity : largest
                previousSmallest = smallest >= 0 ? -.infinity : smallest
            }
        }
        return Result(
            weights: w, epochs: epochs, converged: converged, objective: objective(w, rows: rows, signs: signs))
    }

    /// `½‖w‖² + C·Σ hinge`, in Double.
    func objective(_ w: [Float], rows: [Int32], signs: [Float]) -> Double {
        w.withUnsafeBufferPointer { w in
            var total = 0.5 * Double(dotProduct(w.baseAddress!, w.baseAddress!, count: dimension + 1))
            for (row, y) in zip(rows, signs) {
                let margin =
                    y * (dotProduct(w.baseAddress!, samples + Int(row) * dimension, count: dimension) + w[dimension])
                total += Double(c) * Double(max(0, 1 - margin))
            }
            return total
        }
    }
}
