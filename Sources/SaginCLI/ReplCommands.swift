import Foundation
import SaginLanguage
import SaginModel
import SaginSolver

/// Executes one complete input of `sagin repl`: a REPL command, or any
/// statement or declaration of the language (added to the scenario).
struct ReplCommands {
  let session: ReplSession
  var console: Console { session.console }

  /// The command words; anything else is scenario text.
  static let commands: [(name: String, summary: String)] = [
    ("help", "help [TOPIC]: this list, or help on one command or on 'language'"),
    ("list", "list [users|servers|uavs|satellites|workloads]: the declared entities"),
    ("show", "show NAME: one entity's source and derived values (links, gains, rates)"),
    ("set", "set NAME.ATTRIBUTE = VALUE (or set SETTING = VALUE): change one attribute"),
    ("remove", "remove NAME: delete an entity (refused while something depends on it)"),
    ("unset", "unset NAME.ATTRIBUTE (or unset SETTING): delete one attribute, back to its default"),
    ("drop", "drop STATEMENT: delete a top-level line such as 'pin u1 -> g1' or 'deadline 30 min'"),
    ("solve", "solve [METHOD]: solve the scenario as it is now (para, para-matching, a baseline)"),
    ("report", "report [users|nodes|layers|summary ...]: sections of the last solution"),
    ("explain", "explain USER: why this chain: F with each other attachment, the limits that bind"),
    (
      "diff", "diff: how F and each node changed between the last two solves, and the edits between"
    ),
    ("print", "print EXPRESSION: evaluate and print a value of the scenario's script"),
    ("sweep", "sweep TARGET over VALUES { solve ... }: solve at each value, print the table"),
    ("compare", "compare [METHOD, ...] [seeds 1..5]: PARA and the baselines side by side"),
    ("undo", "undo: take back the last edit"),
    ("redo", "redo: re-apply an edit taken back"),
    ("source", "source: print the scenario text as it stands"),
    ("save", "save FILE: write the scenario as a .sagin file"),
    ("load", "load FILE: replace the session by a file (asks first when edits are unsaved)"),
    ("quit", "quit (or exit, or Ctrl-D): leave"),
  ]

  static var commandNames: [String] { commands.map(\.name) + ["exit", "load!"] }

  enum Result {
    case success
    case failure
    case quit
  }

