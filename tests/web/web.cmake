# The web server over real HTTP on loopback: `microcred serve` on a free port
# against a temporary demo database, driven with curl.
find_program(MC_CURL_PROGRAM curl)
if(MC_CURL_PROGRAM)
  add_test(NAME web/serve COMMAND sh ${PROJECT_SOURCE_DIR}/tests/web/serve.sh WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(web/serve PROPERTIES ENVIRONMENT "${MC_TEST_ENV}" SKIP_RETURN_CODE 77 TIMEOUT 300)
endif()
