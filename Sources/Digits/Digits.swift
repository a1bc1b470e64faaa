@_exported import DigitsClassical
// The umbrella module: `import Digits` brings in every library module of the package.
@_exported import DigitsCompute
@_exported import DigitsData
@_exported import DigitsMetrics
@_exported import DigitsModelCore
@_exported import DigitsModels
@_exported import DigitsNN
@_exported import DigitsRecognition
@_exported import DigitsReport

/// The version of the Digits package, printed by `digits --version` and recorded in reports.
/// Raised with each release: the minor number when model files or commands change.
public let digitsVersion = "0.6.0"
