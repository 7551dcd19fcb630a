/// The value shapes of attributes and settings. Each function either returns
/// a value or reports what it expected and returns nil; the caller then skips
/// the rest of the statement.
extension Parser {
  mutating func parseValue(of spec: AttributeSpec, after context: String, depth: Int) -> Value? {
    switch spec.shape {
    case .quantity(let dimension):
      return parseQuantity(dimension, after: context).map(Value.quantity)
    case .word:
      return expectWord(after: context, words: AttributeTable.words(for: spec.name))
        .map(Value.word)
    case .name:
      return expectName(after: context).map(Value.word)
    case .position:
      return parsePosition(after: context)
    case .layered(let dimension):
      let words = AttributeTable.words(for: spec.name)
      guard let layer = expectWord(after: context, words: words),
        let quantity = parseQuantity(dimension, after: "\(context) \(layer.text)")
      else { return nil }
      return .layered(layer, quantity)
    case .bound:
      return parseBound(after: context)
    case .link(let hasGain):
      return parseLink(after: context, hasGain: hasGain)
    case .channel:
      return parseChannel(after: context)
    case .matrix:
      return parseMatrix(after: context)
    case .solve:
      return parseSolve(after: context)
    case .sections:
      return parseSections()
    case .compare:
      return parseCompare()
    case .block(let kind):
      return parseNestedBlock(kind, after: context, depth: depth)
    }
  }

  // MARK: - Numbers

  /// A quantity: a number with its unit (`23 dBm`), or any value expression
  /// (`2 * bw`, `uniform(1 GHz, 2 GHz)`), which the interpreter evaluates.
  /// The unit and dimension are checked later.
  mutating func parseQuantity(_ dimension: Dimension, after context: String) -> QuantityLiteral? {
    guard startsExpression else {
      expected(dimension.expectation, after: context)
      return nil
    }
    return parseQuantityExpression()
  }

  /// A number with no unit (matrix shapes, counts, solver options), or an expression.
  mutating func parsePlainNumber(_ what: String, after context: String) -> QuantityLiteral? {
    guard startsExpression else {
      expected(what, after: context)
      return nil
    }
    return parseQuantityExpression()
  }

  private mutating func parseQuantityExpression() -> QuantityLiteral? {
    guard let expression = parseValueExpression() else { return nil }
    if var literal = expression.literal {
      // A unit the table does not know but that is a product or quotient
      // of known units (`Mbit/s`) is computed like any expression.
      if let unit = literal.unit, Units.named(unit) == nil, unit.contains("/"),
        UnitAlgebra.definition(of: unit) != nil
      {
        literal.expression = expression
      }
      return literal
    }
    return QuantityLiteral(
      value: nil, number: file.text(of: expression.span), unit: nil, span: expression.span,
      unitSpan: nil, expression: expression)
  }

  // MARK: - Words and names

  mutating func expectWord(after context: String, words: [String]) -> Name? {
    guard current.kind == .identifier else {
      expected(Parser.choice(words), after: context)
      return nil
    }
    defer { advance() }
    return Name(text: current.text, span: current.span)
  }

  mutating func expectName(after context: String) -> Name? {
    guard let name = parseName() else {
      expected("a name", after: context)
      return nil
    }
    return name
  }

  // MARK: - Shapes

