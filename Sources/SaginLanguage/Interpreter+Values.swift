/// Turning the values of attributes and settings into what the elaborator
/// reads: computed quantities become literals in SI units, interpolated
/// names become plain names, computed positions become coordinates.
extension Interpreter {
  /// The value with every expression evaluated; nil after an error (reported).
  mutating func evaluateValue(_ value: Value, spec: AttributeSpec?, context: String) -> Value? {
    switch value {
    case .quantity(let literal):
      return quantity(literal, spec?.dimension, context: context).map(Value.quantity)
    case .word(let name):
      return resolve(name).map(Value.word)
    case .position(let coordinates):
      var evaluated: [QuantityLiteral] = []
      for coordinate in coordinates {
        guard let literal = quantity(coordinate, .length, context: context) else { return nil }
        evaluated.append(literal)
      }
      return .position(evaluated)
    case .positionExpression(let expression):
      guard let result = evaluate(expression) else { return nil }
      guard UnitAlgebra.isPosition(result), case .list(let elements) = result else {
        error(
          "expected a position such as (1.2 km, 300 m) after '\(context)', found \(result.noun)",
          at: expression.span)
        return nil
      }
      let text = Interpreter.text(of: result)
      return .position(
        elements.map { element in
          guard case .quantity(let q) = element else { return siLiteral(0, nil, expression, text) }
          return siLiteral(q.value, "m", expression, text)
        })
    case .layered(let word, let literal):
      guard let quantity = quantity(literal, spec?.dimension, context: "\(context) \(word.text)")
      else { return nil }
      return .layered(word, quantity)
    case .bound(let layer, let relation, let literal):
      return quantity(literal, .fraction, context: "\(context) \(layer.text) \(relation.rawValue)")
        .map { .bound(layer, relation, $0) }
    case .link(let from, let to, let gain):
      guard let from = resolve(from), let to = resolve(to) else { return nil }
      guard let gain else { return .link(from: from, to: to, gain: nil) }
      return quantity(gain, .gain, context: "=").map { .link(from: from, to: to, gain: $0) }
    case .channel(let kind, let model, let environment, let loss):
      guard let loss else { return value }
      return quantity(loss, .gain, context: "loss").map {
        .channel(kind: kind, model: model, environment: environment, loss: $0)
      }
    case .matrix(let rows, let columns, let count):
      guard let rows = quantity(rows, .count, context: "matrix"),
        let columns = quantity(columns, .count, context: "x")
      else { return nil }
      guard let count else { return .matrix(rows, columns, count: nil) }
      return quantity(count, .count, context: "count").map { .matrix(rows, columns, count: $0) }
    case .solve(let method, let options):
      var evaluated: [SolveOption] = []
      for option in options {
        guard let number = quantity(option.value, .count, context: option.name.text) else {
          return nil
        }
        evaluated.append(SolveOption(name: option.name, value: number))
      }
      return .solve(method: method, options: evaluated)
    case .block(let children):
      let kind: BlockKind? = context == "lora" ? .lora : nil
      var evaluated: [Attribute] = []
      for child in children {
        guard
          let childValue = evaluateValue(
            child.value, spec: kind?.spec(named: child.name.text), context: child.name.text)
        else {
          var invalid = child
          invalid.value = .invalid
          evaluated.append(invalid)
          continue
        }
        var copy = child
        copy.value = childValue
        evaluated.append(copy)
      }
      return .block(evaluated)
    case .text(let expression):
      guard let result = evaluate(expression),
        charge(Interpreter.size(of: result), at: expression.span)
      else { return nil }
      return .message(Interpreter.text(of: result))
    case .compare(let methods, let seedsExpression):
      guard let seedsExpression else { return .comparison(methods: methods, seeds: []) }
      guard let sequence = evaluateSequence(seedsExpression) else { return nil }
      guard sequence.count <= 1000 else {
        error("a comparison runs at most 1000 seeds", at: seedsExpression.span)
        return nil
      }
      var seeds: [UInt64] = []
      for index in 0..<sequence.count {
        guard case .quantity(let q) = sequence.element(index), q.isPlainNumber, q.value >= 0,
          q.value == q.value.rounded(), q.value <= 9_007_199_254_740_992
        else {
          error("expected whole numbers of 0 or more as seeds", at: seedsExpression.span)
          return nil
        }
        guard !seeds.contains(UInt64(q.value)) else {
          error("seed \(Int(q.value)) is listed twice", at: seedsExpression.span)
          return nil
        }
        seeds.append(UInt64(q.value))
      }
      guard !seeds.isEmpty else {
        error("'seeds' lists no seed", at: seedsExpression.span, hint: "give a range such as 1..5")
        return nil
      }
      return .comparison(methods: methods, seeds: seeds)
    case .sections, .invalid, .sweep, .message, .comparison:
      return value
    }
  }

  /// A literal stays as written (the elaborator checks its unit); a
  /// computation is evaluated and handed over in SI units. A value whose
  /// dimension no attribute has is reported here.
  mutating func quantity(_ literal: QuantityLiteral, _ expected: Dimension?, context: String)
    -> QuantityLiteral?
  {
    guard let expression = literal.expression else { return literal }
    guard let value = evaluate(expression) else { return nil }
    return literalFor(value, expected, context: context, expression: expression)
  }

  /// A computed value as a literal for the elaborator.
  func siLiteral(_ value: Double, _ unit: String?, _ expression: Expression, _ text: String)
    -> QuantityLiteral
  {
    var literal = QuantityLiteral(
      value: value, number: Interpreter.numberText(value), unit: unit, span: expression.span,
      unitSpan: unit == nil ? nil : expression.span)
    literal.source = text
    return literal
  }

  mutating func literalFor(
    _ value: ScriptValue, _ expected: Dimension?, context: String, expression: Expression
  ) -> QuantityLiteral? {
    let text = Interpreter.text(of: value)
    guard case .quantity(let quantity) = value else {
      let wanted = expected?.expectation ?? "a number"
      error(
        "expected \(wanted) after '\(context)', found \(value.noun) '\(text)'", at: expression.span)
      return nil
    }
    guard let dimension = UnitAlgebra.dimension(of: quantity, expected: expected) else {
      let wanted = expected?.expectation ?? "a number"
      error(
        "expected \(wanted) after '\(context)', found \(UnitAlgebra.noun(of: quantity)) '\(text)'",
        at: expression.span)
      return nil
    }
    return siLiteral(quantity.value, UnitAlgebra.siSymbol(of: dimension), expression, text)
  }
}
