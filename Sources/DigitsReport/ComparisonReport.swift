import DigitsCompute
import DigitsData
import DigitsMetrics
import DigitsModelCore
import DigitsModels
import DigitsNN
import Foundation

/// Everything in the report that is a number, machine-readable: `metrics.json`.
public struct ComparisonMetrics: Codable, Sendable {
    public var environment: RunEnvironment
    public var settings: ComparisonSettings
    public var dataset: DatasetSummary
    public var wallSeconds: Double
    public var peakMemoryMiB: Double?
    public var models: [ModelResult]
}

/// The data a report was made from.
public struct DatasetSummary: Codable, Sendable {
    public var directory: String
    public var canonicalMNIST: Bool
    public var trainingImages: Int
    public var testImages: Int
    public var imageShape: [Int]
    public var classCount: Int
}

/// Turns a finished comparison into the report: Table I beside the paper, every model's metrics,
/// the figures, the architecture summaries, the activation comparison and how the run was made.
/// It only renders: every number comes from the comparison, the peers' committed results or the run.
public struct ComparisonReport {
    public let metrics: ComparisonMetrics
    let trained: [ComparedModel]
    let comparison: Comparison
    let projection: TestProjection
    let peers: PeerResults

    public init(
        comparison: Comparison, trained: [ComparedModel], projection: TestProjection, peers: PeerResults,
        dataset: Dataset, environment: RunEnvironment, wallSeconds: Double, peakMemoryMiB: Double?
    ) {
        self.comparison = comparison
        self.trained = trained
        self.projection = projection
        self.peers = peers
        metrics = ComparisonMetrics(
            environment: environment, settings: comparison.settings,
            dataset: DatasetSummary(
                directory: dataset.location.directory, canonicalMNIST: dataset.isCanonicalMNIST,
                trainingImages: comparison.training.count, testImages: comparison.test.count,
                imageShape: [comparison.training.rows, comparison.training.columns],
                classCount: comparison.training.classCount),
            wallSeconds: wallSeconds, peakMemoryMiB: peakMemoryMiB, models: trained.map(\.result))
    }

    private var results: [ModelResult] { metrics.models }
    private var isPaperComparison: Bool { metrics.dataset.canonicalMNIST && !metrics.settings.quick }
    /// The discussion is rendered for every MNIST run, quick ones included (under the quick banner),
    /// so the tests read the prose the full run prints.
    private var discussesPaper: Bool { metrics.dataset.canonicalMNIST }

    public func document() throws -> ReportDocument {
        var doc = ReportDocument(title: "Digits: the paper's model comparison, reproduced")
        if metrics.settings.quick {
            doc.paragraph(
                "QUICK SMOKE RUN: \(metrics.dataset.trainingImages) training and \(metrics.dataset.testImages) test "
                    + "images, and every model shrunk (fewer epochs, trees and features; see each one's settings). These numbers "
                    + "only show that the pipeline works; run `make compare` for the real comparison.")
        }
        doc.paragraph(overview)
        tableOne(&doc)
        allModels(&doc)
        discussion(&doc)
        try figures(&doc)
        perClass(&doc)
        architectures(&doc)
        activationComparison(&doc)
        reproduction(&doc)
        return doc
    }

    // MARK: - Sections

    private var overview: String {
        let d = metrics.dataset
        let dataset = d.canonicalMNIST ? "MNIST (canonical files, MD5 verified)" : "the IDX dataset in `\(d.directory)`"
        return
            "Every model was trained on the same \(d.trainingImages) training images of \(dataset) and evaluated on the same "
            + "\(d.testImages) test images (\(d.imageShape[0])×\(d.imageShape[1]) pixels, \(d.classCount) classes, pixels / 255). "
            + "The whole run took \(duration(metrics.wallSeconds)) on \(metrics.environment.cores) cores"
            + (metrics.peakMemoryMiB.map { String(format: " with a peak resident memory of %.0f MiB", $0) } ?? "")
            + "; seed \(metrics.settings.seed), backend \(metrics.environment.backend) with \(metrics.environment.threads) threads, "
            + "\(metrics.environment.convolution ?? "im2col") convolutions. "
            + "Precision, recall and F1 are macro averages over the classes, as in the paper's Table I."
    }

