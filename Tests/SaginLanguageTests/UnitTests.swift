import SaginModel
import Testing

@testable import SaginLanguage

@Suite struct UnitTests {
  /// The SI value of `literal` read as `dimension`, or nil with the diagnostics.
  private func convert(_ number: Double, _ unit: String?, _ dimension: Dimension) -> Double? {
    var elaborator = Elaborator(file: SourceFile(path: "t", text: ""))
    let literal = QuantityLiteral(
      value: number, number: "\(number)", unit: unit,
      span: SourceSpan(start: 0, end: 0), unitSpan: nil)
    return elaborator.convert(literal, to: dimension, check: .any, after: "test")
  }

  @Test func decibelPowersBecomeWatts() throws {
    let dBm = try #require(convert(23, "dBm", .power))
    #expect(abs(dBm - 0.19953) < 5e-6)
    #expect(abs(dBm - 0.199526231496888) < 1e-12)
    let dBW = try #require(convert(30, "dBW", .power))
    #expect(abs(dBW - 1000) < 1e-9)
    #expect(convert(0, "dBm", .power) == 0.001)
  }

  @Test(arguments: [
    (1, "KB", Dimension.data, 8000.0),
    (1, "KiB", .data, 8192),
    (1, "B", .data, 8),
    (1, "GB", .data, 8e9),
    (1, "GHz", .frequency, 1e9),
    (20, "MHz", .frequency, 2e7),
    (2, "min", .time, 120),
    (250, "ms", .time, 0.25),
    (1, "h", .time, 3600),
    (1, "Wh", .energy, 3600),
    (2, "kJ", .energy, 2000),
    (1.2, "km", .length, 1200),
    (180, "deg", .angle, Double.pi),
    (20, "%", .fraction, 0.2),
    (0.8, "M", .count, 800_000),
    (2, "k", .count, 2000),
    (2, "Gcycles", .cycles, 2e9),
    (1, "/s", .perTime, 1),
    (1, "/min", .perTime, 1.0 / 60),
    (0.5, "/J", .perEnergy, 0.5),
    (2, "/kJ", .perEnergy, 0.002),
    (23, "mW", .power, 0.023),
  ])
  func linearUnits(number: Double, unit: String, dimension: Dimension, expected: Double) throws {
    let value = try #require(convert(number, unit, dimension))
    #expect(abs(value - expected) <= 1e-12 * max(1, abs(expected)))
  }

  @Test func noiseDensity() throws {
    let value = try #require(convert(-174, "dBm/Hz", .noiseDensity))
    #expect(abs(value - 3.981071705534973e-21) < 1e-33)
  }

  @Test func suggestionsPreferTheExpectedDimension() {
    #expect(Units.suggestion(for: "Mhz", expecting: .frequency) == "MHz")
    #expect(Units.suggestion(for: "dbm", expecting: .power) == "dBm")
    #expect(Units.suggestion(for: "Gcycle", expecting: .cycles) == "Gcycles")
    #expect(Units.suggestion(for: "kmh", expecting: .length) == "km")
    #expect(Units.suggestion(for: "qqqqqq", expecting: .length) == nil)
  }

  @Test func wrongDimensionNamesBothUnits() {
    let (_, diagnostics) = parse(
      """
      \(minimalWorkload)
      user u1 {
        at (0 m, 0 m)
        cpu 23 dBm
        power 2.4 GHz
        workload w
      }
      """)
    #expect(
      summaries(diagnostics) == [
        "9:7: expected a frequency such as 20 MHz or 2 GHz after 'cpu', found a power '23 dBm'",
        "10:9: expected a power such as 23 dBm or 0.2 W after 'power', found a frequency '2.4 GHz'",
      ])
  }
}

@Suite struct LoRATests {
  @Test func llamaQueryAndValueProjections() throws {
    let program = parseValid(
      """
      workload llama {
        lora {
          rank 8
          matrix 4096 x 4096 count 64   # q and v projections of 32 layers
        }
        samples 10
        sample-size 2 KB
        cycles-per-sample 1 Gcycles
      }
      user u1 {
        at (0 m, 0 m)
        cpu 2 GHz
        power 23 dBm
        workload llama
      }
      """)
    let workload = try #require(program?.scenario.users.first?.workload)
    #expect(workload.parameters == 4_194_304)
    #expect(workload.epochs == 1)
  }

  @Test func severalShapesAddUp() throws {
    let program = parseValid(
      """
      workload mixed {
        lora {
          rank 4
          matrix 320 x 320 count 2
          matrix 768 x 320
        }
        samples 1; sample-size 1 B; cycles-per-sample 1 cycles
      }
      \(minimalUser.replacingOccurrences(of: "workload w", with: "workload mixed"))
      """)
    let parameters = program?.scenario.users.first?.workload.parameters
    #expect(parameters == Double(4 * 640 * 2 + 4 * 1088))
    #expect(Workload.loraParameters(rank: 8, matrices: [(4096, 4096, 64)]) == 4_194_304)
  }
}
