/// One field value of a hystrix.stream JSON object (reference/netflix-oss.md §2.1).
public enum HystrixStreamValue: Sendable, Equatable {
    /// A JSON number (Hystrix writes longs/ints).
    case integer(Int64)
    /// A JSON boolean.
    case bool(Bool)
    /// A JSON string.
    case string(String)
    /// A map of numbers, e.g. `latencyExecute` keyed "0".."100" (key order preserved).
    case map([HystrixStreamEntry])

    /// JSON text of the value.
    public var json: String {
        switch self {
        case let .integer(v): String(v)
        case let .bool(v): v ? "true" : "false"
        case let .string(v): jsonString(v)
        case let .map(entries): "{" + entries.map { jsonString($0.key) + ":" + String($0.value) }.joined(separator: ",") + "}"
        }
    }
}

/// A numeric map entry of a stream field.
public struct HystrixStreamEntry: Sendable, Equatable {
    /// The key, e.g. "99.5".
    public var key: String
    /// The value.
    public var value: Int64
    /// Creates an entry.
    public init(key: String, value: Int64) { self.key = key; self.value = value }
}

/// An ordered hystrix.stream object: `(name, value)` pairs in Hystrix's serialisation order.
public struct HystrixStreamObject: Sendable, Equatable {
    /// The fields in order.
    public var fields: [(name: String, value: HystrixStreamValue)]

    /// Creates an object.
    public init(fields: [(name: String, value: HystrixStreamValue)]) { self.fields = fields }

    /// The value of field `name`, if present.
    public subscript(name: String) -> HystrixStreamValue? {
        for f in fields where f.name == name { return f.value }
        return nil
    }

    /// The SSE line Hystrix's servlet writes for this object: `data: {json}\n\n` (§2.1).
    public var sseLine: String { "data: " + json + "\n\n" }

    /// The object as compact JSON.
    public var json: String {
        "{" + fields.map { jsonString($0.name) + ":" + $0.value.json }.joined(separator: ",") + "}"
    }

    /// Field-by-field equality, order included.
    public static func == (a: HystrixStreamObject, b: HystrixStreamObject) -> Bool {
        a.fields.count == b.fields.count && zip(a.fields, b.fields).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}

func jsonString(_ s: String) -> String {
    var out = "\""
    for ch in s.unicodeScalars {
        switch ch {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        default: out.unicodeScalars.append(ch)
        }
    }
    return out + "\""
}