  /// `( east , north [, height] )`, line breaks allowed inside the parentheses.
  private mutating func parsePosition(after context: String) -> Value? {
    guard current.kind == .leftParen else {
      guard startsExpression else {
        expected("a position such as (1.2 km, 300 m)", after: context)
        return nil
      }
      return parseValueExpression().map(Value.positionExpression)
    }
    if isParenthesizedExpression {
      return parseValueExpression().map(Value.positionExpression)
    }
    advance()
    var coordinates: [QuantityLiteral] = []
    let names = ["east", "north", "height"]
    while coordinates.count < names.count {
      skipNewlines()
      let what = coordinates.isEmpty ? "'('" : "','"
      guard let coordinate = parseQuantity(.length, after: "\(what) in '\(context)'") else {
        return nil
      }
      coordinates.append(coordinate)
      skipNewlines()
      if current.kind == .comma, coordinates.count < names.count {
        advance()
        continue
      }
      break
    }
    guard current.kind == .rightParen else {
      let expectation =
        coordinates.count < 2 ? "','" : (coordinates.count < 3 ? "',' or ')'" : "')'")
      expected(expectation, after: "the \(names[coordinates.count - 1]) coordinate of '\(context)'")
      return nil
    }
    advance()
    if coordinates.count < 2 {
      let written = "(" + coordinates.map(\.written).joined(separator: ", ") + ")"
      error(
        "expected east and north coordinates such as (1.2 km, 300 m) after '\(context)', found '\(written)'",
        at: coordinates[0].span.union(previous.span))
      return nil
    }
    return .position(coordinates)
  }

  /// `(p)` or `(p) ...`: one parenthesized expression rather than coordinates
  /// (which start with a number: `(5 m)` is a position missing its north).
  private var isParenthesizedExpression: Bool {
    guard peek(1).kind == .identifier || peek(1).kind == .leftParen else { return false }
    var depth = 0
    var offset = 0
    while true {
      let token = peek(offset)
      switch token.kind {
      case .leftParen, .leftBracket: depth += 1
      case .rightParen, .rightBracket:
        depth -= 1
        if depth == 0 { return true }
      case .comma where depth == 1: return false
      case .endOfFile: return false
      case .newline where depth == 0: return false
      default: break
      }
      offset += 1
    }
  }

  /// `layer (>= | <= | =) fraction`.
  private mutating func parseBound(after context: String) -> Value? {
    guard let layer = expectWord(after: context, words: AttributeTable.layerWords) else {
      return nil
    }
    let relation: Relation
    switch current.kind {
    case .greaterEqual: relation = .atLeast
    case .lessEqual: relation = .atMost
    case .equals: relation = .exactly
    default:
      expected("'>=', '<=' or '='", after: "'\(context) \(layer.text)'")
      return nil
    }
    advance()
    let bound = parseQuantity(.fraction, after: "'\(context) \(layer.text) \(relation.rawValue)'")
    return bound.map { .bound(layer, relation, $0) }
  }

  /// `from -> to`, and for a gain `= value`.
  private mutating func parseLink(after context: String, hasGain: Bool) -> Value? {
    guard let from = expectName(after: context) else { return nil }
    guard current.kind == .arrow else {
      expected("'->'", after: "'\(context) \(from.written)'")
      return nil
    }
    advance()
    guard let to = expectName(after: "'->'") else { return nil }
    guard hasGain else { return .link(from: from, to: to, gain: nil) }
    let written = "'\(context) \(from.written) -> \(to.written)'"
    guard current.kind == .equals else {
      expected("'='", after: written)
      return nil
    }
    advance()
    return parseQuantity(.gain, after: "'='").map { .link(from: from, to: to, gain: $0) }
  }

  /// `kind model [environment] [loss value]`.
  private mutating func parseChannel(after context: String) -> Value? {
    guard let kind = expectWord(after: context, words: AttributeTable.linkKindWords),
      let model = expectWord(
        after: "\(context) \(kind.text)",
        words: AttributeTable.channelModelWords)
    else { return nil }
    var environment: Name?
    if current.kind == .identifier, current.text != "loss" {
      environment = Name(text: current.text, span: current.span)
      advance()
    }
    var loss: QuantityLiteral?
    if current.kind == .identifier, current.text == "loss" {
      advance()
      guard let value = parseQuantity(.gain, after: "loss") else { return nil }
      loss = value
    }
    return .channel(kind: kind, model: model, environment: environment, loss: loss)
  }

