/// Builds the syntax tree of a `.sagin` file from its tokens.
///
/// Design: the language is a list of statements, one per line. A statement
/// is a declaration (`user u1 { ... }`) or a setting (`noise -174 dBm/Hz`);
/// inside a block each line is an attribute (`cpu 2 GHz`). The attribute
/// table (`AttributeTable`) gives every attribute's shape, so the parser
/// knows what follows each name and can say what it expected.
///
/// Invariants that keep every input safe:
/// - the parser never throws and never stops early on an error: it reports,
///   skips to the end of the statement (balancing braces) and goes on, so
///   one run reports several errors;
/// - every loop iteration consumes at least one token, and `advance` never
///   moves past the end-of-file token, so no input can make it loop forever;
/// - blocks nest at most `maximumNesting` deep and the parser does not
///   recurse otherwise, so no input can overflow the stack;
/// - after `maximumErrors` errors it stops, so garbage input stays cheap.
struct Parser {
  static let maximumNesting = 4
  static let maximumErrors = 100

  let tokens: [Token]
  let file: SourceFile
  var index = 0
  var diagnostics: [Diagnostic] = []
  /// How deep the expression being read is nested, and the limit.
  var expressionDepth = 0
  var maximumExpressionDepth = ScriptLimits.standard.nesting
  var reportedDepth = false
  /// How deep `for` and `if` bodies are nested.
  var statementDepth = 0

  init(tokens: [Token], file: SourceFile) {
    self.tokens =
      tokens.isEmpty
      ? [Token(kind: .endOfFile, span: SourceSpan(start: 0, end: 0), text: "", number: nil)]
      : tokens
    self.file = file
  }

  /// Lexes and parses a file. Diagnostics come in source order.
  static func parse(
    _ file: SourceFile, fileIndex: Int = 0, limits: ScriptLimits = .standard
  ) -> (tree: SyntaxTree, diagnostics: [Diagnostic]) {
    let (tokens, lexerDiagnostics) = Lexer.tokenize(file, fileIndex: fileIndex)
    var parser = Parser(tokens: tokens, file: file)
    parser.maximumExpressionDepth = limits.nesting
    let tree = parser.parseFile()
    let all = (lexerDiagnostics + parser.diagnostics).enumerated().sorted { a, b in
      let left = a.element.span?.start ?? 0
      let right = b.element.span?.start ?? 0
      return left == right ? a.offset < b.offset : left < right
    }
    return (tree, all.map(\.element))
  }

  mutating func parseFile() -> SyntaxTree {
    SyntaxTree(items: parseStatements(until: nil))
  }

  /// Statements up to the end of the file, or up to and including the `}`
  /// that closes a `for` or `if` body opened at `openBrace`.
  mutating func parseStatements(until openBrace: SourceSpan?) -> [Item] {
    var items: [Item] = []
    while !hasTooManyErrors {
      skipNewlines()
      if current.kind == .endOfFile {
        if let openBrace {
          error(
            "expected '}' to close this block, found the end of the file", at: openBrace,
            hint: "add '}' after its last statement")
        }
        break
      }
      if openBrace != nil, current.kind == .rightBrace {
        advance()
        break
      }
      let start = index
      if let item = parseTopLevelItem(isNested: openBrace != nil) {
        items.append(item)
      }
      if index == start { advance() }
    }
    return items
  }

  // MARK: - Statements

  private mutating func parseTopLevelItem(isNested: Bool) -> Item? {
    switch current.kind {
    case .identifier:
      if let kind = DeclarationKind(rawValue: current.text) {
        return parseDeclaration(kind).map(Item.declaration)
      }
      // A scripting statement that failed has reported and skipped itself.
      let isScript = Parser.scriptKeywords.contains(current.text)
      if let item = parseScriptStatement(isNested: isNested) {
        return item
      }
      if isScript { return nil }
      if let spec = BlockKind.topLevel.spec(named: current.text) {
        return parseAttribute(spec, depth: 0).map(Item.setting)
      }
      let candidates =
        DeclarationKind.allCases.map(\.rawValue)
        + BlockKind.topLevel.specs.map(\.name) + Parser.scriptKeywords
      error(
        "unknown statement '\(current.text)'", at: current.span,
        hint: didYouMean(current.text, among: candidates)
          ?? "a statement starts with a declaration such as 'user' or a setting such as 'noise'")
      synchronize()
    case .rightBrace:
      error("unexpected '}' with no block open", at: current.span)
      advance()
    default:
      error("expected a declaration or a setting, found \(current.described)", at: current.span)
      synchronize()
    }
    return nil
  }

