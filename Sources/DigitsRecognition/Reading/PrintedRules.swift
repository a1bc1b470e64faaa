/// What is printed on the paper rather than written: ruled lines (a cheque's amount line, lined
/// paper) and boxes drawn round each digit (exam sheets, forms). Both would otherwise be read as
/// digits, or glue the digits into one piece.
extension InkMap {
    /// The map with its long horizontal lines erased: runs of ink longer than the picture is tall
    /// and a third of its width, which no handwritten stroke of a line of digits is. Where a
    /// stroke crosses the line (ink just above and just below it) the line's pixels are kept, so the
    /// digit stays whole.
    func removingRuledLines(threshold: Float) -> InkMap {
        let low = threshold / 2
        let longest = max(height, width / 3)
        var ruled = [Bool](repeating: false, count: values.count)
        var found = false
        for y in 0..<height {
            var start = 0
            for x in 0...width {
                if x < width && values[y * width + x] > low { continue }
                if x - start >= longest {
                    for i in start..<x { ruled[y * width + i] = true }
                    found = true
                }
                start = x + 1
            }
        }
        guard found else { return self }
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
}

extension InkMap {
    /// The map with its frames erased: of its `pieces`, the thin ones (under a third of their box
    /// inked) whose box holds another piece at least a third as tall, as a printed box, or a row of
    /// boxes, holds the digits written in it.
    func removingFrames(_ pieces: [InkComponent]) -> InkMap {
        let frames = pieces.filter { frame in
            let box = frame.box
            guard 3 * frame.pixels.count < box.width * box.height else { return false }
            return pieces.contains { inner in
                inner.box.minX > box.minX && inner.box.maxX < box.maxX && inner.box.minY > box.minY
                    && inner.box.maxY < box.maxY && 3 * inner.box.height >= box.height
            }
        }
        guard !frames.isEmpty else { return self }
        // Only the frame's straight lines go: a digit touching its box keeps its own strokes.
        var cleaned = values
        for frame in frames {
            let inFrame = Set(frame.pixels)
            let box = frame.box
            var straight = [Int]()
            for pixel in frame.pixels {
                // How far the frame's ink runs from this pixel in direction (dx, dy), inside the box.
                func run(_ dx: Int, _ dy: Int) -> Int {
                    var (length, x, y) = (0, pixel % width + dx, pixel / width + dy)
                    while x >= box.minX && x <= box.maxX && y >= box.minY && y <= box.maxY
                        && inFrame.contains(y * width + x)
                    {
                        (length, x, y) = (length + 1, x + dx, y + dy)
                    }
                    return length
                }
                let across = 1 + run(1, 0) + run(-1, 0)
                let down = 1 + run(0, 1) + run(0, -1)
                if 2 * across >= box.width || 10 * down >= 9 * box.height { straight.append(pixel) }
            }
            for pixel in straight { cleaned[pixel] = 0 }
        }
        return InkMap(width: width, height: height, values: cleaned)
    }
}
