import DigitsData
import Foundation

/// Grayscale images in a grid, each with a caption underneath: sample digits, wrong predictions.
public struct ImageGrid: Sendable {
    public struct Item: Sendable {
        public var pixels: [UInt8]
        public var caption: String

        public init(pixels: [UInt8], caption: String) {
            self.pixels = pixels
            self.caption = caption
        }
    }

    public var title: String
    public var items: [Item]
    public var rows: Int
    public var columns: Int
    /// Images per line of the grid.
    public var perLine: Int
    public var scale = 2.0

    public init(title: String, items: [Item], rows: Int, columns: Int, perLine: Int) {
        self.title = title
        self.items = items
        self.rows = rows
        self.columns = columns
        self.perLine = perLine
    }

    public func svg() throws -> String {
        let (imageWidth, imageHeight) = (Double(columns) * scale, Double(rows) * scale)
        let captioned = items.contains { !$0.caption.isEmpty }
        let cellWidth = max(imageWidth, captioned ? 86 : 0) + 6
        let cellHeight = imageHeight + (captioned ? 20 : 6)
        let lines = (items.count + perLine - 1) / perLine
        var canvas = SVGCanvas(
            width: max(Double(perLine) * cellWidth + 12, 280), height: 34 + Double(lines) * cellHeight + 6)
        canvas.text(title, x: canvas.width / 2, y: 20, size: ChartStyle.titleSize, anchor: .middle, bold: true)
        for (index, item) in items.enumerated() {
            let x = 6 + Double(index % perLine) * cellWidth
            let y = 32 + Double(index / perLine) * cellHeight
            let png = try PNGEncoder.grayscale(item.pixels, width: columns, height: rows)
            canvas.image(
                pngData: png, x: x + (cellWidth - 6 - imageWidth) / 2, y: y, width: imageWidth, height: imageHeight)
            if !item.caption.isEmpty {
                canvas.text(
                    item.caption, x: x + (cellWidth - 6) / 2, y: y + imageHeight + 14, size: 10.5, anchor: .middle)
            }
        }
        return canvas.xml
    }
}
