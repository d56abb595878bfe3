#include "bv-codes.h"
