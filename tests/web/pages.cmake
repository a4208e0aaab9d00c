# The public pages (catalogue search and facets, micro-credential, issuer, badge
# and verify pages, baked badge and certificate downloads) over real HTTP on
# loopback: `microcred serve` on a free port against a demo database, driven with
# curl (tests/web/pages.sh).
find_program(MC_CURL_PROGRAM curl)
if(MC_CURL_PROGRAM)
  add_test(NAME web/pages COMMAND sh ${PROJECT_SOURCE_DIR}/tests/web/pages.sh WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(web/pages PROPERTIES ENVIRONMENT "${MC_TEST_ENV}" SKIP_RETURN_CODE 77 TIMEOUT 300)
endif()
