import DigitsCompute
import DigitsData
import DigitsModels
import Foundation
import Testing

@testable import DigitsReport

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// True when `text` parses as XML (SVG, and the report's XHTML-syntax page).
func isWellFormedXML(_ text: String) -> Bool {
    XMLParser(data: Data(text.utf8)).parse()
}

@Suite(.serialized) struct ComparisonTests {
    static let mnist = Result { try Dataset.load(from: DatasetLocation.resolve(dataDirectory: nil)) }

    /// The whole pipeline on the quick settings: every model trains, every file is written and parses.
    @Test func quickRunWritesEveryFile() throws {
        let dataset = try Self.mnist.get()
        var settings = ComparisonSettings()
        settings.quick = true
        let backend = ComputeBackendKind.blas.makeBackend()
        let comparison = Comparison(dataset: dataset, settings: settings, backend: backend)
        var started = [ComparisonRow]()
        let trained = try comparison.run { event in
            if case .modelStarted(let row, _, _, _, _) = event { started.append(row) }
        }
        #expect(started == ModelRegistry.comparisonRows)
        for model in trained {
            // Far above chance (0.1) even on 3,000 images: each model really learned.
            #expect(model.result.metrics.accuracy > 0.45, "\(model.result.row.id): \(model.result.metrics.accuracy)")
            #expect(model.result.metrics.confusion.total == 1000)
        }
        let peers = PeerResults.load(
            directory: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
                "../../Reports/bench"
            ).path)
        let report = ComparisonReport(
            comparison: comparison, trained: trained, projection: try comparison.projectTestSet(), peers: peers,
            dataset: dataset, environment: .current(command: "test", backend: backend), wallSeconds: 1, peakMemoryMiB: 1
        )
        let document = try report.document()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("digits-report-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try ReportWriter.prepare(directory)
        try ReportWriter.write(document, metrics: report.metrics, to: directory)

        let markdown = try String(contentsOfFile: directory + "/REPORT.md", encoding: .utf8)
        #expect(markdown.contains("QUICK SMOKE RUN") && markdown.contains("## Table I"))
        for row in ModelRegistry.comparisonRows { #expect(markdown.contains(row.title)) }
        // The discussion is built from the settings each model actually had and the peers' committed results.
        #expect(markdown.contains("## Discussion"))
        #expect(markdown.contains("with 20 fully grown trees"), "the quick forest's tree count, not a fixed 100")
        #expect(markdown.contains("(784-128-64-10)"), "the MLP's widths, read from its architecture")
        #expect(markdown.contains("This is one seed of a 2-epoch recipe"))
        #expect(
            markdown.contains("scikit-learn's random forest, 100 trees gives 0.9"),
            "the peer figure from peer-sklearn.json")
        // Rows the prose does not discuss by name still get a bullet: "<title>: <accuracy> (<description>)."
        let discussedByName: Set = [
            "paper-cnn", "paper-cnn-augmented", "linear-svm", "linear-svm-ovr", "rff-svm", "random-forest",
        ]
        for result in trained.map(\.result)
        where !discussedByName.contains(result.row.id) && result.row.settings["activation"] == nil {
            let bullet = "- \(result.title): " + String(format: "%.4f", result.metrics.accuracy) + " ("
            #expect(markdown.contains(bullet), "\(result.row.id) is discussed")
        }
        let html = try String(contentsOfFile: directory + "/report.html", encoding: .utf8)
        #expect(isWellFormedXML(html), "report.html parses as XML")
        #expect(html.components(separatedBy: "<svg ").count - 1 == document.figures.count, "every figure inline")
        let figureNames = try FileManager.default.contentsOfDirectory(atPath: directory + "/figures").sorted()
        #expect(figureNames == document.figures.map { $0.name + ".svg" }.sorted())
        #expect(
            figureNames.contains("roc-paper-cnn.svg") && figureNames.contains("pca-projection.svg")
                && figureNames.contains("confidently-wrong.svg") && figureNames.contains("training-samples.svg"))
        for name in figureNames {
            let svg = try String(contentsOfFile: directory + "/figures/" + name, encoding: .utf8)
            #expect(isWellFormedXML(svg), "\(name) parses as XML")
            #expect(markdown.contains("(figures/\(name))"), "REPORT.md links \(name)")
        }
        let json = try JSONDecoder().decode(
            ComparisonMetrics.self, from: Data(contentsOf: URL(fileURLWithPath: directory + "/metrics.json")))
        #expect(json.models.map(\.row) == ModelRegistry.comparisonRows)
        func result(_ id: String) -> ModelResult? { json.models.first { $0.row.id == id } }
        #expect(result("paper-cnn")?.history?.count == 2)
        #expect(result("linear-svm")?.logLoss == nil && result("random-forest")?.logLoss != nil)
        // One cross-entropy: a network's last test loss is the report's log loss of the same predictions.
        if let cnn = result("paper-cnn"), let testLoss = cnn.history?.last?.testLoss, let logLoss = cnn.logLoss {
            #expect(abs(testLoss - logLoss) < 1e-9, "test loss \(testLoss), log loss \(logLoss)")
        }
        #expect(
            !FileManager.default.fileExists(
                atPath: ReportWriter.stagingURL(for: URL(fileURLWithPath: directory), pid: getpid()).path))
    }

    @Test func unknownModelIsRefused() throws {
        let rows = ModelRegistry.comparisonRows
        let ids = rows.map(\.id)
        #expect(throws: ComparisonError.unknownModel(name: "nope", known: ids)) {
            try ComparisonRow.parseList("paper-cnn,nope", from: rows)
        }
        #expect(throws: ComparisonError.noModels(known: ids)) { try ComparisonRow.parseList(" , ", from: rows) }
        #expect(
            try ComparisonRow.parseList("linear-svm, paper-cnn,linear-svm", from: rows).map(\.id) == [
                "linear-svm", "paper-cnn",
            ])
    }

    /// A destination that cannot hold files is reported before any training starts.
    @Test func unwritableOutputIsRefusedUpFront() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("digits-not-a-directory-\(UUID())")
            .path
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        #expect(
            throws: ComparisonError.outputNotWritable(
                path: file + "/Reports", reason: "\(file) is a file, not a directory")
        ) {
            try ReportWriter.prepare(file + "/Reports")
        }
    }

    /// A report replaces its directory whole, so a directory holding anything else is refused up front.
    @Test func directoryWithOtherFilesIsRefused() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("digits-foreign-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory + "/bench", withIntermediateDirectories: true)
        try Data("notes".utf8).write(to: URL(fileURLWithPath: directory + "/notes.txt"))
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(throws: ComparisonError.self) { try ReportWriter.prepare(directory) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["bench", "notes.txt"])
        try ReportWriter.prepare(directory + "/report")
        // Hidden entries count too: replacing the directory would delete a .git beside a report.
        let report = directory + "/hidden"
        try FileManager.default.createDirectory(atPath: report + "/.git", withIntermediateDirectories: true)
        try Data("# old".utf8).write(to: URL(fileURLWithPath: report + "/REPORT.md"))
        #expect(throws: ComparisonError.self) { try ReportWriter.prepare(report) }
    }

    /// Rewriting a report replaces it whole: figures of the old report that the new one lacks are gone,
    /// and no staging directory is left behind.
    @Test func rewriteReplacesTheOldReport() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("digits-rewrite-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try ReportWriter.prepare(directory)
        let metrics = ComparisonMetrics(
            environment: .current(command: "test", backend: ComputeBackendKind.swift.makeBackend(threads: 1)),
            settings: ComparisonSettings(),
            dataset: DatasetSummary(
                directory: "x", canonicalMNIST: false, trainingImages: 0, testImages: 0, imageShape: [28, 28],
                classCount: 10),
            wallSeconds: 0, peakMemoryMiB: nil, models: [])
        var first = ReportDocument(title: "first")
        first.figure(ReportFigure(name: "old", caption: "old", svg: "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"))
        try ReportWriter.write(first, metrics: metrics, to: directory)
        var second = ReportDocument(title: "second")
        second.figure(ReportFigure(name: "new", caption: "new", svg: "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"))
        try ReportWriter.write(second, metrics: metrics, to: directory)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/figures") == ["new.svg"])
        #expect(try String(contentsOfFile: directory + "/REPORT.md", encoding: .utf8).hasPrefix("# second"))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == [
                "REPORT.md", "figures", "metrics.json", "report.html",
            ])
    }
}