  private mutating func parseDeclaration(_ kind: DeclarationKind) -> Declaration? {
    let keyword = Name(text: current.text, span: current.span)
    advance()
    guard let name = parseName() else {
      error(
        "expected a name after '\(keyword.text)', found \(current.described)",
        at: current.span, hint: "write for example '\(keyword.text) \(kind.exampleName) { ... }'")
      synchronize()
      return nil
    }
    var template: Name?
    if current.kind == .identifier, current.text == "from" {
      advance()
      guard let templateName = parseName() else {
        expected("a template name", after: "'from'")
        synchronize()
        return nil
      }
      template = templateName
      if current.kind == .newline || current.kind == .endOfFile || current.kind == .rightBrace {
        // `user u1 from phone` with nothing to add.
        return Declaration(
          kind: kind, keyword: keyword, name: name, attributes: [], openBrace: templateName.span,
          closeBrace: nil, template: template)
      }
    }
    guard current.kind == .leftBrace else {
      error(
        "expected '{' after \(kind.rawValue) name '\(name.text)', found \(current.described)",
        at: current.span)
      synchronize()
      return nil
    }
    let openBrace = current.span
    advance()
    let owner = "\(kind.rawValue) '\(name.text)'"
    let errorsBefore = diagnostics.count
    let attributes = parseBlockBody(BlockKind(kind), owner: owner, openBrace: openBrace, depth: 1)
    // parseBlockBody stops right after the closing brace when there is one.
    let closing = tokens[max(index - 1, 0)]
    return Declaration(
      kind: kind, keyword: keyword, name: name, attributes: attributes,
      openBrace: openBrace, hasSyntaxErrors: diagnostics.count > errorsBefore,
      closeBrace: closing.kind == .rightBrace ? closing.span : nil, template: template)
  }

  /// The attributes of a block up to its `}`. A missing `}` is reported at
  /// the opening brace when the file ends or a new declaration starts.
  mutating func parseBlockBody(
    _ kind: BlockKind, owner: String, openBrace: SourceSpan, depth: Int
  ) -> [Attribute] {
    var attributes: [Attribute] = []
    while !hasTooManyErrors {
      skipNewlines()
      let start = index
      switch current.kind {
      case .rightBrace:
        advance()
        return attributes
      case .endOfFile:
        error(
          "expected '}' to close \(owner), found the end of the file", at: openBrace,
          hint: "add '}' after the last attribute of \(owner)")
        return attributes
      case .identifier:
        if startsDeclaration {
          error(
            "expected '}' to close \(owner) before '\(current.text) \(peek(1).text)'",
            at: openBrace, hint: "add '}' after the last attribute of \(owner)")
          return attributes
        }
        if let spec = kind.spec(named: current.text) {
          if let attribute = parseAttribute(spec, depth: depth) {
            attributes.append(attribute)
          }
        } else {
          let standIn = reportUnknownAttribute(in: kind, owner: owner)
          synchronize()
          if let standIn { attributes.append(standIn) }
        }
      default:
        error(
          "expected an attribute name in \(owner), found \(current.described)",
          at: current.span)
        synchronize()
      }
      if index == start { advance() }
    }
    return attributes
  }

  /// `user u2 {` and the like: a declaration, met where an attribute was expected.
  private var startsDeclaration: Bool {
    guard DeclarationKind(rawValue: current.text) != nil else { return false }
    let name = peek(1).kind
    return (name == .identifier || name == .string) && peek(2).kind == .leftBrace
  }

