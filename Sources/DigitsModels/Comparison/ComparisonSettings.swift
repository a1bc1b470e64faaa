/// What a comparison trains and how. The defaults reproduce the paper: every row of every kind with
/// its kind's defaults (the CNN for 10 epochs with Adadelta 1.0, a linear SVM with C 0.1, a forest
/// of 100 trees, …). `quick` shrinks every part (3,000 training and 1,000 test images and each kind's
/// `quickSettings`) for smoke runs and tests: its numbers say nothing about the models.
public struct ComparisonSettings: Codable, Sendable {
    public var models: [ComparisonRow] = ModelRegistry.comparisonRows
    /// Epochs of every model that trains in epochs (nil: each kind's default, or its quick setting).
    public var epochs: Int?
    public var seed: UInt64 = 1
    public var quick = false

    public init() {}

    var trainingLimit: Int? { quick ? 3000 : nil }
    var testLimit: Int? { quick ? 1000 : nil }

    /// The settings `row` trains with: its kind's defaults, then the quick settings, the row's own
    /// and the comparison-wide epochs.
    public func settings(for row: ComparisonRow, kind: any ModelKind) throws -> ModelSettings {
        var overrides = quick ? kind.quickSettings : [:]
        overrides.merge(row.settings) { $1 }
        if let epochs, kind.settings.contains(where: { $0.name == "epochs" }) {
            overrides["epochs"] = quick ? String(min(epochs, Int(overrides["epochs"] ?? "") ?? epochs)) : String(epochs)
        }
        return try kind.settings(overrides)
    }
}
