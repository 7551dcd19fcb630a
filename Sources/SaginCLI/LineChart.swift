import Foundation

/// A line chart with error bars for parameter sweeps, written as a standalone
/// SVG 1.1 document: nice ticks, a light grid, one polyline per series with
/// its own marker shape and colour (Okabe–Ito), and a legend beside or below
/// the plot, never on it.
///
/// Non-finite values (and, on a logarithmic axis, values that are not
/// positive) are skipped; the output is the same bytes for the same input.
struct LineChart {
  var title: String
  var xLabel: String
  var yLabel: String
  var series: [Series]
  var logarithmicY = false

  struct Series: Equatable {
    var name: String
    var points: [Point]
  }

  /// A point with an optional error bar from `low` to `high`.
  struct Point: Equatable {
    var x: Double
    var y: Double
    var low: Double?
    var high: Double?

    init(x: Double, y: Double, low: Double? = nil, high: Double? = nil) {
      self.x = x
      self.y = y
      self.low = low
      self.high = high
    }
  }

  /// The SVG document.
  func svg() -> String {
    let layout = self.layout()
    var out = SVGWriter(width: layout.width, height: layout.height)
    out.element("title", text: title.isEmpty ? "chart" : title)
    out.line(
      "<rect x=\"0\" y=\"0\" width=\"\(SVGWriter.number(layout.width))\""
        + " height=\"\(SVGWriter.number(layout.height))\" fill=\"#ffffff\"/>")
    let plot = layout.plot

    if let xAxis = layout.xAxis, let yAxis = layout.yAxis {
      drawGridAndTicks(&out, layout: layout, xAxis: xAxis, yAxis: yAxis)
      drawSeries(&out, layout: layout, xAxis: xAxis, yAxis: yAxis)
    } else {
      out.text(
        "no data", x: plot.midX, y: plot.midY + 5, size: 14, anchor: "middle", fill: "#666666")
    }
    out.line(
      "<rect x=\"\(SVGWriter.number(plot.x))\" y=\"\(SVGWriter.number(plot.y))\""
        + " width=\"\(SVGWriter.number(plot.width))\" height=\"\(SVGWriter.number(plot.height))\""
        + " fill=\"none\" stroke=\"#333333\" stroke-width=\"1\"/>")

    for (k, line) in layout.title.enumerated() {
      out.text(
        line.text, x: layout.width / 2, y: 28 + Double(k) * line.size * 1.25, size: line.size,
        anchor: "middle", weight: "bold")
    }
    if let text = layout.xLabel {
      out.text(text.text, x: plot.midX, y: plot.maxY + 40, size: text.size, anchor: "middle")
    }
    if let text = layout.yLabel {
      out.text(
        text.text, x: 22, y: plot.midY, size: text.size, anchor: "middle", rotation: -90)
    }
    if let legend = layout.legend { drawLegend(&out, legend: legend) }
    return out.finished()
  }

  // MARK: - Layout

  /// Where everything goes; computed before anything is drawn.
  struct Layout {
    var width: Double
    var height: Double
    var plot: Rect
    var xAxis: Axis?
    var yAxis: Axis?
    var legend: Legend?
    /// One line, or two for a long title; none without a title.
    var title: [FittedText]
    var xLabel: FittedText?
    var yLabel: FittedText?
  }

  struct Legend {
    var frame: Rect
    var entries: [Entry]

    struct Entry {
      var name: String
      var style: SeriesStyle
      /// The top-left corner of the entry's row.
      var x: Double
      var y: Double
    }
  }

  /// Text shrunk (and at worst shortened) to fit a width.
  struct FittedText {
    var text: String
    var size: Double
  }

  static let width = 640.0
  static let height = 420.0
  static let tickFontSize = 11.0
  static let legendFontSize = 12.0
  static let legendRowHeight = 20.0
  /// Legend entries wider than this move the legend below the plot.
  static let widestSideLegend = 200.0

