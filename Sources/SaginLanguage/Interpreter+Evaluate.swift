/// Evaluating expressions: variables, arithmetic with units and decibels,
/// conversions, comparisons, lists, ranges and interpolation.
extension Interpreter {
  mutating func evaluate(_ expression: Expression) -> ScriptValue? {
    switch expression {
    case .quantity(let literal):
      return literalValue(literal).map(ScriptValue.quantity)
    case .string(let template):
      return interpolate(template).map(ScriptValue.string)
    case .boolean(let value, _):
      return .boolean(value)
    case .variable(let name):
      return lookUp(name)
    case .list(let elements, let unit, let span):
      guard charge(elements.count, at: span) else { return nil }
      var values: [ScriptValue] = []
      for element in elements {
        guard var value = evaluate(element) else { return nil }
        if let unit {
          guard let scaled = applyUnit(unit.symbol, to: value, at: unit.span, element: element)
          else { return nil }
          value = scaled
        }
        values.append(value)
      }
      return .list(values)
    case .tuple(let elements, _):
      var values: [ScriptValue] = []
      for element in elements {
        guard let value = evaluate(element) else { return nil }
        values.append(value)
      }
      return .list(values)
    case .negate(let operand, let span):
      guard let value = evaluate(operand) else { return nil }
      guard case .quantity(var quantity) = value else {
        error("cannot negate \(value.noun)", at: span)
        return nil
      }
      guard quantity.scale != .decibelPower else {
        error(
          "cannot negate a power in dBm", at: span,
          hint: "negate a gain in dB instead, or convert with linear(...)")
        return nil
      }
      quantity.value = -quantity.value
      return .quantity(quantity)
    case .not(let operand, let span):
      guard let value = evaluate(operand) else { return nil }
      guard case .boolean(let condition) = value else {
        error("expected a condition after 'not', found \(value.noun)", at: span)
        return nil
      }
      return .boolean(!condition)
    case .binary(let op, let leftExpression, let rightExpression, let span):
      return binary(op, leftExpression, rightExpression, at: span)
    case .conversion(let operand, let unit, let unitSpan):
      guard let value = evaluate(operand) else { return nil }
      return convert(value, to: unit, at: unitSpan, operandSpan: operand.span)
    case .range(let lowExpression, let highExpression, let span):
      guard let low = wholeNumber(lowExpression, what: "the start of a range"),
        let high = wholeNumber(highExpression, what: "the end of a range")
      else { return nil }
      let count = high < low ? 0 : high - low + 1
      guard count <= options.limits.iterations else {
        stop(
          "this range has \(count) values, more than a list may hold (\(options.limits.iterations))",
          at: span, limit: "iterations")
        return nil
      }
      guard charge(count, at: span) else { return nil }
      return .list((0..<count).map { .number(Double(low + $0)) })
    case .call(let name, let arguments, let span):
      return call(name, arguments, at: span)
    case .index(let listExpression, let indexExpression, let span):
      guard let list = evaluate(listExpression) else { return nil }
      guard case .list(let elements) = list else {
        error("cannot index \(list.noun)", at: listExpression.span)
        return nil
      }
      guard let position = wholeNumber(indexExpression, what: "an index") else { return nil }
      guard position >= 1, position <= elements.count else {
        error(
          "index \(position) is outside the list of \(elements.count) values", at: span,
          hint: "indexes count from 1 to the list's length")
        return nil
      }
      return elements[position - 1]
    }
  }

  private mutating func lookUp(_ name: Name) -> ScriptValue? {
    for scope in scopes.reversed() {
      if let variable = scope[name.text] { return variable.value }
    }
    let known = scopes.flatMap(\.keys)
    var hint = didYouMean(name.text, among: known)
    if hint == nil, name.text.contains("-") {
      let spaced = name.text.replacingOccurrences(of: "-", with: " - ")
      hint = "for a subtraction put spaces around '-': '\(spaced)'"
    }
    if hint == nil, Units.named(name.text) != nil {
      hint = "a unit follows a number: write '1 \(name.text)'"
    }
    error(
      "unknown value '\(name.text)'", at: name.span,
      hint: hint ?? "define it first with 'let \(name.text) = ...'")
    return nil
  }

