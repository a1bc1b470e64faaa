import DigitsCompute
import DigitsData
import DigitsModelCore

/// How a binary SVM becomes a multi-class one.
public enum MulticlassStrategy: String, Codable, Sendable, CaseIterable {
    /// One machine per class against all others; the score of class c is its machine's decision value.
    case oneVsRest = "ovr"
    /// One machine per pair of classes (45 for digits), trained on those two classes only; each votes,
    /// and ties are broken by the summed decision values, as libsvm's `SVC` and scikit-learn do.
    case oneVsOne = "ovo"
}

/// Hyper-parameters of the linear SVM.
public struct LinearSVMSettings: Codable, Equatable, Sendable {
    public var strategy: MulticlassStrategy
    /// Cost of a margin violation: larger C fits the training set harder (less regularisation).
    /// Default 0.1: on a 10% validation split of MNIST's training set, one-vs-one chose 0.1 among
    /// {0.1, 1, 10}; at scikit-learn's C = 1, one-vs-rest machines do not converge in 1,000 epochs
    /// (LIBLINEAR's neither).
    public var c: Float
    /// Stop when the epoch's projected gradients span less than this (LIBLINEAR's default, 0.1).
    public var tolerance: Float
    public var maxEpochs: Int

    public init(
        strategy: MulticlassStrategy = .oneVsRest, c: Float = 0.1, tolerance: Float = 0.1, maxEpochs: Int = 1000
    ) {
        self.strategy = strategy
        self.c = c
        self.tolerance = tolerance
        self.maxEpochs = maxEpochs
    }

    public func validate() throws {
        guard c > 0, c.isFinite else { throw ClassicalError.invalidSetting("C must be positive (got \(c))") }
        guard tolerance > 0 else {
            throw ClassicalError.invalidSetting("tolerance must be positive (got \(tolerance))")
        }
        guard maxEpochs >= 1 else {
            throw ClassicalError.invalidSetting("max epochs must be at least 1 (got \(maxEpochs))")
        }
    }
}

/// A multi-class linear SVM with hinge loss on pixels / 255: one weight row (plus bias) per binary
/// machine, `[machines, pixels + 1]`. Decision values for many images are one GEMM on the backend.
public struct LinearSVM: Sendable, Equatable {
    public let settings: LinearSVMSettings
    public let classCount: Int
    public let featureCount: Int
    /// `machines × (featureCount + 1)`, row-major, the bias last in each row.
    public let weights: [Float]
    /// Per machine: epochs run, whether it converged, its primal objective.
    public let diagnostics: [MachineDiagnostics]
    /// When set, images are projected onto these principal components first (`--pca K`), and
    /// `featureCount` is the number of components.
    public internal(set) var pca: PrincipalComponents? = nil

    public struct MachineDiagnostics: Codable, Equatable, Sendable {
        public let positive: Int
        /// The negative class, or nil for "all the others" (one-vs-rest).
        public let negative: Int?
        public let epochs: Int
        public let converged: Bool
        public let objective: Double
    }

    /// The (positive, negative) classes of each machine, in weight-row order.
    static func machines(_ strategy: MulticlassStrategy, classes: Int) -> [(Int, Int?)] {
        switch strategy {
        case .oneVsRest: (0..<classes).map { ($0, nil) }
        case .oneVsOne: (0..<classes).flatMap { a in ((a + 1)..<classes).map { (a, $0) } }
        }
    }

    /// Fits on pixels / 255.
    public static func fit(_ data: LabeledImages, settings: LinearSVMSettings, seed: UInt64, threads: Int) throws
        -> LinearSVM
    {
        try fit(
            features: pixelFeatures(data), labels: data.labels, classCount: data.classCount, settings: settings,
            seed: seed, threads: threads)
    }

    /// Fits on the leading `principalComponents` of pixels / 255 (PCA fitted on the training images).
    public static func fit(
        _ data: LabeledImages, settings: LinearSVMSettings, principalComponents k: Int, seed: UInt64,
        backend: any ComputeBackend
    ) throws -> LinearSVM {
        let pixels = pixelFeatures(data)
        let pca = try PrincipalComponents.fit(pixels, components: k, backend: backend)
        var svm = try fit(
            features: pca.transform(pixels, backend: backend), labels: data.labels, classCount: data.classCount,
            settings: settings, seed: seed, threads: backend.threads)
        svm.pca = pca
        return svm
    }