  /// `d_in x d_out [count n]`.
  private mutating func parseMatrix(after context: String) -> Value? {
    guard let rows = parsePlainNumber("an input dimension such as 4096", after: context) else {
      return nil
    }
    guard current.kind == .identifier, current.text == "x" else {
      let hint =
        current.text.hasPrefix("x")
        ? "separate the dimensions with spaces, as in '4096 x 4096'" : nil
      error(
        "expected 'x' after '\(context) \(rows.number)', found \(current.described)",
        at: current.span, hint: hint)
      return nil
    }
    advance()
    guard let columns = parsePlainNumber("an output dimension such as 4096", after: "'x'") else {
      return nil
    }
    var count: QuantityLiteral?
    if current.kind == .identifier, current.text == "count" {
      advance()
      guard let value = parsePlainNumber("a number of matrices such as 64", after: "'count'")
      else { return nil }
      count = value
    }
    return .matrix(rows, columns, count: count)
  }

  /// `[method] {option number}`.
  private mutating func parseSolve(after context: String) -> Value? {
    var method: Name?
    if current.kind == .identifier, !AttributeTable.solveOptions.contains(current.text) {
      method = Name(text: current.text, span: current.span)
      advance()
    }
    var options: [SolveOption] = []
    while current.kind == .identifier {
      let name = Name(text: current.text, span: current.span)
      guard AttributeTable.solveOptions.contains(name.text) else {
        error(
          "unknown solve option '\(name.text)'", at: name.span,
          hint: didYouMean(name.text, among: AttributeTable.solveOptions)
            ?? "the options are \(Parser.choice(AttributeTable.solveOptions))")
        return nil
      }
      advance()
      guard let value = parsePlainNumber("a number", after: "'\(name.text)'") else { return nil }
      options.append(SolveOption(name: name, value: value))
    }
    return .solve(method: method, options: options)
  }

  /// `[method {[,] method}] [seeds EXPRESSION]`.
  private mutating func parseCompare() -> Value? {
    var methods: [Name] = []
    while current.kind == .identifier, current.text != "seeds" {
      methods.append(Name(text: current.text, span: current.span))
      advance()
      if current.kind == .comma {
        advance()
        guard current.kind == .identifier else {
          expected("a solve method", after: "','")
          return nil
        }
      }
    }
    var seeds: Expression?
    if current.kind == .identifier, current.text == "seeds" {
      advance()
      guard let expression = parseExpression() else { return nil }
      seeds = expression
    }
    return .compare(methods: methods, seeds: seeds)
  }

  /// `[section {, section}]`.
  private mutating func parseSections() -> Value? {
    var sections: [Name] = []
    while current.kind == .identifier {
      sections.append(Name(text: current.text, span: current.span))
      advance()
      if current.kind == .comma {
        advance()
        guard current.kind == .identifier else {
          expected("a report section", after: "','")
          return nil
        }
      }
    }
    return .sections(sections)
  }

  private mutating func parseNestedBlock(_ kind: BlockKind, after context: String, depth: Int)
    -> Value?
  {
    guard current.kind == .leftBrace else {
      expected("'{'", after: "'\(context)'")
      return nil
    }
    guard depth + 1 <= Parser.maximumNesting else {
      error("blocks are nested too deeply", at: current.span)
      return nil
    }
    let openBrace = current.span
    advance()
    let attributes = parseBlockBody(
      kind, owner: "the \(context) block", openBrace: openBrace,
      depth: depth + 1)
    return .block(attributes)
  }

  // MARK: - Messages

  /// Reports "expected X after Y, found Z" at the current token.
  mutating func expected(_ what: String, after context: String) {
    // Source text is quoted; a description that already quotes its source
    // text ("the east coordinate of 'at'") is not quoted again.
    let quoted = context.contains("'") ? context : "'\(context)'"
    var hint: String?
    if current.kind == .identifier, ["nan", "inf", "infinity"].contains(current.text.lowercased()) {
      hint = "values must be finite numbers"
    }
    error(
      "expected \(what) after \(quoted), found \(current.described)", at: current.span,
      hint: hint)
  }

  /// `'a', 'b' or 'c'`.
  static func choice(_ words: [String]) -> String {
    let quoted = words.map { "'\($0)'" }
    guard quoted.count > 1, let last = quoted.last else { return quoted.first ?? "a word" }
    return quoted.dropLast().joined(separator: ", ") + " or " + last
  }
}
