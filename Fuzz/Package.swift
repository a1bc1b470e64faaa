// swift-tools-version: 6.0
// libFuzzer targets for every parser of outside input (`make fuzz` builds them with
// `--sanitize=fuzzer --sanitize=address`; see README.md, "Fuzzing"). A package of its own so that
// the main package's plain `swift build` and `swift test` never see executables without a `main`.
import PackageDescription

/// Each target: one `LLVMFuzzerTestOneInput`, its corpus in `Corpus/<name>/`.
let fuzzTargets: [(name: String, dependencies: [Target.Dependency])] = [
    ("FuzzIDX", []),
    ("FuzzPNG", []),
    ("FuzzJPEG", []),
    ("FuzzReadNumber", []),
    ("FuzzCheckpoint", []),
    ("FuzzForestFile", [.product(name: "Crypto", package: "swift-crypto")]),
    ("FuzzSVMFile", []),
    ("FuzzKNNFile", []),
    ("FuzzPredictBody", [.product(name: "DigitsServer", package: "Digits")]),
]

let package = Package(
    name: "DigitsFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Digits", path: ".."),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
    ],
    targets: [
        .target(name: "FuzzSupport", dependencies: [.product(name: "Digits", package: "Digits")])
    ]
        + fuzzTargets.map { target in
            .executableTarget(
                name: target.name,
                dependencies: ["FuzzSupport", .product(name: "Digits", package: "Digits")] + target.dependencies)
        },
    swiftLanguageModes: [.v6]
)
