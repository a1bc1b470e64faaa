/// One-vs-rest ROC curves of a multi-class model: one per class, the micro average (every
/// (sample, class) pair pooled into one binary problem) and the macro average (the per-class
/// curves' true-positive rates averaged over the union of their false-positive rates, as in
/// scikit-learn's multi-class ROC example). `macroAUC` is the mean of the per-class areas,
/// `roc_auc_score(average="macro")`.
public struct ROCAnalysis: Codable, Equatable, Sendable {
    /// nil for a class that is absent from the labels or present in all of them.
    public let perClass: [ROCCurve?]
    public let micro: ROCCurve?
    public let macro: ROCCurve?
    public let macroAUC: Double?

    /// `scores` is row-major `labels.count × classCount`: a higher score means more likely that class.
    public init(scores: [Float], labels: [Int], classCount: Int) {
        precondition(
            scores.count == labels.count * classCount, "\(scores.count) scores for \(labels.count) × \(classCount)")
        let wide = scores.map(Double.init)
        perClass = (0..<classCount).map { c in
            ROCCurve(scores: labels.indices.map { wide[$0 * classCount + c] }, positives: labels.map { $0 == c })
        }
        micro = ROCCurve(
            scores: wide,
            positives: labels.flatMap { label in (0..<classCount).map { $0 == label } })
        let curves = perClass.compactMap { $0 }
        guard !curves.isEmpty else {
            (macro, macroAUC) = (nil, nil)
            return
        }
        macroAUC = curves.map(\.auc).reduce(0, +) / Double(curves.count)
        let grid = Array(Set(curves.flatMap(\.falsePositiveRates))).sorted()
        let meanRates = grid.map { x in curves.map { $0.truePositiveRate(at: x) }.reduce(0, +) / Double(curves.count) }
        macro = ROCCurve(falsePositiveRates: grid, truePositiveRates: meanRates)
    }
}
