/// Turns any image of one handwritten digit into a 28×28 MNIST-style input, the way the MNIST
/// digits were made: white ink on black, cropped to the ink, scaled to fit a 20×20 box with its
/// aspect ratio kept (area averaging, so edges are anti-aliased), and placed in 28×28 with its
/// centre of mass at the centre. One implementation serves `digits predict` and `digits serve`.
public enum MNISTPreprocessor {
    public static let side = 28
    public static let box = 20
    /// Smaller images are refused: they cannot hold a recognisable digit.
    public static let minimumSide = 8

    /// The 28×28 image (row-major, 0 background, 255 full ink); throws for blank or tiny input.
    public static func prepare(_ image: GrayAlphaImage, source: String) throws -> [UInt8] {
        guard image.width >= minimumSide, image.height >= minimumSide else {
            throw RecognitionError.tooSmall(
                source: source, width: image.width, height: image.height, minimum: minimumSide)
        }
        let ink = inkIntensity(image)
        let peak = ink.max() ?? 0
        // Ink must stand out: a faint smudge or uniform page is not a digit.
        guard peak >= 0.15 else { throw RecognitionError.blank(source: source) }
        // The crop keeps faint anti-aliased edges (as MNIST's bounding boxes did); the ink count that
        // tells a digit from a speck looks at clearly inked pixels only.
        let (edge, solid) = (peak / 20, peak / 4)
        var (left, right, top, bottom, count) = (image.width, -1, image.height, -1, 0)
        for y in 0..<image.height {
            for x in 0..<image.width {
                let v = ink[y * image.width + x]
                guard v > edge else { continue }
                left = min(left, x)
                right = max(right, x)
                top = min(top, y)
                bottom = max(bottom, y)
                if v > solid { count += 1 }
            }
        }
        guard count >= 4 else { throw RecognitionError.blank(source: source) }
        let (cropWidth, cropHeight) = (right - left + 1, bottom - top + 1)
        let scale = Double(box) / Double(max(cropWidth, cropHeight))
        let width = max(1, Int((Double(cropWidth) * scale).rounded()))
        let height = max(1, Int((Double(cropHeight) * scale).rounded()))
        // Scale in two steps, normalising the stroke width at four times the final size in between.
        let fine = normalisedStrokes(
            areaResample(
                ink, stride: image.width, x0: left, y0: top, width: cropWidth, height: cropHeight,
                toWidth: 4 * width, toHeight: 4 * height),
            width: 4 * width, height: 4 * height)
        var scaled = areaResample(
            fine.map(Float.init), stride: 4 * width, x0: 0, y0: 0, width: 4 * width, height: 4 * height,
            toWidth: width, toHeight: height)
        let scaledPeak = scaled.max() ?? 1
        scaled = scaled.map { $0 / scaledPeak }

        // Centre of mass at the centre of the 28×28 field, the box kept inside it.
        var (mass, sumX, sumY) = (0.0, 0.0, 0.0)
        for y in 0..<height {
            for x in 0..<width {
                let v = scaled[y * width + x]
                mass += v
                sumX += v * Double(x)
                sumY += v * Double(y)
            }
        }
        // MNIST digits have their centre of mass at pixel (14, 14) (measured: 13.99 ± 0.29, 14.01 ± 0.29).
        let centre = Double(side) / 2
        let offsetX = min(max(Int((centre - sumX / mass).rounded()), 0), side - width)
        let offsetY = min(max(Int((centre - sumY / mass).rounded()), 0), side - height)
        var out = [UInt8](repeating: 0, count: side * side)
        for y in 0..<height {
            for x in 0..<width {
                out[(y + offsetY) * side + x + offsetX] = UInt8((scaled[y * width + x] * 255).rounded())
            }
        }
        return out
    }

    /// Ink per pixel in [0, 1]: the composited levels, dark-on-light inverted, and the paper's own
    /// level (the median of the border) subtracted.
    static func inkIntensity(_ image: GrayAlphaImage) -> [Float] {
        var level = compositedLevels(image)
        let border = borderIndices(width: image.width, height: image.height).map { level[$0] }.sorted()
        let paper = border[border.count / 2]
        let inverted = paper > 127
        let base = inverted ? 255 - paper : paper
        let span = max(255 - base, 1)
        for i in level.indices { level[i] = max(0, (inverted ? 255 - level[i] : level[i]) - base) / span }
        return level
    }

    /// Gray levels 0–255 with transparent pixels composited over the background the ink is not (a
    /// canvas export draws dark strokes on transparency, so they go over white).
    static func compositedLevels(_ image: GrayAlphaImage) -> [Float] {
        let count = image.width * image.height
        var inkSum = 0.0
        var inkWeight = 0.0
        for i in 0..<count where image.alpha[i] > 0 {
            inkSum += Double(image.gray[i]) * Double(image.alpha[i])
            inkWeight += Double(image.alpha[i])
        }
        let hasTransparency = image.alpha.contains { $0 < 255 }
        let darkInk = inkWeight > 0 && inkSum / inkWeight < 128
        let background = darkInk ? 255.0 : 0.0
        // Float planes: a 5000×5000 photo costs 100 MB here, not 200.
        return (0..<count).map { i -> Float in
            let a = Float(image.alpha[i]) / 255
            return hasTransparency ? Float(image.gray[i]) * a + Float(background) * (1 - a) : Float(image.gray[i])
        }
    }

