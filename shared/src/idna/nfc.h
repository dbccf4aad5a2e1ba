// Unicode Normalization Form C (UAX #15) over UTF-32, from the generated tables.
#pragma once

#include <string>

namespace linklens::nfc {

// Replaces `text` by its NFC form.
void normalize(std::u32string& text);

// True iff `text` is already in NFC.
bool is_normalized(const std::u32string& text);

}  // namespace linklens::nfc
