# ctest driver: `cci eda` on a corpus, then the independent Python reference (tests/reference/eda_reference.py)
# recomputes every number. Variables: CCI, PYTHON, REFERENCE, IN, WORK.
get_filename_component(stem ${IN} NAME_WE)
execute_process(COMMAND ${CCI} eda ${IN} --out ${WORK} RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cci eda failed: ${err}")
endif()
execute_process(COMMAND ${PYTHON} ${REFERENCE} ${IN} ${WORK}/${stem}_summary.json ${WORK}/${stem}_total_utterance_lengths.csv
                RESULT_VARIABLE rc2 OUTPUT_VARIABLE out ERROR_VARIABLE err2)
message(STATUS "${out}${err2}")
if(NOT rc2 EQUAL 0)
  message(FATAL_ERROR "cci eda's numbers differ from the Python reference")
endif()
