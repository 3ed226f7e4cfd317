# The WebAssembly module, the scoring form and their tests (docs/embedding-web.md). Opt-in
# (-DOCOP_BUILD_WASM=ON): they need Debian's emscripten, node >= 18 and
# chromium. Labelled "browser" and "slow": not part of the fast suite.
if(OCOP_BUILD_WASM)
  set(ocop_wasm_dir "${CMAKE_BINARY_DIR}/wasm")
  add_custom_target(ocop_wasm ALL
    COMMAND "${PROJECT_SOURCE_DIR}/tools/build-wasm.sh" "${ocop_wasm_dir}"
    USES_TERMINAL
    COMMENT "Building ocop for WebAssembly (tools/build-wasm.sh)")
  find_program(OCOP_NODE node REQUIRED)
  add_test(NAME wasm_node_module
    COMMAND "${OCOP_NODE}" "${CMAKE_CURRENT_SOURCE_DIR}/browser/node_module_test.mjs"
            "${ocop_wasm_dir}/pkg" "$<TARGET_FILE:ocop_cli>"
            "${PROJECT_SOURCE_DIR}/examples/data/sample-national.jsonl")
  add_test(NAME wasm_browser_form
    COMMAND "${OCOP_NODE}"
            "${CMAKE_CURRENT_SOURCE_DIR}/browser/form_test.mjs"
            "${ocop_wasm_dir}/pkg" "$<TARGET_FILE:ocop_cli>" "${CMAKE_CURRENT_BINARY_DIR}/tmp/browser-form")
  set_tests_properties(wasm_node_module wasm_browser_form PROPERTIES LABELS "browser;slow;embedding")
endif()
