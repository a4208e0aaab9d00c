# The learner's pages (dashboard, enrolment, evidence upload, backpack) over real
# HTTP on loopback against a demo database, driven with curl (tests/web/dashboard.sh).
find_program(MC_CURL_PROGRAM curl)
if(MC_CURL_PROGRAM)
  add_test(NAME web/dashboard COMMAND sh ${PROJECT_SOURCE_DIR}/tests/web/dashboard.sh WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(web/dashboard PROPERTIES ENVIRONMENT "${MC_TEST_ENV}" SKIP_RETURN_CODE 77 TIMEOUT 300)
endif()
