import Foundation
import SaginModel
import Testing

@testable import SaginLanguage

/// Compares `PortableMath` with the platform's libm, which is itself within about half an ulp,
/// so two results within 2 ulp of the truth differ by less than 4e-16 relative.
@Suite struct PortableMathTests {
  static let tolerance = 4e-16

  /// The worst relative difference between `ours` and `reference` over `samples`, with its
  /// argument.
  private func worst(
    _ samples: [Double], _ ours: (Double) -> Double, _ reference: (Double) -> Double
  ) -> (error: Double, at: Double) {
    var result = (error: 0.0, at: Double.nan)
    for x in samples {
      let value = ours(x)
      let expected = reference(x)
      let error = value == expected ? 0 : Swift.abs(value - expected) / Swift.abs(expected)
      if !(error <= result.error) { result = (error, x) }
    }
    return result
  }

  /// `count` uniform samples in [low, high) from a fixed seed.
  private func uniformSamples(_ count: Int, _ low: Double, _ high: Double, seed: UInt64)
    -> [Double]
  {
    var random = SplitMix64(seed: seed)
    return (0..<count).map { _ in random.uniform(low, high) }
  }

  /// `count` positive doubles with binary exponents uniform in `exponents`.
  private func logUniformSamples(_ count: Int, _ exponents: ClosedRange<Int>, seed: UInt64)
    -> [Double]
  {
    var random = SplitMix64(seed: seed)
    let width = UInt64(exponents.count)
    return (0..<count).map { _ in
      let exponent = exponents.lowerBound + Int(random.next() % width)
      return Double(sign: .plus, exponent: exponent, significand: 1 + random.unit())
    }
  }

  @Test func expMatchesLibm() {
    let cases: [(String, [Double])] = [
      ("normal results", uniformSamples(5_000, -708, 709.78, seed: 1)),
      ("reduced range", uniformSamples(2_000, -0.35, 0.35, seed: 2)),
      ("tiny", uniformSamples(1_000, -1e-9, 1e-9, seed: 3)),
      ("near multiples of ln 2", (-1000...1000).map { Double($0) * 0.6931471805599453 }),
    ]
    for (name, samples) in cases {
      let (error, at) = worst(samples, PortableMath.exp, Foundation.exp)
      #expect(error < Self.tolerance, "exp, \(name): \(error) at \(at)")
    }
  }

  @Test func expSubnormalResultsWithinOneUnit() {
    for x in uniformSamples(2_000, -745.1, -708.4, seed: 4) {
      let difference = Swift.abs(PortableMath.exp(x) - Foundation.exp(x))
      #expect(difference <= Double.leastNonzeroMagnitude, "exp(\(x))")
    }
  }

  @Test func expSpecialValues() {
    #expect(PortableMath.exp(.nan).isNaN)
    #expect(PortableMath.exp(.infinity) == .infinity)
    #expect(PortableMath.exp(-.infinity) == 0)
    #expect(PortableMath.exp(0) == 1)
    #expect(PortableMath.exp(-0.0) == 1)
    #expect(PortableMath.exp(1) == 0x1.5bf0a8b145769p+1)
    #expect(PortableMath.exp(709.78) == Foundation.exp(709.78))
    #expect(PortableMath.exp(709.79) == .infinity)
    #expect(PortableMath.exp(1000) == .infinity)
    #expect(PortableMath.exp(-745.2) == 0)
    #expect(PortableMath.exp(-1000) == 0)
    #expect(PortableMath.exp(-745.1) == Double.leastNonzeroMagnitude)
  }

  @Test func logMatchesLibm() {
    let cases: [(String, [Double])] = [
      ("whole range", logUniformSamples(5_000, -1022...1023, seed: 5)),
      ("subnormal", logUniformSamples(500, -1074...(-1023), seed: 6)),
      ("near 1", uniformSamples(2_000, 0.7, 1.45, seed: 7)),
      ("very near 1", uniformSamples(1_000, 1 - 1e-9, 1 + 1e-9, seed: 8)),
    ]
    for (name, samples) in cases {
      let (error, at) = worst(samples, PortableMath.log, Foundation.log)
      #expect(error < Self.tolerance, "log, \(name): \(error) at \(at)")
      let (error10, at10) = worst(samples, PortableMath.log10, Foundation.log10)
      #expect(error10 < Self.tolerance, "log10, \(name): \(error10) at \(at10)")
    }
  }

  @Test func logSpecialValues() {
    for log in [PortableMath.log, PortableMath.log10] {
      #expect(log(0) == -.infinity)
      #expect(log(-0.0) == -.infinity)
      #expect(log(-1).isNaN)
      #expect(log(-.infinity).isNaN)
      #expect(log(.nan).isNaN)
      #expect(log(.infinity) == .infinity)
      #expect(log(1) == 0)
    }
    #expect(PortableMath.log(2) == 0x1.62e42fefa39efp-1)
    #expect(PortableMath.log(Double.leastNonzeroMagnitude) == Foundation.log(5e-324))
    for power in [-300, -5, -1, 1, 3, 22, 300] {
      #expect(PortableMath.log10(Double("1e\(power)")!) == Double(power))
    }
  }

