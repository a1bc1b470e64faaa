import DigitsCompute
import DigitsData

/// Every fitted model (CNN, MLP, SVMs, forest): a score per class for each image. One evaluation
/// path — predictions, confusion matrices, precision/recall/F1, ROC curves — serves them all.
public protocol Classifier: Sendable {
    var classCount: Int { get }

    /// Class scores, `images.count × classCount` row-major (probabilities for the models that have them).
    func scores(for images: LabeledImages, backend: any ComputeBackend) throws -> [Float]
}

extension Classifier {
    /// The highest-scoring class of each image (the first on ties).
    public func predictions(for images: LabeledImages, backend: any ComputeBackend) throws -> [Int] {
        rowMaxima(try scores(for: images, backend: backend), columns: classCount)
    }
}

/// The fraction of `predictions` equal to their `labels` (0 for none).
public func accuracy(_ predictions: [Int], labels: [UInt8]) -> Double {
    precondition(predictions.count == labels.count, "\(predictions.count) predictions for \(labels.count) labels")
    guard !labels.isEmpty else { return 0 }
    return Double(zip(predictions, labels).filter { $0 == Int($1) }.count) / Double(labels.count)
}

/// The column of each row's largest value (the first on ties) in a row-major matrix.
public func rowMaxima(_ matrix: [Float], columns: Int) -> [Int] {
    (0..<(matrix.count / columns)).map { row in
        let base = row * columns
        var best = 0
        for c in 1..<columns where matrix[base + c] > matrix[base + best] { best = c }
        return best
    }
}
