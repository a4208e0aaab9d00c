# The JSON API (/api/v1) over real HTTP on loopback: `microcred serve` on a free
# port against a temporary demo database, driven with curl (tests/web/api.sh).
# api_fixture makes the sessions and API tokens the test logs in with.
add_executable(api_fixture ${PROJECT_SOURCE_DIR}/tests/web/api_fixture.c)
target_link_libraries(api_fixture mccore)
find_program(MC_CURL_PROGRAM curl)
if(MC_CURL_PROGRAM)
  add_test(NAME web/api COMMAND sh ${PROJECT_SOURCE_DIR}/tests/web/api.sh WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(web/api PROPERTIES ENVIRONMENT "${MC_TEST_ENV};MC_API_FIXTURE=$<TARGET_FILE:api_fixture>"
                       SKIP_RETURN_CODE 77 TIMEOUT 300)
endif()
