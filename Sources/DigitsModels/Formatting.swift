import Foundation

/// `x` with `decimals` digits after the point: how descriptions and notes print measured numbers.
func fixed(_ x: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", x) }

/// `x` to `digits` significant digits (`%g`).
func significant(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)g", x) }
