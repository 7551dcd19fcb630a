/// Lays out a `.sagin` file in the canonical style of `sagin fmt`.
///
/// The formatter works on the file's tokens (lexed with comments kept) and
/// uses the syntax tree only to tell apart tokens that are spelt alike: a
/// binary `-` from a unary one, a division `/` from the one inside a unit
/// (`dBm/Hz`, `1 /s`), a call's `(` from a keyword's, an index's `[` from a
/// list's. It refuses (returns no text) a file with lexer or parser errors,
/// and it checks that its result parses to the same syntax tree as the input
/// before returning it.
///
/// The canonical layout:
///
/// - Indentation is 2 spaces per open multi-line `{ ... }` block (declarations,
///   `lora`, templates, `for`/`if`/`else` bodies, sweeps). A multi-line block
///   has its `{` at the end of the line that opens it and its `}` on a line of
///   its own at the indentation of that line; `else` follows the `}` on the
///   same line (`} else {`, `} else if c {`) unless a comment stands between
///   them.
/// - A block written on one line (its `{` and `}` on the same source line)
///   stays on one line: `{ a; b; c }`, one space inside the braces and `; `
///   between its items; an empty one is `{}`.
/// - Otherwise there is one statement or attribute per line: a `;` between
///   statements becomes a line break, and a statement written right after a
///   `}` moves to the next line.
/// - Words, numbers, strings and operators are separated by one space: a
///   number and its unit (`2GHz` becomes `2 GHz`, `20%` becomes `20 %`,
///   `1/s` becomes `1 /s`); a compound unit stays glued (`-174 dBm/Hz`,
///   `x in km/s`); spaces around `+ - * / = == != < > <= >= -> and or in`;
///   no spaces around `..` and `^` (`1..n`, `x^2`) or the `.` of
///   `g1.bandwidth`.
/// - No space after `(` and `[` or before `)`, `]` and `,`; one space after
///   `,`. No space between a function and its `(` (`uniform(1, 2)`) or a value
///   and its index (`sites[k]`); one space between a keyword and `(`
///   (`at (1 km, 2 km)`).
/// - A unary minus is glued to its operand (`-x`, `-(a + b)`), except before
///   a number (`- 3`, which glued would read as the negative number `-3`) or
///   another minus (`- -x`). A negative number that the parser reads as a
///   subtraction (`5 -3`) is written as one (`5 - 3`).
/// - Line breaks inside parentheses and brackets are kept: each continuation
///   line is indented 2 spaces deeper than its statement, and a closing `)`
///   or `]` that starts a line lines up with the statement. A trailing comma
///   before `)` or `]` is dropped.
/// - Comments are kept verbatim, trailing whitespace trimmed. A comment on a
///   line of its own stays on a line of its own, indented like the statement
///   that follows it in its block (or like the block's contents when it is
///   the last thing in the block). A trailing comment stays at the end of its
///   line, two spaces after the code; the trailing comments of consecutive
///   lines start in one column, two spaces after the longest code among them.
/// - At most one blank line in a row; no blank line at the start or end of a
///   block or of the file; the file ends with exactly one line break (an
///   empty file stays empty). Line breaks are `\n`.
/// - Strings are written back verbatim, escapes and `{...}` interpolations
///   included. Numbers, names and words are written as they are spelt.
/// - Long lines are not wrapped.
///
/// Formatting is idempotent: formatting the result again changes nothing.
public enum Formatter {
  /// The canonical layout of `source`, or nil and the diagnostics when the
  /// file has syntax errors (it is then never rewritten).
  public static func format(_ source: SourceFile) -> (text: String?, diagnostics: [Diagnostic]) {
    let (tree, diagnostics) = Parser.parse(source)
    guard !diagnostics.contains(where: \.isError) else { return (nil, diagnostics) }
    let (tokens, lexed) = Lexer.tokenize(source, keepsComments: true)
    guard !lexed.contains(where: \.isError) else { return (nil, lexed) }

    var roles = TokenRoles()
    roles.collect(tree.items)
    var printer = LayoutPrinter(tokens: tokens, file: source, roles: roles)
    let text = printer.run()

    // A safety net: never hand back text that means something else.
    let (again, problems) = Parser.parse(SourceFile(path: source.path, text: text))
    guard problems.isEmpty, again.dump() == tree.dump() else {
      let refusal = Diagnostic.error(
        "cannot format this file: the laid-out text would not parse to the same statements",
        at: nil, in: source, hint: "the file is left as it is; please report this as a bug")
      return (nil, [refusal])
    }
    return (text, [])
  }
}

// MARK: - What the syntax tree says about tokens