    private func tableOne(_ doc: inout ReportDocument) {
        let rows = results.compactMap { result -> [String]? in
            guard let paper = result.row.paperRow else { return nil }
            let m = result.metrics
            var row = [result.title, f4(m.accuracy), f4(m.macroPrecision), f4(m.macroRecall), f4(m.macroF1)]
            if isPaperComparison {
                row += [
                    f4(paper.accuracy), f4(paper.precision), f4(paper.recall), f4(paper.f1),
                    signed(m.accuracy - paper.accuracy),
                ]
            }
            return row
        }
        guard !rows.isEmpty else { return }
        doc.heading("Table I")
        var headers = ["Model", "Accuracy", "Precision", "Recall", "F1"]
        if isPaperComparison {
            headers += ["Paper accuracy", "Paper precision", "Paper recall", "Paper F1", "Δ accuracy"]
        } else {
            doc.paragraph(
                "The paper's figures are for the full MNIST; they are not shown beside "
                    + (metrics.settings.quick ? "a quick run." : "another dataset."))
        }
        doc.table(ReportTable(headers: headers, rows: rows))
    }

    private func allModels(_ doc: inout ReportDocument) {
        doc.heading("Every model")
        doc.table(
            ReportTable(
                headers: [
                    "Model", "Accuracy", "Precision", "Recall", "F1", "Weighted F1", "Macro AUC", "Log loss", "Fit (s)",
                    "Predict test set (s)", "Peak memory (MiB)",
                ],
                rows: results.map { r in
                    [
                        r.title, f4(r.metrics.accuracy), f4(r.metrics.macroPrecision), f4(r.metrics.macroRecall),
                        f4(r.metrics.macroF1),
                        f4(r.metrics.weightedF1), r.auc.macro.map(auc) ?? "–", r.logLoss.map(f4) ?? "–",
                        String(format: "%.1f", r.fitSeconds), String(format: "%.2f", r.predictSeconds),
                        r.peakMemoryMiB.map { String(format: "%.0f", $0) } ?? "–",
                    ]
                }))
        doc.bullets(results.map { "\($0.title): \($0.description)." })
        doc.paragraph(
            "Fit time includes, for the networks, the test-set evaluation after every epoch that draws the learning "
                + "curves. Peak memory is the process's resident high-water mark while that model trained and predicted. "
                + "Log loss needs probabilities: the SVMs give margins, not probabilities, so they have none.")
    }

    private func discussion(_ doc: inout ReportDocument) {
        guard discussesPaper else { return }
        var points = [String]()
        func result(_ id: String) -> ModelResult? { results.first { $0.row.id == id } }
        func versusPaper(_ r: ModelResult) -> String {
            guard let paper = r.row.paperRow else { return f4(r.metrics.accuracy) }
            return "\(f4(r.metrics.accuracy)) against the paper's \(f4(paper.accuracy)) "
                + "(\(signed(r.metrics.accuracy - paper.accuracy)))"
        }
        if let cnn = result("paper-cnn") {
            points.append(
                "CNN: \(versusPaper(cnn)). This is one seed of a \(cnn.settings.int("epochs"))-epoch recipe whose "
                    + "test accuracy moves by about ±0.001 from seed to seed, so a difference of that size is noise, not a finding."
            )
        }
        if let augmented = result("paper-cnn-augmented") {
            points.append(
                "CNN with augmentation (random shifts and rotations of the training images, same network and "
                    + "optimizer): \(f4(augmented.metrics.accuracy)). This is the model `digits predict` and `digits serve` use by default."
            )
        }
        if let svm = result("linear-svm") {
            var text =
                "Linear SVM, \(svm.settings.string("multiclass")), C \(svm.settings.string("c")): \(versusPaper(svm))."
            if let ovr = result("linear-svm-ovr") {
                text +=
                    " One-vs-rest reaches \(f4(ovr.metrics.accuracy)): ten linear machines on raw pixels top out below 0.93"
                    + "." + peers.sentence(forRow: ovr.row.id)
                    + " A linear SVM near 0.945 needs the 45 pairwise machines of one-vs-one, as libsvm's "
                    + "SVC(kernel=\"linear\") uses; the paper does not say which it used."
            }
            if let rff = result("rff-svm") {
                text +=
                    " A kernel SVM goes past the paper: the same hinge-loss solver on \(rff.settings.int("features")) random "
                    + "Fourier features (an RBF-kernel approximation) reaches \(f4(rff.metrics.accuracy))."
            }
            points.append(text)
        }
        if let forest = result("random-forest") {
            let depth =
                forest.settings.optionalInt("max-depth").map { "trees of depth at most \($0)" } ?? "fully grown trees"
            points.append(
                "Random forest: \(versusPaper(forest)) with \(forest.settings.int("trees")) \(depth)."
                    + peers.sentence(forRow: forest.row.id))
        }
        let mlps = activationRows
        if let best = mlps.max(by: { $0.metrics.accuracy < $1.metrics.accuracy }), mlps.count > 1 {
            let layers = best.architecture.map { " (\(widths($0)))" } ?? ""
            points.append(
                "Activation functions\(layers), same recipe: \(best.settings.string("activation")) is best here at "
                    + "\(f4(best.metrics.accuracy)); "
                    + mlps.filter { $0.row.id != best.row.id }
                    .map { "\($0.settings.string("activation")) \(f4($0.metrics.accuracy))" }.joined(separator: ", ")
                    + ".")
        }
        // Every other row: its figure, what it was, and its peer's figure when one was measured.
        let discussed: Set = [
            "paper-cnn", "paper-cnn-augmented", "linear-svm", "linear-svm-ovr", "rff-svm", "random-forest",
        ]
        for r in results where !discussed.contains(r.row.id) && r.row.settings["activation"] == nil {
            points.append(
                "\(r.title): \(f4(r.metrics.accuracy)) (\(r.description))." + peers.sentence(forRow: r.row.id))
        }
        guard !points.isEmpty else { return }
        doc.heading("Discussion")
        doc.bullets(points)
    }

