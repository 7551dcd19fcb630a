import Foundation

/// Number formatting for human reports: a fixed number of significant
/// digits, plain notation between 1e-3 and 1e5, scientific outside it.
enum Figure {
  /// `value` with `digits` significant digits; `0` for zero, `inf`, `-inf`
  /// and `nan` for non-finite values (which reports show but JSON never does).
  static func format(_ value: Double, digits: Int = 4) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value > 0 ? "inf" : "-inf" }
    if value == 0 { return "0" }
    // The exponent of the value as rounded to `digits`, so 0.99999 counts as 1.
    let scientific = String(format: "%.\(max(digits - 1, 0))e", value)
    let exponent = scientific.split(separator: "e").last.flatMap { Int($0) } ?? 0
    guard exponent >= -3, exponent < max(digits, 5) else { return scientific }
    let decimals = max(0, digits - 1 - exponent)
    return String(format: "%.\(decimals)f", value)
  }

  /// A fraction as a percentage with one decimal: `0.2` gives `20.0%`.
  static func percent(_ fraction: Double) -> String {
    guard fraction.isFinite else { return format(fraction) }
    return String(format: "%.1f%%", fraction * 100)
  }

  /// Seconds of wall time: `0.042 s`, `12.3 s`.
  static func seconds(_ value: Double) -> String {
    format(value, digits: 3) + " s"
  }
}

/// A power column's unit: mW when every value is below 1 W, else W.
struct PowerUnit {
  let name: String
  let scale: Double

  init(values: [Double]) {
    let largest = values.filter(\.isFinite).map(abs).max() ?? 0
    if largest < 1 {
      name = "mW"
      scale = 1e3
    } else {
      name = "W"
      scale = 1
    }
  }
}
