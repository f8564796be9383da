// An Avro record schema with every primitive, complex and logical type, for the tests that take
// one value of each through Avro: the JSON encoder's round trip and the end-to-end pipeline.
#pragma once

namespace ksink::test {

inline constexpr char kEverythingAvroSchema[] =
    R"({"type":"record","name":"Everything","namespace":"com.acme","fields":[)"
    R"({"name":"id","type":"string"},{"name":"flag","type":"boolean"},)"
    R"({"name":"count","type":"int"},{"name":"big","type":"long"},)"
    R"({"name":"ratio","type":"float"},{"name":"salary","type":"double"},)"
    R"({"name":"raw","type":"bytes"},{"name":"nothing","type":"null"},)"
    R"({"name":"color","type":{"type":"enum","name":"Color","symbols":["RED","GREEN","BLUE"]}},)"
    R"({"name":"hash","type":{"type":"fixed","name":"Hash","size":4}},)"
    R"({"name":"address","type":{"type":"record","name":"Address","fields":[)"
    R"({"name":"city","type":"string"},{"name":"geo","type":{"type":"record","name":"Geo",)"
    R"("fields":[{"name":"lat","type":"double"},{"name":"lon","type":"double"}]}}]}},)"
    R"({"name":"tags","type":{"type":"array","items":"string"}},)"
    R"({"name":"scores","type":{"type":"map","values":"int"}},)"
    R"({"name":"nickname","type":["null","string"]},)"
    R"({"name":"middle","type":["null","string"],"default":null},)"
    R"({"name":"choice","type":["int","string","Address"]},)"
    R"({"name":"price","type":{"type":"bytes","logicalType":"decimal","precision":10,"scale":2}},)"
    R"({"name":"amount","type":{"type":"fixed","name":"Amount","size":8,"logicalType":"decimal",)"
    R"("precision":18,"scale":4}},)"
    R"({"name":"birthday","type":{"type":"int","logicalType":"date"}},)"
    R"({"name":"alarm","type":{"type":"int","logicalType":"time-millis"}},)"
    R"({"name":"alarm_us","type":{"type":"long","logicalType":"time-micros"}},)"
    R"({"name":"created","type":{"type":"long","logicalType":"timestamp-millis"}},)"
    R"({"name":"created_us","type":{"type":"long","logicalType":"timestamp-micros"}},)"
    R"({"name":"uid","type":{"type":"string","logicalType":"uuid"}}]})";

}  // namespace ksink::test
