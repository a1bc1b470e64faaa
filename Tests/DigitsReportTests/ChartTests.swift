import Foundation
import Testing

@testable import DigitsReport

@Suite struct ChartTests {
    @Test func linearTicksAreRoundNumbers() {
        let axis = ChartAxis(domain: 0.93...1.0, scale: .linear, pixels: 0...100, flipped: false)
        #expect(axis.ticks.map { ($0 * 100).rounded() / 100 } == [0.93, 0.94, 0.95, 0.96, 0.97, 0.98, 0.99, 1.0])
        #expect(axis.label(0.95) == "0.95")
        let signed = ChartAxis(domain: -4.2...8, scale: .linear, pixels: 0...100, flipped: false)
        #expect(signed.ticks == [-4, -2, 0, 2, 4, 6, 8])
        #expect(signed.label(-0.0) == "0")
    }

    @Test func logarithmicAxisPlacesDecadesEvenly() {
        let axis = ChartAxis(domain: 1e-4...1, scale: .logarithmic, pixels: 0...400, flipped: false)
        #expect(axis.ticks.count == 5)
        #expect(abs(axis.position(1e-2) - 200) < 1e-9)
        #expect(axis.position(0) == 0, "zero is drawn at the axis' start, not at -infinity")
        #expect(axis.label(1e-3) == "1e-3")
    }

    @Test func chartsAreWellFormedAndEscaped() throws {
        let line = LineChart(
            title: "a < b & \"c\"", xLabel: "x", yLabel: "y",
            series: [
                ChartSeries(name: "<one>", points: [(0, 0), (1, 1)], colorIndex: 0),
                ChartSeries(name: "two", points: [(0.5, 0.2)], style: .points, colorIndex: nil),
            ])
        #expect(isWellFormedXML(line.svg))
        #expect(line.svg.contains("a &lt; b &amp; &quot;c&quot;"))
        #expect(isWellFormedXML(MatrixChart(title: "m", counts: [[5, 1], [0, 7]]).svg))
        let grid = ImageGrid(
            title: "g", items: [.init(pixels: Array(repeating: 128, count: 4), caption: "1 → 7")], rows: 2,
            columns: 2, perLine: 1)
        let svg = try grid.svg()
        #expect(isWellFormedXML(svg) && svg.contains("data:image/png;base64,"))
    }

    @Test func documentRendersTheSameContentTwice() {
        var doc = ReportDocument(title: "T")
        doc.heading("Section")
        doc.paragraph("Run `make compare` & wait.")
        doc.table(ReportTable(headers: ["Model", "Accuracy"], rows: [["CNN", "0.9925"]]))
        doc.bullets(["one", "two"])
        #expect(doc.markdown.contains("| CNN | 0.9925 |") && doc.markdown.contains("|---|---:|"))
        #expect(isWellFormedXML(doc.html))
        #expect(doc.html.contains("Run <code>make compare</code> &amp; wait."))
    }
}
