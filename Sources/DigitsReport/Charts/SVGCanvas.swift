import Foundation

/// A growing SVG picture: the few primitives the charts draw with, every coordinate rounded to a
/// tenth of a pixel and every text escaped, so the output is well-formed XML by construction.
struct SVGCanvas {
    let width: Double
    let height: Double
    private(set) var elements: [String] = []

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    mutating func rect(
        x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String? = nil,
        title: String? = nil
    ) {
        let strokeAttribute = stroke.map { " stroke=\"\($0)\"" } ?? ""
        let tooltip = title.map { "<title>\(escapeXML($0))</title>" } ?? ""
        elements.append(
            "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"\(fill)\""
                + strokeAttribute + (tooltip.isEmpty ? "/>" : ">\(tooltip)</rect>"))
    }

    mutating func line(
        x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1, dashed: Bool = false
    ) {
        elements.append(
            "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(stroke)\" "
                + "stroke-width=\"\(n(width))\"\(dashed ? " stroke-dasharray=\"6 4\"" : "")/>")
    }

    mutating func polyline(
        _ points: [(x: Double, y: Double)], stroke: String, width: Double = 1.6, dashed: Bool = false
    ) {
        guard !points.isEmpty else { return }
        let coordinates = points.map { "\(n($0.x)),\(n($0.y))" }.joined(separator: " ")
        elements.append(
            "<polyline points=\"\(coordinates)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\" "
                + "stroke-linejoin=\"round\"\(dashed ? " stroke-dasharray=\"6 4\"" : "")/>")
    }

    mutating func circle(x: Double, y: Double, radius: Double, fill: String, opacity: Double = 1) {
        elements.append(
            "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(radius))\" fill=\"\(fill)\""
                + (opacity < 1 ? " fill-opacity=\"\(n(opacity))\"" : "") + "/>")
    }

    enum Anchor: String { case start, middle, end }

    mutating func text(
        _ content: String, x: Double, y: Double, size: Double = ChartStyle.fontSize, anchor: Anchor = .start,
        fill: String = ChartStyle.textColor, bold: Bool = false, rotated: Bool = false
    ) {
        let rotation = rotated ? " transform=\"rotate(-90 \(n(x)) \(n(y)))\"" : ""
        elements.append(
            "<text x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(n(size))\" text-anchor=\"\(anchor.rawValue)\" "
                + "fill=\"\(fill)\"\(bold ? " font-weight=\"bold\"" : "")\(rotation)>\(escapeXML(content))</text>")
    }

    /// An embedded raster image (a PNG data URI), scaled without smoothing so pixels stay sharp.
    mutating func image(pngData: Data, x: Double, y: Double, width: Double, height: Double) {
        elements.append(
            "<image x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(width))\" height=\"\(n(height))\" "
                + "style=\"image-rendering:pixelated\" href=\"data:image/png;base64,\(pngData.base64EncodedString())\"/>"
        )
    }

    /// The standalone SVG document.
    var xml: String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\" "
            + "viewBox=\"0 0 \(n(width)) \(n(height))\" font-family=\"\(ChartStyle.fontFamily)\">\n"
            + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n" + elements.joined(separator: "\n")
            + "\n</svg>\n"
    }

    /// A coordinate with at most one decimal.
    private func n(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}

/// `text` with the five XML special characters escaped.
func escapeXML(_ text: String) -> String {
    var escaped = ""
    for character in text {
        switch character {
        case "&": escaped += "&amp;"
        case "<": escaped += "&lt;"
        case ">": escaped += "&gt;"
        case "\"": escaped += "&quot;"
        case "'": escaped += "&apos;"
        default: escaped.append(character)
        }
    }
    return escaped
}
