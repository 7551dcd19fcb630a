import SaginModel

/// Builds the scenario of every point of a sweep.
///
/// A point re-runs the whole file with the swept values in place: a
/// parameter takes the value as if given with `-D`, `seed` reseeds the
/// generators, and a setting or `NAME.ATTRIBUTE` replaces what the file
/// produced. Re-running (rather than patching one scenario) keeps every
/// dependent value right: `param users` changes how many users a loop makes.
struct SweepPlanner {
  let tree: SyntaxTree
  let source: SourceFile
  let options: ScriptOptions
  let seed: UInt64
  /// The run of the file without sweep values: its parameters name the targets.
  let main: Interpreter
  private(set) var diagnostics: [Diagnostic] = []

  /// Settings a sweep may vary directly.
  static let sweepableSettings = ["noise", "delay-weight", "energy-weight", "deadline"]

  init(
    tree: SyntaxTree, source: SourceFile, options: ScriptOptions, seed: UInt64, main: Interpreter
  ) {
    self.tree = tree
    self.source = source
    self.options = options
    self.seed = seed
    self.main = main
  }

  private enum TargetKind {
    case parameter
    case seed
    case setting
    case attribute(entity: String)
  }

  mutating func plan(_ planned: Interpreter.PlannedSweep, index: Int) -> SweepPlan {
    var plan = SweepPlan(index: index)
    plan.axes = planned.axes.map(\.target.written)
    var kinds: [TargetKind] = []
    for axis in planned.axes {
      guard let kind = kind(of: axis.target) else { return plan }
      kinds.append(kind)
    }
    plan.solves = solves(planned.sweep)

    // Every combination of the axes' values, the first axis varying slowest.
    var counters = Array(repeating: 0, count: planned.axes.count)
    while true {
      let values = zip(planned.axes, counters).map { $0.values[$1] }
      guard let (scenario, pointSeed) = scenario(at: values, axes: planned.axes, kinds: kinds)
      else {
        return plan
      }
      plan.points.append(
        .init(
          values: values.map { Interpreter.label(of: $0) }, scenario: scenario, seed: pointSeed))
      var axis = planned.axes.count - 1
      while axis >= 0 {
        counters[axis] += 1
        if counters[axis] < planned.axes[axis].values.count { break }
        counters[axis] = 0
        axis -= 1
      }
      if axis < 0 { break }
    }
    return plan
  }

  private mutating func kind(of target: SweepTarget) -> TargetKind? {
    if let entity = target.entity { return .attribute(entity: entity.text) }
    let name = target.name.text
    if main.parameters.contains(where: { $0.name == name }) { return .parameter }
    if name == "seed" { return .seed }
    if SweepPlanner.sweepableSettings.contains(name) { return .setting }
    let candidates =
      main.parameters.map(\.name) + ["seed"] + SweepPlanner.sweepableSettings
    diagnostics.append(
      .error(
        "cannot sweep '\(name)': it is not a parameter of the file, 'seed' or a setting",
        at: target.name.span,
        in: source,
        hint: didYouMean(name, among: candidates)
          ?? "declare it with 'param \(name) = ...', or sweep NAME.ATTRIBUTE of a block"))
    return nil
  }

  private mutating func solves(_ sweep: Sweep) -> [SolveRequest] {
    var elaborator = Elaborator(file: source)
    var requests: [SolveRequest] = []
    for attribute in sweep.solves {
      guard case .solve(let method, let options) = attribute.value else { continue }
      var runner = Interpreter(main: source, options: self.options, seed: seed)
      guard
        case .solve(let evaluatedMethod, let evaluatedOptions)? = runner.evaluateValue(
          .solve(method: method, options: options), spec: nil, context: "solve")
      else {
        diagnostics += runner.diagnostics
        continue
      }
      if let request = elaborator.solveRequest(method: evaluatedMethod, options: evaluatedOptions) {
        requests.append(request)
      }
    }
    diagnostics += elaborator.diagnostics
    return requests
  }

