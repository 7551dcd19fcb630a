/// Splits a `.sagin` file into tokens.
///
/// The lexer works on UTF-8 bytes and never fails: a character it does not
/// know is reported and skipped, an unterminated string ends at the line
/// break, a number out of range is reported and carries no value. Comments
/// run from `#` to the end of the line. Line breaks and `;` become `newline`
/// tokens (runs of them collapse into one) because they end statements.
struct Lexer {
  private let bytes: [UInt8]
  private let file: SourceFile
  /// Which file of the program spans point into (`SourceSpan.file`).
  private let fileIndex: Int
  /// Lexing stops here: the end of the text, or of an interpolation.
  private let limit: Int
  private let keepsComments: Bool
  private var position = 0
  private(set) var tokens: [Token] = []
  private(set) var diagnostics: [Diagnostic] = []

  init(file: SourceFile, fileIndex: Int = 0, range: Range<Int>? = nil, keepsComments: Bool = false)
  {
    let bytes = Array(file.text.utf8)
    self.file = file
    self.bytes = bytes
    self.fileIndex = fileIndex
    self.keepsComments = keepsComments
    position = range.map { max(0, $0.lowerBound) } ?? 0
    limit = range.map { min(bytes.count, $0.upperBound) } ?? bytes.count
  }

  /// Tokenizes the whole file (or the given byte range of it, for an
  /// interpolation); the last token is always `endOfFile`.
  static func tokenize(
    _ file: SourceFile, fileIndex: Int = 0, range: Range<Int>? = nil, keepsComments: Bool = false
  ) -> (tokens: [Token], diagnostics: [Diagnostic]) {
    var lexer = Lexer(file: file, fileIndex: fileIndex, range: range, keepsComments: keepsComments)
    lexer.run()
    return (lexer.tokens, lexer.diagnostics)
  }

  private func span(_ start: Int, _ end: Int) -> SourceSpan {
    SourceSpan(start: start, end: end, file: fileIndex)
  }

  private mutating func run() {
    while position < limit {
      let start = position
      let byte = bytes[position]
      switch byte {
      case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
        position += 1
      case UInt8(ascii: "\n"), UInt8(ascii: ";"):
        position += 1
        if let last = tokens.last, last.kind != .newline {
          emit(.newline, from: start)
        }
      case UInt8(ascii: "#"):
        skipToEndOfLine()
        if keepsComments { emit(.comment, from: start) }
      case UInt8(ascii: "\""):
        lexString()
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        lexNumber()
      case UInt8(ascii: "-"):
        if peek(1).map(isDigit) == true {
          lexNumber()
        } else if peek(1) == UInt8(ascii: ">") {
          position += 2
          emit(.arrow, from: start)
        } else {
          single(.minus)
        }
      case UInt8(ascii: ">"), UInt8(ascii: "<"):
        if peek(1) == UInt8(ascii: "=") {
          position += 2
          emit(byte == UInt8(ascii: ">") ? .greaterEqual : .lessEqual, from: start)
        } else {
          single(byte == UInt8(ascii: ">") ? .greater : .less)
        }
      case UInt8(ascii: "="):
        if peek(1) == UInt8(ascii: "=") {
          position += 2
          emit(.equalEqual, from: start)
        } else {
          single(.equals)
        }
      case UInt8(ascii: "!"):
        if peek(1) == UInt8(ascii: "=") {
          position += 2
          emit(.notEqual, from: start)
        } else {
          position += 1
          report("unexpected character '!'", from: start, hint: "write 'not' to negate a condition")
        }
      case UInt8(ascii: "."):
        if peek(1) == UInt8(ascii: ".") {
          position += 2
          emit(.dotDot, from: start)
        } else {
          single(.dot)
        }
      case UInt8(ascii: "/"):
        if peek(1) == UInt8(ascii: "/") {
          position += 2
          report("unexpected '//'", from: start, hint: "comments start with '#'")
          skipToEndOfLine()
        } else {
          position += 1
          emit(.slash, from: start)
        }
      case UInt8(ascii: "{"): single(.leftBrace)
      case UInt8(ascii: "}"): single(.rightBrace)
      case UInt8(ascii: "("): single(.leftParen)
      case UInt8(ascii: ")"): single(.rightParen)
      case UInt8(ascii: "["): single(.leftBracket)
      case UInt8(ascii: "]"): single(.rightBracket)
      case UInt8(ascii: ","): single(.comma)
      case UInt8(ascii: "%"): single(.percent)
      case UInt8(ascii: "+"): single(.plus)
      case UInt8(ascii: "*"): single(.star)
      case UInt8(ascii: "^"): single(.caret)
      default:
        if isIdentifierStart(byte) {
          lexIdentifier()
        } else {
          lexStrayCharacter()
        }
      }
    }
    tokens.append(
      Token(kind: .endOfFile, span: span(limit, limit), text: "", number: nil))
  }

