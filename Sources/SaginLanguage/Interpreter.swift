import Foundation

/// Runs the scripting layer of a file: evaluates `let`, `param`, loops,
/// conditions, templates, includes and expressions, and hands the
/// elaborator the plain declarations and settings they produce.
///
/// Design: the interpreter walks the syntax tree once, in file order, with
/// a stack of scopes. Values are computed eagerly; every generated block is
/// an ordinary `Declaration` whose values are literals in SI units, so the
/// elaborator checks them exactly as if they had been written out. Spans keep
/// pointing at the source that produced them (a loop body, an included
/// file), so errors land where the user can fix them.
///
/// Safety: loops are bounded before they start (`ScriptLimits.iterations`),
/// the entity count is checked as blocks are produced, includes are bounded
/// in depth and checked for cycles, and expressions were bounded in depth by
/// the parser. When a limit is hit the run stops with one error.
struct Interpreter {
  struct Variable {
    var value: ScriptValue
    var span: SourceSpan
    var isParameter = false
  }

  /// A sweep met in the file, with its values evaluated where it stands.
  struct PlannedSweep {
    struct Axis {
      var target: SweepTarget
      var values: [ScriptValue]
    }
    var sweep: Sweep
    var axes: [Axis]
  }

  var options: ScriptOptions
  private(set) var sources: [SourceFile]
  private(set) var diagnostics: [Diagnostic] = []
  private(set) var output: [Item] = []
  private(set) var sweeps: [PlannedSweep] = []
  /// Parameters declared with `param`, in order, with their values.
  private(set) var parameters: [(name: String, value: ScriptValue, span: SourceSpan)] = []

  var scopes: [[String: Variable]] = [[:]]
  var templates: [String: Template] = [:]
  var random: ScenarioRandom
  let seed: UInt64
  private var iterations = 0
  private var entities = 0
  /// Set when a limit was hit: nothing more is evaluated.
  private(set) var isStopped = false
  /// Paths of the files being included, outermost first (cycle detection).
  private var includeStack: [String] = []
  /// The file whose statements are being run.
  private var currentFile = 0
  /// Parameter values from `-D`, parsed, by name; and those a sweep point sets.
  private var overrides: [String: Override] = [:]
  private var usedOverrides: Set<String> = []
  /// Whether sweeps are collected (false while running one sweep point).
  var collectsSweeps = true
  /// Errors already reported at a span, so a loop repeats none of them.
  private var reported: Set<String> = []
  /// `i = 3` for each enclosing loop iteration, for messages.
  var loopContext: [String] = []

  init(main: SourceFile, options: ScriptOptions, seed: UInt64) {
    self.options = options
    self.sources = [main]
    self.seed = seed
    self.random = ScenarioRandom(seed: seed)
    includeStack = [Interpreter.canonicalPath(main.path)]
    for (name, text) in options.parameters { overrides[name] = .text(text) }
  }

  // MARK: - Parameters from the command line and sweeps

  /// A value given to a `param` from outside the file.
  enum Override {
    /// `-D name=text`: read as the parameter's kind (text for a string
    /// parameter, an expression otherwise).
    case text(String)
    /// A sweep point's value.
    case value(ScriptValue, origin: String)
  }

  /// Reports `-D` values that name no `param` of the file.
  mutating func checkUnusedOverrides() {
    for (name, _) in options.parameters where !usedOverrides.contains(name) {
      let known = parameters.map(\.name)
      let hint =
        didYouMean(name, among: known)
        ?? (known.isEmpty
          ? "the file declares no 'param'; declare one with 'param \(name) = ...'"
          : "its parameters are " + known.map { "'\($0)'" }.joined(separator: ", "))
      report(
        .error("the file has no parameter '\(name)' to set with -D", at: nil, in: nil, hint: hint))
    }
  }

  /// Sets a parameter's value for one sweep point.
  mutating func overrideParameter(_ name: String, with value: ScriptValue, origin: String) {
    overrides[name] = .value(value, origin: origin)
    usedOverrides.insert(name)
  }

