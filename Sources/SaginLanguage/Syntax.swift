/// The syntax tree of a `.sagin` file: what was written, before any meaning
/// (units, defaults, references) is given to it by the elaborator.

/// A name as written: an identifier or a quoted string.
struct Name: Sendable {
  var text: String
  var span: SourceSpan
  var isQuoted = false
  /// For a string with `{...}` interpolations: its pieces, which the
  /// interpreter evaluates into `text`.
  var template: StringTemplate? = nil

  /// The name as source text: quoted again when it was a string.
  var written: String { isQuoted ? "\"\(text)\"" : text }
}

/// A number with an optional unit, such as `23 dBm`, `20 %` or `500`.
struct QuantityLiteral: Sendable {
  /// nil when the number was malformed (the lexer reported it).
  var value: Double?
  var number: String
  var unit: String?
  var span: SourceSpan
  var unitSpan: SourceSpan?
  /// A computation written where a quantity goes (`2 * bw`): the interpreter
  /// evaluates it and fills in `value` and `unit` (an SI unit).
  var expression: Expression? = nil
  /// The source text of a computed value, for messages.
  var source: String? = nil

  init(
    value: Double?, number: String, unit: String?, span: SourceSpan, unitSpan: SourceSpan?,
    expression: Expression? = nil
  ) {
    self.value = value
    self.number = number
    self.unit = unit
    self.span = span
    self.unitSpan = unitSpan
    self.expression = expression
  }

  /// `23 dBm`, as it reads in messages.
  var written: String {
    if let source { return source }
    return unit.map { "\(number) \($0)" } ?? number
  }
}

/// The comparison of a share bound.
enum Relation: String, Sendable {
  case atLeast = ">="
  case atMost = "<="
  case exactly = "="
}

/// The value part of an attribute or setting, one case per shape of the grammar.
indirect enum Value: Sendable {
  case quantity(QuantityLiteral)
  case word(Name)
  case position([QuantityLiteral])
  /// `at p`: a position computed by an expression (a generator, a variable).
  case positionExpression(Expression)
  /// `print "..."`: a message to show when the file runs.
  case text(Expression)
  /// Where a sweep stands among the actions (the index of its plan).
  case sweep(Int)
  /// An evaluated `print` message.
  case message(String)
  /// A value for one layer or link kind: `carrier air 2 GHz`, `layer-weight uav 2`.
  case layered(Name, QuantityLiteral)
  /// `share local >= 20 %`.
  case bound(Name, Relation, QuantityLiteral)
  /// `pin u3 -> g2`, `gain u1 -> g1 = -95 dB`.
  case link(from: Name, to: Name, gain: QuantityLiteral?)
  /// `channel air al-hourani suburban`, `channel space free-space loss 2 dB`.
  case channel(kind: Name, model: Name, environment: Name?, loss: QuantityLiteral?)
  /// `matrix 4096 x 4096 count 64`.
  case matrix(QuantityLiteral, QuantityLiteral, count: QuantityLiteral?)
  /// `solve exhaustive seed 7 iterations 50`.
  case solve(method: Name?, options: [SolveOption])
  /// `report users, summary`.
  case sections([Name])
  /// `compare para, nearest, random seeds 1..5`; the seeds once evaluated.
  case compare(methods: [Name], seeds: Expression?)
  case comparison(methods: [Name], seeds: [UInt64])
  /// A nested block: `lora { ... }`.
  case block([Attribute])
  /// A value that did not parse (already reported). The attribute still counts
  /// as given, so no "missing attribute" error follows the syntax error.
  case invalid
}

/// One `name value` option of a `solve` statement.
struct SolveOption: Sendable {
  var name: Name
  var value: QuantityLiteral
}

/// `name value` inside a block, or a setting at the top level of a file.
struct Attribute: Sendable {
  var name: Name
  var value: Value
  var span: SourceSpan
}

/// The kinds of block a file declares.
enum DeclarationKind: String, Sendable, CaseIterable {
  case user
  case server
  case uav
  case satellite
  case workload

  /// "a user", "a ground server", for messages.
  var noun: String {
    switch self {
    case .user: return "a user"
    case .server: return "a ground server"
    case .uav: return "a UAV"
    case .satellite: return "a satellite"
    case .workload: return "a workload"
    }
  }
}

/// `user u1 { ... }` and the other blocks.
struct Declaration: Sendable {
  var kind: DeclarationKind
  var keyword: Name
  var name: Name
  var attributes: [Attribute]
  var openBrace: SourceSpan
  /// Whether the parser reported an error inside the block: its attribute
  /// list may then be cut short, so missing attributes are not reported.
  var hasSyntaxErrors = false
  /// The `}` that ends the block, nil when it is missing.
  var closeBrace: SourceSpan? = nil
  /// `user u1 from phone { ... }`: the template whose attributes come first.
  var template: Name? = nil
  /// Set by the interpreter on a block a loop or include generated: where it
  /// came from, for messages and for tools that edit the source.
  var origin: String? = nil
}

