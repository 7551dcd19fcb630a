import Foundation
import Testing

@testable import SaginCLI

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The SVG line chart: ticks, number formats, escaping, layout and robustness.
@Suite struct LineChartTests {
  // MARK: Ticks

  @Test func niceStepsAreOneTwoTwoAndAHalfOrFiveTimesAPowerOfTen() {
    func step(_ raw: Double) -> String {
      ExactDecimal.niceStep(above: raw).formatted(scientific: false)
    }
    #expect(step(1) == "1")
    #expect(step(1.2) == "2")
    #expect(step(2.2) == "2.5")
    #expect(step(3) == "5")
    #expect(step(7) == "10")
    #expect(step(0.3) == "0.5")
    #expect(step(0.0004) == "0.0005")
    #expect(step(27_000) == "50000")
    #expect(step(1e6) == "1000000")
    #expect(ExactDecimal.niceStep(above: 2.2) == ExactDecimal(units: 25, exponent: -1))
  }

  private func labels(_ axis: Axis) -> [String] { axis.ticks.map(\.label) }

  @Test func yAxisOfPositiveValuesStartsAtZeroAndEndsOnATick() {
    // 0.3...10: from 0, 10 plus 5% is 10.5; steps of 2 reach 12 (7 ticks), of
    // 2.5 reach 12.5 and of 5 reach 15: 2 wastes the least.
    let axis = Axis.linear(low: 0.3, high: 10, targetCount: 5, anchorsZero: true)
    #expect(labels(axis) == ["0", "2", "4", "6", "8", "10", "12"])
    #expect(axis.lower == 0)
    #expect(axis.upper == 12)
  }

  @Test func decimalTicksHaveNoFloatNoise() {
    // 0...0.9: 0.945 with the margin; 0.2 and 0.25 both end at 1, 0.2 preferred.
    let axis = Axis.linear(low: 0, high: 0.9, targetCount: 5, anchorsZero: true)
    #expect(labels(axis) == ["0", "0.2", "0.4", "0.6", "0.8", "1"])
    #expect(axis.ticks[3].value == 0.6)
    #expect(axis.ticks[3].value.description == "0.6")
    // 0.1...0.7: 0.735 with the margin; 0.25 ends at 0.75, closest.
    let quarters = Axis.linear(low: 0.1, high: 0.7, targetCount: 5, anchorsZero: true)
    #expect(labels(quarters) == ["0", "0.25", "0.5", "0.75"])
  }

  @Test func yAxisAcrossZeroGetsMarginsBothWays() {
    // -3...7 with 5% margins is -3.5...7.5: steps of 2 give -4...8.
    let axis = Axis.linear(low: -3, high: 7, targetCount: 5, anchorsZero: true)
    #expect(labels(axis) == ["-4", "-2", "0", "2", "4", "6", "8"])
  }

  @Test func largeValuesAreWrittenInScientificNotation() {
    // 0...1.26e6: steps of 2e5 reach 1.4e6.
    let axis = Axis.linear(low: 1000, high: 1.2e6, targetCount: 5, anchorsZero: true)
    #expect(labels(axis) == ["0", "2e5", "4e5", "6e5", "8e5", "1e6", "1.2e6", "1.4e6"])
  }

  @Test func xAxisHasMarginsAndTicksInside() {
    // 5...20 with 5% margins is 4.25...20.75; 16.5 / 6 = 2.75 gives steps of 5.
    let axis = Axis.linear(low: 5, high: 20, targetCount: 6, anchorsZero: false)
    #expect(labels(axis) == ["5", "10", "15", "20"])
    #expect(axis.lower == 4.25)
    #expect(axis.upper == 20.75)
    // A single value gets ±10% around it: 18...22, steps of 1.
    let single = Axis.linear(low: 20, high: 20, targetCount: 6, anchorsZero: false)
    #expect(labels(single) == ["18", "19", "20", "21", "22"])
    // All zero on a y axis: 0...1.
    let zero = Axis.linear(low: 0, high: 0, targetCount: 5, anchorsZero: true)
    #expect(labels(zero) == ["0", "0.2", "0.4", "0.6", "0.8", "1"])
  }

