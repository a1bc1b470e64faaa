/// What lies beyond the sheet in a photo: the desk or table along the picture's edge. Inside the
/// picture the paper estimate keeps it paper (`InkMap.closing`), but a strip of it along the edge,
/// narrower than the closing's window, reads as a long block of ink, taller than any digit, and
/// would be taken for the line's digits.
extension InkMap {
    /// The map without its backdrop, and the pieces left: of the map's `pieces`, those that lie along
    /// the picture's edge for a third of its length or more are erased, and so are those that reach
    /// the edge with as dark a surface round them as they are themselves (`levels`, the picture's
    /// gray levels). Ink is darker than the paper round it; the desk beyond a sheet lying askew
    /// shows as wedges and slanted strips where the paper estimate takes the sheet's brightness
    /// over the desk, and the desk goes on beyond them as dark. A written stroke that reaches the
    /// edge crosses it in a few pixels, with paper on both sides. Where some piece lies inside the
    /// picture, those that meet the edge along many of their own stroke widths are erased too
    /// (`meetsEdgeBroadly`). Erasing whole pieces leaves the others as they were, so the pieces
    /// left need not be found again.
    func removingBackdrop(_ pieces: [InkComponent], levels: [Float]) -> (map: InkMap, pieces: [InkComponent]) {
        let contacts = pieces.map(edgeContacts)
        // Which pixels are ink is needed only to judge the pieces that reach the edge.
        let inked = contacts.contains { $0.total > 0 } ? inked(by: pieces) : []
        // Where every piece reaches the edge, a broad one may be the writing itself, joined to the
        // edge by paper grain (faint pencil on a grainy sheet).
        let someInside = contacts.contains { $0.total == 0 }
        var (cleaned, kept) = (values, [InkComponent]())
        for (piece, contact) in zip(pieces, contacts) {
            let alongEdge = 3 * contact.longestColumn >= height || 3 * contact.longestRow >= width
            // A piece spanning more than half the picture both ways (a ruled grid with the digits on
            // it, across a shadow) is judged by neither its surroundings nor its contact with the
            // edge: they differ from end to end.
            let judged = contact.total > 0 && (2 * piece.box.width <= width || 2 * piece.box.height <= height)
            let broadly = judged && someInside && meetsEdgeBroadly(piece, contact: contact.total, inked: inked)
            if alongEdge || broadly || (judged && darkAround(piece, inked: inked, levels: levels)) {
                for pixel in piece.pixels { cleaned[pixel] = 0 }
            } else {
                kept.append(piece)
            }
        }
        return (InkMap(width: width, height: height, values: cleaned), kept)
    }

    /// Beside a piece, a pixel darker than the paper round it by more than this share of the
    /// piece's own contrast is as dark as the piece. Measured against the contrast, faint pencil
    /// (its paper a fifth brighter) stays ink where a fixed ratio of levels took it for desk.
    static let asDark: Float = 0.75
    /// The desk beyond a sheet is at most this share of the sheet's level; faint marks (pencil,
    /// paper texture) are lighter.
    static let desk: Float = 0.6
    /// A piece with at least this share of its outside neighbours as dark as itself lies on a dark surface.
    static let darkSurroundShare = 0.25

    /// A piece that meets the picture's edge along at least this many of its own stroke widths is
    /// not a stroke the frame cuts, which crosses the edge in about one width.
    static let edgeStrokes = 6.0

    /// Whether `piece` meets the picture's edge along `contact` pixels, `edgeStrokes` of its stroke
    /// widths or more (twice its area over its boundary: the pixels beside uninked ones or on the
    /// picture's edge). A desk wedge in the corner of a photo of a sheet lying askew is too short along
    /// each edge for `alongEdge`, and when the whole wedge is narrower than the paper estimate's
    /// closing, all of it is one piece with no desk round it for `darkAround` to find.
    private func meetsEdgeBroadly(_ piece: InkComponent, contact: Int, inked: [Bool]) -> Bool {
        var boundary = 0
        for pixel in piece.pixels {
            let (x, y) = (pixel % width, pixel / width)
            if x == 0 || y == 0 || x == width - 1 || y == height - 1 || !inked[pixel - 1] || !inked[pixel + 1]
                || !inked[pixel - width] || !inked[pixel + width]
            {
                boundary += 1
            }
        }
        return Double(contact) * Double(boundary) >= Self.edgeStrokes * 2 * Double(piece.pixels.count)
    }

    /// Whether `piece` lies on a surface as dark as itself: it is as dark as a desk against the
    /// paper round it (the brightest tenth of the pixels just outside it, beside it and in no
    /// piece), and `darkSurroundShare` of those pixels are as dark as its median.
    private func darkAround(_ piece: InkComponent, inked: [Bool], levels: [Float]) -> Bool {
        var around = [Float]()
        for pixel in piece.pixels {
            let (x, y) = (pixel % width, pixel / width)
            for (nx, ny) in [(x - 1, y), (x + 1, y), (x, y - 1), (x, y + 1)]
            where nx >= 0 && ny >= 0 && nx < width && ny < height && !inked[ny * width + nx] {
                around.append(levels[ny * width + nx])
            }
        }
        guard !around.isEmpty else { return false }
        around.sort()
        let level = piece.pixels.map { levels[$0] }.sorted()[piece.pixels.count / 2]
        let paper = around[around.count * 9 / 10]
        guard level <= Self.desk * paper else { return false }
        let dark = around.prefix { $0 <= paper - Self.asDark * (paper - level) }.count
        return Double(dark) >= Self.darkSurroundShare * Double(around.count)
    }

    /// How many of a piece's pixels lie on the picture's left or right edge (the more of the two),
    /// on its top or bottom edge, and on any edge.
    private func edgeContacts(_ piece: InkComponent) -> (longestColumn: Int, longestRow: Int, total: Int) {
        var (leftEdge, rightEdge, top, bottom) = (0, 0, 0, 0)
        for pixel in piece.pixels {
            let (x, y) = (pixel % width, pixel / width)
            if x == 0 { leftEdge += 1 }
            if x == width - 1 { rightEdge += 1 }
            if y == 0 { top += 1 }
            if y == height - 1 { bottom += 1 }
        }
        return (max(leftEdge, rightEdge), max(top, bottom), leftEdge + rightEdge + top + bottom)
    }
}