  /// The quantity of a number with its unit.
  mutating func literalValue(_ literal: QuantityLiteral) -> ScriptQuantity? {
    guard let value = literal.value else { return nil }  // reported by the lexer
    guard let symbol = literal.unit else { return .number(value) }
    guard let (unit, offset) = UnitAlgebra.definition(of: symbol) else {
      let suggestion = Units.suggestion(for: symbol, expecting: nil)
      error(
        "unknown unit '\(symbol)'", at: literal.unitSpan ?? literal.span,
        hint: suggestion.map { "did you mean '\($0)'?" })
      return nil
    }
    var quantity = unit
    switch unit.scale {
    case .decibel:
      quantity.value = value
    case .decibelPower:
      quantity.value = PortableMath.pow(10, (value - (offset ?? 0)) / 10)
    case .linear:
      quantity.value = value * unit.value
    }
    guard quantity.value.isFinite else {
      error("value '\(literal.written)' is out of range", at: literal.span)
      return nil
    }
    return quantity
  }

  /// `[10, 20] MHz` and `(n + 1) MHz`: a unit applied to a plain number.
  private mutating func applyUnit(
    _ symbol: String, to value: ScriptValue, at span: SourceSpan, element: Expression
  ) -> ScriptValue? {
    guard case .quantity(let quantity) = value, quantity.isPlainNumber else {
      if case .quantity = value { return value }  // `[1 km, 2 km] m` keeps its own units
      error("cannot give a unit to \(value.noun)", at: element.span)
      return nil
    }
    let literal = QuantityLiteral(
      value: quantity.value, number: "\(quantity.value)", unit: symbol, span: span, unitSpan: span)
    return literalValue(literal).map(ScriptValue.quantity)
  }

  /// A whole number from an expression, reported when it is anything else.
  mutating func wholeNumber(_ expression: Expression, what: String) -> Int? {
    guard let value = evaluate(expression) else { return nil }
    guard case .quantity(let quantity) = value, quantity.isPlainNumber,
      quantity.value == quantity.value.rounded(), abs(quantity.value) <= 1e15
    else {
      error(
        "expected a whole number for \(what), found \(Interpreter.describe(value))",
        at: expression.span)
      return nil
    }
    return Int(quantity.value)
  }

  // MARK: - Operators

  private mutating func binary(
    _ op: BinaryOperator, _ leftExpression: Expression, _ rightExpression: Expression,
    at span: SourceSpan
  ) -> ScriptValue? {
    guard let left = evaluate(leftExpression) else { return nil }
    if op == .and || op == .or {
      guard case .boolean(let a) = left else {
        error(
          "expected a condition on the left of '\(op.rawValue)', found \(left.noun)",
          at: leftExpression.span)
        return nil
      }
      // Short-circuit: the right side is evaluated only when it matters.
      if op == .and, !a { return .boolean(false) }
      if op == .or, a { return .boolean(true) }
      guard let right = evaluate(rightExpression) else { return nil }
      guard case .boolean(let b) = right else {
        error(
          "expected a condition on the right of '\(op.rawValue)', found \(right.noun)",
          at: rightExpression.span)
        return nil
      }
      return .boolean(b)
    }
    guard let right = evaluate(rightExpression) else { return nil }
    if op == .equal || op == .notEqual, let equal = Interpreter.equal(left, right) {
      return .boolean(op == .equal ? equal : !equal)
    }
    guard case .quantity(let a) = left, case .quantity(let b) = right else {
      error(
        "cannot apply '\(op.rawValue)' to \(left.noun) and \(right.noun)", at: span,
        hint: op == .add && (Interpreter.isString(left) || Interpreter.isString(right))
          ? "join text with an interpolation: \"{a}{b}\"" : nil)
      return nil
    }
    if op.isComparison {
      guard a.dimension == b.dimension, (a.scale == .decibel) == (b.scale == .decibel) else {
        error(
          "cannot compare \(UnitAlgebra.noun(of: a)) with \(UnitAlgebra.noun(of: b))", at: span)
        return nil
      }
      let result: Bool
      switch op {
      case .less: result = a.value < b.value
      case .lessEqual: result = a.value <= b.value
      case .greater: result = a.value > b.value
      case .greaterEqual: result = a.value >= b.value
      case .equal: result = a.value == b.value
      default: result = a.value != b.value
      }
      return .boolean(result)
    }
    guard let result = arithmetic(op, a, b, at: span) else { return nil }
    guard result.value.isFinite else {
      let reason =
        op == .divide && b.value == 0 ? "division by zero" : "the result is not a finite number"
      error("'\(op.rawValue)' gives no value: \(reason)", at: span)
      return nil
    }
    return .quantity(result)
  }

  private static func isString(_ value: ScriptValue) -> Bool {
    if case .string = value { return true }
    return false
  }

  /// Equality of strings, conditions and lists; nil for quantities (compared
  /// with their dimensions checked) and mismatched kinds.
  private static func equal(_ left: ScriptValue, _ right: ScriptValue) -> Bool? {
    switch (left, right) {
    case (.string(let a), .string(let b)): return a == b
    case (.boolean(let a), .boolean(let b)): return a == b
    default: return nil
    }
  }

