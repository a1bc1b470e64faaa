/// Precision, recall and F1 of one class. A ratio with a zero denominator is 0, as scikit-learn
/// reports it (`zero_division=0`).
public struct ClassMetrics: Codable, Equatable, Sendable {
    public let precision: Double
    public let recall: Double
    public let f1: Double
    public let support: Int
}

/// Accuracy, per-class, macro- and support-weighted precision/recall/F1, and the confusion matrix:
/// the one evaluation every model goes through. Macro averages are unweighted means over classes,
/// the figures the paper's Table I reports; weighted averages weight each class by its support.
public struct ClassificationReport: Codable, Equatable, Sendable {
    public let accuracy: Double
    public let macroPrecision: Double
    public let macroRecall: Double
    public let macroF1: Double
    public let weightedPrecision: Double
    public let weightedRecall: Double
    public let weightedF1: Double
    public let perClass: [ClassMetrics]
    public let confusion: ConfusionMatrix

    public init(confusion: ConfusionMatrix) {
        self.confusion = confusion
        let classes = 0..<confusion.classCount
        perClass = classes.map { c in
            let hits = Double(confusion.counts[c][c])
            let (predicted, support) = (confusion.predicted(c), confusion.support(c))
            let precision = predicted == 0 ? 0 : hits / Double(predicted)
            let recall = support == 0 ? 0 : hits / Double(support)
            let f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
            return ClassMetrics(precision: precision, recall: recall, f1: f1, support: support)
        }
        accuracy = confusion.total == 0 ? 0 : Double(confusion.correct) / Double(confusion.total)
        let count = Double(confusion.classCount)
        macroPrecision = perClass.map(\.precision).reduce(0, +) / count
        macroRecall = perClass.map(\.recall).reduce(0, +) / count
        macroF1 = perClass.map(\.f1).reduce(0, +) / count
        let (metrics, total) = (perClass, Double(max(confusion.total, 1)))
        let weighted = { (metric: KeyPath<ClassMetrics, Double>) in
            metrics.reduce(0) { $0 + $1[keyPath: metric] * Double($1.support) } / total
        }
        weightedPrecision = weighted(\.precision)
        weightedRecall = weighted(\.recall)
        weightedF1 = weighted(\.f1)
    }

    public init(classCount: Int, labels: [Int], predictions: [Int]) {
        self.init(confusion: ConfusionMatrix(classCount: classCount, labels: labels, predictions: predictions))
    }

    /// A plain-text table: accuracy, per-class rows, macro and weighted averages and the confusion matrix.
    public var text: String {
        func f(_ x: Double) -> String {
            let scaled = (x * 10_000).rounded() / 10_000
            var s = String(scaled)
            while s.split(separator: ".").last.map({ $0.count < 4 }) ?? false { s += "0" }
            return s
        }
        var lines = ["accuracy \(f(accuracy))", "", "class  precision  recall  f1      support"]
        for (c, m) in perClass.enumerated() {
            lines.append(
                "\(pad(c, 5))  \(pad(f(m.precision), 9))  \(pad(f(m.recall), 6))  \(pad(f(m.f1), 6))  \(pad(m.support, 7))"
            )
        }
        lines.append(
            "macro  \(pad(f(macroPrecision), 9))  \(pad(f(macroRecall), 6))  \(pad(f(macroF1), 6))  \(pad(confusion.total, 7))"
        )
        lines.append(
            "weighted \(pad(f(weightedPrecision), 7))  \(pad(f(weightedRecall), 6))  \(pad(f(weightedF1), 6))  \(pad(confusion.total, 7))"
        )
        lines += ["", "confusion matrix (rows: true class, columns: predicted)"]
        let width = max(4, String(confusion.counts.joined().max() ?? 0).count + 1)
        lines.append("     " + (0..<confusion.classCount).map { pad($0, width) }.joined())
        for (c, row) in confusion.counts.enumerated() {
            lines.append(pad(c, 5) + row.map { pad($0, width) }.joined())
        }
        return lines.joined(separator: "\n")
    }
}

/// Right-aligns `value` in `width` characters.
private func pad(_ value: some CustomStringConvertible, _ width: Int) -> String {
    let text = value.description
    return String(repeating: " ", count: max(0, width - text.count)) + text
}