  func layout() -> Layout {
    let width = LineChart.width
    let data = validSeries()
    let hasData = data.contains { !$0.isEmpty }
    let yAxis = hasData ? yAxis(for: data) : nil

    let margin = 14.0
    let titleLines = fitTitle(within: width - 2 * margin)
    let top = 20.0 + (titleLines.first.map { 8 + $0.size * 1.25 * Double(titleLines.count) } ?? 0)
    let bottom = 26.0 + (xLabel.isEmpty ? 0 : 22) + 10
    let yTickWidth =
      (yAxis?.ticks ?? []).map { textWidth($0.label, size: LineChart.tickFontSize) }
      .max() ?? 0
    let left = 14 + (yLabel.isEmpty ? 0 : 20) + yTickWidth + 10

    // The legend: named series only, marked when they have nothing to draw.
    var entries: [(name: String, style: SeriesStyle)] = []
    for (index, item) in series.enumerated() where !item.name.isEmpty {
      let name = data[index].isEmpty ? item.name + " (no data)" : item.name
      entries.append((name, SeriesStyle(index: index)))
    }
    let swatch = 34.0
    let maxNameWidth = width - 2 * margin - swatch - 24
    let fittedNames = entries.map {
      fit($0.name, size: LineChart.legendFontSize, within: maxNameWidth)
    }
    let entryWidth =
      swatch + (fittedNames.map { textWidth($0.text, size: $0.size) }.max() ?? 0) + 12
    let legendBeside = !entries.isEmpty && entryWidth + 16 <= LineChart.widestSideLegend

    var plotRight = width - margin
    if legendBeside { plotRight = width - margin - (entryWidth + 16) - 18 }
    // Leave room for half of the last x tick label past the plot's right edge.
    var xAxis: Axis?
    if hasData {
      let axis = self.xAxis(for: data, plotWidth: plotRight - left - 20)
      let overhang = axis.ticks.last.map { textWidth($0.label, size: LineChart.tickFontSize) / 2 }
      plotRight = min(plotRight, width - margin - (overhang ?? 0))
      xAxis = axis
    }

    var plotHeight = LineChart.height - top - bottom
    var legend: Legend?
    var height = LineChart.height
    if legendBeside {
      let frameHeight = 10 + LineChart.legendRowHeight * Double(entries.count)
      plotHeight = max(plotHeight, frameHeight)
      let frame = Rect(
        x: width - margin - (entryWidth + 16), y: top, width: entryWidth + 16, height: frameHeight)
      legend = Legend(
        frame: frame,
        entries: entries.indices.map { k in
          .init(
            name: fittedNames[k].text, style: entries[k].style, x: frame.x + 8,
            y: frame.y + 5 + LineChart.legendRowHeight * Double(k))
        })
      height = top + plotHeight + bottom
    } else if !entries.isEmpty {
      let available = width - 2 * margin - 16
      let columns = max(1, min(entries.count, Int(available / entryWidth)))
      let rows = (entries.count + columns - 1) / columns
      let frameWidth = Double(columns) * entryWidth + 16
      let frame = Rect(
        x: (width - frameWidth) / 2, y: top + plotHeight + bottom,
        width: frameWidth, height: 10 + LineChart.legendRowHeight * Double(rows))
      legend = Legend(
        frame: frame,
        entries: entries.indices.map { k in
          .init(
            name: fittedNames[k].text, style: entries[k].style,
            x: frame.x + 8 + entryWidth * Double(k % columns),
            y: frame.y + 5 + LineChart.legendRowHeight * Double(k / columns))
        })
      height = frame.maxY + 12
    } else {
      height = top + plotHeight + bottom
    }

    let plot = Rect(x: left, y: top, width: plotRight - left, height: plotHeight)
    return Layout(
      width: width, height: height, plot: plot, xAxis: xAxis, yAxis: yAxis, legend: legend,
      title: titleLines,
      xLabel: xLabel.isEmpty ? nil : fit(xLabel, size: 13, within: plot.width),
      yLabel: yLabel.isEmpty ? nil : fit(yLabel, size: 13, within: plot.height))
  }

