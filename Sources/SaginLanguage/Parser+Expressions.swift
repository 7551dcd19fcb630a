/// Expressions, by precedence from loosest to tightest:
///
///     or  <  and  <  not  <  comparison  <  range (..)  <  conversion (in)
///        <  + -  <  * /  <  unary -  <  ^  <  unit suffix, [index]  <  primary
///
/// Attribute values are parsed from the conversion level down (a value is a
/// quantity, never a condition), so `share local >= 20 %` keeps its `>=`.
/// Every nested expression counts against `maximumExpressionDepth`, so no
/// input can overflow the stack.
extension Parser {
  /// Words that may follow a number without being its unit: they continue
  /// the statement (`matrix 4096 x 4096 count 64`, `solve seed 7 tolerance ...`).
  static let continuationWords: Set<String> = [
    "x", "count", "loss", "in", "seed", "tolerance", "iterations", "over", "and", "or", "not",
    "then", "else", "from", "step",
  ]

  /// Whether the current token can start an expression.
  var startsExpression: Bool {
    switch current.kind {
    case .number, .string, .leftParen, .leftBracket, .minus: return true
    case .identifier:
      // `x`, `count`, `seed` ... continue statements after a number, but may
      // still name values (`at (x, 0 m)`); operator words may not.
      return !["in", "and", "or", "over", "then", "else"].contains(current.text)
        && !["nan", "inf", "infinity"].contains(current.text.lowercased())
    default: return false
    }
  }

  /// Whether an identifier after a number is its unit: not a word that
  /// continues the statement, nor `x320` (a matrix shape missing its spaces).
  func isUnitWord(_ token: Token) -> Bool {
    guard token.kind == .identifier, !Parser.continuationWords.contains(token.text) else {
      return false
    }
    let rest = token.text.dropFirst()
    return !(token.text.hasPrefix("x") && !rest.isEmpty && rest.allSatisfy(\.isNumber))
  }

  /// A full expression, conditions included (`let`, `if`, `print`, `for`).
  mutating func parseExpression() -> Expression? {
    parseOr()
  }

  /// A value: arithmetic and conversions, no comparisons or ranges.
  mutating func parseValueExpression() -> Expression? {
    parseConversion()
  }

  private mutating func nested<T>(_ body: (inout Parser) -> T?) -> T? {
    guard expressionDepth < maximumExpressionDepth else {
      if !reportedDepth {
        reportedDepth = true
        error(
          "expression is nested more than \(maximumExpressionDepth) deep (each operator of a chain"
            + " such as 'a + b + c' counts as a level)", at: current.span,
          hint:
            "simplify it, or raise the limit with '--limit nesting=\(maximumExpressionDepth * 2)'"
        )
      }
      return nil
    }
    expressionDepth += 1
    defer { expressionDepth -= 1 }
    return body(&self)
  }

  private mutating func parseOr() -> Expression? {
    parseWordChain("or", .or) { $0.parseAnd() }
  }

  private mutating func parseAnd() -> Expression? {
    parseWordChain("and", .and) { $0.parseNot() }
  }

  /// `operand {word operand}`, left-associative: `a or b or c`.
  private mutating func parseWordChain(
    _ word: String, _ op: BinaryOperator, operand: (inout Parser) -> Expression?
  ) -> Expression? {
    guard var left = operand(&self) else { return nil }
    // Each operator of a chain is a level of the tree the interpreter walks.
    let depthAtStart = expressionDepth
    defer { expressionDepth = depthAtStart }
    while current.kind == .identifier, current.text == word {
      let span = current.span
      advance()
      expressionDepth += 1
      guard let right = nested(operand) else { return nil }
      left = .binary(op, left, right, operatorSpan: span)
    }
    return left
  }

  private mutating func parseNot() -> Expression? {
    if current.kind == .identifier, current.text == "not" {
      let span = current.span
      advance()
      guard let operand = nested({ $0.parseNot() }) else { return nil }
      return .not(operand, span: span.union(operand.span))
    }
    return parseComparison()
  }

  private mutating func parseComparison() -> Expression? {
    guard let left = parseRange() else { return nil }
    let operators: [Token.Kind: BinaryOperator] = [
      .less: .less, .lessEqual: .lessEqual, .greater: .greater, .greaterEqual: .greaterEqual,
      .equalEqual: .equal, .notEqual: .notEqual,
    ]
    guard let op = operators[current.kind] else {
      if current.kind == .equals {
        error(
          "expected an operator, found '='", at: current.span,
          hint: "compare with '=='; '=' only gives a value in 'let' and 'param'")
        return nil
      }
      return left
    }
    let span = current.span
    advance()
    guard let right = nested({ $0.parseRange() }) else { return nil }
    return .binary(op, left, right, operatorSpan: span)
  }

