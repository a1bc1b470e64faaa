import DigitsCompute

/// What is printed on the paper rather than written: ruled lines (a cheque's amount line, lined
/// paper) and boxes drawn round each digit (exam sheets, forms). Both would otherwise be read as
/// digits, or glue the digits into one piece.
extension InkMap {
    /// The widest gap, in pixels, inside one ruled line.
    static let ruledLineGap = 3
    /// Ruled lines are looked for at slopes up to this many rows per column (about 15°, the
    /// steepest line of digits the reader turns level) either way, in steps of `ruledSlopeStep`: a
    /// photographed page is rarely level, and at 1° a line 900 pixels long crosses 16 rows, so no
    /// run along one row is long.
    static let steepestRuledLine = 0.27
    static let ruledSlopeStep = 0.005

    /// The rows of the map sheared by a slope (rows per column): sheared row `r` holds pixel
    /// `(x, r − margin + shifts[x])` for every x.
    private struct ShearedRows {
        let slope: Double
        let shifts: [Int]
        let margin: Int
        /// How many of the inked pixels each sheared row holds.
        var counts: [Int]

        /// The rows at `slope` of the whole map `width` × `height` whose ink `concentration` counts.
        init(slope: Double, width: Int, height: Int, concentration: inout ShearedConcentration) {
            self.slope = slope
            shifts = (0..<width).map { Int((slope * Double($0)).rounded()) }
            margin = Int((abs(slope) * Double(width)).rounded(.up))
            counts = [Int](repeating: 0, count: height + 2 * margin + 1)
            let (first, rowCounts) = concentration.rowCounts(slope)
            for (row, count) in rowCounts.enumerated() where count > 0 { counts[first + row + margin] = count }
        }
    }

    /// The slope (rows per column) along which the pixels `concentration` counts line up best: of
    /// the slopes tried, the one whose sheared rows hold the most ink squared
    /// (`ShearedConcentration`). Slopes `ruledSlopeStep` apart first, then a tenth of that round
    /// the best: a line 900 pixels long sheared a step off its slope still drifts four rows. Level
    /// wins ties, so a page without lines is scanned as before.
    private func ruledSlope(_ concentration: inout ShearedConcentration) -> Double {
        let level = concentration(0)
        func best(of slopes: [Double]) -> Double {
            var (best, bestConcentration) = (0.0, level)
            for slope in slopes where slope != 0 {
                let candidate = concentration(slope)
                if candidate > bestConcentration { (best, bestConcentration) = (slope, candidate) }
            }
            return best
        }
        let stepsEachWay = Int((Self.steepestRuledLine / Self.ruledSlopeStep).rounded())
        let coarse = best(of: (-stepsEachWay...stepsEachWay).map { Double($0) * Self.ruledSlopeStep })
        return best(of: (-10...10).map { coarse + Double($0) * Self.ruledSlopeStep / 10 })
    }

    /// The sheared rows' counter of the pixels above `low` in the whole map.
    private func inkConcentration(_ low: Float) -> ShearedConcentration {
        ShearedConcentration(
            pixels: values.indices.filter { values[$0] > low }, mapWidth: width,
            box: PixelBox(minX: 0, minY: 0, maxX: width - 1, maxY: height - 1))
    }

    /// The map with its long ruled lines erased: runs of ink along the slope the ink lines up best
    /// at, as thin as a printed line (`isThin`) and longer than the picture is tall and a third of
    /// its width, which no handwritten stroke of a line of digits is; or, in a picture narrower
    /// than that (two or three digits cropped close), at least `fewestSpanningLines` parallel runs
    /// across `spanningShare` of its width, as no digit has. Where they are found (lined or squared paper, a form), the lines at
    /// right angles to them as well, where they run two thirds of the picture's height: the
    /// squares of squared paper. Where a stroke crosses a line (ink on both sides of it) the line's
    /// pixels are kept, so the digit stays whole.
    func removingRuledLines(threshold: Float) -> InkMap {
        let low = threshold / 2
        var concentration = inkConcentration(low)
        let rows = ShearedRows(
            slope: ruledSlope(&concentration), width: width, height: height, concentration: &concentration)
        let spanning = Int(Self.spanningShare * Double(width))
        guard let across = erasingLines(along: rows, low: low, longest: max(height, width / 3), spanning: spanning)
        else { return self }
        let turned = across.transposed()
        var turnedConcentration = turned.inkConcentration(low)
        let columns = ShearedRows(
            slope: -rows.slope, width: turned.width, height: turned.height, concentration: &turnedConcentration)
        return (turned.erasingLines(along: columns, low: low, longest: 2 * height / 3) ?? turned).transposed()
    }