  /// Each series' drawable points, sorted by x: finite (and within ±1e300,
  /// so that ranges and margins stay finite), and positive y on a
  /// logarithmic axis. Error bar ends that are not are dropped.
  func validSeries() -> [[Point]] {
    func isDrawable(_ value: Double) -> Bool { value.isFinite && abs(value) <= 1e300 }
    return series.map { item in
      let points = item.points.compactMap { point -> Point? in
        guard isDrawable(point.x), isDrawable(point.y), !logarithmicY || point.y > 0 else {
          return nil
        }
        var valid = point
        if let low = point.low, !isDrawable(low) { valid.low = nil }
        if let high = point.high, !isDrawable(high) { valid.high = nil }
        return valid
      }
      // A stable sort: equal x keep their order.
      return points.enumerated().sorted { ($0.element.x, $0.offset) < ($1.element.x, $1.offset) }
        .map(\.element)
    }
  }

  private func xAxis(for data: [[Point]], plotWidth: Double) -> Axis {
    let xs = data.flatMap { $0.map(\.x) }
    let low = xs.min() ?? 0
    let high = xs.max() ?? 1
    // The fewest ticks whose labels do not collide.
    var axis = Axis.linear(low: low, high: high, targetCount: 6, anchorsZero: false)
    for count in stride(from: 5, through: 2, by: -1) {
      let widest = axis.ticks.map { textWidth($0.label, size: LineChart.tickFontSize) }.max() ?? 0
      let spacing = plotWidth / max(Double(axis.ticks.count - 1), 1)
      if axis.ticks.count < 2 || widest + 10 <= spacing { break }
      axis = Axis.linear(low: low, high: high, targetCount: count, anchorsZero: false)
    }
    return axis
  }

  private func yAxis(for data: [[Point]]) -> Axis {
    var values: [Double] = []
    for point in data.joined() {
      values.append(point.y)
      for end in [point.low, point.high] {
        if let end, !logarithmicY || end > 0 { values.append(end) }
      }
    }
    let low = values.min() ?? 0
    let high = values.max() ?? 1
    if logarithmicY { return Axis.logarithmic(low: low, high: high) }
    return Axis.linear(low: low, high: high, targetCount: 5, anchorsZero: true)
  }

  // MARK: - Drawing

  private func drawGridAndTicks(
    _ out: inout SVGWriter, layout: Layout, xAxis: Axis, yAxis: Axis
  ) {
    let plot = layout.plot
    var grid = ""
    var marks = ""
    for tick in xAxis.ticks {
      let x = SVGWriter.number(plot.x + xAxis.fraction(tick.value) * plot.width)
      grid += "M\(x) \(SVGWriter.number(plot.y))V\(SVGWriter.number(plot.maxY))"
      marks += "M\(x) \(SVGWriter.number(plot.maxY))v5"
    }
    for tick in yAxis.ticks {
      let y = SVGWriter.number(plot.maxY - yAxis.fraction(tick.value) * plot.height)
      grid += "M\(SVGWriter.number(plot.x)) \(y)H\(SVGWriter.number(plot.maxX))"
      marks += "M\(SVGWriter.number(plot.x)) \(y)h-5"
    }
    out.line("<path d=\"\(grid)\" fill=\"none\" stroke=\"#e6e6e6\" stroke-width=\"1\"/>")
    if !yAxis.isLogarithmic, yAxis.lower < 0, yAxis.upper > 0 {
      // Zero inside the range gets a darker line.
      let y = SVGWriter.number(plot.maxY - yAxis.fraction(0) * plot.height)
      out.line(
        "<path d=\"M\(SVGWriter.number(plot.x)) \(y)H\(SVGWriter.number(plot.maxX))\""
          + " fill=\"none\" stroke=\"#999999\" stroke-width=\"1\"/>")
    }
    out.line("<path d=\"\(marks)\" fill=\"none\" stroke=\"#333333\" stroke-width=\"1\"/>")
    out.line("<g font-size=\"\(SVGWriter.number(LineChart.tickFontSize))\" fill=\"#333333\">")
    for tick in xAxis.ticks {
      let x = plot.x + xAxis.fraction(tick.value) * plot.width
      out.text(tick.label, x: x, y: plot.maxY + 19, anchor: "middle")
    }
    for tick in yAxis.ticks {
      let y = plot.maxY - yAxis.fraction(tick.value) * plot.height
      out.text(tick.label, x: plot.x - 8, y: y + 4, anchor: "end")
    }
    out.line("</g>")
  }

