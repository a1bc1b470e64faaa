import DigitsCompute
import DigitsData
import DigitsModelCore
import Foundation

/// A kernel SVM through random Fourier features (Rahimi & Recht, 2007): each image becomes
/// `z(x) = √(2/D)·cos(W·x + b)` with `W` drawn from N(0, 2γ) and `b` from U[0, 2π), so that
/// `z(x)·z(y) ≈ exp(−γ‖x − y‖²)`, the RBF kernel; the same hinge-loss solver then runs on `z`.
/// The projection `X·Wᵀ` is one GEMM on the backend.
public struct RandomFeatureSVM: Sendable, Equatable {
    public let map: RandomFourierFeatures
    public let svm: LinearSVM

    /// scikit-learn's `gamma="scale"`: 1 / (pixels · variance of all pixel values / 255).
    public static func scaleGamma(_ data: LabeledImages) -> Float {
        let values = data.images.lazy.map { Double($0) / 255 }
        let mean = values.reduce(0, +) / Double(data.images.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(data.images.count)
        return Float(1 / (Double(data.pixelsPerImage) * variance))
    }

    /// Draws `features` random features (γ defaults to `scaleGamma`) and fits the SVM on them.
    public static func fit(
        _ data: LabeledImages, features: Int, gamma: Float?, settings: LinearSVMSettings, seed: UInt64,
        backend: any ComputeBackend
    ) throws -> RandomFeatureSVM {
        guard features >= 1 else {
            throw ClassicalError.invalidSetting("random features must be at least 1 (got \(features))")
        }
        let gamma = gamma ?? scaleGamma(data)
        guard gamma > 0, gamma.isFinite else {
            throw ClassicalError.invalidSetting("gamma must be positive (got \(gamma))")
        }
        // The feature map's stream: far from the solver's per-machine streams (index 0..<45 for
        // one-vs-one), so the two never draw from the same stream for the same seed.
        var rng = SplitMix64(seed: seed).split(index: 1_000_003)
        let deviation = (2 * Double(gamma)).squareRoot()
        let map = RandomFourierFeatures(
            gamma: gamma, pixelCount: data.pixelsPerImage,
            projection: (0..<(features * data.pixelsPerImage)).map { _ in Float(deviation * rng.standardNormal()) },
            offsets: (0..<features).map { _ in Float.random(in: 0..<(2 * .pi), using: &rng) })
        let svm = try LinearSVM.fit(
            features: map.transform(data, backend: backend), labels: data.labels,
            classCount: data.classCount, settings: settings, seed: seed, threads: backend.threads)
        return RandomFeatureSVM(map: map, svm: svm)
    }
}

/// The feature map `z(x) = √(2/D)·cos(W·x + b)` on pixels / 255.
public struct RandomFourierFeatures: Sendable, Equatable {
    public let gamma: Float
    public let pixelCount: Int
    /// `W`: `[D, pixels]`, row-major.
    public let projection: [Float]
    /// `b`: `[D]`.
    public let offsets: [Float]

    public var featureCount: Int { offsets.count }

    /// `z(x)` for every image: `[images, D]`.
    public func transform(_ images: LabeledImages, backend: any ComputeBackend) throws -> Tensor {
        guard images.pixelsPerImage == pixelCount else {
            throw ClassicalError.shapeMismatch(
                "the model takes \(pixelCount) pixels per image, these have \(images.pixelsPerImage)")
        }
        var z = try backend.matmul(
            LinearSVM.pixelFeatures(images), Tensor(shape: [featureCount, pixelCount], scalars: projection),
            transposeB: true)
        let (scale, d, offsets) = ((2 / Float(featureCount)).squareRoot(), featureCount, offsets)
        z.scalars.withUnsafeMutableBufferPointer { z in
            parallelChunks(images.count, threads: backend.threads) { rows in
                for i in rows {
                    for j in 0..<d { z[i * d + j] = scale * cos(z[i * d + j] + offsets[j]) }
                }
            }
        }
        return z
    }
}

extension RandomFeatureSVM: Classifier {
    public var classCount: Int { svm.classCount }

    public func scores(for images: LabeledImages, backend: any ComputeBackend) throws -> [Float] {
        try svm.scores(features: map.transform(images, backend: backend), backend: backend)
    }
}

/// A random-features SVM as safetensors: the SVM's `weights` plus `projection` `[D, pixels]` and
/// `offsets` `[D]`, γ in the metadata (`digits.model` = `rff-svm`).
extension RandomFeatureSVM {
    public static let modelType = "rff-svm"
    static let gammaKey = "digits.gamma"

    public func save(to path: String) throws {
        var file = try svm.safetensors(model: Self.modelType)
        file.tensors["projection"] = Tensor(shape: [map.featureCount, map.pixelCount], scalars: map.projection)
        file.tensors["offsets"] = Tensor(shape: [map.featureCount], scalars: map.offsets)
        file.metadata[Self.gammaKey] = "\(map.gamma)"
        try file.write(to: path)
    }

    public init(_ file: Safetensors, path: String) throws {
        let svm = try LinearSVM(file, path: path, model: Self.modelType, otherTensors: ["projection", "offsets"])
        let (projection, offsets) = (file.tensors["projection"]!, file.tensors["offsets"]!)
        guard let gamma = file.metadata[Self.gammaKey].flatMap(Float.init), gamma > 0,
            offsets.shape == [svm.featureCount], projection.rank == 2, projection.shape[0] == svm.featureCount
        else {
            throw ClassicalError.invalidModelFile(
                path: path, reason: "the random feature map does not match the SVM's \(svm.featureCount) features")
        }
        self.init(
            map: RandomFourierFeatures(
                gamma: gamma, pixelCount: projection.shape[1], projection: projection.scalars,
                offsets: offsets.scalars), svm: svm)
    }
}
