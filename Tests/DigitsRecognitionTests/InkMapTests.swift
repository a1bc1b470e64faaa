import DigitsCompute
import Foundation
import Testing

@testable import DigitsRecognition

/// Ink against paper under uneven light.
@Suite struct InkMapTests {
    /// A page lit from the left: bright paper (230) turning, over 30 pixels, into a shadow (100) that
    /// covers most of it, with one dark stroke (20) in the light and one in the shadow. Over the
    /// whole picture the bright part is as long a tail above the median as the ink is below it (the
    /// reader used to take such a photo for light ink on a dark board); each stroke must read as
    /// ink and the paper, light or shadowed, as paper.
    @Test func aPhotoLitFromOneSideIsDarkInkOnPaper() {
        let (width, height) = (200, 100)
        func paper(_ x: Int) -> Double { 230 - 130 * min(1, max(0, Double(x - 60) / 30)) }
        func isStroke(_ x: Int, _ y: Int) -> Bool { (30..<35).contains(x) || (150..<155).contains(x) }
        var gray = [UInt8](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                gray[y * width + x] = isStroke(x, y) && (20..<80).contains(y) ? 20 : UInt8(paper(x))
            }
        }
        let (map, _, scale) = InkMap.make(GrayAlphaImage(width: width, height: height, gray: gray))
        #expect(scale == 1 && map.width == width)
        for x in [32, 152] { #expect(map.values[50 * width + x] > 0.5, "stroke at x = \(x)") }
        let paperPixels = (0..<(width * height)).filter { abs($0 % width - 32) > 6 && abs($0 % width - 152) > 6 }
        let inkOnPaper = paperPixels.filter { map.values[$0] > 0.22 }.count
        #expect(inkOnPaper * 100 < paperPixels.count, "\(inkOnPaper) of \(paperPixels.count) paper pixels read as ink")
    }

