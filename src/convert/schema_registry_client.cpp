#include "convert/schema_registry_client.h"

#include <curl/curl.h>
#include <simdjson.h>

#include <mutex>

#include "core/json_writer.h"

namespace ksink {

namespace {

constexpr size_t kMaxResponseBytes = 16 << 20;  // a schema is kilobytes; anything this big is not

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string upper(std::string_view s) {
  std::string out(trim(s));
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

size_t collect(char* data, size_t size, size_t n, void* user) {
  auto* out = static_cast<std::string*>(user);
  if (out->size() + size * n > kMaxResponseBytes) return 0;  // aborts the transfer
  out->append(data, size * n);
  return size * n;
}

void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

std::string printable_url(std::string_view url) {
  size_t scheme = url.find("://");
  size_t host = scheme == std::string_view::npos ? 0 : scheme + 3;
  size_t end = url.find_first_of("/?#", host);
  size_t at = url.substr(0, end).rfind('@');
  if (at == std::string_view::npos || at < host) return std::string(url);
  return std::string(url.substr(0, host)) + std::string(url.substr(at + 1));
}

Result<SchemaRegistryOptions> parse_schema_registry_options(const ConfigMap& settings,
                                                            std::string_view prefix) {
  const std::string p(prefix);
  SchemaRegistryOptions o;
  auto url_it = settings.find("schema.registry.url");
  if (url_it == settings.end() || trim(url_it->second).empty())
    return Error{"Missing required configuration \"" + p +
                 "schema.registry.url\" which has no default value: give the Schema Registry's "
                 "URL, e.g. http://localhost:8081"};
  std::string_view list = url_it->second;
  while (!list.empty()) {
    size_t comma = list.find(',');
    std::string_view one = trim(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    if (one.empty()) continue;
    while (one.size() > 1 && one.back() == '/') one.remove_suffix(1);
    if (!one.starts_with("http://") && !one.starts_with("https://"))
      return Error{"Invalid value " + printable_url(one) + " for configuration " + p +
                   "schema.registry.url: expected http:// or https:// URLs separated by commas"};
    o.urls.emplace_back(one);
  }
  if (o.urls.empty())
    return Error{"Invalid value for configuration " + p +
                 "schema.registry.url: expected http:// or https:// URLs separated by commas"};

  std::optional<std::string> user_info;
  for (const char* key : {"basic.auth.user.info", "schema.registry.basic.auth.user.info"})
    if (auto it = settings.find(key); it != settings.end() && !it->second.empty())
      user_info = it->second;
  std::string source = user_info ? "USER_INFO" : "URL";
  if (auto it = settings.find("basic.auth.credentials.source"); it != settings.end())
    source = upper(it->second);
  if (source == "USER_INFO") {
    if (!user_info)
      return Error{"Configuration " + p + "basic.auth.credentials.source=USER_INFO needs " + p +
                   "basic.auth.user.info (user:password)"};
    if (user_info->find(':') == std::string::npos)
      return Error{"Invalid value [hidden] for configuration " + p +
                   "basic.auth.user.info: expected user:password"};
    o.user_info = user_info;
  } else if (source == "SASL_INHERIT") {
    return Error{"Invalid value SASL_INHERIT for configuration " + p +
                 "basic.auth.credentials.source: ksink supports URL and USER_INFO"};
  } else if (source != "URL") {
    return Error{
        "Invalid value " + std::string(trim(settings.at("basic.auth.credentials.source"))) +
        " for configuration " + p + "basic.auth.credentials.source: expected URL or USER_INFO"};
  }
  return o;
}

struct SchemaRegistryClient::Http {
  CURL* curl = nullptr;
  curl_slist* get_headers = nullptr;
  curl_slist* post_headers = nullptr;
  char error[CURL_ERROR_SIZE] = {};
  simdjson::dom::parser parser;

  Http() {
    init_curl_once();
    curl = curl_easy_init();
    const char* accept =
        "Accept: application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, "
        "application/json";
    get_headers = curl_slist_append(get_headers, accept);
    post_headers = curl_slist_append(post_headers, accept);
    post_headers =
        curl_slist_append(post_headers, "Content-Type: application/vnd.schemaregistry.v1+json");
  }
  ~Http() {
    if (curl) curl_easy_cleanup(curl);
    curl_slist_free_all(get_headers);
    curl_slist_free_all(post_headers);
  }
};

SchemaRegistryClient::SchemaRegistryClient(SchemaRegistryOptions options)
    : options_(std::move(options)), http_(std::make_unique<Http>()) {}

SchemaRegistryClient::~SchemaRegistryClient() = default;

SchemaRegistryClient::Reply SchemaRegistryClient::request(const std::string& path,
                                                          const std::string* body) {
  Reply reply;
  std::string failures;
  auto note = [&](const std::string& url, const std::string& what) {
    if (!failures.empty()) failures += "; ";
    failures += printable_url(url) + ": " + what;
  };
  CURL* c = http_->curl;
  if (!c) {
    reply.message = "cannot initialise libcurl";
    return reply;
  }
  const size_t n = options_.urls.size();
  for (size_t k = 0; k < n; ++k) {
    const size_t idx = (preferred_ + k) % n;
    const std::string& base = options_.urls[idx];
    std::string url = base + path;
    std::string response;
    curl_easy_reset(c);  // keeps the connection cache
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(options_.connect_timeout.count()));
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.request_timeout.count()));
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &response);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, http_->error);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    if (options_.user_info) {
      curl_easy_setopt(c, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
      curl_easy_setopt(c, CURLOPT_USERPWD, options_.user_info->c_str());
    }
    if (body) {
      curl_easy_setopt(c, CURLOPT_HTTPHEADER, http_->post_headers);
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, body->c_str());
      curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body->size()));
    } else {
      curl_easy_setopt(c, CURLOPT_HTTPHEADER, http_->get_headers);
      curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    }
    http_->error[0] = '\0';
    CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK) {
      note(base, http_->error[0] ? http_->error : curl_easy_strerror(rc));
      continue;
    }
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);

    simdjson::dom::element doc;
    bool json = !http_->parser.parse(response).get(doc);
    int64_t error_code = 0;
    std::string_view registry_message;
    if (json && doc.is_object()) {
      if (doc["error_code"].get_int64().get(error_code)) error_code = 0;
      if (doc["message"].get_string().get(registry_message)) registry_message = {};
    }
    auto registry_says = [&] {
      std::string m = "HTTP " + std::to_string(status);
      if (error_code) m += ", error code " + std::to_string(error_code);
      if (!registry_message.empty()) m += ": " + std::string(registry_message);
      return m;
    };

    if (status == 200) {
      if (!json || !doc.is_object()) {
        note(base,
             "answered HTTP 200 with a body that is not a JSON object (is this a Schema "
             "Registry?)");
        continue;
      }
      if (body) {
        int64_t id = 0;
        if (doc["id"].get_int64().get(id) || id < 0 || id > INT32_MAX) {
          note(base, "answered without a schema id");
          continue;
        }
        reply.id = static_cast<int32_t>(id);
      } else {
        std::string_view schema, type = "AVRO";
        if (doc["schema"].get_string().get(schema)) {
          note(base, "answered without a \"schema\" field");
          continue;
        }
        if (doc["schemaType"].get_string().get(type)) type = "AVRO";
        simdjson::dom::array refs;
        reply.has_references = !doc["references"].get_array().get(refs) && refs.size() > 0;
        reply.schema.assign(schema);
        reply.schema_type.assign(type);
      }
      reply.outcome = Outcome::Ok;
      preferred_ = idx;
      return reply;
    }
    if (status == 404 && error_code == 40403) {
      reply.outcome = Outcome::NotFound;
      reply.message = printable_url(base) + " answered " + registry_says();
      preferred_ = idx;
      return reply;
    }
    if (status >= 500 || status == 408 || status == 429) {
      note(base, registry_says());
      continue;
    }
    if (status == 401 || status == 403) {
      note(base, registry_says() + " (check basic.auth.user.info)");
      continue;
    }
    if (status == 404) {  // not the registry's own "not found": a wrong URL
      note(base, registry_says() + " (is this the Schema Registry's base URL?)");
      continue;
    }
    reply.outcome = Outcome::Rejected;
    reply.message = printable_url(base) + " answered " + registry_says();
    return reply;
  }
  reply.outcome = Outcome::Unavailable;
  reply.message = "no Schema Registry answered (" + failures + ")";
  return reply;
}

SchemaRegistryClient::Reply SchemaRegistryClient::schema_by_id(int32_t id) {
  return request("/schemas/ids/" + std::to_string(id), nullptr);
}

SchemaRegistryClient::Reply SchemaRegistryClient::register_schema(const std::string& subject,
                                                                  const std::string& schema) {
  std::string path = "/subjects/";
  char* escaped = curl_easy_escape(http_->curl, subject.c_str(), static_cast<int>(subject.size()));
  path += escaped ? escaped : subject.c_str();
  curl_free(escaped);
  path += "/versions";
  std::string body = "{\"schema\":";
  write_json_string(schema, body);
  body += "}";
  return request(path, &body);
}

}  // namespace ksink