/// Source offsets where the syntax tree gives a token a role its spelling
/// does not show.
private struct TokenRoles {
  /// Starts of binary operators: a `-` here is a subtraction (also the `-`
  /// of a negative number read as one), a `/` a division, a `*` a product.
  var binaryOperators: Set<Int> = []
  /// Where a unit starts: a `/` here is `/s` of `1 /s`; a `/` inside a unit is glued.
  var unitStarts: Set<Int> = []
  /// Starts of the `(` of function calls.
  var callParentheses: Set<Int> = []
  /// Ends of values that are indexed: the first `[` after each is an index
  /// (only the `)` of a parenthesized value can come between).
  var indexedValueEnds: Set<Int> = []

  mutating func collect(_ items: [Item]) {
    for item in items {
      switch item {
      case .declaration(let declaration):
        for attribute in declaration.attributes { collect(attribute.value) }
      case .setting(let attribute):
        collect(attribute.value)
      case .binding(let binding):
        collect(binding.value)
      case .loop(let loop):
        collect(loop.sequence)
        collect(loop.body)
      case .conditional(let conditional):
        collect(conditional.condition)
        collect(conditional.body)
        if let otherwise = conditional.otherwise { collect(otherwise) }
      case .template(let template):
        for attribute in template.attributes { collect(attribute.value) }
      case .include:
        break
      case .sweep(let sweep):
        for target in sweep.targets { collect(target.values) }
        for solve in sweep.solves { collect(solve.value) }
      case .seed(let expression, _):
        collect(expression)
      }
    }
  }

  mutating func collect(_ value: Value) {
    switch value {
    case .quantity(let quantity): collect(quantity)
    case .position(let coordinates):
      for coordinate in coordinates { collect(coordinate) }
    case .positionExpression(let expression), .text(let expression): collect(expression)
    case .layered(_, let quantity), .bound(_, _, let quantity): collect(quantity)
    case .link(_, _, let gain): if let gain { collect(gain) }
    case .channel(_, _, _, let loss): if let loss { collect(loss) }
    case .matrix(let rows, let columns, let count):
      collect(rows)
      collect(columns)
      if let count { collect(count) }
    case .solve(_, let options):
      for option in options { collect(option.value) }
    case .block(let attributes):
      for attribute in attributes { collect(attribute.value) }
    case .compare(_, let seeds): if let seeds { collect(seeds) }
    case .word, .sweep, .message, .sections, .invalid, .comparison: break
    }
  }

  mutating func collect(_ quantity: QuantityLiteral) {
    if let unitSpan = quantity.unitSpan { unitStarts.insert(unitSpan.start) }
    if let expression = quantity.expression { collect(expression) }
  }

  mutating func collect(_ expression: Expression) {
    switch expression {
    case .quantity(let literal):
      collect(literal)
    case .string, .boolean, .variable:
      // Strings are written verbatim, interpolations included.
      break
    case .list(let elements, let unit, _):
      if let unit { unitStarts.insert(unit.span.start) }
      for element in elements { collect(element) }
    case .tuple(let elements, _):
      for element in elements { collect(element) }
    case .negate(let operand, _), .not(let operand, _):
      collect(operand)
    case .binary(_, let left, let right, let operatorSpan):
      binaryOperators.insert(operatorSpan.start)
      collect(left)
      collect(right)
    case .conversion(let value, _, let unitSpan):
      unitStarts.insert(unitSpan.start)
      collect(value)
    case .range(let low, let high, _):
      collect(low)
      collect(high)
    case .call(let name, let arguments, _):
      callParentheses.insert(name.span.end)
      for argument in arguments { collect(argument) }
    case .index(let value, let index, _):
      indexedValueEnds.insert(value.span.end)
      collect(value)
      collect(index)
    }
  }
}

// MARK: - Printing

/// Writes the tokens out line by line. Line breaks and blank lines are
/// decided lazily: a token that ends a line only marks a break as pending,
/// so that a trailing comment can still join the line.
private struct LayoutPrinter {
  private let tokens: [Token]
  private let bytes: [UInt8]
  private let file: SourceFile
  private let roles: TokenRoles
  /// Token indices of the `{` of blocks written on one line.
  private let oneLineBlocks: Set<Int>
  /// Token indices of the `[` of indexes.
  private let indexBrackets: Set<Int>

  private var lines: [String] = []
  /// For each line, where its trailing comment starts (characters), if it has one.
  private var commentColumns: [Int?] = []
  /// Where the trailing comment of the line being written starts, without indentation.
  private var trailingComment: Int?
  /// The line being written, without its indentation.
  private var line = ""
  private var lineIndent = 0
  /// Open multi-line blocks.
  private var depth = 0
  /// For each open block, whether it is written on one line.
  private var blocks: [Bool] = []
  /// Open `(` and `[`.
  private var brackets = 0
  /// The next token starts a new statement line.
  private var breakPending = false
  /// The next token starts a continuation line (inside brackets, after a comment).
  private var continuationPending = false
  /// The next token in a one-line block follows a `;`.
  private var separatorPending = false
  /// The line being written opens a multi-line block: no blank line may follow it.
  private var opensBlock = false
  /// The last token written (comments included, line breaks not).
  private var previous: Token?

