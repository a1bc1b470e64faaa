import ArgumentParser
import Foundation

/// What `predict` and `read` share: every file is tried, even after one fails; each gets a line on
/// standard output (failures on standard error), or all of them one JSON array of `{"file", …}`
/// objects, a failure as `{"file", "error"}`; and the command exits non-zero if any file failed.
enum EachFile {
    static func run<Answer: Encodable>(
        _ files: [String], json: Bool, line: (Answer) -> String, work: (String) throws -> Answer
    ) throws {
        var outcomes = [Outcome<Answer>]()
        for file in files {
            do {
                let answer = try work(file)
                outcomes.append(Outcome(file: file, answer: answer, error: nil))
                if !json { print("\(file): \(line(answer))") }
            } catch {
                outcomes.append(Outcome(file: file, answer: nil, error: "\(error)"))
                if !json { FileHandle.standardError.write(Data("error: \(error)\n".utf8)) }
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(outcomes), as: UTF8.self))
        }
        let failed = outcomes.filter { $0.error != nil }.count
        if failed > 0 {
            if json { FileHandle.standardError.write(Data("error: \(failed) of \(files.count) files failed\n".utf8)) }
            throw ExitCode.failure
        }
    }

    /// One file's JSON object: its name beside the answer's own keys, or beside the error.
    struct Outcome<Answer: Encodable>: Encodable {
        let file: String
        let answer: Answer?
        let error: String?

        enum CodingKeys: String, CodingKey { case file, error }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(file, forKey: .file)
            try container.encodeIfPresent(error, forKey: .error)
            try answer?.encode(to: encoder)
        }
    }
}
