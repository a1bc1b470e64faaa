import DigitsCompute
import DigitsData
import DigitsModelCore

extension LinearSVM {
    /// Validation accuracy of one candidate C.
    public struct Candidate: Codable, Equatable, Sendable {
        public let c: Float
        public let validationAccuracy: Double
    }

    /// Chooses C without touching the test set: holds `validationFraction` of `data` out, fits one
    /// SVM per candidate on the rest, keeps the C with the best validation accuracy (the smaller C on
    /// a tie: more regularisation), then refits on all of `data` with it.
    public static func fitSelectingC(
        _ data: LabeledImages, candidates: [Float], settings: LinearSVMSettings, validationFraction: Double,
        seed: UInt64, backend: any ComputeBackend
    ) throws -> (svm: LinearSVM, candidates: [Candidate]) {
        guard !candidates.isEmpty else { throw ClassicalError.invalidSetting("no candidate C given") }
        guard validationFraction > 0 && validationFraction < 1 else {
            throw ClassicalError.invalidSetting(
                "choosing C needs a validation fraction in (0, 1) (got \(validationFraction))")
        }
        let (training, validation) = data.split(validationFraction: validationFraction, seed: seed)
        var results = [Candidate]()
        for c in candidates.sorted() {
            var candidate = settings
            candidate.c = c
            let svm = try fit(training, settings: candidate, seed: seed, threads: backend.threads)
            let predictions = try svm.predictions(for: validation, backend: backend)
            results.append(Candidate(c: c, validationAccuracy: accuracy(predictions, labels: validation.labels)))
        }
        var chosen = settings
        chosen.c =
            results.max {
                $0.validationAccuracy < $1.validationAccuracy
                    || ($0.validationAccuracy == $1.validationAccuracy && $0.c > $1.c)
            }!.c
        return (try fit(data, settings: chosen, seed: seed, threads: backend.threads), results)
    }
}
