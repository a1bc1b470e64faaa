/// A confusion matrix as a heat map: one cell per (true, predicted) pair showing its count, shaded
/// by the share of the true class's row so that the rare mistakes stand out from the diagonal.
public struct MatrixChart: Sendable {
    public var title: String
    public var counts: [[Int]]
    public var cell = 40.0

    public init(title: String, counts: [[Int]]) {
        self.title = title
        self.counts = counts
    }

    public var svg: String {
        let classes = counts.count
        let (left, top) = (70.0, 56.0)
        let side = Double(classes) * cell
        var canvas = SVGCanvas(width: left + side + 20, height: top + side + 44)
        canvas.text(title, x: left + side / 2, y: 20, size: ChartStyle.titleSize, anchor: .middle, bold: true)
        canvas.text("predicted class", x: left + side / 2, y: 42, anchor: .middle)
        canvas.text("true class", x: 18, y: top + side / 2, anchor: .middle, rotated: true)
        for (truth, row) in counts.enumerated() {
            let total = max(row.reduce(0, +), 1)
            let py = top + Double(truth) * cell
            canvas.text("\(truth)", x: left - 8, y: py + cell / 2 + 4, anchor: .end)
            for (prediction, count) in row.enumerated() {
                let px = left + Double(prediction) * cell
                let share = Double(count) / Double(total)
                // Off the diagonal, even a fraction of a percent deserves visible colour.
                let intensity = truth == prediction ? share : min(1, share * 20)
                let fill =
                    truth == prediction
                    ? blend(intensity, toward: (31, 119, 180)) : blend(intensity, toward: (214, 39, 40))
                canvas.rect(
                    x: px, y: py, width: cell, height: cell, fill: fill, stroke: "#ffffff",
                    title: "true \(truth), predicted \(prediction): \(count)")
                if count > 0 {
                    canvas.text(
                        "\(count)", x: px + cell / 2, y: py + cell / 2 + 4, size: count >= 1000 ? 10 : 11,
                        anchor: .middle, fill: intensity > 0.55 ? "#ffffff" : ChartStyle.textColor)
                }
            }
        }
        for prediction in 0..<classes {
            canvas.text(
                "\(prediction)", x: left + (Double(prediction) + 0.5) * cell, y: top + side + 16, anchor: .middle)
        }
        return canvas.xml
    }

    /// White at 0, `color` at 1.
    private func blend(_ t: Double, toward color: (Int, Int, Int)) -> String {
        func channel(_ c: Int) -> Int { Int((255 + (Double(c) - 255) * t).rounded()) }
        return "rgb(\(channel(color.0)),\(channel(color.1)),\(channel(color.2)))"
    }
}
