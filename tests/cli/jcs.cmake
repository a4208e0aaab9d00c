# microcred jcs from the command line: the RFC 8785 vectors byte for byte, and
# one-line errors with exit status 2 for bad input (tests/cli/jcs_*.sh).
add_test(NAME cli/jcs-vectors COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/jcs_vectors.sh
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
add_test(NAME cli/jcs-errors COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/jcs_errors.sh
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(cli/jcs-vectors cli/jcs-errors PROPERTIES
                     ENVIRONMENT "${MC_TEST_ENV}" SKIP_RETURN_CODE 77)
