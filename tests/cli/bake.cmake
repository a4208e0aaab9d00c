# microcred bake / unbake end to end (tests/cli/bake_cli.sh): round trips through
# `microcred verify`, the 1EdTech and Mozilla bakery samples, corrupt PNGs and
# hostile SVGs (tests/vectors/bake).
add_test(NAME cli/bake COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/bake_cli.sh WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(cli/bake PROPERTIES ENVIRONMENT "${MC_TEST_ENV}" SKIP_RETURN_CODE 77 TIMEOUT 300)
