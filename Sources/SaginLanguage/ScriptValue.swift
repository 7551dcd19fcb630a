/// Values of the scripting layer and the arithmetic of quantities with units.
///
/// A quantity is an SI value with a dimension (exponents of length, time,
/// data, cycles, energy and angle) and a scale: linear, a logarithmic power
/// (written in dBm or dBW, stored in watts) or a gain in dB (stored in dB).
/// The scale is what gives the decibel rules: dBm + dB is dBm, dBm - dBm is
/// dB, and dBm + dBm is an error.

/// Exponents of the base dimensions: metre, second, bit, cycle, joule, radian.
struct DimensionVector: Hashable, Sendable {
  var length = 0
  var time = 0
  var data = 0
  var cycles = 0
  var energy = 0
  var angle = 0

  static let none = DimensionVector()

  var isNone: Bool { self == .none }

  static func + (a: DimensionVector, b: DimensionVector) -> DimensionVector {
    DimensionVector(
      length: a.length + b.length, time: a.time + b.time, data: a.data + b.data,
      cycles: a.cycles + b.cycles, energy: a.energy + b.energy, angle: a.angle + b.angle)
  }

  static func * (a: DimensionVector, k: Int) -> DimensionVector {
    DimensionVector(
      length: a.length * k, time: a.time * k, data: a.data * k, cycles: a.cycles * k,
      energy: a.energy * k, angle: a.angle * k)
  }

  static prefix func - (a: DimensionVector) -> DimensionVector { a * -1 }

  var exponents: [Int] { [length, time, data, cycles, energy, angle] }

  /// Half of every exponent, for a square root; nil when one is odd.
  var halved: DimensionVector? {
    guard exponents.allSatisfy({ $0 % 2 == 0 }) else { return nil }
    return DimensionVector(
      length: length / 2, time: time / 2, data: data / 2, cycles: cycles / 2,
      energy: energy / 2, angle: angle / 2)
  }

  /// `m/s`, `J`, `m^2`: the SI units of the dimension.
  var siUnits: String {
    let symbols = ["m", "s", "bit", "cycles", "J", "rad"]
    var numerator: [String] = []
    var denominator: [String] = []
    for (symbol, exponent) in zip(symbols, exponents) where exponent != 0 {
      let power = abs(exponent) == 1 ? "" : "^\(abs(exponent))"
      if exponent > 0 {
        numerator.append(symbol + power)
      } else {
        denominator.append(symbol + power)
      }
    }
    let top = numerator.isEmpty ? "1" : numerator.joined(separator: " ")
    return denominator.isEmpty ? top : top + "/" + denominator.joined(separator: " ")
  }
}

/// How a quantity is measured: on a linear scale, or in decibels.
enum QuantityScale: Sendable {
  case linear
  /// A power or noise density written in dBm or dBW; the value is in SI (W).
  case decibelPower
  /// A gain or loss; the value is in dB.
  case decibel
}

struct ScriptQuantity: Sendable {
  var value: Double
  var dimension: DimensionVector = .none
  var scale: QuantityScale = .linear

  static func number(_ value: Double) -> ScriptQuantity { ScriptQuantity(value: value) }

  var isPlainNumber: Bool { dimension.isNone && scale == .linear }
}

/// A value while a script runs.
enum ScriptValue: Sendable {
  case quantity(ScriptQuantity)
  case string(String)
  case boolean(Bool)
  /// Lists and tuples; a position is a list of two or three lengths.
  case list([ScriptValue])

  static func number(_ value: Double) -> ScriptValue { .quantity(.number(value)) }

  /// "a number", "a length", "a string", for messages.
  var noun: String {
    switch self {
    case .quantity(let quantity): return UnitAlgebra.noun(of: quantity)
    case .string: return "a string"
    case .boolean: return "a condition (true or false)"
    case .list(let elements):
      if UnitAlgebra.isPosition(self) { return "a position" }
      return "a list of \(elements.count) values"
    }
  }
}

/// Dimensions of the unit table and of computed values.
enum UnitAlgebra {
  /// The dimension vector of each dimension the language's attributes use.
  static func vector(of dimension: Dimension) -> DimensionVector {
    switch dimension {
    case .length: return DimensionVector(length: 1)
    case .time: return DimensionVector(time: 1)
    case .frequency, .perTime: return DimensionVector(time: -1)
    case .power: return DimensionVector(time: -1, energy: 1)
    case .gain, .fraction, .count: return .none
    case .data: return DimensionVector(data: 1)
    // CPU rates are in Hz, cycles per second, so a cycle count is a plain
    // count here: `5 Gcycles / 2 GHz` is a time.
    case .cycles: return .none
    case .energy, .noiseDensity: return DimensionVector(energy: 1)
    case .angle: return DimensionVector(angle: 1)
    case .perEnergy: return DimensionVector(energy: -1)
    }
  }

