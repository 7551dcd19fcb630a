import Foundation
import Testing

@testable import SaginCLI

/// `sagin fmt FILE... [--check]`.
@Suite struct FormatCommandTests {
  static let formatted = """
    # two settings
    noise -174 dBm/Hz
    delay-weight 1 /s

    """

  static let unformatted = """
    # two settings
    noise -174dBm/Hz;   delay-weight 1/s
    """

  private func contents(_ path: String) throws -> String {
    try String(contentsOfFile: path, encoding: .utf8)
  }

  @Test func checkAcceptsAFormattedFile() throws {
    let path = try writeFile("ok.sagin", Self.formatted)
    let run = sagin("fmt", "--check", path)
    #expect(run.exitCode == 0)
    #expect(run.output.isEmpty)
    #expect(run.error.isEmpty)
    #expect(try contents(path) == Self.formatted)
  }

  @Test func checkReportsAnUnformattedFileAndWritesNothing() throws {
    let path = try writeFile("messy.sagin", Self.unformatted)
    let run = sagin("fmt", path, "--check")
    #expect(run.exitCode == 1)
    #expect(
      run.output == """
        \(path): not formatted
        @@ -2 +2 @@
        -noise -174dBm/Hz;   delay-weight 1/s
        +noise -174 dBm/Hz

        """)
    #expect(run.error.isEmpty)
    #expect(try contents(path) == Self.unformatted)
  }

  @Test func checkNamesAMissingFinalLineBreak() throws {
    let path = try writeFile("end.sagin", "noise -174 dBm/Hz")
    let run = sagin("fmt", "--check", path)
    #expect(run.exitCode == 1)
    #expect(
      run.output == """
        \(path): not formatted
        @@ -1 +1 @@
        -noise -174 dBm/Hz
        \\ No newline at end of file
        +noise -174 dBm/Hz

        """)
  }

  @Test func rewritesInPlace() throws {
    let path = try writeFile("messy.sagin", Self.unformatted)
    let first = sagin("fmt", path)
    #expect(first.exitCode == 0)
    #expect(first.output == "formatted \(path)\n")
    #expect(first.error.isEmpty)
    #expect(try contents(path) == Self.formatted)

    // Already formatted: nothing to say, nothing written.
    let second = sagin("fmt", path)
    #expect(second.exitCode == 0)
    #expect(second.output.isEmpty)
    #expect(try contents(path) == Self.formatted)
  }

  @Test func rewritingKeepsThePermissions() throws {
    let path = try writeFile("private.sagin", Self.unformatted)
    try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
    #expect(sagin("fmt", path).exitCode == 0)
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o640)
    #expect(try contents(path) == Self.formatted)
  }

  @Test func unreadableFileIsAnInputError() {
    let run = sagin("fmt", "/nonexistent/missing.sagin")
    #expect(run.exitCode == 1)
    let path = "/nonexistent/missing.sagin"
    #expect(run.error == "\(path): error: cannot read '\(path)': no such file\n")
    #expect(run.output.isEmpty)
  }

  @Test func fileWithSyntaxErrorsIsLeftAlone() throws {
    let text = "noise -174dBm/Hz\nuser u1 {\n  cpu 2GHz\n"
    let path = try writeFile("broken.sagin", text)
    for arguments in [["fmt", path], ["fmt", "--check", path]] {
      let run = sagin(arguments)
      #expect(run.exitCode == 1)
      #expect(run.output.isEmpty)
      #expect(
        run.error.hasPrefix(
          "\(path):2:9: error: expected '}' to close user 'u1', found the end of the file"))
      #expect(try contents(path) == text)
    }
  }

  @Test func everyFileIsProcessedAfterAFailure() throws {
    let messy = try writeFile("messy.sagin", Self.unformatted)
    let clean = try writeFile("clean.sagin", Self.formatted)
    let run = sagin("fmt", "/nonexistent/missing.sagin", messy, clean)
    #expect(run.exitCode == 1)
    #expect(run.output == "formatted \(messy)\n")
    #expect(run.error.contains("cannot read '/nonexistent/missing.sagin'"))
    #expect(try contents(messy) == Self.formatted)

    let check = sagin("fmt", "--check", messy, clean)
    #expect(check.exitCode == 0)
    #expect(check.output.isEmpty)
  }

  @Test func usage() {
    let missing = sagin("fmt", "--check")
    #expect(missing.exitCode == 64)
    #expect(missing.error.contains("expected a .sagin file after 'sagin fmt'"))
    #expect(missing.error.contains("usage: sagin fmt FILE... [--check]"))

    let unknown = sagin("fmt", "a.sagin", "--diff")
    #expect(unknown.exitCode == 64)
    #expect(unknown.error.contains("unknown option '--diff' for 'sagin fmt'"))

    #expect(sagin("fmt", "-h").output.hasPrefix("usage: sagin fmt FILE... [--check]"))
    #expect(sagin("help", "fmt").output.contains("--check"))
    #expect(sagin("--help").output.contains("fmt FILE..."))
  }
}
