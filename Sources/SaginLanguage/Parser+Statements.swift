/// The scripting statements: `let`, `param`, `for`, `if`, `template`,
/// `include`, `sweep`, `print` and `seed`.
extension Parser {
  static let scriptKeywords = [
    "let", "param", "for", "if", "template", "include", "sweep", "print", "seed",
  ]

  /// Deepest nesting of `for` and `if` bodies.
  static let maximumStatementNesting = 16

  /// A scripting statement when the current word starts one; nil (nothing
  /// consumed) otherwise. After an error it skips the statement and returns nil.
  mutating func parseScriptStatement(isNested: Bool) -> Item? {
    let keyword = current
    switch keyword.text {
    case "let", "param":
      if keyword.text == "param", isNested {
        error(
          "'param' is allowed only at the top level of a file", at: keyword.span,
          hint: "declare parameters before any loop or condition; use 'let' inside")
      }
      return parseBinding()
    case "for":
      return parseLoop()
    case "if":
      return parseConditional()
    case "template":
      if isNested { topLevelOnly(keyword) }
      return parseTemplate()
    case "include":
      if isNested { topLevelOnly(keyword) }
      return parseInclude()
    case "sweep":
      if isNested { topLevelOnly(keyword) }
      return parseSweep()
    case "print":
      advance()
      guard let value = parseExpression() else {
        synchronize()
        return nil
      }
      let name = Name(text: "print", span: keyword.span)
      return endOfStatement(
        .setting(Attribute(name: name, value: .text(value), span: keyword.span.union(value.span))))
    case "seed":
      if isNested { topLevelOnly(keyword) }
      advance()
      guard startsExpression, let value = parseValueExpression() else {
        if !hasTooManyErrors { expected("a whole number such as 42", after: "seed") }
        synchronize()
        return nil
      }
      return endOfStatement(.seed(value, keyword: keyword.span))
    default:
      return nil
    }
  }

  private mutating func topLevelOnly(_ keyword: Token) {
    error(
      "'\(keyword.text)' is allowed only at the top level of a file, not inside a loop or condition",
      at: keyword.span)
  }

  /// The statement must end here; otherwise reports and skips the rest.
  private mutating func endOfStatement(_ item: Item) -> Item? {
    switch current.kind {
    case .newline:
      advance()
    case .endOfFile, .rightBrace:
      break
    default:
      error(
        "expected the end of the line, found \(current.described)", at: current.span,
        hint: "put each statement on its own line or separate statements with ';'")
      synchronize()
      return nil
    }
    return item
  }

  /// `let NAME = EXPRESSION`, `param NAME = EXPRESSION`.
  private mutating func parseBinding() -> Item? {
    let keyword = Name(text: current.text, span: current.span)
    advance()
    guard current.kind == .identifier else {
      expected("a variable name", after: keyword.text)
      synchronize()
      return nil
    }
    let name = Name(text: current.text, span: current.span)
    advance()
    guard current.kind == .equals else {
      expected("'='", after: "'\(keyword.text) \(name.text)'")
      synchronize()
      return nil
    }
    advance()
    guard let value = parseExpression() else {
      synchronize()
      return nil
    }
    return endOfStatement(.binding(Binding(keyword: keyword, name: name, value: value)))
  }

  /// A `{ statements }` body of a loop or condition.
  private mutating func parseBody(after context: String) -> [Item]? {
    guard current.kind == .leftBrace else {
      expected("'{'", after: context)
      synchronize()
      return nil
    }
    guard statementDepth < Parser.maximumStatementNesting else {
      error(
        "loops and conditions are nested more than \(Parser.maximumStatementNesting) deep",
        at: current.span)
      synchronize()
      return nil
    }
    let open = current.span
    advance()
    statementDepth += 1
    defer { statementDepth -= 1 }
    return parseStatements(until: open)
  }

  /// `for NAME in SEQUENCE { ... }`.
  private mutating func parseLoop() -> Item? {
    let keyword = current.span
    advance()
    guard current.kind == .identifier else {
      expected("a loop variable", after: "for")
      synchronize()
      return nil
    }
    let variable = Name(text: current.text, span: current.span)
    advance()
    guard current.kind == .identifier, current.text == "in" else {
      expected("'in'", after: "'for \(variable.text)'")
      synchronize()
      return nil
    }
    advance()
    guard let sequence = parseExpression() else {
      synchronize()
      return nil
    }
    guard let body = parseBody(after: "the loop's sequence") else { return nil }
    return .loop(Loop(keyword: keyword, variable: variable, sequence: sequence, body: body))
  }

