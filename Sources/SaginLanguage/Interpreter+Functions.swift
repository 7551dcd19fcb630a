/// Built-in functions and the seeded generators.
extension Interpreter {
  /// Every built-in with its argument list, for messages and grammar.md.
  static let functions: [String: String] = [
    "min": "min(a, b, ...) or min(list)",
    "max": "max(a, b, ...) or max(list)",
    "abs": "abs(x)",
    "sqrt": "sqrt(x)",
    "exp": "exp(x)",
    "ln": "ln(x)",
    "log10": "log10(x)",
    "floor": "floor(x)",
    "ceil": "ceil(x)",
    "round": "round(x)",
    "sin": "sin(angle)",
    "cos": "cos(angle)",
    "tan": "tan(angle)",
    "mod": "mod(a, b)",
    "linear": "linear(x)",
    "db": "db(x)",
    "len": "len(list)",
    "pad": "pad(number, width)",
    "sum": "sum(list)",
    "mean": "mean(list)",
    "range": "range(first, last, step)",
    "grid": "grid(corner, corner, columns, rows)",
    "uniform": "uniform(low, high)",
    "uniform-int": "uniform-int(low, high)",
    "normal": "normal(mean, deviation)",
    "choice": "choice(list) or choice(list, weights)",
    "uniform-box": "uniform-box(corner, corner)",
    "uniform-disc": "uniform-disc(center, radius)",
    "gaussian-cluster": "gaussian-cluster(center, deviation)",
    "poisson-box": "poisson-box(corner, corner, density)",
    "poisson-disc": "poisson-disc(center, radius, density)",
  ]

  mutating func call(_ name: Name, _ argumentExpressions: [Expression], at span: SourceSpan)
    -> ScriptValue?
  {
    guard let signature = Interpreter.functions[name.text] else {
      error(
        "unknown function '\(name.text)'", at: name.span,
        hint: didYouMean(name.text, among: Array(Interpreter.functions.keys).sorted())
          ?? "see the list of functions in grammar.md")
      return nil
    }
    var arguments: [ScriptValue] = []
    for expression in argumentExpressions {
      guard let value = evaluate(expression) else { return nil }
      arguments.append(value)
    }
    // Walking a list argument is work, as in a loop.
    let walked = arguments.reduce(0) { $0 + Interpreter.size(of: $1) }
    guard charge(walked, at: span) else { return nil }
    var call = Call(
      name: name.text, signature: signature, arguments: arguments,
      spans: argumentExpressions.map(\.span), span: span)
    let result = evaluateCall(&call)
    for (message, at) in call.errors { error(message, at: at) }
    return result
  }

  /// One call's arguments and the errors found reading them.
  struct Call {
    var name: String
    var signature: String
    var arguments: [ScriptValue]
    var spans: [SourceSpan]
    var span: SourceSpan
    var errors: [(String, SourceSpan)] = []

    mutating func fail(_ message: String, argument: Int? = nil) {
      let at = argument.flatMap { $0 < spans.count ? spans[$0] : nil } ?? span
      errors.append((message, at))
    }

    /// Checks the argument count; reports `name(signature)` when it is wrong.
    mutating func expectCount(_ counts: ClosedRange<Int>) -> Bool {
      guard counts.contains(arguments.count) else {
        let expected =
          counts.lowerBound == counts.upperBound
          ? "\(counts.lowerBound)" : "\(counts.lowerBound) to \(counts.upperBound)"
        fail(
          "'\(name)' takes \(expected) argument\(counts.upperBound == 1 ? "" : "s"),"
            + " found \(arguments.count): \(signature)"
        )
        return false
      }
      return true
    }

    mutating func quantity(_ index: Int, _ what: String) -> ScriptQuantity? {
      guard case .quantity(let quantity) = arguments[index] else {
        fail(
          "expected \(what) as argument \(index + 1) of '\(name)', found \(arguments[index].noun)",
          argument: index)
        return nil
      }
      return quantity
    }

    mutating func number(_ index: Int, _ what: String = "a plain number") -> Double? {
      guard let quantity = quantity(index, what) else { return nil }
      guard quantity.isPlainNumber else {
        fail(
          "expected \(what) as argument \(index + 1) of '\(name)', found \(UnitAlgebra.noun(of: quantity))",
          argument: index)
        return nil
      }
      return quantity.value
    }

