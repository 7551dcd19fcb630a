import Foundation

/// The physical dimension a value must have, with the words messages use for it.
enum Dimension: String, Sendable, CaseIterable {
  case length
  case time
  case frequency
  case power
  case gain
  case data
  case cycles
  case energy
  case angle
  case fraction
  case count
  case perTime
  case perEnergy
  case noiseDensity

  /// "a frequency", for "found a frequency '2.4 GHz'".
  var noun: String {
    switch self {
    case .length: return "a length"
    case .time: return "a time"
    case .frequency: return "a frequency"
    case .power: return "a power"
    case .gain: return "a gain in dB"
    case .data: return "a data size"
    case .cycles: return "a cycle count"
    case .energy: return "an energy"
    case .angle: return "an angle"
    case .fraction: return "a percentage"
    case .count: return "a number"
    case .perTime: return "a weight per second"
    case .perEnergy: return "a weight per joule"
    case .noiseDensity: return "a noise density"
    }
  }

  /// "a frequency such as 20 MHz", for "expected ...".
  var expectation: String {
    switch self {
    case .length: return "a length such as 300 m or 1.2 km"
    case .time: return "a time such as 30 s or 2 min"
    case .frequency: return "a frequency such as 20 MHz or 2 GHz"
    case .power: return "a power such as 23 dBm or 0.2 W"
    case .gain: return "a gain such as -95 dB or 15 dBi"
    case .data: return "a data size such as 4 MB or 800 bit"
    case .cycles: return "a cycle count such as 2 Gcycles"
    case .energy: return "an energy such as 500 J or 2 Wh"
    case .angle: return "an angle such as 30 deg"
    case .fraction: return "a percentage such as 20 %"
    case .count: return "a number such as 500 or 0.8 M"
    case .perTime: return "a weight per second such as 1 /s"
    case .perEnergy: return "a weight per joule such as 0.5 /J"
    case .noiseDensity: return "a noise density such as -174 dBm/Hz"
    }
  }
}

/// A unit symbol and how it converts to SI: `si = value * scale`, or for the
/// logarithmic power units `si = 10^((value - offset) / 10)`.
struct UnitDefinition: Sendable {
  var symbol: String
  var dimension: Dimension
  var scale: Double
  /// dB offset of a logarithmic unit (30 for dBm, 0 for dBW); nil for linear units.
  var decibelOffset: Double? = nil

  func toSI(_ value: Double) -> Double {
    if let decibelOffset {
      return pow10((value - decibelOffset) / 10) * scale
    }
    return value * scale
  }
}

