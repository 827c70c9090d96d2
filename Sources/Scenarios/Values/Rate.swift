/// An arrival or request rate, written `3000/s`, `180/m`, `2/ms` or `1000/h` (DESIGN §4).
public struct Rate: Sendable, Equatable, Codable, CustomStringConvertible {
    public var perSecond: Double
    public init(perSecond: Double) { self.perSecond = perSecond }

    public enum ParseError: Error, Equatable, Sendable { case malformed, negative, unknownUnit(String) }

    /// Parses `<number>/<unit>` with unit `ms`, `s`, `m`/`min` or `h`.
    public init(parsing text: String) throws(ParseError) {
        let parts = text.replacingOccurrences(of: " ", with: "").split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let amount = Double(parts[0].replacingOccurrences(of: "_", with: "")), amount.isFinite else { throw .malformed }
        guard amount >= 0 else { throw .negative }
        let unitSeconds: Double
        switch parts[1] {
        case "ms": unitSeconds = 0.001
        case "s", "sec": unitSeconds = 1
        case "m", "min": unitSeconds = 60
        case "h": unitSeconds = 3600
        default: throw .unknownUnit(String(parts[1]))
        }
        self.perSecond = amount / unitSeconds
    }

    public var description: String {
        perSecond == perSecond.rounded() ? "\(Int(perSecond))/s" : "\(perSecond)/s"
    }
}

extension SourceNode {
    func rate(_ what: String) throws(ScenarioError) -> Rate {
        let value = try text(what)
        do { return try Rate(parsing: value) } catch {
            switch error {
            case .negative: throw ScenarioError(at: location, "'\(what)' is a negative rate (\(value))", fix: "rates are ≥ 0, e.g. 3000/s")
            case .unknownUnit(let unit): throw ScenarioError(at: location, "'\(what)' has an unknown time unit '\(unit)'", fix: "use /ms, /s, /m or /h, e.g. 3000/s")
            case .malformed: throw ScenarioError(at: location, "'\(what)' is not a rate: '\(value)'", fix: "write a number per time unit, e.g. 3000/s")
            }
        }
    }

    /// A percentage `99.5%` or a fraction-free number of percent; returned as a fraction 0…1.
    func percent(_ what: String) throws(ScenarioError) -> Double {
        let value = try text(what).trimmingCharacters(in: .whitespaces)
        let number = value.hasSuffix("%") ? String(value.dropLast()) : value
        guard let percent = Double(number), percent.isFinite else {
            throw ScenarioError(at: location, "'\(what)' is not a percentage: '\(value)'", fix: "write e.g. 50%")
        }
        guard percent >= 0, percent <= 100 else {
            throw ScenarioError(at: location, "'\(what)' must be between 0% and 100%, found \(value)")
        }
        return percent / 100
    }
}

import Foundation
