#include <gtest/gtest.h>

#include "convert/converter.h"
#include "convert_test_util.h"

namespace ksink {
namespace {

using testing::run;

TEST(ConverterRegistry, KnownClasses) {
  EXPECT_EQ(known_converter_classes(),
            (std::vector<std::string>{"org.apache.kafka.connect.json.JsonConverter",
                                      "org.apache.kafka.connect.storage.StringConverter",
                                      "org.apache.kafka.connect.converters.ByteArrayConverter",
                                      "io.confluent.connect.avro.AvroConverter"}));
}

TEST(ConverterRegistry, MakesEachByFullAndShortName) {
  for (const char* name : {"org.apache.kafka.connect.json.JsonConverter", "JsonConverter", "Json",
                           " org.apache.kafka.connect.json.JsonConverter "}) {
    auto c = make_converter(name, {{"schemas.enable", "false"}}, false);
    ASSERT_TRUE(c.ok()) << name << ": " << c.error().message;
    EXPECT_EQ(run(**c, R"({"a":1})").json(), R"({"a":1})") << name;
  }
  for (const char* name :
       {"org.apache.kafka.connect.storage.StringConverter", "StringConverter", "String"}) {
    auto c = make_converter(name, {}, true);
    ASSERT_TRUE(c.ok()) << name;
    EXPECT_EQ(run(**c, "k1").value.as_string(), "k1");
  }
  for (const char* name : {"org.apache.kafka.connect.converters.ByteArrayConverter",
                           "ByteArrayConverter", "ByteArray"}) {
    auto c = make_converter(name, {}, false);
    ASSERT_TRUE(c.ok()) << name;
    EXPECT_EQ(run(**c, "ab").value.kind(), Kind::Bytes);
  }
}

TEST(ConverterRegistry, JsonConverterDefaultsToSchemasEnabled) {
  auto c = make_converter("org.apache.kafka.connect.json.JsonConverter", {}, false);
  ASSERT_TRUE(c.ok());
  auto r = run(**c, R"({"a":1})");
  ASSERT_FALSE(r.ok);
  EXPECT_NE(r.error.message.find("set schemas.enable=false"), std::string::npos);
}

TEST(ConverterRegistry, SettingErrorsComeFromTheConverter) {
  auto c = make_converter("JsonConverter", {{"schemas.enable", "maybe"}}, true);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().message,
            "Invalid value maybe for configuration key.converter.schemas.enable: Expected value "
            "to be either true or false");
}

TEST(ConverterRegistry, UnknownClassListsTheKnownOnes) {
  for (const char* name : {"io.confluent.connect.json.JsonSchemaConverter", "jsonconverter", ""}) {
    auto c = make_converter(name, {}, false);
    ASSERT_FALSE(c.ok()) << name;
    EXPECT_EQ(c.error().message, "Unknown converter class \"" + std::string(name) +
                                     "\" for value.converter; ksink supports "
                                     "org.apache.kafka.connect.json.JsonConverter, "
                                     "org.apache.kafka.connect.storage.StringConverter, "
                                     "org.apache.kafka.connect.converters.ByteArrayConverter, "
                                     "io.confluent.connect.avro.AvroConverter");
  }
}

}  // namespace
}  // namespace ksink