/// `let x = ...` and `param x = ...`.
struct Binding: Sendable {
  var keyword: Name
  var name: Name
  var value: Expression
  var isParameter: Bool { keyword.text == "param" }
}

/// `for NAME in EXPRESSION { ... }`.
struct Loop: Sendable {
  var keyword: SourceSpan
  var variable: Name
  var sequence: Expression
  var body: [Item]
}

/// `if CONDITION { ... } else ...`.
struct Conditional: Sendable {
  var keyword: SourceSpan
  var condition: Expression
  var body: [Item]
  /// The `else` branch: another conditional or a plain block; nil when absent.
  var otherwise: [Item]?
}

/// `template user phone { ... }`: attributes shared by the declarations that
/// name it with `from`.
struct Template: Sendable {
  var keyword: SourceSpan
  var kind: DeclarationKind
  var name: Name
  var attributes: [Attribute]
}

/// `include "file.sagin"`.
struct Include: Sendable {
  var keyword: SourceSpan
  var path: Name
}

/// What a sweep varies: a parameter or setting (`users`, `delay-weight`,
/// `seed`) or one attribute of a declared block (`g1.bandwidth`).
struct SweepTarget: Sendable {
  var entity: Name?
  var name: Name
  var values: Expression
  var span: SourceSpan

  var written: String { entity.map { "\($0.written).\(name.text)" } ?? name.text }
}

/// `sweep TARGET over VALUES [, TARGET over VALUES] { solve ... }`.
struct Sweep: Sendable {
  var keyword: SourceSpan
  var targets: [SweepTarget]
  var solves: [Attribute]
}

/// A top-level item of a file.
enum Item: Sendable {
  case declaration(Declaration)
  case setting(Attribute)
  case binding(Binding)
  case loop(Loop)
  case conditional(Conditional)
  case template(Template)
  case include(Include)
  case sweep(Sweep)
  /// `seed N`: the scenario's seed for generators.
  case seed(Expression, keyword: SourceSpan)
}

/// A parsed file.
struct SyntaxTree: Sendable {
  var items: [Item]
}

// MARK: - Dump

extension SyntaxTree {
  /// An indented text form of the tree for tests: one line per declaration,
  /// attribute, setting and scripting statement, children indented by two
  /// spaces. Expressions are written fully parenthesized in prefix form
  /// (`(+ a (* 2 b))`), so two trees with the same dump have the same shape.
  func dump() -> String {
    var lines: [String] = []
    SyntaxTree.dump(items, into: &lines, indent: 0)
    return lines.joined(separator: "\n")
  }

  private static func dump(_ items: [Item], into lines: inout [String], indent: Int) {
    let pad = String(repeating: "  ", count: indent)
    for item in items {
      switch item {
      case .declaration(let declaration):
        let template = declaration.template.map { " from \($0.written)" } ?? ""
        lines.append(
          pad + "\(declaration.kind.rawValue) \(declaration.name.written)" + template)
        for attribute in declaration.attributes {
          attribute.dump(into: &lines, indent: indent + 1)
        }
      case .setting(let attribute):
        attribute.dump(into: &lines, indent: indent)
      case .binding(let binding):
        lines.append(
          pad + "\(binding.keyword.text) \(binding.name.text) = \(binding.value.dumped)")
      case .loop(let loop):
        lines.append(pad + "for \(loop.variable.text) in \(loop.sequence.dumped)")
        dump(loop.body, into: &lines, indent: indent + 1)
      case .conditional(let conditional):
        lines.append(pad + "if \(conditional.condition.dumped)")
        dump(conditional.body, into: &lines, indent: indent + 1)
        if let otherwise = conditional.otherwise {
          lines.append(pad + "else")
          dump(otherwise, into: &lines, indent: indent + 1)
        }
      case .template(let template):
        lines.append(pad + "template \(template.kind.rawValue) \(template.name.written)")
        for attribute in template.attributes {
          attribute.dump(into: &lines, indent: indent + 1)
        }
      case .include(let include):
        lines.append(pad + "include \(include.path.written)")
      case .sweep(let sweep):
        let targets = sweep.targets.map { "\($0.written) over \($0.values.dumped)" }
        lines.append(pad + "sweep " + targets.joined(separator: ", "))
        for solve in sweep.solves { solve.dump(into: &lines, indent: indent + 1) }
      case .seed(let expression, _):
        lines.append(pad + "seed \(expression.dumped)")
      }
    }
  }
}

extension Attribute {
  fileprivate func dump(into lines: inout [String], indent: Int) {
    let pad = String(repeating: "  ", count: indent)
    switch value {
    case .block(let children):
      lines.append(pad + name.text)
      for child in children { child.dump(into: &lines, indent: indent + 1) }
    default:
      lines.append(pad + name.text + " " + value.dumped)
    }
  }
}

