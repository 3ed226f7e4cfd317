# Bounded load test of `ocop serve` on loopback (benchmarks/serve_load.sh, wrk): label slow,
# outside the fast suite. Skipped (77) when wrk or curl is missing.
if(TARGET ocop_cli)
  add_test(NAME serve_load
           COMMAND sh "${PROJECT_SOURCE_DIR}/benchmarks/serve_load.sh" "$<TARGET_FILE:ocop_cli>" 2 2)
  set_tests_properties(serve_load PROPERTIES LABELS "slow" TIMEOUT 180 SKIP_RETURN_CODE 77
                       ENVIRONMENT "CONCS=1 16 64")
endif()