  @Test func logarithmicAxisTicksAtDecadesOrOneTwoFive() {
    let decades = Axis.logarithmic(low: 1, high: 1000)
    #expect(labels(decades) == ["1", "10", "100", "1000"])
    #expect(decades.lower < 1 && decades.upper > 1000)
    // 3...40 holds a single decade tick: 1, 2 and 5 times the powers of ten instead.
    #expect(labels(Axis.logarithmic(low: 3, high: 40)) == ["5", "10", "20"])
    // Nine decades and more: every other power of ten, at even powers.
    #expect(
      labels(Axis.logarithmic(low: 1e-3, high: 1e6)) == ["1e-2", "1e0", "1e2", "1e4", "1e6"])
  }

  // MARK: Number formats and escaping

  @Test func tickLabelsAreCompactAndOneNotationPerAxis() {
    #expect(ExactDecimal(units: 15, exponent: 5).formatted(scientific: true) == "1.5e6")
    #expect(ExactDecimal(units: 25, exponent: -2).formatted(scientific: false) == "0.25")
    #expect(ExactDecimal(units: 1, exponent: -3).formatted(scientific: false) == "0.001")
    #expect(ExactDecimal(units: 12, exponent: 3).formatted(scientific: false) == "12000")
    #expect(ExactDecimal(units: -25, exponent: -1).formatted(scientific: false) == "-2.5")
    #expect(ExactDecimal(units: -5, exponent: -4).formatted(scientific: true) == "-5e-4")
    #expect(ExactDecimal(units: 2500, exponent: 0).formatted(scientific: true) == "2.5e3")
    #expect(ExactDecimal(units: 0, exponent: 7).formatted(scientific: true) == "0")
    // One tick of 1e5 or more makes the whole axis scientific.
    let ticks = [0, 5, 10, 15].map { ExactDecimal(units: $0, exponent: 4) }
    #expect(ExactDecimal.labels(ticks) == ["0", "5e4", "1e5", "1.5e5"])
    let small = [0, 25, 50].map { ExactDecimal(units: $0, exponent: -3) }
    #expect(ExactDecimal.labels(small) == ["0", "0.025", "0.05"])
  }

  @Test func coordinatesHaveAtMostTwoDecimalsAndAreNeverNaN() {
    #expect(SVGWriter.number(3.14159) == "3.14")
    #expect(SVGWriter.number(2) == "2")
    #expect(SVGWriter.number(2.5) == "2.5")
    #expect(SVGWriter.number(-0.001) == "0")
    #expect(SVGWriter.number(-12.345678) == "-12.35")
    #expect(SVGWriter.number(.nan) == "0")
    #expect(SVGWriter.number(-.infinity) == "0")
  }

  @Test func textIsEscapedForXML() {
    #expect(
      LineChart.escapeXML(#"a & b < c > d "e" 'f'"#)
        == "a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;")
    #expect(LineChart.escapeXML("bell\u{7}-tab\t") == "bell-tab\t")
    #expect(LineChart.escapeXML("µ 20 MHz") == "µ 20 MHz")
  }

  // MARK: Documents

  private func sweepChart(names: [String] = ["para", "nearest", "random"]) -> LineChart {
    let series = names.enumerated().map { k, name in
      LineChart.Series(
        name: name,
        points: [10, 20, 30, 40, 50].map { users in
          let y = Double(users) * (1 + 0.3 * Double(k))
          return LineChart.Point(x: Double(users), y: y, low: y - 2, high: y + 3)
        })
    }
    return LineChart(
      title: "F & users <sweep>", xLabel: "users", yLabel: "objective F", series: series)
  }

  /// Whether `svg` parses as XML (with libxml2, through Foundation's
  /// XMLDocument) into an `svg` root with a view box.
  private func isWellFormed(_ svg: String) -> Bool {
    guard let document = try? XMLDocument(xmlString: svg, options: []),
      let root = document.rootElement()
    else { return false }
    // `attribute(forName:)` misses attributes under a default namespace on Linux.
    return root.name == "svg" && (root.attributes ?? []).contains { $0.name == "viewBox" }
  }

  @Test func documentIsWellFormedStandaloneSVG() {
    let svg = sweepChart().svg()
    #expect(svg.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n<svg "))
    #expect(svg.contains("xmlns=\"http://www.w3.org/2000/svg\""))
    #expect(svg.contains("viewBox=\"0 0 640 420\""))
    #expect(svg.contains(">F &amp; users &lt;sweep&gt;</text>"))
    #expect(svg.contains("#0072B2") && svg.contains("#D55E00") && svg.contains("#009E73"))
    #expect(svg.contains("<polyline"))
    #expect(isWellFormed(svg))
  }

  @Test func sameInputGivesTheSameBytes() {
    #expect(sweepChart().svg() == sweepChart().svg())
  }

  @Test func legendNeverOverlapsThePlot() throws {
    let short = sweepChart().layout()
    let long = sweepChart(names: ["a method with a rather long name, too long", "b"]).layout()
    let many = sweepChart(names: (1...25).map { "m\($0)" }).layout()
    for layout in [short, long, many] {
      let legend = try #require(layout.legend)
      #expect(!legend.frame.intersects(layout.plot))
      #expect(legend.frame.x >= 0 && legend.frame.maxX <= layout.width)
      #expect(legend.frame.y >= 0 && legend.frame.maxY <= layout.height)
    }
    #expect(short.legend!.frame.x > short.plot.maxX)
    #expect(long.legend!.frame.y > long.plot.maxY)
    // 25 entries do not fit beside a 420-high plot: the document grows.
    #expect(many.height > LineChart.height)
    // Without names there is no legend and the plot takes the width.
    let anonymous = LineChart(
      title: "", xLabel: "x", yLabel: "y",
      series: [.init(name: "", points: [.init(x: 1, y: 2), .init(x: 2, y: 3)])])
    #expect(anonymous.layout().legend == nil)
    #expect(anonymous.layout().plot.maxX > short.plot.maxX)
  }

  @Test func badValuesAreSkippedAndNeverWritten() {
    let points: [LineChart.Point] = [
      .init(x: 1, y: .nan), .init(x: .infinity, y: 2),
      .init(x: 2, y: 3, low: .nan, high: .infinity), .init(x: 3, y: 4, low: -.infinity, high: 5),
      .init(x: 4, y: 1e308), .init(x: 5, y: 0, low: -1),
    ]
    for logarithmic in [false, true] {
      let chart = LineChart(
        title: "bad", xLabel: "x", yLabel: "y", series: [.init(name: "s", points: points)],
        logarithmicY: logarithmic)
      let svg = chart.svg()
      #expect(!svg.lowercased().contains("nan"))
      #expect(!svg.lowercased().contains("inf"))
      #expect(isWellFormed(svg))
    }
    let drawn = LineChart(
      title: "", xLabel: "", yLabel: "", series: [.init(name: "s", points: points)]
    ).validSeries()
    #expect(drawn[0].map(\.x) == [2, 3, 5])
    #expect(drawn[0][0].low == nil && drawn[0][0].high == nil)
    #expect(drawn[0][1].low == nil && drawn[0][1].high == 5)
  }

  @Test func emptyChartsSayNoData() {
    let none = LineChart(title: "t", xLabel: "x", yLabel: "y", series: [])
    #expect(none.svg().contains(">no data</text>"))
    #expect(isWellFormed(none.svg()))
    let empty = LineChart(
      title: "t", xLabel: "x", yLabel: "y",
      series: [.init(name: "para", points: []), .init(name: "bad", points: [.init(x: .nan, y: 1)])])
    let svg = empty.svg()
    #expect(svg.contains(">no data</text>"))
    #expect(svg.contains(">para (no data)</text>"))
    #expect(isWellFormed(svg))
  }

  @Test func singlePointsAndFlatLinesAreDrawn() {
    let single = LineChart(
      title: "", xLabel: "x", yLabel: "y",
      series: [.init(name: "only", points: [.init(x: 120, y: 5)])])
    let layout = single.layout()
    #expect(layout.xAxis?.ticks.map(\.label) == ["110", "115", "120", "125", "130"])
    #expect(single.svg().contains("<circle"))
    let flat = LineChart(
      title: "", xLabel: "x", yLabel: "y",
      series: [.init(name: "flat", points: [.init(x: 1, y: 5), .init(x: 2, y: 5)])])
    #expect(flat.layout().yAxis?.ticks.map(\.label) == ["0", "2", "4", "6"])
    #expect(isWellFormed(flat.svg()))
  }
}