    /// The rows that differ only in their activation function.
    private var activationRows: [ModelResult] { results.filter { $0.row.settings["activation"] != nil } }

    /// A network's widths from its summary: "784-128-64-10" (inputs, then each dense layer's units).
    private func widths(_ layers: [LayerSummary]) -> String {
        guard let first = layers.first else { return "" }
        let inputs = first.layer.hasPrefix("Flatten") ? first.outputShape.reduce(1, *) : 0
        let dense = layers.filter { $0.layer.hasPrefix("Dense") }.map { $0.outputShape.reduce(1, *) }
        return ([inputs].filter { $0 > 0 } + dense).map(String.init).joined(separator: "-")
    }

    private func perClass(_ doc: inout ReportDocument) {
        doc.heading("Per-class metrics")
        for r in results {
            doc.heading(r.title, level: 3)
            var rows = r.metrics.perClass.enumerated().map { c, m in
                ["\(c)", f4(m.precision), f4(m.recall), f4(m.f1), "\(m.support)", r.auc.perClass[c].map(auc) ?? "–"]
            }
            rows.append([
                "macro average", f4(r.metrics.macroPrecision), f4(r.metrics.macroRecall), f4(r.metrics.macroF1),
                "\(r.metrics.confusion.total)", r.auc.macro.map(auc) ?? "–",
            ])
            rows.append([
                "weighted average", f4(r.metrics.weightedPrecision), f4(r.metrics.weightedRecall),
                f4(r.metrics.weightedF1), "\(r.metrics.confusion.total)",
                r.auc.micro.map { auc($0) + " (micro)" } ?? "–",
            ])
            doc.table(ReportTable(headers: ["Class", "Precision", "Recall", "F1", "Support", "ROC AUC"], rows: rows))
        }
    }

    private func architectures(_ doc: inout ReportDocument) {
        var seen = Set<String>()
        let networks = results.filter { $0.architecture != nil && seen.insert($0.row.kind).inserted }
        guard !networks.isEmpty else { return }
        doc.heading("Network architectures")
        for network in networks {
            let layers = network.architecture!
            doc.heading(network.title, level: 3)
            var rows = layers.map {
                [
                    "\($0.layer)", "(" + $0.outputShape.map(String.init).joined(separator: ", ") + ")",
                    "\($0.parameterCount)",
                ]
            }
            rows.append(["Total", "", "\(layers.map(\.parameterCount).reduce(0, +))"])
            doc.table(ReportTable(headers: ["Layer", "Output shape", "Parameters"], rows: rows))
        }
    }

    private func activationComparison(_ doc: inout ReportDocument) {
        let mlps = activationRows
        guard let first = mlps.first else { return }
        let s = first.settings
        let learningRate = s.optionalDouble("learning-rate").map { " \($0)" } ?? ""
        doc.heading("Activation functions")
        let layers: String = first.architecture.map { " (\(widths($0)))" } ?? ""
        let recipe: String =
            "\(s.string("optimizer"))\(learningRate), batch \(s.int("batch-size")), \(s.int("epochs")) epochs"
        doc.paragraph(
            "The paper compares activation functions; here the \(first.row.kind)\(layers) is trained with each of "
                + "them, with everything else equal (\(recipe), seed \(metrics.settings.seed)).")
        doc.table(
            ReportTable(
                headers: ["Activation", "Accuracy", "Precision", "Recall", "F1", "Final training loss", "Fit (s)"],
                rows: mlps.map { r in
                    [
                        r.settings.string("activation"), f4(r.metrics.accuracy), f4(r.metrics.macroPrecision),
                        f4(r.metrics.macroRecall),
                        f4(r.metrics.macroF1), r.history?.last.map { f4($0.trainingLoss) } ?? "–",
                        String(format: "%.1f", r.fitSeconds),
                    ]
                }))
    }

