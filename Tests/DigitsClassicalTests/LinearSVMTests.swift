import DigitsCompute
import DigitsData
import DigitsModelCore
import Foundation
import Testing

@testable import DigitsClassical

/// The hinge-loss SVM: separable problems are separated, the dual solver converges to the optimum,
/// models round-trip through files, bad settings are refused.
@Suite struct LinearSVMTests {
    /// Three classes of 2-pixel images in separate corners: every strategy classifies the training set perfectly.
    static let corners: LabeledImages = {
        var rng = SplitMix64(seed: 5)
        var images = [UInt8]()
        var labels = [UInt8]()
        for (label, centre) in [(0, (30, 30)), (1, (220, 40)), (2, (120, 230))] {
            for _ in 0..<40 {
                images += [
                    UInt8(centre.0 + Int.random(in: -25...25, using: &rng)),
                    UInt8(centre.1 + Int.random(in: -25...25, using: &rng)),
                ]
                labels.append(UInt8(label))
            }
        }
        return LabeledImages(images: images, labels: labels, rows: 1, columns: 2, classCount: 3)
    }()

    @Test(arguments: MulticlassStrategy.allCases)
    func separableProblemIsSeparated(strategy: MulticlassStrategy) throws {
        let svm = try LinearSVM.fit(
            Self.corners, settings: LinearSVMSettings(strategy: strategy, c: 10), seed: 1, threads: 2)
        #expect(svm.diagnostics.allSatisfy { $0.converged })
        let predictions = try svm.predictions(for: Self.corners, backend: BLASBackend(threads: 1))
        #expect(predictions == Self.corners.labels.map(Int.init))
    }

