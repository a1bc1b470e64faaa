/// One picture's ink at one working scale, found, cleaned of what is printed rather than written,
/// turned level and parted into pieces: everything the reader knows before it cuts.
struct SegmentedInk {
    let segmenter: DigitSegmenter
    /// How many input pixels a side of one of the segmenter's map pixels spans, and how many times
    /// the picture was then enlarged (one of the two is 1).
    let factor: Int
    let enlargement: Int
    /// From a point of the segmenter's map to the input picture's pixels.
    let toInput: (Double, Double) -> (Double, Double)

    /// The ink of `image`, shrunk by `factor` or enlarged `enlargement` times. Throws where there is
    /// no ink, or too many marks to be a number.
    init(_ image: GrayAlphaImage, factor: Int, enlargement: Int = 1, source: String, everySlant: Bool) throws {
        (self.factor, self.enlargement) = (factor, enlargement)
        let (inked, levels, scale) = InkMap.make(image, factor: factor, enlargement: enlargement)
        let threshold = inked.inkThreshold()
        let (desked, pieces) = inked.removingBackdrop(inked.components(threshold: threshold), levels: levels)
        var map = desked.removingFrames(pieces).removingRuledLines(threshold: threshold)
        var components = map.components(threshold: threshold)
        if let unticked = map.removingCombTicks(components) {
            map = unticked
            components = map.components(threshold: threshold)
        }
        guard !components.isEmpty else { throw RecognitionError.blank(source: source) }
        let limit = NumberReader.maximumMarks
        guard components.count <= 4 * limit else {
            throw RecognitionError.tooManyMarks(source: source, count: components.count, limit: limit)
        }
        var toOriginal: (Double, Double) -> (Double, Double) = { ($0, $1) }
        if let angle = map.lineAngle(components), abs(angle) >= NumberReader.smallestTurn,
            abs(angle) <= NumberReader.largestTurn
        {
            let turned = map.rotated(by: -angle)
            let turnedComponents = turned.map.components(threshold: threshold)
            // Interpolation can thin faint ink below the threshold: then the picture is read unturned.
            if !turnedComponents.isEmpty {
                (map, toOriginal, components) = (turned.map, turned.point, turnedComponents)
            }
        }
        segmenter = DigitSegmenter(map: map, components: components, everySlant: everySlant)
        guard !segmenter.pieces.isEmpty else { throw RecognitionError.blank(source: source) }
        guard segmenter.pieces.count <= limit else {
            throw RecognitionError.tooManyMarks(source: source, count: segmenter.pieces.count, limit: limit)
        }
        toInput = { x, y in
            let (ox, oy) = toOriginal(x, y)
            return (ox / scale, oy / scale)
        }
    }

    /// How tall the segmenter's line of writing is in the input picture's pixels.
    var inputLineHeight: Double { segmenter.lineHeight * Double(factor) / Double(enlargement) }
}
