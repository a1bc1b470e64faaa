// DigitCheckerTraining: trains the digit checker `digits read` uses to tell one whole digit from
// two merged or a part of one. Every candidate the reader proposes in a composed picture of MNIST
// *training* digits is labelled from the picture's owner map (which digit's ink each pixel is): the
// digit, when the candidate is nearly all of one digit's ink and little else; "not one digit" when it
// is clearly not; left out in between.
// Usage: DigitCheckerTraining --set DIR --out FILE [--model paper-cnn] [--epochs 3] [--seed 1]
//        [--negatives-per-digit 3] [--every-slant] [--cuts-only]
//        (`make checker-model`; DIR from `make_numbers.py --part train`)
//        --cuts-only prints how often every digit is among the candidates whole, and how many
//        candidates there are, then stops: the measure of the segmenter's cuts, without training.
//        --every-slant cuts every piece that is cut along every slant's lines, not only those wider
//        than a digit (`DigitSegmenter.everySlant`): the checker sees more ways of cutting one
//        digit apart than the reader proposes. Trained on the reader's own candidates, it cut a
//        narrow 6 into 1 and 0 in the test fixtures at seeds 1 and 2.
import DigitsBenchmarkSupport
import DigitsCompute
import DigitsData
import DigitsModels
import DigitsNN
import DigitsRecognition
import Foundation

prepareBenchmarkProcess()

let arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String, _ fallback: String? = nil) -> String {
    benchmarkArgument {
        guard let value = try benchmarkOptionValue("--\(name)", in: arguments) ?? fallback else {
            throw BenchmarkArgumentError(description: "--\(name) is required")
        }
        return value
    }
}
let setDirectory = option("set")
let cutsOnly = arguments.contains("--cuts-only")
let everySlant = arguments.contains("--every-slant")
let outputPath = cutsOnly ? "" : option("out")
let modelName = option("model", "paper-cnn")
let epochs = option("epochs", "3")
let seed = UInt64(option("seed", "1")) ?? 1
/// Training keeps at most this many "not one digit" candidates per whole digit, drawn at random:
/// most candidates are not digits, and the network need not see every one.
let negativesPerDigit = Double(option("negatives-per-digit", "3")) ?? 3

struct Entry: Decodable {
    let file: String
    let number: String
    let style: String
    let owners: String
}

/// One picture's labelled candidates, and whether every digit of it is among them whole (if not,
/// no choice among the candidates can read the number right).
struct Labelled {
    var samples: [([UInt8], UInt8)] = []
    var everyDigitCut = false
    var candidates = 0
}

/// A candidate is one digit when this share of its ink is that digit's and it holds this share of the digit's ink.
let wholeShare = 0.92
let wholeCover = 0.9
/// It is "not one digit" when the best digit's share or cover falls below these.
let partShare = 0.8
let partCover = 0.75

/// The labelled candidates of one picture.
func labelledCandidates(_ entry: Entry) throws -> Labelled {
    let picture = try ImageDecoder.decodeFile(atPath: setDirectory + "/" + entry.file)
    let owners = try ImageDecoder.decodeFile(atPath: setDirectory + "/" + entry.owners)
    let digits = entry.number.compactMap(\.wholeNumberValue)
    let candidates = try NumberReader.candidates(in: picture, source: entry.file, everySlant: everySlant)
    func counts(_ points: [(x: Int, y: Int)]) -> [Double] {
        var counts = [Double](repeating: 0, count: digits.count + 1)
        for (x, y) in points where x >= 0 && y >= 0 && x < owners.width && y < owners.height {
            let owner = Int(owners.gray[y * owners.width + x])
            if owner <= digits.count { counts[owner] += 1 }
        }
        return counts
    }
    let totals = counts(candidates.allInkPoints())
    var labelled = Labelled(candidates: candidates.inputs.count)
    var whole = Set<Int>()
    for (index, input) in candidates.inputs.enumerated() {
        let inside = counts(candidates.inkPoints(of: index))
        let owned = inside.dropFirst().reduce(0, +)
        let best = (1...digits.count).max { inside[$0] < inside[$1] }!
        let (share, cover) = owned > 0 ? (inside[best] / owned, inside[best] / max(totals[best], 1)) : (0, 0)
        if share >= wholeShare, cover >= wholeCover {
            whole.insert(best)
            labelled.samples.append((input, UInt8(digits[best - 1])))
        } else if share < partShare || cover < partCover {
            labelled.samples.append((input, UInt8(DigitChecker.notOneDigit)))
        }
    }
    labelled.everyDigitCut = whole.count == digits.count
    return labelled
}

