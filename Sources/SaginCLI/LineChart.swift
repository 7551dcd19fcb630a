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