extension LineChartTests {
  /// `sagin chart`: CSV grouping, averages and spreads, units, skipped rows and errors.
  @Suite struct Command {
    /// Two methods, two user counts, three seeds; one infeasible row and one
    /// without an objective.
    let csv = """
      users,seed,method,status,F,total_delay_s
      10,1,para,optimal-stationary,1,0.5
      10,1,nearest,optimal-stationary,4,0.5
      10,2,para,optimal-stationary,2,0.5
      10,2,nearest,infeasible,,
      10,3,para,iteration-limit,3,0.5
      10,3,nearest,iteration-limit,,0.5
      20,1,para,optimal-stationary,2,0.5
      20,1,nearest,optimal-stationary,6,0.5
      20,2,para,optimal-stationary,4,0.5
      20,2,nearest,optimal-stationary,8,0.5
      20,3,para,optimal-stationary,9,0.5

      """

    private func options(
      x: String = "users", y: String = "F", series: String? = "method",
      spread: ChartOptions.Spread = .std
    ) -> ChartOptions {
      var options = ChartOptions()
      options.x = x
      options.y = y
      options.series = series
      options.spread = spread
      return options
    }

    @Test func averagesAndStandardDeviationsPerSeriesAndX() throws {
      let drawing = try ChartCommand.drawing(csv: csv, options: options())
      let series = drawing.chart.series
      #expect(series.map(\.name) == ["para", "nearest"])
      // para at 10: 1, 2, 3: mean 2, sample deviation 1.
      #expect(series[0].points[0] == .init(x: 10, y: 2, low: 1, high: 3))
      // para at 20: 2, 4, 9: mean 5, variance (9 + 1 + 16) / 2 = 13.
      let p = series[0].points[1]
      #expect(p.x == 20 && p.y == 5)
      #expect(abs(p.low! - (5 - 13.0.squareRoot())) < 1e-12)
      #expect(abs(p.high! - (5 + 13.0.squareRoot())) < 1e-12)
      // nearest at 10: a single row, no error bar; at 20: 6, 8: mean 7, deviation √2.
      #expect(series[1].points[0] == .init(x: 10, y: 4))
      #expect(abs(series[1].points[1].high! - (7 + 2.0.squareRoot())) < 1e-12)
      #expect(
        drawing.notes == [
          "skipped 2 of 11 rows: 1 with status 'infeasible', 1 with an empty 'F'"
        ])
      #expect(drawing.summary == "2 series, 2 points each")
      #expect(drawing.chart.xLabel == "users")
      #expect(drawing.chart.yLabel == "F")
    }