    private func reproduction(_ doc: inout ReportDocument) {
        let e = metrics.environment
        doc.heading("How this report was made")
        doc.bullets([
            "Command: `\(e.command)`",
            "Date: \(e.date)",
            "Machine: \(e.cpu), \(e.cores) cores" + (e.memoryGiB.map { String(format: ", %.0f GiB", $0) } ?? ""),
            "Operating system: \(e.operatingSystem)",
            "Swift: \(e.swiftVersion)",
            "OpenBLAS: \(e.openBLAS)" + (e.openBLASKernels.map { ". \($0)" } ?? ""),
            "Digits commit: \(e.digitsCommit)",
            "Backend: \(e.backend), \(e.threads) threads, \(e.convolution ?? "im2col") convolutions; seed \(metrics.settings.seed)",
            "Wall time: \(duration(metrics.wallSeconds))"
                + (metrics.peakMemoryMiB.map { String(format: "; peak memory %.0f MiB", $0) } ?? ""),
        ])
        doc.paragraph(
            "Every number above is also in `metrics.json`. The report is regenerated by `make compare`; nothing in it is edited by hand."
        )
    }

    // MARK: - Figures

    private func figures(_ doc: inout ReportDocument) throws {
        doc.heading("Figures")
        doc.figure(
            ReportFigure(
                name: "training-samples", caption: "Training images, ten of each class (the paper's Fig. 2).",
                svg: try sampleImages()))
        learningCurves(&doc)
        let charted = trained.filter { $0.result.row.settings["activation"] == nil }
        for model in charted {
            let r = model.result
            doc.figure(
                ReportFigure(
                    name: "confusion-\(r.row.id)", caption: "Confusion matrix of the \(r.title) on the test set.",
                    svg: MatrixChart(title: "\(r.title): confusion matrix", counts: r.metrics.confusion.counts).svg))
        }
        for model in charted {
            doc.figure(
                ReportFigure(
                    name: "roc-\(model.result.row.id)",
                    caption:
                        "One-vs-rest ROC curves of the \(model.result.title) (the paper's Fig. 4), with micro and macro averages; "
                        + "the false-positive axis is logarithmic and the true-positive axis starts near the lowest rate shown, because "
                        + "every curve hugs the top-left corner.",
                    svg: rocChart(model)))
        }
        if let confident = try confidentlyWrong() { doc.figure(confident) }
        doc.figure(pcaProjection())
    }

    private func sampleImages() throws -> String {
        let data = comparison.training
        var items = [ImageGrid.Item]()
        for c in 0..<data.classCount {
            let indices = data.labels.indices.filter { data.labels[$0] == c }.prefix(10)
            items += indices.map { ImageGrid.Item(pixels: Array(data.image($0)), caption: "") }
        }
        var grid = ImageGrid(
            title: "Training samples, one class per row", items: items, rows: data.rows, columns: data.columns,
            perLine: 10)
        grid.scale = 1.5
        return try grid.svg()
    }

    private func learningCurves(_ doc: inout ReportDocument) {
        let networks = results.filter { ($0.history?.count ?? 0) > 0 }
        guard !networks.isEmpty else { return }
        for (quantity, name) in [("loss", "Cross-entropy loss"), ("accuracy", "Accuracy")] {
            var series = [ChartSeries]()
            for (index, r) in networks.enumerated() {
                let history = r.history!
                let training = history.map {
                    (x: Double($0.epoch), y: quantity == "loss" ? $0.trainingLoss : $0.trainingAccuracy)
                }
                let test = history.map { (x: Double($0.epoch), y: quantity == "loss" ? $0.testLoss : $0.testAccuracy) }
                series.append(
                    ChartSeries(name: "\(r.title), training", points: training, style: .dashedLine, colorIndex: index))
                series.append(ChartSeries(name: "\(r.title), test", points: test, colorIndex: index))
            }
            var chart = LineChart(
                title: "\(name) per epoch", xLabel: "epoch", yLabel: name.lowercased(), series: series)
            chart.width = 860
            chart.legendWidth = 270
            doc.figure(
                ReportFigure(
                    name: "training-\(quantity)",
                    caption: "\(name) per epoch of every network: dashed on the training batches as they were seen "
                        + "(with dropout and augmentation), solid on the test set after the epoch.",
                    svg: chart.svg))
        }
    }

