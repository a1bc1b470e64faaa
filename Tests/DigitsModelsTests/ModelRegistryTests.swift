import DigitsCompute
import DigitsData
import DigitsModelCore
import Foundation
import Testing

@testable import DigitsModels

@Suite struct ModelRegistryTests {
    static let mnist = Result { try Dataset.load(from: DatasetLocation.resolve(dataDirectory: nil)) }
    static let legacy = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures/legacy")

    @Test func namesAreUniqueEverywhere() {
        let names = ModelRegistry.names
        #expect(Set(names).count == names.count)
        let rows = ModelRegistry.comparisonRows.map(\.id)
        #expect(Set(rows).count == rows.count)
        for row in ModelRegistry.comparisonRows {
            #expect(names.contains(row.kind), "\(row.id) trains an unknown kind")
            #expect(row.id == row.kind || row.id.hasPrefix(row.kind + "-"), "\(row.id) is named after its kind")
        }
        for kind in ModelRegistry.kinds {
            let settings = kind.settings.map(\.name)
            #expect(Set(settings).count == settings.count, "\(kind.name) lists a setting twice")
        }
    }

    /// Every kind, through the one interface every command uses: fitted on 600 images with its quick
    /// settings, saved, recognised and loaded back by the registry, and scoring as before.
    @Test(arguments: ModelRegistry.names)
    func everyKindFitsSavesAndLoads(name: String) throws {
        let mnist = try Self.mnist.get()
        let kind = try ModelRegistry.kind(named: name)
        let data = FitData(training: mnist.training.subset(Array(0..<600)), test: mnist.test.subset(Array(0..<200)))
        var overrides = kind.quickSettings
        if overrides["epochs"] != nil { overrides["epochs"] = "1" }
        let backend = ComputeBackendKind.blas.makeBackend(threads: 2)
        let model = try kind.fit(
            data, settings: try kind.settings(overrides), context: FitContext(backend: backend, seed: 3))
        #expect(model.name == name && !model.description.isEmpty)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "\(name)-\(UUID()).\(kind.fileExtension)"
        ).path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        let loaded = try ModelRegistry.load(from: path)
        #expect(loaded.name == name && loaded.path == path && loaded.givesProbabilities == kind.givesProbabilities)
        let scores = try model.classifier.scores(for: data.test, backend: backend)
        #expect(try loaded.classifier.scores(for: data.test, backend: backend) == scores)
        #expect(accuracy(rowMaxima(scores, columns: 10), labels: data.test.labels) > 0.3, "\(name) learned something")
        if kind.givesProbabilities {
            for row in 0..<data.test.count {
                #expect(abs(scores[(row * 10)..<(row * 10 + 10)].reduce(0, +) - 1) < 1e-4)
            }
        }
    }

    /// Files written before the registry (commit 2eecd3a; `Fixtures/legacy/README.md`) load as their
    /// kind and score exactly as that version did.
    @Test(arguments: [
        ("mlp.safetensors", "mlp", 0.5259), ("linear-svm.safetensors", "linear-svm", 0.8429),
        ("rff-svm.safetensors", "rff-svm", 0.5271), ("random-forest.forest", "random-forest", 0.5820),
    ])
    func legacyFilesLoad(file: String, kind: String, recordedAccuracy: Double) throws {
        let model = try ModelRegistry.load(from: Self.legacy.appendingPathComponent(file).path)
        #expect(model.name == kind)
        let test = try Self.mnist.get().test
        let predictions = try model.classifier.predictions(
            for: test, backend: ComputeBackendKind.blas.makeBackend(threads: 2))
        #expect(abs(accuracy(predictions, labels: test.labels) - recordedAccuracy) < 1e-9)
    }

    @Test func unknownFilesAndNamesAreRefusedByName() throws {
        #expect(throws: ModelError.unknownKind(name: "svm", known: ModelRegistry.names)) {
            try ModelRegistry.kind(named: "svm")
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mystery-\(UUID()).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Safetensors(tensors: [:], metadata: [ModelFileKey.model: "gradient-boosting"]).write(to: path)
        #expect(throws: ModelError.unknownFile(path: path, model: "gradient-boosting", known: ModelRegistry.names)) {
            try ModelRegistry.load(from: path)
        }
        try Data("not a model".utf8).write(to: URL(fileURLWithPath: path))
        #expect { try ModelRegistry.load(from: path) } throws: { "\($0)".contains(path) }
    }
}
