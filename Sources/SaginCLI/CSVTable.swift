import Foundation

/// A CSV table: a header row naming the columns, then rows of as many
/// fields. Fields may be quoted ("a, b" and doubled quotes inside);
/// unquoted fields are trimmed of spaces; empty lines are ignored.
struct CSVTable {
  var header: [String]
  var rows: [Row]

  init(header: [String], rows: [Row]) {
    self.header = header
    self.rows = rows
  }

  struct Row {
    /// The line the row starts on (the header is line 1).
    var line: Int
    var fields: [String]
  }

  init(parsing text: String) throws(ChartCommand.Failure) {
    var records: [Row] = []
    var fields: [String] = []
    var field = ""
    var isQuoted = false
    var inQuotes = false
    var line = 1
    var recordLine = 1
    var quoteLine = 1
    let scalars = Array(text.unicodeScalars.drop { $0 == "\u{FEFF}" })
    func endField() {
      fields.append(isQuoted ? field : field.trimmingCharacters(in: .whitespaces))
      field = ""
      isQuoted = false
    }
    func endRecord() {
      endField()
      if fields != [""] { records.append(Row(line: recordLine, fields: fields)) }
      fields = []
    }
    var index = 0
    while index < scalars.count {
      let scalar = scalars[index]
      let next = index + 1 < scalars.count ? scalars[index + 1] : nil
      if inQuotes {
        if scalar == "\"" {
          if next == "\"" {
            field.unicodeScalars.append("\"")
            index += 1
          } else {
            inQuotes = false
          }
        } else {
          if scalar == "\n" { line += 1 }
          field.unicodeScalars.append(scalar)
        }
      } else {
        switch scalar {
        case "\"" where field.trimmingCharacters(in: .whitespaces).isEmpty && !isQuoted:
          field = ""
          inQuotes = true
          isQuoted = true
          quoteLine = line
        case ",":
          endField()
        case "\r", "\n":
          if scalar == "\r", next == "\n" { index += 1 }
          endRecord()
          line += 1
          recordLine = line
        default:
          field.unicodeScalars.append(scalar)
        }
      }
      index += 1
    }
    if inQuotes {
      throw ChartCommand.Failure(message: "a quoted field is not closed", line: quoteLine)
    }
    if !fields.isEmpty || !field.isEmpty || isQuoted { endRecord() }

    guard let first = records.first else {
      throw ChartCommand.Failure(message: "no header row: the file is empty")
    }
    header = first.fields
    rows = Array(records.dropFirst())
    for row in rows where row.fields.count != header.count {
      throw ChartCommand.Failure(
        message: "\(plural(row.fields.count, "field")) where the header has \(header.count)",
        line: row.line)
    }
  }

  /// Columns whose non-empty cells all start with a number (or are nan or inf).
  var numericColumns: [String] {
    header.indices.filter { column in
      let cells = rows.map { $0.fields[column] }.filter { !$0.isEmpty }
      return !cells.isEmpty
        && cells.allSatisfy {
          ChartCommand.leadingNumber($0) != nil || ChartCommand.isNonFinite($0)
        }
    }.map { header[$0] }
  }
}