  @Test func sinAndCosMatchLibm() {
    let nearQuarterTurns = (1...5_000).map { Double($0) * (Double.pi / 2) }
    let cases: [(String, [Double])] = [
      ("[-10, 10]", uniformSamples(5_000, -10, 10, seed: 9)),
      ("[-1e6, 1e6]", uniformSamples(5_000, -1e6, 1e6, seed: 10)),
      ("up to 1e300", logUniformSamples(3_000, 0...996, seed: 11)),
      ("small", logUniformSamples(1_000, -1074...(-1), seed: 12)),
      ("near multiples of pi/2", nearQuarterTurns),
    ]
    for (name, samples) in cases {
      let (error, at) = worst(samples, PortableMath.sin, Foundation.sin)
      #expect(error < Self.tolerance, "sin, \(name): \(error) at \(at)")
      let (errorCos, atCos) = worst(samples, PortableMath.cos, Foundation.cos)
      #expect(errorCos < Self.tolerance, "cos, \(name): \(errorCos) at \(atCos)")
    }
  }

  @Test func sinAndCosHardReductions() {
    // (x, sin x, cos x) correctly rounded, from 4,000-bit arithmetic. The first x is among the
    // doubles closest to a multiple of pi/2 (libm itself is 8 ulp off its cosine here).
    let cases: [(Double, Double, Double)] = [
      (0x1.6ac5b262ca1ffp+849, 0x1.0000000000000p+0, -0x1.14ae72e6ba22fp-61),
      (0x1.2b17b56a677bap+551, -0x1.86f58124f1bc2p-1, 0x1.4a9918a31d93fp-1),
      (1e22, -0x1.b453ab76bf397p-1, 0x1.0be2cef01c8f4p-1),
      (Double.greatestFiniteMagnitude, 0x1.452fc98b34e97p-8, -0x1.fffe62ecfab75p-1),
      (355, -0x1.f9bd0307d1de3p-16, -0x1.fffffffc18e4cp-1),
      (103_993, -0x1.40efdf1eb8de7p-16, 0x1.fffffffe6da77p-1),
    ]
    for (x, sine, cosine) in cases {
      #expect(PortableMath.sin(x) == sine, "sin(\(x))")
      #expect(PortableMath.sin(-x) == -sine, "sin(\(-x))")
      #expect(PortableMath.cos(x) == cosine, "cos(\(x))")
      #expect(PortableMath.cos(-x) == cosine, "cos(\(-x))")
    }
  }

  @Test func sinAndCosSpecialValues() {
    for function in [PortableMath.sin, PortableMath.cos] {
      #expect(function(.nan).isNaN)
      #expect(function(.infinity).isNaN)
      #expect(function(-.infinity).isNaN)
    }
    #expect(PortableMath.sin(0) == 0)
    #expect(PortableMath.sin(-0.0).sign == .minus)
    #expect(PortableMath.cos(0) == 1)
    #expect(PortableMath.cos(-0.0) == 1)
    #expect(PortableMath.sin(1e-300) == 1e-300)
    #expect(PortableMath.sin(-Double.leastNonzeroMagnitude) == -Double.leastNonzeroMagnitude)
  }

  @Test func sinCosOfTurnsIsExactAtQuarterTurns() {
    let quarters: [(Double, Double, Double)] = [
      (0, 0, 1), (0.25, 1, 0), (0.5, 0, -1), (0.75, -1, 0), (1, 0, 1), (-0.25, -1, 0),
      (1e20, 0, 1), (0x1p50 + 0.25, 1, 0), (Double.greatestFiniteMagnitude, 0, 1),
    ]
    for (turns, sine, cosine) in quarters {
      let (s, c) = PortableMath.sinCos(turns: turns)
      #expect(s == sine && c == cosine, "turns \(turns)")
    }
    let eighth = PortableMath.sinCos(turns: 0.125)
    #expect(eighth.sin == eighth.cos)
    #expect(eighth.sin == 0.5.squareRoot())
    #expect(PortableMath.sinCos(turns: .nan).sin.isNaN)
    #expect(PortableMath.sinCos(turns: .infinity).cos.isNaN)
  }

