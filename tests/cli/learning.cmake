add_test(NAME cli/learning COMMAND sh ${PROJECT_SOURCE_DIR}/tests/cli/learning.sh WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(cli/learning PROPERTIES ENVIRONMENT "${MC_TEST_ENV}")
