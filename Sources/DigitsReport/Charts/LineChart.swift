/// A named line or point cloud of a chart.
public struct ChartSeries: Sendable {
    public enum Style: Sendable { case line, dashedLine, points }

    public var name: String
    public var points: [(x: Double, y: Double)]
    public var style: Style
    /// Palette index (`ChartStyle.palette`); nil draws in black, for averages and references.
    public var colorIndex: Int?

    public init(name: String, points: [(x: Double, y: Double)], style: Style = .line, colorIndex: Int?) {
        self.name = name
        self.points = points
        self.style = style
        self.colorIndex = colorIndex
    }
}

/// Lines and scatter plots on one pair of axes, with grid, tick labels, axis titles and a legend.
/// Every figure of the report that has axes is one of these.
public struct LineChart: Sendable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [ChartSeries]
    public var xScale: AxisScale = .linear
    /// Fixed ranges; nil fits the data.
    public var xDomain: ClosedRange<Double>?
    public var yDomain: ClosedRange<Double>?
    public var width = 660.0
    public var height = 420.0
    /// Room right of the plot for the legend.
    public var legendWidth = ChartStyle.margin.right

    public init(title: String, xLabel: String, yLabel: String, series: [ChartSeries]) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
    }

    public var svg: String {
        let m = ChartStyle.margin
        let plot = (left: m.left, top: m.top, right: width - legendWidth, bottom: height - m.bottom)
        let allPoints = series.flatMap(\.points)
        let x = ChartAxis(
            domain: xDomain ?? ChartAxis.paddedRange(allPoints.map(\.x)), scale: xScale,
            pixels: plot.left...plot.right, flipped: false)
        let y = ChartAxis(
            domain: yDomain ?? ChartAxis.paddedRange(allPoints.map(\.y)), scale: .linear,
            pixels: plot.top...plot.bottom, flipped: true)
        var canvas = SVGCanvas(width: width, height: height)
        canvas.text(
            title, x: (plot.left + plot.right) / 2, y: 20, size: ChartStyle.titleSize, anchor: .middle, bold: true)
        for tick in x.ticks {
            let px = x.position(tick)
            canvas.line(x1: px, y1: plot.top, x2: px, y2: plot.bottom, stroke: ChartStyle.gridColor)
            canvas.text(x.label(tick), x: px, y: plot.bottom + 16, anchor: .middle)
        }
        for tick in y.ticks {
            let py = y.position(tick)
            canvas.line(x1: plot.left, y1: py, x2: plot.right, y2: py, stroke: ChartStyle.gridColor)
            canvas.text(y.label(tick), x: plot.left - 6, y: py + 4, anchor: .end)
        }
        canvas.line(x1: plot.left, y1: plot.bottom, x2: plot.right, y2: plot.bottom, stroke: ChartStyle.axisColor)
        canvas.line(x1: plot.left, y1: plot.top, x2: plot.left, y2: plot.bottom, stroke: ChartStyle.axisColor)
        canvas.text(xLabel, x: (plot.left + plot.right) / 2, y: height - 10, anchor: .middle)
        canvas.text(yLabel, x: 16, y: (plot.top + plot.bottom) / 2, anchor: .middle, rotated: true)

        for item in series {
            let color = item.colorIndex.map(ChartStyle.color) ?? ChartStyle.emphasis
            let inside = item.points.filter { x.domain.contains($0.x) || xScale == .logarithmic }
            let pixels = inside.map {
                (x: x.position($0.x), y: y.position(min(max($0.y, y.domain.lowerBound), y.domain.upperBound)))
            }
            switch item.style {
            case .line: canvas.polyline(pixels, stroke: color)
            case .dashedLine: canvas.polyline(pixels, stroke: color, dashed: true)
            case .points: for p in pixels { canvas.circle(x: p.x, y: p.y, radius: 1.8, fill: color, opacity: 0.6) }
            }
        }
        for (row, item) in series.enumerated() {
            let color = item.colorIndex.map(ChartStyle.color) ?? ChartStyle.emphasis
            let top = plot.top + Double(row) * ChartStyle.legendRow
            let left = plot.right + 12
            if item.style == .points {
                canvas.circle(x: left + 10, y: top + 6, radius: 4, fill: color)
            } else {
                canvas.line(
                    x1: left, y1: top + 6, x2: left + 20, y2: top + 6, stroke: color, width: 2.5,
                    dashed: item.style == .dashedLine)
            }
            canvas.text(item.name, x: left + 26, y: top + 10)
        }
        return canvas.xml
    }
}