  // MARK: - Token kinds

  private mutating func lexIdentifier() {
    let start = position
    position += 1
    while position < limit {
      let byte = bytes[position]
      if isIdentifierStart(byte) || isDigit(byte) {
        position += 1
      } else if byte == UInt8(ascii: "-"),
        let next = peek(1), isIdentifierStart(next) || isDigit(next)
      {
        // A hyphen joins words (`dense-urban`, `leo-1`) but never starts an arrow (`u1->g1`).
        position += 1
      } else {
        break
      }
    }
    emit(.identifier, from: start)
  }

  /// `-`? digits (`_` allowed between digits) (`.` digits)? (`e` sign? digits)?
  private mutating func lexNumber() {
    let start = position
    if bytes[position] == UInt8(ascii: "-") { position += 1 }
    consumeDigits()
    if position < limit, bytes[position] == UInt8(ascii: "."),
      peek(1).map(isDigit) == true
    {
      position += 1
      consumeDigits()
    }
    if position < limit,
      bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E")
    {
      let signed = peek(1) == UInt8(ascii: "+") || peek(1) == UInt8(ascii: "-")
      if peek(signed ? 2 : 1).map(isDigit) == true {
        position += signed ? 2 : 1
        consumeDigits()
      }
    }
    let text = String(decoding: bytes[start..<position], as: UTF8.self)
    let value = Double(text.filter { $0 != "_" })
    var token = Token(kind: .number, span: span(start, position), text: text, number: nil)
    if let value, value.isFinite {
      token.number = value
    } else {
      report(
        "number '\(text)' is out of range", from: start,
        hint: "values must be finite; use a unit prefix for large or small values")
    }
    tokens.append(token)
  }

  private mutating func consumeDigits() {
    while position < limit {
      let byte = bytes[position]
      if isDigit(byte) || (byte == UInt8(ascii: "_") && peek(1).map(isDigit) == true) {
        position += 1
      } else {
        break
      }
    }
  }