  init(tokens: [Token], file: SourceFile, roles: TokenRoles) {
    self.tokens = tokens
    self.file = file
    self.roles = roles
    let bytes = Array(file.text.utf8)
    self.bytes = bytes
    var open: [Int] = []
    var oneLine: Set<Int> = []
    var indexes: Set<Int> = []
    var awaitsIndex = false
    for (index, token) in tokens.enumerated() {
      if roles.indexedValueEnds.contains(token.span.end) { awaitsIndex = true }
      if token.kind == .leftBracket, awaitsIndex {
        indexes.insert(index)
        awaitsIndex = false
      }
      if token.kind == .leftBrace {
        open.append(index)
      } else if token.kind == .rightBrace, let opener = open.popLast() {
        let between = bytes[tokens[opener].span.end..<token.span.start]
        if !between.contains(UInt8(ascii: "\n")) { oneLine.insert(opener) }
      }
    }
    oneLineBlocks = oneLine
    indexBrackets = indexes
  }

  private var inOneLineBlock: Bool { blocks.last == true }

  mutating func run() -> String {
    for (index, token) in tokens.enumerated() {
      switch token.kind {
      case .endOfFile:
        break
      case .newline:
        // Inside brackets a line break is kept as a continuation line (a long
        // list stays readable); the parser skips it.
        guard brackets == 0 else {
          if !line.isEmpty { continuationPending = true }
          continue
        }
        if inOneLineBlock { separatorPending = true } else { breakPending = true }
      case .comment:
        writeComment(token)
      case .rightBrace:
        closeBlock(token)
      case .comma where closesBrackets(after: index):
        // A trailing comma (`[1, 2,]`) is dropped.
        continue
      default:
        write(token, index: index)
      }
    }
    endLine()
    alignTrailingComments()
    return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
  }

  /// Whether the next token other than line breaks and comments is `)` or `]`.
  private func closesBrackets(after index: Int) -> Bool {
    for token in tokens[(index + 1)...] where token.kind != .newline && token.kind != .comment {
      return token.kind == .rightParen || token.kind == .rightBracket
    }
    return false
  }

  // MARK: Tokens

  private mutating func write(_ token: Token, index: Int) {
    if previous?.kind == .rightBrace {
      if token.kind == .identifier, token.text == "else" {
        // `} else {`, wherever the source put the `else`.
        breakPending = false
        separatorPending = false
      } else if inOneLineBlock {
        separatorPending = true
      } else {
        // A statement written right after a `}` starts its own line.
        breakPending = true
      }
    }
    var separated = false
    if breakPending {
      startLine(indent: depth, allowsBlank: true, before: token.span.start)
    } else if continuationPending {
      // A closing bracket on its own line lines up with its statement.
      let closes = token.kind == .rightParen || token.kind == .rightBracket
      startLine(indent: closes ? depth : depth + 1, allowsBlank: false, before: token.span.start)
    } else if separatorPending, previous?.kind != .leftBrace, !line.isEmpty {
      line += ";"
      separated = true
    }
    breakPending = false
    continuationPending = false
    separatorPending = false

    if !line.isEmpty, separated || isSpaced(after: previous, before: token, index: index) {
      line += " "
    }
    line += text(of: token)
    previous = token

    switch token.kind {
    case .leftParen, .leftBracket:
      brackets += 1
    case .rightParen, .rightBracket:
      brackets = max(0, brackets - 1)
    case .leftBrace:
      let isOneLine = oneLineBlocks.contains(index)
      blocks.append(isOneLine)
      if !isOneLine {
        depth += 1
        breakPending = true
        opensBlock = true
      }
    default:
      break
    }
  }

  private mutating func closeBlock(_ token: Token) {
    let isOneLine = blocks.popLast() ?? false
    separatorPending = false
    if isOneLine {
      line += previous?.kind == .leftBrace ? "}" : " }"
    } else {
      depth = max(0, depth - 1)
      breakPending = false
      continuationPending = false
      startLine(indent: depth, allowsBlank: false, before: token.span.start)
      line = "}"
    }
    previous = token
  }

  private mutating func writeComment(_ token: Token) {
    let text = trimmingTrailingWhitespace(file.text(of: token.span))
    if !line.isEmpty, !startsItsLine(token) {
      trailingComment = line.count
      line += "  " + text
    } else if brackets > 0 {
      startLine(indent: depth + 1, allowsBlank: false, before: token.span.start)
      line = text
    } else {
      startLine(indent: depth, allowsBlank: true, before: token.span.start)
      line = text
    }
    if brackets > 0 { continuationPending = true } else { breakPending = true }
    separatorPending = false
    previous = token
  }