    /// A narrow picture's ruled lines run across this share of its width (the rest is margin and
    /// the corners a turned page leaves), and there are at least this many of them.
    static let spanningShare = 0.8
    static let fewestSpanningLines = 3
    /// A ruled line is followed where its ink, averaged over `lineWindow` columns along it, is above
    /// this share of the level that grows strokes (half the ink threshold), and not paper there.
    static let faintLine: Float = 0.75
    static let lineWindow = 9
    /// A line this many sheared rows across or more (a cheque's amount line; the ink map's blur
    /// spreads a printed line of two pixels over three rows) is erased along all of them.
    static let thickLine = 4

    /// The map with the runs of ink along `sheared`'s rows erased (nil when there are none),
    /// except where a stroke crosses them: every run at least `longest` long, and the runs at least
    /// `spanning` long when they lie along `fewestSpanningLines` separate lines or more.
    private func erasingLines(along sheared: ShearedRows, low: Float, longest: Int, spanning: Int? = nil) -> InkMap? {
        // Each sheared row with the rows just above and below it: a line lying between two pixel
        // rows, or a little off the slope, shares its ink between them.
        func band(_ row: Int, _ x: Int) -> Range<Int> {
            let y = row - sheared.margin + sheared.shifts[x]
            let (top, bottom) = (max(0, y - 1), min(height, y + 2))
            return top < bottom ? top..<bottom : 0..<0
        }
        // A run of ink may have gaps of up to `ruledLineGap` pixels, so a band needs an inked
        // pixel in at least one column in `ruledLineGap + 1` of a run; bands with fewer are
        // skipped unread.
        let shortest = min(longest, spanning ?? longest)
        let fewest = shortest / (Self.ruledLineGap + 1)
        var runs = [(row: Int, columns: ClosedRange<Int>)]()
        for row in sheared.counts.indices {
            let nearby = sheared.counts[max(0, row - 1)...min(sheared.counts.count - 1, row + 1)].reduce(0, +)
            guard nearby >= fewest else { continue }
            // The band's ink in each column, averaged along the line over `lineWindow` columns: a
            // faint line, near the threshold, dips below it every few pixels under sensor noise.
            let bandInk = (0..<width).map { x in band(row, x).reduce(0) { Swift.max($0, values[$1 * width + x]) } }
            var sums = [Float](repeating: 0, count: width + 1)
            for x in 0..<width { sums[x + 1] = sums[x] + bandInk[x] }
            let reach = Self.lineWindow / 2
            func lineInk(_ x: Int) -> Float {
                let (from, to) = (Swift.max(0, x - reach), Swift.min(width, x + reach + 1))
                return (sums[to] - sums[from]) / Float(to - from)
            }
            var (start, last) = (-1, -1)
            func close() {
                if start >= 0, last - start + 1 >= shortest { runs.append((row, start...last)) }
            }
            for x in 0..<width where lineInk(x) > Self.faintLine * low && bandInk[x] > low / 2 {
                if start >= 0 && x - last - 1 > Self.ruledLineGap {
                    close()
                    start = -1
                }
                if start < 0 { start = x }
                last = x
            }
            close()
        }
        // Neighbouring sheared rows see the same line through their overlapping bands. Of each
        // such cluster only the row holding the most ink is the line: erasing every band would
        // take a stroke lying along the line with it. Where `thickLine` rows or more are nearly
        // as full, the line is that thick and erased along all of them.
        var lines = [[(row: Int, columns: ClosedRange<Int>)]]()
        for run in runs {
            if let row = lines.last?.last?.row, run.row <= row + 3 {
                lines[lines.count - 1].append(run)
            } else {
                lines.append([run])
            }
        }
        let centres = lines.map { cluster in
            let fullest = cluster.max { sheared.counts[$0.row] < sheared.counts[$1.row] }!.row
            let full = cluster.filter { 10 * sheared.counts[$0.row] >= 9 * sheared.counts[fullest] }
            return full.count >= Self.thickLine ? full : cluster.filter { $0.row == fullest }
        }
        // Every run is at least `shortest` long, so each thin centre is a spanning line.
        let thin = centres.filter { isThin($0, along: sheared, low: low) }
        let ruledRuns = thin.joined().filter {
            $0.columns.count >= longest || thin.count >= Self.fewestSpanningLines
        }
        guard !ruledRuns.isEmpty else { return nil }
        var ruled = [Bool](repeating: false, count: values.count)
        for run in ruledRuns {
            for x in run.columns {
                for y in band(run.row, x) where values[y * width + x] > low { ruled[y * width + x] = true }
            }
        }
        var cleaned = values
        for x in 0..<width {
            var y = 0
            while y < height {
                guard ruled[y * width + x] else {
                    y += 1
                    continue
                }
                var end = y
                while end + 1 < height && ruled[(end + 1) * width + x] { end += 1 }
                func inked(_ row: Int) -> Bool { row >= 0 && row < height && values[row * width + x] > low }
                let crossed = (inked(y - 1) || inked(y - 2)) && (inked(end + 1) || inked(end + 2))
                if !crossed { for row in y...end { cleaned[row * width + x] = 0 } }
                y = end + 1
            }
        }
        return InkMap(width: width, height: height, values: cleaned)
    }