    @Test func whereFiltersRowsAndSeveralYColumnsMakeOneSeriesEach() throws {
      var filtered = options(y: "F,total_delay_s", series: nil)
      filtered.filters = [.init(column: "method", value: "para")]
      let drawing = try ChartCommand.drawing(csv: csv, options: filtered)
      #expect(drawing.chart.series.map(\.name) == ["F", "total_delay_s"])
      // para's F at 20: 2, 4, 9; its delay is 0.5 everywhere.
      #expect(drawing.chart.series[0].points[1].y == 5)
      #expect(drawing.chart.series[1].points.map(\.y) == [0.5, 0.5])
      #expect(drawing.chart.yLabel == "F, total_delay_s")
      var both = filtered
      both.series = "method"
      #expect(throws: ChartCommand.Failure.self) {
        try ChartCommand.drawing(csv: csv, options: both)
      }
    }

    @Test func minmaxSpreadRunsFromLowestToHighest() throws {
      let drawing = try ChartCommand.drawing(csv: csv, options: options(spread: .minmax))
      #expect(drawing.chart.series[0].points[1] == .init(x: 20, y: 5, low: 2, high: 9))
      #expect(drawing.chart.series[1].points[0] == .init(x: 10, y: 4))
    }

    @Test func withoutSeriesEverythingIsOneLineAndAHintIsGiven() throws {
      let drawing = try ChartCommand.drawing(csv: csv, options: options(series: nil))
      #expect(drawing.chart.series.count == 1)
      #expect(drawing.chart.series[0].name == "")
      // At 10: 1, 4, 2, 3.
      #expect(drawing.chart.series[0].points[0].y == 2.5)
      #expect(drawing.notes.contains { $0.contains("give --series method") })
    }

    @Test func unitsAreStrippedAndLabelTheAxis() throws {
      let text = """
        bandwidth,method,status,F
        20 MHz,para,optimal-stationary,2
        5 MHz,para,optimal-stationary,1
        10 MHz,para,optimal-stationary,1.5

        """
      let drawing = try ChartCommand.drawing(csv: text, options: options(x: "bandwidth"))
      #expect(drawing.chart.series[0].points.map(\.x) == [5, 10, 20])
      #expect(drawing.chart.xLabel == "bandwidth (MHz)")
      var labelled = options(x: "bandwidth")
      labelled.xLabel = "Bandwidth B (MHz)"
      let given = try ChartCommand.drawing(csv: text, options: labelled)
      #expect(given.chart.xLabel == "Bandwidth B (MHz)")
    }

    @Test func unitsDifferingByAPrefixAreBroughtToOne() throws {
      let text = "altitude,F\n500 m,1\n1 km,2\n2 km,3\n"
      let drawing = try ChartCommand.drawing(
        csv: text, options: options(x: "altitude", series: nil))
      #expect(drawing.chart.series[0].points.map(\.x) == [0.5, 1, 2])
      #expect(drawing.chart.xLabel == "altitude (km)")
      let mixed = "t,F\n5 m,1\n3 s,2\n"
      let unmixed = try ChartCommand.drawing(csv: mixed, options: options(x: "t", series: nil))
      #expect(unmixed.chart.xLabel == "t")
      #expect(unmixed.notes == ["'t' mixes units (m, s); drawn are the numbers as written"])
      #expect(ChartCommand.leadingNumber("1.5e3 Hz")! == (1500, "Hz"))
      #expect(ChartCommand.leadingNumber("2 e")! == (2, "e"))
      #expect(ChartCommand.leadingNumber("-.5")! == (-0.5, ""))
      #expect(ChartCommand.leadingNumber("MHz") == nil)
    }

    @Test func quotedFieldsAreRead() throws {
      let text = #"""
        x,"method, with comma",status,F
        1,"a, b",optimal-stationary,1
        1,"say ""hi""",optimal-stationary,2
        2,"multi
        line",optimal-stationary,3

        """#
      var chosen = options(x: "x")
      chosen.series = "method, with comma"
      let drawing = try ChartCommand.drawing(csv: text, options: chosen)
      #expect(drawing.chart.series.map(\.name) == ["a, b", "say \"hi\"", "multi\nline"])
      let table = try CSVTable(parsing: text)
      #expect(table.rows.map(\.line) == [2, 3, 4])
    }

    @Test func raggedRowsAndUnclosedQuotesAreErrors() {
      #expect(throws: ChartCommand.Failure(message: "2 fields where the header has 3", line: 3)) {
        try CSVTable(parsing: "a,b,c\n1,2,3\n1,2\n")
      }
      #expect(throws: ChartCommand.Failure(message: "a quoted field is not closed", line: 2)) {
        try CSVTable(parsing: "a,b\n1,\"2\n")
      }
    }

    // MARK: The command

    @Test func writesTheChartAndASummary() throws {
      let path = try writeFile("sweep.csv", csv)
      let out = try temporaryDirectory().appendingPathComponent("f.svg").path
      let run = sagin(
        "chart", path, "--x", "users", "--y", "F", "--series", "method", "--title", "F by users",
        "--out", out)
      #expect(run.exitCode == 0)
      #expect(run.output.isEmpty)
      #expect(run.error.contains("note: skipped 2 of 11 rows"))
      #expect(run.error.hasSuffix("wrote \(out): 2 series, 2 points each\n"))
      let svg = try String(contentsOfFile: out, encoding: .utf8)
      #expect(svg.contains(">F by users</text>"))
      #expect(svg.contains(">para</text>") && svg.contains(">nearest</text>"))
    }

    @Test func writesToStandardOutputByDefault() throws {
      let path = try writeFile("sweep.csv", csv)
      let run = sagin("chart", path, "--x=users", "--y=total_delay_s", "--log-y", "--spread=minmax")
      #expect(run.exitCode == 0)
      #expect(run.output.hasPrefix("<?xml"))
      #expect(run.output.hasSuffix("</svg>\n"))
      #expect(run.error.contains("wrote standard output: 1 series, 2 points"))
    }

    @Test func missingColumnNamesTheColumns() throws {
      let path = try writeFile("sweep.csv", csv)
      let run = sagin("chart", path, "--x", "users", "--y", "G")
      #expect(run.exitCode == 1)
      #expect(
        run.error
          == "\(path): error: no column 'G'; the columns are 'users', 'seed', 'method', 'status',"
          + " 'F', 'total_delay_s'\n")
    }

    @Test func nonNumericValuesAreErrors() throws {
      let path = try writeFile("sweep.csv", csv)
      let run = sagin("chart", path, "--x", "users", "--y", "method")
      #expect(run.exitCode == 1)
      #expect(
        run.error.hasPrefix(
          "\(path):2: error: column 'method' has 'para', which is not a number;"
            + " numeric columns: 'users', 'seed', 'F', 'total_delay_s'"))
    }

    @Test func unreadableFilesAndBadUsage() {
      let missing = sagin("chart", "/nonexistent/sweep.csv", "--x", "a", "--y", "b")
      #expect(missing.exitCode == 1)
      #expect(missing.error == "/nonexistent/sweep.csv: error: cannot read: no such file\n")
      let noY = sagin("chart", "sweep.csv", "--x", "users")
      #expect(noY.exitCode == 64)
      #expect(
        noY.error.hasPrefix("sagin: error: 'sagin chart' needs --y COLUMN\nusage: sagin chart"))
      let noFile = sagin("chart", "--x", "a", "--y", "b")
      #expect(noFile.exitCode == 64)
      #expect(noFile.error.hasPrefix("sagin: error: expected a CSV file after 'sagin chart'"))
      #expect(
        sagin("chart", "a.csv", "--spread", "iqr").error.contains("expected 'std' or 'minmax'"))
      let unknown = sagin("chart", "a.csv", "--frob")
      #expect(unknown.exitCode == 64)
      #expect(unknown.error.contains("unknown option '--frob' for 'sagin chart'"))
      #expect(sagin("chart", "a.csv", "--x").error.contains("expected a value after '--x'"))
    }

    @Test func helpDescribesTheCommand() {
      #expect(
        sagin("help", "chart").output.hasPrefix("usage: sagin chart CSV --x COLUMN --y COLUMN"))
      #expect(sagin("chart", "--help").output.contains("--spread"))
      #expect(sagin("--help").output.contains("chart CSV"))
    }
  }
}
