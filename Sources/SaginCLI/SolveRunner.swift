import SaginLanguage
import SaginModel
import SaginSolver

/// Runs solves for `run` and `solve` and writes their results: a human
/// report per `report` request, or one `sagin-result` document per solve
/// with `--json` (a JSON array of them when a file solves more than once).
struct SolveRunner {
  let model: ParaModel
  let options: CommandOptions
  let console: Console
  /// Names the solve in reports and messages.
  let title: String

  /// Renders an infeasibility reason as a located diagnostic when the model
  /// came from a source file; nil for a model document.
  var locate: ((InfeasibilityReason) -> String)? = nil
  /// Renders a message located at a source span, for refusals of a `solve` statement.
  var renderAt: ((String, SourceSpan) -> String)? = nil
  private(set) var documents: [JSONValue] = []
  private(set) var exitCode = ExitCode.success

  init(model: ParaModel, options: CommandOptions, console: Console, title: String) {
    self.model = model
    self.options = options
    self.console = console
    self.title = title
  }

  /// Solver settings: the file's request, overridden by the command line.
  func solveOptions(
    method: SolveMethod, seed: UInt64?, tolerance: Double?,
    maxIterations: Int?
  ) -> SolveOptions {
    var settings = SolveOptions()
    settings.method = options.method ?? method
    if let seed = options.seed ?? seed { settings.seed = seed }
    if let tolerance { settings.tolerance = tolerance }
    if let limit = options.maxIterations ?? maxIterations { settings.maxIterations = limit }
    if options.isVerbose {
      let console = console
      settings.progress = { console.error("sagin: \($0)") }
    }
    return settings
  }

  /// Solves the model, or prints why it could not start and returns nil.
  /// `locatedAt`: the `solve` statement that asked for it, if any, so that
  /// a refusal can point at it.
  mutating func solve(_ settings: SolveOptions, locatedAt span: SourceSpan? = nil) -> SolveOutcome?
  {
    if options.isVerbose {
      console.error(
        "sagin: solving \(title) with \(settings.method.rawValue)"
          + " (\(plural(model.users.count, "user")), \(plural(model.nodes.count, "node")),"
          + " \(plural(model.links.count, "link")))")
    }
    var outcome: SolveOutcome
    do {
      outcome = try ParaSolver.solve(model, options: settings)
    } catch {
      if let span, let renderAt {
        console.error(renderAt("\(error)", span))
      } else {
        console.error("\(title): error: \(error)")
      }
      exitCode = max(exitCode, ExitCode.inputError)
      return nil
    }
    var document = ResultDocument.make(outcome, model: model, omitsTiming: options.omitsTiming)
    if outcome.status == .infeasible {
      document = ResultDocument.nullingNonFinite(document)
    } else if let path = ResultDocument.firstNonFinitePath(in: document) {
      outcome.status = .numericalFailure
      outcome.notes.append("the result holds a non-finite number at '\(path)'")
      document = .null
    }
    record(outcome, document: document)
    return outcome
  }

  private mutating func record(_ outcome: SolveOutcome, document: JSONValue) {
    switch outcome.status {
    case .infeasible:
      if outcome.infeasibility.isEmpty {
        console.error("\(title): error: the scenario is infeasible: no feasible point was found")
      }
      for reason in outcome.infeasibility {
        if let locate {
          console.error(locate(reason))
        } else {
          console.error(
            "\(title): error: the scenario is infeasible: \(reason.message)"
              + (reason.hint.map { "\n  hint: \($0)" } ?? ""))
        }
      }
      exitCode = max(exitCode, ExitCode.solveFailure)
    case .numericalFailure:
      let reason = outcome.notes.last ?? "the solver did not return a usable point"
      console.error(
        "\(title): error: numerical failure: \(reason); no result is reported as a success")
      exitCode = max(exitCode, ExitCode.solveFailure)
    case .optimalStationary, .iterationLimit:
      break
    }
    if options.isJSON, document != .null {
      documents.append(document)
    }
  }

  /// Writes the human report of an outcome.
  func report(_ outcome: SolveOutcome, sections: [String]) {
    guard !options.isJSON else { return }
    let report = HumanReport(
      outcome: outcome, model: model, title: title, omitsTiming: options.omitsTiming)
    console.writeOutput(report.rendered(sections: sections))
  }

  /// Adds a sweep's JSON document to the output and its exit code to the run's.
  mutating func include(_ document: JSONValue?, exitCode code: Int32) {
    if options.isJSON, let document { documents.append(document) }
    exitCode = max(exitCode, code)
  }

  /// With `--json`, writes the collected documents.
  func finish() {
    guard options.isJSON, !documents.isEmpty else { return }
    let value = documents.count == 1 ? documents[0] : .array(documents)
    console.writeOutput(value.rendered())
  }
}