  /// The scenario at one point; nil after an error (reported, with the point).
  private mutating func scenario(
    at values: [ScriptValue], axes: [Interpreter.PlannedSweep.Axis], kinds: [TargetKind]
  ) -> (Scenario, UInt64)? {
    let description = zip(axes, values).map {
      "\($0.target.written) = \(Interpreter.label(of: $1))"
    }.joined(separator: ", ")
    var pointSeed = seed
    for (value, kind) in zip(values, kinds) {
      guard case .seed = kind else { continue }
      guard case .quantity(let quantity) = value, quantity.isPlainNumber, quantity.value >= 0,
        quantity.value == quantity.value.rounded(), quantity.value <= 9_007_199_254_740_992
      else {
        fail(
          "a seed must be a whole number of 0 or more, found \(Interpreter.describe(value))",
          at: axes[0].target.values.span, point: description)
        return nil
      }
      pointSeed = UInt64(quantity.value)
    }
    var runner = Interpreter(main: source, options: options, seed: pointSeed)
    runner.collectsSweeps = false
    for (axis, (value, kind)) in zip(axes, zip(values, kinds)) {
      if case .parameter = kind {
        runner.overrideParameter(
          axis.target.name.text, with: value,
          origin: "the sweep value \(Interpreter.text(of: value))")
      }
    }
    runner.run(tree.items)
    var items = runner.output
    for (axis, (value, kind)) in zip(axes, zip(values, kinds)) {
      switch kind {
      case .setting:
        replaceSetting(axis.target, with: value, in: &items, runner: &runner)
      case .attribute(let entity):
        replaceAttribute(of: entity, axis.target, with: value, in: &items, runner: &runner)
      case .parameter, .seed:
        break
      }
    }
    var elaborator = Elaborator(file: source)
    let program = elaborator.elaborate(SyntaxTree(items: items))
    let problems = runner.diagnostics + elaborator.diagnostics
    guard !problems.contains(where: \.isError) else {
      for var problem in problems {
        problem.notes.append(.init("at the sweep point \(description)", at: nil))
        diagnostics.append(problem)
      }
      return nil
    }
    return (program.scenario, pointSeed)
  }

  private mutating func replaceSetting(
    _ target: SweepTarget, with value: ScriptValue, in items: inout [Item],
    runner: inout Interpreter
  ) {
    let spec = BlockKind.topLevel.spec(named: target.name.text)
    guard
      let literal = runner.literalFor(
        value, spec?.dimension, context: target.name.text, expression: target.values)
    else { return }
    let attribute = Attribute(name: target.name, value: .quantity(literal), span: target.span)
    if let index = items.firstIndex(where: {
      if case .setting(let setting) = $0 { return setting.name.text == target.name.text }
      return false
    }) {
      items[index] = .setting(attribute)
    } else {
      items.insert(.setting(attribute), at: 0)
    }
  }

  private mutating func replaceAttribute(
    of entity: String, _ target: SweepTarget, with value: ScriptValue, in items: inout [Item],
    runner: inout Interpreter
  ) {
    guard
      let index = items.firstIndex(where: {
        if case .declaration(let declaration) = $0 { return declaration.name.text == entity }
        return false
      }), case .declaration(var declaration) = items[index]
    else {
      runner.error(
        "cannot sweep '\(target.written)': there is no block named '\(entity)'",
        at: target.entity?.span)
      return
    }
    let kind = BlockKind(declaration.kind)
    guard let spec = kind.spec(named: target.name.text), case .quantity(let dimension) = spec.shape
    else {
      let quantities = kind.specs.filter {
        if case .quantity = $0.shape { return true } else { return false }
      }.map(\.name)
      runner.error(
        "cannot sweep '\(target.written)': \(declaration.kind.noun)"
          + " has no attribute '\(target.name.text)' that takes one quantity",
        at: target.name.span,
        hint: didYouMean(target.name.text, among: quantities)
          ?? "sweepable attributes: " + quantities.joined(separator: ", "))
      return
    }
    guard
      let literal = runner.literalFor(
        value, dimension, context: target.name.text, expression: target.values)
    else { return }
    let attribute = Attribute(name: target.name, value: .quantity(literal), span: target.span)
    if let position = declaration.attributes.firstIndex(where: { $0.name.text == target.name.text })
    {
      declaration.attributes[position] = attribute
    } else {
      declaration.attributes.append(attribute)
    }
    items[index] = .declaration(declaration)
  }

  private mutating func fail(_ message: String, at span: SourceSpan, point: String) {
    var diagnostic = Diagnostic.error(message, at: span, in: source)
    diagnostic.notes.append(.init("at the sweep point \(point)", at: nil))
    diagnostics.append(diagnostic)
  }
}
