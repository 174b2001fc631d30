# Shared compiler warnings for project targets (not applied to third-party code).
function(cci_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers)
endfunction()
