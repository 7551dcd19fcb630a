import Foundation
import Testing

@testable import SaginLanguage

/// Every ```sagin block of grammar.md is a complete file that parses cleanly.
@Suite struct GrammarTests {
  static func sourceBlocks() -> [String] {
    let path = repositoryRoot.appendingPathComponent("grammar.md").path
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
    var blocks: [String] = []
    var current: [Substring]?
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if current == nil, line.trimmingCharacters(in: .whitespaces) == "```sagin" {
        current = []
      } else if current != nil, line.trimmingCharacters(in: .whitespaces) == "```" {
        blocks.append((current ?? []).joined(separator: "\n"))
        current = nil
      } else if current != nil {
        current?.append(line)
      }
    }
    return blocks
  }

  @Test func grammarHasExamples() {
    #expect(Self.sourceBlocks().count >= 9)
  }

  @Test(arguments: Array(sourceBlocks().enumerated()).map { $0 })
  func exampleParses(index: Int, text: String) {
    // Includes in the examples are read from examples/ (lib/common.sagin).
    var options = ScriptOptions()
    options.includeDirectory = repositoryRoot.appendingPathComponent("examples").path
    let (program, diagnostics) = Frontend.parse(
      source: SourceFile(path: "grammar.md#\(index + 1)", text: text), options: options)
    for diagnostic in diagnostics {
      Issue.record("block \(index + 1): \(diagnostic.rendered(colour: false))")
    }
    #expect(program != nil)
  }
}
