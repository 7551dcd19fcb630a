import Foundation
import SaginLanguage
import SaginModel
import SaginSolver

/// The figures of one solve that a table row shows: F, the sum of node
/// efficiencies per layer, total delay and energy, time and status.
struct SolveSummary {
  var method: String
  var status: String
  var objective: Double?
  /// Sum of node PTE per layer (user, ground, UAV, satellite); nil for absent layers.
  var layerEfficiency: [Double?]
  /// Sum over users of their completion time, and of their chain energy.
  var totalDelay: Double?
  var totalEnergy: Double?
  var seconds: Double
  var iterations: Int
  /// Why the solve found no feasible point (its first reason), if it did not.
  var reason: String?

  init(_ outcome: SolveOutcome, model: ParaModel) {
    method = outcome.method.rawValue
    status = outcome.status.rawValue
    reason = outcome.infeasibility.first?.message
    seconds = outcome.seconds
    iterations = outcome.iterations
    var layers = [Double?](repeating: nil, count: 4)
    let solved = outcome.status != .infeasible && outcome.status != .numericalFailure
    if solved {
      for layer in model.nodes.map(\.layer) { layers[layer.rawValue] = 0 }
      for (node, figures) in SolveSummary.workingNodes(outcome, model: model) {
        layers[node.layer.rawValue] = (layers[node.layer.rawValue] ?? 0) + figures.efficiency
      }
      objective = outcome.objective
      totalDelay = outcome.users.reduce(0) { $0 + $1.completionTime }
      totalEnergy = outcome.users.reduce(0) { $0 + $1.energy }
    } else {
      for node in model.nodes { layers[node.layer.rawValue] = nil }
    }
    layerEfficiency = layers
  }

  /// The nodes that train a meaningful part of the work: at least a
  /// millionth of all parameter updates. A node left with a share of 1e-9
  /// has an efficiency of 0/0 that solvers leave at any value; counting it
  /// would give an idle layer a large PTE.
  static func workingNodes(_ outcome: SolveOutcome, model: ParaModel)
    -> [(node: ParaModel.Node, figures: NodeFigures)]
  {
    let total = outcome.nodes.reduce(0) { $0 + $1.theta }
    return zip(model.nodes, outcome.nodes).filter { $0.1.theta > 1e-6 * total }.map { ($0, $1) }
  }

  /// A solve that could not start (its error is printed separately).
  init(failedMethod method: String) {
    self.method = method
    status = "error"
    layerEfficiency = [nil, nil, nil, nil]
    seconds = 0
    iterations = 0
  }
}

/// Runs a `sweep`: compiles the scenario at each point, runs every solve of
/// the sweep on it, and prints one table row per point and solve (or, with
/// `--json`, a `sagin-sweep` document; with `--csv FILE`, the rows as CSV).
struct SweepRunner {
  let plan: SweepPlan
  let options: CommandOptions
  let console: Console
  /// Renders a message located at the sweep statement.
  var renderAt: ((String) -> String)? = nil
  private(set) var rows: [(values: [String], summary: SolveSummary)] = []
  private(set) var exitCode = ExitCode.success

  init(plan: SweepPlan, options: CommandOptions, console: Console) {
    self.plan = plan
    self.options = options
    self.console = console
  }

  mutating func run() {
    for point in plan.points {
      let compilation = ModelCompiler.compile(point.scenario)
      let label = zip(plan.axes, point.values).map { "\($0) = \($1)" }.joined(separator: ", ")
      guard let model = compilation.model, compilation.issues.isEmpty else {
        let reasons = compilation.issues.map(\.message).joined(separator: "; ")
        fail("the scenario at \(label) does not compile: \(reasons)")
        for request in plan.solves {
          rows.append((point.values, SolveSummary(failedMethod: request.method)))
        }
        continue
      }
      for request in plan.solves {
        // A sweep names its methods; --method applies to plain `solve` statements.
        guard let method = SolveMethod(rawValue: request.method) else {
          fail("unknown solve method '\(request.method)'")
          rows.append((point.values, SolveSummary(failedMethod: request.method)))
          continue
        }
        var settings = SolveOptions()
        settings.method = method
        settings.seed = request.seed ?? point.seed
        if let tolerance = request.tolerance { settings.tolerance = tolerance }
        if let limit = options.maxIterations ?? request.maxIterations {
          settings.maxIterations = limit
        }
        if options.isVerbose {
          console.error("sagin: sweep point \(label): solving with \(method.rawValue)")
        }
        do {
          let outcome = try ParaSolver.solve(model, options: settings)
          if outcome.status == .infeasible || outcome.status == .numericalFailure {
            exitCode = max(exitCode, ExitCode.solveFailure)
          }
          rows.append((point.values, SolveSummary(outcome, model: model)))
        } catch {
          fail("at \(label): \(error)")
          rows.append((point.values, SolveSummary(failedMethod: method.rawValue)))
        }
      }
    }
    if !options.isJSON { console.writeOutput(table() + "\n") }
    if let path = options.csvPath { writeCSV(to: path) }
  }

