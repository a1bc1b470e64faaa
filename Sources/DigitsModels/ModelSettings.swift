import Foundation

/// One setting of a model kind: the `--name value` option that sets it, what it means, its default
/// and the values it accepts. The command line, `digits compare` and the report all read these.
public struct SettingSpec: Sendable {
    /// What a setting's value may be.
    public enum Values: Sendable, Equatable {
        /// An integer no smaller than `minimum`.
        case integer(minimum: Int)
        /// A number in `range`, as typed (decimal or exponent notation).
        case number(ClosedRange<Double>)
        /// One of these words.
        case choice([String])
        /// On or off; given without a value on the command line (`--augment`).
        case flag
        /// One or more numbers in `range`: the option is repeated, or the values are comma-separated.
        case numbers(ClosedRange<Double>)
    }

    public let name: String
    public let help: String
    /// The value used when none is given, as it would be typed; nil when unset means "none" (for
    /// example no depth limit), which the kind reads as an absent value.
    public let defaultValue: String?
    public let values: Values

    public init(_ name: String, _ values: Values, default defaultValue: String?, help: String) {
        self.name = name
        self.values = values
        self.defaultValue = defaultValue
        self.help = help
    }

    /// `nil` when `value` is acceptable, otherwise why not.
    func problem(with value: String) -> String? {
        switch values {
        case .integer(let minimum):
            guard let n = Int(value) else { return "expects a whole number, got '\(value)'" }
            return n >= minimum ? nil : "must be at least \(minimum) (got \(n))"
        case .number(let range):
            guard let x = Double(value), x.isFinite else { return "expects a number, got '\(value)'" }
            return range.contains(x) ? nil : "must be in \(range.lowerBound)…\(range.upperBound) (got \(value))"
        case .choice(let words):
            return words.contains(value) ? nil : "must be one of \(words.joined(separator: ", ")) (got '\(value)')"
        case .flag:
            return ["true", "false"].contains(value) ? nil : "is a flag: give it without a value"
        case .numbers(let range):
            let parts = value.split(separator: ",", omittingEmptySubsequences: false)
            for part in parts {
                guard let x = Double(part), x.isFinite else { return "expects numbers, got '\(part)'" }
                guard range.contains(x) else {
                    return "must be in \(range.lowerBound)…\(range.upperBound) (got \(part))"
                }
            }
            return nil
        }
    }

    /// The line `digits train --help` shows for this setting.
    public var usage: String {
        let value: String
        switch values {
        case .integer: value = " N"
        case .number: value = " X"
        case .choice(let words): value = " " + words.joined(separator: "|")
        case .flag: value = ""
        case .numbers: value = " X[,X…]"
        }
        return "--\(name)\(value)  \(help)" + (defaultValue.map { values == .flag ? "" : " (default \($0))" } ?? "")
    }
}

/// The settings of one model, checked against its kind's specs: every value a kind reads is
/// present (given or defaulted) and valid, so the typed accessors cannot fail.
public struct ModelSettings: Sendable, Equatable, Codable, CustomStringConvertible {
    /// Name → value as typed, for every setting with a value.
    public private(set) var values: [String: String]
    /// The names given explicitly (the rest are defaults).
    public private(set) var given: Set<String>

    /// Settings from `--name value` pairs (and bare `--flag`s); unknown names and bad values throw.
    public init(arguments: [String], specs: [SettingSpec]) throws {
        var pairs = [(String, String)]()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard argument.hasPrefix("--"), argument.count > 2 else {
                throw SettingError.unexpectedArgument(argument)
            }
            var name = String(argument.dropFirst(2))
            var value: String?
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let spec = specs.first(where: { $0.name == name }) else {
                throw SettingError.unknown(name: name, known: specs.map(\.name))
            }
            if spec.values == .flag {
                pairs.append((name, value ?? "true"))
            } else if let value {
                pairs.append((name, value))
            } else {
                guard index + 1 < arguments.count else { throw SettingError.missingValue(name: name) }
                index += 1
                pairs.append((name, arguments[index]))
            }
            index += 1
        }
        try self.init(pairs, specs: specs)
    }

    /// Settings from name → value pairs; a name repeated collects a list for `.numbers` settings and
    /// otherwise keeps the last value.
    public init(_ pairs: [(String, String)], specs: [SettingSpec]) throws {
        values = [:]
        given = []
        for spec in specs { values[spec.name] = spec.defaultValue }
        for (name, value) in pairs {
            guard let spec = specs.first(where: { $0.name == name }) else {
                throw SettingError.unknown(name: name, known: specs.map(\.name))
            }
            if let problem = spec.problem(with: value) { throw SettingError.invalid(name: name, problem: problem) }
            if case .numbers = spec.values, given.contains(name), let earlier = values[name] {
                values[name] = earlier + "," + value
            } else {
                values[name] = value
            }
            given.insert(name)
        }
    }

    public func isGiven(_ name: String) -> Bool { given.contains(name) }

    public func int(_ name: String) -> Int { Int(value(name))! }
    public func optionalInt(_ name: String) -> Int? { values[name].map { Int($0)! } }
    public func double(_ name: String) -> Double { Double(value(name))! }
    public func optionalDouble(_ name: String) -> Double? { values[name].map { Double($0)! } }
    public func string(_ name: String) -> String { value(name) }
    public func flag(_ name: String) -> Bool { values[name] == "true" }
    public func doubles(_ name: String) -> [Double] { value(name).split(separator: ",").map { Double($0)! } }

    private func value(_ name: String) -> String {
        guard let value = values[name] else { preconditionFailure("setting '\(name)' has no value and no default") }
        return value
    }

    /// `name value` pairs in name order, as a reader would type them.
    public var description: String {
        values.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }
}

/// A model setting that cannot be used, with a message naming it.
public enum SettingError: Error, Equatable, CustomStringConvertible {
    case unknown(name: String, known: [String])
    case missingValue(name: String)
    case invalid(name: String, problem: String)
    case unexpectedArgument(String)
    /// A combination of settings that does not work together.
    case conflict(String)

    public var description: String {
        switch self {
        case .unknown(let name, let known):
            "unknown option --\(name) for this model; it takes "
                + (known.isEmpty ? "none" : known.map { "--\($0)" }.joined(separator: ", "))
        case .missingValue(let name): "--\(name) needs a value"
        case .invalid(let name, let problem): "--\(name) \(problem)"
        case .unexpectedArgument(let argument): "unexpected argument '\(argument)'"
        case .conflict(let message): message
        }
    }
}
