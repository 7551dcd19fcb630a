import SaginLanguage
import SaginModel

/// Loads a `.sagin` file into a program and its compiled model, printing
/// every diagnostic: the front end's, then the model compiler's issues
/// located in the source through `Program.span(ofEntity:attribute:)`.
struct ScenarioLoader {
  let console: Console
  var options = ScriptOptions()

  struct Loaded {
    var program: Program
    var model: ParaModel
  }

  /// The program and model, or nil after printing why not.
  func load(path: String) -> Loaded? {
    let (program, diagnostics) = Frontend.load(path: path, options: options)
    print(diagnostics, path: path)
    guard let program, !diagnostics.contains(where: \.isError) else {
      reportErrorCount(diagnostics.filter(\.isError).count, path: path)
      return nil
    }

    let compilation = ModelCompiler.compile(program.scenario)
    let ordered = ScenarioLoader.locate(compilation.issues, in: program)
    print(ordered, path: path)
    guard let model = compilation.model, ordered.isEmpty else {
      reportErrorCount(max(ordered.count, 1), path: path)
      return nil
    }
    print(unreachableUserWarnings(model, program: program), path: path)
    return Loaded(program: program, model: model)
  }

  /// The model compiler's issues as diagnostics in the source, in source order
  /// (issues without a place first).
  static func locate(_ issues: [ModelIssue], in program: Program) -> [Diagnostic] {
    let located = issues.map { issue in
      let span = program.span(ofEntity: issue.entity, attribute: issue.attribute)
      return Diagnostic.error(
        issue.message, at: span, in: program.file(of: span), hint: issue.hint)
    }
    return located.enumerated().sorted { a, b in
      let left = a.element.span.map { ($0.file, $0.start) } ?? (-1, -1)
      let right = b.element.span.map { ($0.file, $0.start) } ?? (-1, -1)
      return left == right ? a.offset < b.offset : left < right
    }.map(\.element)
  }

  /// Users that reach no server train everything locally; that is legal but
  /// rarely meant when the scenario has servers (a coverage or position slip).
  private func unreachableUserWarnings(_ model: ParaModel, program: Program) -> [Diagnostic] {
    guard model.nodes.contains(where: { $0.layer != .user }) else { return [] }
    let senders = Set(model.links.map(\.from))
    return model.users.map(\.node).filter { !senders.contains($0) }.map { node in
      let id = model.nodes[node].id
      let span = program.span(ofEntity: id, attribute: "position")
      return Diagnostic.warning(
        "user '\(id)' reaches no server and will train everything locally",
        at: span, in: program.file(of: span),
        hint:
          "check its position against the servers' coverage, or give it an explicit gain to a server"
      )
    }
  }

  private func print(_ diagnostics: [Diagnostic], path: String) {
    for diagnostic in diagnostics {
      let text = diagnostic.rendered(colour: console.isColourEnabled)
      // A diagnostic about the file as a whole (it cannot be read) names it like the others.
      console.error(diagnostic.file == nil ? "\(path): \(text)" : text)
    }
  }

  private func reportErrorCount(_ count: Int, path: String) {
    guard count > 1 else { return }
    console.error("\(path): \(count) errors")
  }
}

/// `sagin check FILE`: diagnostics only.
struct CheckCommand {
  let path: String
  let console: Console
  var options = ScriptOptions()

  func run() -> Int32 {
    guard let loaded = ScenarioLoader(console: console, options: options).load(path: path) else {
      return ExitCode.inputError
    }
    let model = loaded.model
    let users = model.users.count
    let servers = model.nodes.count - users
    let links = model.links.count
    console.output(
      "\(path): ok (\(plural(users, "user")), \(plural(servers, "server")), \(plural(links, "link")))"
    )
    return ExitCode.success
  }
}

/// `3 users`, `1 server`.
func plural(_ count: Int, _ noun: String) -> String {
  "\(count) \(noun)\(count == 1 ? "" : "s")"
}
