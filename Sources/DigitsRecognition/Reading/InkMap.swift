import DigitsCompute
import Foundation

/// How much ink each pixel of a photo or scan holds, 0 (paper) to 1 (full ink), whatever the
/// lighting: the paper's own brightness is estimated locally and each pixel measured against it, so a
/// gradient or a shadow across the page does not turn into ink, nor does ink in the shadow vanish.
struct InkMap {
    let width: Int
    let height: Int
    var values: [Float]

    /// Working pictures are at most this many pixels on their longer side: digits of a phone photo
    /// are still tens of pixels tall, and the work stays a few milliseconds.
    static let workingSide = 1024
    /// Paper darker than this share of the brightest is a shadow or not paper at all (see `make`).
    static let darkestPaper: Float = 0.4

    /// How many input pixels a side of a working pixel spans, so that the picture fits `workingSide`.
    static func workingFactor(width: Int, height: Int) -> Int {
        max(1, (max(width, height) + workingSide - 1) / workingSide)
    }

    /// The ink map of `image` shrunk by `factor` (by default `workingFactor`) or enlarged
    /// `enlargement` times, the working picture's gray levels (dark ink), and the scale from input to
    /// working pixels.
    static func make(
        _ image: GrayAlphaImage, factor: Int? = nil, enlargement: Int = 1
    ) -> (map: InkMap, levels: [Float], scale: Double) {
        let factor = factor ?? workingFactor(width: image.width, height: image.height)
        var (levels, width, height) = shrunk(
            MNISTPreprocessor.compositedLevels(image), width: image.width, height: image.height, by: factor)
        (levels, width, height) = enlarged(levels, width: width, height: height, by: enlargement)
        // Light ink on dark (a canvas, a blackboard) is inverted first, and its cells counted again.
        // Dark ink is taken unless the picture with a margin round it votes light as well (see
        // `voteMarginShare`).
        var cells = cellHistograms(levels, width: width, height: height)
        if !inkIsDarker(cells) && !inkIsDarkerWithMargin(levels, width: width, height: height) {
            levels = levels.map { 255 - $0 }
            cells = cellHistograms(levels, width: width, height: height)
        }
        // The cells' paper is too bright wherever paper and something darker meet inside a cell (the
        // desk round a photographed sheet): a closing wider than any stroke keeps that darkness.
        let closed = closing(levels, width: width, height: height, radius: cells.cell)
        // In a noisy photo the cells' 90th percentile sits above the paper's mean (see `noiseBias`).
        let bias = noiseBias(levels, width: width, height: height)
        let paper = zip(paperLevels(cells, width: width, height: height), closed).map { min($0, $1) - bias }
        // Ink is measured against the paper, but never against less than a fraction of the brightest
        // paper: on a dark desk beyond the sheet, sensor noise is as large a share of the level as ink is.
        let dimmest = max(8, Self.darkestPaper * (paper.max() ?? 255))
        var ink = [Float](repeating: 0, count: levels.count)
        for i in ink.indices { ink[i] = min(1, max(0, (paper[i] - levels[i]) / max(paper[i], dimmest))) }
        return (
            InkMap(width: width, height: height, values: boxBlurred(ink, width: width, height: height))
                .withFullStrengthInk(),
            levels, Double(enlargement) / Double(factor)
        )
    }

    init(width: Int, height: Int, values: [Float]) {
        precondition(values.count == width * height)
        (self.width, self.height, self.values) = (width, height, values)
    }

    /// The level below which a pixel is paper: Otsu's threshold of the ink histogram (the split that
    /// best separates two classes), kept between 0.22 (sensor noise and paper texture stay paper)
    /// and 0.5 (faint pencil stays ink).
    func inkThreshold() -> Float {
        let bins = 100
        var histogram = [Double](repeating: 0, count: bins)
        for v in values { histogram[min(bins - 1, Int(v * Float(bins)))] += 1 }
        let total = Double(values.count)
        let totalSum = histogram.enumerated().reduce(0) { $0 + Double($1.offset) * $1.element }
        var (weight, sum, best, bestVariance) = (0.0, 0.0, 0, -1.0)
        for t in 0..<bins {
            weight += histogram[t]
            sum += Double(t) * histogram[t]
            guard weight > 0, weight < total else { continue }
            let (meanLow, meanHigh) = (sum / weight, (totalSum - sum) / (total - weight))
            let variance = weight * (total - weight) * (meanLow - meanHigh) * (meanLow - meanHigh)
            if variance > bestVariance { (best, bestVariance) = (t, variance) }
        }
        return min(0.5, max(0.22, (Float(best) + 1) / Float(bins)))
    }

