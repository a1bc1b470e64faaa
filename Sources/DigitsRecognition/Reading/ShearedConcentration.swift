/// How tightly a set of pixels lines up along the rows of a map sheared by a slope (rows per
/// column): the sum, over the sheared rows, of the number of its pixels each holds, squared. Long
/// straight lines along the slope concentrate their pixels in a few rows, and handwriting spreads
/// over many. Pixel `(x, y)` lies on sheared row `y − round(slope × x)`, `x` counted from the map's
/// left edge, so a piece's rows are the ones the whole map's would give its pixels.
struct ShearedConcentration {
    /// The pixels' bounding box, in map coordinates.
    let box: PixelBox
    /// The pixels as runs down the columns, `column` counted from the box's left edge and the rows
    /// from its top: a run shifts as one, so it adds one to each sheared row it covers, counted
    /// as a step up at its top and a step down past its bottom. Strokes a few pixels thick make
    /// several times fewer runs than pixels.
    private var runs = [(column: Int, top: Int, bottom: Int)]()
    /// The count steps of the sheared rows, reused from slope to slope.
    private var steps = [Int]()

    /// `pixels` are indices into a map `mapWidth` wide, all inside `box`.
    init(pixels: [Int], mapWidth: Int, box: PixelBox) {
        self.box = box
        for key in pixels.map({ ($0 % mapWidth - box.minX) * box.height + $0 / mapWidth - box.minY }).sorted() {
            let (column, row) = key.quotientAndRemainder(dividingBy: box.height)
            if let last = runs.last, last.column == column, last.bottom + 1 == row {
                runs[runs.count - 1].bottom = row
            } else {
                runs.append((column, row, row))
            }
        }
    }

    /// The concentration at `slope`: a whole number, so two slopes tie exactly where their counts do.
    mutating func callAsFunction(_ slope: Double) -> Double {
        fillSteps(slope)
        var (count, sum) = (0, 0)
        for step in steps {
            count += step
            sum += count * count
        }
        return Double(sum)
    }

    /// How many of the pixels each sheared row holds at `slope`: `counts[i]` is sheared row
    /// `first + i`.
    mutating func rowCounts(_ slope: Double) -> (first: Int, counts: [Int]) {
        let first = fillSteps(slope)
        var count = 0
        return (
            first,
            steps.map { step in
                count += step
                return count
            }
        )
    }

    /// Fills `steps` with the runs' steps at `slope`, and returns the sheared row of `steps[0]`.
    @discardableResult private mutating func fillSteps(_ slope: Double) -> Int {
        let minX = box.minX
        func shift(_ column: Int) -> Int { Int((slope * Double(minX + column)).rounded()) }
        // Shifts grow with the column when the slope is positive and shrink when it is negative.
        let (first, last) = (shift(0), shift(box.width - 1))
        let (lowest, highest) = (min(first, last), max(first, last))
        steps.removeAll(keepingCapacity: true)
        steps.append(contentsOf: repeatElement(0, count: box.height + highest - lowest + 1))
        var (column, offset) = (-1, 0)
        for run in runs {
            if run.column != column { (column, offset) = (run.column, highest - shift(run.column)) }
            steps[run.top + offset] += 1
            steps[run.bottom + offset + 1] -= 1
        }
        return box.minY - highest
    }
}
