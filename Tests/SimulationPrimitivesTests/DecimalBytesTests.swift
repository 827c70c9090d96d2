import Testing
import PropertyBased
import SimulationPrimitives

/// `DecimalBytes.append` must print exactly what `String(value)` prints (the writers that use it
/// produce JSON whose bytes are compared across runs).
@Suite struct DecimalBytesTests {
    func text(_ value: Int64) -> String {
        var out: [UInt8] = Array("x".utf8)
        DecimalBytes.append(value, to: &out)
        return String(decoding: out.dropFirst(), as: UTF8.self)
    }

    @Test func edgesMatchStringDescription() {
        for value: Int64 in [0, 1, -1, 9, 10, -10, 99, 100, 1_000_000_007, .max, .min, .max - 1, .min + 1] {
            #expect(text(value) == String(value))
        }
    }

    @Test func randomValuesMatchStringDescription() async {
        await propertyCheck(input: Gen.int64(in: Int64.min ... Int64.max)) { value in
            #expect(text(value) == String(value))
        }
    }
}
