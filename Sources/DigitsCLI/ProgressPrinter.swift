import Digits
import Foundation

/// Shows training progress on standard error: a bar redrawn in place on a terminal (five times a
/// second), or, when the output goes to a file or pipe, a line every few seconds and one
/// at the end of every epoch, so a log of a long run stays short. Epoch summaries go to standard output.
final class ProgressPrinter: @unchecked Sendable {
    private let interactive = isatty(FileHandle.standardError.fileDescriptor) != 0
    private var lastDraw = Date.distantPast
    /// Seconds between progress lines in a log: `DIGITS_PROGRESS_SECONDS`, 5 if unset (0: every batch).
    private let pipedInterval = ProcessInfo.processInfo.environment["DIGITS_PROGRESS_SECONDS"].flatMap(Double.init) ?? 5

    func show(_ event: TrainingEvent) {
        switch event {
        case .batch(let p):
            let interval = interactive ? 0.2 : pipedInterval
            let due = p.batch == p.batches || Date().timeIntervalSince(lastDraw) >= interval
            guard due else { return }
            lastDraw = Date()
            let filled = p.batch * 24 / p.batches
            let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: 24 - filled)
            let line = String(
                format: "epoch %d/%d [%@] %d/%d  loss %.4f  acc %.4f  %.0f img/s  ETA %.0fs",
                p.epoch, p.epochs, bar, p.batch, p.batches, p.loss, p.accuracy, p.imagesPerSecond,
                p.secondsRemaining)
            FileHandle.standardError.write(Data(((interactive ? "\r" : "") + line + (interactive ? "" : "\n")).utf8))
        case .epoch(let r):
            if interactive { FileHandle.standardError.write(Data("\n".utf8)) }
            var line = String(format: "epoch %d: loss %.4f acc %.4f", r.epoch, r.trainingLoss, r.trainingAccuracy)
            if let loss = r.validationLoss, let accuracy = r.validationAccuracy {
                line += String(format: " | validation loss %.4f acc %.4f", loss, accuracy)
            }
            line += String(
                format: " | test loss %.4f acc %.4f | %.1f s (%.0f img/s) + %.1f s evaluation",
                r.testLoss, r.testAccuracy, r.trainingSeconds, r.imagesPerSecond, r.evaluationSeconds)
            print(line)
            fflush(nil)
        }
    }
}