  private mutating func parseRange() -> Expression? {
    guard let low = parseConversion() else { return nil }
    guard current.kind == .dotDot else { return low }
    advance()
    guard let high = nested({ $0.parseConversion() }) else { return nil }
    return .range(low, high, span: low.span.union(high.span))
  }

  private mutating func parseConversion() -> Expression? {
    guard var value = parseSum() else { return nil }
    while current.kind == .identifier, current.text == "in" {
      advance()
      guard let (unit, unitSpan) = parseUnitExpression(after: "'in'") else { return nil }
      value = .conversion(value, unit: unit, unitSpan: unitSpan)
    }
    return value
  }

  /// A unit after `in`: symbols joined by `*` and `/`, each with an optional
  /// whole power (`km/s`, `m^2`, `dBm/Hz`).
  mutating func parseUnitExpression(after context: String) -> (String, SourceSpan)? {
    guard current.kind == .identifier || current.kind == .percent || current.kind == .slash else {
      expected("a unit such as km or MHz", after: context)
      return nil
    }
    var text = ""
    var span = current.span
    var expectsSymbol = true
    while true {
      if expectsSymbol {
        switch current.kind {
        case .identifier, .percent:
          text += current.text
        case .slash where text.isEmpty:
          text += "/"
          span = span.union(current.span)
          advance()
          continue
        default:
          expected("a unit symbol", after: "'\(text)'")
          return nil
        }
        span = span.union(current.span)
        advance()
        if current.kind == .caret, peek(1).kind == .number {
          text += "^" + peek(1).text
          span = span.union(peek(1).span)
          advance()
          advance()
        }
        expectsSymbol = false
      } else if current.kind == .slash || current.kind == .star {
        // `km/s`: only when a unit symbol follows.
        guard peek(1).kind == .identifier else { break }
        text += current.kind == .slash ? "/" : "*"
        advance()
        expectsSymbol = true
      } else {
        break
      }
    }
    return (text, span)
  }

  private mutating func parseSum() -> Expression? {
    guard var left = parseProduct() else { return nil }
    // Each operator of a chain is a level of the tree the interpreter walks.
    let depthAtStart = expressionDepth
    defer { expressionDepth = depthAtStart }
    while true {
      if current.kind == .plus || current.kind == .minus {
        let op: BinaryOperator = current.kind == .plus ? .add : .subtract
        let span = current.span
        advance()
        expressionDepth += 1
        guard let right = nested({ $0.parseProduct() }) else { return nil }
        left = .binary(op, left, right, operatorSpan: span)
      } else if current.kind == .number, current.text.hasPrefix("-"), !isAtLineStart {
        // `5 -3` and `5-3`: the lexer read a negative number; here it is a subtraction.
        let minusSpan = SourceSpan(
          start: current.span.start, end: current.span.start + 1, file: current.span.file)
        expressionDepth += 1
        guard let right = nested({ $0.parseProduct(negatedLiteral: true) }) else { return nil }
        left = .binary(.subtract, left, right, operatorSpan: minusSpan)
      } else {
        return left
      }
    }
  }

  private var isAtLineStart: Bool { previous.kind == .newline }

  private mutating func parseProduct(negatedLiteral: Bool = false) -> Expression? {
    guard var left = parseUnary(negatedLiteral: negatedLiteral) else { return nil }
    // Each operator of a chain is a level of the tree the interpreter walks.
    let depthAtStart = expressionDepth
    defer { expressionDepth = depthAtStart }
    while current.kind == .star || current.kind == .slash {
      let op: BinaryOperator = current.kind == .star ? .multiply : .divide
      let span = current.span
      advance()
      expressionDepth += 1
      guard let right = nested({ $0.parseUnary() }) else { return nil }
      left = .binary(op, left, right, operatorSpan: span)
    }
    return left
  }

  private mutating func parseUnary(negatedLiteral: Bool = false) -> Expression? {
    // `-2^2` is -(2^2), as for `-x^2`: the lexer glued the `-` to the number.
    if !negatedLiteral, current.kind == .number, current.text.hasPrefix("-"),
      peek(1).kind == .caret
        || (peek(1).kind == .identifier && Units.named(peek(1).text) != nil
          && peek(2).kind == .caret)
    {
      let minus = SourceSpan(
        start: current.span.start, end: current.span.start + 1, file: current.span.file)
      guard let operand = nested({ $0.parsePower(negatedLiteral: true) }) else { return nil }
      return .negate(operand, span: minus.union(operand.span))
    }
    if current.kind == .minus {
      let span = current.span
      advance()
      guard let operand = nested({ $0.parseUnary() }) else { return nil }
      return .negate(operand, span: span.union(operand.span))
    }
    return parsePower(negatedLiteral: negatedLiteral)
  }

