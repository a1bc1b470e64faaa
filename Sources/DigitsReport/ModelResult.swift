import DigitsMetrics
import DigitsNN

/// Everything measured about one trained model: what `metrics.json` holds for it.
public struct ModelResult: Codable, Sendable {
    public let model: ComparisonModel
    public let title: String
    /// The hyper-parameters, in words.
    public let settings: String
    public let metrics: ClassificationReport
    public let auc: AUCSummary
    /// Cross-entropy of the predicted probabilities (models without probabilities: nil).
    public let logLoss: Double?
    public let fitSeconds: Double
    /// Seconds to score the whole test set.
    public let predictSeconds: Double
    /// Peak resident memory of the process while this model trained and predicted, in MiB.
    public let peakMemoryMiB: Double?
    /// Per-epoch losses and accuracies, for the networks.
    public let history: [EpochRecord]?
    public let architecture: [LayerSummary]?
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
