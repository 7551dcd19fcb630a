@preconcurrency import CReadline
import Foundation
import SaginLanguage

/// Reads lines through GNU readline, with a history file across sessions
/// (`$SAGIN_HISTORY` or `~/.sagin_history`) and context-aware completion.
final class InteractiveReader: LineReader {
  private let historyPath: String

  /// The session completion reads; readline's C callback has no context pointer.
  nonisolated(unsafe) static var session: ReplSession?

  init(session: ReplSession) {
    let home = ProcessInfo.processInfo.environment["HOME"] ?? "."
    historyPath = ProcessInfo.processInfo.environment["SAGIN_HISTORY"] ?? home + "/.sagin_history"
    InteractiveReader.session = session
    using_history()
    // A first run has no history file yet; that is not an error.
    _ = read_history(historyPath)
    rl_attempted_completion_function = saginCompletion
    installInterruptHandler()
  }

  func read(prompt: String) -> String? {
    guard let line = readline(prompt) else { return nil }
    defer { free(line) }
    return String(cString: line)
  }

  func remember(_ input: String) {
    let entry = input.trimmingCharacters(in: .whitespaces)
    guard !entry.isEmpty else { return }
    add_history(entry)
  }

  func finish() {
    _ = write_history(historyPath)
  }

  /// Ctrl-C at the prompt clears the line; during a solve it asks the solver
  /// to stop; it never ends the session.
  private func installInterruptHandler() {
    signal(SIGINT) { _ in
      if SolveInterruption.isSolving {
        SolveInterruption.isRequested = true
        return
      }
      SolveInterruption.isPromptInterrupted = true
      FileHandle.standardOutput.write(Data("\n".utf8))
      rl_set_prompt("sagin> ")
      rl_on_new_line()
      rl_replace_line("", 0)
      rl_redisplay()
    }
  }
}

/// Whether a solve is running and whether Ctrl-C asked it to stop. Written
/// from the SIGINT handler and read by the solver between its steps.
// Limitation: plain flags, not atomics; a torn read only delays the stop by one step.
enum SolveInterruption {
  nonisolated(unsafe) static var isSolving = false
  nonisolated(unsafe) static var isRequested = false
  /// Ctrl-C at a prompt: an open multi-line block is abandoned.
  nonisolated(unsafe) static var isPromptInterrupted = false

  static func begin() {
    isRequested = false
    isSolving = true
  }

  static func end() {
    isSolving = false
    isRequested = false
  }
}

/// Completion candidates for the word being typed in `line` (text before the cursor).
func completionCandidates(for line: String, session: ReplSession?) -> [String] {
  let words = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
  let current = words.last ?? ""
  let names = session?.program?.declarationNames ?? []
  if words.count <= 1 {
    return (ReplCommands.commandNames + ["user", "server", "uav", "satellite", "workload"])
      .filter { $0.hasPrefix(current) }
  }
  switch words[0] {
  case "show", "remove":
    return names.filter { $0.hasPrefix(current) }
  case "list":
    return ["users", "servers", "uavs", "satellites", "workloads"].filter { $0.hasPrefix(current) }
  case "report":
    return HumanReport.sections.filter { $0.hasPrefix(current) }
  case "help":
    return (ReplCommands.commands.map(\.name) + ["language"]).filter { $0.hasPrefix(current) }
  case "set" where words.count == 2:
    // After `set NAME.` offer that entity's attributes.
    if let dot = current.firstIndex(of: ".") {
      let name = String(current[..<dot])
      let partial = String(current[current.index(after: dot)...])
      guard let kind = session?.program?.layout(ofDeclaration: name)?.kind else { return [] }
      return Frontend.attributeNames(of: kind).filter { $0.hasPrefix(partial) }.map {
        "\(name).\($0)"
      }
    }
    return names.map { $0 + "." }.filter { $0.hasPrefix(current) }
  default:
    // A number was just typed: offer units.
    if words.count >= 2, Double(words[words.count - 2]) != nil {
      return Frontend.unitSymbols.filter { $0.hasPrefix(current) }
    }
    return names.filter { $0.hasPrefix(current) }
  }
}

private func saginCompletion(
  _ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32
) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
  rl_attempted_completion_over = 1
  let line = String(cString: rl_line_buffer).prefix(Int(end))
  let candidates = completionCandidates(for: String(line), session: InteractiveReader.session)
  guard !candidates.isEmpty else { return nil }
  // readline wants the common prefix first, then the candidates, then NULL;
  // it frees every string.
  let prefix = candidates.dropFirst().reduce(candidates[0]) { common, next in
    String(zip(common, next).prefix { $0 == $1 }.map(\.0))
  }
  let array = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(
    capacity: candidates.count + 2)
  array[0] = strdup(candidates.count == 1 ? candidates[0] : prefix)
  for (k, candidate) in candidates.enumerated() { array[k + 1] = strdup(candidate) }
  array[candidates.count + 1] = nil
  return array
}
