# Accounts and access control over real HTTP on loopback (tests/web/auth.sh).
find_program(MC_CURL_PROGRAM curl)
if(MC_CURL_PROGRAM)
  add_test(NAME web/auth COMMAND sh ${PROJECT_SOURCE_DIR}/tests/web/auth.sh WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(web/auth PROPERTIES ENVIRONMENT "${MC_TEST_ENV}" SKIP_RETURN_CODE 77 TIMEOUT 300)
endif()
