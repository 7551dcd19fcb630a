// DSDP 5.8 (libdsdp-dev): the dual-scaling interior-point solver for
// semidefinite programs, through its C interface.
#include <stdio.h>
#include <dsdp/dsdp5.h>