    private func rocChart(_ model: ComparedModel) -> String {
        func points(_ curve: ROCCurve?) -> [(x: Double, y: Double)] {
            guard let curve else { return [] }
            // The axis starts at a false-positive rate of 1e-4: the curve enters there at its rate for it.
            let start = (x: 1e-4, y: curve.truePositiveRate(at: 1e-4))
            return [start]
                + zip(curve.falsePositiveRates, curve.truePositiveRates).filter { $0.0 > 1e-4 }.map { (x: $0, y: $1) }
        }
        var series = model.roc.perClass.enumerated().map { c, curve in
            ChartSeries(
                name: "class \(c) (AUC \(curve.map { auc($0.auc) } ?? "–"))", points: points(curve), colorIndex: c)
        }
        series.append(
            ChartSeries(
                name: "micro (AUC \(model.roc.micro.map { auc($0.auc) } ?? "–"))", points: points(model.roc.micro),
                style: .dashedLine, colorIndex: nil))
        series.append(
            ChartSeries(
                name: "macro (AUC \(model.roc.macroAUC.map(auc) ?? "–"))", points: points(model.roc.macro),
                colorIndex: nil))
        var chart = LineChart(
            title: "\(model.result.title): ROC curves", xLabel: "false-positive rate (log scale)",
            yLabel: "true-positive rate", series: series)
        chart.xScale = .logarithmic
        chart.xDomain = 1e-4...1
        // Start the rate axis just below the lowest rate shown, so near-perfect curves keep their detail.
        let lowest = series.flatMap(\.points).map(\.y).min() ?? 0
        chart.yDomain = (lowest * 20).rounded(.down) / 20...1
        chart.legendWidth = 190
        chart.width = 720
        return chart.svg
    }

    /// The test digits the first network (else the first model) got wrong with the highest confidence.
    private func confidentlyWrong() throws -> ReportFigure? {
        guard let model = trained.first(where: { $0.result.history != nil }) ?? trained.first else { return nil }
        let test = comparison.test
        let classes = model.result.metrics.confusion.classCount
        let predictions = rowMaxima(model.scores, columns: classes)
        let wrong = test.labels.indices.filter { predictions[$0] != Int(test.labels[$0]) }
            .sorted { model.scores[$0 * classes + predictions[$0]] > model.scores[$1 * classes + predictions[$1]] }
            .prefix(24)
        guard !wrong.isEmpty else { return nil }
        let items = wrong.map { i in
            ImageGrid.Item(
                pixels: Array(test.image(i)),
                caption: "\(test.labels[i]) → \(predictions[i]) ("
                    + String(format: "%.3f", model.scores[i * classes + predictions[i]]) + ")")
        }
        let grid = ImageGrid(
            title: "\(model.result.title): most confidently wrong test digits", items: items, rows: test.rows,
            columns: test.columns, perLine: 8)
        return ReportFigure(
            name: "confidently-wrong",
            caption:
                "The test digits the \(model.result.title) got wrong with the highest score: true → predicted (score).",
            svg: try grid.svg())
    }

    /// The test set projected onto the training set's first two principal components (computed by the comparison).
    private func pcaProjection() -> ReportFigure {
        let test = comparison.test
        let shown = projection.points.count
        let series = (0..<test.classCount).map { c in
            ChartSeries(
                name: "\(c)", points: (0..<shown).filter { Int(test.labels[$0]) == c }.map { projection.points[$0] },
                style: .points, colorIndex: c)
        }
        var chart = LineChart(
            title: "Test images on the first two principal components", xLabel: "principal component 1",
            yLabel: "principal component 2", series: series)
        chart.height = 560
        chart.legendWidth = 70
        return ReportFigure(
            name: "pca-projection",
            caption: String(
                format: "The first %d test images projected onto the two leading principal components of the "
                    + "training images (%.1f%% of the pixel variance), coloured by true class.", shown,
                100 * projection.keptVariance),
            svg: chart.svg)
    }

    // MARK: - Formatting

    private func f4(_ x: Double) -> String { String(format: "%.4f", x) }
    /// Areas under ROC curves need a fifth decimal: the networks' are all above 0.9999.
    private func auc(_ x: Double) -> String { String(format: "%.5f", x) }
    private func signed(_ x: Double) -> String { String(format: "%+.4f", x) }
    private func duration(_ seconds: Double) -> String {
        seconds < 120
            ? String(format: "%.1f s", seconds) : String(format: "%d min %02d s", Int(seconds) / 60, Int(seconds) % 60)
    }
}