  /// The value of a `-D name=text` for a parameter whose default is `original`.
  private mutating func readOverride(_ text: String, name: String, original: ScriptValue)
    -> ScriptValue?
  {
    if case .string = original {
      let unquoted =
        text.count >= 2 && text.hasPrefix("\"") && text.hasSuffix("\"")
        ? String(text.dropFirst().dropLast()) : text
      return .string(unquoted)
    }
    let file = SourceFile(path: "-D \(name)", text: text)
    let index = sources.count
    sources.append(file)
    let (tokens, lexed) = Lexer.tokenize(file, fileIndex: index)
    var parser = Parser(tokens: tokens, file: file)
    let expression = parser.parseExpression()
    diagnostics += lexed + parser.diagnostics
    guard let expression, lexed.isEmpty, parser.diagnostics.isEmpty else { return nil }
    guard parser.current.kind == .endOfFile else {
      error(
        "expected one value after '-D \(name)=', found \(parser.current.described)",
        at: parser.current.span)
      return nil
    }
    // Only constants: a -D value cannot see the file's variables.
    let saved = scopes
    scopes = [[:]]
    defer { scopes = saved }
    return evaluate(expression)
  }

  // MARK: - Statements

  mutating func run(_ items: [Item]) {
    for item in items {
      if isStopped { return }
      run(item)
    }
  }

  private mutating func run(_ item: Item) {
    switch item {
    case .declaration(let declaration):
      declare(declaration)
    case .setting(let attribute):
      guard
        let value = evaluateValue(
          attribute.value, spec: BlockKind.topLevel.spec(named: attribute.name.text),
          context: attribute.name.text)
      else { return }
      var setting = attribute
      setting.value = value
      output.append(.setting(setting))
    case .binding(let binding):
      bind(binding)
    case .loop(let loop):
      runLoop(loop)
    case .conditional(let conditional):
      guard let value = evaluate(conditional.condition) else { return }
      guard case .boolean(let condition) = value else {
        error(
          "expected a condition (true or false) after 'if', found \(value.noun)",
          at: conditional.condition.span, hint: "compare values with '<', '>', '==' ...")
        return
      }
      scopes.append([:])
      if condition {
        run(conditional.body)
      } else if let otherwise = conditional.otherwise {
        run(otherwise)
      }
      scopes.removeLast()
    case .template(let template):
      if let first = templates[template.name.text] {
        var diagnostic = Diagnostic.error(
          "duplicate template name '\(template.name.text)'", at: template.name.span, in: nil,
          hint: "give each template its own name")
        diagnostic.notes.append(
          .init("'\(template.name.text)' is first defined here", at: first.name.span))
        report(diagnostic)
        return
      }
      templates[template.name.text] = template
    case .include(let include):
      runInclude(include)
    case .sweep(let sweep):
      guard collectsSweeps else {
        // While running a sweep point, a sweep marks where the point's
        // solves go.
        output.append(.setting(sweepMarker(sweep, index: -1)))
        return
      }
      planSweep(sweep)
    case .seed(_, let keyword):
      if currentFile != 0 {
        error(
          "'seed' is allowed only in the file being run, not in an included file", at: keyword)
      }
    }
  }

  private mutating func bind(_ binding: Binding) {
    let name = binding.name.text
    if binding.isParameter, scopes.count > 1 { return }  // reported by the parser
    if let existing = scopes[scopes.count - 1][name] {
      var diagnostic = Diagnostic.error(
        "'\(name)' is already defined in this scope", at: binding.name.span, in: nil,
        hint: "values are not reassigned; pick another name")
      diagnostic.notes.append(.init("'\(name)' is first defined here", at: existing.span))
      report(diagnostic)
      return
    }
    if let reason = Interpreter.reservation(of: name) {
      error(
        "'\(name)' is a reserved word and cannot name a value", at: binding.name.span, hint: reason)
      return
    }
    guard let computed = evaluate(binding.value) else { return }
    var value = computed
    if binding.isParameter {
      if let override = overrides[name] {
        usedOverrides.insert(name)
        let given: ScriptValue?
        let origin: String
        switch override {
        case .text(let text):
          origin = "-D \(name)=\(text)"
          given = readOverride(text, name: name, original: computed)
        case .value(let sweepValue, let sweepOrigin):
          origin = sweepOrigin
          given = sweepValue
        }
        // After a bad value (reported) the default stands, so nothing cascades.
        if let given,
          let checked = checkOverride(
            given, against: computed, name: name, origin: origin, at: binding.name.span)
        {
          value = checked
        }
      }
      parameters.append((name, value, binding.name.span))
    }
    scopes[scopes.count - 1][name] = Variable(
      value: value, span: binding.name.span, isParameter: binding.isParameter)
  }