let entries = try JSONDecoder().decode(
    [Entry].self, from: Data(contentsOf: URL(fileURLWithPath: setDirectory + "/labels.json")))
let started = Date()
let results = ConcurrentResults<Labelled>(count: entries.count)
DispatchQueue.concurrentPerform(iterations: entries.count) { index in
    results.set(index, Result { try labelledCandidates(entries[index]) })
}
// The last tenth of the pictures is the checker's test set: reported, never chosen by.
let testStart = entries.count * 9 / 10
var parts: [[([UInt8], UInt8)]] = [[], []]
var everyDigitCut: [String: (cut: Int, pictures: Int, candidates: Int)] = [:]
for (index, entry) in entries.enumerated() {
    switch Result(catching: { try results.get(index) }) {
    case .success(let labelled):
        parts[index < testStart ? 0 : 1] += labelled.samples
        everyDigitCut[entry.style, default: (0, 0, 0)].cut += labelled.everyDigitCut ? 1 : 0
        everyDigitCut[entry.style, default: (0, 0, 0)].pictures += 1
        everyDigitCut[entry.style, default: (0, 0, 0)].candidates += labelled.candidates
    case .failure(let error): print("skipped: \(error)")
    }
}
for (style, count) in everyDigitCut.sorted(by: { $0.key < $1.key }) {
    print(
        String(
            format: "%@: every digit among the candidates whole in %.3f of %d pictures (%.1f candidates each)",
            style, Double(count.cut) / Double(count.pictures), count.pictures,
            Double(count.candidates) / Double(count.pictures)))
}
if cutsOnly { exit(0) }
func images(_ samples: [([UInt8], UInt8)]) -> LabeledImages {
    LabeledImages(
        images: samples.flatMap(\.0), labels: samples.map(\.1), rows: 28, columns: 28,
        classCount: DigitChecker.classCount)
}
var random = SplitMix64(seed: seed)
let wholeCount = parts[0].filter { Int($0.1) != DigitChecker.notOneDigit }.count
let keep = min(1, negativesPerDigit * Double(wholeCount) / Double(max(1, parts[0].count - wholeCount)))
parts[0] = parts[0].filter { sample in
    Int(sample.1) != DigitChecker.notOneDigit || Double(random.next() >> 11) / Double(1 << 53) < keep
}
let data = FitData(training: images(parts[0]), test: images(parts[1]))
for (name, part) in [("training", data.training), ("test", data.test)] {
    let counts = part.classCounts
    print(
        "\(name): \(part.count) candidates, \(part.count - counts[DigitChecker.notOneDigit]) whole digits, "
            + "\(counts[DigitChecker.notOneDigit]) not one digit")
}
print(String(format: "labelled %d pictures in %.1f s", entries.count, Date().timeIntervalSince(started)))

let kind = try ModelRegistry.kind(named: modelName)
let settings = try kind.parseSettings(["--epochs", epochs])
let backend = ComputeBackendKind.blas.makeBackend(threads: 2, convolution: .im2col)
let context = FitContext(backend: backend, seed: seed) { event in
    if case .training(.epoch(let record)) = event {
        print(
            String(
                format: "epoch %d: training loss %.4f, accuracy %.4f; test accuracy %.4f (%.0f s)", record.epoch,
                record.trainingLoss, record.trainingAccuracy, record.testAccuracy, record.trainingSeconds))
    }
}
let trained = try kind.fit(data, settings: settings, context: context)
// Saved as `digits export` saves a network: the weights without the optimizer's state.
let checkpointPath = outputPath + ".checkpoint"
try trained.save(to: checkpointPath)
try NetworkCheckpoint.load(from: checkpointPath).exported().save(to: outputPath)
try FileManager.default.removeItem(atPath: checkpointPath)
let predictions = try trained.classifier.predictions(for: data.test, backend: backend)
let right = zip(predictions, data.test.labels).filter { $0 == Int($1) }.count
let wholeRight = zip(predictions, data.test.labels).filter {
    ($0 == DigitChecker.notOneDigit) == (Int($1) == DigitChecker.notOneDigit)
}.count
print(
    String(
        format: "%@: test accuracy %.4f (11 classes), %.4f (whole digit or not), %d candidates; wrote %@",
        trained.description, Double(right) / Double(data.test.count), Double(wholeRight) / Double(data.test.count),
        data.test.count, outputPath))
