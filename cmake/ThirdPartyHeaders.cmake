# Header-only test dependencies (Catch2 v2, nlohmann/json) for native and WebAssembly builds.
#
# Natively they come from their Debian CMake packages. Under Emscripten, /usr/include must never
# be on the include path (it would shadow the wasm sysroot's libc headers), so the two headers
# (and the nlohmann tree) are copied into a private folder of the build tree and exposed from there.
if(EMSCRIPTEN)
  set(_staged "${CMAKE_BINARY_DIR}/third_party_include")
  file(MAKE_DIRECTORY "${_staged}/catch2")
  file(COPY /usr/include/catch2/catch.hpp DESTINATION "${_staged}/catch2")
  file(COPY /usr/include/nlohmann DESTINATION "${_staged}")  # json.hpp includes its detail/ tree
  add_library(linklens_catch2 INTERFACE)
  target_include_directories(linklens_catch2 SYSTEM INTERFACE "${_staged}")
  add_library(linklens_json INTERFACE)
  target_include_directories(linklens_json SYSTEM INTERFACE "${_staged}")
else()
  find_package(Catch2 2 REQUIRED)
  find_package(nlohmann_json 3 REQUIRED)
  add_library(linklens_catch2 INTERFACE)
  target_link_libraries(linklens_catch2 INTERFACE Catch2::Catch2)
  add_library(linklens_json INTERFACE)
  target_link_libraries(linklens_json INTERFACE nlohmann_json::nlohmann_json)
endif()