    /// Fits on any features: `features` is `[samples, dimension]`, one label per row.
    public static func fit(
        features: Tensor, labels: [UInt8], classCount: Int, settings: LinearSVMSettings, seed: UInt64, threads: Int
    ) throws -> LinearSVM {
        try settings.validate()
        precondition(
            features.rank == 2 && features.shape[0] == labels.count,
            "\(labels.count) labels for features \(features.shape)")
        guard !labels.isEmpty else { throw ClassicalError.invalidSetting("cannot fit an SVM to an empty training set") }
        let d = features.shape[1]
        let machines = Self.machines(settings.strategy, classes: classCount)
        var results = [HingeLossSolver.Result?](repeating: nil, count: machines.count)
        let streams = SplitMix64(seed: seed)
        features.scalars.withUnsafeBufferPointer { samples in
            let solver = HingeLossSolver(
                samples: samples.baseAddress!, dimension: d, c: settings.c,
                tolerance: settings.tolerance, maxEpochs: settings.maxEpochs)
            results.withUnsafeMutableBufferPointer { results in
                parallelInterleaved(machines.count, threads: threads) { m in
                    let (positive, negative) = machines[m]
                    var rows = [Int32]()
                    var signs = [Float]()
                    for (i, label) in labels.enumerated()
                    where negative == nil || Int(label) == positive || Int(label) == negative {
                        rows.append(Int32(i))
                        signs.append(Int(label) == positive ? 1 : -1)
                    }
                    var rng = streams.split(index: UInt64(m))
                    results[m] = solver.fit(rows: rows, signs: signs, rng: &rng)
                }
            }
        }
        let fitted = results.map { $0! }
        return LinearSVM(
            settings: settings, classCount: classCount, featureCount: d, weights: fitted.flatMap(\.weights),
            diagnostics: zip(machines, fitted).map {
                MachineDiagnostics(
                    positive: $0.0, negative: $0.1, epochs: $1.epochs, converged: $1.converged, objective: $1.objective)
            })
    }

    /// Pixels / 255 as `[images, pixels]`.
    static func pixelFeatures(_ images: LabeledImages) -> Tensor {
        images.batch(0..<images.count).images.reshaped(to: [images.count, images.pixelsPerImage])
    }

    /// Each machine's decision value `w·x + b` for every image (pixels / 255, projected when the SVM
    /// was fitted on principal components): `[images, machines]`.
    public func decisionValues(for images: LabeledImages, backend: any ComputeBackend) throws -> Tensor {
        let pixels = pca?.dimension ?? featureCount
        guard images.pixelsPerImage == pixels else {
            throw ClassicalError.shapeMismatch(
                "the SVM was fitted on \(pixels) pixels per image, these have \(images.pixelsPerImage)")
        }
        let x = Self.pixelFeatures(images)
        return try decisionValues(features: pca.map { try $0.transform(x, backend: backend) } ?? x, backend: backend)
    }

    /// Decision values for `[samples, featureCount]` features: one GEMM against the weight rows (the
    /// bias column skipped through the leading dimension), on top of the broadcast biases.
    public func decisionValues(features: Tensor, backend: any ComputeBackend) throws -> Tensor {
        let (n, machines, d) = (features.shape[0], diagnostics.count, featureCount)
        guard features.rank == 2, features.shape[1] == d else {
            throw ClassicalError.shapeMismatch("the SVM takes \(d) features per sample, got \(features.shape)")
        }
        var values = Tensor(
            shape: [n, machines], scalars: (0..<(n * machines)).map { weights[($0 % machines) * (d + 1) + d] })
        try features.scalars.withUnsafeBufferPointer { x in
            try weights.withUnsafeBufferPointer { w in
                try values.scalars.withUnsafeMutableBufferPointer { c in
                    try backend.gemm(
                        GEMMDimensions(transposeB: true, m: n, n: machines, k: d, ldb: d + 1),
                        alpha: 1, a: x, b: w, beta: 1, c: c)
                }
            }
        }
        return values
    }
}

extension LinearSVM: Classifier {
    /// One-vs-rest: the decision values. One-vs-one: votes plus the summed decision values squashed
    /// into (−⅓, ⅓), so they only break ties (scikit-learn's `_ovr_decision_function`).
    public func scores(for images: LabeledImages, backend: any ComputeBackend) throws -> [Float] {
        try scores(decisionValues: decisionValues(for: images, backend: backend))
    }

    /// The same scores from features `[samples, featureCount]` (random-features SVMs).
    func scores(features: Tensor, backend: any ComputeBackend) throws -> [Float] {
        try scores(decisionValues: decisionValues(features: features, backend: backend))
    }

    private func scores(decisionValues values: Tensor) -> [Float] {
        guard settings.strategy == .oneVsOne else { return values.scalars }
        let samples = values.shape[0]
        let machines = Self.machines(.oneVsOne, classes: classCount)
        var scores = [Float](repeating: 0, count: samples * classCount)
        for i in 0..<samples {
            var votes = [Float](repeating: 0, count: classCount)
            var confidence = votes
            for (m, (a, b)) in machines.enumerated() {
                let value = values.scalars[i * machines.count + m]
                votes[value > 0 ? a : b!] += 1
                confidence[a] += value
                confidence[b!] -= value
            }
            for c in 0..<classCount {
                scores[i * classCount + c] = votes[c] + confidence[c] / (3 * (abs(confidence[c]) + 1))
            }
        }
        return scores
    }
}