  /// The SI unit a computed value of this dimension is handed to the
  /// elaborator in (nil: a plain number).
  static func siSymbol(of dimension: Dimension) -> String? {
    switch dimension {
    case .length: return "m"
    case .time: return "s"
    case .frequency: return "Hz"
    case .power: return "W"
    case .gain: return "dB"
    case .data: return "bit"
    case .cycles: return "cycles"
    case .energy: return "J"
    case .angle: return "rad"
    case .fraction, .count: return nil
    case .perTime: return "/s"
    case .perEnergy: return "/J"
    case .noiseDensity: return "W/Hz"
    }
  }

  /// Whether a quantity can stand where `dimension` is expected.
  static func fits(_ quantity: ScriptQuantity, _ dimension: Dimension) -> Bool {
    if dimension == .cycles { return quantity.isPlainNumber }
    guard quantity.dimension == vector(of: dimension) else { return false }
    switch dimension {
    case .gain: return quantity.scale == .decibel
    case .count, .fraction: return quantity.scale == .linear
    case .power, .noiseDensity: return quantity.scale != .decibel
    default: return quantity.scale == .linear
    }
  }

  /// The dimension a quantity has, preferring `expected` when it fits.
  static func dimension(of quantity: ScriptQuantity, expected: Dimension?) -> Dimension? {
    if let expected, fits(quantity, expected) { return expected }
    let order: [Dimension] = [
      .count, .gain, .length, .time, .frequency, .power, .data, .cycles, .energy, .angle,
      .perEnergy, .noiseDensity, .perTime, .fraction,
    ]
    return order.first { fits(quantity, $0) }
  }

  static func noun(of quantity: ScriptQuantity) -> String {
    if quantity.scale == .decibel { return "a gain in dB" }
    if quantity.scale == .decibelPower {
      return quantity.dimension == DimensionVector(energy: 1)
        ? "a noise density in dBm/Hz" : "a power in dBm"
    }
    guard let dimension = dimension(of: quantity, expected: nil) else {
      return "a quantity in \(quantity.dimension.siUnits)"
    }
    return dimension.noun
  }

  static func isPosition(_ value: ScriptValue) -> Bool {
    guard case .list(let elements) = value, (2...3).contains(elements.count) else { return false }
    return elements.allSatisfy {
      if case .quantity(let q) = $0 { return q.dimension == DimensionVector(length: 1) }
      return false
    }
  }

  /// A quantity of one unit of `symbol`: a table unit, or a product and
  /// quotient of table units with whole powers (`km/s`, `m^2`, `Mbit/s`).
  /// Decibel units stand alone.
  static func definition(of symbol: String) -> (unit: ScriptQuantity, offset: Double?)? {
    if let unit = Units.named(symbol) {
      var quantity = ScriptQuantity(
        value: unit.decibelOffset == nil ? unit.scale : 1, dimension: vector(of: unit.dimension))
      if unit.decibelOffset != nil {
        quantity.scale = .decibelPower
      } else if unit.dimension == .gain {
        quantity.scale = .decibel
        quantity.value = 0
      }
      return (quantity, unit.decibelOffset)
    }
    // A product or quotient: `a/b`, `a*b`, `a^2`.
    var result = ScriptQuantity(value: 1)
    var sign = 1
    var rest = Substring(symbol)
    if rest.hasPrefix("/") {
      sign = -1
      rest = rest.dropFirst()
    }
    while !rest.isEmpty {
      let end = rest.firstIndex(where: { $0 == "/" || $0 == "*" }) ?? rest.endIndex
      var part = rest[..<end]
      var power = 1
      if let caret = part.firstIndex(of: "^") {
        guard let exponent = Int(part[part.index(after: caret)...]), abs(exponent) <= 12 else {
          return nil
        }
        power = exponent
        part = part[..<caret]
      }
      guard let unit = Units.named(String(part)), unit.decibelOffset == nil,
        unit.dimension != .gain
      else { return nil }
      let exponent = sign * power
      var factor = 1.0
      for _ in 0..<abs(exponent) { factor *= unit.scale }
      result.value = exponent >= 0 ? result.value * factor : result.value / factor
      result.dimension = result.dimension + vector(of: unit.dimension) * exponent
      guard end < rest.endIndex else { break }
      sign = rest[end] == "/" ? -1 : 1
      rest = rest[rest.index(after: end)...]
      if rest.isEmpty { return nil }
    }
    return (result, nil)
  }
}