  /// `if CONDITION { ... } [else if ... | else { ... }]`.
  private mutating func parseConditional() -> Item? {
    let keyword = current.span
    advance()
    guard let condition = parseExpression() else {
      synchronize()
      return nil
    }
    guard let body = parseBody(after: "the condition") else { return nil }
    var otherwise: [Item]?
    // `else` may follow the `}` on the same line or on the next one.
    var lookahead = 0
    while peek(lookahead).kind == .newline { lookahead += 1 }
    if peek(lookahead).kind == .identifier, peek(lookahead).text == "else" {
      for _ in 0..<lookahead { advance() }
      advance()
      if current.kind == .identifier, current.text == "if" {
        otherwise = parseConditional().map { [$0] } ?? []
      } else {
        otherwise = parseBody(after: "'else'") ?? []
      }
    }
    return .conditional(
      Conditional(keyword: keyword, condition: condition, body: body, otherwise: otherwise))
  }

  /// `template KIND NAME { attributes }`.
  private mutating func parseTemplate() -> Item? {
    let keyword = current.span
    advance()
    guard current.kind == .identifier, let kind = DeclarationKind(rawValue: current.text) else {
      expected(
        "the kind of block it is for ('user', 'server', 'uav', 'satellite' or 'workload')",
        after: "template")
      synchronize()
      return nil
    }
    advance()
    guard let name = parseName() else {
      expected("a template name", after: "'template \(kind.rawValue)'")
      synchronize()
      return nil
    }
    guard current.kind == .leftBrace else {
      expected("'{'", after: "'template \(kind.rawValue) \(name.written)'")
      synchronize()
      return nil
    }
    let open = current.span
    advance()
    let attributes = parseBlockBody(
      BlockKind(kind), owner: "template '\(name.text)'", openBrace: open, depth: 1)
    return .template(Template(keyword: keyword, kind: kind, name: name, attributes: attributes))
  }

  /// `include "path"`.
  private mutating func parseInclude() -> Item? {
    let keyword = current.span
    advance()
    guard current.kind == .string, current.pieces == nil else {
      expected("a file name in quotes such as \"common.sagin\"", after: "include")
      synchronize()
      return nil
    }
    let path = Name(text: current.text, span: current.span, isQuoted: true)
    advance()
    return endOfStatement(.include(Include(keyword: keyword, path: path)))
  }

  /// `sweep TARGET over VALUES {, TARGET over VALUES} { solve ... }`.
  private mutating func parseSweep() -> Item? {
    let keyword = current.span
    advance()
    var targets: [SweepTarget] = []
    repeat {
      if !targets.isEmpty { advance() }  // the ','
      guard let first = parseName() else {
        expected("a parameter, a setting or NAME.ATTRIBUTE to sweep", after: "sweep")
        synchronize()
        return nil
      }
      var entity: Name?
      var name = first
      if current.kind == .dot {
        advance()
        guard current.kind == .identifier else {
          expected("an attribute name", after: "'\(first.written).'")
          synchronize()
          return nil
        }
        entity = first
        name = Name(text: current.text, span: current.span)
        advance()
      }
      guard current.kind == .identifier, current.text == "over" else {
        expected("'over'", after: "'sweep \(entity.map { "\($0.written)." } ?? "")\(name.text)'")
        synchronize()
        return nil
      }
      advance()
      guard let values = parseExpression() else {
        synchronize()
        return nil
      }
      let span = (entity?.span ?? name.span).union(values.span)
      targets.append(SweepTarget(entity: entity, name: name, values: values, span: span))
    } while current.kind == .comma
    guard current.kind == .leftBrace else {
      expected("'{' and the solve statements to run at each point", after: "the sweep values")
      synchronize()
      return nil
    }
    let open = current.span
    advance()
    var solves: [Attribute] = []
    while !hasTooManyErrors {
      skipNewlines()
      if current.kind == .rightBrace {
        advance()
        break
      }
      if current.kind == .endOfFile {
        error(
          "expected '}' to close the sweep, found the end of the file", at: open,
          hint: "add '}' after its last 'solve'")
        break
      }
      guard current.kind == .identifier, current.text == "solve",
        let spec = BlockKind.topLevel.spec(named: "solve")
      else {
        error(
          "expected 'solve' inside a sweep, found \(current.described)", at: current.span,
          hint: "a sweep's body lists the solves to run at each point, such as 'solve para'")
        synchronize()
        continue
      }
      let name = Name(text: current.text, span: current.span)
      advance()
      guard let value = parseValue(of: spec, after: "solve", depth: 1) else {
        synchronize()
        continue
      }
      solves.append(Attribute(name: name, value: value, span: name.span.union(previous.span)))
      if current.kind == .newline { advance() }
    }
    if solves.isEmpty {
      solves.append(
        Attribute(
          name: Name(text: "solve", span: keyword), value: .solve(method: nil, options: []),
          span: keyword))
    }
    return .sweep(Sweep(keyword: keyword, targets: targets, solves: solves))
  }
}