  private mutating func fail(_ message: String) {
    console.error(renderAt?(message) ?? "sagin: error: \(message)")
    exitCode = max(exitCode, ExitCode.inputError)
  }

  /// Layers present in some point's model, in order.
  private var layers: [Layer] {
    Layer.allCases.filter { layer in
      rows.contains { $0.summary.layerEfficiency[layer.rawValue] != nil }
    }
  }

  func table() -> String {
    var columns: [(String, TextTable.Alignment)] = plan.axes.map { ($0, .right) }
    columns += [("method", .left), ("status", .left), ("F", .right)]
    columns += layers.map { ("PTE \($0.title)", .right) }
    columns += [("total delay (s)", .right), ("total energy (J)", .right)]
    if !options.omitsTiming { columns.append(("time (s)", .right)) }
    var table = TextTable(columns)
    for (values, summary) in rows {
      var cells = values
      cells += [
        summary.method, summary.status,
        summary.objective.map { Figure.format($0, digits: 6) } ?? "-",
      ]
      cells += layers.map { layer in
        summary.layerEfficiency[layer.rawValue].map { Figure.format($0) } ?? "-"
      }
      cells += [
        summary.totalDelay.map { Figure.format($0) } ?? "-",
        summary.totalEnergy.map { Figure.format($0) } ?? "-",
      ]
      if !options.omitsTiming { cells.append(Figure.seconds(summary.seconds)) }
      table.append(cells)
    }
    let heading =
      "sweep over " + plan.axes.joined(separator: ", ")
      + " (\(plural(plan.points.count, "point")))"
    return heading + "\n" + table.rendered()
  }

  /// The rows as JSON: axes, then one object per row with full-precision numbers.
  var document: JSONValue? {
    var list: [JSONValue] = []
    for (values, summary) in rows {
      var fields: [(String, JSONValue)] = []
      fields.append(
        ("point", .object(zip(plan.axes, values).map { ($0, JSONValue.string($1)) })))
      fields.append(("method", .string(summary.method)))
      fields.append(("status", .string(summary.status)))
      fields.append(("F", summary.objective.map(JSONValue.number) ?? .null))
      fields.append(
        (
          "layer_pte",
          .object(
            Layer.allCases.map { layer in
              (
                layer.title.lowercased(),
                summary.layerEfficiency[layer.rawValue].map(JSONValue.number) ?? .null
              )
            })
        ))
      fields.append(("total_delay_s", summary.totalDelay.map(JSONValue.number) ?? .null))
      fields.append(("total_energy_J", summary.totalEnergy.map(JSONValue.number) ?? .null))
      fields.append(("seconds", .number(options.omitsTiming ? 0 : summary.seconds)))
      list.append(.object(fields))
    }
    return .object([
      ("format", .string("sagin-sweep")),
      ("axes", .array(plan.axes.map(JSONValue.string))),
      ("rows", .array(list)),
    ])
  }

  /// CSV with a header row; numbers in full precision, empty when absent.
  func csv() -> String {
    var header = plan.axes + ["method", "status", "F"]
    header += Layer.allCases.map { "pte_\($0.title.lowercased())" }
    header += ["total_delay_s", "total_energy_J", "seconds"]
    var lines = [header.map(SweepRunner.csvField).joined(separator: ",")]
    for (values, summary) in rows {
      var cells = values + [summary.method, summary.status]
      cells.append(summary.objective.map { "\($0)" } ?? "")
      cells += Layer.allCases.map { layer in
        summary.layerEfficiency[layer.rawValue].map { "\($0)" } ?? ""
      }
      cells.append(summary.totalDelay.map { "\($0)" } ?? "")
      cells.append(summary.totalEnergy.map { "\($0)" } ?? "")
      cells.append(options.omitsTiming ? "0" : "\(summary.seconds)")
      lines.append(cells.map(SweepRunner.csvField).joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  private mutating func writeCSV(to path: String) {
    do {
      try csv().write(toFile: path, atomically: true, encoding: .utf8)
    } catch {
      fail("cannot write '\(path)': \(error.localizedDescription)")
    }
  }
}