    /// The map turned by `angle` radians (anticlockwise on screen) about its centre, on a canvas
    /// grown to keep every corner; `point` maps the turned map's coordinates back to this one's.
    func rotated(by angle: Double) -> (map: InkMap, point: (Double, Double) -> (Double, Double)) {
        let (c, s) = (cos(angle), sin(angle))
        let newWidth = Int((Double(width) * abs(c) + Double(height) * abs(s)).rounded(.up))
        let newHeight = Int((Double(width) * abs(s) + Double(height) * abs(c)).rounded(.up))
        let (cx, cy) = (Double(width) / 2, Double(height) / 2)
        let (ncx, ncy) = (Double(newWidth) / 2, Double(newHeight) / 2)
        let source = { (x: Double, y: Double) -> (Double, Double) in
            let (dx, dy) = (x - ncx, y - ncy)
            return (cx + c * dx - s * dy, cy + s * dx + c * dy)
        }
        var out = [Float](repeating: 0, count: newWidth * newHeight)
        for y in 0..<newHeight {
            for x in 0..<newWidth {
                let (sx, sy) = source(Double(x) + 0.5, Double(y) + 0.5)
                out[y * newWidth + x] = sample(sx - 0.5, sy - 0.5)
            }
        }
        return (InkMap(width: newWidth, height: newHeight, values: out), source)
    }

    /// Bilinear interpolation, 0 outside the map.
    private func sample(_ x: Double, _ y: Double) -> Float {
        let (x0, y0) = (Int(floor(x)), Int(floor(y)))
        let (fx, fy) = (Float(x - Double(x0)), Float(y - Double(y0)))
        func at(_ x: Int, _ y: Int) -> Float { x >= 0 && y >= 0 && x < width && y < height ? values[y * width + x] : 0 }
        // Inside the map (nearly every sample) the four neighbours are read without testing each.
        let (topLeft, topRight, bottomLeft, bottomRight) =
            x0 >= 0 && y0 >= 0 && x0 + 1 < width && y0 + 1 < height
            ? (
                values[y0 * width + x0], values[y0 * width + x0 + 1], values[(y0 + 1) * width + x0],
                values[(y0 + 1) * width + x0 + 1]
            )
            : (at(x0, y0), at(x0 + 1, y0), at(x0, y0 + 1), at(x0 + 1, y0 + 1))
        let top = topLeft * (1 - fx) + topRight * fx
        let bottom = bottomLeft * (1 - fx) + bottomRight * fx
        return top * (1 - fy) + bottom * fy
    }

    /// Whether the ink is darker than the paper. Paper is the majority of the pixels and ink the long
    /// tail: dark ink on light paper has its tail below the median. The tails are measured in each
    /// cell of the grid and summed, since over the whole picture a lighting gradient makes a tail of
    /// its own: a photo lit from one side has its bright half as long a tail above the median as the
    /// ink below it, and was read inverted. A tail counts only beyond the medians of the cell and its
    /// eight neighbours: where two surfaces meet (the sheet's edge against the desk, a hard shadow, a
    /// cell mostly filled by a bold stroke) the sliver of the other surface in a cell reaches no
    /// further than that surface's own median, so it is no ink; ink goes beyond it. In a Python
    /// replica of this vote over `Benchmarks/read`'s sets, the earlier rule (a cell whose median
    /// differed from a side neighbour's by more than 50 levels did not vote) read 4 of 450 desk
    /// photos inverted: a cell beside the sheet's corner holds a sliver of it. Excluding by all eight
    /// neighbours read 8 of 600 light-on-dark photos as dark, their bold strokes' cells all excluded.
    /// This rule reads none of either wrongly.
    private static func inkIsDarker(_ cells: Cells) -> Bool {
        let tails = cells.histograms.map { levelPercentiles($0, [0.01, 0.5, 0.99]) }
        var (below, above) = (Float(0), Float(0))
        for row in 0..<cells.rows {
            for column in 0..<cells.columns {
                var medians = [Float]()
                for r in max(0, row - 1)...min(cells.rows - 1, row + 1) {
                    for c in max(0, column - 1)...min(cells.columns - 1, column + 1) {
                        medians.append(tails[r * cells.columns + c][1])
                    }
                }
                let levels = tails[row * cells.columns + column]
                below += max(0, medians.min()! - levels[0])
                above += max(0, levels[2] - medians.max()!)
            }
        }
        return above <= below
    }

    /// The margin added round a picture for a second ink-or-paper vote, as a share of its shorter side.
    static let voteMarginShare = 0.4