    /// MNIST's strokes are about 8 pixels wide at four times the 20-pixel box (median of the test
    /// set: 7.95; 10th–90th percentile 5.9–11.2); bold pens and fonts are far wider, hairlines far
    /// thinner, and the network has seen neither. Strokes outside that range are thinned (grey-level
    /// erosion) or thickened (dilation) towards 8 pixels.
    static func normalisedStrokes(_ image: [Double], width: Int, height: Int) -> [Double] {
        let peak = image.max() ?? 0
        guard peak > 0 else { return image }
        let inked = image.map { $0 > peak / 2 }
        var (area, boundary) = (0, 0)
        for y in 0..<height {
            for x in 0..<width where inked[y * width + x] {
                area += 1
                let interior =
                    x > 0 && x < width - 1 && y > 0 && y < height - 1
                    && inked[y * width + x - 1] && inked[y * width + x + 1]
                    && inked[(y - 1) * width + x] && inked[(y + 1) * width + x]
                if !interior { boundary += 1 }
            }
        }
        guard boundary > 0 else { return image }
        // A stroke of length L and width w has area L·w and about 2L boundary pixels.
        let strokeWidth = 2 * Double(area) / Double(boundary)
        let (target, widest, thinnest) = (8.0, 11.2, 5.9)
        var result = image
        if strokeWidth > widest {
            for _ in 0..<Int(((strokeWidth - target) / 4).rounded()) {
                result = filter3x3(result, width: width, height: height, eroding: true)
            }
        } else if strokeWidth < thinnest {
            for _ in 0..<Int(((target - strokeWidth) / 2).rounded()) {
                result = filter3x3(result, width: width, height: height, eroding: false)
            }
        }
        return result
    }

    /// Each pixel replaced by the minimum (erosion) or maximum (dilation) of its 3×3 neighbourhood
    /// (clipped at the edges). Erosion treats the world beyond the edges as background, so the edge
    /// pixels become 0 and strokes touching the edge thin too. Separable: a pass along each row, then
    /// one along each column, a third of the comparisons of the 3×3 window (the tests hold it to
    /// the window's direct form).
    static func filter3x3(_ image: [Double], width: Int, height: Int, eroding: Bool) -> [Double] {
        func pick(_ a: Double, _ b: Double) -> Double { eroding ? min(a, b) : max(a, b) }
        var rows = image
        for y in 0..<height {
            let base = y * width
            for x in 0..<width {
                var value = image[base + x]
                if x > 0 { value = pick(value, image[base + x - 1]) }
                if x < width - 1 { value = pick(value, image[base + x + 1]) }
                rows[base + x] = value
            }
        }
        var out = rows
        for y in 0..<height {
            for x in 0..<width {
                var value = rows[y * width + x]
                if y > 0 { value = pick(value, rows[(y - 1) * width + x]) }
                if y < height - 1 { value = pick(value, rows[(y + 1) * width + x]) }
                out[y * width + x] = value
            }
        }
        if eroding {
            for x in 0..<width { (out[x], out[(height - 1) * width + x]) = (0, 0) }
            for y in 0..<height { (out[y * width], out[y * width + width - 1]) = (0, 0) }
        }
        return out
    }

    private static func borderIndices(width: Int, height: Int) -> [Int] {
        var indices = Array(0..<width) + Array(((height - 1) * width)..<(height * width))
        for y in 1..<(height - 1) { indices += [y * width, y * width + width - 1] }
        return indices
    }

    /// Resamples a `width × height` window at (x0, y0) of `source` to `toWidth × toHeight`, each output
    /// pixel the mean of the source area it covers (fractional pixels weighted by their overlap).
    static func areaResample(
        _ source: [Float], stride: Int, x0: Int, y0: Int, width: Int, height: Int,
        toWidth: Int, toHeight: Int
    ) -> [Double] {
        let (sx, sy) = (Double(width) / Double(toWidth), Double(height) / Double(toHeight))
        // The weight of each source column (row) in each output column (row): the length of overlap.
        func weights(_ outCount: Int, _ step: Double, _ inCount: Int) -> [[(index: Int, weight: Double)]] {
            (0..<outCount).map { o in
                let (start, end) = (Double(o) * step, Double(o + 1) * step)
                return (Int(start)..<min(inCount, Int(end.rounded(.up)))).map { i in
                    (i, min(end, Double(i + 1)) - max(start, Double(i)))
                }.filter { $0.weight > 0 }
            }
        }
        let columns = weights(toWidth, sx, width)
        let rows = weights(toHeight, sy, height)
        var out = [Double](repeating: 0, count: toWidth * toHeight)
        for (oy, rowWeights) in rows.enumerated() {
            for (ox, columnWeights) in columns.enumerated() {
                var sum = 0.0
                for (y, wy) in rowWeights {
                    let base = (y0 + y) * stride + x0
                    for (x, wx) in columnWeights { sum += Double(source[base + x]) * wx * wy }
                }
                out[oy * toWidth + ox] = sum / (sx * sy)
            }
        }
        return out
    }
}
