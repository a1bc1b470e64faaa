import DigitsCompute
import DigitsNN
import DigitsReport
import Foundation
import Testing

/// `digits train` and `digits compare` killed with SIGKILL — no chance to clean up — at moments drawn
/// from a seeded generator, five times in a row: what they leave is always the previous result or
/// the new one, whole, and a final run finishes the job. Real child processes, real signals; the
/// outcome does not depend on when the kill lands, only the moment that is tested does.
@Suite struct InterruptionTests {
    /// Runs `digits` with `arguments`, its standard output and error merged into one pipe, and sends
    /// SIGKILL as soon as `killAfterLine` lines have appeared. Returns false if it finished first.
    func runKilled(_ arguments: [String], killAfterLine: Int) throws -> (killed: Bool, output: String) {
        let process = Process()
        process.executableURL = CommandLineTests.executable
        process.arguments = arguments
        // A progress line after every batch, so the output (and so where the kill lands) does not depend on timing.
        process.environment = ProcessInfo.processInfo.environment.merging(["DIGITS_PROGRESS_SECONDS": "0"]) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        var output = Data()
        var killed = false
        while true {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { break }  // the process exited and closed its end
            output.append(chunk)
            if output.count(where: { $0 == UInt8(ascii: "\n") }) >= killAfterLine {
                kill(process.processIdentifier, SIGKILL)
                killed = true
                break
            }
        }
        process.waitUntilExit()
        // A process that exited on its own just before the signal was not killed.
        killed = killed && process.terminationReason == .uncaughtSignal
        return (killed, String(decoding: output, as: UTF8.self))
    }

    func temporaryDirectory(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("digits-\(name)-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func killedTrainingLeavesAWholeCheckpointAndResumes() throws {
        let directory = try temporaryDirectory("killed-train")
        defer { try? FileManager.default.removeItem(at: directory) }
        let checkpoint = directory.appendingPathComponent("mlp.safetensors").path
        let data = ["--train-limit", "2000", "--threads", "1", "--checkpoint", checkpoint]
        let fresh = ["train", "--model", "mlp", "--epochs", "6", "--batch-size", "64", "--seed", "3"] + data
        let resume = ["train", "--resume"] + data
        var rng = SplitMix64(seed: 20_261_201)
        var savedEpochs = 0
        var kills = 0
        for _ in 0..<5 {
            // Up to about two epochs of output (32 batches and a summary each): progress lines, epoch
            // summaries, the checkpoint saves between.
            let line = 3 + Int(rng.next() % 66)
            let run = try runKilled(
                savedEpochs == 0 && !FileManager.default.fileExists(atPath: checkpoint) ? fresh : resume,
                killAfterLine: line)
            if run.killed { kills += 1 }
            guard FileManager.default.fileExists(atPath: checkpoint) else {
                #expect(savedEpochs == 0, "the checkpoint of epoch \(savedEpochs) disappeared")
                continue
            }
            // Whole: the container, its checksum and every tensor the architecture needs.
            let loaded = try NetworkCheckpoint.load(from: checkpoint)
            let epochs = try #require(loaded.training).completedEpochs
            #expect(epochs >= savedEpochs, "the checkpoint went back from epoch \(savedEpochs) to \(epochs)")
            #expect(loaded.optimizer != nil, "a resumable checkpoint keeps its optimizer state")
            savedEpochs = epochs
        }
        #expect(kills >= 4, "most runs were meant to be killed, not to finish")
        let final = try runKilled(
            FileManager.default.fileExists(atPath: checkpoint) ? resume : fresh, killAfterLine: .max)
        #expect(!final.killed)
        let finished = try NetworkCheckpoint.load(from: checkpoint)
        #expect(finished.training?.completedEpochs == 6, "\(final.output)")
        #expect(finished.training?.history.map(\.epoch) == Array(1...6))
    }

    @Test func killedComparisonLeavesAWholeReportOrNone() throws {
        let directory = try temporaryDirectory("killed-compare")
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("report")
        let arguments = [
            "compare", "--quick", "--models", "linear-svm,random-forest,mlp-relu", "--epochs", "1", "--threads", "1",
            "--out", out.path,
        ]
        var rng = SplitMix64(seed: 1201)
        var previousDate: String? = nil
        for attempt in 0..<6 {
            // The last attempt runs to the end, so a later kill finds a previous report to keep.
            let line = attempt == 3 ? Int.max : 1 + Int(rng.next() % 14)
            _ = try runKilled(arguments, killAfterLine: line)
            guard FileManager.default.fileExists(atPath: out.path) else {
                #expect(previousDate == nil, "attempt \(attempt): the previous report disappeared")
                continue
            }
            let date = try wholeReportDate(out)
            if let previousDate, date != previousDate {
                #expect(date > previousDate, "attempt \(attempt): an older report came back")
            }
            previousDate = date
        }
        #expect(previousDate != nil, "the uninterrupted run wrote a report")
        let parent = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(parent.filter { !$0.hasPrefix(".report.staging-") } == ["report"])
    }

    /// Checks that `directory` holds one whole report, every file from the same run, and returns the
    /// run's date.
    func wholeReportDate(_ directory: URL) throws -> String {
        let entries = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(entries == ["REPORT.md", "figures", "metrics.json", "report.html"])
        let metrics = try JSONDecoder().decode(
            ComparisonMetrics.self, from: Data(contentsOf: directory.appendingPathComponent("metrics.json")))
        let date = metrics.environment.date
        let markdown = try String(contentsOf: directory.appendingPathComponent("REPORT.md"), encoding: .utf8)
        let html = try String(contentsOf: directory.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(
            markdown.contains("Date: \(date)") && html.contains(date),
            "REPORT.md and report.html are from the run of metrics.json")
        #expect(html.hasSuffix("</html>\n") || html.hasSuffix("</html>"))
        let figures = try FileManager.default.contentsOfDirectory(
            atPath: directory.appendingPathComponent("figures").path)
        #expect(!figures.isEmpty)
        return date
    }
}
