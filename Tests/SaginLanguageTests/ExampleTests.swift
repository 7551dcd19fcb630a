import Foundation
import Testing

@testable import SaginLanguage

@Suite struct ExampleTests {
  @Test(arguments: ["tiny", "relief", "metro"])
  func examplesParseWithoutDiagnostics(name: String) throws {
    let path = repositoryRoot.appendingPathComponent("examples/\(name).sagin").path
    let (program, diagnostics) = Frontend.load(path: path)
    for diagnostic in diagnostics {
      Issue.record("\(diagnostic.rendered(colour: false))")
    }
    #expect(program != nil)
  }

  /// The experiment files (sweeps over a shared base scenario) check cleanly.
  @Test func experimentsCheck() throws {
    let folder = repositoryRoot.appendingPathComponent("examples/experiments")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { $0.hasSuffix(".sagin") }.sorted()
    #expect(files.count >= 7)
    for file in files {
      let (program, diagnostics) = Frontend.load(path: folder.appendingPathComponent(file).path)
      #expect(diagnostics.isEmpty, "\(file): \(diagnostics.map { $0.rendered(colour: false) })")
      #expect(program != nil, "\(file)")
    }
  }

  @Test func everyExampleFileIsCovered() throws {
    let folder = repositoryRoot.appendingPathComponent("examples")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { $0.hasSuffix(".sagin") }
    for file in files {
      let (program, diagnostics) = Frontend.load(path: folder.appendingPathComponent(file).path)
      #expect(diagnostics.isEmpty, "\(file): \(diagnostics.map { $0.rendered(colour: false) })")
      #expect(program != nil, "\(file)")
    }
  }
}
