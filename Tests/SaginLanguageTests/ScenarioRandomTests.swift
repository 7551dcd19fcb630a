import SaginModel
import Testing

@testable import SaginLanguage

@Suite struct ScenarioRandomTests {
  /// Expects `values` to have exactly the bit patterns `pins`; on a mismatch the message shows
  /// the actual patterns, ready to paste if a recipe change is intended.
  private func expectBits(
    _ values: [Double], _ pins: [UInt64], _ name: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let actual = values.map(\.bitPattern)
    let shown = actual.map { "0x" + String($0, radix: 16, uppercase: true) }
    #expect(actual == pins, "\(name): \(shown)", sourceLocation: sourceLocation)
  }

  /// Three calls of `draw` on a fresh generator seeded with 42.
  private func firstThree<T>(_ draw: (inout ScenarioRandom) -> T) -> [T] {
    var random = ScenarioRandom(seed: 42)
    return (0..<3).map { _ in draw(&random) }
  }

  // MARK: - SplitMix64 and hand-computed values

  @Test func splitMixGivesThePublishedFirstOutputForSeedZero() {
    var generator = SplitMix64(seed: 0)
    #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
  }

  @Test func seedZeroValuesComputedByHand() {
    // 0xE220A8397B1DCDAF >> 11 = 7956156453446585; divided by 2^53 = 0.8833108082136426...
    var random = ScenarioRandom(seed: 0)
    #expect(random.unit().bitPattern == 0x3FEC_4415_072F_63B9)
    random = ScenarioRandom(seed: 0)
    #expect(random.unit() == 7_956_156_453_446_585.0 / 9_007_199_254_740_992)
    random = ScenarioRandom(seed: 0)
    #expect(random.uniform(-1, 1) == 0.7666216164272852)
    // 2^64 mod 6 = 4, so the first output is accepted; 0xE220A8397B1DCDAF mod 6 = 1.
    random = ScenarioRandom(seed: 0)
    #expect(random.integer(1, 6) == 2)
    // 0xE220A8397B1DCDAF mod 10 = 5.
    random = ScenarioRandom(seed: 0)
    #expect(random.index(count: 10) == 5)
  }

  // MARK: - Golden values for seed 42 (regression pins of the documented recipes)

  @Test func goldenScalars() {
    expectBits(
      firstThree { $0.unit() },
      [0x3FE7_BAE6_44C5_FD6D, 0x3FC4_77F1_99D9_3378, 0x3FD1_D499_D5C4_C3E6], "unit")
    expectBits(
      firstThree { $0.uniform(-5, 20) },
      [0x402B_1407_CB75_5BFA, 0xBFF0_092C_FF39_3F28, 0x3FFF_70C1_780D_C85C], "uniform")
    expectBits(
      firstThree { $0.normal(mean: 10, deviation: 3) },
      [0x4029_4B22_62CA_F042, 0x4021_4B7E_9D82_4A7E, 0x4025_214F_44F5_DC3B], "normal")
    #expect(firstThree { $0.integer(-10, 1000) } == [411, 516, 308])
    #expect(firstThree { $0.poissonCount(mean: 30) } == [32, 33, 27])
    #expect(firstThree { $0.index(count: 7) } == [5, 5, 0])
    #expect(firstThree { $0.weightedIndex(weights: [1, 0, 2, 5]) } == [3, 2, 2])
  }

