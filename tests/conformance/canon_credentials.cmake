add_test(NAME conformance/canon-credentials
         COMMAND sh ${PROJECT_SOURCE_DIR}/tests/conformance/canon_credentials.sh
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(conformance/canon-credentials PROPERTIES ENVIRONMENT "${MC_TEST_ENV}")
