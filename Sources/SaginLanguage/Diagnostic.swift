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
    /// The file the span points into, when it differs from the diagnostic's.
    public var file: SourceFile?

    public init(_ message: String, at span: SourceSpan?, in file: SourceFile? = nil) {
      self.message = message
      self.span = span
      self.file = file
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
    for place in file?.includeChain ?? [] {
      let label = colour ? Diagnostic.paint("note:", .note) : "note:"
      lines.append("\(place): \(label) included from here")
    }
    for note in notes {
      lines += Diagnostic.renderOne(
        severity: .note, message: note.message, span: note.span, file: note.file ?? file,
        colour: colour)
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
    let (shown, carets) = excerpt(lineText: lineText, lineStart: lineStart, span: span)
    out.append(shown)
    out.append(colour ? "\u{1B}[1;32m\(carets)\u{1B}[0m" : carets)
    return out
  }

  /// Longest source line printed whole; longer lines show a window around the span.
  private static let maximumLineWidth = 160

  /// The source line (or a window of it) and a caret line: spaces up to the
  /// span (tabs kept so the caret lines up), then `^~~~` across the part of
  /// the span on this line, at least one character wide.
  private static func excerpt(lineText: String, lineStart: Int, span: SourceSpan)
    -> (line: String, carets: String)
  {
    var scalars: [Unicode.Scalar] = []
    var spanStart = 0
    var width = 0
    var offset = lineStart
    for scalar in lineText.unicodeScalars {
      if offset < span.start {
        spanStart += 1
      } else if offset < span.end {
        width += 1
      }
      scalars.append(scalar)
      offset += String(scalar).utf8.count
    }
    var first = 0
    var last = scalars.count
    if scalars.count > maximumLineWidth {
      first = max(0, spanStart - maximumLineWidth / 2)
      last = min(scalars.count, first + maximumLineWidth)
      width = min(width, last - spanStart)
    }
    var line = String(String.UnicodeScalarView(scalars[first..<last]))
    var padding = String(scalars[first..<min(spanStart, last)].map { $0 == "\t" ? "\t" : " " })
    if first > 0 {
      line = "..." + line
      padding = "   " + padding
    }
    if last < scalars.count { line += "..." }
    return (line, padding + "^" + String(repeating: "~", count: max(0, width - 1)))
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