  private func drawSeries(_ out: inout SVGWriter, layout: Layout, xAxis: Axis, yAxis: Axis) {
    let plot = layout.plot
    func position(_ x: Double, _ y: Double) -> (x: Double, y: Double) {
      let px = plot.x + min(max(xAxis.fraction(x), 0), 1) * plot.width
      // A logarithmic axis sends non-positive ends of error bars to its bottom.
      let fy = logarithmicY && y <= 0 ? 0 : min(max(yAxis.fraction(y), 0), 1)
      return (px, plot.maxY - fy * plot.height)
    }
    for (index, points) in validSeries().enumerated() where !points.isEmpty {
      let style = SeriesStyle(index: index)
      out.line("<g>")
      if points.count > 1 {
        let list = points.map { point in
          let p = position(point.x, point.y)
          return SVGWriter.number(p.x) + "," + SVGWriter.number(p.y)
        }
        out.line(
          "<polyline points=\"\(list.joined(separator: " "))\" fill=\"none\""
            + " stroke=\"\(style.colour)\" stroke-width=\"1.8\" stroke-linejoin=\"round\"/>")
      }
      var bars = ""
      for point in points where point.low != nil || point.high != nil {
        let from = position(point.x, point.low ?? point.y)
        let to = position(point.x, point.high ?? point.y)
        guard abs(from.y - to.y) >= 0.5 else { continue }
        let x = SVGWriter.number(from.x)
        bars += "M\(x) \(SVGWriter.number(from.y))V\(SVGWriter.number(to.y))"
        for end in [from, to] {
          bars += "M\(SVGWriter.number(end.x - 4)) \(SVGWriter.number(end.y))h8"
        }
      }
      if !bars.isEmpty {
        out.line(
          "<path d=\"\(bars)\" fill=\"none\" stroke=\"\(style.colour)\" stroke-width=\"1.2\"/>")
      }
      out.line(style.markerGroupOpening)
      for point in points {
        let p = position(point.x, point.y)
        out.line(style.marker.element(x: p.x, y: p.y))
      }
      out.line("</g>")
      out.line("</g>")
    }
  }

  private func drawLegend(_ out: inout SVGWriter, legend: Legend) {
    let frame = legend.frame
    out.line(
      "<rect x=\"\(SVGWriter.number(frame.x))\" y=\"\(SVGWriter.number(frame.y))\""
        + " width=\"\(SVGWriter.number(frame.width))\""
        + " height=\"\(SVGWriter.number(frame.height))\""
        + " fill=\"#ffffff\" stroke=\"#cccccc\" stroke-width=\"1\"/>")
    out.line("<g font-size=\"\(SVGWriter.number(LineChart.legendFontSize))\" fill=\"#222222\">")
    for entry in legend.entries {
      let middle = entry.y + LineChart.legendRowHeight / 2
      out.line(
        "<path d=\"M\(SVGWriter.number(entry.x)) \(SVGWriter.number(middle))h26\" fill=\"none\""
          + " stroke=\"\(entry.style.colour)\" stroke-width=\"1.8\"/>")
      out.line(
        entry.style.markerGroupOpening + entry.style.marker.element(x: entry.x + 13, y: middle)
          + "</g>")
      out.text(entry.name, x: entry.x + 34, y: middle + 4)
    }
    out.line("</g>")
  }

  // MARK: - Text

  /// An estimate of the width of `text` in a sans-serif font (no font
  /// metrics are at hand): generous, so that estimates err on the roomy side.
  func textWidth(_ text: String, size: Double, bold: Bool = false) -> Double {
    Double(text.count) * size * (bold ? 0.64 : 0.58)
  }

