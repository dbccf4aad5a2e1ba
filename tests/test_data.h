// Access to the third-party conformance data in ../shared/data (see its MANIFEST.md).
//
// CI must have it (.ci/run fails without it). In a user's clone without it, tests that need it
// print a visible "SKIPPED" line and pass, so the rest of the suite still runs.
#pragma once

#include <optional>
#include <string>

namespace linklens::test {

// The data folder: $LINKLENS_SHARED_DATA if set, else the path configured at build time.
std::string shared_data_dir();

// Reads shared_data_dir()/relative_path whole; nullopt (after printing SKIPPED) when missing.
std::optional<std::string> read_shared_data(const std::string& relative_path);

// Reads any file whole; nullopt when it cannot be opened.
std::optional<std::string> read_file(const std::string& path);

// JSON text with lone UTF-16 surrogate escapes ("\uD800") replaced by "\uFFFD", as a browser's
// USVString conversion does, so a strict JSON parser accepts the WPT files.
std::string replace_lone_surrogates(const std::string& json);

}  // namespace linklens::test
