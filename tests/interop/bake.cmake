# Baked badges against the JS reference (tests/interop/bake_interop.sh): credentials
# signed by node and by microcred, baked into PNG and SVG by microcred and unbaked,
# verify in both; the 1EdTech baked samples get the same verdict from both. Skips (77)
# without the Node harness.
add_test(NAME interop/bake COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/bake_interop.sh WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(interop/bake PROPERTIES ENVIRONMENT "${MC_TEST_ENV}" SKIP_RETURN_CODE 77 TIMEOUT 600)
