import Testing

@testable import DigitsMetrics

@Suite struct ClassificationReportTests {
    /// labels      0 0 0 1 1 2
    /// predictions 0 0 1 1 2 2
    /// class 0: TP 2, FP 0, FN 1 → P 1, R 2/3, F1 0.8
    /// class 1: TP 1, FP 1, FN 1 → P ½, R ½, F1 ½
    /// class 2: TP 1, FP 1, FN 0 → P ½, R 1, F1 2/3
    /// (scikit-learn's classification_report gives the same figures for these lists.)
    @Test func byHand() {
        let report = ClassificationReport(classCount: 3, labels: [0, 0, 0, 1, 1, 2], predictions: [0, 0, 1, 1, 2, 2])
        #expect(report.confusion.counts == [[2, 1, 0], [0, 1, 1], [0, 0, 1]])
        #expect(abs(report.accuracy - 4.0 / 6) < 1e-12)
        let expected: [(Double, Double, Double, Int)] = [
            (1, 2.0 / 3, 0.8, 3), (0.5, 0.5, 0.5, 2), (0.5, 1, 2.0 / 3, 1),
        ]
        for (metrics, (p, r, f, support)) in zip(report.perClass, expected) {
            #expect(
                abs(metrics.precision - p) < 1e-12 && abs(metrics.recall - r) < 1e-12 && abs(metrics.f1 - f) < 1e-12)
            #expect(metrics.support == support)
        }
        #expect(abs(report.macroPrecision - 2.0 / 3) < 1e-12)
        #expect(abs(report.macroRecall - (2.0 / 3 + 0.5 + 1) / 3) < 1e-12)
        #expect(abs(report.macroF1 - (0.8 + 0.5 + 2.0 / 3) / 3) < 1e-12)
    }

    /// A class never predicted and never present scores 0, not NaN (scikit-learn's zero_division=0).
    @Test func emptyClassIsZero() {
        let report = ClassificationReport(classCount: 3, labels: [0, 1], predictions: [0, 1])
        #expect(report.perClass[2] == ClassMetrics(precision: 0, recall: 0, f1: 0, support: 0))
        #expect(report.accuracy == 1)
        #expect(!report.text.contains("nan"))
    }

    @Test func textListsEveryClass() {
        let report = ClassificationReport(classCount: 10, labels: Array(0..<10), predictions: Array(0..<10))
        #expect(report.text.hasPrefix("accuracy 1.0000"))
        // accuracy, blank, header, 10 classes, macro, weighted, blank, title, column header, 10 rows.
        #expect(report.text.split(separator: "\n", omittingEmptySubsequences: false).count == 28)
    }
}
