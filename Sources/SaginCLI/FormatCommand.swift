import Foundation
import SaginLanguage

/// `sagin fmt FILE... [--check]`: lays files out in the canonical style
/// (`Formatter`). Without `--check` each file that changes is rewritten in
/// place (atomically) and named on standard output; with `--check` nothing is
/// written, and each file that would change is named with its first
/// differing line. A file that cannot be read or parsed is left alone and its
/// diagnostics go to standard error. Every file is processed even after a
/// failure; the exit code is 1 if any failed (or, with `--check`, would
/// change), 0 otherwise.
struct FormatCommand {
  let paths: [String]
  let checkOnly: Bool
  let console: Console

  func run() -> Int32 {
    var succeeded = true
    for path in paths where !process(path) {
      succeeded = false
    }
    return succeeded ? ExitCode.success : ExitCode.inputError
  }

  /// Formats or checks one file; false when it failed or, with `--check`, is not formatted.
  private func process(_ path: String) -> Bool {
    let text: String
    switch FileReadError.read(path) {
    case .success(let read):
      text = read
    case .failure(let failure):
      report([.error("cannot read '\(path)': \(failure.reason)", at: nil, in: nil)], path: path)
      return false
    }
    let (formatted, diagnostics) = SaginLanguage.Formatter.format(
      SourceFile(path: path, text: text))
    guard let formatted else {
      report(diagnostics, path: path)
      return false
    }
    guard formatted != text else { return true }
    if checkOnly {
      console.output("\(path): not formatted")
      for line in FormatCommand.firstDifference(from: text, to: formatted) {
        console.output(line)
      }
      return false
    }
    do {
      try write(formatted, to: path)
    } catch {
      let reason = (error as? CocoaError).flatMap { $0.underlying?.localizedDescription }
      let message = "cannot write '\(path)': \(reason ?? error.localizedDescription)"
      report([.error(message, at: nil, in: nil)], path: path)
      return false
    }
    console.output("formatted \(path)")
    return true
  }

  /// Replaces the file (through a symbolic link, if it is one) with a
  /// temporary file renamed over it, keeping its permissions.
  private func write(_ text: String, to path: String) throws {
    let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    let permissions = (try? FileManager.default.attributesOfItem(atPath: target))?[
      .posixPermissions]
    try text.write(toFile: target, atomically: true, encoding: .utf8)
    if let permissions {
      try? FileManager.default.setAttributes(
        [.posixPermissions: permissions], ofItemAtPath: target)
    }
  }

  /// Diagnostics as the other commands print them, then the error count.
  private func report(_ diagnostics: [Diagnostic], path: String) {
    for diagnostic in diagnostics {
      let text = diagnostic.rendered(colour: console.isColourEnabled)
      // A diagnostic about the file as a whole names it like the others.
      console.error(diagnostic.file == nil ? "\(path): \(text)" : text)
    }
    let errors = diagnostics.filter(\.isError).count
    if errors > 1 { console.error("\(path): \(errors) errors") }
  }

  /// A short unified-diff-style hint: the number of the first line that
  /// differs, the line as it is (`-`) and as it would be (`+`).
  static func firstDifference(from original: String, to formatted: String) -> [String] {
    func lines(_ text: String) -> [Substring] {
      guard !text.isEmpty else { return [] }
      var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
      if text.hasSuffix("\n") { lines.removeLast() }
      return lines
    }
    let old = lines(original)
    let new = lines(formatted)
    var index = 0
    while index < old.count, index < new.count, old[index] == new[index] { index += 1 }
    if index == old.count, index == new.count, let last = old.last {
      // Only the line break at the end differs.
      return ["@@ -\(index) +\(index) @@", "-" + last, "\\ No newline at end of file", "+" + last]
    }
    var hint = ["@@ -\(index + 1) +\(index + 1) @@"]
    if index < old.count { hint.append("-" + old[index]) }
    if index < new.count { hint.append("+" + new[index]) }
    return hint
  }
}
