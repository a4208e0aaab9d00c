# microcred credential / requirement from the command line (tests/cli/catalogue.sh):
# create from flags and from a JSON file, publish refused with every missing EU
# element listed, bad values and requirement configs refused with specific messages
# and nothing written, published updates kept complete, archive, list filters and
# pages, the OB 3.0 Achievement canonicalizing in safe mode.
add_test(NAME cli/catalogue COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/catalogue.sh
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(cli/catalogue PROPERTIES ENVIRONMENT "${MC_TEST_ENV}" SKIP_RETURN_CODE 77)
