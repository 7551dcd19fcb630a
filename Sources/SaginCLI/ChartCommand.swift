import Foundation

/// What `sagin chart` was asked to draw.
struct ChartOptions: Equatable {
  var csvPath = ""
  var x = ""
  var y = ""
  var series: String?
  var title: String?
  var xLabel: String?
  var yLabel: String?
  var spread = Spread.std
  var logarithmicY = false
  var outPath: String?
  /// `--markdown`: print the drawn points as a Markdown table instead of a chart.
  var markdown = false
  /// `--where COLUMN=VALUE`: only rows with that value are drawn.
  var filters: [Filter] = []

  struct Filter: Equatable {
    var column: String
    var value: String
  }

  /// What the error bars show.
  enum Spread: String, Equatable {
    /// ±1 sample standard deviation (n - 1), none for a single row.
    case std
    /// From the lowest to the highest value.
    case minmax
  }

  /// The options of `sagin chart` (without the command's name). The CSV
  /// file, --x and --y are checked by `ChartCommand.run`.
  static func parse(_ arguments: [String]) throws(UsageError) -> ChartOptions {
    var options = ChartOptions()
    var files: [String] = []
    var index = 0
    while index < arguments.count {
      let argument = arguments[index]
      // `--x=users` is accepted as well as `--x users`.
      var name = argument
      var inlineValue: String?
      if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
        name = String(argument[..<equals])
        inlineValue = String(argument[argument.index(after: equals)...])
      }
      func value() throws(UsageError) -> String {
        if let inlineValue { return inlineValue }
        index += 1
        guard index < arguments.count else { throw .missingValue(option: name) }
        return arguments[index]
      }
      switch name {
      case "--x": options.x = try value()
      case "--y": options.y = try value()
      case "--series": options.series = try value()
      case "--title": options.title = try value()
      case "--x-label": options.xLabel = try value()
      case "--y-label": options.yLabel = try value()
      case "--out": options.outPath = try value()
      case "--log-y": options.logarithmicY = true
      case "--markdown": options.markdown = true
      case "--where":
        let text = try value()
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
          throw .invalidValue(
            option: name, value: text, expected: "COLUMN=VALUE, such as method=para")
        }
        options.filters.append(
          .init(
            column: String(text[..<equals]), value: String(text[text.index(after: equals)...])))
      case "--spread":
        let text = try value()
        guard let spread = Spread(rawValue: text) else {
          throw .invalidValue(option: name, value: text, expected: "'std' or 'minmax'")
        }
        options.spread = spread
      default:
        if name.hasPrefix("-"), name != "-" { throw .unknownOption(name, command: "chart") }
        files.append(argument)
      }
      index += 1
    }
    if files.count > 1 { throw .unexpectedArgument(files[1], command: "chart") }
    options.csvPath = files.first ?? ""
    return options
  }
}

/// `sagin chart CSV --x COLUMN --y COLUMN ...`: a line chart (SVG) of a CSV
/// table such as the one `sagin run --csv` writes for a sweep, one line per
/// series value, y averaged over the rows sharing a series value and an x,
/// with error bars.
struct ChartCommand {
  var options: ChartOptions
  var console: Console

  /// Statuses whose rows are drawn; other rows are skipped and counted.
  static let drawnStatuses = ["optimal-stationary", "iteration-limit"]

  func run() -> Int32 {
    let path = options.csvPath
    guard !path.isEmpty else { return usageError("expected a CSV file after 'sagin chart'") }
    let missing = [("--x", options.x), ("--y", options.y)].filter { $0.1.isEmpty }.map(\.0)
    guard missing.isEmpty else {
      let names = missing.map { "\($0) COLUMN" }.joined(separator: " and ")
      return usageError("'sagin chart' needs \(names)")
    }

    let text: String
    do {
      text = try ChartCommand.read(path)
    } catch {
      console.error("\(path): error: cannot read: \(error.message)")
      return ExitCode.inputError
    }
    let drawing: Drawing
    do {
      drawing = try ChartCommand.drawing(csv: text, options: options)
    } catch {
      let place = error.line.map { "\(path):\($0)" } ?? path
      console.error("\(place): error: \(error.message)")
      return ExitCode.inputError
    }
    for note in drawing.notes { console.error("note: \(note)") }
    if options.markdown {
      console.writeOutput(ChartCommand.markdownTable(drawing.chart))
      return ExitCode.success
    }

    let svg = drawing.chart.svg()
    let destination: String
    if let out = options.outPath {
      do {
        try svg.write(toFile: out, atomically: true, encoding: .utf8)
      } catch {
        console.error("\(out): error: cannot write: \(error.localizedDescription)")
        return ExitCode.inputError
      }
      destination = out
    } else {
      console.writeOutput(svg)
      destination = "standard output"
    }
    console.error("wrote \(destination): \(drawing.summary)")
    return ExitCode.success
  }

