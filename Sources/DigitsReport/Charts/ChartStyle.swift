/// The look shared by every chart: sizes, fonts and the colour of each class, in one place.
enum ChartStyle {
    static let fontFamily = "DejaVu Sans, Helvetica, Arial, sans-serif"
    static let fontSize = 12.0
    static let titleSize = 14.0
    static let textColor = "#222222"
    static let axisColor = "#444444"
    static let gridColor = "#e3e3e3"
    /// Space around a plot: title above, tick labels and axis title left and below, legend right.
    static let margin = (top: 34.0, right: 150.0, bottom: 48.0, left: 62.0)
    static let legendRow = 17.0

    /// Ten distinguishable colours (matplotlib's tab10), one per class; further series reuse them.
    static let palette = [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
        "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    ]
    static let emphasis = "#000000"

    static func color(_ index: Int) -> String { palette[index % palette.count] }
}
