/// One model `digits compare` trains: a kind with some settings changed. Each kind lists its own
/// rows (the paper's three, and the ones that go beyond it: augmentation, one-vs-rest, random
/// features, the MLP's activation comparison, kNN).
public struct ComparisonRow: Codable, Equatable, Sendable {
    /// The row's name in `--models` and the report: the kind's name, with a suffix for a variant.
    public let id: String
    /// The `ModelKind` it trains.
    public let kind: String
    public let title: String
    /// Settings that differ from the kind's defaults.
    public let settings: [String: String]
    /// The paper's Table I row this one reproduces.
    public let paperRow: PaperRow?
    /// Seconds a full run takes on the 2-core development machine: weights for the remaining-time estimate.
    public let typicalSeconds: Double

    public init(
        id: String, kind: String, title: String, settings: [String: String] = [:], paperRow: PaperRow? = nil,
        typicalSeconds: Double = 10
    ) {
        self.id = id
        self.kind = kind
        self.title = title
        self.settings = settings
        self.paperRow = paperRow
        self.typicalSeconds = typicalSeconds
    }

    /// Rows from a comma-separated list of ids, in the order given; throws naming an unknown one.
    public static func parseList(_ list: String, from rows: [ComparisonRow]) throws -> [ComparisonRow] {
        let names = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !names.isEmpty else { throw ComparisonError.noModels(known: rows.map(\.id)) }
        var chosen = [ComparisonRow]()
        for name in names {
            guard let row = rows.first(where: { $0.id == name }) else {
                throw ComparisonError.unknownModel(name: name, known: rows.map(\.id))
            }
            if !chosen.contains(row) { chosen.append(row) }
        }
        return chosen
    }
}

/// One row of the paper's Table I (macro-averaged precision, recall and F1).
public struct PaperRow: Codable, Equatable, Sendable {
    public let model: String
    public let accuracy: Double
    public let precision: Double
    public let recall: Double
    public let f1: Double
}
