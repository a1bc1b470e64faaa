/// A stretch of ink that may be one digit: from one cut line to a later one, across any pieces
/// between (`DigitSegmenter.stretches`).
struct InkStretch {
    /// The boundaries it runs between, numbered in reading order over all the pieces' lines.
    var boundaries: Range<Int>
    /// Its ink pixels (indices into the map).
    var pixels: [Int]
    var box: PixelBox
    /// What ending a digit where it ends costs, as a log-likelihood penalty.
    var endCost: Double
}
