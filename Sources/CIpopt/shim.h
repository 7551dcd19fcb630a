// Ipopt's C interface declares `Int`, `Bool`, `Number` and `Index` typedefs
// that would shadow Swift's own names; rename them around the include (the
// C ABI is unchanged).
#define Int IpoptInt
#define Bool IpoptBool
#define Number IpoptNumber
#define Index IpoptIndex
#include <coin/IpStdCInterface.h>
#undef Int
#undef Bool
#undef Number
#undef Index
