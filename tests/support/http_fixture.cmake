# The loopback HTTP server used by the network tests (tests/support/http_fixture.h),
# built once and linked into the unit tests that serve documents over HTTP.
add_library(mc_http_fixture STATIC ${PROJECT_SOURCE_DIR}/tests/support/http_fixture.c)
target_include_directories(mc_http_fixture PUBLIC ${PROJECT_SOURCE_DIR}/tests)
target_link_libraries(mc_http_fixture PUBLIC Threads::Threads)
foreach(t unit_vc_fetch unit_vc_resolver_http)
  if(TARGET ${t})
    target_link_libraries(${t} PRIVATE mc_http_fixture)
  endif()
endforeach()
