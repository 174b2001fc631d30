# ctest driver: `cci vote` and `cci analyze` on the demo dev predictions, checked by the independent Python
# reference (tests/reference/ensemble_reference.py). Variables: CCI, PYTHON, REFERENCE, GOLD, PREDS (|-separated),
# WORK.
string(REPLACE "|" ";" PREDS "${PREDS}")
execute_process(COMMAND ${CCI} vote --submission ${GOLD} ${PREDS} -o ${WORK}/vote.json RESULT_VARIABLE rc1 ERROR_VARIABLE e1 OUTPUT_QUIET)
execute_process(COMMAND ${CCI} analyze --gold ${GOLD} ${PREDS} -o ${WORK}/report.json RESULT_VARIABLE rc2 ERROR_VARIABLE e2 OUTPUT_QUIET)
if(NOT rc1 EQUAL 0 OR NOT rc2 EQUAL 0)
  message(FATAL_ERROR "cci failed: ${e1} ${e2}")
endif()
execute_process(COMMAND ${PYTHON} ${REFERENCE} ${GOLD} ${WORK}/vote.json ${WORK}/report.json ${PREDS}
                RESULT_VARIABLE rc3 OUTPUT_VARIABLE out ERROR_VARIABLE err)
message(STATUS "${out}${err}")
if(NOT rc3 EQUAL 0)
  message(FATAL_ERROR "the workbench's vote or report differs from the Python reference")
endif()
