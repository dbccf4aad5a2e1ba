// The body of POST /v1/disavow/parse: a disavow file sent the ways people send files.
//
// curl's --data-binary sends application/x-www-form-urlencoded unless told otherwise, and
// cpp-httplib then reads the file's lines as form fields; -F sends multipart/form-data, whose body
// httplib moves into its files. So the file is taken from where each type puts it, and the
// route's own parameters only from the URL's query string.
#pragma once

#include <httplib.h>

#include <string>

#include "api/list_params.h"
#include "index/status.h"

namespace linklens::api {

struct DisavowUpload {
  std::string text;   // the file
  QueryParams query;  // the URL's query parameters (never the body's)
};

// Accepts text/plain (or no type), a raw body sent as application/x-www-form-urlencoded
// (`curl --data-binary @file`), and a multipart/form-data upload of exactly one file
// (`curl -F file=@file`). Anything else: 415 unsupported_media_type, saying what to send.
Status read_disavow_upload(const httplib::Request& req, DisavowUpload& out);

}  // namespace linklens::api
