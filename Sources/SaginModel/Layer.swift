/// The four layers of a space-air-ground network, numbered as in the model
/// document: 0 users, 1 ground servers, 2 UAVs, 3 satellites.
public enum Layer: Int, CaseIterable, Comparable, Sendable {
  case user = 0
  case ground = 1
  case uav = 2
  case satellite = 3

  /// The word used in reports and in the language (`user`, `server`, `uav`, `satellite`).
  public var keyword: String {
    switch self {
    case .user: return "user"
    case .ground: return "server"
    case .uav: return "uav"
    case .satellite: return "satellite"
    }
  }

  /// A plural noun for report headings.
  public var title: String {
    switch self {
    case .user: return "local"
    case .ground: return "ground"
    case .uav: return "UAV"
    case .satellite: return "satellite"
    }
  }

  public static func < (lhs: Layer, rhs: Layer) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The objective variant of the model document, section 6.
public enum ObjectiveKind: String, Sendable {
  case perUser = "per-user"
  case perNode = "per-node"
}