    /// Small writing is enlarged before its ink is found: each input pixel becomes `enlargement`
    /// working pixels each way, levels interpolated between the pixel centres. A stroke 2 pixels wide
    /// comes out as ink 6 working pixels wide at 3 times, where it lies, and the paper as paper.
    @Test func anEnlargedPictureKeepsItsInkWhereItLies() {
        let (width, height, enlargement) = (40, 30, 3)
        var gray = [UInt8](repeating: 220, count: width * height)
        for y in 5..<25 { for x in 19..<21 { gray[y * width + x] = 30 } }
        let (map, _, scale) = InkMap.make(
            GrayAlphaImage(width: width, height: height, gray: gray), factor: 1, enlargement: enlargement)
        #expect(scale == 3 && map.width == width * enlargement && map.height == height * enlargement)
        let row = 15 * enlargement + 1
        let inked = (0..<map.width).filter { map.values[row * map.width + $0] > 0.5 }
        // The stroke covers working columns 57–62, its centre line between 59 and 60.
        let (first, last) = (inked.first ?? 0, inked.last ?? 0)
        #expect(
            inked.count == last - first + 1 && abs(first + last - 119) <= 1 && (5...8).contains(inked.count), "\(inked)"
        )
        #expect(map.values[row * map.width + 5 * enlargement] < 0.1)
    }

    /// A noisy photo (Gaussian noise of deviation 18) lit from the left: paper at 210 dimming to 120
    /// in its right half, with three strokes 5 pixels wide and 80 levels below the paper, one in the
    /// light and two in the shadow. The noise's deviation is measured to within a tenth, and a clean
    /// picture's as under `tolerableNoise`. The three strokes are three pieces, each within 2 pixels
    /// of its stroke, and the shadow's grain is none: with the paper estimate left at the noise's
    /// 90th percentile, the dim paper's grain read as ink and joined the two strokes in the shadow
    /// into blobs of it. Of seeds 1–8, all fail without the bias; with it, all but seed 5 pass,
    /// whose noise leaves a 22-pixel speck where the light turns to shadow: the paper estimate's own
    /// weakness on a ramp, not the noise's lift.
    @Test func noiseInAShadowIsNotInk() {
        let (width, height) = (240, 120)
        var random = SplitMix64(seed: 1)
        func paper(_ x: Int) -> Double { 210 - 90 * min(1, max(0, Double(x - 100) / 20)) }
        let strokeLefts = [40, 150, 200]
        func isStroke(_ x: Int, _ y: Int) -> Bool {
            (30..<90).contains(y) && strokeLefts.contains { ($0..<($0 + 5)).contains(x) }
        }
        var (clean, noisy) = ([UInt8](), [UInt8]())
        for y in 0..<height {
            for x in 0..<width {
                let level = paper(x) - (isStroke(x, y) ? 80 : 0)
                clean.append(UInt8(level))
                noisy.append(UInt8(min(255, max(0, level + 18 * random.standardNormal()))))
            }
        }
        let measured = InkMap.noiseDeviation(noisy.map(Float.init), width: width, height: height)
        #expect(abs(measured - 18) < 1.8, "measured \(measured)")
        #expect(InkMap.noiseDeviation(clean.map(Float.init), width: width, height: height) < InkMap.tolerableNoise)
        let (map, _, _) = InkMap.make(GrayAlphaImage(width: width, height: height, gray: noisy))
        let pieces = map.components(threshold: map.inkThreshold()).sorted { $0.box.minX < $1.box.minX }
        #expect(pieces.count == strokeLefts.count, "\(pieces.map(\.box))")
        for (piece, left) in zip(pieces, strokeLefts) {
            #expect(abs(piece.box.minX - left) <= 2 && abs(piece.box.maxX - (left + 4)) <= 2, "\(piece.box)")
        }
    }

    /// A sheet (level 220) on a dark desk (60), with two dark strokes on it: the strokes are ink, the
    /// desk and the sheet's edge are not. The sheet's edges lie 8 pixels into the grid's cells (37
    /// pixels), so each cell along them is mostly desk with a sliver of sheet: a long bright tail,
    /// which outvoted the strokes' dark one and had the picture read as light ink. The same picture
    /// inverted (light strokes on a dark sheet, on a light desk) reads as light ink.
    @Test func aSheetOnADeskIsPaperAndItsStrokesAreInk() {
        let (width, height) = (400, 300)
        let sheet = (x: 66..<341, y: 66..<230)
        func isStroke(_ x: Int, _ y: Int) -> Bool {
            ((150..<156).contains(x) || (250..<256).contains(x)) && (100..<200).contains(y)
        }
        var gray = [UInt8](repeating: 60, count: width * height)
        for y in sheet.y { for x in sheet.x { gray[y * width + x] = isStroke(x, y) ? 30 : 220 } }
        for picture in [gray, gray.map { 255 - $0 }] {
            let (map, _, _) = InkMap.make(GrayAlphaImage(width: width, height: height, gray: picture))
            for x in [152, 252] { #expect(map.values[150 * width + x] > 0.5, "stroke at x = \(x)") }
            let elsewhere = (0..<(width * height)).filter { !isStroke($0 % width, $0 / width) }
            let inked = elsewhere.filter {
                map.values[$0] > 0.22 && abs($0 % width - 153) > 3 && abs($0 % width - 253) > 3
            }
            #expect(
                inked.count * 100 < elsewhere.count, "\(inked.count) of \(elsewhere.count) other pixels read as ink")
        }
    }

    /// The same sheet with one short stroke (30 pixels, inside one cell). Each corner of the sheet
    /// falls inside a cell that is otherwise desk, as are its four side neighbours: the old vote,
    /// which let a cell vote unless a side neighbour's median differed, counted four bright corner
    /// slivers against one stroke and read the picture as light ink. Letting a cell vote only if no
    /// neighbour at all differed read the inverted picture (a light stroke on a dark sheet) as dark
    /// ink, since then the stroke's own cell sits beside the sheet's edge. Both must read right.
    @Test func aSheetsCornersDoNotOutvoteAShortStroke() {
        let (width, height) = (400, 300)
        let sheet = (x: 66..<341, y: 66..<230)
        func isStroke(_ x: Int, _ y: Int) -> Bool { (190..<196).contains(x) && (120..<150).contains(y) }
        var gray = [UInt8](repeating: 60, count: width * height)
        for y in sheet.y { for x in sheet.x { gray[y * width + x] = isStroke(x, y) ? 30 : 220 } }
        for picture in [gray, gray.map { 255 - $0 }] {
            let (map, _, _) = InkMap.make(GrayAlphaImage(width: width, height: height, gray: picture))
            #expect(map.values[135 * width + 192] > 0.5, "the stroke, \(picture[0] == 60 ? "dark" : "light")")
            let inked = (0..<(width * height)).filter { !isStroke($0 % width, $0 / width) && map.values[$0] > 0.5 }
            #expect(inked.count < 200, "\(inked.count) pixels beside the stroke read as ink")
        }
    }

    /// Hysteresis keeps a stroke's faint stretch attached to it, but a faint sheet (a textured desk,
    /// half the threshold and more) with a few specks in it is no piece, however many pixels it has.
    @Test func aFaintSheetWithSpecksIsNoPiece() {
        let (width, height) = (120, 60)
        var values = [Float](repeating: 0, count: width * height)
        // A stroke: column 10, rows 5–44, faint (0.15) in rows 20–24, strong (0.8) elsewhere.
        for y in 5..<45 { values[y * width + 10] = (20..<25).contains(y) ? 0.15 : 0.8 }
        // A sheet at 0.15 over columns 60–119, with four strong specks.
        for y in 0..<height { for x in 60..<width { values[y * width + x] = 0.15 } }
        for (x, y) in [(70, 10), (71, 10), (90, 40), (100, 20)] { values[y * width + x] = 0.8 }
        let pieces = InkMap(width: width, height: height, values: values).components(threshold: 0.25)
        #expect(pieces.count == 1)
        #expect(pieces.first?.box == PixelBox(minX: 10, minY: 5, maxX: 10, maxY: 44))
        #expect(pieces.first?.pixels.count == 40)
    }

    /// Two faint strokes (0.16 ink, three pixels wide) on paper with texture (0.005–0.02) are brought
    /// up to a dark pen's ink, the texture staying far under the threshold; the same strokes at 0.8
    /// are left as they are, and so is texture alone (a blank page).
    @Test func faintStrokesAreBroughtToFullInk() {
        let (width, height) = (200, 100)
        var random = SplitMix64(seed: 1)
        let texture = (0..<(width * height)).map { _ in 0.005 + Float(random.next() % 16) / 1000 }
        func page(strokes ink: Float) -> [Float] {
            var values = texture
            for y in 20..<80 { for x in [39, 40, 41, 139, 140, 141] { values[y * width + x] = ink } }
            return values
        }
        let faint = InkMap(width: width, height: height, values: page(strokes: 0.16)).withFullStrengthInk()
        #expect(abs(faint.values[50 * width + 40] - InkMap.fullInk) < 0.02, "\(faint.values[50 * width + 40])")
        #expect(faint.values.enumerated().filter { abs($0.offset % width - 90) < 40 }.allSatisfy { $0.element < 0.1 })
        for values in [page(strokes: 0.8), texture] {
            #expect(InkMap(width: width, height: height, values: values).withFullStrengthInk().values == values)
        }
    }

    /// A dark number written small on a big page (a scanned A4 sheet shrunk to the working side) is
    /// less than a thousandth of the map: its strokes (150 pixels at 0.8) are left as they are, not
    /// judged by their blurred edges (444 pixels at 0.1–0.2), which as strokes would be multiplied
    /// 2.5 times and blur the number into one blob that reads as one digit.
    @Test func aSmallDarkNumberOnABigPageIsNotAFaintOne() {
        let (width, height) = (600, 900)
        var values = [Float](repeating: 0.002, count: width * height)
        for (ink, reach) in [(Float(0.1), 6), (0.2, 4), (0.8, 0)] {
            for y in (400 - reach)..<(415 + reach) {
                for x in (300 - reach)..<(310 + reach) { values[y * width + x] = ink }
            }
        }
        let map = InkMap(width: width, height: height, values: values)
        #expect(map.strokeStrength().strokes > 0.75, "\(map.strokeStrength())")
        // Compared as one Bool: a failing comparison of the arrays themselves diffs 540,000 elements.
        let unchanged = map.withFullStrengthInk().values == values
        #expect(unchanged)
    }

    /// The closing (van Herk–Gil–Werman sliding maximum, then minimum) against its naive twin, which
    /// takes each window's extreme directly, on random levels and several radii, edges included.
    @Test func closingMatchesTheNaiveWindows() {
        var random = SplitMix64(seed: 1)
        let (width, height) = (37, 23)
        let levels = (0..<(width * height)).map { _ in Float(random.next() % 256) }
        func naive(_ values: [Float], radius: Int, larger: Bool) -> [Float] {
            (0..<(width * height)).map { i in
                let (x, y) = (i % width, i / width)
                var extreme = values[i]
                for ny in max(0, y - radius)...min(height - 1, y + radius) {
                    for nx in max(0, x - radius)...min(width - 1, x + radius) {
                        extreme = larger ? max(extreme, values[ny * width + nx]) : min(extreme, values[ny * width + nx])
                    }
                }
                return extreme
            }
        }
        for radius in [0, 1, 3, 8, 40] {
            let expected = naive(naive(levels, radius: radius, larger: true), radius: radius, larger: false)
            #expect(
                InkMap.closing(levels, width: width, height: height, radius: radius) == expected, "radius \(radius)")
        }
    }

    /// The sheared rows' concentration, counted a run down a column at a time, against its naive
    /// twin, which shears each pixel on its own: strokes and specks in a box away from the map's
    /// corner (its shifts are taken from the map's columns), at slopes both ways, level, and a
    /// tenth of a step apart.
    @Test func shearedConcentrationMatchesPixelByPixel() {
        var random = SplitMix64(seed: 2)
        let mapWidth = 500
        let box = PixelBox(minX: 310, minY: 40, maxX: 409, maxY: 79)
        var pixels = Set<Int>()
        for _ in 0..<40 {
            // A stroke: a short run down a column, or a speck.
            let (x, y) = (box.minX + Int(random.next() % 100), box.minY + Int(random.next() % 40))
            for row in y...min(box.maxY, y + Int(random.next() % 6)) { pixels.insert(row * mapWidth + x) }
        }
        // A line along slope 0.1 across the box, from its row 20 down to its row 30.
        for x in box.minX...box.maxX {
            pixels.insert((box.minY + 20 + Int((0.1 * Double(x - box.minX)).rounded())) * mapWidth + x)
        }
        // In no particular order, as a piece's pixels come from its flood fill.
        let inked = pixels.sorted().shuffled(using: &random)
        func naive(_ slope: Double) -> Double {
            var counts = [Int: Int]()
            for pixel in inked {
                counts[pixel / mapWidth - Int((slope * Double(pixel % mapWidth)).rounded()), default: 0] += 1
            }
            return counts.values.reduce(0.0) { $0 + Double($1 * $1) }
        }
        var concentration = ShearedConcentration(pixels: inked, mapWidth: mapWidth, box: box)
        for slope in [0, 0.1, -0.1, 0.27, -0.27, 0.0995, 0.1005, 0.003, -0.0005] {
            #expect(concentration(slope) == naive(slope), "slope \(slope)")
        }
        #expect(concentration(0.1) > concentration(0), "the line along slope 0.1 concentrates there")
    }

    /// A 400×300 photo of a sheet (level `sheet`) on a desk (`desk`), with strokes (30) on the
    /// sheet: the pieces of ink found in it and those `removingBackdrop` keeps, each told by its
    /// box and whether most of its pixels are strokes (boxes, so that a failure prints them and not
    /// every pixel of a piece).
    private func deskPhotoPieces(
        sheet: UInt8, desk: UInt8, onDesk: (Int, Int) -> Bool, isStroke: (Int, Int) -> Bool
    ) -> (found: [(box: PixelBox, isStroke: Bool)], kept: [(box: PixelBox, isStroke: Bool)]) {
        let (width, height) = (400, 300)
        var gray = [UInt8](repeating: desk, count: width * height)
        for y in 0..<height {
            for x in 0..<width where !onDesk(x, y) { gray[y * width + x] = isStroke(x, y) ? 30 : sheet }
        }
        let (map, levels, _) = InkMap.make(GrayAlphaImage(width: width, height: height, gray: gray))
        func told(_ pieces: [InkComponent]) -> [(box: PixelBox, isStroke: Bool)] {
            pieces.map { piece in
                (piece.box, 2 * piece.pixels.filter { isStroke($0 % width, $0 / width) }.count > piece.pixels.count)
            }
        }
        let pieces = map.components(threshold: map.inkThreshold())
        return (told(pieces), told(map.removingBackdrop(pieces, levels: levels).pieces))
    }

    /// A sheet (220) lying 12° askew on a dark desk (60), running past the picture's top and bottom,
    /// with three strokes (30) in its middle and one that runs off the picture's top edge across the
    /// sheet. Where the desk meets the sheet's slanted sides, the paper estimate takes the sheet's
    /// brightness over the desk, which reads as wedges of ink along the sides (read as 1s). Those
    /// are erased, for the desk round them is as dark as they are; every stroke is kept, the one at
    /// the edge too, for paper lies round it.
    @Test func theDeskBeyondASheetLyingAskewIsNotInk() {
        let (c, s) = (cos(12 * Double.pi / 180), sin(12 * Double.pi / 180))
        let (found, kept) = deskPhotoPieces(
            sheet: 220, desk: 60,
            onDesk: { x, y in
                let (dx, dy) = (Double(x) - 200, Double(y) - 150)
                return !(abs(c * dx + s * dy) < 160 && abs(-s * dx + c * dy) < 200)
            },
            isStroke: { x, y in
                ([150, 200, 250].contains { (($0)..<($0 + 6)).contains(x) } && (120..<180).contains(y))
                    || ((200..<206).contains(x) && y < 40)
            })
        #expect(found.contains { !$0.isStroke }, "the desk reads as ink beside the sheet")
        #expect(kept.count == 4)
        for piece in kept { #expect(piece.isStroke, "\(piece.box) is not a stroke") }
    }

    /// A sheet (150) lying 20° askew on a dark desk (40), with its top-right corner in the picture
    /// 20 pixels from the top and right edges: the desk shows as a wedge over the sheet's top edge
    /// and a strip beside its right edge. Their narrow part, round the corner, is too short along
    /// either edge to lie along it, and too narrow for the paper estimate to keep it paper: one
    /// piece of ink with the sheet round it, which was read as a 7. It meets the edge along 144
    /// pixels, eight of its stroke widths (18 pixels), and is erased. The strokes in the sheet's
    /// middle are kept, and so is one that the picture's top edge cuts, which meets it along one
    /// stroke width. Without the strokes in the middle every piece reaches the edge, and a broad
    /// one may then be the writing itself: the corner is kept.
    @Test(arguments: [true, false]) func aDeskCornerTheClosingFillsIsNotInk(writingInside: Bool) {
        let (c, s) = (cos(20 * Double.pi / 180), sin(20 * Double.pi / 180))
        let (found, kept) = deskPhotoPieces(
            sheet: 150, desk: 40,
            onDesk: { x, y in
                let (dx, dy) = (Double(x) - 380, Double(y) - 20)
                return c * dx + s * dy > 0 || c * dy - s * dx < 0
            },
            isStroke: { x, y in
                (writingInside && [150, 200, 250].contains { (($0)..<($0 + 6)).contains(x) } && (120..<180).contains(y))
                    || ((100..<106).contains(x) && y < 40)
            })
        #expect(found.contains { !$0.isStroke }, "the desk corner reads as ink")
        let strokes = kept.filter(\.isStroke).map(\.box)
        let others = kept.filter { !$0.isStroke }.map(\.box)
        #expect(strokes.count == (writingInside ? 4 : 1))
        #expect(others.count == (writingInside ? 0 : 1), "\(others)")
    }

    /// A comb's ticks left standing apart once its baseline is erased: bars 24 pixels tall, 3 wide,
    /// their tops on a line falling 0.05 rows per column, under digits 60 pixels tall (drawn as
    /// frames 30 wide, 3 thick). They are erased, with one missing where a tick would have joined a
    /// digit (a gap twice as wide), and the digits kept. Bars as tall as the digits (1s), or spaced
    /// unevenly (70 and 105 pixels apart), are kept.
    @Test(arguments: [
        (ticks: [80, 180, 280, 480], height: 24, erased: true),
        (ticks: [80, 180, 280], height: 60, erased: false),
        (ticks: [80, 150, 255], height: 24, erased: false),
    ])
    func combTicksAreNotDigits(ticks: [Int], height: Int, erased: Bool) throws {
        let (width, mapHeight) = (520, 120)
        var values = [Float](repeating: 0, count: width * mapHeight)
        func fill(_ xs: Range<Int>, _ ys: Range<Int>) { for y in ys { for x in xs { values[y * width + x] = 1 } } }
        for x in [20, 120, 220, 420] {
            fill(x..<(x + 30), 20..<23)
            fill(x..<(x + 30), 77..<80)
            fill(x..<(x + 3), 20..<80)
            fill((x + 27)..<(x + 30), 20..<80)
        }
        let digits = values
        for x in ticks {
            let top = 80 - height + Int(0.05 * Double(x))
            fill(x..<(x + 3), top..<(top + height))
        }
        let map = InkMap(width: width, height: mapHeight, values: values)
        let cleaned = map.removingCombTicks(map.components(threshold: 0.5))
        #expect((cleaned != nil) == erased)
        if let cleaned { #expect(cleaned.values == digits) }
    }
}
