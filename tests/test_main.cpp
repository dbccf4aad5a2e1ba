// The Catch2 runner, shared by every test executable (native and WebAssembly).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
