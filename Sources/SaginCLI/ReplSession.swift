import Foundation
import SaginLanguage
import SaginModel
import SaginSolver

/// The state behind `sagin repl`: a scenario kept as `.sagin` source text,
/// its compiled model, the edit history and the last solution.
///
/// Design note. Every edit is a rewrite of the source text followed by a full
/// check through the front end and the model compiler; an edit that fails
/// either is dropped and the session is exactly as before. Keeping text, not
/// only the elaborated scenario, makes `save` exact (what you typed is what is
/// written), gives `undo` a natural unit (one text per edit), and lets every
/// diagnostic point at real source.
final class ReplSession {
  /// One accepted edit: the text after it and what the user typed.
  struct Edit {
    var text: String
    var command: String
  }

  let console: Console
  /// Whether prompts and confirmations may be used (standard input is a terminal).
  let isInteractive: Bool
  private(set) var text = ""
  private(set) var program: Program?
  private(set) var model: ParaModel?
  private var undoStack: [Edit] = []
  private var redoStack: [Edit] = []
  /// The text as last loaded or saved.
  private var savedText = ""
  /// Whether the scenario differs from what was last loaded or saved.
  var hasUnsavedEdits: Bool { text != savedText }
  /// Edits since the last solve, for `diff`.
  private(set) var editsSinceSolve: [String] = []
  private(set) var lastOutcome: SolveOutcome?
  private var previousOutcome: SolveOutcome?
  /// The name diagnostics use for the session's text.
  let sourceName = "<session>"
  /// `-D`, `--seed` and `--limit` from the command line; includes are read
  /// relative to the last loaded file.
  var scriptOptions = ScriptOptions()
  /// Asks a yes/no question on a terminal.
  var confirm: (String) -> Bool = { _ in false }

  init(console: Console, isInteractive: Bool) {
    self.console = console
    self.isInteractive = isInteractive
  }

  // MARK: - Checking and applying text

  /// Parses and compiles `candidate`; on success it becomes the session's
  /// text. Errors are printed and leave the session unchanged.
  @discardableResult
  func apply(_ candidate: String, command: String, recordsUndo: Bool = true) -> Bool {
    guard let (program, model) = check(candidate) else { return false }
    if recordsUndo {
      undoStack.append(Edit(text: text, command: command))
      redoStack.removeAll()
    }
    text = candidate
    self.program = program
    self.model = model
    editsSinceSolve.append(command)
    return true
  }

  /// The program and model of `candidate`, or nil after printing why not.
  /// An empty scenario (no users yet) is accepted without a model.
  func check(_ candidate: String) -> (Program?, ParaModel?)? {
    let source = SourceFile(path: sourceName, text: candidate)
    let (program, diagnostics) = Frontend.parse(
      source: source, options: scriptOptions, allowsNoUsers: true)
    for diagnostic in diagnostics {
      console.error(diagnostic.rendered(colour: console.isColourEnabled))
    }
    guard let program, !diagnostics.contains(where: \.isError) else { return nil }
    // A session being built may have no user yet: nothing to compile then.
    if program.scenario.users.isEmpty { return (program, nil) }
    let compilation = ModelCompiler.compile(program.scenario)
    for diagnostic in ScenarioLoader.locate(compilation.issues, in: program) {
      console.error(diagnostic.rendered(colour: console.isColourEnabled))
    }
    guard let model = compilation.model, compilation.issues.isEmpty else { return nil }
    return (program, model)
  }

  // MARK: - History

  func undo() -> Bool {
    guard let edit = undoStack.popLast() else {
      console.error("error: nothing to undo")
      return false
    }
    redoStack.append(Edit(text: text, command: edit.command))
    restore(edit.text)
    editsSinceSolve.append("undo \(edit.command)")
    console.output("undid: \(edit.command)")
    return true
  }

  func redo() -> Bool {
    guard let edit = redoStack.popLast() else {
      console.error("error: nothing to redo")
      return false
    }
    undoStack.append(Edit(text: text, command: edit.command))
    restore(edit.text)
    editsSinceSolve.append(edit.command)
    console.output("redid: \(edit.command)")
    return true
  }

  private func restore(_ saved: String) {
    // Every text on the stacks was accepted once, so it checks again.
    let checked = check(saved)
    text = saved
    program = checked?.0
    model = checked?.1
  }

  /// Replaces the whole session (after `load`): no undo across it.
  func replace(with newText: String) -> Bool {
    guard let (program, model) = check(newText) else { return false }
    text = newText
    self.program = program
    self.model = model
    undoStack.removeAll()
    redoStack.removeAll()
    savedText = newText
    editsSinceSolve = []
    lastOutcome = nil
    return true
  }

  func markSaved() {
    savedText = text
  }

  /// The model the last solution belongs to, to tell whether it can warm-start the next solve.
  private(set) var lastSolvedModel: ParaModel?

  /// The last solution, when it can start a solve of the current model: same
  /// nodes in the same order and a usable status.
  var warmStart: Allocation? {
    guard let outcome = lastOutcome, let solved = lastSolvedModel, let model,
      outcome.status == .optimalStationary || outcome.status == .iterationLimit,
      solved.nodes.map(\.id) == model.nodes.map(\.id)
    else { return nil }
    return outcome.allocation
  }

  func record(_ outcome: SolveOutcome) {
    lastSolvedModel = model
    previousOutcome = lastOutcome
    lastOutcome = outcome
    editsBetweenSolves = editsSinceSolve
    editsSinceSolve = []
  }

  /// The edits made between the last two solves, for `diff`.
  private(set) var editsBetweenSolves: [String] = []

  var outcomeBeforeLast: SolveOutcome? { previousOutcome }
}