  static let reservedNames: Set<String> = [
    "true", "false", "and", "or", "not", "in", "for", "if", "else", "let", "param",
  ]

  /// Why a name cannot be bound, nil when it can: the words of expressions
  /// and statements, and the words that continue a statement after a value.
  static func reservation(of name: String) -> String? {
    reservedNames.contains(name) ? "pick another name" : nil
  }

  /// An override must be of the same kind as the parameter's default: a
  /// quantity of the same dimension, a string, a condition.
  private mutating func checkOverride(
    _ value: ScriptValue, against original: ScriptValue, name: String, origin: String,
    at span: SourceSpan
  ) -> ScriptValue? {
    switch (value, original) {
    case (.quantity(let new), .quantity(let old)):
      if new.dimension == old.dimension, (new.scale == .decibel) == (old.scale == .decibel) {
        return value
      }
    case (.string, .string), (.boolean, .boolean), (.list, .list):
      return value
    default:
      break
    }
    error(
      "'\(origin)' gives \(value.noun), but parameter '\(name)' is \(original.noun)", at: span,
      hint: "give a value like its default")
    return nil
  }

  // MARK: - Loops

  private mutating func runLoop(_ loop: Loop) {
    if let reason = Interpreter.reservation(of: loop.variable.text) {
      error(
        "'\(loop.variable.text)' is a reserved word and cannot name a value",
        at: loop.variable.span, hint: reason)
      return
    }
    guard let sequence = evaluateSequence(loop.sequence) else { return }
    let count = sequence.count
    guard iterations + count <= options.limits.iterations else {
      stop(
        "this loop would run \(count) iterations, and the file may take at most"
          + " \(options.limits.iterations) steps in all (loop iterations and list elements)",
        at: loop.sequence.span, limit: "iterations")
      return
    }
    iterations += count
    for index in 0..<count {
      if isStopped { return }
      let element = sequence.element(index)
      scopes.append([loop.variable.text: Variable(value: element, span: loop.variable.span)])
      loopContext.append("\(loop.variable.text) = \(Interpreter.describe(element))")
      run(loop.body)
      loopContext.removeLast()
      scopes.removeLast()
    }
  }

  /// What a loop runs over: a range (not materialised) or a list.
  struct Sequence {
    var range: (low: Int, high: Int)?
    var list: [ScriptValue] = []

    var count: Int {
      guard let range else { return list.count }
      return range.high < range.low ? 0 : range.high - range.low + 1
    }

    func element(_ index: Int) -> ScriptValue {
      guard let range else { return list[index] }
      return .number(Double(range.low + index))
    }
  }

  mutating func evaluateSequence(_ expression: Expression) -> Sequence? {
    if case .range(let lowExpression, let highExpression, _) = expression {
      guard let low = wholeNumber(lowExpression, what: "the start of a range"),
        let high = wholeNumber(highExpression, what: "the end of a range")
      else { return nil }
      return Sequence(range: (low, high))
    }
    guard let value = evaluate(expression) else { return nil }
    guard case .list(let elements) = value else {
      error(
        "expected a list or a range such as 1..10 to loop over, found \(value.noun)",
        at: expression.span)
      return nil
    }
    return Sequence(list: elements)
  }

  // MARK: - Declarations

