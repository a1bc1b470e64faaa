import DigitsMetrics
import DigitsNN

/// Everything measured about one trained model: what `metrics.json` holds for it.
public struct ModelResult: Codable, Sendable {
    /// The comparison row (its id, kind, title and the paper's figures, if any).
    public let row: ComparisonRow
    /// The settings it was fitted with, every one of them.
    public let settings: ModelSettings
    /// What was fitted, in words, from those settings.
    public let description: String
    public let metrics: ClassificationReport
    public let auc: AUCSummary
    /// Cross-entropy of the predicted probabilities, the same quantity the networks train on and
    /// report as test loss (models without probabilities: nil).
    public let logLoss: Double?
    public let fitSeconds: Double
    /// Seconds to score the whole test set.
    public let predictSeconds: Double
    /// Peak resident memory of the process while this model trained and predicted, in MiB.
    public let peakMemoryMiB: Double?
    /// Per-epoch losses and accuracies, for the networks.
    public let history: [EpochRecord]?
    public let architecture: [LayerSummary]?

    public var title: String { row.title }
}

/// Areas under the one-vs-rest ROC curves.
public struct AUCSummary: Codable, Sendable {
    public let perClass: [Double?]
    public let micro: Double?
    public let macro: Double?

    init(_ analysis: ROCAnalysis) {
        perClass = analysis.perClass.map { $0?.auc }
        micro = analysis.micro?.auc
        macro = analysis.macroAUC
    }
}