    /// Paper this many rows beyond a line's outer rows on either side tells a printed line from a
    /// row of handwriting (see `isThin`).
    static let lineClearance = 4

    /// Whether the line along `rows` (neighbouring sheared rows) is as thin as a printed one: the map
    /// is paper `lineClearance` rows beyond it on both sides along a quarter of its run, or half of it
    /// for a line `thickLine` rows across or more, as it is beside a printed line wherever no stroke
    /// crosses it or sits on it. Beyond the picture's edge is not known to be paper. In a number
    /// cropped close, rows of its strokes run longer than the picture is tall (the tops, waists and
    /// feet of touching digits), but beside such a row are more strokes: its digits' other strokes,
    /// or the rest of a stroke that crosses it. A stroke followed along its length is as thick as a
    /// printed cheque line, and clear beside it for longer, hence the half. On `Benchmarks/read`'s
    /// tight-crop set, taking every long row for a line read 0.747 whole (touching 0.460); this test
    /// reads 0.847 (0.740), as erasing no line at all does, and the lined and squared sets 0.880 and
    /// 0.827 (0.873 and 0.827 before). A quarter for every line read the three sets 0.820, 0.880
    /// and 0.827; half for every line, 0.847, 0.860 and 0.807.
    private func isThin(_ rows: [(row: Int, columns: ClosedRange<Int>)], along sheared: ShearedRows, low: Float)
        -> Bool
    {
        let (above, below) = (rows.map(\.row).min()! - Self.lineClearance, rows.map(\.row).max()! + Self.lineClearance)
        let columns = rows.max { $0.columns.count < $1.columns.count }!.columns
        func paper(_ row: Int, _ x: Int) -> Bool {
            let y = row - sheared.margin + sheared.shifts[x]
            return y >= 0 && y < height && values[y * width + x] <= low
        }
        let clear = columns.filter { paper(above, $0) && paper(below, $0) }.count
        return (rows.count >= Self.thickLine ? 2 : 4) * clear >= columns.count
    }

    /// The map with its rows and columns swapped.
    private func transposed() -> InkMap {
        InkMap(
            width: height, height: width, values: DigitsCompute.transposed(values, rowCount: height, columnCount: width)
        )
    }
}

extension InkMap {
    /// The map with its frames erased: of its `pieces`, those a printed box, a row of boxes or a
    /// comb (a form's baseline with ticks between the digits) makes. Either the piece is thin
    /// (under a third of its box inked) and its box holds another piece at least a third as tall
    /// (the digits written in it), or it is drawn with straight lines: along its bottom edge (and
    /// its top, or nowhere else), and down its left and right ones. Only those lines go. Pieces
    /// three quarters ink or more are never frames. A frame is followed along the slope its lines
    /// lie at (see `ruledSlope`), as a photographed form is rarely level: its height is taken across
    /// that slope. On `Benchmarks/read`'s boxes and comb sets, frames followed along pixel rows and
    /// columns only, and only round a piece of their own, read 0.587 and 0.733 of the numbers
    /// whole: the walls and ticks of every form turned more than a degree or two were read as 1s,
    /// and a short comb as 4s. Now they read 0.893 and 0.873.
    func removingFrames(_ pieces: [InkComponent]) -> InkMap {
        var cleaned = values
        for frame in pieces {
            let box = frame.box
            guard 4 * frame.pixels.count < 3 * box.width * box.height else { continue }
            var concentration = ShearedConcentration(pixels: frame.pixels, mapWidth: width, box: box)
            let slope = ruledSlope(&concentration)
            // How far across the slope each pixel lies, and a piece's height across it.
            func across(_ pixel: Int) -> Double { Double(pixel / width) - slope * Double(pixel % width) }
            func extent(_ piece: InkComponent) -> Double {
                let offsets = piece.pixels.map(across)
                return offsets.max()! - offsets.min()! + 1
            }
            let offsets = frame.pixels.map(across)
            let (top, bottom) = (offsets.min()!, offsets.max()!)
            let frameHeight = bottom - top + 1
            let holdsDigits = pieces.contains { inner in
                inner.box.minX > box.minX && inner.box.maxX < box.maxX && inner.box.minY > box.minY
                    && inner.box.maxY < box.maxY && 3 * extent(inner) >= frameHeight
            }
            let (along, upright) = straightLines(of: frame, slope: slope, height: frameHeight)
            // The edges are the outer sixth of the frame each way.
            let edge = Double(box.width) / 6
            func spansBox(_ line: [Int]) -> Bool {
                let xs = line.map { $0 % width }
                return !xs.isEmpty && 20 * (xs.max()! - xs.min()! + 1) >= 17 * box.width
            }
            let (topLine, bottomLine) = (
                along.filter { across($0) < top + frameHeight / 6 },
                along.filter { across($0) > bottom - frameHeight / 6 }
            )
            let closed =
                spansBox(bottomLine) && (spansBox(topLine) || topLine.isEmpty)
                && topLine.count + bottomLine.count == along.count
                && upright.contains { Double($0 % width - box.minX) < edge }
                && upright.contains { Double(box.maxX - $0 % width) < edge }
            guard (holdsDigits && 3 * frame.pixels.count < box.width * box.height) || closed else { continue }
            // Where a stroke crosses a line (the frame's ink on both sides of it) the line is kept,
            // so the digit stays whole.
            var inFrame = [Bool](repeating: false, count: values.count)
            var onLine = inFrame
            for pixel in frame.pixels { inFrame[pixel] = true }
            for pixel in along + upright { onLine[pixel] = true }
            func crossed(_ pixel: Int, step: Int) -> Bool {
                [step, -step].allSatisfy { step in
                    var next = pixel
                    while next + step >= 0 && next + step < values.count && onLine[next + step] { next += step }
                    return (1...2).contains { k in
                        let beyond = next + k * step
                        return beyond >= 0 && beyond < values.count && inFrame[beyond]
                    }
                }
            }
            for pixel in along where !crossed(pixel, step: width) { cleaned[pixel] = 0 }
            for pixel in upright where !crossed(pixel, step: 1) { cleaned[pixel] = 0 }
        }
        return InkMap(width: width, height: height, values: cleaned)
    }

