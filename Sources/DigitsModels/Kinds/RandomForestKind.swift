import DigitsClassical
import DigitsData
import DigitsModelCore

/// A random forest of CART trees (Gini, bootstrap samples, √features per split), in its own
/// compact file format.
public struct RandomForestKind: ModelKind {
    public init() {}

    public var name: String { RandomForest.modelType }
    public var title: String { "Random forest" }
    public var givesProbabilities: Bool { true }
    public var fileExtension: String { "forest" }

    public var settings: [SettingSpec] {
        [
            SettingSpec("trees", .integer(minimum: 1), default: "100", help: "Number of trees."),
            SettingSpec(
                "max-depth", .integer(minimum: 1), default: nil, help: "Deepest level of a tree (default: unlimited)."),
            SettingSpec(
                "min-samples-leaf", .integer(minimum: 1), default: "1", help: "Fewest training images in a leaf."),
        ]
    }

    public var comparisonRows: [ComparisonRow] {
        [
            ComparisonRow(
                id: name, kind: name, title: title,
                paperRow: PaperRow(
                    model: "Random forest", accuracy: 0.9630, precision: 0.9610, recall: 0.9620, f1: 0.9615),
                typicalSeconds: 11)
        ]
    }

    public var quickSettings: [String: String] { ["trees": "20"] }

    public func recognizes(_ file: ModelFile) -> Bool { RandomForest.isForestFile(bytes: file.bytes) }

    public func fit(_ data: FitData, settings: ModelSettings, context: FitContext) throws -> TrainedModel {
        let forest = try RandomForest.fit(
            data.training,
            settings: RandomForestSettings(
                treeCount: settings.int("trees"), maxDepth: settings.optionalInt("max-depth"),
                minSamplesLeaf: settings.int("min-samples-leaf")),
            seed: context.seed, threads: context.backend.threads)
        return trained(forest)
    }

    public func load(_ file: ModelFile) throws -> TrainedModel {
        trained(try RandomForest.decode(file.bytes, path: file.path))
    }

    private func trained(_ forest: RandomForest) -> TrainedModel {
        let s = forest.settings
        let nodes = forest.trees.map(\.nodeCount).reduce(0, +)
        let description =
            "\(forest.trees.count) CART trees, Gini, bootstrap, "
            + (s.featuresPerSplit.map { "\($0)" } ?? "√features") + " per split, "
            + (s.maxDepth.map { "depth ≤ \($0)" } ?? "unlimited depth")
            + (s.minSamplesLeaf > 1 ? ", ≥ \(s.minSamplesLeaf) images per leaf" : "")
            + "; \(nodes) nodes (\(nodes / max(forest.trees.count, 1)) per tree)"
        return TrainedModel(kind: self, classifier: forest, description: description, save: { try forest.save(to: $0) })
    }
}
