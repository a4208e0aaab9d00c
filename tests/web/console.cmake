# The issuer console over real HTTP on loopback: `microcred serve` on a free port
# against a temporary demo database, driven with curl as each role.
find_program(MC_CURL_PROGRAM curl)
if(MC_CURL_PROGRAM)
  add_test(NAME web/console COMMAND sh ${PROJECT_SOURCE_DIR}/tests/web/console.sh WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(web/console PROPERTIES ENVIRONMENT "${MC_TEST_ENV}" SKIP_RETURN_CODE 77 TIMEOUT 300)
endif()
