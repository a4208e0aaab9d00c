# VC-JWT interop with the JS reference (tests/interop/jwt_interop.sh): tokens
# microcred signs verify in `node verify.mjs`, tokens `node sign.mjs --jwt` signs
# verify in microcred, byte-identical output for the same key, tampering rejected
# by both. jwt_tool is the C driver (until `microcred sign/verify --format jwt`).
# Skips (77) when the Node harness is absent (a user's clone has no ../shared).
add_executable(interop_jwt_tool ${CMAKE_CURRENT_LIST_DIR}/jwt_tool.c)
target_link_libraries(interop_jwt_tool PRIVATE mccore)
add_test(NAME interop/jwt
         COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/jwt_interop.sh $<TARGET_FILE:interop_jwt_tool>
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(interop/jwt PROPERTIES
                     ENVIRONMENT "${MC_TEST_ENV}" SKIP_RETURN_CODE 77 TIMEOUT 300)
