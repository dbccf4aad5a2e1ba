#include "api/disavow_upload.h"

#include <algorithm>
#include <cctype>

namespace linklens::api {
namespace {

// The media type of a Content-Type header, lowercased, without parameters.
std::string media_type(const std::string& header) {
  std::string type = header.substr(0, header.find(';'));
  while (!type.empty() && std::isspace(static_cast<unsigned char>(type.back()))) type.pop_back();
  type.erase(0, std::min(type.size(), type.find_first_not_of(" \t")));
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return type;
}

}  // namespace

Status read_disavow_upload(const httplib::Request& req, DisavowUpload& out) {
  out = {};
  out.query = parse_query_string(req.target);  // the URL's only: a form body is the file
  const std::string type = media_type(req.get_header_value("Content-Type"));
  if (type.empty() || type == "text/plain" || type == "application/x-www-form-urlencoded") {
    out.text = req.body;
    return {};
  }
  if (type == "multipart/form-data") {
    if (req.files.size() != 1) {
      // The fresh-machine issue takes one multipart file (curl -F); any other multipart body is
      // "anything else": a 415 that says what to send.
      return Status{415, "unsupported_media_type",
                    "a multipart upload must hold exactly one file (this one holds " +
                        std::to_string(req.files.size()) +
                        " parts): send curl -F file=@disavow.txt, or the file as a text/plain body "
                        "(curl --data-binary @disavow.txt -H 'Content-Type: text/plain')"};
    }
    out.text = req.files.begin()->second.content;
    return {};
  }
  return Status{415, "unsupported_media_type",
                "send the disavow file as text/plain (curl --data-binary @disavow.txt -H 'Content-Type: text/plain'), "
                "as a raw body (curl --data-binary @disavow.txt) or as one multipart file (curl -F file=@disavow.txt); "
                "not " +
                    type.substr(0, 100)};
}

}  // namespace linklens::api
