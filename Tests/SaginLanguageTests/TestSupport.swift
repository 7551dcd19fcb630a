import Foundation
import Testing

@testable import SaginLanguage

/// Parses text as a file named `test.sagin`.
func parse(_ text: String) -> (program: Program?, diagnostics: [Diagnostic]) {
  Frontend.parse(source: SourceFile(path: "test.sagin", text: text))
}

/// Parses text that must be valid and returns its program, recording every
/// diagnostic as a failure at the caller's line.
func parseValid(
  _ text: String, sourceLocation: SourceLocation = #_sourceLocation
) -> Program? {
  let (program, diagnostics) = parse(text)
  for diagnostic in diagnostics {
    Issue.record(
      "unexpected diagnostic: \(diagnostic.rendered(colour: false))",
      sourceLocation: sourceLocation)
  }
  return program
}

/// The syntax tree dump of a text, and its diagnostics rendered.
func dump(_ text: String) -> (tree: String, diagnostics: [String]) {
  let (tree, diagnostics) = Parser.parse(SourceFile(path: "test.sagin", text: text))
  return (tree.dump(), diagnostics.map { $0.rendered(colour: false) })
}

/// `line:column: message` of every diagnostic, for compact expectations.
func summaries(_ diagnostics: [Diagnostic]) -> [String] {
  diagnostics.map { diagnostic in
    let location = diagnostic.location.map { "\($0.line):\($0.column)" } ?? "-"
    return "\(location): \(diagnostic.message)"
  }
}

/// The repository root, found from this file's path.
let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A minimal valid scenario body that tests extend.
let minimalWorkload = """
  workload w {
    parameters 1 M
    samples 100
    sample-size 1 MB
    cycles-per-sample 1 Gcycles
  }
  """

let minimalUser = """
  user u1 {
    at (0 m, 0 m)
    cpu 1 GHz
    power 0.1 W
    workload w
  }
  """
