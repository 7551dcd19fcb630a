/// A message about a `.sagin` file: an error, a warning or a note, located by
/// a span, with optional notes pointing elsewhere and a hint on how to fix it.
///
/// Messages follow one style: lowercase start, no final period, source text
/// in single quotes, "expected X after Y", units named.
public struct Diagnostic: Sendable {
  public enum Severity: String, Sendable {
    case error
    case warning
    case note
  }

  /// A secondary message that points at another place, such as the first
  /// declaration of a duplicated name.
  public struct Note: Sendable {
    public var message: String
    public var span: SourceSpan?

    public init(_ message: String, at span: SourceSpan?) {
      self.message = message
      self.span = span
    }
  }

  public var severity: Severity
  public var message: String
  public var span: SourceSpan?
  public var file: SourceFile?
  public var notes: [Note]
  public var hint: String?

  public init(
    severity: Severity, message: String, span: SourceSpan?, file: SourceFile?,
    notes: [Note] = [], hint: String? = nil
  ) {
    self.severity = severity
    self.message = message
    self.span = span
    self.file = file
    self.notes = notes
    self.hint = hint
  }

  public static func error(
    _ message: String, at span: SourceSpan?, in file: SourceFile?, hint: String? = nil
  ) -> Diagnostic {
    Diagnostic(severity: .error, message: message, span: span, file: file, hint: hint)
  }

  public static func warning(
    _ message: String, at span: SourceSpan?, in file: SourceFile?, hint: String? = nil
  ) -> Diagnostic {
    Diagnostic(severity: .warning, message: message, span: span, file: file, hint: hint)
  }

  public var isError: Bool { severity == .error }

  /// The 1-based line and column where the diagnostic points, if it has a place.
  public var location: (line: Int, column: Int)? {
    guard let span, let file else { return nil }
    return file.location(of: span.start)
  }

  /// `file:line:col: error: message`, the source line, a caret line under the
  /// span, each note the same way, and `  hint: ...` when there is a hint.
  /// ANSI colours only when `colour` is true (the caller knows if stderr is a terminal).
  public func rendered(colour: Bool) -> String {
    var lines: [String] = []
    lines += Diagnostic.renderOne(
      severity: severity, message: message, span: span, file: file, colour: colour)
    for note in notes {
      lines += Diagnostic.renderOne(
        severity: .note, message: note.message, span: note.span, file: file, colour: colour)
    }
    if let hint {
      let label = colour ? "\u{1B}[1;32mhint:\u{1B}[0m" : "hint:"
      lines.append("  \(label) \(hint)")
    }
    return lines.joined(separator: "\n")
  }

  private static func renderOne(
    severity: Severity, message: String, span: SourceSpan?, file: SourceFile?, colour: Bool
  ) -> [String] {
    let label = colour ? paint(severity.rawValue + ":", severity) : severity.rawValue + ":"
    let text = colour ? "\u{1B}[1m\(message)\u{1B}[0m" : message
    guard let file else { return ["\(label) \(text)"] }
    guard let span else { return ["\(file.path): \(label) \(text)"] }

    let (line, column) = file.location(of: span.start)
    var out = ["\(file.path):\(line):\(column): \(label) \(text)"]
    let (lineText, lineStart) = file.line(containing: span.start)
    out.append(lineText)
    out.append(caretLine(lineText: lineText, lineStart: lineStart, span: span, colour: colour))
    return out
  }

  /// Spaces up to the span (tabs kept so the caret lines up), then `^~~~`
  /// across the part of the span on this line, at least one character wide.
  private static func caretLine(
    lineText: String, lineStart: Int, span: SourceSpan, colour: Bool
  ) -> String {
    var padding = ""
    var width = 0
    var offset = lineStart
    for scalar in lineText.unicodeScalars {
      let size = String(scalar).utf8.count
      if offset < span.start {
        padding += scalar == "\t" ? "\t" : " "
      } else if offset < span.end {
        width += 1
      }
      offset += size
    }
    let marks = "^" + String(repeating: "~", count: max(0, width - 1))
    return padding + (colour ? "\u{1B}[1;32m\(marks)\u{1B}[0m" : marks)
  }

  private static func paint(_ text: String, _ severity: Severity) -> String {
    let code: String
    switch severity {
    case .error: code = "1;31"
    case .warning: code = "1;35"
    case .note: code = "1;36"
    }
    return "\u{1B}[\(code)m\(text)\u{1B}[0m"
  }
}
