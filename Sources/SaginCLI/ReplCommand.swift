@preconcurrency import CReadline
import Foundation
import SaginLanguage

/// `sagin repl [FILE]`: the interactive session. On a terminal it reads
/// through GNU readline (history across sessions, Tab completion, a
/// continuation prompt until braces balance); with standard input piped it
/// reads plain lines with no prompt or echo, so a session file is a script,
/// and the exit code is 1 when any command failed.
struct ReplCommand {
  let path: String?
  let console: Console
  let isInteractive: Bool
  var scriptOptions = ScriptOptions()

  func run(readLine: @escaping () -> String? = { Swift.readLine(strippingNewline: true) }) -> Int32
  {
    let session = ReplSession(console: console, isInteractive: isInteractive)
    session.scriptOptions = scriptOptions
    let commands = ReplCommands(session: session)
    var failed = false
    if let path {
      if commands.execute("load! \(path)") == .failure { failed = true }
    }
    let reader: LineReader =
      isInteractive
      ? InteractiveReader(session: session) : PipedReader(next: readLine)
    if isInteractive {
      session.confirm = { question in
        (reader.read(prompt: "\(question) [y/N] ") ?? "").lowercased().hasPrefix("y")
      }
      console.output("sagin \(Help.version) — type 'help' for commands, Ctrl-D to leave")
    }
    while true {
      guard let input = readInput(reader) else {
        // Ctrl-D with unsaved edits asks once; a second Ctrl-D (or 'y') leaves.
        if isInteractive, session.hasUnsavedEdits {
          let question = "the session has unsaved edits; leave anyway? [y/N] "
          if let answer = reader.read(prompt: question), !answer.lowercased().hasPrefix("y") {
            continue
          }
        }
        break
      }
      switch commands.execute(input) {
      case .success: break
      case .failure: failed = true
      case .quit:
        reader.finish()
        return failed ? ExitCode.inputError : ExitCode.success
      }
    }
    reader.finish()
    return failed ? ExitCode.inputError : ExitCode.success
  }

  /// One complete input: lines are joined until the braces balance.
  private func readInput(_ reader: LineReader) -> String? {
    guard var input = reader.read(prompt: "sagin> ") else { return nil }
    while Self.openBraces(in: input) > 0 {
      SolveInterruption.isPromptInterrupted = false
      guard let more = reader.read(prompt: "   ... ") else { break }
      // Ctrl-C abandons the open block; the line typed after it starts afresh.
      if SolveInterruption.isPromptInterrupted {
        input = more
        continue
      }
      input += "\n" + more
    }
    reader.remember(input)
    return input
  }

  /// `{` minus `}` outside comments and strings.
  static func openBraces(in text: String) -> Int {
    var depth = 0
    var inString = false
    var inComment = false
    for character in text {
      switch character {
      // Comments and strings end at the end of their line.
      case "\n":
        inComment = false
        inString = false
      case "#" where !inString: inComment = true
      case "\"" where !inComment: inString.toggle()
      case "{" where !inString && !inComment: depth += 1
      case "}" where !inString && !inComment: depth -= 1
      default: break
      }
    }
    return depth
  }
}

/// Where the REPL's lines come from.
protocol LineReader {
  func read(prompt: String) -> String?
  /// Adds a complete input to the history.
  func remember(_ input: String)
  func finish()
}

/// Plain lines from a pipe: no prompt, no echo, no history.
struct PipedReader: LineReader {
  let next: () -> String?
  func read(prompt: String) -> String? { next() }
  func remember(_ input: String) {}
  func finish() {}
}
