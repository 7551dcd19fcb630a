/// The word of `candidates` nearest to `word` by edit distance, ignoring case,
/// when it is at most `maximumDistance` edits away (ties go to the earlier candidate).
public func closestWord(to word: String, in candidates: [String], maximumDistance: Int)
  -> String?
{
  let target = Array(word.lowercased().unicodeScalars)
  var best: (word: String, distance: Int)?
  for candidate in candidates {
    let distance = editDistance(target, Array(candidate.lowercased().unicodeScalars))
    if distance <= maximumDistance, distance < (best?.distance ?? Int.max) {
      best = (candidate, distance)
    }
  }
  return best?.word
}

/// A "did you mean" phrase for a misspelt keyword, or nil when nothing is close.
/// The allowed distance grows with the word: 1 for short words, up to 3.
func didYouMean(_ word: String, among candidates: [String]) -> String? {
  let allowed = min(3, max(1, word.count / 3))
  return closestWord(to: word, in: candidates, maximumDistance: allowed).map {
    "did you mean '\($0)'?"
  }
}

/// Levenshtein distance with one row of memory. Inputs longer than 64
/// scalars are compared by their first 64, which is enough for suggestions.
private func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
  let a = Array(a.prefix(64))
  let b = Array(b.prefix(64))
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var row = Array(0...b.count)
  for i in 1...a.count {
    var diagonal = row[0]
    row[0] = i
    for j in 1...b.count {
      let above = row[j]
      row[j] = min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1))
      diagonal = above
    }
  }
  return row[b.count]
}