  private mutating func parsePower(negatedLiteral: Bool = false) -> Expression? {
    guard let base = parsePostfix(negatedLiteral: negatedLiteral) else { return nil }
    guard current.kind == .caret else { return base }
    let span = current.span
    advance()
    guard let exponent = nested({ $0.parseUnary() }) else { return nil }
    return .binary(.power, base, exponent, operatorSpan: span)
  }

  /// A primary, then an optional unit (`(n + 1) MHz`, `bw MHz`) and indexes.
  private mutating func parsePostfix(negatedLiteral: Bool = false) -> Expression? {
    guard var value = parsePrimary(negatedLiteral: negatedLiteral) else { return nil }
    while true {
      if current.kind == .leftBracket {
        advance()
        guard let index = nested({ $0.parseExpression() }) else { return nil }
        guard current.kind == .rightBracket else {
          expected("']'", after: "the index")
          return nil
        }
        let span = value.span.union(current.span)
        advance()
        value = .index(value, index, span: span)
        continue
      }
      if value.literal == nil, current.kind == .identifier, Units.named(current.text) != nil,
        !Parser.continuationWords.contains(current.text), !isVariableLike(value)
      {
        // `(n + 1) MHz`: a known unit after a computed number multiplies it.
        let unit = QuantityLiteral(
          value: 1, number: "1", unit: current.text, span: current.span, unitSpan: current.span)
        let span = current.span
        advance()
        value = .binary(.multiply, value, .quantity(unit), operatorSpan: span)
        continue
      }
      if case .variable = value, current.kind == .identifier, Units.named(current.text) != nil,
        !Parser.continuationWords.contains(current.text)
      {
        let unit = QuantityLiteral(
          value: 1, number: "1", unit: current.text, span: current.span, unitSpan: current.span)
        let span = current.span
        advance()
        value = .binary(.multiply, value, .quantity(unit), operatorSpan: span)
        continue
      }
      return value
    }
  }

  private func isVariableLike(_ value: Expression) -> Bool {
    if case .variable = value { return true }
    return false
  }

  private mutating func parsePrimary(negatedLiteral: Bool = false) -> Expression? {
    switch current.kind {
    case .number:
      guard let literal = parseQuantityLiteral(negated: negatedLiteral) else { return nil }
      return .quantity(literal)
    case .string:
      return parseStringTemplate().map(Expression.string)
    case .identifier:
      let name = Name(text: current.text, span: current.span)
      if name.text == "true" || name.text == "false" {
        advance()
        return .boolean(name.text == "true", name.span)
      }
      advance()
      if current.kind == .leftParen, current.span.start == name.span.end {
        return parseCall(name)
      }
      return .variable(name)
    case .leftParen:
      let open = current.span
      advance()
      skipNewlines()
      var elements: [Expression] = []
      while true {
        guard let element = nested({ $0.parseExpression() }) else { return nil }
        elements.append(element)
        skipNewlines()
        if current.kind == .comma {
          advance()
          skipNewlines()
          continue
        }
        break
      }
      guard current.kind == .rightParen else {
        expected("')'", after: elements.count == 1 ? "the expression" : "the last element")
        return nil
      }
      let span = open.union(current.span)
      advance()
      return elements.count == 1 ? elements[0] : .tuple(elements, span: span)
    case .leftBracket:
      return parseList()
    default:
      expected(
        "a value", after: previous.kind == .newline ? "the start of the line" : "'\(previous.text)'"
      )
      return nil
    }
  }

  /// `[a, b, c]` with an optional unit for its plain numbers: `[10, 20] MHz`.
  private mutating func parseList() -> Expression? {
    let open = current.span
    advance()
    guard
      let elements = parseElements(
        until: .rightBracket, expecting: "',' or ']'", after: "the list element")
    else { return nil }
    var span = open.union(current.span)
    advance()
    var unit: (String, SourceSpan)?
    if current.kind == .identifier, !Parser.continuationWords.contains(current.text),
      Units.named(current.text) != nil
    {
      unit = (current.text, current.span)
      span = span.union(current.span)
      advance()
    } else if current.kind == .percent {
      unit = ("%", current.span)
      span = span.union(current.span)
      advance()
    } else if current.kind == .slash, peek(1).kind == .identifier,
      Units.named("/" + peek(1).text) != nil
    {
      // `[0.5, 1] /J`: a per-unit weight.
      let unitSpan = current.span.union(peek(1).span)
      unit = ("/" + peek(1).text, unitSpan)
      span = span.union(unitSpan)
      advance()
      advance()
    }
    return .list(elements, unit: unit, span: span)
  }

