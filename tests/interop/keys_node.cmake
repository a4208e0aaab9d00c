# Keys both ways with the JavaScript reference (../shared/interop, run offline):
# keygen.mjs keys sign, microcred verifies; microcred keys sign, Node verifies;
# the harness loads microcred's key files; did:key documents agree. Skips (77)
# when the harness or Node is absent.
add_test(NAME interop/keys COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/keys_node.sh
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(interop/keys PROPERTIES ENVIRONMENT "${MC_TEST_ENV}" SKIP_RETURN_CODE 77)
