import Foundation
import Testing

@testable import DigitsMetrics

/// Every metric against scikit-learn 1.9.1 on one committed fixture (Fixtures/make_metrics_reference.py):
/// 500 samples, 10 classes, tied scores, and a class that is never predicted.
@Suite struct SklearnReferenceTests {
    struct Curve: Decodable {
        let fpr: [Double]
        let tpr: [Double]
        let thresholds: [Double?]?
        let auc: Double
    }

    struct Reference: Decodable {
        let labels: [Int]
        let scores: [Double]
        let predictions: [Int]
        let accuracy: Double
        let confusion: [[Int]]
        let perClass: [[Double]]
        let macro: [Double]
        let weighted: [Double]
        let roc: [Curve]
        let rocMicro: Curve
        let rocMacroAuc: Double
        let rocMicroAuc: Double
        let rocMacroCurve: Curve
        let logLoss: Double
    }

    static let reference: Reference = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/metrics_reference.json")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try! decoder.decode(Reference.self, from: Data(contentsOf: url))
    }()

    var scores: [Float] { Self.reference.scores.map(Float.init) }

    func expectCurve(_ curve: ROCCurve?, _ expected: Curve, _ what: String) {
        guard let curve else {
            Issue.record("\(what): no curve")
            return
        }
        #expect(curve.falsePositiveRates.count == expected.fpr.count, "\(what): point count")
        #expect(zip(curve.falsePositiveRates, expected.fpr).allSatisfy { abs($0 - $1) < 1e-12 }, "\(what): FPR")
        #expect(zip(curve.truePositiveRates, expected.tpr).allSatisfy { abs($0 - $1) < 1e-12 }, "\(what): TPR")
        if let thresholds = expected.thresholds {
            #expect(zip(curve.thresholds, thresholds).allSatisfy { $0 == $1 }, "\(what): thresholds")
        }
        #expect(abs(curve.auc - expected.auc) < 1e-12, "\(what): AUC \(curve.auc) vs \(expected.auc)")
    }

    @Test func classificationMetrics() {
        let r = Self.reference
        let predictions = (0..<r.labels.count).map { row in
            (1..<10).reduce(0) { best, c in scores[row * 10 + c] > scores[row * 10 + best] ? c : best }
        }
        #expect(predictions == r.predictions, "argmax of the scores (first on ties) is scikit-learn's prediction")
        let report = ClassificationReport(classCount: 10, labels: r.labels, predictions: predictions)
        #expect(report.confusion.counts == r.confusion)
        #expect(abs(report.accuracy - r.accuracy) < 1e-12)
        for (c, m) in report.perClass.enumerated() {
            let e = r.perClass[c]
            #expect(
                abs(m.precision - e[0]) < 1e-12 && abs(m.recall - e[1]) < 1e-12 && abs(m.f1 - e[2]) < 1e-12,
                "class \(c)")
            #expect(m.support == Int(e[3]))
        }
        #expect(report.perClass[9].precision == 0, "the fixture's class 9 is never predicted")
        #expect(
            abs(report.macroPrecision - r.macro[0]) < 1e-12 && abs(report.macroRecall - r.macro[1]) < 1e-12
                && abs(report.macroF1 - r.macro[2]) < 1e-12)
        #expect(
            abs(report.weightedPrecision - r.weighted[0]) < 1e-12 && abs(report.weightedRecall - r.weighted[1]) < 1e-12
                && abs(report.weightedF1 - r.weighted[2]) < 1e-12)
    }

    @Test func rocCurves() {
        let r = Self.reference
        let analysis = ROCAnalysis(scores: scores, labels: r.labels, classCount: 10)
        for c in 0..<10 { expectCurve(analysis.perClass[c], r.roc[c], "class \(c)") }
        expectCurve(analysis.micro, r.rocMicro, "micro average")
        #expect(abs((analysis.micro?.auc ?? 0) - r.rocMicroAuc) < 1e-12)
        #expect(abs((analysis.macroAUC ?? 0) - r.rocMacroAuc) < 1e-12)
        expectCurve(analysis.macro, r.rocMacroCurve, "macro average")
    }

    @Test func logLossMatches() {
        let r = Self.reference
        let loss = logLoss(probabilities: scores, labels: r.labels, classCount: 10)
        #expect(abs(loss - r.logLoss) < 1e-5 * r.logLoss, "\(loss) vs \(r.logLoss)")
    }

    /// A class with no positive sample has no ROC curve (scikit-learn raises); the others still count.
    @Test func absentClassHasNoCurve() {
        let lopsided = ROCAnalysis(scores: [0.9, 0.1, 0.0, 0.8, 0.2, 0.0], labels: [0, 1], classCount: 3)
        #expect(lopsided.perClass[2] == nil)
        #expect(lopsided.macroAUC == 1)
    }

    /// Perfectly ranked scores give an area of 1, reversed ones 0: the curve is not symmetric by accident.
    @Test func perfectAndReversedRanking() {
        let perfect = ROCCurve(scores: [0.9, 0.8, 0.3, 0.1], positives: [true, true, false, false])
        let reversed = ROCCurve(scores: [0.1, 0.3, 0.8, 0.9], positives: [true, true, false, false])
        #expect(perfect?.auc == 1 && reversed?.auc == 0)
        #expect(ROCCurve(scores: [0.5, 0.4], positives: [true, true]) == nil)
    }
}
