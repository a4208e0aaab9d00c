# Bitstring Status List interop with the JS reference (tests/interop/status_interop.sh):
# lists made by `node statuslist.mjs` read and check in microcred; lists made (and
# signed) by `microcred status` revoke, reinstate and expire in `node verify.mjs
# --status`; both sides reach the same verdict on the same scenarios; `microcred status
# new` writes the same bytes as statuslist.mjs. Skips (77) without the Node harness.
add_test(NAME interop/status COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/status_interop.sh
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(interop/status PROPERTIES
                     ENVIRONMENT "${MC_TEST_ENV}" SKIP_RETURN_CODE 77 TIMEOUT 300)