  @Test func goldenPoints() {
    let box = firstThree { $0.pointInBox(lower: (-100, 0), upper: (100, 50)) }
    expectBits(
      box.flatMap { [$0.0, $0.1] },
      [
        0x4048_280F_96EA_B7F4, 0x401F_FB69_8063_606C, 0xC046_23CF_A1FC_8DE9,
        0x4031_35A4_23D0_CAA0, 0xC057_1936_BE64_E9EA, 0x4045_B4A8_E16F_E895,
      ], "pointInBox")
    let disc = firstThree { $0.pointInDisc(center: (1000, -500), radius: 250) }
    expectBits(
      disc.flatMap { [$0.0, $0.1] },
      [
        0x4091_6DD5_0097_9979, 0xC073_E4B2_2B0F_B1BF, 0x408C_F314_FC1D_6F0C,
        0xC078_67C4_5D6C_D48A, 0x4090_23E7_A243_C45D, 0xC080_BF45_9BAB_5449,
      ], "pointInDisc")
    let gaussian = firstThree { $0.gaussianPoint(center: (1000, -500), deviation: 30) }
    expectBits(
      gaussian.flatMap { [$0.0, $0.1] },
      [
        0x4090_09DE_AFB7_DAC5, 0xC080_0C34_3763_A45C, 0x408F_6D34_62C6_6A69,
        0xC07E_D699_39C9_1DBE, 0x408E_9F1C_608D_5E03, 0xC080_425D_E127_2CE5,
      ], "gaussianPoint")
  }

  @Test func goldenPointProcesses() {
    // Counts, then the first and last point of each of the three patterns.
    let box = firstThree {
      $0.poissonPointsInBox(lower: (0, 0), upper: (100, 50), density: 0.001)
    }
    #expect(box.map(\.count) == [7, 5, 6])
    expectBits(
      box.flatMap { [$0.first!.0, $0.first!.1, $0.last!.0, $0.last!.1] },
      [
        0x4040_FF1E_0740_3201, 0x403E_EC92_08F8_1AE4, 0x4057_EEE1_AB5C_CC5D,
        0x400D_38B4_B98B_9112, 0x4057_8C55_BADD_1892, 0x4041_5ABC_89AB_23A1,
        0x4019_35C2_687C_8B3D, 0x402A_9AF3_D0F8_5C58, 0x4040_11CE_FA16_41B5,
        0x4010_E577_8D2A_41F3, 0x4054_9003_C971_4AF0, 0x4041_17C9_196D_1CAE,
      ], "poissonPointsInBox")
    let disc = firstThree {
      $0.poissonPointsInDisc(center: (0, 0), radius: 40, density: 0.001)
    }
    #expect(disc.map(\.count) == [7, 5, 6])
    expectBits(
      disc.flatMap { [$0.first!.0, $0.first!.1, $0.last!.0, $0.last!.1] },
      [
        0xC031_26EF_1D14_E7EC, 0xC02F_9A80_3AAE_8023, 0x4041_8B07_627B_32CF,
        0x4031_5715_7EAE_C3CD, 0xC02A_AD73_E985_9390, 0xC042_3A94_86D3_624C,
        0xBFF0_2DA0_F0D9_0B0C, 0x4023_FB53_FE18_7973, 0x4033_8E5F_81CD_0AB9,
        0x4026_F599_D07C_7ACD, 0xC02D_59BC_100C_DE42, 0xC040_9683_E613_E35B,
      ], "poissonPointsInDisc")
  }

  // MARK: - The documented recipes, re-implemented from their descriptions

  @Test func recipesMatchTheirDocumentation() {
    var random = ScenarioRandom(seed: 7)
    var generator = SplitMix64(seed: 7)
    func unit() -> Double { Double(generator.next() >> 11) / 9_007_199_254_740_992 }
    for _ in 0..<200 {
      // n = 3 * 2^61 values: 2^64 mod n = 2^62, so a quarter of the draws are rejected.
      let n: UInt64 = 3 << 61
      var x = generator.next()
      while x >= 0xC000_0000_0000_0000 { x = generator.next() }
      #expect(random.integer(-1, Int(n) - 2) == Int(x % n) - 1)

      let u1 = 1 - unit()
      let u2 = unit()
      let z = PortableMath.sqrt(-2 * PortableMath.log(u1)) * PortableMath.sinCos(turns: u2).cos
      #expect(random.normal(mean: 5, deviation: 2).bitPattern == (5 + 2 * z).bitPattern)

      let r = 10 * PortableMath.sqrt(unit())
      let (s, c) = PortableMath.sinCos(turns: unit())
      let point = random.pointInDisc(center: (1, 2), radius: 10)
      #expect(point.0.bitPattern == (1 + r * c).bitPattern)
      #expect(point.1.bitPattern == (2 + r * s).bitPattern)

      var sum = 0.0
      var count = 0
      while true {
        sum = sum + -PortableMath.log(1 - unit())
        if sum > 4.5 { break }
        count += 1
      }
      #expect(random.poissonCount(mean: 4.5) == count)

      let target = unit() * 10
      let expected = target < 1 ? 0 : target < 4 ? 1 : 2
      #expect(random.weightedIndex(weights: [1, 3, 6]) == expected)
    }
  }

