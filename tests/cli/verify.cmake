add_test(NAME cli/verify COMMAND sh ${PROJECT_SOURCE_DIR}/tests/cli/verify.sh WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(cli/verify PROPERTIES ENVIRONMENT "${MC_TEST_ENV}")