  @Test func sinCosOfTurnsMatchesLibm() {
    // libm sees 2 pi u rounded, so the comparison is absolute, at the scale of that rounding.
    for u in uniformSamples(5_000, 0, 1, seed: 13) {
      let (s, c) = PortableMath.sinCos(turns: u)
      #expect(Swift.abs(s - Foundation.sin(2 * Double.pi * u)) < 2e-15, "sin, turns \(u)")
      #expect(Swift.abs(c - Foundation.cos(2 * Double.pi * u)) < 2e-15, "cos, turns \(u)")
    }
  }

  @Test func powMatchesLibm() {
    var random = SplitMix64(seed: 14)
    var checked = 0
    for _ in 0..<5_000 {
      let x = random.uniform(0, 100)
      let y = random.uniform(-150, 150)
      let expected = Foundation.pow(x, y)
      guard expected.isNormal else { continue }
      let value = PortableMath.pow(x, y)
      #expect(Swift.abs(value - expected) / expected < Self.tolerance, "pow(\(x), \(y))")
      checked += 1
    }
    #expect(checked > 4_000)
    for _ in 0..<3_000 {
      let x = Double(
        sign: .plus, exponent: Int(random.next() % 41) - 20, significand: 1 + random.unit())
      let y = Double(Int(random.next() % 201) - 100)
      let sign: Double = random.next() % 2 == 0 ? 1 : -1
      let expected = Foundation.pow(sign * x, y)
      guard expected.isNormal else { continue }
      let value = PortableMath.pow(sign * x, y)
      #expect(
        Swift.abs(value - expected) / Swift.abs(expected) < Self.tolerance,
        "pow(\(sign * x), \(y))")
    }
  }

  @Test func powWithIntegerExponentsIsExact() {
    #expect(PortableMath.pow(10, 3) == 1000)
    #expect(PortableMath.pow(2, -3) == 0.125)
    #expect(PortableMath.pow(10, -3) == 0.001)
    #expect(PortableMath.pow(10, 22) == 1e22)
    #expect(PortableMath.pow(3, 33) == 5_559_060_566_555_523)
    #expect(PortableMath.pow(-2, 3) == -8)
    #expect(PortableMath.pow(-2, 4) == 16)
    #expect(PortableMath.pow(-0.5, -3) == -8)
    #expect(PortableMath.pow(1.5, 2) == 2.25)
    #expect(PortableMath.pow(2, 64) == 0x1p64)
    #expect(PortableMath.pow(2, -64) == 0x1p-64)
    #expect(PortableMath.pow(0x1p-1000, 1) == 0x1p-1000)
    #expect(PortableMath.pow(7, 1) == 7)
    #expect(PortableMath.pow(2, 1024) == .infinity)
    #expect(PortableMath.pow(0.5, 1075) == 0)
    #expect(PortableMath.pow(0x1p-537, 2) == 0x1p-1074)
    #expect(PortableMath.pow(9, 0.5) == 3)
  }

  @Test func powSpecialValues() {
    #expect(PortableMath.pow(.nan, 0) == 1)
    #expect(PortableMath.pow(1, .nan) == 1)
    #expect(PortableMath.pow(.nan, 1).isNaN)
    #expect(PortableMath.pow(2, .nan).isNaN)
    #expect(PortableMath.pow(-8, 1.0 / 3).isNaN)
    #expect(PortableMath.pow(-2, 0.5).isNaN)
    #expect(PortableMath.pow(0, -1) == .infinity)
    #expect(PortableMath.pow(-0.0, -1) == -.infinity)
    #expect(PortableMath.pow(-0.0, -2) == .infinity)
    #expect(PortableMath.pow(0, 2) == 0)
    #expect(PortableMath.pow(-0.0, 3).sign == .minus)
    #expect(PortableMath.pow(2, .infinity) == .infinity)
    #expect(PortableMath.pow(2, -.infinity) == 0)
    #expect(PortableMath.pow(0.5, .infinity) == 0)
    #expect(PortableMath.pow(0.5, -.infinity) == .infinity)
    #expect(PortableMath.pow(-1, .infinity) == 1)
    #expect(PortableMath.pow(.infinity, -1) == 0)
    #expect(PortableMath.pow(.infinity, 0.5) == .infinity)
    #expect(PortableMath.pow(-.infinity, 3) == -.infinity)
    #expect(PortableMath.pow(-.infinity, 2) == .infinity)
    #expect(PortableMath.pow(-.infinity, -3).sign == .minus)
    #expect(PortableMath.pow(10, 400.5) == .infinity)
    #expect(PortableMath.pow(10, -400.5) == 0)
    #expect(PortableMath.pow(-10, 401) == -.infinity)
    #expect(PortableMath.pow(1e300, 1e300) == .infinity)
  }

  @Test func sqrtIsTheIEEESquareRoot() {
    #expect(PortableMath.sqrt(2) == 2.0.squareRoot())
    #expect(PortableMath.sqrt(-1).isNaN)
    #expect(PortableMath.sqrt(.infinity) == .infinity)
  }
}
