import Foundation

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
