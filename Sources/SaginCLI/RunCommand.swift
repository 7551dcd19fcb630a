import SaginLanguage
import SaginModel
import SaginSolver

/// `sagin run FILE`: load, compile, then execute the file's `solve` and
/// `report` statements in order.
///
/// A file without `solve` is solved once with `para`. A `report` before any
/// `solve` solves first with `para`. A `solve` that no `report` follows
/// (before the next `solve` or the end) gets a full report, so every solve
/// shows its result.
struct RunCommand {
  let options: CommandOptions
  let console: Console

  enum Step {
    case solve(SolveRequest, SourceSpan?)
    case report([String])
    case print(String)
    case sweep(SweepPlan, SourceSpan)
    case compare(CompareRequest)
  }

  func run() -> Int32 {
    let loader = ScenarioLoader(console: console, options: options.scriptOptions)
    guard let loaded = loader.load(path: options.path) else {
      return ExitCode.inputError
    }
    if options.emitsModel {
      console.writeOutput(loaded.model.modelDocument().rendered())
      return ExitCode.success
    }

    var runner = SolveRunner(
      model: loaded.model, options: options, console: console, title: options.path)
    let program = loaded.program
    let colour = console.isColourEnabled
    runner.renderAt = { message, span in
      Diagnostic.error(message, at: span, in: program.file(of: span), hint: nil)
        .rendered(colour: colour)
    }
    runner.locate = { reason in
      let span = program.span(ofEntity: reason.entity, attribute: reason.attribute)
      return Diagnostic.error(
        "the scenario is infeasible: \(reason.message)", at: span, in: program.file(of: span),
        hint: reason.hint
      ).rendered(colour: colour)
    }
    var latest: SolveOutcome?
    var sweepCount = 0
    for step in RunCommand.plan(loaded.program.actions) {
      switch step {
      case .solve(let request, let span):
        guard let method = SolveMethod(rawValue: request.method) else {
          let known = SolveMethod.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
          let diagnostic = Diagnostic.error(
            "unknown solve method '\(request.method)'; expected one of \(known)", at: span,
            in: loaded.program.file(of: span), hint: nil)
          console.error(diagnostic.rendered(colour: console.isColourEnabled))
          return ExitCode.inputError
        }
        // Randomised steps follow the scenario seed unless the solve has its own.
        let settings = runner.solveOptions(
          method: method, seed: request.seed ?? program.seed, tolerance: request.tolerance,
          maxIterations: request.maxIterations)
        latest = runner.solve(settings, locatedAt: span)
        if latest == nil { return runner.exitCode }
      case .report(let sections):
        if let latest { runner.report(latest, sections: sections) }
      case .print(let text):
        if !options.isJSON { console.output(text) }
      case .compare(let request):
        var comparison = CompareRunner(
          model: loaded.model, request: request, options: options, console: console,
          title: options.path)
        comparison.defaultSeed = program.seed
        comparison.run()
        runner.include(options.isJSON ? comparison.document : nil, exitCode: comparison.exitCode)
      case .sweep(let plan, let span):
        sweepCount += 1
        var sweepOptions = options
        if let path = options.csvPath, sweepCount > 1 {
          // Each sweep has its own columns: FILE, FILE-2.csv, FILE-3.csv, ...
          let stem = path.hasSuffix(".csv") ? String(path.dropLast(4)) : path
          sweepOptions.csvPath = "\(stem)-\(sweepCount).csv"
        }
        var sweep = SweepRunner(plan: plan, options: sweepOptions, console: console)
        sweep.renderAt = { message in
          Diagnostic.error(message, at: span, in: program.file(of: span), hint: nil)
            .rendered(colour: colour)
        }
        sweep.run()
        runner.include(sweep.document, exitCode: sweep.exitCode)
      }
    }
    runner.finish()
    return runner.exitCode
  }

  /// The steps to execute for a file's actions (see the type's note).
  static func plan(_ actions: [Action]) -> [Step] {
    var steps: [Step] = []
    var hasSolved = false
    var hasOtherRuns = false
    var isReported = true
    /// The last solve's full report comes before whatever follows it in the file.
    func reportPendingSolve() {
      if !isReported { steps.append(.report([])) }
      isReported = true
    }
    for action in actions {
      switch action {
      case .print(let text, _):
        reportPendingSolve()
        steps.append(.print(text))
      case .sweep(let plan, let span):
        reportPendingSolve()
        steps.append(.sweep(plan, span))
        hasOtherRuns = true
      case .compare(let request, _):
        reportPendingSolve()
        steps.append(.compare(request))
        hasOtherRuns = true
      case .solve(let request, let span):
        reportPendingSolve()
        steps.append(.solve(request, span))
        hasSolved = true
        isReported = false
      case .report(let request, _):
        if !hasSolved {
          steps.append(.solve(SolveRequest(), nil))
          hasSolved = true
        }
        steps.append(.report(request.sections))
        isReported = true
      }
    }
    // A file whose only solves are sweeps or comparisons has said what to run.
    if !hasSolved, !hasOtherRuns {
      steps.append(.solve(SolveRequest(), nil))
      isReported = false
    }
    reportPendingSolve()
    return steps
  }
}
