/// How dark the pen is. A pencil, a worn ballpoint or a washed-out photo leaves strokes only a
/// fifth to a third as dark as the paper is bright: their ink measures 0.15–0.35, hardly above the
/// threshold that keeps paper texture out (at least 0.22, `inkThreshold`), so their edges and thin
/// stretches fell below it and digits broke into specks or vanished. Such a map is rescaled so
/// that its strokes reach the ink of a dark pen.
extension InkMap {
    /// Strokes whose ink reaches this much are left as they are. Photos of dark ink on a sheet lying
    /// on a desk measure 0.45–0.55 (`Benchmarks/read`'s desk set), plain photos more. Bringing faint
    /// strokes up to 0.35 instead, 150 of dev's numbers at 0.15 and 0.2 of their contrast read whole
    /// 0.87 and 0.87 of the time, against 0.89 and 0.90; up to 0.7 (with an earlier measure of the
    /// strokes, Otsu's inked class), the desk set read 3 of its 150 numbers worse, touching digits merged.
    static let fullInk: Float = 0.5
    /// The most a map's ink is multiplied by: paper texture (a few hundredths) stays far below the
    /// threshold.
    static let largestInkGain: Float = 4
    /// Strokes must stand this many times above the paper's own texture to be rescaled. Blank pages
    /// with noise and a lighting gradient measure 1.1–5 (and their texture stays under 0.07 after
    /// the gain); of `make bench-read`'s pencil set, 0.80 of the numbers read whole with 6, 0.84
    /// with 3, and none of its other sets reads differently with either.
    static let inkOverTexture: Float = 3
    /// The most pixels the strokes' darkest level is taken over (see `strokeStrength`).
    static let darkestPixels = 64

    /// The map with faint strokes brought up to `fullInk`, or unchanged if they are already that
    /// dark or cannot be told from the paper's texture.
    func withFullStrengthInk() -> InkMap {
        let (strokes, texture) = strokeStrength()
        guard strokes < Self.fullInk, strokes >= Self.inkOverTexture * texture else { return self }
        let gain = min(Self.largestInkGain, Self.fullInk / strokes)
        return InkMap(width: width, height: height, values: values.map { min(1, $0 * gain) })
    }

    /// The ink of the strokes and of the paper's texture, each to within a two-hundredth. The strokes'
    /// is the median of the pixels above half the level of the darkest thousandth of the map, or of
    /// its `darkestPixels` darkest if fewer; the texture's the median of the whole map, which is paper
    /// almost everywhere. A number fills more than a thousandth of most working pictures, but one
    /// written small on a scanned A4 page fills less: there the darkest thousandth reached into the
    /// strokes' blurred edges, which then passed for faint strokes, and the number, its ink
    /// multiplied, blurred into one blob (of 150 dev numbers on an A4 page at 300 dpi, at their own
    /// size and at 1.5 times it, one and two more read whole with the 64 darkest pixels). Of `make
    /// bench-read`'s sets only `scan`, whose paper never blurred so, reads otherwise: one touching
    /// number worse, the crop round its ink a few pixels off.
    func strokeStrength() -> (strokes: Float, texture: Float) {
        let bins = 200
        var histogram = [Int](repeating: 0, count: bins)
        for v in values { histogram[min(bins - 1, Int(v * Float(bins)))] += 1 }
        var (darkest, seen) = (bins - 1, 0)
        while darkest > 0 && seen + histogram[darkest] <= min(values.count / 1000, Self.darkestPixels) {
            seen += histogram[darkest]
            darkest -= 1
        }
        let inked = (darkest + 1) / 2
        let strokes = Float(inked) + Self.levelPercentiles(Array(histogram[inked...]), [0.5])[0]
        let texture = Self.levelPercentiles(histogram, [0.5])[0]
        return ((strokes + 0.5) / Float(bins), (texture + 0.5) / Float(bins))
    }
}