    /// The pixels of `piece` on its straight lines: those its ink runs from along `slope` for half
    /// its box's width, and those it runs from at right angles to the slope for nine tenths of its
    /// `height` across it. A digit touching its box keeps its own strokes.
    private func straightLines(of piece: InkComponent, slope: Double, height: Double) -> (along: [Int], upright: [Int])
    {
        let box = piece.box
        var inPiece = [Bool](repeating: false, count: box.width * box.height)
        for pixel in piece.pixels { inPiece[(pixel / width - box.minY) * box.width + pixel % width - box.minX] = true }
        var (along, upright) = ([Int](), [Int]())
        for pixel in piece.pixels {
            let (x0, y0) = (pixel % width, pixel / width)
            // How many steps the ink runs from this pixel, inside the box, along the slope
            // (`down` false) or at right angles to it, `sign` saying which way: a step stays on
            // the line when the ink is within a pixel of where the line should be.
            func run(down: Bool, sign: Int, limit: Int) -> Int {
                var length = 0
                while length < limit {
                    let k = Double(sign * (length + 1))
                    let (x, y) =
                        down
                        ? (Int((Double(x0) - slope * k).rounded()), y0 + Int(k))
                        : (x0 + Int(k), Int((Double(y0) + slope * k).rounded()))
                    let onLine = (-1...1).contains { d in
                        let (nx, ny) = down ? (x + d, y) : (x, y + d)
                        return nx >= box.minX && nx <= box.maxX && ny >= box.minY && ny <= box.maxY
                            && inPiece[(ny - box.minY) * box.width + nx - box.minX]
                    }
                    guard onLine else { return length }
                    length += 1
                }
                return length
            }
            // Whether the ink runs `needed` steps through this pixel, one way and the other.
            func runs(down: Bool, _ needed: Int) -> Bool {
                let forward = run(down: down, sign: 1, limit: needed - 1)
                return 1 + forward + run(down: down, sign: -1, limit: needed - 1 - forward) >= needed
            }
            // `down` counts rows; the height across the slope spans 1 + slope² times as many.
            if runs(down: false, (box.width + 1) / 2) {
                along.append(pixel)
            } else if runs(down: true, Int((0.9 * height / (1 + slope * slope)).rounded(.up))) {
                upright.append(pixel)
            }
        }
        // A stroke lying against a line runs as far as the line does from its pixels next to it;
        // only the line itself fills its rows (along the slope) or columns (at right angles to it)
        // with as many pixels as its length.
        func cores(_ line: [Int], length: Double, position: (Int) -> Double) -> [Int] {
            var counts = [Int: Int]()
            for pixel in line { counts[Int(position(pixel).rounded()), default: 0] += 1 }
            return line.filter { 2 * Double(counts[Int(position($0).rounded())]!) >= length }
        }
        return (
            cores(along, length: Double(box.width)) { Double($0 / width) - slope * Double($0 % width) },
            cores(upright, length: height) { Double($0 % width) + slope * Double($0 / width) }
        )
    }
}