    /// The ink-or-paper vote of `inkIsDarker` on the picture with a margin of `voteMarginShare` of
    /// its shorter side added round it, copied from its edge pixels. In a picture cropped close round
    /// its number, the cells (an eighth of the shorter side) are hardly wider than a stroke: a bold
    /// stroke fills most of many cells, and the paper in them is a tail above their median, so the
    /// plain vote says light ink. With the margin the cells are wider, and each stroke that reaches
    /// the edge runs on into it. Of `Benchmarks/read`'s tight-crop set, the plain vote reads 5 of 150
    /// pictures inverted, the vote with the margin none. But the vote with the margin reads 4 of
    /// the 150 desk photos inverted, which the plain vote reads right: a small sheet in a large
    /// frame of desk has its corners in coarser cells. Inverting only when both votes say light
    /// reads none of either set wrongly.
    private static func inkIsDarkerWithMargin(_ levels: [Float], width: Int, height: Int) -> Bool {
        let margin = Int(voteMarginShare * Double(min(width, height)))
        let (padded, paddedWidth, paddedHeight) = edgePadded(levels, width: width, height: height, by: margin)
        return inkIsDarker(cellHistograms(padded, width: paddedWidth, height: paddedHeight))
    }

    /// The levels with `margin` pixels added on every side, each a copy of the nearest edge pixel.
    private static func edgePadded(_ levels: [Float], width: Int, height: Int, by margin: Int)
        -> ([Float], width: Int, height: Int)
    {
        guard margin > 0 else { return (levels, width, height) }
        let (outWidth, outHeight) = (width + 2 * margin, height + 2 * margin)
        var out = [Float](repeating: 0, count: outWidth * outHeight)
        for y in 0..<outHeight {
            let row = min(max(y - margin, 0), height - 1) * width
            for x in 0..<outWidth { out[y * outWidth + x] = levels[row + min(max(x - margin, 0), width - 1)] }
        }
        return (out, outWidth, outHeight)
    }

    /// A grid of square cells over the picture, `columns × rows` of `cell` pixels, with a histogram
    /// of the levels in each.
    private typealias Cells = (cell: Int, columns: Int, rows: Int, histograms: [[Int]])

    /// The histogram of the levels in each cell of a grid, row by row: a cell is an eighth of the
    /// picture's shorter side, and at least 8 pixels.
    private static func cellHistograms(_ levels: [Float], width: Int, height: Int) -> Cells {
        let cell = max(8, min(width, height) / 8)
        let (columns, rows) = ((width + cell - 1) / cell, (height + cell - 1) / cell)
        var histograms = [[Int]](repeating: [Int](repeating: 0, count: 256), count: columns * rows)
        for y in 0..<height {
            for x in 0..<width {
                histograms[(y / cell) * columns + x / cell][min(255, max(0, Int(levels[y * width + x])))] += 1
            }
        }
        return (cell, columns, rows, histograms)
    }

    /// The paper's brightness at every pixel: the 90th percentile of each cell of the grid (a cell is
    /// wider than a pen stroke, so at least a tenth of it is paper), cells that are mostly ink
    /// replaced by their neighbours' median, then interpolated bilinearly between cell centres.
    private static func paperLevels(_ cells: Cells, width: Int, height: Int) -> [Float] {
        let (cell, columns, rows, histograms) = cells
        var grid = histograms.map { levelPercentiles($0, [0.9])[0] }
        let raw = grid
        for row in 0..<rows {
            for column in 0..<columns {
                var neighbours = [Float]()
                for r in max(0, row - 1)...min(rows - 1, row + 1) {
                    for c in max(0, column - 1)...min(columns - 1, column + 1) where r != row || c != column {
                        neighbours.append(raw[r * columns + c])
                    }
                }
                guard !neighbours.isEmpty else { continue }
                let median = neighbours.sorted()[neighbours.count / 2]
                if raw[row * columns + column] < 0.6 * median { grid[row * columns + column] = median }
            }
        }
        return upsampled(grid, columns: columns, rows: rows, by: cell, toWidth: width, height: height)
    }

