// swift-tools-version: 6.0
// Digits: handwritten-digit recognition on BLAS. See README.md for the layout and DESIGN notes.
import PackageDescription

let package = Package(
    name: "Digits",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Digits", targets: ["Digits"]),
        .executable(name: "digits", targets: ["DigitsCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // MARK: - System libraries (Debian -dev packages)
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
        ),

        // MARK: - Library
        .target(name: "DigitsCompute", dependencies: ["CBLAS"]),
        .target(name: "Digits", dependencies: ["DigitsCompute"]),

        // MARK: - Executables
        .executableTarget(
            name: "DigitsCLI",
            dependencies: ["Digits", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "KernelBench",
            dependencies: ["DigitsCompute", "DigitsTestSupport", "CBLAS"],
            path: "Benchmarks/KernelBench"
        ),

        // MARK: - Tests
        .target(name: "DigitsTestSupport", dependencies: ["DigitsCompute"]),
        .testTarget(name: "DigitsComputeTests", dependencies: ["DigitsCompute", "DigitsTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
