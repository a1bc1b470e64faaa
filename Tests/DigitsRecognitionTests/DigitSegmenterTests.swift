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

    /// The reading's dynamic programme against every run of candidates from the first boundary to
    /// the last, tried one by one, on random candidates.
    @Test func bestReadingMatchesEveryRun() {
        var random = SplitMix64(seed: 3)
        for _ in 0..<200 {
            let steps = 1 + Int(random.next() % 6)
            var groups = [Range<Int>]()
            for start in 0..<steps {
                for end in (start + 1)...steps where end == start + 1 || random.next() % 3 != 0 {
                    groups.append(start..<end)
                }
            }
            let scores = groups.map { _ in -Double(random.next() % 1000) / 100 }
            let penalties = groups.map { _ in Double(random.next() % 100) / 100 }
            let candidates = DigitCandidates(
                inputs: [], boxes: [], groups: groups, penalties: penalties, pixels: [], allPixels: [], mapWidth: 1,
                toInput: { ($0, $1) })
            /// The best total of the runs from boundary `start` to the end.
            func bestFrom(_ start: Int) -> Double {
                guard start < steps else { return 0 }
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
            #expect(at == steps)
        }
    }

    /// Two lines that cross on ink bound no stretch between them, though each bounds one with either
    /// edge; a line parting no more than `alike` pixels differently from one before it is dropped.
    @Test func linesThatCrossOnInkBoundNoStretch() {
        // Rows 0 and 1 of a 6-pixel-wide piece; the first line passes left of column 2 in row 0 and
        // right of it in row 1, the second the other way round.
        let width = 10
        let piece = InkComponent(
            pixels: (0..<2).flatMap { y in (0..<6).map { y * width + $0 } },
            box: PixelBox(minX: 0, minY: 0, maxX: 5, maxY: 1))
        let cuts = PieceCuts(piece: piece, mapWidth: width, paths: [[2, 4], [4, 2], [3, 3], [3, 4]], alike: 1)
        // [3, 4] parts one pixel differently from [3, 3]: dropped. Sorted by the ink left of them:
        // [2, 4] and [4, 2] (6 each), then [3, 3].
        #expect(cuts.lines.count == 5)
        #expect(cuts.lines[3] == [3, 3])
        #expect(!cuts.bound(1, 2) && !cuts.bound(2, 1))
        for line in 1...3 { #expect(cuts.bound(0, line) && cuts.bound(line, 4)) }
        #expect(!cuts.bound(1, 3) && !cuts.bound(2, 3))  // each crosses [3, 3] on ink too
        #expect(cuts.pixels(from: 0, to: 1).sorted() == [0, 1, 10, 11, 12, 13])
        #expect(cuts.box(from: 1, to: 4) == PixelBox(minX: 2, minY: 0, maxX: 5, maxY: 1))
    }

    /// However the reading runs through the stretches, from the first boundary to the last with each
    /// stretch starting where the one before ended, it holds every ink pixel exactly once: on random
    /// lines of touching, leaning strokes, where the cut lines cross one another.
    @Test func everyRunOfStretchesPartsTheInkExactly() {
        var random = SplitMix64(seed: 5)
        let (width, height) = (160, 48)
        for trial in 0..<12 {
            var values = [Float](repeating: 0, count: width * height)
            // Five to seven strokes 3 pixels thick, leaning either way, 12–20 pixels apart, joined by a
            // bar along the bottom (touching digits), and a short detached stroke above the last.
            var x = 8.0
            for _ in 0..<(5 + Int(random.next() % 3)) {
                let lean = Double(Int(random.next() % 9) - 4) / 10
                for y in 6..<42 {
                    let centre = Int(x + lean * Double(y - 24))
                    for dx in -1...1 where (0..<width).contains(centre + dx) { values[y * width + centre + dx] = 0.9 }
                }
                x += 12 + Double(random.next() % 9)
            }
            for y in 38..<41 { for bx in 8..<Int(x) - 10 { values[y * width + bx] = 0.9 } }
            for y in 0..<3 { for bx in Int(x) - 14..<Int(x) - 8 { values[y * width + bx] = 0.9 } }
            let map = InkMap(width: width, height: height, values: values)
            let segmenter = DigitSegmenter(map: map, components: map.components(threshold: 0.25))
            let cuts = segmenter.pieceCuts()
            #expect(cuts.contains { $0.lines.count > 10 }, "trial \(trial): the joined strokes are cut")
            let stretches = segmenter.stretches(cuts)
            let last = stretches.map(\.boundaries.upperBound).max()!
            let ink = Set(segmenter.pieces.flatMap(\.pixels))
            // The boundaries from which some run reaches the end (a line may start no stretch narrow
            // enough to be a digit).
            var finishing: Set<Int> = [last]
            for boundary in stride(from: last - 1, through: 0, by: -1)
            where stretches.contains(where: {
                $0.boundaries.lowerBound == boundary && finishing.contains($0.boundaries.upperBound)
            }) {
                finishing.insert(boundary)
            }
            #expect(finishing.contains(0))
            for _ in 0..<50 {
                var (at, covered, count) = (0, Set<Int>(), 0)
                while at < last {
                    let next = stretches.filter {
                        $0.boundaries.lowerBound == at && finishing.contains($0.boundaries.upperBound)
                    }
                    let stretch = next[Int(random.next() % UInt64(next.count))]
                    covered.formUnion(stretch.pixels)
                    count += stretch.pixels.count
                    at = stretch.boundaries.upperBound
                }
                #expect(covered == ink && count == ink.count, "trial \(trial)")
            }
        }
    }

    /// A faint stroke broken into short bits is kept when the bits stand together as tall as a
    /// digit's part; the same bits spread apart, or one alone, are specks.
    @Test func brokenStrokesAreKeptAndSpecksDropped() {
        let (width, height) = (120, 60)
        func segmenter(bitsAt rows: [Int], column: Int) -> DigitSegmenter {
            var values = [Float](repeating: 0, count: width * height)
            // A digit 40 pixels tall, 4 wide, sets the line height.
            for y in 10..<50 { for x in 20..<24 { values[y * width + x] = 0.9 } }
            // Bits 6 pixels tall and 3 wide, beside it.
            for top in rows {
                for y in top..<(top + 6) { for x in column..<(column + 3) { values[y * width + x] = 0.9 } }
            }
            let map = InkMap(width: width, height: height, values: values)
            return DigitSegmenter(map: map, components: map.components(threshold: 0.25))
        }
        // Four bits 3 pixels apart (under 0.2 line heights) stand 33 pixels tall: one broken stroke.
        #expect(segmenter(bitsAt: [10, 19, 28, 37], column: 60).pieces.count == 5)
        // Two bits 20 pixels apart are separate specks, and so is one alone.
        #expect(segmenter(bitsAt: [10, 36], column: 60).pieces.count == 1)
        #expect(segmenter(bitsAt: [25], column: 60).pieces.count == 1)
        // A bit under a digit's columns is part of it, as before.
        #expect(segmenter(bitsAt: [52], column: 20).pieces.count == 2)
    }
}
