import Foundation

/// An axis: its range, how values map into it and its ticks.
struct Axis: Equatable {
  var lower: Double
  var upper: Double
  var isLogarithmic = false
  var ticks: [Tick]

  struct Tick: Equatable {
    var value: Double
    var label: String
  }

  /// Where `value` falls between the ends, from 0 to 1.
  func fraction(_ value: Double) -> Double {
    if isLogarithmic {
      return (log10(value) - log10(lower)) / (log10(upper) - log10(lower))
    }
    return (value - lower) / (upper - lower)
  }

  /// A linear axis over `low...high` with about `targetCount` ticks spaced
  /// 1, 2, 2.5 or 5 times a power of ten. With `anchorsZero` (y axes) the
  /// range reaches 0, gets a 5% margin on any side not at 0 and ends on
  /// ticks; without (x axes) it gets a 5% margin and ticks fall inside it.
  static func linear(low: Double, high: Double, targetCount: Int, anchorsZero: Bool) -> Axis {
    var low = low
    var high = high
    if anchorsZero {
      low = min(low, 0)
      high = max(high, 0)
    }
    if low == high {
      // A single value: a range around it (or 0...1 for zero).
      let spread = low == 0 ? 1 : abs(low) * 0.1
      if anchorsZero {
        high = low == 0 ? 1 : high
      } else {
        low -= spread
        high += spread
      }
    } else {
      let margin = (high - low) * 0.05
      if !anchorsZero || low != 0 { low -= margin }
      if !anchorsZero || high != 0 { high += margin }
    }
    // Steps too small to show against the values' magnitude are widened.
    let magnitude = max(abs(low), abs(high))
    let smallest = magnitude * 1e-12
    let span = high - low
    func tickRange(_ step: ExactDecimal) -> (first: Double, last: Double) {
      let value = step.value
      if anchorsZero {
        return ((low / value + 1e-9).rounded(.down), (high / value - 1e-9).rounded(.up))
      }
      return ((low / value - 1e-9).rounded(.up), (high / value + 1e-9).rounded(.down))
    }
    var step = ExactDecimal.niceStep(above: max(span / Double(max(targetCount, 1)), smallest))
    if anchorsZero {
      // Of the steps giving 4 to `targetCount + 3` ticks, the one that wastes
      // the least room beyond the data; on a tie, not 2.5, then the count
      // nearest `targetCount`.
      var best: (step: ExactDecimal, key: (Double, Int, Int))?
      var candidate = ExactDecimal.niceStep(above: max(span / Double(targetCount + 5), smallest))
      for _ in 0..<12 {
        let (first, last) = tickRange(candidate)
        let count = Int(last - first) + 1
        if count < 4 { break }
        if count <= targetCount + 3 {
          let covered = (last - first) * candidate.value / span
          // Ranges equal but for rounding compare equal.
          let key = (
            (covered * 1e6).rounded(), candidate.units == 25 ? 1 : 0, abs(count - targetCount)
          )
          if best.map({ key < $0.key }) ?? true { best = (candidate, key) }
        }
        candidate = ExactDecimal.niceStep(above: candidate.value * (1 + 1e-6))
      }
      if let best { step = best.step }
    }
    var (first, last) = tickRange(step)
    last = min(last, first + 100)
    let ticks = stride(from: first, through: last, by: 1).map { n in
      ExactDecimal(units: Int64(n) * step.units, exponent: step.exponent)
    }
    let labels = ExactDecimal.labels(ticks)
    let values = ticks.map(\.value)
    if anchorsZero, let lowest = values.first, let highest = values.last, lowest < highest {
      low = lowest
      high = highest
    }
    return Axis(
      lower: low, upper: high,
      ticks: zip(values, labels).map { Tick(value: $0, label: $1) })
  }

