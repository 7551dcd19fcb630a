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
    case endOfFile
  }

  var kind: Kind
  var span: SourceSpan
  /// The source text; for a string, its value without quotes and escapes.
  var text: String
  /// The value of a number; nil when the literal was malformed (already reported).
  var number: Double?

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
