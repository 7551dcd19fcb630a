// Ipopt's C interface declares `Int`, `Bool` and `Number` typedefs that would
// shadow Swift's own types; rename them around the include (same C ABI).
#define Int IpoptInt
#define Bool IpoptBool
#define Number IpoptNumber
#include <coin/IpStdCInterface.h>
#undef Int
#undef Bool
#undef Number