  /// Reports an unknown attribute. When it is close to a known one, returns
  /// an invalid attribute of that name, so the typo does not also make the
  /// block miss a required attribute.
  private mutating func reportUnknownAttribute(in kind: BlockKind, owner: String) -> Attribute? {
    let names = kind.specs.map(\.name)
    let allowed = min(3, max(1, current.text.count / 3))
    let suggestion = closestWord(to: current.text, in: names, maximumDistance: allowed)
    let hint =
      suggestion.map { "did you mean '\($0)'?" }
      ?? "\(owner) takes " + names.map { "'\($0)'" }.joined(separator: ", ")
    error("unknown attribute '\(current.text)' in \(owner)", at: current.span, hint: hint)
    return suggestion.map {
      Attribute(name: Name(text: $0, span: current.span), value: .invalid, span: current.span)
    }
  }

  /// An attribute or setting: its name, a value of the spec's shape, the end of the line.
  private mutating func parseAttribute(_ spec: AttributeSpec, depth: Int) -> Attribute? {
    let name = Name(text: current.text, span: current.span)
    advance()
    guard let value = parseValue(of: spec, after: name.text, depth: depth) else {
      synchronize()
      return Attribute(name: name, value: .invalid, span: name.span)
    }
    let span = name.span.union(previous.span)
    if case .block = value {
      return Attribute(name: name, value: value, span: span)
    }
    switch current.kind {
    case .newline:
      advance()
    case .rightBrace, .endOfFile:
      break
    default:
      let written = file.text(of: span)
      error(
        "expected the end of the line after '\(written)', found \(current.described)",
        at: current.span, hint: trailingHint(spec))
      synchronize()
      return Attribute(name: name, value: .invalid, span: span)
    }
    return Attribute(name: name, value: value, span: span)
  }

  private func trailingHint(_ spec: AttributeSpec) -> String? {
    if spec.dimension == .cycles, current.text == "cycles" {
      return "write a prefixed cycle unit as one word, such as '2 Gcycles'"
    }
    return "put each attribute on its own line or separate attributes with ';'"
  }

  // MARK: - Helpers

  var current: Token { tokens[min(index, tokens.count - 1)] }

  var previous: Token { tokens[max(0, min(index, tokens.count) - 1)] }

  func peek(_ distance: Int) -> Token { tokens[min(index + distance, tokens.count - 1)] }

  mutating func advance() {
    if index < tokens.count - 1 { index += 1 }
  }

  mutating func skipNewlines() {
    while current.kind == .newline { advance() }
  }

  /// An identifier or string as a name, consumed; nil (nothing consumed) otherwise.
  mutating func parseName() -> Name? {
    switch current.kind {
    case .identifier:
      defer { advance() }
      return Name(text: current.text, span: current.span)
    case .string:
      guard current.pieces != nil else {
        defer { advance() }
        return Name(text: current.text, span: current.span, isQuoted: true)
      }
      let token = current
      let template = parseStringTemplate()
      return Name(text: token.text, span: token.span, isQuoted: true, template: template)
    default:
      return nil
    }
  }

  /// Skips to the end of the current statement: past the next line break,
  /// or up to a `}` that closes the enclosing block, balancing braces on the way.
  mutating func synchronize() {
    var depth = 0
    while true {
      switch current.kind {
      case .endOfFile:
        return
      case .newline:
        advance()
        if depth == 0 { return }
      case .leftBrace:
        depth += 1
        advance()
      case .rightBrace:
        if depth == 0 { return }
        depth -= 1
        advance()
      default:
        advance()
      }
    }
  }

  var hasTooManyErrors: Bool { diagnostics.count >= Parser.maximumErrors }

  mutating func error(_ message: String, at span: SourceSpan, hint: String? = nil) {
    guard diagnostics.count < Parser.maximumErrors else { return }
    diagnostics.append(.error(message, at: span, in: file, hint: hint))
    if diagnostics.count == Parser.maximumErrors {
      diagnostics.append(
        .error(
          "too many errors; stopping after \(Parser.maximumErrors)",
          at: span, in: file))
    }
  }
}

extension DeclarationKind {
  fileprivate var exampleName: String {
    switch self {
    case .user: return "u1"
    case .server: return "g1"
    case .uav: return "k1"
    case .satellite: return "s1"
    case .workload: return "lora8"
    }
  }
}