  // MARK: - Statistics with fixed seeds

  @Test func discPointsAreInsideWithTheRightMeanRadius() {
    var random = ScenarioRandom(seed: 1)
    let radius = 250.0
    var total = 0.0
    for _ in 0..<20_000 {
      let (east, north) = random.pointInDisc(center: (1000, -500), radius: radius)
      let distance = ((east - 1000) * (east - 1000) + (north + 500) * (north + 500)).squareRoot()
      #expect(distance <= radius * (1 + 1e-12))
      total += distance
    }
    let meanRadius = total / 20_000
    #expect(Swift.abs(meanRadius / (2 * radius / 3) - 1) < 0.02)
  }

  @Test func boxPointsAreInside() {
    var random = ScenarioRandom(seed: 2)
    var eastTotal = 0.0
    for _ in 0..<20_000 {
      let (east, north) = random.pointInBox(lower: (-100, 0), upper: (300, 50))
      #expect(east >= -100 && east <= 300 && north >= 0 && north <= 50)
      eastTotal += east
    }
    #expect(Swift.abs(eastTotal / 20_000 - 100) < 4)
  }

  @Test func normalMeanAndDeviation() {
    var random = ScenarioRandom(seed: 3)
    let samples = (0..<20_000).map { _ in random.normal(mean: 10, deviation: 3) }
    let mean = samples.reduce(0, +) / Double(samples.count)
    let variance = samples.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(samples.count)
    #expect(Swift.abs(mean / 10 - 1) < 0.02)
    #expect(Swift.abs(variance.squareRoot() / 3 - 1) < 0.02)
    var points = ScenarioRandom(seed: 4)
    var east = 0.0
    var north = 0.0
    for _ in 0..<10_000 {
      let point = points.gaussianPoint(center: (100, -50), deviation: 5)
      east += point.0
      north += point.1
    }
    #expect(Swift.abs(east / 10_000 - 100) < 0.2 && Swift.abs(north / 10_000 + 50) < 0.2)
  }

  @Test func poissonCountMeanAndVariance() {
    var random = ScenarioRandom(seed: 5)
    let counts = (0..<2_000).map { _ in Double(random.poissonCount(mean: 30)) }
    let mean = counts.reduce(0, +) / Double(counts.count)
    let variance = counts.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(counts.count)
    #expect(Swift.abs(mean / 30 - 1) < 0.03)
    #expect(Swift.abs(variance / 30 - 1) < 0.1)
  }

  @Test func poissonPointsInBoxAverageTheExpectedCount() {
    var random = ScenarioRandom(seed: 6)
    var total = 0
    for _ in 0..<200 {
      // 100 m x 50 m at 0.1 per square metre: 500 expected.
      let points = random.poissonPointsInBox(lower: (0, 0), upper: (100, 50), density: 0.1)
      #expect(points.allSatisfy { $0.0 >= 0 && $0.0 <= 100 && $0.1 >= 0 && $0.1 <= 50 })
      total += points.count
    }
    #expect(Swift.abs(Double(total) / 200 / 500 - 1) < 0.03)
  }

