import DigitsClassical
import DigitsCompute
import DigitsModelCore
import Foundation

/// k-nearest neighbours as a model kind: its settings, its row in `digits compare`, and its file,
/// a safetensors file holding the stored training images (projected), their labels and the PCA.
public struct KNearestNeighborsKind: ModelKind {
    public init() {}

    public var name: String { "knn" }
    public var title: String { "k-nearest neighbours" }
    public var givesProbabilities: Bool { true }
    public var fileExtension: String { "safetensors" }

    public var settings: [SettingSpec] {
        [
            SettingSpec("k", .integer(minimum: 1), default: "3", help: "Neighbours that vote."),
            SettingSpec(
                "weights", .choice(KNearestNeighbors.Weighting.allCases.map(\.rawValue)), default: "distance",
                help: "uniform: one vote each; distance: 1 / distance each."),
            SettingSpec(
                "metric", .choice(KNearestNeighbors.Metric.allCases.map(\.rawValue)), default: "euclidean",
                help: "euclidean ‖x − y‖ or cosine 1 − cos(x, y)."),
            SettingSpec(
                "pca", .integer(minimum: 0), default: "50",
                help: "Principal components the images are projected onto first (0: raw pixels)."),
        ]
    }

    public var comparisonRows: [ComparisonRow] {
        [ComparisonRow(id: name, kind: name, title: title, typicalSeconds: 3)]
    }

    public func fit(_ data: FitData, settings: ModelSettings, context: FitContext) throws -> TrainedModel {
        let components = settings.int("pca")
        let knn = try KNearestNeighbors.fit(
            data.training,
            settings: KNearestNeighbors.Settings(
                k: settings.int("k"), weighting: .init(rawValue: settings.string("weights"))!,
                metric: .init(rawValue: settings.string("metric"))!, components: components > 0 ? components : nil),
            backend: context.backend)
        return trained(knn)
    }

    public func load(_ file: ModelFile) throws -> TrainedModel {
        trained(try KNearestNeighbors(file.safetensors!, path: file.path))
    }

    private func trained(_ knn: KNearestNeighbors) -> TrainedModel {
        let s = knn.settings
        let space =
            knn.pca.map {
                "\($0.count) principal components (\(fixed(100 * Double($0.keptVariance), 1))% of the pixel variance)"
            } ?? "pixels / 255"
        let description =
            "\(s.k) nearest of \(knn.labels.count) training images, \(s.weighting.rawValue) weights, "
            + "\(s.metric.rawValue) distance on \(space); one GEMM per block of \(KNearestNeighbors.blockSize) images"
        return TrainedModel(kind: self, classifier: knn, description: description, save: { try knn.save(to: $0) })
    }
}

/// The kNN file: tensors `references` `[n, d]`, `labels` `[n]` (as floats), and with PCA `pca.mean`
/// `[pixels]`, `pca.components` `[d, pixels]`, `pca.variances` `[d]`; metadata `digits.model` = `knn`
/// and `digits.architecture` = the settings, class count and PCA total variance as JSON.
extension KNearestNeighbors {
    private struct Header: Codable {
        let settings: Settings
        let classCount: Int
        let totalVariance: Float?
    }

    func save(to path: String) throws {
        var tensors = [
            "references": Tensor(shape: [labels.count, dimension], scalars: references),
            "labels": Tensor(shape: [labels.count], scalars: labels.map(Float.init)),
        ]
        if let pca {
            tensors["pca.mean"] = Tensor(shape: [pca.dimension], scalars: pca.mean)
            tensors["pca.components"] = Tensor(shape: [pca.count, pca.dimension], scalars: pca.components)
            tensors["pca.variances"] = Tensor(shape: [pca.count], scalars: pca.variances)
        }
        let header = try modelFileJSON(
            Header(settings: settings, classCount: classCount, totalVariance: pca?.totalVariance))
        try Safetensors(
            tensors: tensors,
            metadata: [ModelFileKey.model: "knn", ModelFileKey.architecture: String(decoding: header, as: UTF8.self)]
        ).write(to: path)
    }

    /// Checks every shape against the header and every label against the class count.
    init(_ file: Safetensors, path: String) throws {
        func fail(_ reason: String) -> ClassicalError { .invalidModelFile(path: path, reason: reason) }
        guard let json = file.metadata[ModelFileKey.architecture],
            let header = try? JSONDecoder().decode(Header.self, from: Data(json.utf8))
        else { throw fail("the metadata lacks a readable \(ModelFileKey.architecture)") }
        guard let references = file.tensors["references"], references.rank == 2,
            let labels = file.tensors["labels"], labels.shape == [references.shape[0]]
        else { throw fail("needs tensors 'references' [n, d] and 'labels' [n]") }
        let (n, d) = (references.shape[0], references.shape[1])
        guard d >= 1 else { throw fail("the references have no dimensions") }
        guard (1...n).contains(header.settings.k), (2...256).contains(header.classCount) else {
            throw fail("k \(header.settings.k) for \(n) references, or \(header.classCount) classes, is impossible")
        }
        guard labels.scalars.allSatisfy({ $0 >= 0 && $0 < Float(header.classCount) && $0 == $0.rounded() }) else {
            throw fail("a label is not a class in 0..<\(header.classCount)")
        }
        var pca: PrincipalComponents?
        if let components = header.settings.components {
            guard let mean = file.tensors["pca.mean"], mean.rank == 1,
                let vectors = file.tensors["pca.components"], vectors.shape == [components, mean.shape[0]],
                let variances = file.tensors["pca.variances"], variances.shape == [components], components == d,
                let total = header.totalVariance
            else { throw fail("the PCA tensors do not match \(components) components of \(d)-dimensional references") }
            pca = PrincipalComponents(
                mean: mean.scalars, components: vectors.scalars, variances: variances.scalars, totalVariance: total)
        }
        self.init(
            settings: header.settings, classCount: header.classCount, pca: pca, references: references.scalars,
            labels: labels.scalars.map { UInt8($0) })
    }
}
