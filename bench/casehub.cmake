# bench_casehub talks HTTP to a real casehub (server/casehub of the same build tree).
target_link_libraries(bench_casehub PRIVATE PkgConfig::CURL)
if(TARGET casehub)
  add_dependencies(bench_casehub casehub)
endif()