extension Value {
  /// Like `written`, with computed values dumped as expressions.
  fileprivate var dumped: String {
    switch self {
    case .quantity(let quantity): return quantity.dumped
    case .position(let coordinates):
      return "(" + coordinates.map(\.dumped).joined(separator: ", ") + ")"
    case .positionExpression(let expression): return "<position> " + expression.dumped
    case .text(let expression): return expression.dumped
    case .layered(let layer, let quantity): return "\(layer.written) \(quantity.dumped)"
    case .bound(let layer, let relation, let quantity):
      return "\(layer.written) \(relation.rawValue) \(quantity.dumped)"
    case .link(let from, let to, let gain):
      let link = "\(from.written) -> \(to.written)"
      return gain.map { "\(link) = \($0.dumped)" } ?? link
    case .channel(let kind, let model, let environment, let loss):
      var words = [kind.written, model.written]
      if let environment { words.append(environment.written) }
      if let loss { words.append("loss \(loss.dumped)") }
      return words.joined(separator: " ")
    case .matrix(let rows, let columns, let count):
      let shape = "\(rows.dumped) x \(columns.dumped)"
      return count.map { "\(shape) count \($0.dumped)" } ?? shape
    case .solve(let method, let options):
      var words = method.map { [$0.written] } ?? []
      for option in options { words.append("\(option.name.text) \(option.value.dumped)") }
      return words.joined(separator: " ")
    case .compare(let methods, let seeds):
      let names = methods.map(\.written).joined(separator: ", ")
      return seeds.map { "\(names) seeds \($0.dumped)" } ?? names
    case .word, .sweep, .message, .sections, .block, .invalid, .comparison:
      return written
    }
  }
}

extension QuantityLiteral {
  /// A literal as written; a computed value as its expression.
  fileprivate var dumped: String {
    guard let expression else { return written }
    if case .quantity(let literal) = expression, literal.expression == nil {
      return literal.written
    }
    return expression.dumped
  }
}

extension Expression {
  /// The expression in fully parenthesized prefix form, for `SyntaxTree.dump()`.
  fileprivate var dumped: String {
    switch self {
    case .quantity(let literal): return literal.dumped
    case .string(let template): return template.dumped
    case .boolean(let value, _): return value ? "true" : "false"
    case .variable(let name): return name.text
    case .list(let elements, let unit, _):
      let list = "[" + elements.map(\.dumped).joined(separator: ", ") + "]"
      return unit.map { "\(list) \($0.symbol)" } ?? list
    case .tuple(let elements, _):
      return "(tuple " + elements.map(\.dumped).joined(separator: " ") + ")"
    case .negate(let operand, _): return "(neg \(operand.dumped))"
    case .not(let operand, _): return "(not \(operand.dumped))"
    case .binary(let op, let left, let right, _):
      return "(\(op.rawValue) \(left.dumped) \(right.dumped))"
    case .conversion(let value, let unit, _): return "(in \(value.dumped) \(unit))"
    case .range(let low, let high, _): return "(.. \(low.dumped) \(high.dumped))"
    case .call(let name, let arguments, _):
      return "(call \(name.text)" + arguments.map { " " + $0.dumped }.joined() + ")"
    case .index(let value, let index, _): return "(index \(value.dumped) \(index.dumped))"
    }
  }
}

extension StringTemplate {
  fileprivate var dumped: String {
    let body = pieces.map { piece in
      switch piece {
      case .text(let text): return text
      case .expression(let expression): return "{" + expression.dumped + "}"
      }
    }
    return "\"" + body.joined() + "\""
  }
}

extension Value {
  /// The value as canonical source text.
  var written: String {
    switch self {
    case .quantity(let quantity): return quantity.written
    case .word(let name): return name.written
    case .position(let coordinates):
      return "(" + coordinates.map(\.written).joined(separator: ", ") + ")"
    case .positionExpression: return "<position>"
    case .text: return "<text>"
    case .sweep: return "<sweep>"
    case .message(let text): return "\"\(text)\""
    case .layered(let layer, let quantity): return "\(layer.written) \(quantity.written)"
    case .bound(let layer, let relation, let quantity):
      return "\(layer.written) \(relation.rawValue) \(quantity.written)"
    case .link(let from, let to, let gain):
      let link = "\(from.written) -> \(to.written)"
      return gain.map { "\(link) = \($0.written)" } ?? link
    case .channel(let kind, let model, let environment, let loss):
      var words = [kind.written, model.written]
      if let environment { words.append(environment.written) }
      if let loss { words.append("loss \(loss.written)") }
      return words.joined(separator: " ")
    case .matrix(let rows, let columns, let count):
      let shape = "\(rows.written) x \(columns.written)"
      return count.map { "\(shape) count \($0.written)" } ?? shape
    case .solve(let method, let options):
      var words = method.map { [$0.written] } ?? []
      for option in options { words.append("\(option.name.text) \(option.value.written)") }
      return words.joined(separator: " ")
    case .sections(let names): return names.map(\.written).joined(separator: ", ")
    case .compare(let methods, _), .comparison(let methods, _):
      return methods.map(\.written).joined(separator: ", ")
    case .block: return "{ ... }"
    case .invalid: return "<invalid>"
    }
  }
}
