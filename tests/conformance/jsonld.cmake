# JSON-LD 1.1 conformance: the w3c/json-ld-api expand and toRdf manifests
# (tests/vectors/json-ld-api), run by tests/conformance/jsonld_suite.c.
#
#   build-x/jsonld_suite [-v] [--min-pass PCT] expand|toRdf [ID-SUBSTRING]
add_executable(jsonld_suite ${CMAKE_CURRENT_LIST_DIR}/jsonld_suite.c)
target_link_libraries(jsonld_suite PRIVATE mccore)
set_target_properties(jsonld_suite PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR})

# Negative tests compare JSON-LD error codes once jsonld.h declares
# mc_jsonld_error_code(); before that any error counts. Re-checked when the header changes.
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/include/microcred/jsonld.h)
file(READ ${PROJECT_SOURCE_DIR}/include/microcred/jsonld.h _mc_jsonld_h)
string(FIND "${_mc_jsonld_h}" "mc_jsonld_error_code" _mc_jsonld_has_code)
if(_mc_jsonld_has_code GREATER -1)
  target_compile_definitions(jsonld_suite PRIVATE MC_HAVE_JSONLD_ERROR_CODE=1)
endif()

foreach(_mc_pair "expand;expand" "toRdf;torrdf")
  list(GET _mc_pair 0 _mc_suite)
  list(GET _mc_pair 1 _mc_name)
  add_test(NAME conformance/jsonld-${_mc_name}
           COMMAND jsonld_suite --min-pass 98 ${_mc_suite}
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(conformance/jsonld-${_mc_name} PROPERTIES
                       ENVIRONMENT "${MC_TEST_ENV}" SKIP_RETURN_CODE 77)
endforeach()

# The set mode of mc_jsonld_to_rdf (what canonicalization uses) on the same tests.
add_test(NAME conformance/jsonld-torrdf-as-set
         COMMAND jsonld_suite --min-pass 98 --as-set toRdf
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(conformance/jsonld-torrdf-as-set PROPERTIES
                     ENVIRONMENT "${MC_TEST_ENV}" SKIP_RETURN_CODE 77)
