import SaginLanguage

/// The layout `save` writes: the scenario's statements regrouped into
/// commented sections (settings, workloads, users, ground servers, UAVs,
/// satellites, links and constraints, actions), each statement's text as
/// written, with the comment lines right above a declaration kept with it.
///
/// Regrouping keeps the model: settings apply wherever they stand, and
/// entities keep their relative order within a kind, which is all the node
/// order depends on.
// `save` then lays the text out with `Formatter` (the layout of `sagin fmt`).
enum CanonicalLayout {
  static let header = "# Saved from a sagin repl session.\n"

  /// The header and section titles this layout writes; dropped when a saved
  /// file is laid out again, so saving is idempotent.
  static func isStructureComment(_ line: String) -> Bool {
    line.hasPrefix("# Saved from a sagin repl session") || line.hasPrefix("# --- ")
  }

  static func text(of program: Program, source: String) -> String {
    // A script's statements depend on their order (a `let` before its use),
    // so it is written as it stands.
    guard !program.usesScripting else { return source }
    let utf8 = Array(source.utf8)
    func slice(_ start: Int, _ end: Int) -> String {
      String(decoding: utf8[start..<end], as: UTF8.self)
    }
    var sections: [String: [String]] = [:]
    var covered: [Range<Int>] = []
    for name in program.declarationNames {
      guard let layout = program.layout(ofDeclaration: name) else { continue }
      var start = layout.declaration.start
      // Attach the comment lines directly above the declaration.
      var lineStart = start
      while lineStart > 0 {
        var previous = lineStart - 1
        while previous > 0, utf8[previous - 1] != UInt8(ascii: "\n") { previous -= 1 }
        let line = slice(previous, lineStart - 1).trimmingCharacters(in: .whitespaces)
        guard line.hasPrefix("#"), !isStructureComment(line) else { break }
        lineStart = previous
      }
      start = lineStart
      covered.append(start..<layout.declaration.end)
      sections[layout.kind, default: []].append(slice(start, layout.declaration.end))
    }
    // Whatever is outside the declarations is top-level statements and comments.
    covered.sort { $0.lowerBound < $1.lowerBound }
    var outside = ""
    var position = 0
    for range in covered where range.lowerBound >= position {
      outside += slice(position, range.lowerBound) + "\n"
      position = range.upperBound
    }
    outside += slice(position, utf8.count)
    for line in outside.split(separator: "\n") {
      let text = line.trimmingCharacters(in: .whitespaces)
      guard !text.isEmpty, !isStructureComment(text) else { continue }
      let word = text.split(separator: " ").first.map(String.init) ?? ""
      let section: String
      switch word {
      case "gain", "pin", "forbid": section = "links"
      case "solve", "report": section = "actions"
      case _ where word.hasPrefix("#"): section = "comments"
      default: section = "settings"
      }
      sections[section, default: []].append(text)
    }
    let order: [(key: String, title: String, joiner: String)] = [
      ("comments", "Notes", "\n"), ("settings", "Scenario settings", "\n"),
      ("workload", "Workloads", "\n\n"), ("user", "Users", "\n"),
      ("server", "Ground servers", "\n"), ("uav", "UAVs", "\n"),
      ("satellite", "Satellites", "\n"), ("links", "Links and constraints", "\n"),
      ("actions", "Actions", "\n"),
    ]
    var result = header
    for (key, title, joiner) in order {
      guard let items = sections[key], !items.isEmpty else { continue }
      // Multi-line blocks are separated by a blank line, one-liners are not.
      let joiner = items.contains { $0.contains("\n") && !$0.hasPrefix("#") } ? "\n\n" : joiner
      result += "\n# --- \(title) ---\n" + items.joined(separator: joiner) + "\n"
    }
    return result
  }
}