  /// `+ - * / ^` on quantities, with the dimension and decibel rules.
  private mutating func arithmetic(
    _ op: BinaryOperator, _ a: ScriptQuantity, _ b: ScriptQuantity, at span: SourceSpan
  ) -> ScriptQuantity? {
    let nounA = UnitAlgebra.noun(of: a)
    let nounB = UnitAlgebra.noun(of: b)
    switch op {
    case .add, .subtract:
      let sign = op == .add ? 1.0 : -1.0
      switch (a.scale, b.scale) {
      case (.decibel, .decibel):
        return ScriptQuantity(value: a.value + sign * b.value, scale: .decibel)
      case (.decibelPower, .decibel):
        var result = a
        result.value = a.value * PortableMath.pow(10, sign * b.value / 10)
        return result
      case (.decibel, .decibelPower) where op == .add:
        var result = b
        result.value = b.value * PortableMath.pow(10, a.value / 10)
        return result
      case (.decibelPower, .decibelPower):
        guard op == .subtract, a.dimension == b.dimension else {
          error(
            "cannot add two powers in dBm: in decibels that multiplies them", at: span,
            hint: "add a gain in dB to a dBm power, or add watts: linear(a) + linear(b)")
          return nil
        }
        return ScriptQuantity(value: 10 * PortableMath.log10(a.value / b.value), scale: .decibel)
      case (.linear, .linear):
        guard a.dimension == b.dimension else {
          error(
            "cannot \(op == .add ? "add" : "subtract") \(nounB) \(op == .add ? "to" : "from") \(nounA)",
            at: span, hint: "both sides of '\(op.rawValue)' need the same dimension")
          return nil
        }
        var result = a
        result.value = a.value + sign * b.value
        return result
      default:
        error(
          "cannot \(op == .add ? "add" : "subtract") \(nounB) \(op == .add ? "to" : "from") \(nounA)",
          at: span,
          hint: "convert with linear(...) or db(...) so both sides are in decibels or both linear")
        return nil
      }
    case .multiply, .divide:
      if a.scale == .decibelPower || b.scale == .decibelPower {
        error(
          "cannot \(op == .multiply ? "multiply" : "divide") a power in dBm", at: span,
          hint: "add or subtract dB to scale it, or convert with linear(...)")
        return nil
      }
      if a.scale == .decibel || b.scale == .decibel {
        // A gain scaled by a plain number: `2 * 3 dB` is 6 dB.
        let gainOnLeft = a.scale == .decibel
        let gain = gainOnLeft ? a : b
        let factor = gainOnLeft ? b : a
        guard factor.isPlainNumber, op == .multiply || gainOnLeft else {
          error(
            "cannot \(op == .multiply ? "multiply" : "divide") \(nounA) by \(nounB)", at: span,
            hint: "a gain in dB can be scaled by a plain number; use linear(...) for ratios")
          return nil
        }
        let value = op == .multiply ? gain.value * factor.value : gain.value / factor.value
        return ScriptQuantity(value: value, scale: .decibel)
      }
      if op == .multiply {
        return ScriptQuantity(value: a.value * b.value, dimension: a.dimension + b.dimension)
      }
      return ScriptQuantity(value: a.value / b.value, dimension: a.dimension + -b.dimension)
    case .power:
      guard b.isPlainNumber else {
        error("the exponent of '^' must be a plain number, found \(nounB)", at: span)
        return nil
      }
      guard a.scale == .linear else {
        error("cannot raise \(nounA) to a power", at: span, hint: "convert with linear(...) first")
        return nil
      }
      if a.dimension.isNone {
        return .number(PortableMath.pow(a.value, b.value))
      }
      guard b.value == b.value.rounded(), abs(b.value) <= 12 else {
        error(
          "\(nounA) can be raised only to a whole power, found '\(Interpreter.text(of: .quantity(b)))'",
          at: span)
        return nil
      }
      let exponent = Int(b.value)
      return ScriptQuantity(
        value: PortableMath.pow(a.value, b.value), dimension: a.dimension * exponent)
    default:
      return nil
    }
  }