  /// The token as written: verbatim, except a negative number that is
  /// really a subtraction (`5 -3`), which gets its own operator.
  private func text(of token: Token) -> String {
    switch token.kind {
    case .string:
      return file.text(of: token.span)
    case .number
    where token.text.hasPrefix("-")
      && roles.binaryOperators.contains(token.span.start):
      return "- " + token.text.dropFirst()
    default:
      return token.text
    }
  }

  // MARK: Spacing

  private func isSpaced(after previous: Token?, before token: Token, index: Int) -> Bool {
    guard let previous else { return false }
    return !gluesRight(previous, next: token) && !gluesLeft(token, index: index)
  }

  /// Whether nothing may separate the token from the one after it.
  private func gluesRight(_ token: Token, next: Token) -> Bool {
    switch token.kind {
    case .leftParen, .leftBracket, .dot, .dotDot, .caret:
      return true
    case .leftBrace:
      return next.kind == .rightBrace
    case .minus:
      // A unary minus, except before a number (`- 3` is not the literal `-3`)
      // or another minus (`- -x`).
      return !isBinary(token) && next.kind != .number && next.kind != .minus
    case .slash, .star:
      // Inside a unit: `dBm/Hz`, `/s`, `kW*h`.
      return !isBinary(token)
    default:
      return false
    }
  }

  /// Whether nothing may separate the token from the one before it.
  private func gluesLeft(_ token: Token, index: Int) -> Bool {
    switch token.kind {
    case .rightParen, .rightBracket, .comma, .dot, .dotDot, .caret:
      return true
    case .leftParen:
      return roles.callParentheses.contains(token.span.start)
    case .leftBracket:
      return indexBrackets.contains(index)
    case .slash:
      // `dBm/Hz` and `km/s`, but `1 /s`.
      return !isBinary(token) && !roles.unitStarts.contains(token.span.start)
    case .star:
      return !isBinary(token)
    default:
      return false
    }
  }

  private func isBinary(_ token: Token) -> Bool {
    roles.binaryOperators.contains(token.span.start)
  }

  // MARK: Lines

  /// Ends the line being written and starts one at `indent`, after a blank
  /// line when the source has one before `offset` and one is allowed here.
  private mutating func startLine(indent: Int, allowsBlank: Bool, before offset: Int) {
    endLine()
    if allowsBlank, !lines.isEmpty, !opensBlock, hasBlankLine(before: offset) {
      lines.append("")
      commentColumns.append(nil)
    }
    opensBlock = false
    lineIndent = indent
  }

  private mutating func endLine() {
    guard !line.isEmpty else { return }
    lines.append(String(repeating: "  ", count: lineIndent) + line)
    commentColumns.append(trailingComment.map { $0 + 2 * lineIndent })
    trailingComment = nil
    line = ""
  }

  /// Trailing comments on consecutive lines start in one column, two
  /// spaces after the longest code among them.
  private mutating func alignTrailingComments() {
    var start = 0
    while start < lines.count {
      guard commentColumns[start] != nil else {
        start += 1
        continue
      }
      var end = start
      while end < lines.count, commentColumns[end] != nil { end += 1 }
      if end - start > 1 {
        let column = (start..<end).compactMap { commentColumns[$0] }.max() ?? 0
        for k in start..<end {
          guard let code = commentColumns[k] else { continue }
          let characters = Array(lines[k])
          let before = String(characters[..<code])
          let comment = String(characters[code...]).drop { $0 == " " }
          lines[k] = before + String(repeating: " ", count: column - code + 2) + comment
        }
      }
      start = end
    }
  }

  /// Whether the source has an empty line between the last token written and `offset`.
  private func hasBlankLine(before offset: Int) -> Bool {
    let start = min(previous?.span.end ?? 0, offset)
    var breaks = 0
    for byte in bytes[start..<offset] where byte == UInt8(ascii: "\n") {
      breaks += 1
      if breaks >= 2 { return true }
    }
    return false
  }

  /// Whether only whitespace comes before the token on its source line.
  private func startsItsLine(_ token: Token) -> Bool {
    var position = token.span.start - 1
    while position >= 0, bytes[position] != UInt8(ascii: "\n") {
      let byte = bytes[position]
      if byte != UInt8(ascii: " "), byte != UInt8(ascii: "\t"), byte != UInt8(ascii: "\r") {
        return false
      }
      position -= 1
    }
    return true
  }

  private func trimmingTrailingWhitespace(_ text: String) -> String {
    var result = Substring(text)
    while let last = result.last, last == " " || last == "\t" || last == "\r" {
      result.removeLast()
    }
    return String(result)
  }
}
