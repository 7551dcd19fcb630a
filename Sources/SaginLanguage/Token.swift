/// One token of a `.sagin` file.
struct Token: Sendable, Equatable {
  enum Kind: Sendable, Equatable {
    case identifier
    case number
    case string
    /// A line break or `;`: the end of a statement or attribute.
    case newline
    case leftBrace
    case rightBrace
    case leftParen
    case rightParen
    case comma
    case equals
    case arrow
    case greaterEqual
    case lessEqual
    case slash
    case percent
    case plus
    /// A `-` that does not start a number: `a - b`, `-x`.
    case minus
    case star
    case caret
    case less
    case greater
    case equalEqual
    case notEqual
    case leftBracket
    case rightBracket
    /// `..` of a range: `1..10`.
    case dotDot
    /// `.` between an entity and an attribute: `g1.bandwidth`.
    case dot
    /// `# ...`, only when the lexer is asked to keep comments (the formatter).
    case comment
    case endOfFile
  }

  /// A piece of a string literal: text, or the source of an interpolated
  /// expression between `{` and `}`.
  enum StringPiece: Sendable, Equatable {
    case text(String)
    case code(SourceSpan)
  }

  var kind: Kind
  var span: SourceSpan
  /// The source text; for a string, its value without quotes and escapes.
  var text: String
  /// The value of a number; nil when the literal was malformed (already reported).
  var number: Double?
  /// For a string with `{...}` interpolations, its pieces; nil for plain strings.
  var pieces: [StringPiece]? = nil

  /// How the token reads in a message: `'cpu'`, `the end of the line`, ...
  var described: String {
    switch kind {
    case .newline: return text == ";" ? "';'" : "the end of the line"
    case .endOfFile: return "the end of the file"
    case .string: return "the string \"\(text)\""
    default: return "'\(text)'"
    }
  }
}
