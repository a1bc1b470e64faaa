/// Counts of (true class, predicted class) pairs: `counts[truth][prediction]`.
public struct ConfusionMatrix: Codable, Equatable, Sendable {
    public let classCount: Int
    public private(set) var counts: [[Int]]

    public init(classCount: Int) {
        precondition(classCount > 0, "a confusion matrix needs at least one class")
        self.classCount = classCount
        counts = Array(repeating: Array(repeating: 0, count: classCount), count: classCount)
    }

    /// The matrix of `predictions` against `labels` (equal lengths, values in `0..<classCount`).
    public init(classCount: Int, labels: [Int], predictions: [Int]) {
        precondition(labels.count == predictions.count, "\(labels.count) labels but \(predictions.count) predictions")
        self.init(classCount: classCount)
        for (truth, prediction) in zip(labels, predictions) { record(truth: truth, prediction: prediction) }
    }

    public mutating func record(truth: Int, prediction: Int) {
        precondition(
            (0..<classCount).contains(truth) && (0..<classCount).contains(prediction),
            "class \(truth) or \(prediction) outside 0..<\(classCount)")
        counts[truth][prediction] += 1
    }

    public var total: Int { counts.joined().reduce(0, +) }
    public var correct: Int { (0..<classCount).reduce(0) { $0 + counts[$1][$1] } }
    /// Samples whose true class is `c` (the row sum).
    public func support(_ c: Int) -> Int { counts[c].reduce(0, +) }
    /// Samples predicted as `c` (the column sum).
    public func predicted(_ c: Int) -> Int { counts.reduce(0) { $0 + $1[c] } }
}