/// The unit table. Everything converts to SI: m, s, Hz, W, bit, cycle, J,
/// rad, fraction, 1/s, 1/J, W/Hz. Gains stay in dB (the scenario stores dB).
/// Data: 1 KB = 1000 B and 1 KiB = 1024 B; 1 B = 8 bit.
enum Units {
  static let all: [UnitDefinition] = {
    var units: [UnitDefinition] = [
      UnitDefinition(symbol: "m", dimension: .length, scale: 1),
      UnitDefinition(symbol: "km", dimension: .length, scale: 1e3),

      UnitDefinition(symbol: "s", dimension: .time, scale: 1),
      UnitDefinition(symbol: "ms", dimension: .time, scale: 1e-3),
      UnitDefinition(symbol: "min", dimension: .time, scale: 60),
      UnitDefinition(symbol: "h", dimension: .time, scale: 3600),

      UnitDefinition(symbol: "Hz", dimension: .frequency, scale: 1),
      UnitDefinition(symbol: "kHz", dimension: .frequency, scale: 1e3),
      UnitDefinition(symbol: "MHz", dimension: .frequency, scale: 1e6),
      UnitDefinition(symbol: "GHz", dimension: .frequency, scale: 1e9),

      UnitDefinition(symbol: "W", dimension: .power, scale: 1),
      UnitDefinition(symbol: "mW", dimension: .power, scale: 1e-3),
      UnitDefinition(symbol: "kW", dimension: .power, scale: 1e3),
      UnitDefinition(symbol: "dBm", dimension: .power, scale: 1, decibelOffset: 30),
      UnitDefinition(symbol: "dBW", dimension: .power, scale: 1, decibelOffset: 0),

      UnitDefinition(symbol: "dB", dimension: .gain, scale: 1),
      UnitDefinition(symbol: "dBi", dimension: .gain, scale: 1),

      UnitDefinition(symbol: "bit", dimension: .data, scale: 1),
      UnitDefinition(symbol: "bits", dimension: .data, scale: 1),
      UnitDefinition(symbol: "kbit", dimension: .data, scale: 1e3),
      UnitDefinition(symbol: "Mbit", dimension: .data, scale: 1e6),
      UnitDefinition(symbol: "Gbit", dimension: .data, scale: 1e9),
      UnitDefinition(symbol: "B", dimension: .data, scale: 8),
      UnitDefinition(symbol: "KB", dimension: .data, scale: 8e3),
      UnitDefinition(symbol: "kB", dimension: .data, scale: 8e3),
      UnitDefinition(symbol: "MB", dimension: .data, scale: 8e6),
      UnitDefinition(symbol: "GB", dimension: .data, scale: 8e9),
      UnitDefinition(symbol: "TB", dimension: .data, scale: 8e12),
      UnitDefinition(symbol: "KiB", dimension: .data, scale: 8 * 1024),
      UnitDefinition(symbol: "MiB", dimension: .data, scale: 8 * 1024 * 1024),
      UnitDefinition(symbol: "GiB", dimension: .data, scale: 8 * 1024 * 1024 * 1024),

      UnitDefinition(symbol: "cycles", dimension: .cycles, scale: 1),
      UnitDefinition(symbol: "kcycles", dimension: .cycles, scale: 1e3),
      UnitDefinition(symbol: "Mcycles", dimension: .cycles, scale: 1e6),
      UnitDefinition(symbol: "Gcycles", dimension: .cycles, scale: 1e9),
      UnitDefinition(symbol: "Tcycles", dimension: .cycles, scale: 1e12),

      UnitDefinition(symbol: "J", dimension: .energy, scale: 1),
      UnitDefinition(symbol: "mJ", dimension: .energy, scale: 1e-3),
      UnitDefinition(symbol: "kJ", dimension: .energy, scale: 1e3),
      UnitDefinition(symbol: "MJ", dimension: .energy, scale: 1e6),
      UnitDefinition(symbol: "Wh", dimension: .energy, scale: 3600),
      UnitDefinition(symbol: "kWh", dimension: .energy, scale: 3.6e6),

      UnitDefinition(symbol: "deg", dimension: .angle, scale: Double.pi / 180),
      UnitDefinition(symbol: "rad", dimension: .angle, scale: 1),

      UnitDefinition(symbol: "%", dimension: .fraction, scale: 0.01),

      UnitDefinition(symbol: "k", dimension: .count, scale: 1e3),
      UnitDefinition(symbol: "M", dimension: .count, scale: 1e6),
      UnitDefinition(symbol: "G", dimension: .count, scale: 1e9),
      UnitDefinition(symbol: "T", dimension: .count, scale: 1e12),
    ]
    // Weights are written per unit of time or energy: `1 /s`, `0.5 /J`.
    for unit in units where unit.dimension == .time {
      units.append(
        UnitDefinition(
          symbol: "/" + unit.symbol, dimension: .perTime,
          scale: 1 / unit.scale))
    }
    for unit in units where unit.dimension == .energy {
      units.append(
        UnitDefinition(
          symbol: "/" + unit.symbol, dimension: .perEnergy,
          scale: 1 / unit.scale))
    }
    // Noise densities are a power per hertz: `-174 dBm/Hz`, `4e-21 W/Hz`.
    for unit in units where unit.dimension == .power {
      units.append(
        UnitDefinition(
          symbol: unit.symbol + "/Hz", dimension: .noiseDensity,
          scale: unit.scale, decibelOffset: unit.decibelOffset))
    }
    return units
  }()

  private static let bySymbol: [String: UnitDefinition] = {
    var table: [String: UnitDefinition] = [:]
    for unit in all { table[unit.symbol] = unit }
    return table
  }()

  static func named(_ symbol: String) -> UnitDefinition? {
    bySymbol[symbol]
  }

  /// Example symbols of a dimension for hints.
  static func symbols(of dimension: Dimension) -> [String] {
    all.filter { $0.dimension == dimension }.map(\.symbol)
  }

  /// The known unit closest to a misspelt one, preferring units of the
  /// expected dimension: a case-insensitive match first, then the smallest
  /// edit distance (at most 2).
  static func suggestion(for symbol: String, expecting dimension: Dimension?) -> String? {
    let preferred = all.filter { $0.dimension == dimension }.map(\.symbol)
    let others = all.map(\.symbol)
    for pool in [preferred, others] {
      if let match = pool.first(where: { $0.lowercased() == symbol.lowercased() }) {
        return match
      }
    }
    for pool in [preferred, others] {
      if let match = closestWord(to: symbol, in: pool, maximumDistance: 2) {
        return match
      }
    }
    return nil
  }
}

/// `10^x`, for dB conversions.
func pow10(_ exponent: Double) -> Double {
  pow(10, exponent)
}