    /// `grid` (`columns × rows`) as `width × height` pixels, each grid value spanning `scale × scale`
    /// of them: interpolated bilinearly between the values' centres, held level beyond the outermost.
    private static func upsampled(
        _ grid: [Float], columns: Int, rows: Int, by scale: Int, toWidth width: Int, height: Int
    ) -> [Float] {
        // For each output column (or row): the two grid columns it lies between, and its weight on the second.
        func taps(_ count: Int, inputs: Int) -> [(first: Int, second: Int, weight: Float)] {
            (0..<count).map { output in
                let at = min(max((Double(output) + 0.5) / Double(scale) - 0.5, 0), Double(inputs - 1))
                let first = Int(at)
                return (first, min(first + 1, inputs - 1), Float(at - floor(at)))
            }
        }
        let (across, down) = (taps(width, inputs: columns), taps(height, inputs: rows))
        var out = [Float]()
        out.reserveCapacity(width * height)
        for row in down {
            let (upper, lower) = (row.first * columns, row.second * columns)
            for column in across {
                let top = grid[upper + column.first] * (1 - column.weight) + grid[upper + column.second] * column.weight
                let bottom =
                    grid[lower + column.first] * (1 - column.weight) + grid[lower + column.second] * column.weight
                out.append(top * (1 - row.weight) + bottom * row.weight)
            }
        }
        return out
    }

    /// The brightness with every dark feature narrower than `2 × radius + 1` pixels filled in by the
    /// paper round it (a morphological closing: a sliding maximum, then a sliding minimum, over a
    /// square window). Strokes vanish from it; what is dark over a wider stretch, such as a desk
    /// beyond the sheet's edge, stays dark up to its edge.
    static func closing(_ levels: [Float], width: Int, height: Int, radius: Int) -> [Float] {
        guard !levels.isEmpty else { return levels }
        // Down the columns, then along the rows as the columns of the transposed levels; the
        // sliding minimum is the negated sliding maximum of the negated levels.
        var out = levels
        slidingMaximumDownColumns(&out, width: width, height: height, radius: radius)
        out = DigitsCompute.transposed(out, rowCount: height, columnCount: width)
        slidingMaximumDownColumns(&out, width: height, height: width, radius: radius)
        out = out.map { -$0 }
        slidingMaximumDownColumns(&out, width: height, height: width, radius: radius)
        out = DigitsCompute.transposed(out, rowCount: width, columnCount: height)
        slidingMaximumDownColumns(&out, width: width, height: height, radius: radius)
        return out.map { -$0 }
    }

    /// Replaces each value of a `width × height` grid by the largest within `radius` rows of it in
    /// its column (the van Herk–Gil–Werman method). The rows, padded with `radius` rows of −∞ at
    /// each end, are cut into blocks of one window, `2 × radius + 1` rows; each block's running
    /// maxima from its first row and from its last are taken, and every window is the end of one
    /// block and the start of the next, so each value costs three comparisons whatever the radius.
    /// Each step takes a whole row at once, along memory.
    private static func slidingMaximumDownColumns(_ values: inout [Float], width: Int, height: Int, radius: Int) {
        let (window, padded) = (2 * radius + 1, height + 2 * radius)
        var line = [Float](repeating: -.infinity, count: padded * width)
        line.replaceSubrange((radius * width)..<((radius + height) * width), with: values)
        var (fromStart, fromEnd) = (line, line)
        line.withUnsafeBufferPointer { line in
            fromStart.withUnsafeMutableBufferPointer { fromStart in
                fromEnd.withUnsafeMutableBufferPointer { fromEnd in
                    let (line, fromStart, fromEnd) = (line.baseAddress!, fromStart.baseAddress!, fromEnd.baseAddress!)
                    // Row `row` of `out` as the larger of row `other` of `out` and of `line`.
                    func larger(_ out: UnsafeMutablePointer<Float>, _ row: Int, _ other: Int) {
                        let (into, own) = (out + row * width, line + row * width)
                        let from = UnsafePointer(out + other * width)
                        for x in 0..<width { into[x] = max(from[x], own[x]) }
                    }
                    // Each block's first row of `fromStart` and last of `fromEnd` are its own row.
                    for start in stride(from: 0, to: padded, by: window) {
                        let end = min(start + window, padded)
                        for row in (start + 1)..<end { larger(fromStart, row, row - 1) }
                        for row in stride(from: end - 2, through: start, by: -1) { larger(fromEnd, row, row + 1) }
                    }
                    values.withUnsafeMutableBufferPointer { values in
                        let (values, ahead) = (values.baseAddress!, UnsafePointer(fromStart + 2 * radius * width))
                        for i in 0..<(width * height) { values[i] = max(fromEnd[i], ahead[i]) }
                    }
                }
            }
        }
    }

    /// Each pixel made `enlargement × enlargement` pixels (`upsampled`).
    private static func enlarged(_ levels: [Float], width: Int, height: Int, by enlargement: Int)
        -> ([Float], width: Int, height: Int)
    {
        guard enlargement > 1 else { return (levels, width, height) }
        let (newWidth, newHeight) = (width * enlargement, height * enlargement)
        return (
            upsampled(levels, columns: width, rows: height, by: enlargement, toWidth: newWidth, height: newHeight),
            newWidth, newHeight
        )
    }

