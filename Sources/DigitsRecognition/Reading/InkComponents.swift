import Foundation

/// A pixel rectangle, `x`/`y` its top-left corner.
struct PixelBox: Equatable {
    var minX: Int
    var minY: Int
    var maxX: Int
    var maxY: Int

    var width: Int { maxX - minX + 1 }
    var height: Int { maxY - minY + 1 }
    var centreX: Double { Double(minX + maxX) / 2 }

    func union(_ other: PixelBox) -> PixelBox {
        PixelBox(
            minX: min(minX, other.minX), minY: min(minY, other.minY), maxX: max(maxX, other.maxX),
            maxY: max(maxY, other.maxY))
    }

    /// The empty pixels between the two along the axis they are furthest apart on (0 when they touch or overlap).
    func gap(to other: PixelBox) -> Int {
        max(0, other.minX - maxX - 1, minX - other.maxX - 1, other.minY - maxY - 1, minY - other.maxY - 1)
    }

    /// How many columns the two share.
    func horizontalOverlap(_ other: PixelBox) -> Int { max(0, min(maxX, other.maxX) - max(minX, other.minX) + 1) }
}

/// One connected piece of ink: its pixels (indices into the map) and their bounding box.
struct InkComponent {
    var pixels: [Int]
    var box: PixelBox
}

extension InkMap {
    /// A piece with fewer than one pixel in this many above the threshold is texture, not a stroke.
    /// Pixels above half the threshold can join into a sheet the size of a textured desk, grown from
    /// a few specks: two such sheets in the desk set took the line's height from the digits, which
    /// were then dropped as specks. Strokes have most of their pixels above the threshold; asking for
    /// one in four lost a number of the desk set that one in ten reads.
    static let weakestPiece = 10

    /// The 8-connected pieces of ink, with hysteresis: a piece is the pixels above half the
    /// threshold that are connected to at least three above the threshold itself (and to a tenth of
    /// its pixels, `weakestPiece`), so a thin or faint stretch of a stroke stays attached to the rest
    /// while faint noise on its own is dropped.
    func components(threshold: Float) -> [InkComponent] {
        let low = threshold / 2
        var visited = [Bool](repeating: false, count: values.count)
        var found = [InkComponent]()
        var stack = [Int]()
        for start in values.indices where !visited[start] && values[start] > threshold {
            visited[start] = true
            stack.append(start)
            var pixels = [Int]()
            var strong = 0
            var box = PixelBox(minX: width, minY: height, maxX: -1, maxY: -1)
            while let pixel = stack.popLast() {
                pixels.append(pixel)
                if values[pixel] > threshold { strong += 1 }
                let (x, y) = (pixel % width, pixel / width)
                box = box.union(PixelBox(minX: x, minY: y, maxX: x, maxY: y))
                for ny in max(0, y - 1)...min(height - 1, y + 1) {
                    for nx in max(0, x - 1)...min(width - 1, x + 1) {
                        let neighbour = ny * width + nx
                        if !visited[neighbour] && values[neighbour] > low {
                            visited[neighbour] = true
                            stack.append(neighbour)
                        }
                    }
                }
            }
            if strong >= 3 && strong * Self.weakestPiece >= pixels.count {
                found.append(InkComponent(pixels: pixels, box: box))
            }
        }
        return found
    }

    /// Whether each map pixel is in one of `pieces`.
    func inked(by pieces: [InkComponent]) -> [Bool] {
        var inked = [Bool](repeating: false, count: values.count)
        for piece in pieces { for pixel in piece.pixels { inked[pixel] = true } }
        return inked
    }

    /// The direction of the line the ink lies along (radians, positive when it rises to the right on
    /// screen), from the principal axis of the inked pixels; nil when the ink is not clearly longer
    /// than it is tall (one or two digits), where no direction can be told.
    func lineAngle(_ components: [InkComponent]) -> Double? {
        var (mass, sx, sy) = (0.0, 0.0, 0.0)
        for component in components {
            for pixel in component.pixels {
                let v = Double(values[pixel])
                mass += v
                sx += v * Double(pixel % width)
                sy += v * Double(pixel / width)
            }
        }
        guard mass > 0 else { return nil }
        let (mx, my) = (sx / mass, sy / mass)
        var (xx, yy, xy) = (0.0, 0.0, 0.0)
        for component in components {
            for pixel in component.pixels {
                let v = Double(values[pixel])
                let (dx, dy) = (Double(pixel % width) - mx, Double(pixel / width) - my)
                xx += v * dx * dx
                yy += v * dy * dy
                xy += v * dx * dy
            }
        }
        let spread = ((xx - yy) * (xx - yy) + 4 * xy * xy).squareRoot()
        let (major, minor) = ((xx + yy + spread) / 2, (xx + yy - spread) / 2)
        guard minor > 0, major / minor > 4 else { return nil }
        // Image rows grow downwards, so a line rising to the right has a negative slope in pixels.
        return -0.5 * atan2(2 * xy, xx - yy)
    }
}
