/// What lies beyond the sheet in a photo: the desk or table along the picture's edge. Inside the
/// picture the paper estimate keeps it paper (`InkMap.closing`), but a strip of it along the edge,
/// narrower than the closing's window, reads as a long block of ink, taller than any digit, and
/// would be taken for the line's digits.
extension InkMap {
    /// The map without its backdrop, and the pieces left: of the map's `pieces`, those that lie along
    /// the picture's edge for a third of its length or more are erased. A written stroke that
    /// reaches the edge crosses it in a few pixels. Erasing whole pieces leaves the others as they
    /// were, so the pieces left need not be found again.
    func removingBackdrop(_ pieces: [InkComponent]) -> (map: InkMap, pieces: [InkComponent]) {
        var (cleaned, kept) = (values, [InkComponent]())
        for piece in pieces {
            var (leftEdge, rightEdge, top, bottom) = (0, 0, 0, 0)
            for pixel in piece.pixels {
                let (x, y) = (pixel % width, pixel / width)
                if x == 0 { leftEdge += 1 }
                if x == width - 1 { rightEdge += 1 }
                if y == 0 { top += 1 }
                if y == height - 1 { bottom += 1 }
            }
            if 3 * max(leftEdge, rightEdge) >= height || 3 * max(top, bottom) >= width {
                for pixel in piece.pixels { cleaned[pixel] = 0 }
            } else {
                kept.append(piece)
            }
        }
        return (InkMap(width: width, height: height, values: cleaned), kept)
    }
}
