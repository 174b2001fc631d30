# One thread pool for libtorch's element-wise kernels and its BLAS. Debian's libtorch runs its own kernels on OpenMP
# (libgomp) and its matrix products through libblas.so.3 - by default OpenBLAS's pthread build, which keeps a second
# pool. On a machine with few cores the two pools spin against each other after every product (measured here: 1.6x
# slower prediction, 1.8x slower training). OpenBLAS's OpenMP build shares libgomp's pool (and runs sequentially
# inside parallel regions), so our executables look for libblas.so.3 there first: an RPATH (not RUNPATH, which
# would not reach libtorch's own dependencies) on the Debian package's directory. Without that package the system's
# libblas.so.3 is used as before; `cci doctor` says which BLAS was loaded.
set(CCI_OPENBLAS_OPENMP_DIR "/usr/lib/${CMAKE_LIBRARY_ARCHITECTURE}/openblas-openmp"
    CACHE PATH "Directory of OpenBLAS's OpenMP build (Debian: libopenblas0-openmp); empty = use the system BLAS")
if(CCI_OPENBLAS_OPENMP_DIR AND EXISTS "${CCI_OPENBLAS_OPENMP_DIR}/libblas.so.3")
  set(CCI_BLAS_OPENMP ON)
  message(STATUS "BLAS: OpenBLAS's OpenMP build from ${CCI_OPENBLAS_OPENMP_DIR} (one thread pool with libtorch)")
  # A linker flag rather than CMake's (BUILD|INSTALL)_RPATH: it stays as it is when installed.
  add_link_options("LINKER:--disable-new-dtags" "LINKER:-rpath,${CCI_OPENBLAS_OPENMP_DIR}")
else()
  set(CCI_BLAS_OPENMP OFF)
  message(WARNING "OpenBLAS's OpenMP build not found (apt install libopenblas0-openmp): libtorch's BLAS keeps a "
                  "thread pool of its own, and CPU training and prediction run markedly slower")
endif()