  /// `text` at `size`, shrunk down to `smallest` and then shortened with an
  /// ellipsis until it fits `width`.
  func fit(
    _ text: String, size: Double, within width: Double, bold: Bool = false, smallest: Double = 9
  ) -> FittedText {
    var size = size
    while size > smallest, textWidth(text, size: size, bold: bold) > width { size -= 0.5 }
    var text = text
    while text.count > 1, textWidth(text, size: size, bold: bold) > width {
      text = String(text.dropLast(text.hasSuffix("…") ? 2 : 1)) + "…"
    }
    return FittedText(text: text, size: size)
  }

  /// The title at 16 points, or as small as 12; when it does not fit so, in
  /// two lines split at the space nearest its middle.
  func fitTitle(within width: Double) -> [FittedText] {
    guard !title.isEmpty else { return [] }
    let whole = fit(title, size: 16, within: width, bold: true, smallest: 12)
    let words = title.split(separator: " ").map(String.init)
    guard whole.text != title, words.count > 1 else {
      return [whole.text == title ? whole : fit(title, size: 16, within: width, bold: true)]
    }
    var lines = (first: "", second: "")
    for k in 1..<words.count {
      let split = (
        words[..<k].joined(separator: " "), words[k...].joined(separator: " ")
      )
      if lines.first.isEmpty
        || max(split.0.count, split.1.count)
          < max(lines.first.count, lines.second.count)
      {
        lines = split
      }
    }
    let size = min(
      fit(lines.first, size: 16, within: width, bold: true).size,
      fit(lines.second, size: 16, within: width, bold: true).size)
    return [lines.first, lines.second].map { fit($0, size: size, within: width, bold: true) }
  }

  /// `text` with XML's special characters as entities and the characters XML
  /// 1.0 forbids (most control characters) removed.
  static func escapeXML(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&apos;"
      case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
      default:
        let value = scalar.value
        let allowed =
          value >= 0x20 && !(0xD800...0xDFFF).contains(value) && value != 0xFFFE
          && value != 0xFFFF
        if allowed { result.unicodeScalars.append(scalar) }
      }
    }
    return result
  }
}

// MARK: - Geometry and styles

/// A rectangle in SVG user units (y grows downwards).
struct Rect: Equatable {
  var x: Double
  var y: Double
  var width: Double
  var height: Double

  var maxX: Double { x + width }
  var maxY: Double { y + height }
  var midX: Double { x + width / 2 }
  var midY: Double { y + height / 2 }

  /// Whether the two rectangles share interior points (touching edges do not count).
  func intersects(_ other: Rect) -> Bool {
    x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
  }
}

/// The colour and marker of the series at an index: the Okabe–Ito palette
/// (yellow last, as it reads poorly on white) and seven marker shapes, so
/// that series differ in shape as well as colour.
struct SeriesStyle: Equatable {
  var colour: String
  var marker: Marker

  static let palette = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442",
  ]

  init(index: Int) {
    colour = SeriesStyle.palette[index % SeriesStyle.palette.count]
    marker = Marker.allCases[index % Marker.allCases.count]
  }

  enum Marker: CaseIterable {
    case circle, square, triangleUp, diamond, triangleDown, cross, plus

    var isStroked: Bool { self == .cross || self == .plus }

    func element(x: Double, y: Double) -> String {
      let n = SVGWriter.number
      switch self {
      case .circle:
        return "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"4\"/>"
      case .square:
        return "<rect x=\"\(n(x - 3.6))\" y=\"\(n(y - 3.6))\" width=\"7.2\" height=\"7.2\"/>"
      case .triangleUp:
        return "<path d=\"M\(n(x)) \(n(y - 5))L\(n(x + 4.8)) \(n(y + 3.6))H\(n(x - 4.8))Z\"/>"
      case .diamond:
        return
          "<path d=\"M\(n(x)) \(n(y - 5))L\(n(x + 5)) \(n(y))L\(n(x)) \(n(y + 5))"
          + "L\(n(x - 5)) \(n(y))Z\"/>"
      case .triangleDown:
        return "<path d=\"M\(n(x)) \(n(y + 5))L\(n(x + 4.8)) \(n(y - 3.6))H\(n(x - 4.8))Z\"/>"
      case .cross:
        return
          "<path d=\"M\(n(x - 4)) \(n(y - 4))L\(n(x + 4)) \(n(y + 4))"
          + "M\(n(x - 4)) \(n(y + 4))L\(n(x + 4)) \(n(y - 4))\"/>"
      case .plus:
        return "<path d=\"M\(n(x - 5)) \(n(y))H\(n(x + 5))M\(n(x)) \(n(y - 5))V\(n(y + 5))\"/>"
      }
    }
  }

  /// The group that gives markers their paint: filled with a thin white
  /// outline, or stroked for the cross and the plus.
  var markerGroupOpening: String {
    marker.isStroked
      ? "<g fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\">"
      : "<g fill=\"\(colour)\" stroke=\"#ffffff\" stroke-width=\"0.8\">"
  }
}

