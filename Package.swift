// swift-tools-version: 6.0
// Digits: handwritten-digit recognition on BLAS. See README.md for the layout and DESIGN notes.
import PackageDescription

let package = Package(
    name: "Digits",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Digits", targets: ["Digits"]),
        .library(name: "DigitsServer", targets: ["DigitsServer"]),
        .executable(name: "digits", targets: ["DigitsCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        // `make docs`: DocC catalogs through `swift package generate-documentation`.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
    ],
    targets: [
        // MARK: - System libraries (Debian -dev packages)
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
        ),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CTurboJPEG", pkgConfig: "libturbojpeg", providers: [.apt(["libturbojpeg0-dev"])]),
        // CPUID and XGETBV (a header of inline functions; no library).
        .systemLibrary(name: "CCPUID"),

        // MARK: - Library
        .target(name: "DigitsCompute", dependencies: ["CBLAS", "CCPUID"]),
        .target(
            name: "DigitsData",
            dependencies: ["DigitsCompute", "CZlib", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(name: "DigitsMetrics"),
        // What every model shares: the Classifier contract and the safetensors model-file format.
        .target(
            name: "DigitsModelCore",
            dependencies: ["DigitsCompute", "DigitsData", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "DigitsNN", dependencies: ["DigitsCompute", "DigitsData", "DigitsMetrics", "DigitsModelCore"]),
        .target(
            name: "DigitsClassical",
            dependencies: [
                "DigitsCompute", "DigitsData", "DigitsModelCore", .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // The model registry: every model kind, defined once, and the comparison that trains them.
        .target(
            name: "DigitsModels",
            dependencies: [
                "DigitsCompute", "DigitsData", "DigitsMetrics", "DigitsModelCore", "DigitsNN", "DigitsClassical",
            ]),
        .target(
            name: "DigitsRecognition",
            dependencies: ["CPNG", "CTurboJPEG", "DigitsCompute", "DigitsData", "DigitsModelCore", "DigitsModels"]),
        .target(
            name: "DigitsServer",
            dependencies: [
                "DigitsRecognition", "DigitsModels", "DigitsNN", .product(name: "Hummingbird", package: "hummingbird"),
            ]),
        .target(
            name: "DigitsReport",
            dependencies: [
                "CZlib", "DigitsCompute", "DigitsData", "DigitsMetrics", "DigitsModelCore", "DigitsModels", "DigitsNN",
            ]),
        .target(
            name: "Digits",
            dependencies: [
                "DigitsCompute", "DigitsData", "DigitsModelCore", "DigitsNN", "DigitsClassical", "DigitsMetrics",
                "DigitsModels", "DigitsRecognition", "DigitsReport",
            ]),

        // MARK: - Executables
        .executableTarget(
            name: "DigitsCLI",
            dependencies: [
                "Digits", "DigitsServer", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "KernelBench",
            dependencies: ["DigitsCompute", "DigitsNN", "DigitsBenchmarkSupport", "CBLAS"],
            path: "Benchmarks/KernelBench"
        ),
        .executableTarget(
            name: "ClassicalBench",
            dependencies: ["DigitsModels", "DigitsModelCore", "DigitsData", "DigitsBenchmarkSupport"],
            path: "Benchmarks/ClassicalBench"),
        .executableTarget(
            name: "TrainingBench", dependencies: ["DigitsNN", "DigitsData", "DigitsBenchmarkSupport"],
            path: "Benchmarks/TrainingBench"),
        // Trains Models/digit-checker.safetensors (`make checker-model`).
        .executableTarget(
            name: "DigitCheckerTraining",
            dependencies: [
                "DigitsBenchmarkSupport", "DigitsCompute", "DigitsData", "DigitsModels", "DigitsNN",
                "DigitsRecognition",
            ],
            path: "Benchmarks/read/DigitCheckerTraining"),

        // MARK: - Tests
        // Timing, result files and tolerance checks for the benchmarks (no Testing: benchmarks do not link it).
        .target(name: "DigitsBenchmarkSupport", dependencies: ["DigitsCompute"]),
        // What the tests share: naive references, expectClose and the gradient checker.
        .target(name: "DigitsTestSupport", dependencies: ["DigitsBenchmarkSupport", "DigitsCompute", "DigitsNN"]),
        .testTarget(name: "DigitsBenchmarkSupportTests", dependencies: ["DigitsBenchmarkSupport"]),
        .testTarget(name: "DigitsComputeTests", dependencies: ["DigitsCompute", "DigitsTestSupport"]),
        // Test scripts and fixtures are read from the source tree (#filePath), not bundled.
        .testTarget(name: "DigitsDataTests", dependencies: ["DigitsData"], exclude: ["mirror_server.py"]),
        .testTarget(
            name: "DigitsNNTests", dependencies: ["DigitsNN", "DigitsModelCore", "DigitsTestSupport"],
            exclude: ["Fixtures"]),
        .testTarget(name: "DigitsMetricsTests", dependencies: ["DigitsMetrics"], exclude: ["Fixtures"]),
        .testTarget(
            name: "DigitsClassicalTests", dependencies: ["DigitsClassical", "DigitsModelCore"], exclude: ["Fixtures"]),
        .testTarget(
            name: "DigitsModelsTests", dependencies: ["DigitsModels", "DigitsModelCore", "DigitsTestSupport"],
            exclude: ["Fixtures"]),
        .testTarget(name: "DigitsReportTests", dependencies: ["DigitsReport", "DigitsModels"]),
        .testTarget(
            name: "DigitsRecognitionTests", dependencies: ["DigitsRecognition", "DigitsModels"], exclude: ["Fixtures"]),
        // Runs the built `digits` executable (the dependency makes SwiftPM build it beside the tests).
        .testTarget(
            name: "DigitsCLITests",
            dependencies: ["DigitsCLI", "DigitsCompute", "DigitsModelCore", "DigitsModels", "DigitsNN", "DigitsReport"]),
        .testTarget(
            name: "DigitsServerTests",
            dependencies: [
                "DigitsServer", "DigitsReport", "DigitsModels",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)
