add_test(NAME cli/issuer COMMAND sh ${PROJECT_SOURCE_DIR}/tests/cli/issuer.sh WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(cli/issuer PROPERTIES ENVIRONMENT "${MC_TEST_ENV}")
