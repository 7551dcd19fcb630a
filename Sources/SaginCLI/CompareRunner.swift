import Foundation
import SaginLanguage
import SaginModel
import SaginSolver

/// Runs a `compare`: every named method on the same model, randomised ones
/// once per seed, and prints one table with F (mean and spread over seeds),
/// per-layer PTE, total delay and energy, time, and how much higher the
/// reference method's F (the first named, normally `para`) is than each
/// other's, and on average.
struct CompareRunner {
  let model: ParaModel
  let request: CompareRequest
  let options: CommandOptions
  let console: Console
  let title: String
  /// The seed when `compare` names none: the scenario seed.
  var defaultSeed: UInt64 = 1

  /// Methods whose result depends on the solver seed.
  static let randomized: Set<String> = ["random"]

  struct Row {
    var method: String
    var runs: [SolveSummary]
    /// Mean and sample standard deviation of F over the feasible runs.
    var meanF: Double?
    var deviationF: Double?
  }

  private(set) var rows: [Row] = []
  private(set) var exitCode = ExitCode.success

  init(
    model: ParaModel, request: CompareRequest, options: CommandOptions, console: Console,
    title: String
  ) {
    self.model = model
    self.request = request
    self.options = options
    self.console = console
    self.title = title
  }

  var seeds: [UInt64] {
    request.seeds.isEmpty ? [options.seed ?? defaultSeed] : request.seeds
  }

  mutating func run() {
    for name in request.methods {
      guard let method = SolveMethod(rawValue: name) else {
        console.error("\(title): error: unknown solve method '\(name)'")
        exitCode = max(exitCode, ExitCode.inputError)
        continue
      }
      let runSeeds = CompareRunner.randomized.contains(name) ? seeds : [seeds[0]]
      var runs: [SolveSummary] = []
      for seed in runSeeds {
        var settings = SolveOptions()
        settings.method = method
        settings.seed = seed
        if let limit = options.maxIterations { settings.maxIterations = limit }
        if options.isVerbose { console.error("sagin: comparing: \(name), seed \(seed)") }
        do {
          let outcome = try ParaSolver.solve(model, options: settings)
          runs.append(SolveSummary(outcome, model: model))
        } catch {
          console.error("\(title): error: \(name): \(error)")
          exitCode = max(exitCode, ExitCode.inputError)
          runs.append(SolveSummary(failedMethod: name))
        }
      }
      let values = runs.compactMap(\.objective)
      var row = Row(method: name, runs: runs)
      if !values.isEmpty {
        let mean = values.reduce(0, +) / Double(values.count)
        row.meanF = mean
        if values.count > 1 {
          let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
          row.deviationF = (squares / Double(values.count - 1)).squareRoot()
        }
      }
      rows.append(row)
    }
    if !options.isJSON { console.writeOutput(table() + "\n") }
  }

  /// How much higher the reference's mean F is than a row's, as a fraction.
  func improvement(over row: Row) -> Double? {
    guard let reference = rows.first?.meanF, let other = row.meanF, other > 0 else { return nil }
    return (reference - other) / other
  }

  private var layers: [Layer] {
    Layer.allCases.filter { layer in model.nodes.contains { $0.layer == layer } }
  }

  private static func mean(_ values: [Double]) -> Double? {
    values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
  }

  func table() -> String {
    let reference = rows.first?.method ?? "para"
    var columns: [(String, TextTable.Alignment)] = [
      ("method", .left), ("runs", .right), ("status", .left), ("F", .right), ("± sd", .right),
    ]
    columns += layers.map { ("PTE \($0.title)", .right) }
    columns += [("total delay (s)", .right), ("total energy (J)", .right)]
    if !options.omitsTiming { columns.append(("time (s)", .right)) }
    columns.append(("\(reference) vs it", .right))
    var table = TextTable(columns)
    for (index, row) in rows.enumerated() {
      let statuses = Set(row.runs.map(\.status))
      var cells = [
        row.method, "\(row.runs.count)",
        statuses.count == 1 ? (statuses.first ?? "-") : "mixed",
        row.meanF.map { Figure.format($0, digits: 6) } ?? "-",
        row.deviationF.map { Figure.format($0, digits: 3) } ?? "-",
      ]
      for layer in layers {
        let values = row.runs.compactMap { $0.layerEfficiency[layer.rawValue] }
        cells.append(CompareRunner.mean(values).map { Figure.format($0) } ?? "-")
      }
      cells.append(
        CompareRunner.mean(row.runs.compactMap(\.totalDelay)).map { Figure.format($0) } ?? "-")
      cells.append(
        CompareRunner.mean(row.runs.compactMap(\.totalEnergy)).map { Figure.format($0) } ?? "-")
      if !options.omitsTiming {
        cells.append(
          Figure.seconds(row.runs.reduce(0) { $0 + $1.seconds } / Double(max(row.runs.count, 1))))
      }
      cells.append(index == 0 ? "-" : improvement(over: row).map(CompareRunner.percent) ?? "n/a")
      table.append(cells)
    }
    let seedText =
      seeds.count == 1
      ? "seed \(seeds[0])" : "seeds " + seeds.map(String.init).joined(separator: ", ")
    var lines = ["\(title): comparison (\(seedText); only randomised methods run once per seed)"]
    lines.append(table.rendered())
    for row in rows {
      guard let reason = row.runs.compactMap(\.reason).first else { continue }
      lines.append("  \(row.method) found no feasible point: \(reason)")
    }
    lines.append(summaryLine())
    return lines.joined(separator: "\n")
  }

