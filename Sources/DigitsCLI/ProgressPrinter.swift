import Digits
import Foundation

/// Shows training progress on standard error: a bar redrawn in place on a terminal, or a line every
/// tenth of an epoch when the output goes to a file or pipe. Epoch summaries go to standard output.
final class ProgressPrinter: @unchecked Sendable {
    private let interactive = isatty(FileHandle.standardError.fileDescriptor) != 0
    private var lastDraw = Date.distantPast

    func show(_ event: TrainingEvent) {
        switch event {
        case let .batch(p):
            let tenth = max(1, p.batches / 10)
            let due = interactive ? Date().timeIntervalSince(lastDraw) > 0.2 || p.batch == p.batches : p.batch % tenth == 0
            guard due else { return }
            lastDraw = Date()
            let filled = p.batch * 24 / p.batches
            let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: 24 - filled)
            let line = String(format: "epoch %d/%d [%@] %d/%d  loss %.4f  acc %.4f  %.0f img/s  ETA %.0fs",
                              p.epoch, p.epochs, bar, p.batch, p.batches, p.loss, p.accuracy, p.imagesPerSecond,
                              p.secondsRemaining)
            FileHandle.standardError.write(Data(((interactive ? "\r" : "") + line + (interactive ? "" : "\n")).utf8))
        case let .epoch(r):
            if interactive { FileHandle.standardError.write(Data("\n".utf8)) }
            var line = String(format: "epoch %d: loss %.4f acc %.4f", r.epoch, r.trainingLoss, r.trainingAccuracy)
            if let loss = r.validationLoss, let accuracy = r.validationAccuracy {
                line += String(format: " | validation loss %.4f acc %.4f", loss, accuracy)
            }
            line += String(format: " | test loss %.4f acc %.4f | %.1f s (%.0f img/s) + %.1f s evaluation",
                           r.testLoss, r.testAccuracy, r.trainingSeconds, r.imagesPerSecond, r.evaluationSeconds)
            print(line)
            fflush(nil)
        }
    }
}
