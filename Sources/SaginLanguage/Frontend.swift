import Foundation

/// The entry points of the language front end: text or a file in, a
/// `Program` and diagnostics out. No input makes these crash or hang.
/// Carries a result out of the front end's thread; written once before the
/// semaphore is signalled and read after it is waited on.
private final class ResultBox<T>: @unchecked Sendable {
  var value: T?
}

public enum Frontend {
  /// Files larger than this are refused rather than parsed.
  static let maximumFileSize = 16 * 1024 * 1024

  /// Parses a file's text, runs its script and elaborates the result. The
  /// program is nil when any diagnostic is an error; warnings come with a
  /// program. `allowsNoUsers`: accept a scenario that declares no user yet
  /// (an interactive session that is being built up); files must declare one.
  public static func parse(
    source: SourceFile, options: ScriptOptions = ScriptOptions(), allowsNoUsers: Bool = false
  ) -> (program: Program?, diagnostics: [Diagnostic]) {
    // The parser and interpreter recurse as deep as an expression nests
    // (bounded by `ScriptLimits.nesting`); a thread of its own with a large
    // stack makes that safe whatever thread the caller runs on.
    onLargeStack {
      parseOnThisThread(source: source, options: options, allowsNoUsers: allowsNoUsers)
    }
  }

  /// Stack of the thread the front end runs on: room for the deepest
  /// expression `ScriptLimits.maximumNesting` allows, many times over.
  static let stackSize = 256 * 1024 * 1024

  static func onLargeStack<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
      box.value = body()
      done.signal()
    }
    thread.stackSize = stackSize
    thread.start()
    done.wait()
    guard let value = box.value else { return body() }
    return value
  }

  private static func parseOnThisThread(
    source: SourceFile, options: ScriptOptions, allowsNoUsers: Bool
  ) -> (program: Program?, diagnostics: [Diagnostic]) {
    guard source.text.utf8.count <= maximumFileSize else {
      let message = "file is larger than \(maximumFileSize / (1024 * 1024)) MiB; not parsing it"
      return (nil, [.error(message, at: nil, in: source)])
    }
    let (tree, syntaxDiagnostics) = Parser.parse(source, limits: options.limits)
    var diagnostics = syntaxDiagnostics
    let seed = scenarioSeed(tree, source: source, options: options, diagnostics: &diagnostics)

    var interpreter = Interpreter(main: source, options: options, seed: seed)
    interpreter.run(tree.items)
    interpreter.checkUnusedOverrides()
    diagnostics += interpreter.diagnostics

    var elaborator = Elaborator(file: source)
    // A file whose script failed may have made no users; that is not news.
    elaborator.allowsNoUsers = allowsNoUsers || diagnostics.contains(where: \.isError)
    var program = elaborator.elaborate(SyntaxTree(items: interpreter.output))
    diagnostics += elaborator.diagnostics
    program.sources = interpreter.sources
    program.seed = seed
    program.usesScripting = tree.items.contains {
      switch $0 {
      case .declaration(let declaration): return declaration.template != nil
      case .setting: return false
      default: return true
      }
    }
    program.parameters = interpreter.parameters.map { ($0.name, Interpreter.text(of: $0.value)) }

    if !interpreter.sweeps.isEmpty, !diagnostics.contains(where: \.isError) {
      var planner = SweepPlanner(
        tree: tree, source: source, options: options, seed: seed, main: interpreter)
      program.actions = program.actions.map { action in
        guard case .sweep(let plan, let span) = action else { return action }
        return .sweep(planner.plan(interpreter.sweeps[plan.index], index: plan.index), span)
      }
      diagnostics += planner.diagnostics
    }

    let located = arrange(diagnostics, sources: interpreter.sources)
    let hasErrors = located.contains { $0.isError }
    return (hasErrors ? nil : program, located)
  }

  /// The seed generators start from: `--seed`, else the file's `seed`
  /// statement (a whole number from 0 to 2^53), else 1.
  private static func scenarioSeed(
    _ tree: SyntaxTree, source: SourceFile, options: ScriptOptions,
    diagnostics: inout [Diagnostic]
  ) -> UInt64 {
    var seed: UInt64 = 1
    var first: SourceSpan?
    for item in tree.items {
      guard case .seed(let expression, let keyword) = item else { continue }
      if let first {
        var diagnostic = Diagnostic.error(
          "duplicate setting 'seed'", at: keyword, in: source, hint: "a file has one seed")
        diagnostic.notes.append(.init("first given here", at: first))
        diagnostics.append(diagnostic)
        continue
      }
      first = keyword
      var constants = Interpreter(main: source, options: options, seed: 1)
      if let value = constants.evaluate(expression) {
        if case .quantity(let quantity) = value, quantity.isPlainNumber, quantity.value >= 0,
          quantity.value <= 9_007_199_254_740_992, quantity.value == quantity.value.rounded()
        {
          seed = UInt64(quantity.value)
        } else {
          constants.error(
            "expected a whole number from 0 to 2^53 after 'seed', found \(Interpreter.describe(value))",
            at: expression.span)
        }
      }
      diagnostics += constants.diagnostics
    }
    return options.seed ?? seed
  }

  /// Diagnostics with the file each points into, repeats of one problem in
  /// a loop merged, in file and source order (those without a place first).
  static func arrange(_ diagnostics: [Diagnostic], sources: [SourceFile]) -> [Diagnostic] {
    func file(_ span: SourceSpan?) -> SourceFile? {
      guard let span, span.file < sources.count else { return nil }
      return sources[span.file]
    }
    var seen: Set<String> = []
    var result: [Diagnostic] = []
    for var diagnostic in diagnostics {
      if let span = diagnostic.span {
        let key =
          "\(diagnostic.severity):\(span.file):\(span.start):\(span.end):"
          + (diagnostic.hint ?? diagnostic.message)
        guard !seen.contains(key) else { continue }
        seen.insert(key)
        diagnostic.file = file(span) ?? diagnostic.file
      }
      diagnostic.notes = diagnostic.notes.map { note in
        var note = note
        if note.file == nil, let span = note.span { note.file = file(span) }
        return note
      }
      result.append(diagnostic)
    }
    return result.enumerated()
      .sorted { a, b in
        let left = a.element.span.map { ($0.file, $0.start) } ?? (-1, -1)
        let right = b.element.span.map { ($0.file, $0.start) } ?? (-1, -1)
        return left == right ? a.offset < b.offset : left < right
      }
      .map(\.element)
  }

  /// Reads a file as UTF-8 and parses it; a file that cannot be read gives one error.
  public static func load(path: String, options: ScriptOptions = ScriptOptions())
    -> (program: Program?, diagnostics: [Diagnostic])
  {
    switch FileReadError.read(path) {
    case .success(let text):
      return parse(source: SourceFile(path: path, text: text), options: options)
    case .failure(let failure):
      return (nil, [.error("cannot read '\(path)': \(failure.reason)", at: nil, in: nil)])
    }
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

  /// The words a statement of the language may start with: declarations,
  /// settings and scripting keywords.
  public static var statementWords: Set<String> {
    Set(DeclarationKind.allCases.map(\.rawValue) + BlockKind.topLevel.specs.map(\.name))
      .union(Parser.scriptKeywords).union(["template"])
  }

  /// Unit symbols the language knows, for completion.
  public static var unitSymbols: [String] { Units.all.map(\.symbol) }
}
