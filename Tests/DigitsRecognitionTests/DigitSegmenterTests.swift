import DigitsCompute
import Testing

@testable import DigitsRecognition

/// The lines that part touching digits.
@Suite struct DigitSegmenterTests {
    /// A line's cost as `leastInkLine` defines it, summed pixel by pixel: the ink each row's line
    /// column lies on and its distance from the row's centre, and between two rows, the ink joined
    /// vertically in every column that one row gives the left side and the other the right.
    static func cost(of path: [Int], ink: [Float], width: Int, centres: [Int]) -> Float {
        func inkAt(_ row: Int, _ x: Int) -> Float { x >= 0 && x < width ? ink[row * width + x] : 0 }
        var total: Float = 0
        for row in path.indices {
            total += inkAt(row, path[row]) + DigitSegmenter.strayCost * Float(abs(path[row] - centres[row]))
            guard row > 0 else { continue }
            for x in min(path[row - 1], path[row])..<max(path[row - 1], path[row]) {
                total += min(inkAt(row - 1, x), inkAt(row, x))
            }
        }
        return total
    }

    /// Every line through small random pictures, tried one by one: the dynamic programme finds the
    /// cheapest cost, and the line it returns costs what it says. The centres step by up to two
    /// columns and their windows reach past the picture's sides.
    @Test func leastInkLineMatchesEveryLine() {
        var random = SplitMix64(seed: 11)
        let (width, height, reach) = (8, 5, 2)
        let span = 2 * reach + 1
        for trial in 0..<40 {
            // Mostly paper, with ink of varied darkness: the cheapest lines are not all free.
            let ink = (0..<(width * height)).map { _ -> Float in
                random.next() % 3 == 0 ? 0 : Float(random.next() % 100) / 100
            }
            var centres = [Int(random.next() % UInt64(width))]
            for _ in 1..<height {
                centres.append(min(width - 1, max(0, centres.last! + Int(random.next() % 5) - 2)))
            }
            var cheapest = Float.infinity
            for code in 0..<Array(repeating: span, count: height).reduce(1, *) {
                var (rest, path) = (code, [Int]())
                for row in 0..<height {
                    path.append(centres[row] - reach + rest % span)
                    rest /= span
                }
                guard path.allSatisfy({ $0 >= 0 && $0 < width }) else { continue }
                cheapest = min(cheapest, Self.cost(of: path, ink: ink, width: width, centres: centres))
            }
            let found = DigitSegmenter.leastInkLine(ink, width: width, centres: centres, reach: reach)
            #expect(abs(found.cost - cheapest) < 1e-4, "trial \(trial)")
            #expect(abs(Self.cost(of: found.path, ink: ink, width: width, centres: centres) - found.cost) < 1e-4)
            #expect(zip(found.path, centres).allSatisfy { abs($0 - $1) <= reach && $0 >= 0 && $0 < width })
        }
    }

    /// The foot of one digit running under the next (a 2 under a 7, say): the gap between them is at
    /// columns 2–3 in the top rows and at column 7 in the bottom ones, and the line steps across
    /// between them, severing no ink. A line moving a column per row cannot get from the one gap to
    /// the other in the two rows between without cutting a stroke.
    @Test func theLineStepsAlongAGap() {
        let rows = [
            "##..##..",
            "##..##..",
            "##..##..",
            "##......",
            "#######.",
            "#######.",
        ]
        let width = rows[0].count
        let ink = rows.flatMap { $0.map { $0 == "#" ? Float(1) : 0 } }
        let found = DigitSegmenter.leastInkLine(
            ink, width: width, centres: Array(repeating: 4, count: rows.count), reach: 3)
        #expect(found.cost < 0.5)
        #expect(found.path.prefix(3).allSatisfy { (2...4).contains($0) })
        #expect(found.path.suffix(2) == [7, 7])
    }

    /// The reading's dynamic programme against every run of candidates from the first atom
    /// boundary to the last, tried one by one, on random candidates.
    @Test func bestReadingMatchesEveryRun() {
        var random = SplitMix64(seed: 3)
        let atom = InkAtom(pixels: [0], box: PixelBox(minX: 0, minY: 0, maxX: 0, maxY: 0), piece: 0)
        for _ in 0..<200 {
            let atomCount = 1 + Int(random.next() % 6)
            var groups = [Range<Int>]()
            for start in 0..<atomCount {
                for end in (start + 1)...atomCount where end == start + 1 || random.next() % 3 != 0 {
                    groups.append(start..<end)
                }
            }
            let scores = groups.map { _ in -Double(random.next() % 1000) / 100 }
            let penalties = groups.map { _ in Double(random.next() % 100) / 100 }
            let candidates = DigitCandidates(
                inputs: [], boxes: [], groups: groups, penalties: penalties,
                atoms: Array(repeating: atom, count: atomCount), mapWidth: 1, toInput: { ($0, $1) })
            /// The best total of the runs from atom `start` to the end.
            func bestFrom(_ start: Int) -> Double {
                guard start < atomCount else { return 0 }
                return groups.indices.filter { groups[$0].lowerBound == start }.map {
                    scores[$0] - penalties[$0] + bestFrom(groups[$0].upperBound)
                }.max()!
            }
            let chosen = candidates.bestReading(scores: scores)
            let total = chosen.reduce(0) { $0 + scores[$1] - penalties[$1] }
            #expect(abs(total - bestFrom(0)) < 1e-9)
            // A run: each candidate starts where the one before ended, and the last ends at the end.
            var at = 0
            for index in chosen {
                #expect(groups[index].lowerBound == at)
                at = groups[index].upperBound
            }
            #expect(at == atomCount)
        }
    }
}
