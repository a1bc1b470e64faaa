/// Finds the lines along which the ink of one line of handwriting may be parted, and proposes the
/// stretches between them that may each be one digit. Which reading wins is left to the
/// classifier's confidence (`NumberReader`), weighed by how digit-like each stretch's shape is: a
/// cut that looks right to the eye but leaves two halves the model cannot read loses to the whole.
struct DigitSegmenter {
    let map: InkMap
    /// The height of a digit in this line: the median height of the tall pieces.
    let lineHeight: Double
    /// Ink left once specks are dropped, in reading order.
    let pieces: [InkComponent]
    /// Whether every slant's line is kept in every piece that is cut, not only in those wider than
    /// `widestDigit`: more ways of cutting one digit apart, for training the checker to refuse them.
    let everySlant: Bool

    /// Stretches wider than this many line heights are not proposed (two digits side by side are about 1.3).
    static let widestGroup = 1.8
    /// The widest gap, in line heights, between separate pieces of one digit.
    static let widestGap = 0.2
    /// Pieces wider than this many line heights hold two digits or more (one wide digit is at most
    /// about 1.1): they are also cut every `cutSpacing` line heights. Where digits lean into each
    /// other the thinnest columns are often inside a digit, and among many cuts the checker finds
    /// the right one. Spacings of 0.12 / 0.10 / 0.08 / 0.07 read 0.61 / 0.60 / 0.65 / 0.69 of the dev
    /// set's touching numbers whole and 0.76 / 0.73 / 0.78 / 0.76 of the holdout's.
    static let widestDigit = 1.2
    static let cutSpacing = 0.08
    /// A cut line strays at most this many line heights from its column's line, and each column it
    /// strays costs this much ink per row. Over the 300 touching numbers of dev and a second dev set
    /// (`make_numbers.py --part dev --seed 11 --count 600`), reaches of 0.06 / 0.1 / 0.15 read
    /// 0.67 / 0.67 / 0.63 whole at a cost of 0.02, and costs of 0.01 / 0.02 / 0.04 / 0.07 / 0.12
    /// read 0.66 / 0.67 / 0.69 / 0.66 / 0.64 at a reach of 0.1.
    static let cutReach = 0.1
    static let strayCost: Float = 0.04
    /// The slants (columns per row) of each cut's lines: a 1 or 7 that leans on its neighbour is
    /// parted by a slanted line, where an upright band cuts through it. When the pieces were sliced
    /// at every line in turn, only each column's cheapest line was kept, and every digit was among
    /// the candidates whole in 0.58 of 200 touching pictures of training digits upright only
    /// (`DigitCheckerTraining --cuts-only`), 0.65 with ±0.1 and ±0.2. Since lines may cross, every
    /// slant's line is kept in pieces wider than `widestDigit`: of 400 touching training pictures, 0.655 had every digit whole among
    /// 610 candidates each with the cheapest, 0.810 among 11,700 with every slant and no lines
    /// merged, and 0.750 among 1,350 with lines merged (`alikeLines`) and stretches
    /// no wider than `widestCut`.
    static let cutSlants = [0, -0.1, 0.1, -0.2, 0.2]
    /// Lines parting less than this many square line heights of ink differently are one (`PieceCuts`):
    /// at 0.005 / 0.01 / 0.015 / 0.02 / 0.03, 0.795 / 0.772 / 0.750 / 0.693 / 0.557 of those 400
    /// pictures had every digit whole, among 5,960 / 2,980 / 1,350 / 1,100 / 545 candidates each.
    static let alikeLines = 0.015
    /// A stretch cut from a piece on either side is no wider than this many line heights (a group
    /// of separate pieces may be `widestGroup`): 1.4 and 1.3 kept every digit whole in as many
    /// pictures as 1.8, with 17% and 22% fewer candidates.
    static let widestCut = 1.35

    init(map: InkMap, components: [InkComponent], everySlant: Bool = false) {
        self.map = map
        self.everySlant = everySlant
        let heights = components.map(\.box.height).sorted()
        let tallest = heights.last ?? 1
        let tall = heights.filter { 2 * $0 >= tallest }
        let lineHeight = tall.isEmpty ? 1 : Double(tall[tall.count / 2])
        self.lineHeight = lineHeight
        // A speck is small and stands alone; a small piece above or below a digit is part of it
        // (the bar of a 5, the end of a broken stroke), and so are small pieces that together stand
        // as tall as a digit's part (a faint stroke broken into bits).
        let partHeight = 0.45 * lineHeight
        let smallest = max(4, Int(0.002 * lineHeight * lineHeight))
        let major = components.filter { Double($0.box.height) >= partHeight }
        let small = components.filter { $0.pixels.count >= smallest && Double($0.box.height) < partHeight }
        let clusters = Self.clusters(small.map(\.box), within: Int(Self.widestGap * lineHeight))
        let parts = small.indices.filter { i in
            Double(clusters[i].height) >= partHeight
                || major.contains { 10 * $0.box.horizontalOverlap(small[i].box) >= 3 * small[i].box.width }
        }
        pieces = (major.filter { $0.pixels.count >= smallest } + parts.map { small[$0] })
            .sorted { $0.box.centreX < $1.box.centreX }
    }

