// Page encodings: finds a page's encoding as browsers do (BOM, then the Content-Type header's
// charset, then a <meta charset> / http-equiv prescan of the first 1024 bytes, then "is it valid
// UTF-8?", then windows-1252) and converts it to UTF-8 with iconv before the core sees it.
// Undecodable bytes become U+FFFD; nothing is dropped silently (had_errors says so).
#pragma once

#include <string>
#include <string_view>

namespace linklens::encoding {

struct Decoded {
  // The page as UTF-8: the input itself when it was valid UTF-8 already (not copied: keep the
  // input while reading it), else `utf8`, the converted or repaired copy.
  std::string_view text() const { return copied ? std::string_view(utf8) : input; }
  std::string utf8;
  std::string_view input;
  bool copied = true;
  std::string encoding;  // WHATWG name of what was decoded ("utf-8", "shift_jis", ...)
  std::string source;    // why: "bom", "content-type", "meta", "sniffed-utf-8", "default"
  bool had_errors = false;
};

// Maps a WHATWG encoding label ("latin1", "Shift_JIS", " utf8 ") to its canonical name, or ""
// when the label is unknown.
std::string canonical_encoding(std::string_view label);

// The charset parameter of a Content-Type value, or "".
std::string charset_from_content_type(std::string_view content_type);

// The charset a <meta> in the first 1024 bytes declares, or "".
std::string prescan_meta_charset(std::string_view bytes);

// Decodes `bytes` to UTF-8. `content_type` is the HTTP Content-Type header value ("" if none).
// The result's text() may point into `bytes`.
Decoded to_utf8(std::string_view bytes, std::string_view content_type);

}  // namespace linklens::encoding