    /// At convergence the dual solution is optimal: nudging any weight raises the primal objective.
    @Test func solutionIsAMinimum() throws {
        let svm = try LinearSVM.fit(
            Self.corners, settings: LinearSVMSettings(strategy: .oneVsRest, c: 1, tolerance: 1e-4),
            seed: 2, threads: 1)
        let samples = Self.corners.images.map { Float($0) / 255 }
        let rows = (0..<Int32(Self.corners.count)).map { $0 }
        let signs = Self.corners.labels.map { $0 == 0 ? Float(1) : -1 }
        samples.withUnsafeBufferPointer { samples in
            let solver = HingeLossSolver(
                samples: samples.baseAddress!, dimension: 2, c: 1, tolerance: 1e-4, maxEpochs: 1)
            let weights = Array(svm.weights[0..<3])
            let optimum = solver.objective(weights, rows: rows, signs: signs)
            #expect(abs(optimum - svm.diagnostics[0].objective) < 1e-6 * max(1, optimum))
            for index in 0..<3 {
                for delta: Float in [-0.01, 0.01] {
                    var nudged = weights
                    nudged[index] += delta
                    #expect(
                        solver.objective(nudged, rows: rows, signs: signs) >= optimum - 1e-4, "w[\(index)] \(delta)")
                }
            }
        }
    }

    @Test func saveLoadRoundTrip() throws {
        let svm = try LinearSVM.fit(Self.corners, settings: LinearSVMSettings(strategy: .oneVsOne), seed: 3, threads: 2)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "digits-svm-\(UUID().uuidString).safetensors"
        ).path
        try svm.save(to: path)
        let loaded = try LinearSVM(Safetensors.read(from: path), path: path)
        #expect(loaded == svm)
        var other = try Safetensors.read(from: path)
        other.metadata[ModelFileKey.model] = "random-forest"
        #expect(throws: ClassicalError.self) { try LinearSVM(other, path: path) }
        other = try Safetensors.read(from: path)
        other.tensors["weights"] = Tensor(zeros: [2, 3])
        #expect(throws: ClassicalError.self) { try LinearSVM(other, path: path) }
    }

    @Test func badSettingsAreRefused() {
        for settings in [
            LinearSVMSettings(c: 0), LinearSVMSettings(c: -1), LinearSVMSettings(tolerance: 0),
            LinearSVMSettings(maxEpochs: 0),
        ] {
            #expect(throws: ClassicalError.self, "\(settings)") {
                try LinearSVM.fit(Self.corners, settings: settings, seed: 1, threads: 1)
            }
        }
    }

    /// C is chosen on a held-out split of the training images, then the model is refitted on all of them.
    @Test func chooseCOnValidationSplit() throws {
        let (svm, candidates) = try LinearSVM.fitSelectingC(
            Self.corners, candidates: [10, 0.001, 1], settings: LinearSVMSettings(strategy: .oneVsOne),
            validationFraction: 0.25, seed: 4, backend: BLASBackend(threads: 1))
        #expect(candidates.map(\.c) == [0.001, 1, 10])
        let best = candidates.map(\.validationAccuracy).max()!
        #expect(svm.settings.c == candidates.first { $0.validationAccuracy == best }!.c)
        #expect(best == 1, "separable corners: some C classifies the held-out quarter perfectly")
        let refitted = try LinearSVM.fit(Self.corners, settings: svm.settings, seed: 4, threads: 1)
        #expect(refitted == svm)
        #expect(throws: ClassicalError.self) {
            try LinearSVM.fitSelectingC(
                Self.corners, candidates: [1], settings: LinearSVMSettings(), validationFraction: 0,
                seed: 1, backend: BLASBackend(threads: 1))
        }
    }

    /// Against scikit-learn's LinearSVC (LIBLINEAR) on 300 images of 3s and 5s (14×14), C 0.1:
    /// `Fixtures/make_linearsvc_reference.py`. Our optimum matches its objective and weights, and is
    /// lower than after the first epoch.
    @Test func matchesLinearSVC() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/linearsvc_reference.safetensors").path
        let reference = try Safetensors.read(from: path).tensors
        let levels = try #require(reference["levels"])
        let labels = try #require(reference["labels"])
        let data = LabeledImages(
            images: levels.scalars.map { UInt8($0) }, labels: labels.scalars.map { UInt8($0) },
            rows: 14, columns: 14, classCount: 2)
        func fit(epochs: Int) throws -> LinearSVM {
            try LinearSVM.fit(
                data, settings: LinearSVMSettings(strategy: .oneVsRest, c: 0.1, tolerance: 1e-5, maxEpochs: epochs),
                seed: 1, threads: 1)
        }
        let svm = try fit(epochs: 100_000)
        let expected = Double(try #require(reference["objective"]).scalars[0])
        #expect(svm.diagnostics[0].converged)
        #expect(
            abs(svm.diagnostics[0].objective - expected) <= 1e-4 * expected,
            "objective \(svm.diagnostics[0].objective) vs LinearSVC \(expected)")
        let weights = try #require(reference["weights"]).scalars
        let scale = weights.map(abs).max()!
        let worst = zip(svm.weights[0..<weights.count], weights).map { abs($0 - $1) }.max()!
        #expect(worst <= 0.002 * scale, "largest weight difference \(worst) of \(scale)")
        #expect(try fit(epochs: 1).diagnostics[0].objective > svm.diagnostics[0].objective)
    }

    /// `--pca K`: the SVM fits on principal components, keeps them, and round-trips with them.
    @Test func principalComponentsPreprocessing() throws {
        let backend = BLASBackend(threads: 1)
        let svm = try LinearSVM.fit(
            Self.corners, settings: LinearSVMSettings(strategy: .oneVsOne, c: 10),
            principalComponents: 2, seed: 1, backend: backend)
        #expect(svm.pca?.count == 2 && svm.featureCount == 2)
        #expect(try svm.predictions(for: Self.corners, backend: backend) == Self.corners.labels.map(Int.init))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "digits-pca-svm-\(UUID().uuidString).safetensors"
        ).path
        try svm.save(to: path)
        let loaded = try LinearSVM(Safetensors.read(from: path), path: path)
        #expect(loaded == svm)
        var incomplete = try Safetensors.read(from: path)
        incomplete.tensors["pca.mean"] = nil
        #expect(throws: ClassicalError.self) { try LinearSVM(incomplete, path: path) }
        #expect(throws: ClassicalError.self) {
            try LinearSVM.fit(
                Self.corners, settings: LinearSVMSettings(), principalComponents: 3, seed: 1, backend: backend)
        }
    }
}