    /// Each `factor × factor` block averaged into one pixel (the last row and column of blocks may be partial).
    private static func shrunk(_ levels: [Float], width: Int, height: Int, by factor: Int)
        -> ([Float], width: Int, height: Int)
    {
        guard factor > 1 else { return (levels, width, height) }
        let (outWidth, outHeight) = ((width + factor - 1) / factor, (height + factor - 1) / factor)
        var sums = [Float](repeating: 0, count: outWidth * outHeight)
        var counts = [Float](repeating: 0, count: outWidth * outHeight)
        for y in 0..<height {
            for x in 0..<width {
                sums[(y / factor) * outWidth + x / factor] += levels[y * width + x]
                counts[(y / factor) * outWidth + x / factor] += 1
            }
        }
        return (zip(sums, counts).map { $0 / $1 }, outWidth, outHeight)
    }

    /// Sensor noise up to this deviation (in gray levels) is left to the threshold: every picture of
    /// `make bench-read`'s sets but the two noisy ones measures at most 8.9, and reads as it did
    /// before `noiseBias`.
    static let tolerableNoise: Float = 10
    /// How far a Gaussian's 90th percentile lies above its mean, in deviations.
    static let ninetiethPercentileDeviations: Float = 1.28

    /// How far sensor noise beyond `tolerableNoise` lifts the paper estimate above the paper's
    /// mean level. The paper is each cell's 90th percentile, which on grainy paper lies 1.28
    /// deviations above the mean, so that nine pixels in ten of bare paper measure as some ink.
    /// Where the paper is dim (the dark side of a shadow), that ink neared the threshold, and the
    /// grain joined strokes into blobs, or into the backdrop, which was then erased with them. With
    /// this bias taken off, `make bench-read`'s `noisy` set (deviations 10–28) reads 0.867 whole
    /// against 0.773, and `holdout-noisy`, never tuned on, 0.933 against 0.847. Taking off only the
    /// bias beyond the tolerable noise left a dim page's grain as ink (`noiseInAShadowIsNotInk`).
    static func noiseBias(_ levels: [Float], width: Int, height: Int) -> Float {
        let deviation = noiseDeviation(levels, width: width, height: height)
        return deviation > tolerableNoise ? ninetiethPercentileDeviations * deviation : 0
    }

    /// The deviation of the picture's sensor noise, in gray levels: the median difference between
    /// horizontal neighbours over 0.954, which it is for Gaussian noise (the difference of two
    /// deviates has deviation √2 σ, and its median magnitude is 0.6745 of that). Strokes' edges are
    /// too few pixels to move the median.
    static func noiseDeviation(_ levels: [Float], width: Int, height: Int) -> Float {
        guard width > 1, height > 0 else { return 0 }
        var histogram = [Int](repeating: 0, count: 256)
        for y in 0..<height {
            for x in 0..<(width - 1) {
                histogram[min(255, Int(abs(levels[y * width + x + 1] - levels[y * width + x])))] += 1
            }
        }
        return (levelPercentiles(histogram, [0.5])[0] + 0.5) / 0.954
    }

    /// A 3×3 mean: sensor noise averages out, strokes (several pixels wide) stay.
    private static func boxBlurred(_ values: [Float], width: Int, height: Int) -> [Float] {
        var out = values
        for y in 0..<height {
            for x in 0..<width {
                var (sum, count) = (Float(0), Float(0))
                for ny in max(0, y - 1)...min(height - 1, y + 1) {
                    for nx in max(0, x - 1)...min(width - 1, x + 1) {
                        sum += values[ny * width + nx]
                        count += 1
                    }
                }
                out[y * width + x] = sum / count
            }
        }
        return out
    }

    /// The levels (bins of `histogram`: gray levels 0–255, or ink in `InkStrength`) at the given
    /// fractions of their sorted order, to within a bin: sorting a working picture's quarter-million
    /// pixels would cost more than the rest.
    static func levelPercentiles(_ histogram: [Int], _ fractions: [Double]) -> [Float] {
        let total = histogram.reduce(0, +)
        return fractions.map { fraction in
            let rank = Int(fraction * Double(total))
            var seen = 0
            for (level, count) in histogram.enumerated() {
                seen += count
                if seen > rank { return Float(level) }
            }
            return Float(histogram.count - 1)
        }
    }
}