// MARK: - Axes

/// An axis: its range, how values map into it and its ticks.
struct Axis: Equatable {
  var lower: Double
  var upper: Double
  var isLogarithmic = false
  var ticks: [Tick]

  struct Tick: Equatable {
    var value: Double
    var label: String
  }

  /// Where `value` falls between the ends, from 0 to 1.
  func fraction(_ value: Double) -> Double {
    if isLogarithmic {
      return (log10(value) - log10(lower)) / (log10(upper) - log10(lower))
    }
    return (value - lower) / (upper - lower)
  }

  /// A linear axis over `low...high` with about `targetCount` ticks spaced
  /// 1, 2, 2.5 or 5 times a power of ten. With `anchorsZero` (y axes) the
  /// range reaches 0, gets a 5% margin on any side not at 0 and ends on
  /// ticks; without (x axes) it gets a 5% margin and ticks fall inside it.
  static func linear(low: Double, high: Double, targetCount: Int, anchorsZero: Bool) -> Axis {
    var low = low
    var high = high
    if anchorsZero {
      low = min(low, 0)
      high = max(high, 0)
    }
    if low == high {
      // A single value: a range around it (or 0...1 for zero).
      let spread = low == 0 ? 1 : abs(low) * 0.1
      if anchorsZero {
        high = low == 0 ? 1 : high
      } else {
        low -= spread
        high += spread
      }
    } else {
      let margin = (high - low) * 0.05
      if !anchorsZero || low != 0 { low -= margin }
      if !anchorsZero || high != 0 { high += margin }
    }
    // Steps too small to show against the values' magnitude are widened.
    let magnitude = max(abs(low), abs(high))
    let smallest = magnitude * 1e-12
    let span = high - low
    func tickRange(_ step: ExactDecimal) -> (first: Double, last: Double) {
      let value = step.value
      if anchorsZero {
        return ((low / value + 1e-9).rounded(.down), (high / value - 1e-9).rounded(.up))
      }
      return ((low / value - 1e-9).rounded(.up), (high / value + 1e-9).rounded(.down))
    }
    var step = ExactDecimal.niceStep(above: max(span / Double(max(targetCount, 1)), smallest))
    if anchorsZero {
      // Of the steps giving 4 to `targetCount + 3` ticks, the one that wastes
      // the least room beyond the data; on a tie, not 2.5, then the count
      // nearest `targetCount`.
      var best: (step: ExactDecimal, key: (Double, Int, Int))?
      var candidate = ExactDecimal.niceStep(above: max(span / Double(targetCount + 5), smallest))
      for _ in 0..<12 {
        let (first, last) = tickRange(candidate)
        let count = Int(last - first) + 1
        if count < 4 { break }
        if count <= targetCount + 3 {
          let covered = (last - first) * candidate.value / span
          // Ranges equal but for rounding compare equal.
          let key = (
            (covered * 1e6).rounded(), candidate.units == 25 ? 1 : 0, abs(count - targetCount)
          )
          if best.map({ key < $0.key }) ?? true { best = (candidate, key) }
        }
        candidate = ExactDecimal.niceStep(above: candidate.value * (1 + 1e-6))
      }
      if let best { step = best.step }
    }
    var (first, last) = tickRange(step)
    last = min(last, first + 100)
    let ticks = stride(from: first, through: last, by: 1).map { n in
      ExactDecimal(units: Int64(n) * step.units, exponent: step.exponent)
    }
    let labels = ExactDecimal.labels(ticks)
    let values = ticks.map(\.value)
    if anchorsZero, let lowest = values.first, let highest = values.last, lowest < highest {
      low = lowest
      high = highest
    }
    return Axis(
      lower: low, upper: high,
      ticks: zip(values, labels).map { Tick(value: $0, label: $1) })
  }