    mutating func length(_ index: Int, _ what: String) -> Double? {
      guard let quantity = quantity(index, what) else { return nil }
      guard quantity.scale == .linear, quantity.dimension == DimensionVector(length: 1) else {
        fail(
          "expected \(what) as argument \(index + 1) of '\(name)', found \(UnitAlgebra.noun(of: quantity))",
          argument: index)
        return nil
      }
      return quantity.value
    }

    /// A position `(east, north)` (a height, if given, is ignored).
    mutating func point(_ index: Int, _ what: String) -> (Double, Double)? {
      guard UnitAlgebra.isPosition(arguments[index]), case .list(let elements) = arguments[index],
        case .quantity(let east) = elements[0], case .quantity(let north) = elements[1]
      else {
        fail(
          "expected \(what) such as (1 km, 2 km) as argument"
            + " \(index + 1) of '\(name)', found \(arguments[index].noun)",
          argument: index)
        return nil
      }
      return (east.value, north.value)
    }

    mutating func list(_ index: Int) -> [ScriptValue]? {
      guard case .list(let elements) = arguments[index] else {
        fail(
          "expected a list as argument \(index + 1) of '\(name)', found \(arguments[index].noun)",
          argument: index)
        return nil
      }
      return elements
    }

    /// Arguments that must all be quantities of one dimension and scale
    /// (`min`, `max`, `sum`): the values and the common kind.
    mutating func sameKind(_ values: [ScriptValue]) -> [ScriptQuantity]? {
      var quantities: [ScriptQuantity] = []
      for (index, value) in values.enumerated() {
        guard case .quantity(let quantity) = value else {
          fail(
            "'\(name)' works on quantities, found \(value.noun)",
            argument: arguments.count == values.count ? index : 0)
          return nil
        }
        if let first = quantities.first,
          first.dimension != quantity.dimension
            || (first.scale == .decibel) != (quantity.scale == .decibel)
        {
          fail(
            "'\(name)' needs values of one dimension, found"
              + " \(UnitAlgebra.noun(of: first)) and \(UnitAlgebra.noun(of: quantity))",
            argument: arguments.count == values.count ? index : 0)
          return nil
        }
        quantities.append(quantity)
      }
      return quantities
    }
  }

  static func point(_ east: Double, _ north: Double) -> ScriptValue {
    let metre = DimensionVector(length: 1)
    return .list([
      .quantity(ScriptQuantity(value: east, dimension: metre)),
      .quantity(ScriptQuantity(value: north, dimension: metre)),
    ])
  }

