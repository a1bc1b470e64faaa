extension InkMap {
    /// The map with a comb's ticks erased (nil when it has none): the short printed bars rising
    /// between the cells of a form's comb field, left standing apart once its baseline is erased
    /// as a ruled line (see `removingRuledLines`), which would otherwise be read as 1s. Of the
    /// `pieces`, the ticks are at least `fewestTicks` upright bars (`isBar`) of one height
    /// (within a third of their median), their tops on one line (within `topSlack` of it), spaced
    /// by whole multiples of the shortest gap (within a fifth of it: a tick merged into a digit
    /// leaves a gap twice as wide), that gap at least `widestTick` times their height, and no taller
    /// than `tallestTick` of the tallest other piece: a comb's ticks are a fraction of its cells'
    /// height, and handwritten 1s stand as tall as their neighbours. Ticks joined to a digit stay.
    func removingCombTicks(_ pieces: [InkComponent]) -> InkMap? {
        let bars = pieces.indices.filter { isBar(pieces[$0]) }.sorted { pieces[$0].box.minX < pieces[$1].box.minX }
        guard bars.count >= Self.fewestTicks else { return nil }
        let heights = bars.map { Double(pieces[$0].box.height) }
        let median = heights.sorted()[heights.count / 2]
        let ticks = bars.filter {
            let height = Double(pieces[$0].box.height)
            return 4 * height >= 3 * median && 3 * height <= 4 * median
        }
        guard ticks.count >= Self.fewestTicks else { return nil }
        // The line through their tops, fitted by least squares. The tops are the ticks' free
        // ends: a foot can keep a stub of the baseline, where a stroke crossed it.
        let tops = ticks.map { (x: pieces[$0].box.centreX, y: Double(pieces[$0].box.minY)) }
        let (meanX, meanY) = (
            tops.map(\.x).reduce(0, +) / Double(tops.count), tops.map(\.y).reduce(0, +) / Double(tops.count)
        )
        let spread = tops.reduce(0) { $0 + ($1.x - meanX) * ($1.x - meanX) }
        let slope = spread > 0 ? tops.reduce(0) { $0 + ($1.x - meanX) * ($1.y - meanY) } / spread : 0
        guard tops.allSatisfy({ abs($0.y - meanY - slope * ($0.x - meanX)) <= Self.topSlack }) else { return nil }
        let gaps = zip(tops, tops.dropFirst()).map { $1.x - $0.x }
        let shortest = gaps.min()!
        guard shortest >= Self.widestTick * median,
            gaps.allSatisfy({ abs($0 / shortest - ($0 / shortest).rounded()) <= 0.2 })
        else { return nil }
        let others = pieces.indices.filter { !ticks.contains($0) }
        guard let tallest = others.map({ Double(pieces[$0].box.height) }).max(), median <= Self.tallestTick * tallest
        else { return nil }
        var cleaned = values
        for tick in ticks { for pixel in pieces[tick].pixels { cleaned[pixel] = 0 } }
        return InkMap(width: width, height: height, values: cleaned)
    }

    /// A comb has at least this many ticks in view; its ticks' tops lie within this many pixels
    /// of one line; the gap between two ticks is at least this many times their height; they are
    /// at most this share of the tallest writing's height, and at least this many pixels tall.
    static let fewestTicks = 3
    static let topSlack = 3.0
    static let widestTick = 1.2
    static let tallestTick = 0.7
    static let shortestTick = 8

    /// Whether `piece` is a printed bar standing upright: at least `shortestTick` pixels tall (a
    /// speck of noise is not one), at least four times as tall as it is thick (its pixels per row),
    /// leaning at most 0.3 columns per row, solid (no wider than its thickness and its lean over its
    /// height, and a pixel either side), and straight, each row's middle within a pixel of the line
    /// through them: a digit's loop is hollow, however symmetric.
    private func isBar(_ piece: InkComponent) -> Bool {
        let box = piece.box
        var (sums, counts) = ([Double](repeating: 0, count: box.height), [Int](repeating: 0, count: box.height))
        for pixel in piece.pixels {
            sums[pixel / width - box.minY] += Double(pixel % width)
            counts[pixel / width - box.minY] += 1
        }
        guard box.height >= Self.shortestTick, counts.allSatisfy({ $0 > 0 }),
            4 * piece.pixels.count <= box.height * box.height
        else { return false }
        let middles = zip(sums, counts).map { $0 / Double($1) }
        let meanRow = Double(box.height - 1) / 2
        let meanMiddle = middles.reduce(0, +) / Double(middles.count)
        let spread = middles.indices.reduce(0.0) { $0 + (Double($1) - meanRow) * (Double($1) - meanRow) }
        let lean =
            spread > 0
            ? middles.indices.reduce(0.0) { $0 + (Double($1) - meanRow) * (middles[$1] - meanMiddle) } / spread : 0
        let thickness = Double(piece.pixels.count) / Double(box.height)
        return abs(lean) <= 0.3 && Double(box.width) <= thickness + abs(lean) * Double(box.height) + 2
            && middles.indices.allSatisfy { abs(middles[$0] - meanMiddle - lean * (Double($0) - meanRow)) <= 1 }
    }
}