  private mutating func declare(_ declaration: Declaration) {
    entities += 1
    guard entities <= options.limits.entities else {
      stop(
        "the file declares more than \(options.limits.entities)"
          + " users, servers, UAVs, satellites and workloads",
        at: declaration.name.span, limit: "entities")
      return
    }
    var result = declaration
    guard let name = resolve(declaration.name) else { return }
    result.name = name
    let kind = BlockKind(declaration.kind)
    var attributes: [Attribute] = []
    if let templateName = declaration.template {
      guard let template = templates[templateName.text] else {
        let hint =
          didYouMean(templateName.text, among: Array(templates.keys))
          ?? "define it before use with 'template \(declaration.kind.rawValue) \(templateName.text) { ... }'"
        error("unknown template '\(templateName.text)'", at: templateName.span, hint: hint)
        return
      }
      guard template.kind == declaration.kind else {
        error(
          "template '\(templateName.text)' is for \(template.kind.noun), not \(declaration.kind.noun)",
          at: templateName.span)
        return
      }
      // The block's own attributes replace the template's of the same name.
      let own = Set(declaration.attributes.map(\.name.text))
      attributes += template.attributes.filter { !own.contains($0.name.text) }
    }
    attributes += declaration.attributes
    result.attributes = []
    for attribute in attributes {
      guard
        let value = evaluateValue(
          attribute.value, spec: kind.spec(named: attribute.name.text),
          context: attribute.name.text)
      else {
        // Keep the attribute so no "missing attribute" error follows.
        var invalid = attribute
        invalid.value = .invalid
        result.attributes.append(invalid)
        continue
      }
      var evaluated = attribute
      evaluated.value = value
      result.attributes.append(evaluated)
    }
    if !loopContext.isEmpty || currentFile != 0 {
      result.origin = loopContext.isEmpty ? "included" : loopContext.joined(separator: ", ")
    }
    output.append(.declaration(result))
  }

  /// The text of a name, interpolations evaluated.
  mutating func resolve(_ name: Name) -> Name? {
    guard let template = name.template else { return name }
    guard let text = interpolate(template) else { return nil }
    var resolved = name
    resolved.text = text
    resolved.template = nil
    return resolved
  }

  // MARK: - Includes

  private mutating func runInclude(_ include: Include) {
    let including = sources[include.path.span.file]
    var directory = (including.path as NSString).deletingLastPathComponent
    if include.path.span.file == 0, let base = options.includeDirectory { directory = base }
    let path =
      include.path.text.hasPrefix("/")
      ? include.path.text
      : (directory.isEmpty ? include.path.text : directory + "/" + include.path.text)
    let canonical = Interpreter.canonicalPath(path)
    if let cycleStart = includeStack.firstIndex(of: canonical) {
      let cycle = (includeStack[cycleStart...] + [canonical]).map {
        ($0 as NSString).lastPathComponent
      }
      error(
        "'\(include.path.text)' includes itself: \(cycle.joined(separator: " -> "))",
        at: include.path.span, hint: "remove one of the includes in the cycle")
      return
    }
    guard includeStack.count <= options.limits.includeDepth else {
      stop(
        "includes are nested more than \(options.limits.includeDepth) deep", at: include.path.span,
        limit: "include-depth")
      return
    }
    let text: String
    switch options.readFile(path) {
    case .success(let contents): text = contents
    case .failure(let failure):
      error("cannot include '\(include.path.text)': \(failure.reason)", at: include.path.span)
      return
    }
    var file = SourceFile(path: path, text: text)
    let (line, column) = including.location(of: include.keyword.start)
    file.includeChain = ["\(including.path):\(line):\(column)"] + including.includeChain
    let index = sources.count
    sources.append(file)
    let (tree, parsed) = Parser.parse(file, fileIndex: index, limits: options.limits)
    diagnostics += parsed
    guard !parsed.contains(where: \.isError) else { return }
    let outerFile = currentFile
    currentFile = index
    includeStack.append(canonical)
    run(tree.items)
    includeStack.removeLast()
    currentFile = outerFile
  }

  static func canonicalPath(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
  }

  // MARK: - Sweeps

