# RDFC-1.0 conformance: the W3C rdf-canon suite in tests/vectors/rdf-canon.
add_executable(rdfc_suite ${CMAKE_CURRENT_LIST_DIR}/rdfc_suite.c)
target_include_directories(rdfc_suite PRIVATE ${PROJECT_SOURCE_DIR}/src)
target_link_libraries(rdfc_suite PRIVATE mccore)
add_test(NAME conformance/rdfc COMMAND rdfc_suite ${PROJECT_SOURCE_DIR}/tests/vectors/rdf-canon)
set_tests_properties(conformance/rdfc PROPERTIES ENVIRONMENT "${MC_TEST_ENV}" TIMEOUT 60)
