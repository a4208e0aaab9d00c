# microcred jsonld from the command line: expand / torrdf output, safe-mode errors
# naming the JSON path, usage errors (tests/cli/jsonld.sh).
add_test(NAME cli/jsonld COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/jsonld.sh
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(cli/jsonld PROPERTIES ENVIRONMENT "${MC_TEST_ENV}" SKIP_RETURN_CODE 77)
