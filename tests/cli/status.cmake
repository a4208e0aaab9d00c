# microcred status from the command line (tests/cli/status_cli.sh): new / set / get /
# check on the vectors in tests/vectors/status, reproducing the reference's signed list
# byte for byte, herd-privacy refusal, one-line errors with the right exit statuses.
add_test(NAME cli/status COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/status_cli.sh
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(cli/status PROPERTIES ENVIRONMENT "${MC_TEST_ENV}" SKIP_RETURN_CODE 77)
