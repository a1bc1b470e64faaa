import Foundation

/// How an axis maps data to pixels: linearly, or by powers of ten (for rates spanning decades).
public enum AxisScale: Sendable {
    case linear
    case logarithmic
}

/// One axis: its data range, scale and the pixel interval it is drawn over, with readable ticks.
struct ChartAxis {
    let domain: ClosedRange<Double>
    let scale: AxisScale
    let pixels: ClosedRange<Double>
    /// True for a vertical axis, whose pixel coordinates grow downwards.
    let flipped: Bool

    func position(_ value: Double) -> Double {
        let fraction: Double
        switch scale {
        case .linear:
            fraction = (value - domain.lowerBound) / (domain.upperBound - domain.lowerBound)
        case .logarithmic:
            let clamped = max(value, domain.lowerBound)
            fraction = log10(clamped / domain.lowerBound) / log10(domain.upperBound / domain.lowerBound)
        }
        let t = flipped ? 1 - fraction : fraction
        return pixels.lowerBound + t * (pixels.upperBound - pixels.lowerBound)
    }

    /// Tick values: powers of ten on a log axis; otherwise the finest step of 1, 2 or 5 × 10ⁿ that
    /// gives at most eight ticks.
    var ticks: [Double] {
        switch scale {
        case .logarithmic:
            let low = Int(floor(log10(domain.lowerBound)))
            let high = Int(ceil(log10(domain.upperBound)))
            return (low...high).map { pow(10, Double($0)) }.filter { domain.contains($0) }
        case .linear:
            let span = domain.upperBound - domain.lowerBound
            guard span > 0 else { return [domain.lowerBound] }
            let raw = span / 7
            let magnitude = pow(10, floor(log10(raw)))
            let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
            let first = (domain.lowerBound / step).rounded(.up)
            let last = (domain.upperBound / step).rounded(.down)
            return stride(from: first, through: last, by: 1).map { $0 == 0 ? 0 : $0 * step }
        }
    }

    func label(_ value: Double) -> String {
        if scale == .logarithmic {
            let exponent = Int(log10(value).rounded())
            return exponent == 0 ? "1" : "1e\(exponent)"
        }
        let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
        let decimals = max(0, -Int(floor(log10(step))))
        return String(format: "%.\(min(decimals, 4))f", value == 0 ? 0 : value)
    }

    /// A range covering `values` with a little room, or `fallback` when there are none.
    static func paddedRange(_ values: [Double], fallback: ClosedRange<Double> = 0...1) -> ClosedRange<Double> {
        guard let low = values.min(), let high = values.max() else { return fallback }
        guard high > low else { return (low - 0.5)...(high + 0.5) }
        let pad = (high - low) * 0.05
        return (low - pad)...(high + pad)
    }
}