  /// `x in km`: the plain number of kilometres.
  private mutating func convert(
    _ value: ScriptValue, to symbol: String, at unitSpan: SourceSpan, operandSpan: SourceSpan
  ) -> ScriptValue? {
    if case .list(let elements) = value {
      guard charge(elements.count, at: unitSpan) else { return nil }
      var converted: [ScriptValue] = []
      for element in elements {
        guard let result = convert(element, to: symbol, at: unitSpan, operandSpan: operandSpan)
        else { return nil }
        converted.append(result)
      }
      return .list(converted)
    }
    guard case .quantity(let quantity) = value else {
      error("cannot convert \(value.noun) to a unit", at: operandSpan)
      return nil
    }
    guard let (unit, offset) = UnitAlgebra.definition(of: symbol) else {
      let suggestion = Units.suggestion(for: symbol, expecting: nil)
      error(
        "unknown unit '\(symbol)'", at: unitSpan, hint: suggestion.map { "did you mean '\($0)'?" })
      return nil
    }
    let compatible: Bool
    switch unit.scale {
    case .decibel: compatible = quantity.scale == .decibel
    case .decibelPower, .linear:
      compatible = quantity.scale != .decibel && quantity.dimension == unit.dimension
    }
    guard compatible else {
      error(
        "cannot express \(UnitAlgebra.noun(of: quantity)) in"
          + " '\(symbol)', which measures \(UnitAlgebra.noun(of: unit))",
        at: unitSpan)
      return nil
    }
    switch unit.scale {
    case .decibel: return .number(quantity.value)
    case .decibelPower:
      guard quantity.value > 0 else {
        error("a power of 0 W or less has no value in '\(symbol)'", at: operandSpan)
        return nil
      }
      return .number(10 * PortableMath.log10(quantity.value) + (offset ?? 0))
    case .linear:
      return .number(quantity.value / unit.value)
    }
  }

  // MARK: - Text

  mutating func interpolate(_ template: StringTemplate) -> String? {
    var text = ""
    for piece in template.pieces {
      switch piece {
      case .text(let literal): text += literal
      case .expression(let expression):
        guard let value = evaluate(expression),
          charge(Interpreter.size(of: value), at: expression.span)
        else { return nil }
        text += Interpreter.text(of: value)
      }
    }
    return text
  }

  /// A value as text: whole numbers without a decimal point, other numbers
  /// in Swift's shortest round-trip form (the same on every machine),
  /// quantities in SI units, lists in brackets.
  static func text(of value: ScriptValue) -> String {
    switch value {
    case .string(let text): return text
    case .boolean(let condition): return condition ? "true" : "false"
    case .list(let elements):
      let inner = elements.map(text(of:)).joined(separator: ", ")
      return UnitAlgebra.isPosition(value) ? "(\(inner))" : "[\(inner)]"
    case .quantity(let quantity):
      let number = numberText(quantity.value)
      switch quantity.scale {
      case .decibel: return number + " dB"
      case .decibelPower:
        return numberText(10 * PortableMath.log10(quantity.value) + 30)
          + (quantity.dimension == DimensionVector(energy: 1) ? " dBm/Hz" : " dBm")
      case .linear:
        if quantity.dimension.isNone { return number }
        let dimension = UnitAlgebra.dimension(of: quantity, expected: nil)
        let unit = dimension.flatMap(UnitAlgebra.siSymbol(of:)) ?? quantity.dimension.siUnits
        return number + " " + unit
      }
    }
  }

  /// A value for a table label: a quantity in the unit of its dimension that
  /// gives the shortest figure (`5 MHz`, `1.2 km`), everything else as `text(of:)`.
  static func label(of value: ScriptValue) -> String {
    guard case .quantity(let quantity) = value, quantity.scale == .linear,
      !quantity.dimension.isNone,
      let dimension = UnitAlgebra.dimension(of: quantity, expected: nil)
    else { return text(of: value) }
    let preferred: [Dimension: [String]] = [
      .length: ["m", "km"], .time: ["ms", "s", "min", "h"],
      .frequency: ["Hz", "kHz", "MHz", "GHz"],
      .power: ["mW", "W", "kW"], .data: ["bit", "kbit", "Mbit", "Gbit"],
      .cycles: ["cycles", "kcycles", "Mcycles", "Gcycles", "Tcycles"],
      .energy: ["mJ", "J", "kJ", "MJ"], .angle: ["deg"],
    ]
    guard let symbols = preferred[dimension] else { return text(of: value) }
    let units = symbols.compactMap(Units.named)
    let magnitude = abs(quantity.value)
    let unit =
      dimension == .angle
      ? units[0] : (units.last { $0.scale <= magnitude * (1 + 1e-12) } ?? units[0])
    let figure = quantity.value / unit.scale
    let rounded = (figure * 1e9).rounded() / 1e9
    return numberText(rounded) + " " + unit.symbol
  }

  static func numberText(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 9e18 {
      return String(Int64(value))
    }
    return "\(value)"
  }
}