  private mutating func evaluateCall(_ call: inout Call) -> ScriptValue? {
    switch call.name {
    case "min", "max":
      guard !call.arguments.isEmpty else {
        call.fail("'\(call.name)' needs at least one value: \(call.signature)")
        return nil
      }
      var values = call.arguments
      if values.count == 1, case .list(let elements) = values[0] { values = elements }
      guard !values.isEmpty else {
        call.fail("'\(call.name)' of an empty list has no value")
        return nil
      }
      guard let quantities = call.sameKind(values) else { return nil }
      let pick =
        call.name == "min"
        ? quantities.min { $0.value < $1.value } : quantities.max { $0.value < $1.value }
      return pick.map(ScriptValue.quantity)
    case "abs":
      guard call.expectCount(1...1), var quantity = call.quantity(0, "a quantity") else {
        return nil
      }
      guard quantity.scale != .decibelPower else {
        call.fail("'abs' of a power in dBm has no meaning", argument: 0)
        return nil
      }
      quantity.value = Swift.abs(quantity.value)
      return .quantity(quantity)
    case "sqrt":
      guard call.expectCount(1...1), let quantity = call.quantity(0, "a quantity") else {
        return nil
      }
      guard quantity.scale == .linear, let halved = quantity.dimension.halved else {
        call.fail("'sqrt' of \(UnitAlgebra.noun(of: quantity)) has no unit", argument: 0)
        return nil
      }
      guard quantity.value >= 0 else {
        call.fail("'sqrt' of a negative value", argument: 0)
        return nil
      }
      return .quantity(ScriptQuantity(value: quantity.value.squareRoot(), dimension: halved))
    case "exp", "ln", "log10", "floor", "ceil", "round":
      guard call.expectCount(1...1), let x = call.number(0) else { return nil }
      switch call.name {
      case "exp": return finite(PortableMath.exp(x), &call)
      case "ln", "log10":
        guard x > 0 else {
          call.fail(
            "'\(call.name)' needs a positive number, found \(Interpreter.numberText(x))",
            argument: 0)
          return nil
        }
        return .number(call.name == "ln" ? PortableMath.log(x) : PortableMath.log10(x))
      case "floor": return .number(x.rounded(.down))
      case "ceil": return .number(x.rounded(.up))
      default: return .number(x.rounded(.toNearestOrAwayFromZero))
      }
    case "sin", "cos", "tan":
      guard call.expectCount(1...1), let angle = call.quantity(0, "an angle") else { return nil }
      guard angle.scale == .linear,
        angle.dimension == DimensionVector(angle: 1) || angle.dimension.isNone
      else {
        call.fail(
          "expected an angle such as 30 deg for '\(call.name)', found \(UnitAlgebra.noun(of: angle))",
          argument: 0)
        return nil
      }
      switch call.name {
      case "sin": return .number(PortableMath.sin(angle.value))
      case "cos": return .number(PortableMath.cos(angle.value))
      default: return finite(PortableMath.sin(angle.value) / PortableMath.cos(angle.value), &call)
      }
    case "mod":
      guard call.expectCount(2...2), let quantities = call.sameKind(call.arguments) else {
        return nil
      }
      guard quantities[0].scale == .linear else {
        call.fail(
          "'mod' of values in decibels has no meaning; convert with linear(...)", argument: 0)
        return nil
      }
      guard quantities[1].value != 0 else {
        call.fail("'mod' by zero", argument: 1)
        return nil
      }
      var result = quantities[0]
      let remainder = quantities[0].value.truncatingRemainder(dividingBy: quantities[1].value)
      result.value = remainder < 0 ? remainder + Swift.abs(quantities[1].value) : remainder
      return .quantity(result)
    case "linear":
      guard call.expectCount(1...1), var quantity = call.quantity(0, "a value in dB or dBm") else {
        return nil
      }
      switch quantity.scale {
      case .decibel: return .number(PortableMath.pow(10, quantity.value / 10))
      case .decibelPower:
        quantity.scale = .linear
        return .quantity(quantity)
      case .linear:
        call.fail(
          "'linear' takes a value in dB or dBm, found \(UnitAlgebra.noun(of: quantity)) already linear",
          argument: 0)
        return nil
      }
    case "db":
      guard call.expectCount(1...1), var quantity = call.quantity(0, "a ratio or a power") else {
        return nil
      }
      guard quantity.scale == .linear else {
        call.fail("'db' takes a linear value, found one already in decibels", argument: 0)
        return nil
      }
      guard quantity.value > 0 else {
        call.fail("'db' needs a positive value", argument: 0)
        return nil
      }
      if quantity.dimension.isNone {
        return .quantity(
          ScriptQuantity(value: 10 * PortableMath.log10(quantity.value), scale: .decibel))
      }
      let power = DimensionVector(time: -1, energy: 1)
      guard quantity.dimension == power || quantity.dimension == DimensionVector(energy: 1) else {
        call.fail(
          "'db' takes a ratio or a power, found \(UnitAlgebra.noun(of: quantity))", argument: 0)
        return nil
      }
      quantity.scale = .decibelPower
      return .quantity(quantity)
    case "len":
      guard call.expectCount(1...1) else { return nil }
      if case .string(let text) = call.arguments[0] { return .number(Double(text.count)) }
      guard let elements = call.list(0) else { return nil }
      return .number(Double(elements.count))
    case "pad":
      guard call.expectCount(2...2), let value = call.number(0, "a whole number"),
        let width = call.number(1, "a width")
      else { return nil }
      guard value == value.rounded(), Swift.abs(value) < 1e15, width >= 1, width <= 64,
        width == width.rounded()
      else {
        call.fail("'pad' takes a whole number and a width from 1 to 64: pad(7, 2) is \"07\"")
        return nil
      }
      let digits = String(Int64(Swift.abs(value)))
      let padding = String(repeating: "0", count: Swift.max(0, Int(width) - digits.count))
      return .string((value < 0 ? "-" : "") + padding + digits)
    case "sum", "mean":
      guard call.expectCount(1...1), let elements = call.list(0) else { return nil }
      guard !elements.isEmpty else {
        if call.name == "sum" { return .number(0) }
        call.fail("'mean' of an empty list has no value", argument: 0)
        return nil
      }
      guard let quantities = call.sameKind(elements) else { return nil }
      guard quantities[0].scale == .linear else {
        call.fail(
          "'\(call.name)' of values in decibels: convert with linear(...) first", argument: 0)
        return nil
      }
      var total = quantities[0]
      total.value = quantities.reduce(0) { $0 + $1.value }
      if call.name == "mean" { total.value /= Double(quantities.count) }
      return .quantity(total)
    case "range":
      return rangeList(&call)
    case "grid":
      return grid(&call)
    default:
      return generate(&call)
    }
  }

