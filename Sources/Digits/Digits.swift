// The umbrella module: `import Digits` brings in every library module of the package.
@_exported import DigitsCompute
@_exported import DigitsData
@_exported import DigitsNN
@_exported import DigitsMetrics
@_exported import DigitsClassical
@_exported import DigitsRecognition
@_exported import DigitsReport