  @Test func poissonPointsInDiscAverageTheExpectedCount() {
    var random = ScenarioRandom(seed: 7)
    var total = 0
    for _ in 0..<200 {
      let points = random.poissonPointsInDisc(center: (0, 0), radius: 100, density: 0.01)
      #expect(points.allSatisfy { ($0.0 * $0.0 + $0.1 * $0.1).squareRoot() <= 100 + 1e-9 })
      total += points.count
    }
    #expect(Swift.abs(Double(total) / 200 / (Double.pi * 100) - 1) < 0.03)
  }

  @Test func weightedIndexFollowsTheWeights() {
    var random = ScenarioRandom(seed: 8)
    let weights = [1.0, 0, 2, 5]
    var hits = [0, 0, 0, 0]
    let draws = 200_000
    for _ in 0..<draws {
      hits[random.weightedIndex(weights: weights)] += 1
    }
    #expect(hits[1] == 0)
    for (index, weight) in weights.enumerated() where weight > 0 {
      let frequency = Double(hits[index]) / Double(draws)
      #expect(Swift.abs(frequency / (weight / 8) - 1) < 0.02, "index \(index): \(frequency)")
    }
  }

  @Test func dieHitsEveryFace() {
    var random = ScenarioRandom(seed: 9)
    var faces = [Int: Int]()
    for _ in 0..<6_000 {
      faces[random.integer(1, 6), default: 0] += 1
    }
    #expect(faces.keys.sorted() == [1, 2, 3, 4, 5, 6])
    #expect(faces.values.allSatisfy { $0 > 850 && $0 < 1150 })
    var picks = ScenarioRandom(seed: 10)
    let indices = Set((0..<1_000).map { _ in picks.index(count: 5) })
    #expect(indices == [0, 1, 2, 3, 4])
  }

  // MARK: - Seeds and edge cases

  @Test func sameSeedSameSequenceDifferentSeedsDiffer() {
    func sequence(_ seed: UInt64) -> [UInt64] {
      var random = ScenarioRandom(seed: seed)
      return (0..<50).map { step in
        switch step % 5 {
        case 0: return random.unit().bitPattern
        case 1: return random.normal(mean: 0, deviation: 1).bitPattern
        case 2: return UInt64(random.integer(0, 1_000_000))
        case 3: return random.pointInDisc(center: (0, 0), radius: 1).0.bitPattern
        default: return UInt64(random.poissonCount(mean: 10))
        }
      }
    }
    #expect(sequence(42) == sequence(42))
    #expect(sequence(42) != sequence(43))
    #expect(sequence(0) != sequence(1))
    var a = ScenarioRandom(seed: 42)
    var b = ScenarioRandom(generator: SplitMix64(seed: 42))
    #expect(a.unit() == b.unit())
  }

  @Test func edgeCasesNeverTrap() {
    var random = ScenarioRandom(seed: 11)
    var fresh = ScenarioRandom(seed: 11)
    // A single value, an empty list or a count below 2 consume no draw.
    #expect(random.integer(5, 5) == 5)
    #expect(random.index(count: 1) == 0)
    #expect(random.index(count: 0) == 0)
    #expect(random.weightedIndex(weights: []) == 0)
    #expect(random.poissonCount(mean: 0) == 0)
    #expect(random.poissonCount(mean: -3) == 0)
    #expect(random.poissonCount(mean: .nan) == 0)
    #expect(random.poissonCount(mean: .infinity) == 0)
    #expect(random.unit() == fresh.unit())
    // Reversed bounds are swapped; the full range of Int works.
    for _ in 0..<100 {
      #expect((1...6).contains(random.integer(6, 1)))
      _ = random.integer(Int.min, Int.max)
      #expect(random.integer(Int.max - 1, Int.max) >= Int.max - 1)
      #expect(random.integer(Int.min, Int.min + 2) <= Int.min + 2)
    }
    #expect(random.poissonPointsInBox(lower: (0, 0), upper: (10, 10), density: 0).isEmpty)
    #expect(random.poissonPointsInDisc(center: (0, 0), radius: 0, density: 5).isEmpty)
    #expect(random.weightedIndex(weights: [0, 0, 3]) == 2)
  }
}