  /// A logarithmic axis over positive `low...high` with a margin of 5% of
  /// the decades shown: ticks at powers of ten, or at 1, 2 and 5 (then 1 to 9)
  /// times them when that gives too few, or linear ticks over a narrow range.
  static func logarithmic(low: Double, high: Double) -> Axis {
    var lowExponent = log10(low)
    var highExponent = log10(high)
    let margin = max((highExponent - lowExponent) * 0.05, 0.05)
    lowExponent -= margin
    highExponent += margin
    let lower = pow(10, lowExponent)
    let upper = pow(10, highExponent)
    let first = Int(lowExponent.rounded(.down))
    let last = Int(highExponent.rounded(.up))
    func ticks(_ multiples: [Int64], every: Int) -> [ExactDecimal] {
      var result: [ExactDecimal] = []
      // Every `every`-th power of ten, at multiples of `every`.
      let start = Int((Double(first) / Double(every)).rounded(.down)) * every
      for exponent in stride(from: start, through: last, by: every) {
        for multiple in multiples {
          let tick = ExactDecimal(units: multiple, exponent: exponent)
          if tick.value >= lower * (1 - 1e-12), tick.value <= upper * (1 + 1e-12) {
            result.append(tick)
          }
        }
      }
      return result
    }
    let decades = last - first
    var chosen = ticks([1], every: max(1, (decades + 7) / 8))
    if chosen.count < 3 { chosen = ticks([1, 2, 5], every: 1) }
    if chosen.count < 3 { chosen = ticks([1, 2, 3, 4, 5, 6, 7, 8, 9], every: 1) }
    if chosen.count < 2 {
      let linear = Axis.linear(low: low, high: high, targetCount: 4, anchorsZero: false)
      return Axis(
        lower: lower, upper: upper, isLogarithmic: true,
        ticks: linear.ticks.filter { $0.value >= lower && $0.value <= upper })
    }
    let labels = ExactDecimal.labels(chosen)
    return Axis(
      lower: lower, upper: upper, isLogarithmic: true,
      ticks: zip(chosen, labels).map { Tick(value: $0.value, label: $1) })
  }
}

/// `units` × 10^`exponent`, exactly: tick values are made and written from
/// integers so that no binary rounding shows (0.2, never 0.20000000000000001).
struct ExactDecimal: Equatable {
  var units: Int64
  var exponent: Int

  /// The nearest double, through the correctly rounded decimal parser.
  var value: Double { Double("\(units)e\(exponent)") ?? .nan }

  /// The smallest step of 1, 2, 2.5 or 5 times a power of ten that is at
  /// least `raw` (which must be positive and finite).
  static func niceStep(above raw: Double) -> ExactDecimal {
    var exponent = Int(log10(raw).rounded(.down))
    // log10 may be off by one ulp near powers of ten.
    if ExactDecimal(units: 1, exponent: exponent).value > raw { exponent -= 1 }
    if ExactDecimal(units: 1, exponent: exponent + 1).value <= raw { exponent += 1 }
    let fraction = raw / ExactDecimal(units: 1, exponent: exponent).value
    let tolerance = 1 + 1e-9
    if fraction <= 1 * tolerance { return ExactDecimal(units: 1, exponent: exponent) }
    if fraction <= 2 * tolerance { return ExactDecimal(units: 2, exponent: exponent) }
    if fraction <= 2.5 * tolerance { return ExactDecimal(units: 25, exponent: exponent - 1) }
    if fraction <= 5 * tolerance { return ExactDecimal(units: 5, exponent: exponent) }
    return ExactDecimal(units: 1, exponent: exponent + 1)
  }

  /// The same number with no trailing zeros in `units`.
  var normalized: ExactDecimal {
    guard units != 0 else { return ExactDecimal(units: 0, exponent: 0) }
    var result = self
    while result.units % 10 == 0 {
      result.units /= 10
      result.exponent += 1
    }
    return result
  }

  /// The power of ten of the leading digit: 2 for 250, -1 for 0.25.
  var leadingExponent: Int {
    let digits = String(normalized.units.magnitude)
    return digits.count - 1 + normalized.exponent
  }

  /// Plain notation (`0.25`, `1500`) between 0.001 and 99999, else
  /// scientific (`2.5e-4`, `1.5e6`).
  var usesScientificNotation: Bool {
    units != 0 && (leadingExponent >= 5 || leadingExponent <= -4)
  }

  func formatted(scientific: Bool) -> String {
    let number = normalized
    if number.units == 0 { return "0" }
    let sign = number.units < 0 ? "-" : ""
    let digits = String(number.units.magnitude)
    if scientific {
      let rest = digits.dropFirst()
      return sign + String(digits.prefix(1)) + (rest.isEmpty ? "" : "." + rest) + "e"
        + String(leadingExponent)
    }
    if number.exponent >= 0 {
      return sign + digits + String(repeating: "0", count: number.exponent)
    }
    let point = digits.count + number.exponent
    if point > 0 {
      return sign + String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
    }
    return sign + "0." + String(repeating: "0", count: -point) + digits
  }

  /// Labels of an axis's ticks, all in one notation: scientific when any
  /// tick needs it.
  static func labels(_ ticks: [ExactDecimal]) -> [String] {
    let scientific = ticks.contains(where: \.usesScientificNotation)
    return ticks.map { $0.formatted(scientific: scientific) }
  }
}

// MARK: - Writing SVG
