# bench_store starts a real casehub through the test helper.
target_sources(bench_store PRIVATE ${CMAKE_SOURCE_DIR}/tests/app/sync/casehub_run.c)
