# Data Integrity proof interop with the JS reference (tests/interop/proof_interop.sh):
# credentials `microcred sign` signs (eddsa-rdfc-2022, eddsa-jcs-2022, did:key and URL
# keys, proof sets) verify in `node verify.mjs`; credentials `node sign.mjs` signs
# verify in microcred (proof_verify, a C driver around mc_proof_verify_all); both sign
# the same bytes for the same key and time; the README's known-answer proofValues are
# reproduced; tampering is rejected by both. Skips (77) without the Node harness.
add_executable(interop_proof_verify ${CMAKE_CURRENT_LIST_DIR}/proof_verify.c)
target_link_libraries(interop_proof_verify PRIVATE mccore)
add_test(NAME interop/proof
         COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/proof_interop.sh $<TARGET_FILE:interop_proof_verify>
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(interop/proof PROPERTIES
                     ENVIRONMENT "${MC_TEST_ENV}" SKIP_RETURN_CODE 77 TIMEOUT 300)