  /// A logarithmic axis over positive `low...high` with a margin of 5% of
  /// the decades shown: ticks at powers of ten, or at 1, 2 and 5 (then 1 to 9)
  /// times them when that gives too few, or linear ticks over a narrow range.
  static func logarithmic(low: Double, high: Double) -> Axis {
    var lowExponent = log10(low)
    var highExponent = log10(high)
    let margin = max((highExponent - lowExponent) * 0.05, 0.05)
    lowExponent -= margin
    highExponent += margin
    let lower = pow(10, lowExponent)
    let upper = pow(10, highExponent)
    let first = Int(lowExponent.rounded(.down))
    let last = Int(highExponent.rounded(.up))
    func ticks(_ multiples: [Int64], every: Int) -> [ExactDecimal] {
      var result: [ExactDecimal] = []
      // Every `every`-th power of ten, at multiples of `every`.
      let start = Int((Double(first) / Double(every)).rounded(.down)) * every
      for exponent in stride(from: start, through: last, by: every) {
        for multiple in multiples {
          let tick = ExactDecimal(units: multiple, exponent: exponent)
          if tick.value >= lower * (1 - 1e-12), tick.value <= upper * (1 + 1e-12) {
            result.append(tick)
          }
        }
      }
      return result
    }
    let decades = last - first
    var chosen = ticks([1], every: max(1, (decades + 7) / 8))
    if chosen.count < 3 { chosen = ticks([1, 2, 5], every: 1) }
    if chosen.count < 3 { chosen = ticks([1, 2, 3, 4, 5, 6, 7, 8, 9], every: 1) }
    if chosen.count < 2 {
      let linear = Axis.linear(low: low, high: high, targetCount: 4, anchorsZero: false)
      return Axis(
        lower: lower, upper: upper, isLogarithmic: true,
        ticks: linear.ticks.filter { $0.value >= lower && $0.value <= upper })
    }
    let labels = ExactDecimal.labels(chosen)
    return Axis(
      lower: lower, upper: upper, isLogarithmic: true,
      ticks: zip(chosen, labels).map { Tick(value: $0.value, label: $1) })
  }
}

/// `units` × 10^`exponent`, exactly: tick values are made and written from
/// integers so that no binary rounding shows (0.2, never 0.20000000000000001).
struct ExactDecimal: Equatable {
  var units: Int64
  var exponent: Int

  /// The nearest double, through the correctly rounded decimal parser.
  var value: Double { Double("\(units)e\(exponent)") ?? .nan }

  /// The smallest step of 1, 2, 2.5 or 5 times a power of ten that is at
  /// least `raw` (which must be positive and finite).
  static func niceStep(above raw: Double) -> ExactDecimal {
    var exponent = Int(log10(raw).rounded(.down))
    // log10 may be off by one ulp near powers of ten.
    if ExactDecimal(units: 1, exponent: exponent).value > raw { exponent -= 1 }
    if ExactDecimal(units: 1, exponent: exponent + 1).value <= raw { exponent += 1 }
    let fraction = raw / ExactDecimal(units: 1, exponent: exponent).value
    let tolerance = 1 + 1e-9
    if fraction <= 1 * tolerance { return ExactDecimal(units: 1, exponent: exponent) }
    if fraction <= 2 * tolerance { return ExactDecimal(units: 2, exponent: exponent) }
    if fraction <= 2.5 * tolerance { return ExactDecimal(units: 25, exponent: exponent - 1) }
    if fraction <= 5 * tolerance { return ExactDecimal(units: 5, exponent: exponent) }
    return ExactDecimal(units: 1, exponent: exponent + 1)
  }

