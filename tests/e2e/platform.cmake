# The issue's end-to-end test: define, enrol, submit, review, record, award, export,
# verify (microcred and the JavaScript reference) — all through the CLI.
add_test(NAME e2e/platform COMMAND sh ${PROJECT_SOURCE_DIR}/tests/e2e/platform.sh WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(e2e/platform PROPERTIES ENVIRONMENT "${MC_TEST_ENV}" SKIP_RETURN_CODE 77)