  private mutating func planSweep(_ sweep: Sweep) {
    var axes: [PlannedSweep.Axis] = []
    var points = 1
    for target in sweep.targets {
      guard let sequence = evaluateSequence(target.values) else { return }
      guard sequence.count >= 1 else {
        error("a sweep needs at least one value", at: target.values.span)
        return
      }
      points *= sequence.count
      guard points <= options.limits.sweepPoints else {
        stop(
          "this sweep has more than \(options.limits.sweepPoints) points", at: target.span,
          limit: "sweep-points")
        return
      }
      axes.append(.init(target: target, values: (0..<sequence.count).map(sequence.element)))
    }
    output.append(.setting(sweepMarker(sweep, index: sweeps.count)))
    sweeps.append(PlannedSweep(sweep: sweep, axes: axes))
  }

  private func sweepMarker(_ sweep: Sweep, index: Int) -> Attribute {
    Attribute(
      name: Name(text: "sweep", span: sweep.keyword), value: .sweep(index), span: sweep.keyword)
  }

  // MARK: - Work

  /// Counts `count` steps of work (loop iterations, list elements built or
  /// walked) against the `iterations` limit; false, after stopping the run,
  /// when the budget is spent. Every loop and every list operation pays, so
  /// no file can make the interpreter work without bound.
  mutating func charge(_ count: Int, at span: SourceSpan?) -> Bool {
    guard !isStopped else { return false }
    let (total, overflow) = iterations.addingReportingOverflow(max(0, count))
    iterations = total
    guard !overflow, iterations <= options.limits.iterations else {
      stop(
        "the file does more than \(options.limits.iterations) steps of work (loop iterations and"
          + " list elements built or walked)", at: span, limit: "iterations")
      return false
    }
    return true
  }

  /// How many elements walking a value visits (1 for a single value).
  static func size(of value: ScriptValue) -> Int {
    if case .list(let elements) = value { return max(1, elements.count) }
    return 1
  }

  // MARK: - Diagnostics

  /// Stops the run at a limit, with the limit's name and how to raise it.
  mutating func stop(_ message: String, at span: SourceSpan?, limit: String) {
    guard !isStopped else { return }
    isStopped = true
    error(message, at: span, hint: options.limits.raiseHint(limit))
  }

  mutating func error(_ message: String, at span: SourceSpan?, hint: String? = nil) {
    report(.error(message, at: span, in: nil, hint: hint))
  }

  mutating func report(_ diagnostic: Diagnostic) {
    var diagnostic = diagnostic
    if let span = diagnostic.span {
      let key = "\(span.file):\(span.start):\(span.end):\(diagnostic.message)"
      guard !reported.contains(key) else { return }
      reported.insert(key)
      if !loopContext.isEmpty {
        diagnostic.notes.append(
          .init("in the loop iteration with \(loopContext.joined(separator: ", "))", at: nil))
      }
    }
    guard diagnostics.count < Parser.maximumErrors else { return }
    diagnostics.append(diagnostic)
  }

  /// `3`, `"u1"`, `2000 m`: a value as messages show it.
  static func describe(_ value: ScriptValue) -> String {
    switch value {
    case .string(let text): return "\"\(text)\""
    default: return Interpreter.text(of: value)
    }
  }
}

/// Why a file could not be read.
public struct FileReadError: Error, Sendable {
  public var reason: String

  public init(_ reason: String) { self.reason = reason }

  /// Reads a UTF-8 text file of at most `Frontend.maximumFileSize` bytes.
  @Sendable public static func read(_ path: String) -> Result<String, FileReadError> {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      return .failure(FileReadError("no such file"))
    }
    guard !isDirectory.boolValue else { return .failure(FileReadError("it is a directory")) }
    guard let data = FileManager.default.contents(atPath: path) else {
      return .failure(FileReadError("permission denied or unreadable"))
    }
    guard data.count <= Frontend.maximumFileSize else {
      return .failure(FileReadError("larger than \(Frontend.maximumFileSize / (1024 * 1024)) MiB"))
    }
    guard let text = String(data: data, encoding: .utf8) else {
      return .failure(FileReadError("it is not UTF-8 text"))
    }
    return .success(text)
  }
}
