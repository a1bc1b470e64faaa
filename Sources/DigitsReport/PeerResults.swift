import Foundation

/// The peers' measured accuracies on the bundled MNIST, from the result files their benchmark
/// scripts commit (`Reports/bench/peer-*.json`, written by `make bench-classical`), so the report's
/// prose quotes measurements rather than numbers typed into it.
public struct PeerResults: Sendable {
    struct Entry: Sendable {
        let peer: String
        /// The comparison row it is the peer of (`random-forest`, `knn`, …).
        let row: String?
        let model: String
        let accuracy: Double
        let file: String
    }

    let entries: [Entry]

    public static let none = PeerResults(entries: [])

    /// Every `peer-*.json` in `directory` (missing or unreadable files give no entries).
    public static func load(directory: String) -> PeerResults {
        struct File: Decodable {
            struct Model: Decodable {
                let row: String?
                let model: String
                let accuracy: Double
            }
            let peer: String
            let models: [Model]
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var entries = [Entry]()
        for name in names.sorted() where name.hasPrefix("peer-") && name.hasSuffix(".json") {
            let path = URL(fileURLWithPath: directory).appendingPathComponent(name)
            guard let data = try? Data(contentsOf: path), let file = try? JSONDecoder().decode(File.self, from: data)
            else {
                continue
            }
            entries += file.models.map {
                Entry(
                    peer: file.peer, row: $0.row, model: $0.model, accuracy: $0.accuracy, file: "Reports/bench/\(name)")
            }
        }
        return PeerResults(entries: entries)
    }

    /// " scikit-learn's random forest, 100 trees gives 0.9699 on this data (`Reports/bench/peer-sklearn.json`)."
    /// for the peer of comparison row `row`, or "" when there is none.
    func sentence(forRow row: String) -> String {
        guard let entry = entries.first(where: { $0.row == row }) else { return "" }
        return " \(entry.peer)'s \(entry.model) gives " + String(format: "%.4f", entry.accuracy)
            + " on this data (`\(entry.file)`)."
    }
}