  /// Comma-separated expressions up to (not past) `closer`, line breaks
  /// allowed between them; nil after reporting a missing separator or closer.
  private mutating func parseElements(
    until closer: Token.Kind, expecting: String, after context: String
  ) -> [Expression]? {
    skipNewlines()
    var elements: [Expression] = []
    while current.kind != closer {
      guard let element = nested({ $0.parseExpression() }) else { return nil }
      elements.append(element)
      skipNewlines()
      guard current.kind == .comma else { break }
      advance()
      skipNewlines()
    }
    guard current.kind == closer else {
      expected(expecting, after: elements.isEmpty ? "'\(previous.text)'" : context)
      return nil
    }
    return elements
  }

  private mutating func parseCall(_ name: Name) -> Expression? {
    advance()  // (
    guard
      let arguments = parseElements(
        until: .rightParen, expecting: "',' or ')'", after: "the arguments of '\(name.text)'")
    else { return nil }
    let span = name.span.union(current.span)
    advance()
    return .call(name, arguments, span: span)
  }

  /// A number and the unit written after it: an identifier (`GHz`), a
  /// per-hertz unit (`dBm/Hz`), a per-unit weight (`/s`) or `%`. A word that
  /// continues the statement (`x`, `count`, `in`, ...) is not a unit.
  /// `negated`: the number's `-` is a subtraction already read.
  mutating func parseQuantityLiteral(negated: Bool = false) -> QuantityLiteral? {
    var number = current.text
    var value = current.number
    var span = current.span
    if negated, number.hasPrefix("-") {
      number.removeFirst()
      value = value.map { -$0 }
      span = SourceSpan(start: span.start + 1, end: span.end, file: span.file)
    }
    var literal = QuantityLiteral(
      value: value, number: number, unit: nil, span: span, unitSpan: nil)
    advance()

    var unitSpan: SourceSpan?
    var unit: String?
    switch current.kind {
    case .identifier where isUnitWord(current):
      unit = current.text
      unitSpan = current.span
      advance()
      let first = unit ?? ""
      if current.kind == .slash, peek(1).kind == .identifier,
        Units.named(first + "/" + peek(1).text) != nil || Units.named(first) == nil
          || Units.named(peek(1).text) != nil
      {
        unit = (unit ?? "") + "/" + peek(1).text
        unitSpan = unitSpan?.union(peek(1).span)
        advance()
        advance()
      }
    case .slash where peek(1).kind == .identifier && Units.named("/" + peek(1).text) != nil:
      unit = "/" + peek(1).text
      unitSpan = current.span.union(peek(1).span)
      advance()
      advance()
    case .percent:
      unit = "%"
      unitSpan = current.span
      advance()
    default:
      break
    }
    literal.unit = unit
    literal.unitSpan = unitSpan
    if let unitSpan { literal.span = literal.span.union(unitSpan) }
    return literal
  }

  /// A string token as a template: its `{...}` pieces are parsed from their
  /// source spans with a fresh lexer.
  mutating func parseStringTemplate() -> StringTemplate? {
    let token = current
    advance()
    guard let pieces = token.pieces else {
      return StringTemplate(pieces: [.text(token.text)], span: token.span)
    }
    var result: [StringTemplate.Piece] = []
    for piece in pieces {
      switch piece {
      case .text(let text):
        result.append(.text(text))
      case .code(let span):
        let (tokens, lexed) = Lexer.tokenize(
          file, fileIndex: span.file, range: span.start..<span.end)
        for diagnostic in lexed { diagnostics.append(diagnostic) }
        var inner = Parser(tokens: tokens, file: file)
        inner.maximumExpressionDepth = maximumExpressionDepth - expressionDepth
        guard inner.current.kind != .endOfFile else {
          error("expected an expression between '{' and '}'", at: span)
          return nil
        }
        let expression = inner.parseExpression()
        if inner.diagnostics.isEmpty, inner.current.kind != .endOfFile {
          inner.error(
            "expected '}' after the interpolated expression, found \(inner.current.described)",
            at: inner.current.span)
        }
        diagnostics += inner.diagnostics
        guard let expression else { return nil }
        result.append(.expression(expression))
      }
    }
    return StringTemplate(pieces: result, span: token.span)
  }
}
