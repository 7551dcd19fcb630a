/// A table of aligned columns for the terminal: a header row, a rule and
/// the rows; text columns left-aligned, numeric ones right-aligned.
struct TextTable {
  enum Alignment {
    case left
    case right
  }

  struct Column {
    var title: String
    var alignment: Alignment
  }

  private(set) var columns: [Column]
  private(set) var rows: [[String]] = []

  init(_ columns: [(String, Alignment)]) {
    self.columns = columns.map { Column(title: $0.0, alignment: $0.1) }
  }

  mutating func append(_ row: [String]) {
    precondition(row.count == columns.count, "a table row must fill every column")
    rows.append(row)
  }

  /// The table as lines, indented by two spaces, columns two spaces apart.
  func rendered() -> String {
    var widths = columns.map(\.title.count)
    for row in rows {
      for (k, cell) in row.enumerated() { widths[k] = max(widths[k], cell.count) }
    }
    func line(_ cells: [String]) -> String {
      let padded = cells.enumerated().map { k, cell in
        let padding = String(repeating: " ", count: widths[k] - cell.count)
        return columns[k].alignment == .left ? cell + padding : padding + cell
      }
      let text = "  " + padded.joined(separator: "  ")
      return String(text.reversed().drop { $0 == " " }.reversed())
    }
    var lines = [line(columns.map(\.title))]
    lines.append("  " + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
    lines += rows.map(line)
    return lines.joined(separator: "\n")
  }
}
