/// A receiver operating characteristic curve of one binary problem (one class against the rest):
/// false- and true-positive rates as the decision threshold falls through every distinct score.
///
/// Built as scikit-learn's `roc_curve` builds it (`drop_intermediate=True`): points that lie on a
/// straight segment between their neighbours are dropped, the curve starts at (0, 0) with an
/// infinite threshold, and the area is the trapezoidal rule over the points, as `roc_auc_score`.
public struct ROCCurve: Codable, Equatable, Sendable {
    public let falsePositiveRates: [Double]
    public let truePositiveRates: [Double]
    /// The score at or above which a sample counts as positive, per point (first: +∞, stored as nil).
    public let thresholds: [Double?]
    public let auc: Double

    /// The curve of `scores` against `positives`; nil when either class is absent (no curve exists).
    public init?(scores: [Double], positives: [Bool]) {
        precondition(scores.count == positives.count, "\(scores.count) scores for \(positives.count) labels")
        // Descending scores; among equal scores the order does not matter (they form one point).
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        var truePositives = [0]
        var falsePositives = [0]
        var thresholds: [Double?] = [nil]
        var (tp, fp) = (0, 0)
        for (rank, index) in order.enumerated() {
            if positives[index] { tp += 1 } else { fp += 1 }
            let lastOfScore = rank + 1 == order.count || scores[order[rank + 1]] != scores[index]
            if lastOfScore {
                truePositives.append(tp)
                falsePositives.append(fp)
                thresholds.append(scores[index])
            }
        }
        guard tp > 0, fp > 0 else { return nil }
        // Keep the ends and every point where the slope changes.
        var kept = [Int]()
        for i in 1..<truePositives.count {
            let isEnd = i == 1 || i == truePositives.count - 1
            let straight =
                !isEnd
                && falsePositives[i + 1] - 2 * falsePositives[i] + falsePositives[i - 1] == 0
                && truePositives[i + 1] - 2 * truePositives[i] + truePositives[i - 1] == 0
            if !straight { kept.append(i) }
        }
        kept.insert(0, at: 0)
        falsePositiveRates = kept.map { Double(falsePositives[$0]) / Double(fp) }
        truePositiveRates = kept.map { Double(truePositives[$0]) / Double(tp) }
        self.thresholds = kept.map { thresholds[$0] }
        auc = trapezoidArea(x: falsePositiveRates, y: truePositiveRates)
    }

    init(falsePositiveRates: [Double], truePositiveRates: [Double]) {
        self.falsePositiveRates = falsePositiveRates
        self.truePositiveRates = truePositiveRates
        thresholds = Array(repeating: nil, count: falsePositiveRates.count)
        auc = trapezoidArea(x: falsePositiveRates, y: truePositiveRates)
    }

    /// The true-positive rate at false-positive rate `x`, linearly interpolated as `numpy.interp`
    /// does (at a vertical step, the highest rate).
    public func truePositiveRate(at x: Double) -> Double {
        let xs = falsePositiveRates
        guard x >= xs[0] else { return truePositiveRates[0] }
        guard x < xs[xs.count - 1] else { return truePositiveRates[xs.count - 1] }
        // The last point at or left of x, then a straight line to the next.
        var low = 0
        var high = xs.count - 1
        while high - low > 1 {
            let middle = (low + high) / 2
            if xs[middle] <= x { low = middle } else { high = middle }
        }
        let (x0, x1, y0, y1) = (xs[low], xs[low + 1], truePositiveRates[low], truePositiveRates[low + 1])
        return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    }
}

/// The area under a piecewise-linear curve through (x, y), x ascending.
func trapezoidArea(x: [Double], y: [Double]) -> Double {
    var area = 0.0
    for i in x.indices.dropFirst() { area += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2 }
    return area
}
