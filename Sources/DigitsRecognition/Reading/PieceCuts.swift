/// One piece's ink row by row, and the lines along which it may be parted into digits. A line is
/// kept as how many of each row's ink pixels lie left of it, so lines that part the ink alike are
/// one, and two lines may cross where no ink lies between them. Any two lines that do not cross on
/// ink bound a stretch that may be one digit: a line bent round one digit's stroke never bends the
/// edge of another stretch, as it did when the piece was sliced at every line in turn.
struct PieceCuts {
    /// The piece's ink pixels (indices into the map), row by row from the top of its box, each row
    /// left to right.
    let rows: [[Int]]
    /// The lines, in order of the ink left of them: first the piece's left edge (no ink left of it),
    /// last its right edge (all of it).
    let lines: [[Int]]
    let mapWidth: Int

    /// `paths` gives each line's first column right of it, row by row. A line that parts no more
    /// than `alike` ink pixels differently from one kept before it is dropped.
    init(piece: InkComponent, mapWidth: Int, paths: [[Int]], alike: Int = 0) {
        var rows = [[Int]](repeating: [], count: piece.box.height)
        for pixel in piece.pixels { rows[pixel / mapWidth - piece.box.minY].append(pixel) }
        rows = rows.map { $0.sorted() }
        let (none, all) = ([Int](repeating: 0, count: rows.count), rows.map(\.count))
        var kept = [none, all]
        for path in paths {
            let line = zip(rows, path).map { row, column in row.firstIndex { $0 % mapWidth >= column } ?? row.count }
            if kept.allSatisfy({ zip($0, line).reduce(0) { $0 + abs($1.0 - $1.1) } > alike }) { kept.append(line) }
        }
        self.rows = rows
        let inner = kept.dropFirst(2).map { (line: $0, ink: $0.reduce(0, +)) }
        self.lines = [none] + inner.sorted { $0.ink < $1.ink }.map(\.line) + [all]
        self.mapWidth = mapWidth
    }

    /// Whether lines `a` and `b` bound a stretch of ink: some lies between them, and none lies right
    /// of `b` but left of `a`.
    func bound(_ a: Int, _ b: Int) -> Bool {
        var between = false
        for (left, right) in zip(lines[a], lines[b]) {
            guard left <= right else { return false }
            between = between || left < right
        }
        return between
    }

    /// The ink between lines `a` and `b`.
    func pixels(from a: Int, to b: Int) -> [Int] {
        rows.indices.flatMap { rows[$0][lines[a][$0]..<lines[b][$0]] }
    }

    /// The box round the ink between lines `a` and `b`, or nil if there is none.
    func box(from a: Int, to b: Int) -> PixelBox? { box(between: lines[a], and: lines[b]) }

    /// The box round the ink left of every inner line: where a digit ending in the piece before
    /// meets this piece (the whole piece when it has no inner lines).
    var head: PixelBox { box(between: lines.first!, and: innerLines(min) ?? lines.last!) ?? whole }

    /// The box round the ink right of every inner line.
    var tail: PixelBox { box(between: innerLines(max) ?? lines.first!, and: lines.last!) ?? whole }

    private var whole: PixelBox { box(from: 0, to: lines.count - 1)! }

    /// The inner lines folded row by row with `pick` (min: the leftmost of them in each row), or
    /// nil when there are none.
    private func innerLines(_ pick: (Int, Int) -> Int) -> [Int]? {
        let inner = lines.dropFirst().dropLast()
        return inner.first.map { first in inner.reduce(first) { zip($0, $1).map(pick) } }
    }

    private func box(between left: [Int], and right: [Int]) -> PixelBox? {
        var box: PixelBox? = nil
        for (row, pixels) in rows.enumerated() where left[row] < right[row] {
            let (first, last) = (pixels[left[row]], pixels[right[row] - 1])
            let found = PixelBox(
                minX: first % mapWidth, minY: first / mapWidth, maxX: last % mapWidth, maxY: last / mapWidth)
            box = box?.union(found) ?? found
        }
        return box
    }
}