  /// The same number with no trailing zeros in `units`.
  var normalized: ExactDecimal {
    guard units != 0 else { return ExactDecimal(units: 0, exponent: 0) }
    var result = self
    while result.units % 10 == 0 {
      result.units /= 10
      result.exponent += 1
    }
    return result
  }

  /// The power of ten of the leading digit: 2 for 250, -1 for 0.25.
  var leadingExponent: Int {
    let digits = String(normalized.units.magnitude)
    return digits.count - 1 + normalized.exponent
  }

  /// Plain notation (`0.25`, `1500`) between 0.001 and 99999, else
  /// scientific (`2.5e-4`, `1.5e6`).
  var usesScientificNotation: Bool {
    units != 0 && (leadingExponent >= 5 || leadingExponent <= -4)
  }

  func formatted(scientific: Bool) -> String {
    let number = normalized
    if number.units == 0 { return "0" }
    let sign = number.units < 0 ? "-" : ""
    let digits = String(number.units.magnitude)
    if scientific {
      let rest = digits.dropFirst()
      return sign + String(digits.prefix(1)) + (rest.isEmpty ? "" : "." + rest) + "e"
        + String(leadingExponent)
    }
    if number.exponent >= 0 {
      return sign + digits + String(repeating: "0", count: number.exponent)
    }
    let point = digits.count + number.exponent
    if point > 0 {
      return sign + String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
    }
    return sign + "0." + String(repeating: "0", count: -point) + digits
  }

  /// Labels of an axis's ticks, all in one notation: scientific when any
  /// tick needs it.
  static func labels(_ ticks: [ExactDecimal]) -> [String] {
    let scientific = ticks.contains(where: \.usesScientificNotation)
    return ticks.map { $0.formatted(scientific: scientific) }
  }
}

// MARK: - Writing SVG

/// Accumulates an SVG document line by line.
struct SVGWriter {
  private var lines: [String] = []

  init(width: Double, height: Double) {
    let w = SVGWriter.number(width)
    let h = SVGWriter.number(height)
    lines.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>")
    lines.append(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(w)\" height=\"\(h)\""
        + " viewBox=\"0 0 \(w) \(h)\" font-family=\"Helvetica, Arial, sans-serif\">")
  }

  mutating func line(_ text: String) { lines.append(text) }

  mutating func element(_ name: String, text: String) {
    lines.append("<\(name)>\(LineChart.escapeXML(text))</\(name)>")
  }

  mutating func text(
    _ text: String, x: Double, y: Double, size: Double? = nil, anchor: String? = nil,
    weight: String? = nil, fill: String? = nil, rotation: Double? = nil
  ) {
    var attributes = "x=\"\(SVGWriter.number(x))\" y=\"\(SVGWriter.number(y))\""
    if let size { attributes += " font-size=\"\(SVGWriter.number(size))\"" }
    if let anchor { attributes += " text-anchor=\"\(anchor)\"" }
    if let weight { attributes += " font-weight=\"\(weight)\"" }
    if let fill { attributes += " fill=\"\(fill)\"" }
    if let rotation {
      attributes +=
        " transform=\"rotate(\(SVGWriter.number(rotation)) \(SVGWriter.number(x))"
        + " \(SVGWriter.number(y)))\""
    }
    lines.append("<text \(attributes)>\(LineChart.escapeXML(text))</text>")
  }

  func finished() -> String {
    (lines + ["</svg>"]).joined(separator: "\n") + "\n"
  }

  /// A coordinate with at most two decimals and no trailing zeros; never
  /// `nan` or `inf` (which would make the document invalid), 0 instead.
  static func number(_ value: Double) -> String {
    guard value.isFinite, abs(value) < 1e9 else { return "0" }
    let hundredths = (value * 100).rounded()
    if hundredths == 0 { return "0" }
    var text = String(format: "%.2f", hundredths / 100)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
  }
}