    /// For each box, the box round every box joined to it by a chain of gaps of at most `within` pixels.
    static func clusters(_ boxes: [PixelBox], within: Int) -> [PixelBox] {
        var parent = Array(boxes.indices)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { (parent[i], i) = (parent[parent[i]], parent[i]) }
            return i
        }
        for i in boxes.indices {
            for j in boxes.indices where j > i && boxes[i].gap(to: boxes[j]) <= within { parent[root(j)] = root(i) }
        }
        var union = [Int: PixelBox]()
        for i in boxes.indices { union[root(i)] = union[root(i)].map { $0.union(boxes[i]) } ?? boxes[i] }
        return boxes.indices.map { union[root($0)]! }
    }

    /// Every piece with the lines it may be cut along: the least-ink line near each of its
    /// candidate columns (none in a piece no wider than a digit).
    func pieceCuts() -> [PieceCuts] {
        pieces.map { piece in
            let columns = cutColumns(piece)
            return PieceCuts(
                piece: piece, mapWidth: map.width, paths: columns.isEmpty ? [] : cutPaths(piece, columns: columns),
                alike: Int(Self.alikeLines * lineHeight * lineHeight))
        }
    }

    /// Every stretch of ink that could be one digit: from a line of one piece to a later line of it
    /// or of a later piece (whole pieces between), no wider than `widestGroup` line heights (a
    /// whole piece always, so that some reading covers all the ink) and never stepping across a
    /// gap of more than `widestGap` between separate pieces (the pieces of one broken digit
    /// overlap or nearly touch; spaced digits do not). Boundaries are numbered in reading order
    /// over all the pieces' lines, a piece's right edge being the next one's left edge.
    func stretches(_ cuts: [PieceCuts]) -> [InkStretch] {
        var first = [0]
        for piece in cuts { first.append(first.last! + piece.lines.count - 1) }
        let widest = Self.widestGroup * lineHeight
        let endCosts = self.endCosts(cuts)
        var found = [InkStretch]()
        for (p, start) in cuts.enumerated() {
            for a in 0..<(start.lines.count - 1) {
                // The ink from line `a` to the end of the pieces passed so far.
                var before: (pixels: [Int], box: PixelBox)? = nil
                for q in p..<cuts.count {
                    let piece = cuts[q]
                    let from = q == p ? a : 0
                    if let before {
                        let box = pieces[q].box
                        guard Double(box.minX - before.box.maxX) <= Self.widestGap * lineHeight,
                            Double(max(box.minX, before.box.maxX) - before.box.minX) < widest
                        else { break }
                    }
                    for b in (from + 1)..<piece.lines.count where piece.bound(from, b) {
                        let box = piece.box(from: from, to: b)!
                        let whole = before.map { $0.box.union(box) } ?? box
                        let wholePiece = before == nil && from == 0 && b == piece.lines.count - 1
                        let limit = before == nil ? Self.widestCut : Self.widestGroup
                        guard wholePiece || Double(whole.width) <= limit * lineHeight else { continue }
                        found.append(
                            InkStretch(
                                boundaries: (first[p] + a)..<(first[q] + b),
                                pixels: (before?.pixels ?? []) + piece.pixels(from: from, to: b), box: whole,
                                endCost: b == piece.lines.count - 1 ? endCosts[q].atEdge : endCosts[q].inside))
                    }
                    let rest = piece.pixels(from: from, to: piece.lines.count - 1)
                    let restBox = piece.box(from: from, to: piece.lines.count - 1)!
                    before = before.map { ($0.pixels + rest, $0.box.union(restBox)) } ?? (rest, restBox)
                    if Double(before!.box.width) > widest { break }
                }
            }
        }
        return found
    }

    /// How unlike a digit's a stretch's shape is, as a log-likelihood penalty (0 for ordinary digits):
    /// wider than 1.1 line heights (two digits as one), or shorter than 0.55 (a fragment on its own).
    func shapePenalty(_ box: PixelBox) -> Double {
        let (width, height) = (Double(box.width) / lineHeight, Double(box.height) / lineHeight)
        return 8 * max(0, width - 1.1) + 6 * max(0, 0.55 - height)
    }

    /// What ending a digit in each piece costs, as a log-likelihood penalty: at one of its inner
    /// lines, and at its right edge. A cut through a piece no wider than one digit costs 1.5 (its
    /// halves must be read far better than the whole), falling to nothing for pieces 1.4 line
    /// heights wide, which are almost surely digits that touch. Between separate pieces it costs
    /// 1.5 times the share of the narrower one's columns they have in common (the ink at the
    /// piece's end against the ink at the next one's start): the two strokes of a broken 4 or 5
    /// stand one above the other, neighbouring digits side by side.
    func endCosts(_ cuts: [PieceCuts]) -> [(inside: Double, atEdge: Double)] {
        cuts.indices.map { piece in
            let width = Double(pieces[piece].box.width) / lineHeight
            let inside = 1.5 * min(1, max(0, (1.4 - width) / 0.4))
            guard piece + 1 < cuts.count else { return (inside, 0) }
            let (left, right) = (cuts[piece].tail, cuts[piece + 1].head)
            return (inside, 1.5 * Double(left.horizontalOverlap(right)) / Double(min(left.width, right.width)))
        }
    }

    /// The ink of `stretch` alone as a white-on-black picture, cropped to it with a margin, with the
    /// faint edge pixels around it (below the ink threshold, in no piece) kept for their anti-aliasing.
    func picture(of stretch: InkStretch, inked: [Bool]) -> GrayAlphaImage {
        let margin = 2
        let (x0, y0) = (stretch.box.minX - margin, stretch.box.minY - margin)
        let (width, height) = (max(stretch.box.width + 2 * margin, 8), max(stretch.box.height + 2 * margin, 8))
        var inside = [Bool](repeating: false, count: width * height)
        for pixel in stretch.pixels { inside[(pixel / map.width - y0) * width + pixel % map.width - x0] = true }
        var ink = [Float](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                let (mx, my) = (x0 + x, y0 + y)
                guard mx >= 0, my >= 0, mx < map.width, my < map.height else { continue }
                let pixel = my * map.width + mx
                let edge =
                    !inked[pixel]
                    && ((x > 0 && inside[y * width + x - 1]) || (x < width - 1 && inside[y * width + x + 1])
                        || (y > 0 && inside[(y - 1) * width + x]) || (y < height - 1 && inside[(y + 1) * width + x]))
                if inside[y * width + x] || edge { ink[y * width + x] = map.values[pixel] }
            }
        }
        let peak = max(ink.max() ?? 1, 1e-6)
        return GrayAlphaImage(
            width: width, height: height, gray: ink.map { UInt8((min(1, $0 / peak) * 255).rounded()) })
    }

    /// Whether each map pixel is in one of the pieces.
    func inked() -> [Bool] { map.inked(by: pieces) }

    /// Where a piece wider than a digit might be cut into touching digits: the columns where its
    /// ink is thinnest (local minima of the column profile), evenly spaced columns for the
    /// number of digits its width suggests, for digits that overlap rather than touch, and in a piece
    /// wider than `widestDigit`, a column every `cutSpacing` line heights.
    func cutColumns(_ piece: InkComponent) -> [Int] {
        let box = piece.box
        guard Double(box.width) > 0.6 * lineHeight else { return [] }
        var profile = [Int](repeating: 0, count: box.width)
        for pixel in piece.pixels { profile[pixel % map.width - box.minX] += 1 }
        let smooth = profile.indices.map { i in profile[max(0, i - 1)...min(profile.count - 1, i + 1)].reduce(0, +) }
        let margin = max(2, Int(0.15 * lineHeight))
        let radius = max(1, Int(0.12 * lineHeight))
        guard margin < box.width - margin else { return [] }
        var minima = [(column: Int, ink: Int)]()
        for i in margin..<(box.width - margin) {
            let window = smooth[max(0, i - radius)...min(smooth.count - 1, i + radius)]
            if smooth[i] == window.min(), minima.last.map({ i - $0.column > radius }) ?? true {
                minima.append((i, smooth[i]))
            }
        }
        let limit = max(8, Int(3 * Double(box.width) / lineHeight))
        var cuts = minima.sorted { $0.ink < $1.ink }.prefix(limit).map(\.column)
        let digits = Int((Double(box.width) / (0.62 * lineHeight)).rounded())
        if digits >= 2 {
            for k in 1..<digits where cuts.count < limit {
                let column = k * box.width / digits
                if !cuts.contains(where: { abs($0 - column) <= radius }) { cuts.append(column) }
            }
        }
        if Double(box.width) > Self.widestDigit * lineHeight {
            let spacing = max(2, Int(Self.cutSpacing * lineHeight))
            for column in stride(from: margin, to: box.width - margin, by: spacing)
            where !cuts.contains(where: { abs($0 - column) < spacing / 2 }) {
                cuts.append(column)
            }
        }
        return cuts.sorted().map { $0 + box.minX }
    }

    /// For each cut column and each slant (`cutSlants`), the line from the piece's top to its bottom
    /// (a column per row) that parts the least ink, never straying more than `cutReach` from a line
    /// through the column at that slant: where digits lean into each other it goes round a stroke
    /// rather than through it. In a piece no wider than `widestDigit`, most likely one digit, only
    /// each column's cheapest line. Cheapest first, so that of two lines alike the cheaper is kept
    /// (`PieceCuts`); lines may cross.
    func cutPaths(_ piece: InkComponent, columns: [Int]) -> [[Int]] {
        let box = piece.box
        var ink = [Float](repeating: 0, count: box.width * box.height)
        for pixel in piece.pixels {
            ink[(pixel / map.width - box.minY) * box.width + pixel % map.width - box.minX] = map.values[pixel]
        }
        let reach = max(1, Int(Self.cutReach * lineHeight))
        let middle = Double(box.height - 1) / 2
        let everySlant = everySlant || Double(box.width) > Self.widestDigit * lineHeight
        let found = columns.flatMap { column in
            let lines = Self.cutSlants.map { slant in
                let centres = (0..<box.height).map {
                    column - box.minX + Int((slant * (Double($0) - middle)).rounded())
                }
                return Self.leastInkLine(ink, width: box.width, centres: centres, reach: reach)
            }
            return everySlant ? lines : [lines.min { $0.cost < $1.cost }!]
        }
        return found.sorted { $0.cost < $1.cost }.map { $0.path.map { $0 + box.minX } }
    }

    /// The cheapest way to part `ink` (`width` columns, a row per centre) into a left and a right
    /// side at one column per row, each within `reach` of its row's centre. The line (each row's
    /// first column of the right side) costs the ink it lies on, the ink joined across two rows
    /// that its step between them severs, and `strayCost` per column from the centre. A step may be
    /// any length, so the line can follow the gap between two digits that overlap in their columns:
    /// the minimum over the steps is a running minimum of prefix sums, from the left and from the right.
    static func leastInkLine(_ ink: [Float], width: Int, centres: [Int], reach: Int) -> (cost: Float, path: [Int]) {
        let (height, span) = (centres.count, 2 * reach + 1)
        func inkAt(_ row: Int, _ x: Int) -> Float { x >= 0 && x < width ? ink[row * width + x] : 0 }
        // cost[row * span + i]: the least cost of a line from the top to column centres[row] - reach + i.
        var cost = [Float](repeating: .infinity, count: height * span)
        var step = [Int](repeating: 0, count: height * span)
        for row in 0..<height {
            let first = centres[row] - reach
            let here = (0..<span).map { i -> Float in
                let x = first + i
                return x >= 0 && x < width ? ink[row * width + x] + strayCost * Float(abs(i - reach)) : .infinity
            }
            guard row > 0 else {
                cost.replaceSubrange(0..<span, with: here)
                continue
            }
            // severed[k]: the ink joined across this row and the one above in the columns from
            // `low` to low + k - 1; a step from column a to column b severs the columns between.
            let above = centres[row - 1] - reach
            let low = min(first, above)
            var severed: [Float] = [0]
            for x in low..<(max(first, above) + span) {
                severed.append(severed.last! + min(inkAt(row - 1, x), inkAt(row, x)))
            }
            // The cheapest arrival from the left (steps rightwards), then from the right where it is
            // cheaper; the line's own ink and stray are added once both are known.
            let (previous, current) = ((row - 1) * span, row * span)
            var (best, j) = ((cost: Float.infinity, from: 0), 0)
            for i in 0..<span {
                while j < span, above + j <= first + i {
                    let c = cost[previous + j] - severed[above + j - low]
                    if c < best.cost { best = (c, j) }
                    j += 1
                }
                (cost[current + i], step[current + i]) = (best.cost + severed[first + i - low], best.from)
            }
            (best, j) = ((Float.infinity, 0), span - 1)
            for i in stride(from: span - 1, through: 0, by: -1) {
                while j >= 0, above + j >= first + i {
                    let c = cost[previous + j] + severed[above + j - low]
                    if c < best.cost { best = (c, j) }
                    j -= 1
                }
                let fromRight = best.cost - severed[first + i - low]
                if fromRight < cost[current + i] { (cost[current + i], step[current + i]) = (fromRight, best.from) }
            }
            for i in 0..<span { cost[current + i] += here[i] }
        }
        let last = (height - 1) * span
        var i = (0..<span).min { cost[last + $0] < cost[last + $1] }!
        let total = cost[last + i]
        var path = [Int](repeating: 0, count: height)
        for row in stride(from: height - 1, through: 0, by: -1) {
            path[row] = centres[row] - reach + i
            i = step[row * span + i]
        }
        return (total, path)
    }
}