  /// "para's F is 18.3 % higher than the baselines' on average (...)".
  func summaryLine() -> String {
    guard let reference = rows.first else { return "" }
    let gains = rows.dropFirst().compactMap { row in improvement(over: row).map { (row.method, $0) }
    }
    guard !gains.isEmpty, reference.meanF != nil else {
      return "  no improvement to report: \(reference.method) or every other method has no F"
    }
    let average = gains.map(\.1).reduce(0, +) / Double(gains.count)
    let lowest = gains.min { $0.1 < $1.1 }!
    let highest = gains.max { $0.1 < $1.1 }!
    let skipped = rows.count - 1 - gains.count
    return "  \(reference.method)'s F is \(CompareRunner.percent(average)) against the other"
      + " \(gains.count) method\(gains.count == 1 ? "" : "s") on average (from"
      + " \(CompareRunner.percent(lowest.1)) against \(lowest.0) to"
      + " \(CompareRunner.percent(highest.1)) against \(highest.0))"
      + (skipped > 0 ? "; \(skipped) without a feasible point left out" : "")
  }

  static func percent(_ fraction: Double) -> String {
    let tenths = (fraction * 1000).rounded()
    // A gain that rounds to nothing is 0.0 %, not -0.0 %.
    return tenths == 0 ? "0.0 %" : String(format: "%+.1f %%", tenths / 10)
  }

  /// The comparison as a `sagin-compare` JSON document.
  var document: JSONValue {
    let list: [JSONValue] = rows.map { row in
      let runSeeds = CompareRunner.randomized.contains(row.method) ? seeds : [seeds[0]]
      let runs: [JSONValue] = zip(runSeeds, row.runs).map { seed, run in runDocument(seed, run) }
      let fields: [(String, JSONValue)] = [
        ("method", .string(row.method)),
        ("runs", .array(runs)),
        ("mean_F", row.meanF.map(JSONValue.number) ?? .null),
        ("sd_F", row.deviationF.map(JSONValue.number) ?? .null),
        ("reference_improvement", improvement(over: row).map(JSONValue.number) ?? .null),
      ]
      return .object(fields)
    }
    let seedValues: [JSONValue] = seeds.map { .number(Double($0)) }
    return .object([
      ("format", .string("sagin-compare")),
      ("reference", .string(rows.first?.method ?? "")),
      ("seeds", .array(seedValues)),
      ("rows", .array(list)),
    ])
  }

  private func runDocument(_ seed: UInt64, _ run: SolveSummary) -> JSONValue {
    var layers: [(String, JSONValue)] = []
    for layer in Layer.allCases {
      let value = run.layerEfficiency[layer.rawValue].map(JSONValue.number) ?? .null
      layers.append((layer.title.lowercased(), value))
    }
    let fields: [(String, JSONValue)] = [
      ("seed", .number(Double(seed))),
      ("status", .string(run.status)),
      ("F", run.objective.map(JSONValue.number) ?? .null),
      ("layer_pte", .object(layers)),
      ("total_delay_s", run.totalDelay.map(JSONValue.number) ?? .null),
      ("total_energy_J", run.totalEnergy.map(JSONValue.number) ?? .null),
      ("seconds", .number(options.omitsTiming ? 0 : run.seconds)),
    ]
    return .object(fields)
  }
}
