import Foundation

extension [EpochRecord] {
    /// One row per epoch, for spreadsheets and plotting; empty cells where there is no validation set.
    public var historyCSV: String {
        var lines = [
            "epoch,training_loss,training_accuracy,validation_loss,validation_accuracy,test_loss,test_accuracy,training_seconds,evaluation_seconds,images_per_second"
        ]
        for r in self {
            let cells: [String] = [
                "\(r.epoch)", fixed(r.trainingLoss, 6), fixed(r.trainingAccuracy, 6),
                r.validationLoss.map { fixed($0, 6) } ?? "", r.validationAccuracy.map { fixed($0, 6) } ?? "",
                fixed(r.testLoss, 6), fixed(r.testAccuracy, 6), fixed(r.trainingSeconds, 3),
                fixed(r.evaluationSeconds, 3), fixed(r.imagesPerSecond, 1),
            ]
            lines.append(cells.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes `<prefix>.json` and `<prefix>.csv`, the same records in two forms, each atomically.
    public func writeHistory(prefix: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: URL(fileURLWithPath: prefix + ".json"), options: .atomic)
        try Data(historyCSV.utf8).write(to: URL(fileURLWithPath: prefix + ".csv"), options: .atomic)
    }
}

private func fixed(_ value: Double, _ decimals: Int) -> String {
    String(format: "%.\(decimals)f", value)
}