  private func finite(_ value: Double, _ call: inout Call) -> ScriptValue? {
    guard value.isFinite else {
      call.fail("'\(call.name)' gives a value out of range")
      return nil
    }
    return .number(value)
  }

  /// `range(first, last, step)`: first, first + step, ... up to last.
  private mutating func rangeList(_ call: inout Call) -> ScriptValue? {
    guard call.expectCount(3...3), let values = call.sameKind(call.arguments) else { return nil }
    let (first, last, step) = (values[0], values[1], values[2])
    guard first.scale == .linear else {
      call.fail("'range' works on linear values", argument: 0)
      return nil
    }
    guard step.value != 0, (last.value - first.value) / step.value >= 0 || first.value == last.value
    else {
      call.fail(
        "the step of 'range' must be non-zero and go from the first value towards the last",
        argument: 2)
      return nil
    }
    // A tolerance so that range(0.1, 0.3, 0.1) includes 0.3.
    let steps = ((last.value - first.value) / step.value * (1 + 1e-12)).rounded(.down)
    guard steps < Double(options.limits.iterations) else {
      stop(
        "this range has more than \(options.limits.iterations) values", at: call.span,
        limit: "iterations")
      return nil
    }
    guard charge(Int(steps) + 1, at: call.span) else { return nil }
    return .list(
      (0...Int(steps)).map {
        var value = first
        value.value = first.value + Double($0) * step.value
        return .quantity(value)
      })
  }

  /// `grid(corner, corner, columns, rows)`: the centres of a columns x rows
  /// grid of equal cells covering the box, west to east then south to north.
  private mutating func grid(_ call: inout Call) -> ScriptValue? {
    guard call.expectCount(4...4), let a = call.point(0, "a corner"),
      let b = call.point(1, "a corner"), let columns = call.number(2, "a whole number of columns"),
      let rows = call.number(3, "a whole number of rows")
    else { return nil }
    guard columns >= 1, rows >= 1, columns == columns.rounded(), rows == rows.rounded(),
      columns * rows <= Double(options.limits.entities)
    else {
      call.fail(
        "a grid needs whole numbers of columns and rows of"
          + " 1 or more, at most \(options.limits.entities) cells"
      )
      return nil
    }
    guard charge(Int(columns * rows), at: call.span) else { return nil }
    let (west, east) = (Swift.min(a.0, b.0), Swift.max(a.0, b.0))
    let (south, north) = (Swift.min(a.1, b.1), Swift.max(a.1, b.1))
    var points: [ScriptValue] = []
    for row in 0..<Int(rows) {
      for column in 0..<Int(columns) {
        let x = west + (east - west) * (Double(column) + 0.5) / columns
        let y = south + (north - south) * (Double(row) + 0.5) / rows
        points.append(Interpreter.point(x, y))
      }
    }
    return .list(points)
  }

