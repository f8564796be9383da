// Kafka client settings from Connect property files, as librdkafka gets them.
#include "kafka/java_client_keys.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ksink::kafka {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

ClientSettings adapt(const ConfigMap& keys, const std::string& prefix = "consumer.override.") {
  ClientSettings cs;
  add_client_settings(cs, prefix, keys);
  return cs;
}

TEST(JavaClientKeys, SharedNamesPassUnchanged) {
  auto cs = adapt({{"fetch.min.bytes", "1024"}, {"session.timeout.ms", "30000"}});
  EXPECT_EQ(cs.settings, (ConfigMap{{"fetch.min.bytes", "1024"}, {"session.timeout.ms", "30000"}}));
  EXPECT_THAT(cs.warnings, IsEmpty());
  EXPECT_THAT(cs.problems, IsEmpty());
}

TEST(JavaClientKeys, JavaOnlySettingsAreIgnoredWithAWarningNamingTheKeyAsWritten) {
  auto cs = adapt({{"max.poll.records", "500"}, {"key.deserializer", "x.Y"}}, "consumer.");
  EXPECT_THAT(cs.settings, IsEmpty());
  EXPECT_THAT(cs.problems, IsEmpty());
  EXPECT_THAT(cs.warnings,
              ElementsAre("'consumer.key.deserializer' is a setting of Kafka's Java client with no "
                          "equivalent in librdkafka, ksink's Kafka client; it is ignored",
                          "'consumer.max.poll.records' is a setting of Kafka's Java client with no "
                          "equivalent in librdkafka, ksink's Kafka client; it is ignored"));
}

TEST(JavaClientKeys, RenamedSettingsAndJavaSpellingsOfValues) {
  auto cs = adapt({{"fetch.max.wait.ms", "100"},
                   {"receive.buffer.bytes", "-1"},
                   {"send.buffer.bytes", "131072"},
                   {"auto.offset.reset", "none"},
                   {"ssl.endpoint.identification.algorithm", ""}});
  EXPECT_THAT(cs.problems, IsEmpty());
  EXPECT_EQ(cs.settings, (ConfigMap{{"fetch.wait.max.ms", "100"},
                                    {"socket.receive.buffer.bytes", "0"},
                                    {"socket.send.buffer.bytes", "131072"},
                                    {"auto.offset.reset", "error"},
                                    {"ssl.endpoint.identification.algorithm", "none"}}));
}

TEST(JavaClientKeys, AssignorClassNamesBecomeLibrdkafkaNamesOfOneKind) {
  auto one = adapt({{"partition.assignment.strategy",
                     "org.apache.kafka.clients.consumer.CooperativeStickyAssignor"}});
  EXPECT_EQ(one.settings.at("partition.assignment.strategy"), "cooperative-sticky");
  EXPECT_THAT(one.warnings, IsEmpty());
  // Kafka 3's default list: librdkafka refuses eager and cooperative assignors together.
  auto both = adapt({{"partition.assignment.strategy",
                      "org.apache.kafka.clients.consumer.RangeAssignor, "
                      "org.apache.kafka.clients.consumer.CooperativeStickyAssignor"}});
  EXPECT_EQ(both.settings.at("partition.assignment.strategy"), "range");
  EXPECT_THAT(both.warnings,
              ElementsAre("'consumer.override.partition.assignment.strategy' lists eager and "
                          "cooperative assignors; librdkafka takes one kind, so "
                          "cooperative-sticky is ignored and 'range' used"));
  auto sticky = adapt(
      {{"partition.assignment.strategy", "org.apache.kafka.clients.consumer.StickyAssignor"}});
  ASSERT_EQ(sticky.problems.size(), 1u);
  EXPECT_EQ(sticky.problems[0].key, "consumer.override.partition.assignment.strategy");
  EXPECT_EQ(sticky.problems[0].message,
            "Invalid consumer.override.partition.assignment.strategy: "
            "org.apache.kafka.clients.consumer.StickyAssignor has no librdkafka equivalent: use "
            "RangeAssignor, RoundRobinAssignor or CooperativeStickyAssignor (or librdkafka's "
            "names range, roundrobin, cooperative-sticky)");
}

TEST(JavaClientKeys, UnknownSettingsAreProblemsNamedAsWritten) {
  auto cs = adapt({{"fetch.min.byte", "1"}}, "producer.override.");
  EXPECT_THAT(cs.settings, IsEmpty());
  ASSERT_EQ(cs.problems.size(), 1u);
  EXPECT_EQ(cs.problems[0].key, "producer.override.fetch.min.byte");
  EXPECT_EQ(cs.problems[0].message,
            "Invalid producer.override.fetch.min.byte: No such configuration property: "
            "\"fetch.min.byte\"");
}

TEST(JavaClientKeys, JavaKeyStoresAndClassesAreRefusedWithWhatToWriteInstead) {
  auto cs = adapt({{"ssl.keystore.type", "JKS"},
                   {"ssl.truststore.type", "jks"},
                   {"sasl.login.callback.handler.class", "com.example.Handler"}},
                  "consumer.");
  ASSERT_EQ(cs.problems.size(), 3u);
  EXPECT_EQ(cs.problems[0].message,
            "Invalid consumer.sasl.login.callback.handler.class: ksink cannot load Java classes; "
            "librdkafka's own settings (sasl.*, ssl.*) replace them");
  EXPECT_EQ(cs.problems[1].message,
            "Invalid consumer.ssl.keystore.type: JKS key stores are not supported: convert it to "
            "PKCS12 (ssl.keystore.location) or to PEM files (ssl.certificate.location and "
            "ssl.key.location)");
  EXPECT_EQ(cs.problems[2].message,
            "Invalid consumer.ssl.truststore.type: JKS trust stores are not supported: give the "
            "CA certificates as a PEM file in ssl.ca.location");
  // PKCS12 is what librdkafka's ssl.keystore.location reads: nothing to pass on, nothing wrong.
  auto p12 = adapt({{"ssl.keystore.type", "PKCS12"}});
  EXPECT_THAT(p12.problems, IsEmpty());
  EXPECT_THAT(p12.settings, IsEmpty());
}

TEST(JavaClientKeys, JaasConfigGetsLibrdkafkasHintAndNeverItsPassword) {
  auto cs = adapt({{"sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required "
                    "username=\"u\" password=\"hunter2\";"}});
  ASSERT_EQ(cs.problems.size(), 1u);
  EXPECT_THAT(cs.problems[0].message,
              HasSubstr("Invalid consumer.override.sasl.jaas.config: Java JAAS configuration is "
                        "not supported"));
  EXPECT_THAT(cs.problems[0].message, Not(HasSubstr("hunter2")));
}

TEST(JavaClientKeys, LibrdkafkaSettingsKeepsOnlyWhatLibrdkafkaTakes) {
  EXPECT_EQ(librdkafka_settings("consumer.", {{"max.poll.records", "10"},
                                              {"fetch.max.wait.ms", "5"},
                                              {"no.such.key", "1"}}),
            (ConfigMap{{"fetch.wait.max.ms", "5"}}));
}

}  // namespace
}  // namespace ksink::kafka