  private func usageError(_ message: String) -> Int32 {
    console.error("sagin: error: \(message)")
    console.error(Help.usage(for: "chart"))
    return ExitCode.usage
  }

  /// An input problem; `line` is the CSV line it was found on.
  struct Failure: Error, Equatable {
    var message: String
    var line: Int?
  }

  static func read(_ path: String) throws(Failure) -> String {
    guard FileManager.default.fileExists(atPath: path) else {
      throw Failure(message: "no such file")
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw Failure(message: "not readable")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw Failure(message: "not UTF-8 text")
    }
    return text
  }

  /// The chart, with notes for standard error and a one-line summary.
  struct Drawing {
    var chart: LineChart
    var notes: [String]
    var summary: String
  }

  /// Groups the CSV's rows by (series value, x), averages y within each
  /// group and draws the error bars `options.spread` asks for.
  static func drawing(csv text: String, options requested: ChartOptions) throws(Failure) -> Drawing
  {
    let (table, options) = try reshaped(CSVTable(parsing: text), requested)
    func column(_ name: String) throws(Failure) -> Int {
      guard let index = table.header.firstIndex(of: name) else {
        let names = table.header.map { "'\($0)'" }.joined(separator: ", ")
        throw Failure(message: "no column '\(name)'; the columns are \(names)")
      }
      return index
    }
    let xColumn = try column(options.x)
    let yColumn = try column(options.y)
    let seriesColumn: Int?
    if let name = options.series { seriesColumn = try column(name) } else { seriesColumn = nil }
    let statusColumn = table.header.firstIndex(of: "status")

    // The rows to draw, and why the others were skipped (in order of first appearance).
    var used: [CSVTable.Row] = []
    var skipped: [(reason: String, count: Int)] = []
    func skip(_ reason: String) {
      if let k = skipped.firstIndex(where: { $0.reason == reason }) {
        skipped[k].count += 1
      } else {
        skipped.append((reason, 1))
      }
    }
    for row in table.rows {
      if let statusColumn, !drawnStatuses.contains(row.fields[statusColumn]) {
        let status = row.fields[statusColumn]
        skip(status.isEmpty ? "without a status" : "with status '\(status)'")
      } else if row.fields[yColumn].isEmpty {
        skip("with an empty '\(options.y)'")
      } else if isNonFinite(row.fields[yColumn]) {
        skip("with '\(options.y)' not finite")
      } else {
        used.append(row)
      }
    }

    func numbers(_ column: Int) throws(Failure) -> Quantities {
      var parsed: [(value: Double, unit: String)] = []
      for row in used {
        let cell = row.fields[column]
        guard let number = leadingNumber(cell) else {
          let numeric = table.numericColumns.map { "'\($0)'" }.joined(separator: ", ")
          let hint = numeric.isEmpty ? "no column is numeric" : "numeric columns: \(numeric)"
          let found = cell.isEmpty ? "an empty value" : "'\(cell)', which is not a number"
          throw Failure(
            message: "column '\(table.header[column])' has \(found); \(hint)", line: row.line)
        }
        parsed.append(number)
      }
      return Quantities(parsed)
    }
    let xs = try numbers(xColumn)
    let ys = try numbers(yColumn)

    // Groups: series in order of first appearance, x ascending within each.
    var seriesNames: [String] = []
    var groups: [[(x: Double, ys: [Double])]] = []
    for (k, row) in used.enumerated() {
      let name = seriesColumn.map { row.fields[$0] } ?? ""
      let s: Int
      if let found = seriesNames.firstIndex(of: name) {
        s = found
      } else {
        s = seriesNames.count
        seriesNames.append(name)
        groups.append([])
      }
      let x = xs.values[k]
      if let g = groups[s].firstIndex(where: { $0.x == x }) {
        groups[s][g].ys.append(ys.values[k])
      } else {
        groups[s].append((x, [ys.values[k]]))
      }
    }
    let series = zip(seriesNames, groups).map { name, group in
      LineChart.Series(
        name: name,
        points: group.sorted { $0.x < $1.x }.map {
          point(x: $0.x, ys: $0.ys, spread: options.spread)
        })
    }

    var notes: [String] = []
    if !skipped.isEmpty {
      let total = skipped.map(\.count).reduce(0, +)
      let reasons = skipped.map { "\($0.count) \($0.reason)" }.joined(separator: ", ")
      notes.append("skipped \(total) of \(plural(table.rows.count, "row")): \(reasons)")
    }
    for (name, quantities) in [(options.x, xs), (options.y, ys)] where quantities.isMixed {
      notes.append(
        "'\(name)' mixes units (\(quantities.units.joined(separator: ", "))); drawn are the"
          + " numbers as written")
    }
    if options.series == nil, let methodColumn = table.header.firstIndex(of: "method") {
      var methods: [String] = []
      for row in used where !methods.contains(row.fields[methodColumn]) {
        methods.append(row.fields[methodColumn])
      }
      if methods.count > 1 {
        notes.append(
          "the methods \(methods.joined(separator: ", ")) are averaged together; give"
            + " --series method for one line each")
      }
    }
    if used.isEmpty { notes.append("no rows to draw") }

    func label(_ name: String, _ quantities: Quantities) -> String {
      quantities.unit.map { "\(name) (\($0))" } ?? name
    }
    let chart = LineChart(
      title: options.title ?? "",
      xLabel: options.xLabel ?? label(options.x, xs),
      yLabel: options.yLabel ?? label(options.y, ys),
      series: series, logarithmicY: options.logarithmicY)

    let counts = series.map(\.points.count)
    var summary = "\(series.count) series"
    if let fewest = counts.min(), let most = counts.max() {
      summary +=
        fewest == most
        ? ", \(plural(most, "point"))\(series.count > 1 ? " each" : "")"
        : ", \(fewest) to \(most) points"
    }
    return Drawing(chart: chart, notes: notes, summary: summary)
  }