  /// The seeded generators; see grammar.md for their exact recipes.
  private mutating func generate(_ call: inout Call) -> ScriptValue? {
    switch call.name {
    case "uniform":
      guard call.expectCount(2...2), let values = call.sameKind(call.arguments) else { return nil }
      guard values[0].scale == .linear else {
        call.fail(
          "'uniform' draws linear values; draw a plain number and add it in dB", argument: 0)
        return nil
      }
      guard values[0].value <= values[1].value else {
        call.fail("the low end of 'uniform' is above the high end", argument: 0)
        return nil
      }
      var result = values[0]
      result.value = random.uniform(values[0].value, values[1].value)
      return .quantity(result)
    case "uniform-int":
      guard call.expectCount(2...2), let low = call.number(0, "a whole number"),
        let high = call.number(1, "a whole number")
      else { return nil }
      guard low == low.rounded(), high == high.rounded(), low <= high, Swift.abs(low) <= 1e15,
        Swift.abs(high) <= 1e15
      else {
        call.fail("'uniform-int' needs whole numbers with low <= high")
        return nil
      }
      return .number(Double(random.integer(Int(low), Int(high))))
    case "normal":
      guard call.expectCount(2...2), let values = call.sameKind(call.arguments) else { return nil }
      guard values[1].value >= 0 else {
        call.fail("the deviation of 'normal' must be 0 or more", argument: 1)
        return nil
      }
      var result = values[0]
      result.value = random.normal(mean: values[0].value, deviation: values[1].value)
      return .quantity(result)
    case "choice":
      guard call.expectCount(1...2), let elements = call.list(0) else { return nil }
      guard !elements.isEmpty else {
        call.fail("'choice' of an empty list", argument: 0)
        return nil
      }
      guard call.arguments.count == 2 else { return elements[random.index(count: elements.count)] }
      guard let weightValues = call.list(1) else { return nil }
      var weights: [Double] = []
      for value in weightValues {
        guard case .quantity(let weight) = value, weight.isPlainNumber, weight.value >= 0 else {
          call.fail("the weights of 'choice' must be plain numbers of 0 or more", argument: 1)
          return nil
        }
        weights.append(weight.value)
      }
      guard weights.count == elements.count, weights.reduce(0, +) > 0 else {
        call.fail("'choice' needs one weight per element and a positive total", argument: 1)
        return nil
      }
      return elements[random.weightedIndex(weights: weights)]
    case "uniform-box":
      guard call.expectCount(2...2), let a = call.point(0, "a corner"),
        let b = call.point(1, "a corner")
      else { return nil }
      let lower = (Swift.min(a.0, b.0), Swift.min(a.1, b.1))
      let upper = (Swift.max(a.0, b.0), Swift.max(a.1, b.1))
      let p = random.pointInBox(lower: lower, upper: upper)
      return Interpreter.point(p.0, p.1)
    case "uniform-disc":
      guard call.expectCount(2...2), let center = call.point(0, "a center"),
        let radius = call.length(1, "a radius")
      else { return nil }
      guard radius >= 0 else {
        call.fail("the radius must be 0 or more", argument: 1)
        return nil
      }
      let p = random.pointInDisc(center: center, radius: radius)
      return Interpreter.point(p.0, p.1)
    case "gaussian-cluster":
      guard call.expectCount(2...2), let center = call.point(0, "a center"),
        let deviation = call.length(1, "a standard deviation")
      else { return nil }
      guard deviation >= 0 else {
        call.fail("the deviation must be 0 or more", argument: 1)
        return nil
      }
      let p = random.gaussianPoint(center: center, deviation: deviation)
      return Interpreter.point(p.0, p.1)
    case "poisson-box", "poisson-disc":
      guard call.expectCount(3...3),
        let density = call.quantity(2, "a density such as 200 / 1 km^2")
      else { return nil }
      guard density.scale == .linear, density.dimension == DimensionVector(length: -2) else {
        call.fail(
          "expected a density of points per area such as 200"
            + " / 1 km^2, found \(UnitAlgebra.noun(of: density))",
          argument: 2)
        return nil
      }
      guard density.value >= 0 else {
        call.fail("the density must be 0 or more", argument: 2)
        return nil
      }
      let area: Double
      var box: ((Double, Double), (Double, Double))?
      var disc: ((Double, Double), Double)?
      if call.name == "poisson-box" {
        guard let a = call.point(0, "a corner"), let b = call.point(1, "a corner") else {
          return nil
        }
        let lower = (Swift.min(a.0, b.0), Swift.min(a.1, b.1))
        let upper = (Swift.max(a.0, b.0), Swift.max(a.1, b.1))
        area = (upper.0 - lower.0) * (upper.1 - lower.1)
        box = (lower, upper)
      } else {
        guard let center = call.point(0, "a center"), let radius = call.length(1, "a radius") else {
          return nil
        }
        guard radius >= 0 else {
          call.fail("the radius must be 0 or more", argument: 1)
          return nil
        }
        area = Double.pi * radius * radius
        disc = (center, radius)
      }
      let mean = density.value * area
      // Poisson counts exceed their mean by more than 10 standard deviations
      // essentially never, so the limit is checked before drawing.
      guard mean + 10 * mean.squareRoot() <= Double(options.limits.entities) else {
        stop(
          "'\(call.name)' would place about \(Int(mean.rounded())) points, more"
            + " than the \(options.limits.entities) entities a file may declare",
          at: call.span, limit: "entities")
        return nil
      }
      guard charge(Int(mean.rounded(.up)), at: call.span) else { return nil }
      let points =
        box.map { random.poissonPointsInBox(lower: $0.0, upper: $0.1, density: density.value) }
        ?? disc.map {
          random.poissonPointsInDisc(center: $0.0, radius: $0.1, density: density.value)
        }
        ?? []
      return .list(points.map { Interpreter.point($0.0, $0.1) })
    default:
      return nil
    }
  }
}
