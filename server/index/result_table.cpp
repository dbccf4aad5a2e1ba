#include "index/result_table.h"

#include <cmath>

namespace linklens::api {

Json ResultTable::to_json() const {
  Json out = Json::array();
  for (const auto& row : rows) {
    Json object = Json::object();
    for (std::size_t i = 0; i < columns.size() && i < row.size(); ++i) object[columns[i]] = row[i];
    out.push_back(std::move(object));
  }
  return out;
}

void append_json_string(std::string_view text, std::string& out) {
  // Branch-free over the bytes, so the compiler can test many at once.
  unsigned escaped = 0;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    escaped |= static_cast<unsigned>(u < 0x20) | static_cast<unsigned>(u >= 0x7f) | static_cast<unsigned>(u == '"') |
               static_cast<unsigned>(u == '\\');
  }
  if (!escaped) {
    out.push_back('"');
    out.append(text);
    out.push_back('"');
    return;
  }
  out += Json(std::string(text)).dump(-1, ' ', false, Json::error_handler_t::replace);
}

void append_json_number(std::optional<double> value, std::string& out) {
  if (!value || !std::isfinite(*value)) {
    out += "null";
    return;
  }
  char digits[64];  // what nlohmann's serializer gives the same function
  out.append(digits, nlohmann::detail::to_chars(digits, digits + sizeof digits, *value));
}

void ResultTable::append_json(std::string& out) const {
  nlohmann::detail::serializer<Json> writer(nlohmann::detail::output_adapter<char, std::string>(out), ' ',
                                            Json::error_handler_t::replace);
  out.push_back('[');
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (r) out.push_back(',');
    out.push_back('{');
    const auto& row = rows[r];
    for (std::size_t i = 0; i < columns.size() && i < row.size(); ++i) {
      if (i) out.push_back(',');
      append_json_string(columns[i], out);
      out.push_back(':');
      if (row[i].is_string())
        append_json_string(row[i].get_ref<const std::string&>(), out);
      else
        writer.dump(row[i], false, false, 0);
    }
    out.push_back('}');
  }
  out.push_back(']');
}

namespace {

void append_cell(std::string& out, const Json& value) {
  std::string text;
  if (value.is_null()) return;
  if (value.is_string()) {
    text = value.get<std::string>();
    if (!text.empty() &&
        (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' || text[0] == '\t' || text[0] == '\r')) {
      text.insert(text.begin(), '\'');
    }
  } else {
    text = value.dump();
  }
  if (text.find_first_of(",\"\r\n") == std::string::npos) {
    out += text;
    return;
  }
  out.push_back('"');
  for (char c : text) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

}  // namespace

std::string to_csv(const ResultTable& table) {
  std::string out;
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    if (i) out.push_back(',');
    append_cell(out, table.columns[i]);
  }
  out += "\r\n";
  for (const auto& row : table.rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i) out.push_back(',');
      append_cell(out, row[i]);
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace linklens::api
