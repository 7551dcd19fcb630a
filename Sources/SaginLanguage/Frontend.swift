import Foundation

/// The entry points of the language front end: text or a file in, a
/// `Program` and diagnostics out. No input makes these crash or hang.
public enum Frontend {
  /// Files larger than this are refused rather than parsed.
  static let maximumFileSize = 16 * 1024 * 1024

  /// Parses and elaborates a file's text. The program is nil when any
  /// diagnostic is an error; warnings come with a program.
  /// `allowsNoUsers`: accept a scenario that declares no user yet (an
  /// interactive session that is being built up); files must declare one.
  public static func parse(
    source: SourceFile, allowsNoUsers: Bool = false
  ) -> (program: Program?, diagnostics: [Diagnostic]) {
    guard source.text.utf8.count <= maximumFileSize else {
      let message = "file is larger than \(maximumFileSize / (1024 * 1024)) MiB; not parsing it"
      return (nil, [.error(message, at: nil, in: source)])
    }
    let (tree, syntaxDiagnostics) = Parser.parse(source)
    var elaborator = Elaborator(file: source)
    elaborator.allowsNoUsers = allowsNoUsers
    let program = elaborator.elaborate(tree)
    // Source order reads best; diagnostics without a place come first.
    let diagnostics = (syntaxDiagnostics + elaborator.diagnostics).enumerated()
      .sorted { a, b in
        let left = a.element.span?.start ?? -1
        let right = b.element.span?.start ?? -1
        return left == right ? a.offset < b.offset : left < right
      }
      .map(\.element)
    let hasErrors = diagnostics.contains { $0.isError }
    return (hasErrors ? nil : program, diagnostics)
  }

  /// Reads a file as UTF-8 and parses it; a file that cannot be read gives one error.
  public static func load(path: String) -> (program: Program?, diagnostics: [Diagnostic]) {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      return (nil, [.error("cannot read '\(path)': no such file", at: nil, in: nil)])
    }
    guard !isDirectory.boolValue else {
      return (nil, [.error("cannot read '\(path)': it is a directory", at: nil, in: nil)])
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      return (
        nil,
        [
          .error(
            "cannot read '\(path)': permission denied or unreadable", at: nil,
            in: nil)
        ]
      )
    }
    guard data.count <= maximumFileSize else {
      let message = "cannot read '\(path)': larger than \(maximumFileSize / (1024 * 1024)) MiB"
      return (nil, [.error(message, at: nil, in: nil)])
    }
    guard let text = String(data: data, encoding: .utf8) else {
      return (nil, [.error("cannot read '\(path)': it is not UTF-8 text", at: nil, in: nil)])
    }
    return parse(source: SourceFile(path: path, text: text))
  }
}

extension Frontend {
  /// The attribute names a block kind accepts (`user`, `server`, `uav`,
  /// `satellite`, `workload`, or `scenario` for the top level), for
  /// completion and suggestions in interactive tools.
  public static func attributeNames(of kind: String) -> [String] {
    let block: BlockKind?
    switch kind {
    case "scenario": block = .topLevel
    case "user": block = .user
    case "server": block = .server
    case "uav": block = .uav
    case "satellite": block = .satellite
    case "workload": block = .workload
    default: block = nil
    }
    return block?.specs.map(\.name) ?? []
  }

  /// Unit symbols the language knows, for completion.
  public static var unitSymbols: [String] { Units.all.map(\.symbol) }
}