  func execute(_ input: String) -> Result {
    let trimmed = input.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return .success }
    let words = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    let rest = Array(words.dropFirst())
    switch words[0] {
    case "help": return help(rest)
    case "list": return list(rest)
    case "show": return show(rest)
    case "set": return set(String(trimmed.dropFirst(3)).trimmingCharacters(in: .whitespaces))
    case "remove": return remove(rest)
    case "unset": return unset(rest)
    case "drop": return drop(String(trimmed.dropFirst(4)).trimmingCharacters(in: .whitespaces))
    case "solve": return solve(rest)
    // As in a file, report sections may be separated by commas.
    case "report": return report(rest.flatMap { $0.split(separator: ",").map(String.init) })
    case "diff": return diff()
    case "print", "sweep", "compare": return runNow(trimmed)
    case "explain": return explain(rest)
    case "undo": return session.undo() ? .success : .failure
    case "redo": return session.redo() ? .success : .failure
    case "source":
      console.writeOutput(
        session.text.hasSuffix("\n") || session.text.isEmpty ? session.text : session.text + "\n")
      return .success
    case "save": return save(rest)
    case "load", "load!": return load(rest, force: words[0] == "load!")
    case "quit", "exit": return .quit
    default:
      // `lst`, `shwo`: a misspelt command, not a statement of the language.
      if !Frontend.statementWords.contains(words[0]),
        let command = closestWord(to: words[0], in: ReplCommands.commandNames, maximumDistance: 2)
      {
        console.error("error: unknown command '\(words[0])'; did you mean '\(command)'?")
        return .failure
      }
      return addText(trimmed)
    }
  }

  // MARK: - Statements run at once

  /// `print` and `sweep` typed at the prompt run against the scenario as it
  /// stands and are not added to it.
  private func runNow(_ input: String) -> Result {
    let prefix =
      session.text.isEmpty || session.text.hasSuffix("\n") ? session.text : session.text + "\n"
    let start = prefix.utf8.count
    let source = SourceFile(path: session.sourceName, text: prefix + input + "\n")
    let (program, diagnostics) = Frontend.parse(
      source: source, options: session.scriptOptions, allowsNoUsers: true)
    for diagnostic in diagnostics {
      console.error(diagnostic.rendered(colour: console.isColourEnabled))
    }
    guard let program, !diagnostics.contains(where: \.isError) else { return .failure }
    var succeeded = true
    for action in program.actions {
      switch action {
      case .print(let text, let span) where span.file == 0 && span.start >= start:
        console.output(text)
      case .compare(let request, let span) where span.file == 0 && span.start >= start:
        guard let model = session.model else {
          console.error("error: the scenario has no users yet; nothing to compare")
          return .failure
        }
        var options = CommandOptions(path: session.sourceName)
        options.omitsTiming = !session.isInteractive
        var comparison = CompareRunner(
          model: model, request: request, options: options, console: console,
          title: session.sourceName)
        comparison.run()
        if comparison.exitCode != ExitCode.success { succeeded = false }
      case .sweep(let plan, let span) where span.file == 0 && span.start >= start:
        var options = CommandOptions(path: session.sourceName)
        options.omitsTiming = !session.isInteractive  // piped sessions are reproducible
        var sweep = SweepRunner(plan: plan, options: options, console: console)
        sweep.run()
        if sweep.exitCode != ExitCode.success { succeeded = false }
      default:
        continue
      }
    }
    return succeeded ? .success : .failure
  }

  // MARK: - Editing

  /// Appends a declaration or statement to the scenario.
  private func addText(_ input: String) -> Result {
    let separator = session.text.isEmpty || session.text.hasSuffix("\n") ? "" : "\n"
    let candidate = session.text + separator + input + "\n"
    return session.apply(candidate, command: firstLine(input)) ? .success : .failure
  }

  private func firstLine(_ input: String) -> String {
    let line = input.split(separator: "\n").first.map(String.init) ?? input
    return line.count > 60 ? String(line.prefix(57)) + "..." : line
  }

  /// `set NAME.ATTRIBUTE = VALUE`, `set NAME.ATTRIBUTE VALUE` or `set SETTING = VALUE`.
  private func set(_ argument: String) -> Result {
    let target: Substring
    var value: Substring
    if let equals = argument.firstIndex(of: "=") {
      target = argument[..<equals]
      value = argument[argument.index(after: equals)...]
    } else if let space = argument.firstIndex(of: " ") {
      target = argument[..<space]
      value = argument[space...]
    } else {
      console.error("error: expected 'set NAME.ATTRIBUTE = VALUE' or 'set SETTING = VALUE'")
      return .failure
    }
    value = value.drop { $0 == " " }
    let path = target.trimmingCharacters(in: .whitespaces)
    guard !value.isEmpty else {
      console.error("error: expected a value after '\(path)'")
      return .failure
    }
    let text = session.text
    let utf8 = Array(text.utf8)
    func replacing(_ span: SourceSpan, with replacement: String) -> String {
      String(decoding: utf8[..<span.start], as: UTF8.self) + replacement
        + String(decoding: utf8[span.end...], as: UTF8.self)
    }
    let command = "set \(path) = \(value)"
    guard let dot = path.firstIndex(of: ".") else {
      // A top-level setting: rewrite its first occurrence, or add it.
      let line = "\(path) \(value)"
      let keyword = String(path.split(separator: " ").first ?? "")
      let settings = Frontend.attributeNames(of: "scenario")
      guard settings.contains(keyword) else {
        let hint =
          entityNames.contains(keyword)
          ? "; to change an attribute of '\(keyword)', write 'set \(keyword).ATTRIBUTE = VALUE'"
          : suggestion(keyword, among: settings + entityNames)
        console.error("error: '\(keyword)' is not a scenario setting\(hint)")
        return .failure
      }
      if let span = session.program?.settingSpans[path] {
        return session.apply(replacing(span, with: line), command: command) ? .success : .failure
      }
      // Settings apply wherever they stand; a new one goes at the end.
      let separator = text.isEmpty || text.hasSuffix("\n") ? "" : "\n"
      return session.apply(text + separator + line + "\n", command: command) ? .success : .failure
    }
    let name = String(path[..<dot])
    let attribute = String(path[path.index(after: dot)...])
    guard let layout = editableLayout(of: name) else { return .failure }
    let line = "\(attribute) \(value)"
    if let span = layout.attributes[attribute] {
      return session.apply(replacing(span, with: line), command: command) ? .success : .failure
    }
    guard let close = layout.closeBrace else {
      // `user u1 from phone` has no braces yet: give it a block.
      let end = SourceSpan(start: layout.declaration.end, end: layout.declaration.end)
      let candidate = replacing(end, with: " { \(line) }")
      return session.apply(candidate, command: command) ? .success : .failure
    }
    // A new attribute goes on a line of its own before a `}` that starts its
    // line, or after a `;` in a one-line block.
    var lineStart = close.start
    while lineStart > 0,
      utf8[lineStart - 1] == UInt8(ascii: " ") || utf8[lineStart - 1] == UInt8(ascii: "\t")
    {
      lineStart -= 1
    }
    let candidate =
      lineStart > 0 && utf8[lineStart - 1] == UInt8(ascii: "\n")
      ? replacing(SourceSpan(start: lineStart, end: lineStart), with: "  \(line)\n")
      : insertingInOneLineBlock(line, before: close.start, in: utf8)
    // An unknown attribute is reported by the check, with a suggestion.
    return session.apply(candidate, command: command) ? .success : .failure
  }

  /// `{ a; b }` becomes `{ a; b; line }`, and `{ }` becomes `{ line }`.
  private func insertingInOneLineBlock(_ line: String, before close: Int, in utf8: [UInt8])
    -> String
  {
    var end = close
    while end > 0, utf8[end - 1] == UInt8(ascii: " ") || utf8[end - 1] == UInt8(ascii: "\t") {
      end -= 1
    }
    let opens = end > 0 && utf8[end - 1] == UInt8(ascii: "{")
    let last = end > 0 ? utf8[end - 1] : 0
    let separator = opens ? " " : (last == UInt8(ascii: ";") ? " " : "; ")
    return String(decoding: utf8[..<end], as: UTF8.self) + separator + line + " "
      + String(decoding: utf8[close...], as: UTF8.self)
  }

  /// `remove NAME`: deletes the declaration; the check that follows names
  /// whatever depended on it (a user of a workload, a pin, a gain) and keeps it.
  private func remove(_ words: [String]) -> Result {
    guard words.count == 1, let name = words.first else {
      console.error("error: expected 'remove NAME'")
      return .failure
    }
    guard let layout = editableLayout(of: name) else { return .failure }
    var utf8 = Array(session.text.utf8)
    var end = layout.declaration.end
    if end < utf8.count, utf8[end] == UInt8(ascii: "\n") { end += 1 }
    utf8.removeSubrange(layout.declaration.start..<end)
    let candidate = String(decoding: utf8, as: UTF8.self)
    guard session.apply(candidate, command: "remove \(name)") else {
      console.error("note: '\(name)' stays; remove or change what depends on it first")
      return .failure
    }
    console.output("removed \(layout.kind) '\(name)'")
    return .success
  }

  /// `unset NAME.ATTRIBUTE` or `unset SETTING`: deletes the attribute's first occurrence.
  private func unset(_ words: [String]) -> Result {
    guard words.count == 1, let path = words.first else {
      console.error("error: expected 'unset NAME.ATTRIBUTE' or 'unset SETTING'")
      return .failure
    }
    let span: SourceSpan?
    if let dot = path.firstIndex(of: ".") {
      let name = String(path[..<dot])
      let attribute = String(path[path.index(after: dot)...])
      guard let layout = editableLayout(of: name) else { return .failure }
      span = layout.attributes[attribute]
    } else {
      span = session.program?.settingSpans[path]
    }
    guard let span else {
      console.error("error: '\(path)' is not written in the scenario; nothing to unset")
      return .failure
    }
    return deleting(span, command: "unset \(path)")
  }

  /// `drop STATEMENT`: deletes the first top-level line that reads STATEMENT.
  private func drop(_ statement: String) -> Result {
    let wanted = statement.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    guard !wanted.isEmpty else {
      console.error("error: expected 'drop STATEMENT', e.g. 'drop pin u1 -> g1'")
      return .failure
    }
    // A line that reads the statement, or starts with it (`drop gain u1 -> g1`
    // for `gain u1 -> g1 = -100 dB`); several candidates are an error.
    var matches: [(span: SourceSpan, text: String)] = []
    var offset = 0
    for line in session.text.split(separator: "\n", omittingEmptySubsequences: false) {
      let code =
        line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
      let normalized = code.split(whereSeparator: \.isWhitespace).joined(separator: " ")
      if normalized == wanted || normalized.hasPrefix(wanted + " ") {
        matches.append((SourceSpan(start: offset, end: offset + line.utf8.count), normalized))
      }
      offset += line.utf8.count + 1
    }
    guard matches.count == 1, let match = matches.first else {
      console.error(
        matches.isEmpty
          ? "error: no line reads '\(wanted)'; 'source' shows the scenario"
          : "error: \(matches.count) lines start with '\(wanted)': "
            + matches.map { "'\($0.text)'" }.joined(separator: ", ") + "; give more of the line")
      return .failure
    }
    let result = deleting(match.span, command: "drop \(match.text)")
    if case .success = result { console.output("dropped: \(match.text)") }
    return result
  }

  /// Deletes a span (and the line break or ';' right after it) and applies the result.
  private func deleting(_ span: SourceSpan, command: String) -> Result {
    var utf8 = Array(session.text.utf8)
    var end = span.end
    if end < utf8.count, utf8[end] == UInt8(ascii: ";") { end += 1 }
    if end < utf8.count, utf8[end] == UInt8(ascii: "\n") {
      end += 1
      // Drop the indentation left on an emptied line as well.
      var start = span.start
      while start > 0, utf8[start - 1] == UInt8(ascii: " ") { start -= 1 }
      if start == 0 || utf8[start - 1] == UInt8(ascii: "\n") {
        utf8.removeSubrange(start..<end)
        return session.apply(String(decoding: utf8, as: UTF8.self), command: command)
          ? .success : .failure
      }
    }
    utf8.removeSubrange(span.start..<end)
    return session.apply(String(decoding: utf8, as: UTF8.self), command: command)
      ? .success : .failure
  }

  var entityNames: [String] { session.program?.declarationNames ?? [] }

  /// The layout of a block the session may edit in place; nil after saying
  /// why not (no such block, or a loop or an include made it).
  func editableLayout(of name: String) -> Program.DeclarationLayout? {
    guard let layout = session.program?.layout(ofDeclaration: name) else {
      console.error("error: no entity named '\(name)'" + suggestion(name, among: entityNames))
      return nil
    }
    if let refusal = generatedRefusal(name) {
      console.error(refusal)
      return nil
    }
    return layout
  }

  /// Why an entity's text cannot be edited in place: a loop or an include
  /// made it, so its source is shared with others. Nil when it can be.
  func generatedRefusal(_ name: String) -> String? {
    guard let program = session.program, !program.isWrittenOut(name) else { return nil }
    let origin = program.origin(of: name) ?? "included"
    if origin == "included" {
      return "error: '\(name)' is declared in an included file; edit that file instead"
    }
    return "error: '\(name)' is made by a loop (\(origin)); edit the loop, its template or its"
      + " parameters instead"
  }

  func suggestion(_ word: String, among candidates: [String]) -> String {
    closestWord(to: word, in: candidates, maximumDistance: max(2, word.count / 3))
      .map { "; did you mean '\($0)'?" } ?? ""
  }
}