  /// A string on one line; `\"`, `\\`, `\{` and `\}` are its escapes.
  /// `{expression}` inside it is an interpolation: the token then carries its
  /// pieces, and the parser reads each expression from its source span.
  private mutating func lexString() {
    let start = position
    position += 1
    var value: [UInt8] = []
    var pieces: [Token.StringPiece] = []
    var text: [UInt8] = []
    func flushText() {
      if !text.isEmpty { pieces.append(.text(String(decoding: text, as: UTF8.self))) }
      text.removeAll()
    }
    while position < limit {
      let byte = bytes[position]
      if byte == UInt8(ascii: "\"") {
        position += 1
        var token = Token(
          kind: .string, span: span(start, position),
          text: String(decoding: value, as: UTF8.self), number: nil)
        if pieces.contains(where: { if case .code = $0 { true } else { false } }) {
          flushText()
          token.pieces = pieces
        }
        tokens.append(token)
        return
      }
      if byte == UInt8(ascii: "\n") { break }
      if byte == UInt8(ascii: "{") {
        // An interpolation runs to the matching '}' on this line.
        let open = position
        var depth = 0
        var end = position
        while end < limit, bytes[end] != UInt8(ascii: "\n") {
          if bytes[end] == UInt8(ascii: "{") { depth += 1 }
          if bytes[end] == UInt8(ascii: "}") {
            depth -= 1
            if depth == 0 { break }
          }
          if bytes[end] == UInt8(ascii: "\"") { break }
          end += 1
        }
        guard end < limit, bytes[end] == UInt8(ascii: "}") else {
          diagnostics.append(
            .error(
              "expected '}' to close the interpolation in this string", at: span(open, open + 1),
              in: file, hint: "write '\\{' for a literal brace"))
          value.append(byte)
          text.append(byte)
          position += 1
          continue
        }
        flushText()
        pieces.append(.code(span(open + 1, end)))
        value.append(contentsOf: bytes[open...end])
        position = end + 1
        continue
      }
      if byte == UInt8(ascii: "}") {
        diagnostics.append(
          .error(
            "unexpected '}' in a string", at: span(position, position + 1), in: file,
            hint: "write '\\}' for a literal brace"))
      }
      if byte == UInt8(ascii: "\\") {
        let next = peek(1)
        let escapes: [UInt8] = [
          UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "{"), UInt8(ascii: "}"),
        ]
        if let next, escapes.contains(next) {
          value.append(next)
          text.append(next)
          position += 2
          continue
        }
        let escape = span(position, min(position + 2, limit))
        diagnostics.append(
          .error(
            "unknown escape in a string", at: escape, in: file,
            hint: "the escapes are '\\\"', '\\\\', '\\{' and '\\}'"))
      }
      value.append(byte)
      text.append(byte)
      position += 1
    }
    diagnostics.append(
      .error(
        "unterminated string; expected '\"' before the end of the line",
        at: span(start, start + 1), in: file))
    tokens.append(
      Token(
        kind: .string, span: span(start, position),
        text: String(decoding: value, as: UTF8.self), number: nil))
  }

  private mutating func lexStrayCharacter() {
    let start = position
    let length = utf8Length(leadByte: bytes[position])
    position = min(limit, position + length)
    let scalarText = String(decoding: bytes[start..<position], as: UTF8.self)
    let shown: String
    if let scalar = scalarText.unicodeScalars.first, scalar.value < 0x20 || scalar.value == 0x7F {
      shown =
        "U+"
        + String(scalar.value, radix: 16, uppercase: true)
        .leftPadded(to: 4)
    } else {
      shown = scalarText
    }
    report("unexpected character '\(shown)'", from: start, hint: nil)
  }

  // MARK: - Helpers

  private mutating func single(_ kind: Token.Kind) {
    let start = position
    position += 1
    emit(kind, from: start)
  }

  private mutating func emit(_ kind: Token.Kind, from start: Int) {
    let text = String(decoding: bytes[start..<position], as: UTF8.self)
    tokens.append(Token(kind: kind, span: span(start, position), text: text, number: nil))
  }

  private mutating func report(_ message: String, from start: Int, hint: String?) {
    diagnostics.append(.error(message, at: span(start, position), in: file, hint: hint))
  }

  private mutating func skipToEndOfLine() {
    while position < limit, bytes[position] != UInt8(ascii: "\n") { position += 1 }
  }

  private func peek(_ distance: Int) -> UInt8? {
    let index = position + distance
    return index < limit ? bytes[index] : nil
  }

  private func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  private func isIdentifierStart(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
      || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || byte == UInt8(ascii: "_")
  }

  private func utf8Length(leadByte: UInt8) -> Int {
    switch leadByte {
    case 0xF0...0xF7: return 4
    case 0xE0...0xEF: return 3
    case 0xC0...0xDF: return 2
    default: return 1
    }
  }
}

extension String {
  fileprivate func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: "0", count: width - count) + self
  }
}
