/// The text of one `.sagin` file and the path it was read from.
///
/// Positions into the text are UTF-8 byte offsets (`SourceSpan`); lines and
/// columns are computed only when a diagnostic is printed.
public struct SourceFile: Sendable {
  public let path: String
  public let text: String
  /// Where this file was included from, innermost first, as `path:line:col`
  /// (empty for the file named on the command line).
  public var includeChain: [String] = []

  public init(path: String, text: String) {
    self.path = path
    self.text = text
  }

  /// The 1-based line and column of a UTF-8 offset. Columns count Unicode
  /// scalars, so a name with accents moves the caret by one per letter.
  /// Offsets past the end are clamped to the end of the text.
  public func location(of offset: Int) -> (line: Int, column: Int) {
    let bytes = text.utf8
    let target = max(0, min(offset, bytes.count))
    var line = 1
    var lineStart = 0
    var position = 0
    for byte in bytes {
      if position >= target { break }
      if byte == UInt8(ascii: "\n") {
        line += 1
        lineStart = position + 1
      }
      position += 1
    }
    let column = scalarCount(from: lineStart, to: target) + 1
    return (line, column)
  }

  /// The line holding `offset`, without its line break, and the offset where it starts.
  func line(containing offset: Int) -> (text: String, start: Int) {
    let bytes = Array(text.utf8)
    let target = max(0, min(offset, bytes.count))
    var start = target
    while start > 0, bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
    var end = target
    while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
    if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
    let lineText = String(decoding: bytes[start..<end], as: UTF8.self)
    return (lineText, start)
  }

  /// The source text covered by a span.
  func text(of span: SourceSpan) -> String {
    let bytes = text.utf8
    let lower = max(0, min(span.start, bytes.count))
    let upper = max(lower, min(span.end, bytes.count))
    let slice = Array(bytes)[lower..<upper]
    return String(decoding: slice, as: UTF8.self)
  }

  private func scalarCount(from start: Int, to end: Int) -> Int {
    guard end > start else { return 0 }
    let slice = Array(text.utf8)[start..<end]
    // Continuation bytes (10xxxxxx) do not start a scalar.
    return slice.reduce(0) { count, byte in (byte & 0xC0) == 0x80 ? count : count + 1 }
  }
}

/// A half-open range of UTF-8 offsets into a `SourceFile`. `file` tells
/// which: 0 is the file being read, included files count up from 1 in the
/// order they were first included (`Program.sources`).
public struct SourceSpan: Sendable, Equatable, Hashable {
  public var start: Int
  public var end: Int
  public var file: Int

  public init(start: Int, end: Int, file: Int = 0) {
    self.start = start
    self.end = max(start, end)
    self.file = file
  }

  /// The smallest span covering both (of the same file; otherwise this one).
  func union(_ other: SourceSpan) -> SourceSpan {
    guard other.file == file else { return self }
    return SourceSpan(start: min(start, other.start), end: max(end, other.end), file: file)
  }
}
