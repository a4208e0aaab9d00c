add_test(NAME cli/log COMMAND sh ${PROJECT_SOURCE_DIR}/tests/cli/log.sh WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(cli/log PROPERTIES ENVIRONMENT "${MC_TEST_ENV}" SKIP_RETURN_CODE 77)
# The transparency log's unit test audits over HTTP against the loopback fixture
# (tests/support/http_fixture.cmake defines the library; names resolve at generation).
if(TARGET unit_tlog_log)
  target_link_libraries(unit_tlog_log PRIVATE mc_http_fixture)
endif()