  /// The points of a chart as a Markdown table: one row per x, one column
  /// per series, `mean ± half the error bar` (5 significant digits).
  static func markdownTable(_ chart: LineChart) -> String {
    var xs: [Double] = []
    for series in chart.series {
      for point in series.points where !xs.contains(point.x) { xs.append(point.x) }
    }
    xs.sort()
    func figure(_ value: Double) -> String { String(format: "%.5g", value) }
    let names = chart.series.map { $0.name.isEmpty ? chart.yLabel : $0.name }
    var lines = ["| \(chart.xLabel) | " + names.joined(separator: " | ") + " |"]
    lines.append("|---:|" + String(repeating: "---:|", count: chart.series.count))
    for x in xs {
      var cells = [figure(x)]
      for series in chart.series {
        guard let point = series.points.first(where: { $0.x == x }) else {
          cells.append("-")
          continue
        }
        if let low = point.low, let high = point.high, high - low > 1e-9 * abs(point.y) {
          cells.append("\(figure(point.y)) ± \(figure((high - low) / 2))")
        } else {
          cells.append(figure(point.y))
        }
      }
      lines.append("| " + cells.joined(separator: " | ") + " |")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The table after `--where` filters, and with several `--y` columns
  /// (`--y pte_local,pte_ground`) turned into one series per column.
  static func reshaped(_ table: CSVTable, _ options: ChartOptions) throws(Failure)
    -> (CSVTable, ChartOptions)
  {
    var table = table
    var options = options
    for filter in options.filters {
      guard let index = table.header.firstIndex(of: filter.column) else {
        let names = table.header.map { "'\($0)'" }.joined(separator: ", ")
        throw Failure(message: "no column '\(filter.column)' for --where; the columns are \(names)")
      }
      let values = table.rows.map { $0.fields[index] }
      guard values.contains(filter.value) else {
        var seen: [String] = []
        for value in values where !seen.contains(value) { seen.append(value) }
        let listed = seen.prefix(12).map { "'\($0)'" }.joined(separator: ", ")
        throw Failure(
          message:
            "no row has '\(filter.value)' in column '\(filter.column)'; its values are \(listed)")
      }
      table.rows = table.rows.filter { $0.fields[index] == filter.value }
    }
    let columns = options.y.split(separator: ",").map {
      String($0).trimmingCharacters(in: .whitespaces)
    }
    guard columns.count > 1 else { return (table, options) }
    guard options.series == nil else {
      throw Failure(message: "several --y columns make one series each; leave out --series")
    }
    var indices: [Int] = []
    for name in columns {
      guard let index = table.header.firstIndex(of: name) else {
        let names = table.header.map { "'\($0)'" }.joined(separator: ", ")
        throw Failure(message: "no column '\(name)'; the columns are \(names)")
      }
      indices.append(index)
    }
    // One row per (row, column): the series is the column's name.
    var long = CSVTable(header: table.header + ["series", "value"], rows: [])
    for (name, index) in zip(columns, indices) {
      for row in table.rows {
        long.rows.append(.init(line: row.line, fields: row.fields + [name, row.fields[index]]))
      }
    }
    options.y = "value"
    options.series = "series"
    if options.yLabel == nil { options.yLabel = columns.joined(separator: ", ") }
    return (long, options)
  }

  /// The mean of `ys` with its error bar, none for a single value.
  static func point(x: Double, ys: [Double], spread: ChartOptions.Spread) -> LineChart.Point {
    let mean = ys.reduce(0, +) / Double(ys.count)
    guard ys.count > 1 else { return LineChart.Point(x: x, y: mean) }
    switch spread {
    case .std:
      let variance =
        ys.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(ys.count - 1)
      let deviation = variance.squareRoot()
      return LineChart.Point(x: x, y: mean, low: mean - deviation, high: mean + deviation)
    case .minmax:
      return LineChart.Point(x: x, y: mean, low: ys.min(), high: ys.max())
    }
  }

  // MARK: - Cells

  /// `nan`, `inf` and the like, as Swift writes non-finite numbers.
  static func isNonFinite(_ cell: String) -> Bool {
    ["nan", "-nan", "inf", "+inf", "-inf", "infinity", "-infinity"].contains(cell.lowercased())
  }

  /// The number a cell starts with and the unit after it: `20 MHz` gives
  /// (20, "MHz"), `0.5` gives (0.5, ""); nil when the cell does not start
  /// with a number.
  static func leadingNumber(_ cell: String) -> (value: Double, unit: String)? {
    let scalars = Array(cell.unicodeScalars)
    var end = 0
    func digits() -> Int {
      let start = end
      while end < scalars.count, ("0"..."9").contains(scalars[end]) { end += 1 }
      return end - start
    }
    if end < scalars.count, scalars[end] == "-" || scalars[end] == "+" { end += 1 }
    var count = digits()
    if end < scalars.count, scalars[end] == "." {
      end += 1
      count += digits()
    }
    guard count > 0 else { return nil }
    // An exponent only when digits follow it: `2e3` is 2000, `2 e` is 2 and a unit.
    if end < scalars.count, scalars[end] == "e" || scalars[end] == "E" {
      let mark = end
      end += 1
      if end < scalars.count, scalars[end] == "-" || scalars[end] == "+" { end += 1 }
      if digits() == 0 { end = mark }
    }
    var number = String(String.UnicodeScalarView(scalars[..<end]))
    if number.hasSuffix(".") { number.removeLast() }
    guard let value = Double(number), value.isFinite else { return nil }
    let unit = String(String.UnicodeScalarView(scalars[end...]))
      .trimmingCharacters(in: .whitespaces)
    return (value, unit)
  }
}

/// A column's numbers in one unit: cells such as `500 m` and `1 km` are
/// brought to the unit of the largest value (km) when their units differ
/// only by an SI prefix (or are s, min and h).
struct Quantities {
  var values: [Double]
  /// The unit the values are in, nil when there is none or they mix units.
  var unit: String?
  /// The distinct units written, in order of first appearance.
  var units: [String]
  /// Whether the units could not be brought to one.
  var isMixed = false

  init(_ cells: [(value: Double, unit: String)]) {
    units = []
    for cell in cells where !units.contains(cell.unit) { units.append(cell.unit) }
    values = cells.map(\.value)
    unit = nil
    guard let first = units.first else { return }
    if units.count == 1 {
      unit = first.isEmpty ? nil : first
      return
    }
    // A base unit every written unit is a multiple of.
    let bases = Quantities.decompositions(of: first).map(\.base).filter { base in
      units.allSatisfy { unit in Quantities.decompositions(of: unit).contains { $0.base == base } }
    }
    guard let base = bases.first, !units.contains("") else {
      isMixed = true
      return
    }
    func factor(_ unit: String) -> Double {
      Quantities.decompositions(of: unit).first { $0.base == base }?.factor ?? 1
    }
    // The unit of the largest magnitude (the first written on a tie).
    var target = cells[0].unit
    var largest = -1.0
    for cell in cells where abs(cell.value) * factor(cell.unit) > largest {
      largest = abs(cell.value) * factor(cell.unit)
      target = cell.unit
    }
    let targetFactor = factor(target)
    values = cells.map { $0.value * factor($0.unit) / targetFactor }
    unit = target
  }

  static let prefixes: [(symbol: String, factor: Double)] = [
    ("p", 1e-12), ("n", 1e-9), ("u", 1e-6), ("µ", 1e-6), ("m", 1e-3), ("k", 1e3), ("M", 1e6),
    ("G", 1e9), ("T", 1e12),
  ]

  /// The ways to read `unit` as a factor times a base unit: itself, a
  /// prefix and a base (`km` is 1000 `m`), or minutes and hours in seconds.
  static func decompositions(of unit: String) -> [(factor: Double, base: String)] {
    var result: [(factor: Double, base: String)] = [(1, unit)]
    if unit.count > 1, let prefix = prefixes.first(where: { unit.hasPrefix($0.symbol) }) {
      result.append((prefix.factor, String(unit.dropFirst())))
    }
    if unit == "min" { result.append((60, "s")) }
    if unit == "h" { result.append((3600, "s")) }
    return result
  }
}
