/// What lies beyond the sheet in a photo: the desk or table along the picture's edge. Inside the
/// picture the paper estimate keeps it paper (`InkMap.closing`), but a strip of it along the edge,
/// narrower than the closing's window, reads as a long block of ink, taller than any digit, and
/// would be taken for the line's digits.
extension InkMap {
    /// The map without its backdrop: pieces that lie along the picture's edge for a third of its
    /// length or more. A written stroke that reaches the edge crosses it in a few pixels.
    func removingBackdrop(threshold: Float) -> InkMap {
        let backdrop = components(threshold: threshold).filter { piece in
            var (left, right, top, bottom) = (0, 0, 0, 0)
            for pixel in piece.pixels {
                let (x, y) = (pixel % width, pixel / width)
                if x == 0 { left += 1 }
                if x == width - 1 { right += 1 }
                if y == 0 { top += 1 }
                if y == height - 1 { bottom += 1 }
            }
            return 3 * max(left, right) >= height || 3 * max(top, bottom) >= width
        }
        guard !backdrop.isEmpty else { return self }
        var cleaned = values
        for piece in backdrop { for pixel in piece.pixels { cleaned[pixel] = 0 } }
        return InkMap(width: width, height: height, values: cleaned)
    }
}
