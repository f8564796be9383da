// jemalloc's settings for ksink (linked in CMakeLists.txt). By default jemalloc keeps freed pages
// for 10 s before giving them back, and a task frees a fetch's worth of records at a time, so
// one task's peak RSS moved between 86 and 133 MB from run to run of bench/redis-throughput.sh
// --tasks 1. Given back after 1 s (and never kept "muzzy"), it stays at 71-74 MB, at the same
// rate and CPU (docs/performance.md "Memory").
//
// jemalloc reads this variable when it starts (its documented `malloc_conf` symbol); MALLOC_CONF
// in the environment still overrides it.
extern "C" {
extern const char* malloc_conf;
const char* malloc_conf = "dirty_decay_ms:1000,muzzy_decay_ms:0";
}
